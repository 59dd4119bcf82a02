#include "registry/spell_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace fremdrift {
namespace {

// Rewrites a store's version and header size in place, as an older fremdrift wrote them.
void WriteVersion(const std::string& path, std::uint32_t version, std::uint32_t header_bytes) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(8);
  f.write(reinterpret_cast<const char*>(&version), 4);
  f.write(reinterpret_cast<const char*>(&header_bytes), 4);
}

PersonBatch TwoPersons(const Pseudonymizer& p) {
  PersonBatch b;
  b.pseudonyms = {p.Of("A"), p.Of("B")};
  b.birth_days = {DaysFromCivil(1980, 1, 2), kUnknownBirth};
  b.sexes = {1, 2};
  b.rows = {2, 3};
  b.spell_start = {0, 5, 1};
  b.spell_end = {3, 9, 1};
  b.spell_code = {730, 890, 111};
  b.spell_kommune = {657, 657, 0};
  b.spell_ends = {2, 3};
  b.residence_start = {0, 0};
  b.residence_kommune = {657, 0};
  b.residence_ends = {1, 2};
  return b;
}

TEST(SpellStoreTest, RoundTrip) {
  Pseudonymizer p("k");
  std::string path = ::testing::TempDir() + "/store_rt_" + std::to_string(getpid());
  auto bytes = WriteSpellStore(path, TwoPersons(p), 100, 120);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto st = SpellStore::Open(path);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_TRUE(st->Verify().ok());
  EXPECT_EQ(st->file_size(), *bytes);
  EXPECT_EQ(st->person_count(), 2u);
  EXPECT_EQ(st->spell_count(), 3u);
  EXPECT_EQ(st->first_week(), 100);
  EXPECT_EQ(st->last_week(), 120);
  EXPECT_EQ(st->spell_begin(1), 2u);
  EXPECT_EQ(st->spell_end(1), 3u);
  EXPECT_EQ(st->spell_code()[1], 890);
  EXPECT_EQ(st->birth_day(1), kUnknownBirth);
  EXPECT_EQ(st->sex(0), Sex::kMan);
  EXPECT_EQ(st->FindPerson(p.Of("B")), 1);
  EXPECT_EQ(st->FindPerson(p.Of("A")), 0);
  EXPECT_EQ(st->FindPerson(p.Of("C")), -1);
  unlink(path.c_str());
}

TEST(SpellStoreTest, EmploymentRunsRoundTrip) {
  Pseudonymizer p("k");
  std::string path = ::testing::TempDir() + "/store_emp_" + std::to_string(getpid());
  PersonBatch b = TwoPersons(p);
  // Employment columns 2019-01 .. 2019-12; A employed in February-March and in June, B never.
  b.employment_start = {1, 5};
  b.employment_last = {2, 5};
  b.employment_ends = {2, 2};
  EmploymentCoverage cover{EmploymentSource::kGrad, MakeMonth(2019, 1), MakeMonth(2019, 12)};
  ASSERT_TRUE(WriteSpellStore(path, b, 100, 120, cover).ok());
  auto st = SpellStore::Open(path);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_TRUE(st->Verify().ok());
  EXPECT_EQ(st->employment_run_count(), 2u);
  EXPECT_EQ(st->employment().source, EmploymentSource::kGrad);
  EXPECT_FALSE(st->EmployedInMonth(0, MakeMonth(2019, 1)));
  EXPECT_TRUE(st->EmployedInMonth(0, MakeMonth(2019, 2)));
  EXPECT_TRUE(st->EmployedInMonth(0, MakeMonth(2019, 3)));
  EXPECT_FALSE(st->EmployedInMonth(0, MakeMonth(2019, 4)));
  EXPECT_TRUE(st->EmployedInMonth(0, MakeMonth(2019, 6)));
  EXPECT_FALSE(st->EmployedInMonth(0, MakeMonth(2020, 2)));  // not covered
  EXPECT_FALSE(st->EmployedInMonth(1, MakeMonth(2019, 2)));
  // Without employment columns: no coverage, nobody employed.
  ASSERT_TRUE(WriteSpellStore(path, TwoPersons(p), 100, 120).ok());
  auto none = SpellStore::Open(path);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->employment().present());
  EXPECT_FALSE(none->EmployedInMonth(0, MakeMonth(2019, 2)));
  unlink(path.c_str());
}

