// The column vocabulary and its documentation (docs/formats/table.md) name the same columns.
#include "table/vocabulary.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace fremdrift {
namespace {

std::string SourceDir() {
  const char* env = std::getenv("FREMDRIFT_SOURCE_DIR");
  return env ? env : FREMDRIFT_SOURCE_DIR_DEFAULT;
}

// The names in the first cell of the rows of the "Column vocabulary" section's tables.
std::set<std::string> DocumentedNames() {
  std::ifstream in(SourceDir() + "/docs/formats/table.md");
  EXPECT_TRUE(in.good()) << "docs/formats/table.md is missing";
  std::set<std::string> names;
  std::string line;
  bool in_section = false;
  const std::regex row(R"(^\| `([a-z0-9_]+)` \|)");
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) in_section = line == "## Column vocabulary";
    std::smatch m;
    if (in_section && std::regex_search(line, m, row)) {
      EXPECT_TRUE(names.insert(m[1]).second) << m[1] << " is documented twice";
    }
  }
  return names;
}

TEST(VocabularyTest, DocumentedExactly) {
  const std::set<std::string> documented = DocumentedNames();
  ASSERT_FALSE(documented.empty());
  for (std::string_view name : ColumnVocabulary()) {
    EXPECT_TRUE(documented.count(std::string(name)))
        << name << " is in table/vocabulary.cc but not in docs/formats/table.md";
  }
  for (const std::string& name : documented) {
    EXPECT_TRUE(InColumnVocabulary(name))
        << name << " is in docs/formats/table.md but not in table/vocabulary.cc";
  }
}

TEST(VocabularyTest, SharedNames) {
  for (const char* name : {col::kPeriode, col::kOmraade, col::kKommune, col::kYdelsesgruppe}) {
    EXPECT_TRUE(InColumnVocabulary(name)) << name;
  }
  // The names the vocabulary replaced are not in it.
  for (const char* old : {"period", "area", "maaned"}) EXPECT_FALSE(InColumnVocabulary(old)) << old;
}

TEST(VocabularyTest, CheckNamesTheStrayColumn) {
  Table ok({{col::kPeriode, ColumnType::kString}, {col::kPersoner, ColumnType::kInteger}});
  EXPECT_TRUE(CheckColumnVocabulary(ok).ok());
  Table bad({{col::kPeriode, ColumnType::kString}, {"period", ColumnType::kString}});
  bad.title = "Forkert";
  Status st = CheckColumnVocabulary(bad);
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("'period'"), std::string::npos) << st.message();
}

}  // namespace
}  // namespace fremdrift
