#include "registry/ingest.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "common/file_util.h"
#include "registry/spell_store.h"

namespace fremdrift {
namespace {

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ref_ = std::make_unique<ReferenceData>(*ReferenceData::LoadEmbedded());
    dir_ = ::testing::TempDir() + "/ingest_" + std::to_string(getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf " + dir_ + " && mkdir -p " + dir_).c_str()), 0);
  }
  void TearDown() override { [[maybe_unused]] int rc = std::system(("rm -rf " + dir_).c_str()); }
  Result<IngestReport> Run(const std::string& csv, OnError on_error = OnError::kStop,
                           std::size_t chunk = 1 << 20) {
    EXPECT_TRUE(WriteStringToFile(dir_ + "/r.csv", csv).ok());
    IngestOptions o;
    o.register_path = dir_ + "/r.csv";
    o.store_path = dir_ + "/s.store";
    o.on_error = on_error;
    o.chunk_bytes = chunk;
    return IngestRegister(*ref_, o);
  }
  std::unique_ptr<ReferenceData> ref_;
  std::string dir_;
};

const char kGood[] =
    "\xEF\xBB\xBF"
    "cpr;kom;y_1901;y_1902;y_1903\r\n"
    "0101901234;657;730;730;\r\n"
    "0202801235;217;;890;890\r\n";

TEST_F(IngestTest, WritesStoreKeyAndReport) {
  auto r = Run(kGood);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->rows, 2u);
  EXPECT_EQ(r->persons, 2u);
  EXPECT_EQ(r->spells, 2u);
  EXPECT_TRUE(r->key_created);
  struct stat st;
  ASSERT_EQ(stat((dir_ + "/s.store.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto store = SpellStore::Open(dir_ + "/s.store");
  ASSERT_TRUE(store.ok());
  EXPECT_TRUE(store->Verify().ok());
  // No CPR number in the store, in any form.
  std::string bytes = *ReadFileToString(dir_ + "/s.store");
  EXPECT_EQ(bytes.find("0101901234"), std::string::npos);
  EXPECT_EQ(bytes.find("010190"), std::string::npos);
  std::string text = r->ToText(*ref_);
  EXPECT_NE(text.find("kontanthjaelp"), std::string::npos);
  EXPECT_EQ(text.find("0101901234"), std::string::npos);
  // The same key is reused: pseudonyms stable across ingests.
  Pseudonymizer p(*Pseudonymizer::ReadKeyFile(dir_ + "/s.store.key"));
  EXPECT_EQ(store->FindPerson(p.Of("010190-1234")), 0);
  auto again = Run(kGood);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->key_created);
}

TEST_F(IngestTest, CommaDelimiterAndSmallChunks) {
  std::string csv = "lobenr,kom,y_1901\n";
  for (int i = 0; i < 500; ++i) csv += "P" + std::to_string(i) + ",657,730\n";
  auto r = Run(csv, OnError::kStop, 64);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->persons, 500u);
}

TEST_F(IngestTest, GzipInput) {
  ASSERT_TRUE(WriteStringToFile(dir_ + "/g.csv", kGood).ok());
  ASSERT_EQ(std::system(("gzip -f " + dir_ + "/g.csv").c_str()), 0);
  IngestOptions o;
  o.register_path = dir_ + "/g.csv.gz";
  o.store_path = dir_ + "/g.store";
  auto r = IngestRegister(*ref_, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->persons, 2u);
}

TEST_F(IngestTest, StopsAtFirstBadRowInFileOrder) {
  std::string csv = "lobenr;kom;y_1901\n";
  for (int i = 0; i < 300; ++i) csv += "P" + std::to_string(i) + ";657;730\n";
  csv += "BAD1;657;000\n";  // row 302
  for (int i = 0; i < 300; ++i) csv += "Q" + std::to_string(i) + ";657;730\n";
  csv += "BAD2;657;001\n";
  auto r = Run(csv, OnError::kStop, 128);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(),
            dir_ +
                "/r.csv, row 302, column 'y_1901': '000' is not a benefit code in "
                "reference/dream-codes.csv");
}