TEST(SpellStoreTest, MemoMakesOnceOnlyWhenEnabled) {
  Pseudonymizer p("k");
  std::string path = ::testing::TempDir() + "/store_memo_" + std::to_string(getpid());
  ASSERT_TRUE(WriteSpellStore(path, TwoPersons(p), 100, 120).ok());
  auto st = SpellStore::Open(path);
  ASSERT_TRUE(st.ok());
  int made = 0;
  auto make = [&] { return std::shared_ptr<const void>(std::make_shared<int>(++made)); };
  st->Memo("a", make);
  st->Memo("a", make);
  EXPECT_EQ(made, 2);  // not enabled: made every time
  st->EnableMemo();
  auto a1 = st->Memo("a", make);
  auto a2 = st->Memo("a", make);
  auto b = st->Memo("b", make);
  EXPECT_EQ(a1, a2);
  EXPECT_EQ(*static_cast<const int*>(a1.get()), 3);
  EXPECT_EQ(*static_cast<const int*>(b.get()), 4);
  unlink(path.c_str());
}

TEST(SpellStoreTest, RejectsDamage) {
  Pseudonymizer p("k");
  std::string path = ::testing::TempDir() + "/store_dmg_" + std::to_string(getpid());
  ASSERT_TRUE(WriteSpellStore(path, TwoPersons(p), 100, 120).ok());
  ASSERT_EQ(truncate(path.c_str(), 200), 0);
  EXPECT_EQ(SpellStore::Open(path).status().code(), StatusCode::kDataLoss);
  {
    std::ofstream f(path, std::ios::trunc);
    f << "cpr;kom;y_1901\n";
  }
  EXPECT_EQ(SpellStore::Open(path).status().code(), StatusCode::kDataLoss);
  unlink(path.c_str());
  EXPECT_EQ(SpellStore::Open(path).status().code(), StatusCode::kNotFound);
}

TEST(SpellStoreTest, IngestSummaryRoundTripAndVersion2) {
  Pseudonymizer p("k");
  std::string path = ::testing::TempDir() + "/store_sum_" + std::to_string(getpid());
  IngestSummary sum{3, 7, 1, 4};
  ASSERT_TRUE(WriteSpellStore(path, TwoPersons(p), 100, 120, {}, sum).ok());
  {
    auto st = SpellStore::Open(path);
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    EXPECT_EQ(st->ingest_summary().skipped_rows, 3u);
    EXPECT_EQ(st->ingest_summary().skipped_weeks, 7u);
    EXPECT_EQ(st->ingest_summary().skipped_rows_unsplit, 1u);
    EXPECT_EQ(st->ingest_summary().unknown_code_weeks, 4u);
  }
  // The same file as version 2 wrote it: version 2, a header ending before the summary (the
  // 15 sections end at byte 320). Read, with a summary of zeros.
  auto patch = [&](std::uint32_t version, std::uint32_t header_bytes) {
    WriteVersion(path, version, header_bytes);
  };
  patch(2, 320);
  {
    auto st = SpellStore::Open(path);
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    EXPECT_TRUE(st->Verify().ok());
    EXPECT_EQ(st->person_count(), 2u);
    EXPECT_EQ(st->ingest_summary().skipped_rows, 0u);
  }
  patch(1, 320);
  auto old = SpellStore::Open(path);
  ASSERT_FALSE(old.ok());
  EXPECT_EQ(old.status().message(),
            path + ": spell store version 1, this fremdrift reads versions 2 to 5; ingest the "
                   "register again");
  patch(3, 320);  // a version-3 header of version-2 length is damaged
  EXPECT_EQ(SpellStore::Open(path).status().code(), StatusCode::kDataLoss);
  unlink(path.c_str());
}

