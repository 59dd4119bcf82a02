// Import tests on both backends: each validation error names file, line and column; a failed
// import adds nothing; importing a file twice adds nothing the second time.
#include "cases/event_import.h"

#include <gtest/gtest.h>

#include "cases/backend_test.h"
#include "cases/test_database.h"
#include "common/file_util.h"

namespace fremdrift::cases {
namespace {

constexpr const char* kHeader =
    "event_id;person;kommune;date;type;attributes;recorded_by;recorded_at;supersedes\n";

class EventImportTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (NotReady()) return;
    auto ref = ReferenceData::LoadEmbedded();
    ASSERT_TRUE(ref.ok()) << ref.status().ToString();
    reference_ = std::move(ref).value();
    options_.reference = &reference_;
    options_.imported_by = "test";
  }

  Result<ImportReport> Import(const std::string& name, const std::string& body) {
    std::string path = db_->dir() + "/" + name;
    RETURN_IF_ERROR(WriteStringToFile(path, std::string(kHeader) + body));
    return ImportEventsFile(path, *store_, options_);
  }

  // Imports `body` expecting an error that mentions every string in `parts`; nothing is added.
  void ExpectError(const std::string& body, std::vector<std::string> parts) {
    std::int64_t before = *store_->CountEvents();
    auto r = Import("bad.csv", body);
    ASSERT_FALSE(r.ok()) << body;
    for (const auto& part : parts) {
      EXPECT_NE(r.status().message().find(part), std::string::npos)
          << "'" << part << "' not in: " << r.status().message();
    }
    EXPECT_EQ(*store_->CountEvents(), before);
  }

  ReferenceData reference_;
  ImportOptions options_;
};

const std::string kGood =
    "v1;L1;657;2020-01-06;visitation;project=fsm2|group=1;sb1;2020-01-06T09:00:00;\n"
    "j1;L1;657;2020-01-10;jobformidler_assigned;jobformidler=JF;sb1;2020-01-10T09:00:00;\n"
    "t1;L2;217;2019-12-01;target_group_start;project=fsm2;system;2019-12-02T00:00:00;\n";

TEST_P(EventImportTest, ImportsAndListsAFile) {
  auto r = Import("good.csv", kGood);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->rows, 3);
  EXPECT_EQ(r->added, 3);
  auto l1 = store_->EventsOfPersons({"L1"}, std::nullopt);
  ASSERT_TRUE(l1.ok());
  ASSERT_EQ(l1->size(), 2u);
  EXPECT_EQ((*l1)[1].attributes.Get("jobformidler"), "JF");
  std::string csv = EventsToCsv(*l1);
  EXPECT_NE(csv.find("j1;L1;657;2020-01-10;jobformidler_assigned;jobformidler=JF;sb1;"
                     "2020-01-10T09:00:00;"),
            std::string::npos)
      << csv;
}

TEST_P(EventImportTest, SameFileTwiceAddsNothingTwice) {
  ASSERT_TRUE(Import("good.csv", kGood).ok());
  auto again = Import("good.csv", kGood);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->added, 0);
  EXPECT_EQ(again->skipped, 3);
  EXPECT_EQ(*store_->CountEvents(), 3);
  // A repeated row inside one file counts once too.
  auto dup = Import("dup.csv",
                    "v9;L9;657;2020-01-06;visitation;project=haandholdt;sb;2020-01-06T09:00:00;\n"
                    "v9;L9;657;2020-01-06;visitation;project=haandholdt;sb;2020-01-06T09:00:00;\n");
  ASSERT_TRUE(dup.ok()) << dup.status().ToString();
  EXPECT_EQ(dup->added, 1);
}

TEST_P(EventImportTest, RowErrorsNameFileLineAndColumn) {
  const std::string v =
      "v1;L1;657;2020-01-06;visitation;project=fsm2|group=1;sb;2020-01-06T09:00:00;\n";
  ExpectError(v + "x;L1;657;2020-01-07;visit;;sb;2020-01-07T09:00:00;\n",
              {"bad.csv", "line 3", "column type", "unknown event type 'visit'"});
  ExpectError(v + "x;L1;657;2020-02-30;cv_registered;;sb;2020-01-07T09:00:00;\n",
              {"line 3", "column date", "2020-02-30"});
  ExpectError(v + "x;L1;999;2020-01-07;cv_registered;;sb;2020-01-07T09:00:00;\n",
              {"line 3", "column kommune", "unknown municipality 999"});
  ExpectError(v + "x;L1;657;2020-01-07;paid_hours;month=2020-01;sb;2020-01-07T09:00:00;\n",
              {"line 3", "column attributes", "hours"});
  ExpectError(v + "x;L1;657;2020-01-07;cv_registered;;sb;yesterday;\n",
              {"line 3", "column recorded_at"});
  ExpectError(v + "x;L1;657;2020-01-07;cv_registered;;;2020-01-07T09:00:00;\n",
              {"line 3", "column recorded_by"});
  ExpectError(v + "x;0101901234;657;2020-01-07;cv_registered;;sb;2020-01-07T09:00:00;\n",
              {"line 3", "column person", "--key-file"});
}