TEST_F(IngestTest, FailedIngestLeavesOldStore) {
  ASSERT_TRUE(Run(kGood).ok());
  std::string before = *ReadFileToString(dir_ + "/s.store");
  auto r = Run("cpr;kom;y_1901\n0101901234;657;730\n0101901234;657\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(*ReadFileToString(dir_ + "/s.store"), before);
  // Nothing half-written beside it.
  EXPECT_EQ(std::system(("test $(ls " + dir_ + " | grep -c tmp) -eq 0").c_str()), 0);
}

TEST_F(IngestTest, FirstIngestFailingCreatesNoKey) {
  auto r = Run("cpr;kom;y_1901\n0101901234;657;1\n");
  ASSERT_FALSE(r.ok());
  EXPECT_FALSE(FileExists(dir_ + "/s.store"));
  EXPECT_FALSE(FileExists(dir_ + "/s.store.key"));
}

TEST_F(IngestTest, SkipModeListsRows) {
  auto r =
      Run("cpr;kom;y_1901\n0101901234;657;730\n0101901234;657;890\n3102901234;657;730\n"
          "0303901234;657;99\n",
          OnError::kSkip);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->persons, 1u);
  ASSERT_EQ(r->skipped.size(), 3u);
  EXPECT_EQ(r->skipped[0].row, 3u);
  EXPECT_NE(r->skipped[0].message.find("the same person as row 2"), std::string::npos);
  EXPECT_EQ(r->skipped[1].row, 4u);
  EXPECT_EQ(r->skipped[1].value, "******-****");
  EXPECT_EQ(r->skipped[2].row, 5u);
  EXPECT_EQ(r->ToJson(*ref_).find("3102901234"), std::string::npos);
}

TEST_F(IngestTest, DuplicateStopsByDefault) {
  auto r = Run("cpr;kom;y_1901\n0101901234;657;730\n010190-1234;657;890\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("row 3: the same person as row 2"), std::string::npos);
}

TEST_F(IngestTest, EmptyAndHeaderOnly) {
  EXPECT_FALSE(Run("").ok());
  auto r = Run("cpr;kom;y_1901\n");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->persons, 0u);
}

TEST_F(IngestTest, SkippedRowsAreRecordedInTheStore) {
  // Row 3: duplicate of row 2 (2 coded weeks); row 4: bad CPR (1 coded week); row 5: bad code
  // (1 coded week); row 6: wrong field count (weeks unknown).
  auto r = Run(
      "cpr;kom;y_1901;y_1902\n0101901234;657;730;730\n0101901234;657;890;890\n"
      "3102901234;657;730;\n0303901234;657;99;\n0404901234;657\n",
      OnError::kSkip);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->persons, 1u);
  EXPECT_EQ(r->summary.skipped_rows, 4u);
  EXPECT_EQ(r->summary.skipped_weeks, 4u);
  EXPECT_EQ(r->summary.skipped_rows_unsplit, 1u);
  auto store = SpellStore::Open(dir_ + "/s.store");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(store->ingest_summary().skipped_rows, 4u);
  EXPECT_EQ(store->ingest_summary().skipped_weeks, 4u);
  EXPECT_EQ(store->ingest_summary().skipped_rows_unsplit, 1u);
  EXPECT_NE(r->ToText(*ref_).find("left out             4 rows (persons) with at least 4 coded "
                                  "weeks"),
            std::string::npos)
      << r->ToText(*ref_);
  // Without skipping the store records nothing left out.
  ASSERT_TRUE(Run(kGood).ok());
  EXPECT_EQ(SpellStore::Open(dir_ + "/s.store")->ingest_summary().skipped_rows, 0u);
}

TEST_F(IngestTest, KeptUnknownCodesAreCountedPerCode) {
  ASSERT_TRUE(WriteStringToFile(dir_ + "/r.csv",
                                "cpr;kom;y_1901;y_1902\n0101901234;657;100;730\n"
                                "0202901234;657;100;101\n")
                  .ok());
  IngestOptions o;
  o.register_path = dir_ + "/r.csv";
  o.store_path = dir_ + "/s.store";
  o.unknown_codes = UnknownCodes::kKeep;
  auto r = IngestRegister(*ref_, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->stats.unknown_code_weeks[100], 2u);
  EXPECT_EQ(r->stats.unknown_code_weeks[101], 1u);
  EXPECT_EQ(r->summary.unknown_code_weeks, 3u);
  EXPECT_NE(r->ToJson(*ref_).find("\"100\": 2"), std::string::npos) << r->ToJson(*ref_);
  EXPECT_NE(r->ToText(*ref_).find("code 101 (not in the code list)"), std::string::npos);
  EXPECT_EQ(SpellStore::Open(dir_ + "/s.store")->ingest_summary().unknown_code_weeks, 3u);
}