TEST(SpellStoreTest, KeptColumnsRoundTrip) {
  Pseudonymizer p("k");
  std::string path = ::testing::TempDir() + "/store_attr_" + std::to_string(getpid());
  PersonBatch b = TwoPersons(p);
  b.attributes = {{"herkomst", {"dansk_oprindelse", "vestlig", "ikke_vestlig"}, {3, 0}},
                  {"civilstand", {"gift", "ugift"}, {2, 1}}};
  auto bytes = WriteSpellStore(path, b, 100, 120);
  ASSERT_TRUE(bytes.ok()) << bytes.status().ToString();
  auto st = SpellStore::Open(path);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_TRUE(st->Verify().ok());
  ASSERT_EQ(st->attribute_count(), 2);
  EXPECT_EQ(st->AttributeIndex("herkomst"), 0);
  EXPECT_EQ(st->AttributeIndex("civilstand"), 1);
  EXPECT_EQ(st->AttributeIndex("cpr"), -1);
  EXPECT_EQ(st->attribute_values(0),
            (std::vector<std::string>{"dansk_oprindelse", "vestlig", "ikke_vestlig"}));
  EXPECT_EQ(st->attribute(0, 0), 3);
  EXPECT_EQ(st->attribute(0, 1), 0);
  EXPECT_EQ(st->attribute_name(1), "civilstand");
  EXPECT_EQ(st->attribute_values(1), (std::vector<std::string>{"gift", "ugift"}));
  EXPECT_EQ(st->attribute(1, 0), 2);
  EXPECT_EQ(st->attribute(1, 1), 1);
  // Without kept columns: the dictionary and one byte a person less (each section padded to 64).
  std::string plain = path + "_plain";
  auto plain_bytes = WriteSpellStore(plain, TwoPersons(p), 100, 120);
  ASSERT_TRUE(plain_bytes.ok());
  EXPECT_LE(*bytes, *plain_bytes + 3 * 64);
  EXPECT_EQ(SpellStore::Open(plain)->attribute_count(), 0);
  unlink(plain.c_str());
  unlink(path.c_str());
}

TEST(SpellStoreTest, Version3StoreOpensWithoutKeptColumns) {
  Pseudonymizer p("k");
  std::string path = ::testing::TempDir() + "/store_v3_" + std::to_string(getpid());
  IngestSummary sum{3, 7, 1, 4};
  ASSERT_TRUE(WriteSpellStore(path, TwoPersons(p), 100, 120, {}, sum).ok());
  // As version 3 wrote it: version 3 and a header ending after the ingest summary (byte 352); the
  // bytes of the version-4 fields are the padding before the first section.
  WriteVersion(path, 3, 352);
  auto st = SpellStore::Open(path);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_TRUE(st->Verify().ok());
  EXPECT_EQ(st->person_count(), 2u);
  EXPECT_EQ(st->ingest_summary().skipped_rows, 3u);
  EXPECT_EQ(st->attribute_count(), 0);
  EXPECT_EQ(st->AttributeIndex("herkomst"), -1);
  unlink(path.c_str());
}

TEST(SpellStoreTest, CodeListRoundTripAndVersion4) {
  Pseudonymizer p("k");
  std::string path = ::testing::TempDir() + "/store_codes_" + std::to_string(getpid());
  const std::string list = "code,meaning,ydelsesgruppe,indsats,match,bruttoledig\n"
                           "730,Kontanthjælp,kontanthjaelp,,aktivitetsparat,0\n";
  ASSERT_TRUE(WriteSpellStore(path, TwoPersons(p), 100, 120, {}, {}, list).ok());
  {
    auto st = SpellStore::Open(path);
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    EXPECT_TRUE(st->Verify().ok());
    EXPECT_EQ(st->code_list(), list);
  }
  // As version 4 wrote it: a header ending before the code list (byte 392). Read, without one.
  WriteVersion(path, 4, 392);
  auto st = SpellStore::Open(path);
  ASSERT_TRUE(st.ok()) << st.status().ToString();
  EXPECT_EQ(st->person_count(), 2u);
  EXPECT_TRUE(st->code_list().empty());
  unlink(path.c_str());
}

}  // namespace
}  // namespace fremdrift
