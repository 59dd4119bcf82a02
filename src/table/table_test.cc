#include "table/table.h"

#include <gtest/gtest.h>

#include <sstream>

#include "table/table_format.h"

namespace fremdrift {
namespace {

Table Sample() {
  Table t({{"periode", ColumnType::kString},
           {"omraade", ColumnType::kString},
           {"v", ColumnType::kNumber, ColumnRole::kValue, "", "", 2},
           {"n", ColumnType::kInteger, ColumnRole::kValue}});
  t.AddRow({std::string("2019-02"), std::string("657"), 1.5, std::int64_t{3}});
  t.AddRow({std::string("2019-01"), std::string("a,b"), std::monostate{}, std::int64_t{1}});
  return t;
}

TEST(TableTest, SortAndCsv) {
  Table t = Sample();
  t.SortBy({"periode"});
  std::ostringstream out;
  WriteTableCsv(t, out);
  EXPECT_EQ(out.str(), "periode,omraade,v,n\n2019-01,\"a,b\",,1\n2019-02,657,1.50,3\n");
}

TEST(TableTest, Json) {
  std::ostringstream out;
  WriteTableJson(Sample(), out);
  EXPECT_NE(out.str().find("\"v\": 1.5"), std::string::npos);
  EXPECT_NE(out.str().find("\"v\": null"), std::string::npos);
  EXPECT_EQ(Sample().ColumnIndex("n"), 3);
  EXPECT_EQ(Sample().ColumnIndex("x"), -1);
}

TEST(TableTest, NotesHaveKinds) {
  Table t = Sample();
  t.AddNote("Forklaring.");
  t.AddNote("Perioder uden for registret er ufuldstændige.", NoteKind::kPreliminary);
  t.AddNote({NoteKind::kRule, "R1: en regel."});
  EXPECT_EQ(t.notes(),
            (std::vector<std::string>{
                "Forklaring.", "Perioder uden for registret er ufuldstændige.", "R1: en regel."}));
  EXPECT_EQ(t.note_kinds(), (std::vector<NoteKind>{NoteKind::kInfo,  // AddNote(text) is info
                                                   NoteKind::kPreliminary, NoteKind::kRule}));
  EXPECT_EQ(t.note(2), (Note{NoteKind::kRule, "R1: en regel."}));
  // JSON: notes stay strings; their kinds are a parallel array.
  std::ostringstream out;
  WriteTableJson(t, out, -1);
  const std::string json = out.str();
  EXPECT_NE(json.find(R"("notes":["Forklaring.","Perioder uden for registret er )"
                      R"(ufuldstændige.","R1: en regel."])"),
            std::string::npos)
      << json;
  EXPECT_NE(json.find(R"("note_kinds":["info","preliminary","rule"])"), std::string::npos) << json;
}

TEST(TableTest, NoteKindNamesRoundTrip) {
  for (NoteKind k : {NoteKind::kInfo, NoteKind::kRule, NoteKind::kPreliminary,
                     NoteKind::kPartialCoverage, NoteKind::kSubstitution, NoteKind::kHorizon,
                     NoteKind::kMissingData}) {
    auto parsed = ParseNoteKind(NoteKindName(k));
    ASSERT_TRUE(parsed.ok()) << NoteKindName(k);
    EXPECT_EQ(*parsed, k);
  }
  EXPECT_EQ(NoteKindName(NoteKind::kPartialCoverage), "partial_coverage");
  EXPECT_FALSE(ParseNoteKind("warning").ok());
  EXPECT_EQ(NoteKindName(NoteKind::kHorizon), "horizon");
  EXPECT_EQ(NoteKindName(NoteKind::kMissingData), "missing_data");
  EXPECT_EQ(HorizonNoteText("2019-12-31"), "Opgjort til og med 2019-12-31.");
}

}  // namespace
}  // namespace fremdrift