TEST_F(IngestTest, YearFromFileName) {
  EXPECT_EQ(YearFromFileName("/data/dream2019.csv"), 2019);
  EXPECT_EQ(YearFromFileName("DREAM2021.csv.gz"), 2021);
  EXPECT_EQ(YearFromFileName("dream_2019.csv"), 0);
  EXPECT_EQ(YearFromFileName("dream20190.csv"), 0);
  EXPECT_EQ(YearFromFileName("/dream2019/r.csv"), 0);
  EXPECT_EQ(YearFromFileName("register.csv"), 0);
}

// Two yearly files give the same store contents as one file of the same weeks in the DREAM
// layout: a spell across the year boundary is one spell, a person in one year only has unknown
// residence in the other.
TEST_F(IngestTest, YearlyFilesJoinLikeOneFile) {
  ASSERT_TRUE(WriteStringToFile(dir_ + "/dream2019.csv",
                                "pnr;kom;y_51;y_52\n0101901234;657;;730\n0202801235;217;890;\n")
                  .ok());
  ASSERT_TRUE(WriteStringToFile(dir_ + "/dream2020.csv",
                                "pnr;kom;y_01;y_02\n0101901234;657;730;\n0303701236;661;;111\n")
                  .ok());
  ASSERT_TRUE(WriteStringToFile(dir_ + "/one.csv",
                                "cpr;kom_2019;kom_2020;y_1951;y_1952;y_2001;y_2002\n"
                                "0101901234;657;657;;730;730;\n0202801235;217;;890;;;\n"
                                "0303701236;;661;;;;111\n")
                  .ok());
  IngestOptions o;
  o.register_paths = {dir_ + "/dream2020.csv", dir_ + "/dream2019.csv"};
  o.store_path = dir_ + "/y.store";
  auto yearly = IngestRegister(*ref_, o);
  ASSERT_TRUE(yearly.ok()) << yearly.status().ToString();
  o.key_file = dir_ + "/y.store.key";  // the same pseudonyms
  o.register_paths = {dir_ + "/one.csv"};
  o.store_path = dir_ + "/o.store";
  auto one = IngestRegister(*ref_, o);
  ASSERT_TRUE(one.ok()) << one.status().ToString();
  EXPECT_EQ(yearly->persons, 3u);
  EXPECT_EQ(yearly->rows, 4u);
  EXPECT_EQ(yearly->spells, one->spells);
  EXPECT_EQ(yearly->spells, 3u);  // 730 W52-W01 joined, 890, 111
  EXPECT_EQ(yearly->stats.weeks_by_group, one->stats.weeks_by_group);
  EXPECT_EQ(yearly->stats.persons_unknown_kommune, one->stats.persons_unknown_kommune);
  auto a = SpellStore::Open(o.store_path);
  auto b = SpellStore::Open(dir_ + "/y.store");
  ASSERT_TRUE(a.ok() && b.ok());
  ASSERT_TRUE(b->Verify().ok());
  EXPECT_EQ(a->first_week(), b->first_week());
  EXPECT_EQ(a->last_week(), b->last_week());
  for (std::uint64_t i = 0; i < a->person_count(); ++i) {
    const std::int64_t j = b->FindPerson(a->pseudonym(i));
    ASSERT_GE(j, 0);
    EXPECT_EQ(a->birth_day(i), b->birth_day(j));
    ASSERT_EQ(a->spell_end(i) - a->spell_begin(i), b->spell_end(j) - b->spell_begin(j));
    for (std::uint64_t k = 0; k < a->spell_end(i) - a->spell_begin(i); ++k) {
      const auto sa = a->spell_begin(i) + k, sb = b->spell_begin(j) + k;
      EXPECT_EQ(a->spell_start()[sa], b->spell_start()[sb]);
      EXPECT_EQ(a->spell_last()[sa], b->spell_last()[sb]);
      EXPECT_EQ(a->spell_code()[sa], b->spell_code()[sb]);
      EXPECT_EQ(a->spell_kommune()[sa], b->spell_kommune()[sb]);
    }
    ASSERT_EQ(a->residence_end(i) - a->residence_begin(i), b->residence_end(j) - b->residence_begin(j));
    for (std::uint64_t k = 0; k < a->residence_end(i) - a->residence_begin(i); ++k) {
      EXPECT_EQ(a->residence_start()[a->residence_begin(i) + k],
                b->residence_start()[b->residence_begin(j) + k]);
      EXPECT_EQ(a->residence_kommune()[a->residence_begin(i) + k],
                b->residence_kommune()[b->residence_begin(j) + k]);
    }
  }
}