TEST_P(EventImportTest, CitizenMustBeVisitedFirst) {
  ExpectError("c1;L5;657;2020-01-07;cv_registered;;sb;2020-01-07T09:00:00;\n",
              {"line 2", "column person", "citizen unknown"});
  ExpectError(
      "v1;L5;657;2020-01-06;visitation;project=fsm2|group=1;sb;2020-01-06T09:00:00;\n"
      "c1;L5;657;2020-01-05;cv_registered;;sb;2020-01-07T09:00:00;\n",
      {"line 3", "column date", "before the citizen's visitation on 2020-01-06"});
  // On the day of the visitation is fine, and a visitation already stored counts.
  ASSERT_TRUE(Import("v.csv",
                     "v1;L5;657;2020-01-06;visitation;project=fsm2|group=1;sb;"
                     "2020-01-06T09:00:00;\n")
                  .ok());
  auto r = Import("c.csv", "c1;L5;657;2020-01-06;cv_registered;;sb;2020-01-07T09:00:00;\n");
  EXPECT_TRUE(r.ok()) << r.status().ToString();
}

TEST_P(EventImportTest, ErrorOnLastRowAddsNothing) {
  std::string body;
  for (int i = 0; i < 50; ++i) {
    body += fmt::format(
        "v{};P{};657;2020-01-06;visitation;project=fsm2|group=1;sb;"
        "2020-01-06T09:00:00;\n",
        i, i);
  }
  body += "bad;P1;657;2020-01-07;cv_registered;;sb;2020-01-07T09:00:00;nope\n";
  ExpectError(body, {"line 52", "column supersedes", "'nope'"});
  EXPECT_EQ(*store_->CountEvents(), 0);
}

TEST_P(EventImportTest, SupersedesChecks) {
  ASSERT_TRUE(Import("good.csv", kGood).ok());
  // Correcting another citizen's event is refused.
  ExpectError("s1;L2;217;2019-12-02;target_group_start;project=fsm2;sb;2020-02-01T00:00:00;v1\n",
              {"column supersedes", "another citizen"});
  // A correction recorded before the event it corrects is refused.
  ExpectError(
      "s1;L1;657;2020-01-11;jobformidler_assigned;jobformidler=X;sb;2020-01-01T00:00:00;j1\n",
      {"column recorded_at"});
  auto ok = Import("fix.csv",
                   "s1;L1;657;2020-01-11;jobformidler_assigned;jobformidler=X;sb;"
                   "2020-02-01T00:00:00;j1\n"
                   "r1;L1;657;2020-01-11;retraction;;sb;2020-02-02T00:00:00;s1\n");
  ASSERT_TRUE(ok.ok()) << ok.status().ToString();
  auto events = store_->EventsOfPersons({"L1"}, std::nullopt);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 4u);  // nothing is ever removed
  auto effective = EffectiveEvents(*events);
  ASSERT_EQ(effective.size(), 1u);  // j1 superseded by s1, s1 retracted by r1
  EXPECT_EQ(effective[0].event_id, "v1");
  // As of before the correction, j1 still counts.
  auto before = store_->EventsOfPersons({"L1"}, std::string("2020-01-31T23:59:59"));
  EXPECT_EQ(EffectiveEvents(*before).size(), 2u);
}

TEST_P(EventImportTest, PseudonymisesWithTheKey) {
  Pseudonymizer pseudonymizer(std::string(32, 'k'));
  options_.pseudonymizer = &pseudonymizer;
  auto r = Import("cpr.csv",
                  "v1;010190-1234;657;2020-01-06;visitation;project=fsm2|group=1;sb;"
                  "2020-01-06T09:00:00;\n"
                  "c1;0101901234;657;2020-01-07;cv_registered;;sb;2020-01-07T09:00:00;\n");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  std::string id = PseudonymToHex(pseudonymizer.Of("0101901234"));
  auto events = store_->EventsOfPersons({id}, std::nullopt);
  ASSERT_TRUE(events.ok());
  EXPECT_EQ(events->size(), 2u);  // with and without '-' are the same citizen
  EXPECT_EQ(*store_->CountEvents(), 2);
  EXPECT_EQ(EventsToCsv(*events).find("0101901234"), std::string::npos);
}

TEST_P(EventImportTest, MissingColumnIsNamed) {
  std::string path = db_->dir() + "/nocol.csv";
  ASSERT_TRUE(WriteStringToFile(path, "event_id;person;kommune;date;type\n").ok());
  auto r = ImportEventsFile(path, *store_, options_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("'recorded_by'"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, EventImportTest, ::testing::ValuesIn(TestDatabase::Backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fremdrift::cases