TEST_F(IngestTest, YearlyFileErrors) {
  ASSERT_TRUE(WriteStringToFile(dir_ + "/a.csv", "pnr;kom;y_01\n0101901234;657;730\n").ok());
  ASSERT_TRUE(WriteStringToFile(dir_ + "/dream2019.csv", "pnr;kom;y_01\n0101901234;657;730\n").ok());
  IngestOptions o;
  o.store_path = dir_ + "/s.store";
  o.register_paths = {dir_ + "/a.csv"};
  auto no_year = IngestRegister(*ref_, o);
  ASSERT_FALSE(no_year.ok());
  EXPECT_EQ(no_year.status().message(),
            dir_ + "/a.csv: week columns y_01..y_53 without a year: give --year or name the "
                   "file dreamYYYY (e.g. dream2019.csv)");
  o.year = 2019;
  o.register_paths = {dir_ + "/dream2019.csv", dir_ + "/a.csv"};
  auto same = IngestRegister(*ref_, o);
  ASSERT_FALSE(same.ok());
  EXPECT_EQ(same.status().message(),
            dir_ + "/dream2019.csv and " + dir_ + "/a.csv: two files for the year 2019");
  o.year = 2020;
  o.register_paths = {dir_ + "/dream2019.csv"};
  auto clash = IngestRegister(*ref_, o);
  ASSERT_FALSE(clash.ok());
  EXPECT_EQ(clash.status().message(),
            dir_ + "/dream2019.csv: the file name gives the year 2019, --year 2020");
  EXPECT_FALSE(FileExists(o.store_path));
}

TEST_F(IngestTest, KeepsHerkomstAndNamedColumns) {
  const std::string csv =
      "cpr;kom;Herkomst;civilstand;y_1901;y_1902\n"
      "0101901234;657;Personer med dansk oprindelse;gift;730;730\n"
      "0202801235;657;Efterkommere fra ikke-vestlige lande;ugift;890;\n"
      "0303701236;657;;gift;111;\n"
      "0404701237;657;Indvandrere fra vestlige lande;;;111\n";
  ASSERT_TRUE(WriteStringToFile(dir_ + "/r.csv", csv).ok());
  IngestOptions o;
  o.register_path = dir_ + "/r.csv";
  o.store_path = dir_ + "/s.store";
  o.chunk_bytes = 64;  // several chunks: their dictionaries are joined
  auto plain = IngestRegister(*ref_, o);
  ASSERT_TRUE(plain.ok()) << plain.status().ToString();
  {
    auto st = SpellStore::Open(o.store_path);
    ASSERT_TRUE(st.ok());
    ASSERT_EQ(st->attribute_count(), 1);  // herkomst only: civilstand was not asked for
    EXPECT_EQ(st->attribute_name(0), "herkomst");
  }
  const std::uint64_t plain_bytes = plain->store_bytes;
  o.keep_columns = {"CivilStand"};
  auto r = IngestRegister(*ref_, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_LE(r->store_bytes, plain_bytes + 128);
  auto st = SpellStore::Open(o.store_path);
  ASSERT_TRUE(st.ok());
  ASSERT_TRUE(st->Verify().ok());
  const int h = st->AttributeIndex("herkomst"), c = st->AttributeIndex("civilstand");
  ASSERT_GE(h, 0);
  ASSERT_GE(c, 0);
  EXPECT_EQ(st->attribute_values(h),
            (std::vector<std::string>{"dansk_oprindelse", "vestlig", "ikke_vestlig"}));
  EXPECT_EQ(st->attribute_values(c), (std::vector<std::string>{"gift", "ugift"}));
  Pseudonymizer p(*Pseudonymizer::ReadKeyFile(dir_ + "/s.store.key"));
  auto person = [&](const char* cpr) { return static_cast<std::uint64_t>(st->FindPerson(p.Of(cpr))); };
  EXPECT_EQ(st->attribute(h, person("0101901234")), 1);
  EXPECT_EQ(st->attribute(h, person("0202801235")), 3);
  EXPECT_EQ(st->attribute(h, person("0303701236")), 0);
  EXPECT_EQ(st->attribute(h, person("0404701237")), 2);
  EXPECT_EQ(st->attribute(c, person("0101901234")), 1);
  EXPECT_EQ(st->attribute(c, person("0202801235")), 2);
  EXPECT_EQ(st->attribute(c, person("0404701237")), 0);
}

TEST_F(IngestTest, KeptColumnErrors) {
  IngestOptions o;
  o.register_path = dir_ + "/r.csv";
  o.store_path = dir_ + "/s.store";
  ASSERT_TRUE(WriteStringToFile(o.register_path,
                                "lobenr;pnr;kom;herkomst;note;y_1901\n"
                                "a1;0101901234;657;dansk;x;730\n"
                                "a2;0202801235;657;Indvandrere;y;730\n")
                  .ok());
  // An unrecognised herkomst names file, row and column.
  auto bad = IngestRegister(*ref_, o);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("r.csv, row 3, column 'herkomst': 'Indvandrere'"),
            std::string::npos)
      << bad.status().message();
  ASSERT_TRUE(WriteStringToFile(o.register_path,
                                "lobenr;pnr;kom;herkomst;note;y_1901\n"
                                "a1;0101901234;657;dansk;x;730\n")
                  .ok());
  // Never a CPR column, even when it is not the id column.
  o.keep_columns = {"pnr"};
  auto cpr = IngestRegister(*ref_, o);
  ASSERT_FALSE(cpr.ok());
  EXPECT_NE(cpr.status().message().find("never kept"), std::string::npos);
  o.keep_columns = {"kom"};
  EXPECT_FALSE(IngestRegister(*ref_, o).ok());
  o.keep_columns = {"a_kasse"};
  auto missing = IngestRegister(*ref_, o);
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("no column 'a_kasse'"), std::string::npos);
  // A CPR-shaped value in a kept column is refused, masked.
  ASSERT_TRUE(WriteStringToFile(o.register_path,
                                "lobenr;kom;note;y_1901\na1;657;0101901234;730\n")
                  .ok());
  o.keep_columns = {"note"};
  auto shaped = IngestRegister(*ref_, o);
  ASSERT_FALSE(shaped.ok());
  EXPECT_EQ(shaped.status().message().find("0101901234"), std::string::npos);
  EXPECT_NE(shaped.status().message().find("column 'note'"), std::string::npos);
}

TEST_F(IngestTest, KeptColumnsJoinAcrossYearlyFiles) {
  ASSERT_TRUE(WriteStringToFile(dir_ + "/dream2019.csv",
                                "pnr;kom;herkomst;y_51;y_52\n0101901234;657;vestlig;;730\n"
                                "0202801235;217;;890;\n")
                  .ok());
  ASSERT_TRUE(WriteStringToFile(dir_ + "/dream2020.csv",
                                "pnr;kom;herkomst;y_01;y_02\n0101901234;657;;730;\n"
                                "0202801235;217;dansk;;111\n")
                  .ok());
  IngestOptions o;
  o.register_paths = {dir_ + "/dream2019.csv", dir_ + "/dream2020.csv"};
  o.store_path = dir_ + "/y.store";
  auto r = IngestRegister(*ref_, o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto st = SpellStore::Open(o.store_path);
  ASSERT_TRUE(st.ok());
  ASSERT_EQ(st->attribute_count(), 1);
  Pseudonymizer p(*Pseudonymizer::ReadKeyFile(o.store_path + ".key"));
  EXPECT_EQ(st->attribute(0, st->FindPerson(p.Of("0101901234"))), 2);  // vestlig, 2019's
  EXPECT_EQ(st->attribute(0, st->FindPerson(p.Of("0202801235"))), 1);  // dansk, 2020's
}

}  // namespace
}  // namespace fremdrift
