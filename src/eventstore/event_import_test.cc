// Import tests on both backends: each validation error names file, line and column; a failed
// import adds nothing; importing a file twice adds nothing the second time.
#include "eventstore/event_import.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "db/connection.h"
#include "eventstore/backend_test.h"
#include "eventstore/test_database.h"
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

TEST_P(EventImportTest, OnlyTheRecordingMunicipalityCorrectsAnEvent) {
  ASSERT_TRUE(Import("good.csv", kGood).ok());
  // The citizen moves to 217; 217 may not retract or supersede what 657 recorded.
  ASSERT_TRUE(Import("move.csv",
                     "m1;L1;217;2020-03-01;visitation;project=haandholdt;sb;2020-03-01T09:00:00;\n")
                  .ok());
  ExpectError("r1;L1;217;2020-03-02;retraction;;sb;2020-03-02T00:00:00;j1\n",
              {"line 2", "column supersedes", "municipality 657"});
  ExpectError(
      "s1;L1;217;2020-03-02;jobformidler_assigned;jobformidler=X;sb;2020-03-02T00:00:00;j1\n",
      {"line 2", "column supersedes", "municipality 657"});
  // 657 itself may; and 217 may correct its own event.
  auto ok = Import("own.csv",
                   "r1;L1;657;2020-03-02;retraction;;sb;2020-03-02T00:00:00;j1\n"
                   "r2;L1;217;2020-03-02;retraction;;sb;2020-03-02T00:00:00;m1\n");
  EXPECT_TRUE(ok.ok()) << ok.status().ToString();
}

TEST_P(EventImportTest, AppendIsCheckedLikeAnImportWithOneAnswerForForeignTargets) {
  ASSERT_TRUE(Import("good.csv", kGood).ok());
  auto event = [](std::string person, int kommune, std::string type, std::string supersedes) {
    Event e;
    e.event_id = "web-1";
    e.person = std::move(person);
    e.kommune = kommune;
    e.date = DaysFromCivil({2020, 2, 1});
    e.type = *ParseEventType(type);
    e.recorded_by = "sb";
    e.recorded_at = "2020-02-01T10:00:00";
    e.supersedes = std::move(supersedes);
    return e;
  };
  Status missing = CheckAppendAgainstStore(event("L1", 657, "retraction", "nope"), *store_);
  Status other_citizen = CheckAppendAgainstStore(event("L2", 217, "retraction", "v1"), *store_);
  Status other_kommune = CheckAppendAgainstStore(event("L2", 657, "retraction", "t1"), *store_);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.message().rfind("supersedes: ", 0), 0u) << missing.message();
  EXPECT_EQ(other_citizen.message(), missing.message());
  EXPECT_EQ(other_kommune.message(), missing.message());
  EXPECT_EQ(missing.message().find("nope"), std::string::npos);
  EXPECT_TRUE(CheckAppendAgainstStore(event("L1", 657, "retraction", "j1"), *store_).ok());
  // Citizen known: a conversation needs a visitation; a visitation does not.
  Event conversation = event("NEW1", 657, "conversation", "");
  conversation.attributes.Set("kind", "jobsamtale");
  Status unknown = CheckAppendAgainstStore(conversation, *store_);
  EXPECT_NE(unknown.message().find("person: citizen unknown"), std::string::npos)
      << unknown.message();
  Event visit = event("NEW1", 657, "visitation", "");
  visit.attributes.Set("project", "haandholdt");
  EXPECT_TRUE(CheckAppendAgainstStore(visit, *store_).ok());
}

TEST_P(EventImportTest, FieldSizesAndCharactersAreLimited) {
  const std::string v =
      "v1;L1;657;2020-01-06;visitation;project=fsm2|group=1;sb;2020-01-06T09:00:00;\n";
  const std::string row_tail = ";L1;657;2020-01-07;cv_registered;;sb;2020-01-07T09:00:00;\n";
  ExpectError(v + std::string(65, 'a') + row_tail, {"line 3", "column event_id", "64"});
  ASSERT_TRUE(Import("id64.csv", v + std::string(64, 'a') + row_tail).ok());
  ExpectError(v + "a b" + row_tail, {"line 3", "column event_id", "only letters"});
  ExpectError(v + "-a" + row_tail, {"line 3", "column event_id", "start with a letter or a digit"});
  ExpectError(v + "x;L1;657;2020-01-07;cv_registered;;sb;2020-01-07T09:00:00;" +
                  std::string(65, 's') + "\n",
              {"line 3", "column supersedes", "64"});
  ExpectError(v + "x;L1;657;2020-01-07;cv_registered;;" + std::string(101, 'r') +
                  ";2020-01-07T09:00:00;\n",
              {"line 3", "column recorded_by", "100 bytes"});
  ExpectError(v + "x;L1;657;2020-01-07;company_contact;company=" + std::string(501, 'c') +
                  ";sb;2020-01-07T09:00:00;\n",
              {"line 3", "column attributes", "company", "500 bytes"});
  ASSERT_TRUE(Import("c500.csv", v + "y;L1;657;2020-01-07;company_contact;company=" +
                                     std::string(500, 'c') + ";sb;2020-01-07T09:00:00;\n")
                  .ok());
  ExpectError(std::string("w;") + std::string(65, 'p') +
                  ";657;2020-01-06;visitation;project=other;sb;2020-01-06T09:00:00;\n",
              {"line 2", "column person", "64"});
  // Municipality 000 is not a municipality.
  ExpectError("w;L9;000;2020-01-06;visitation;project=other;sb;2020-01-06T09:00:00;\n",
              {"line 2", "column kommune", "unknown municipality 000"});
}

TEST_P(EventImportTest, InvalidUtf8IsRefusedAtTheDoor) {
  const std::string v =
      "v1;L1;657;2020-01-06;visitation;project=fsm2|group=1;sb;2020-01-06T09:00:00;\n";
  ExpectError(v + "x;L1;657;2020-01-07;caseworker_assigned;caseworker=Bad\xff\xfeName;sb;"
                  "2020-01-07T09:00:00;\n",
              {"line 3", "column attributes", "not valid UTF-8"});
  ExpectError(v + "x;L1;657;2020-01-07;cv_registered;;J\xc3\x28rn;2020-01-07T09:00:00;\n",
              {"line 3", "column recorded_by", "not valid UTF-8"});
  // Well-formed Danish text is fine.
  auto ok = Import("utf8.csv", v + "x;L1;657;2020-01-07;caseworker_assigned;"
                                   "caseworker=S\xc3\xb8ren \xc3\x86rl\xc3\xb8;"
                                   "J\xc3\xb8rgen;2020-01-07T09:00:00;\n");
  EXPECT_TRUE(ok.ok()) << ok.status().ToString();
}

TEST_P(EventImportTest, CprShapedValuesAreRefusedAndNeverEchoed) {
  const std::string v =
      "v1;L1;657;2020-01-06;visitation;project=fsm2|group=1;sb;2020-01-06T09:00:00;\n";
  struct Case {
    std::string row;
    std::string column;
  };
  const std::vector<Case> cases = {
      {"0101901234-1;L1;657;2020-01-07;cv_registered;;sb;2020-01-07T09:00:00;\n", "event_id"},
      {"x;L1;657;2020-01-07;cv_registered;;0101901234;2020-01-07T09:00:00;\n", "recorded_by"},
      {"x;L1;657;2020-01-07;cv_registered;;sb;2020-01-07T09:00:00;010190-1234\n", "supersedes"},
      {"x;L1;657;2020-01-07;company_contact;company=Firma CPR 010190-1234;sb;"
       "2020-01-07T09:00:00;\n",
       "attributes"},
      {"x;L1;657;2020-01-07;job_goal_set;goal=ring0101901234nu;sb;2020-01-07T09:00:00;\n",
       "attributes"},
      // Echoed values of other columns are masked too.
      {"x;L1;657;0101901234;cv_registered;;sb;2020-01-07T09:00:00;\n", "date"},
      {"x;L1;657;2020-01-07;conversation;kind=0101901234;sb;2020-01-07T09:00:00;\n",
       "attributes"},
  };
  for (const Case& c : cases) {
    std::int64_t before = *store_->CountEvents();
    auto r = Import("cpr.csv", v + c.row);
    ASSERT_FALSE(r.ok()) << c.row;
    const std::string m = r.status().message();
    EXPECT_NE(m.find("line 3, column " + c.column), std::string::npos) << m;
    EXPECT_EQ(m.find("0101901234"), std::string::npos) << m;
    EXPECT_EQ(m.find("010190-1234"), std::string::npos) << m;
    EXPECT_EQ(*store_->CountEvents(), before);
  }
}

TEST_P(EventImportTest, TheSimulatorsIdsAreNotCprNumbers) {
  // The simulator names events <person>-NNNN with a register id S + 9 digits.
  auto r = Import("sim.csv",
                  "S000000271-0001;S000000271;657;2019-01-07;visitation;project=other;sim-K657;"
                  "2019-01-07T08:00:00;\n"
                  "S000000271-0002;S000000271;657;2019-01-09;conversation;kind=jobsamtale;"
                  "sim-K657;2019-01-09T15:13:00;\n"
                  "S999999999-9999;S999999999;217;2019-01-07;benefit_start;group=kontanthjaelp;"
                  "sim-K217;2019-01-07T08:00:00;\n");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->added, 3);
}

TEST_P(EventImportTest, FormulaLikeIdsAreRefusedSoTheExportReadsBack) {
  ExpectError("v1;L1;657;2020-01-06;visitation;project=other;=cmd|' /C calc'!A0;"
              "2020-01-06T09:00:00;\n",
              {"bad.csv: line 2, column recorded_by:", "formula"});
  ExpectError("v1;-L1;657;2020-01-06;visitation;project=other;sb1;2020-01-06T09:00:00;\n",
              {"bad.csv: line 2, column person:", "formula"});
  ExpectError("@v1;L1;657;2020-01-06;visitation;project=other;sb1;2020-01-06T09:00:00;\n",
              {"bad.csv: line 2, column event_id:", "start with a letter or a digit"});
  ExpectError("v1;L1;657;2020-01-06;visitation;project=other;sb1;2020-01-06T09:00:00;+v0\n",
              {"bad.csv: line 2, column supersedes:", "start with a letter or a digit"});
  // What is accepted is written back unchanged, and reads back as the same events.
  ASSERT_TRUE(Import("ok.csv", kGood).ok());
  auto events = store_->EventsOfPersons({"L1", "L2"}, std::nullopt);
  ASSERT_TRUE(events.ok());
  auto again = ParseEvents(EventsToCsv(*events), "again.csv", options_);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  ASSERT_EQ(again->events.size(), events->size());
  for (std::size_t i = 0; i < events->size(); ++i) {
    EXPECT_TRUE(again->events[i].SameContent((*events)[i])) << i;
  }
}

TEST_P(EventImportTest, CsvExportDefusesFormulas) {
  // Events that did not come through an import (an older store) are still written safely.
  Event e;
  e.event_id = "v1";
  e.person = "L1";
  e.kommune = 657;
  e.date = DaysFromCivil({2020, 1, 6});
  e.type = EventType::kVisitation;
  e.recorded_at = "2020-01-06T09:00:00";
  std::vector<Event> events;
  for (const char* by : {"=cmd|' /C calc'!A0", "@SUM(1+1)", "+x"}) {
    e.recorded_by = by;
    events.push_back(e);
  }
  const std::string csv = EventsToCsv(events);
  EXPECT_NE(csv.find(";657;2020-01-06;visitation;;'=cmd|' /C calc'!A0;"), std::string::npos)
      << csv;
  EXPECT_NE(csv.find(";'@SUM(1+1);"), std::string::npos) << csv;
  EXPECT_NE(csv.find(";'+x;"), std::string::npos) << csv;
  // Numbers stay numbers: the municipality code is not prefixed.
  EXPECT_EQ(csv.find("'657"), std::string::npos) << csv;
}

TEST_P(EventImportTest, MissingColumnIsNamed) {
  std::string path = db_->dir() + "/nocol.csv";
  ASSERT_TRUE(WriteStringToFile(path, "event_id;person;kommune;date;type\n").ok());
  auto r = ImportEventsFile(path, *store_, options_);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("'recorded_by'"), std::string::npos);
}

// A file parsed in many small pieces (on several threads) gives the same events, in file order,
// and the same errors as in one piece: the first malformed line anywhere, else the first invalid
// row, with its own line number.
TEST_P(EventImportTest, PiecesParseLikeOneDocument) {
  std::string body;
  for (int i = 0; i < 300; ++i) {
    body += fmt::format(
        "v{};P{};657;2020-01-06;visitation;project=fsm2|group=1;sb;2020-01-06T09:00:00;\n", i,
        i % 70);
    if (i % 50 == 0) body += "\n";  // blank lines count as lines
  }
  const std::string text = std::string(kHeader) + body;
  ImportOptions one = options_, many = options_;
  one.parse_piece_bytes = text.size() * 2;
  many.parse_piece_bytes = 100;
  auto a = ParseEvents(text, "p.csv", one);
  auto b = ParseEvents(text, "p.csv", many);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(b.ok()) << b.status().ToString();
  ASSERT_EQ(a->events.size(), 300u);
  ASSERT_EQ(b->events.size(), 300u);
  EXPECT_EQ(a->lines, b->lines);
  for (std::size_t i = 0; i < a->events.size(); ++i) {
    EXPECT_TRUE(a->events[i].SameContent(b->events[i])) << i;
  }
  EXPECT_EQ(b->lines.back(), 2 + 300 + 6 - 1);  // header, 300 rows, 6 blank lines
  // An invalid row far into the file, and a malformed line after it.
  std::string bad = text + "x;P1;657;2020-01-07;visit;;sb;2020-01-07T09:00:00;\n";
  auto row_error = ParseEvents(bad, "p.csv", many);
  ASSERT_FALSE(row_error.ok());
  EXPECT_NE(row_error.status().message().find("p.csv: line 308, column type"), std::string::npos)
      << row_error.status().message();
  bad += "v;P1;657\n";
  auto csv_error = ParseEvents(bad, "p.csv", many);
  ASSERT_FALSE(csv_error.ok());
  EXPECT_NE(csv_error.status().message().find("p.csv, line 309: 3 fields, the header has 9"),
            std::string::npos)
      << csv_error.status().message();
  auto same = ParseEvents(bad, "p.csv", one);
  ASSERT_FALSE(same.ok());
  EXPECT_EQ(same.status().message(), csv_error.status().message());
}

// A first import large enough to take the bulk path (the store builds its indexes after the rows)
// is found by person and by id afterwards, and importing it again adds nothing.
TEST_P(EventImportTest, LargeFirstImportIsIdempotent) {
  std::string body;
  for (int p = 0; p < 3000; ++p) {
    body += fmt::format(
        "v{0};B{0};657;2020-01-06;visitation;project=fsm2|group=1;sb;2020-01-06T09:00:00;\n"
        "c{0};B{0};657;2020-01-08;cv_registered;;sb;2020-01-08T09:00:00;\n"
        "j{0};B{0};657;2020-01-09;jobformidler_assigned;jobformidler=JF;sb;2020-01-09T09:00:00;\n"
        "h{0};B{0};657;2020-02-01;paid_hours;month=2020-01|hours=12;sb;2020-02-01T09:00:00;\n",
        p);
  }
  options_.parse_piece_bytes = 64 << 10;
  auto r = Import("large.csv", body);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->added, 12000);
  auto b7 = store_->EventsOfPersons({"B7"}, std::nullopt);
  ASSERT_TRUE(b7.ok());
  ASSERT_EQ(b7->size(), 4u);
  EXPECT_EQ((*b7)[0].event_id, "v7");
  EXPECT_EQ((*b7)[3].event_id, "h7");
  auto again = Import("large.csv", body);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->added, 0);
  EXPECT_EQ(again->skipped, 12000);
  // A correction of one of them is checked against the stored events.
  auto fix = Import("fix.csv",
                    "c7b;B7;657;2020-01-08;cv_registered;;sb;2020-03-01T09:00:00;c7\n");
  ASSERT_TRUE(fix.ok()) << fix.status().ToString();
  EXPECT_EQ(*store_->CountEvents(), 12001);
}

// `persons` citizens of four events each, the ids ascending as an export's do (the pipelined path
// into an empty store), one event corrected by a later one.
std::string AscendingBody(int persons) {
  std::string body;
  for (int p = 0; p < persons; ++p) {
    body += fmt::format(
        "e{0:05d}a;A{0};657;2020-01-06;visitation;project=fsm2|group=1;sb;2020-01-06T09:00:00;\n"
        "e{0:05d}b;A{0};657;2020-01-08;cv_registered;;sb;2020-01-08T09:00:00;\n"
        "e{0:05d}c;A{0};657;2020-01-08;cv_registered;;\"s;b\";2020-01-10T09:00:00;e{0:05d}b\n"
        "e{0:05d}d;A{0};657;2020-02-01;paid_hours;month=2020-01|hours=12;sb;2020-02-01T09:00:00;\n",
        p);
    if (p % 1000 == 0) body += "\n";
  }
  return body;
}

// The store's imports rows (added, skipped) and how many of the events table's two secondary
// indexes it has.
struct StoreShape {
  std::vector<std::pair<std::int64_t, std::int64_t>> imports;
  std::int64_t secondary_indexes = 0;
};
StoreShape ShapeOf(const std::string& url) {
  StoreShape shape;
  auto conn = db::Connection::Open(url);
  EXPECT_TRUE(conn.ok()) << conn.status().ToString();
  if (!conn.ok()) return shape;
  auto q = (*conn)->Prepare("SELECT added, skipped FROM imports ORDER BY id");
  EXPECT_TRUE(q.ok());
  for (;;) {
    auto row = (*q)->Step();
    if (!row.ok() || !*row) break;
    shape.imports.emplace_back((*q)->ColumnInt64(0), (*q)->ColumnInt64(1));
  }
  auto ix = (*conn)->Prepare(
      (*conn)->backend() == db::Backend::kSqlite
          ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN "
            "('events_person', 'events_recorded_at')"
          : "SELECT COUNT(*) FROM pg_indexes WHERE tablename = 'events' AND indexname IN "
            "('events_person', 'events_recorded_at')");
  EXPECT_TRUE(ix.ok());
  auto row = (*ix)->Step();
  if (row.ok() && *row) shape.secondary_indexes = (*ix)->ColumnInt64(0);
  return shape;
}

// Into an empty store, a file of many pieces whose ids ascend is inserted piece by piece while
// the rest is parsed: the stored rows are the file's, in its order, the import is recorded with
// its counts, the indexes are back, and a second import adds nothing.
TEST_P(EventImportTest, PipelinedImportStoresTheFileInOrder) {
  const std::string body = AscendingBody(3000);
  options_.parse_piece_bytes = 16 << 10;
  auto r = Import("asc.csv", body);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->rows, 12000);
  EXPECT_EQ(r->added, 12000);
  EXPECT_EQ(r->skipped, 0);
  ImportOptions one = options_;
  one.parse_piece_bytes = 1 << 30;
  auto parsed = ParseEvents(std::string(kHeader) + body, "asc.csv", one);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  std::vector<Event> stored;
  ASSERT_TRUE(store_->ForEachEvent(std::nullopt, [&](Event&& e) { stored.push_back(std::move(e)); })
                  .ok());
  std::sort(stored.begin(), stored.end(),
            [](const Event& a, const Event& b) { return a.seq < b.seq; });
  ASSERT_EQ(stored.size(), parsed->events.size());
  for (std::size_t i = 0; i < stored.size(); ++i) {
    ASSERT_TRUE(stored[i].SameContent(parsed->events[i])) << i << " " << stored[i].event_id;
    ASSERT_EQ(stored[i].seq, static_cast<std::int64_t>(i) + 1);
  }
  StoreShape shape = ShapeOf(db_->url());
  ASSERT_EQ(shape.imports.size(), 1u);
  EXPECT_EQ(shape.imports[0], std::make_pair(std::int64_t{12000}, std::int64_t{0}));
  EXPECT_EQ(shape.secondary_indexes, 2);
  auto again = Import("asc.csv", body);
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->added, 0);
  EXPECT_EQ(again->skipped, 12000);
  EXPECT_EQ(*store_->CountEvents(), 12000);
  auto b7 = store_->EventsOfPersons({"A7"}, std::nullopt);
  ASSERT_TRUE(b7.ok());
  EXPECT_EQ(b7->size(), 4u);
}

// Errors found after earlier pieces were inserted (an invalid row, a malformed line, a failed
// store check, a repeated id in the last piece) are the whole-file path's errors, and the store
// is as it was: no events, no import recorded, its indexes in place.
TEST_P(EventImportTest, PipelinedImportErrorsLeaveTheStoreAsItWas) {
  const std::string body = AscendingBody(3000);
  options_.parse_piece_bytes = 16 << 10;
  const int last = 1 + 12000 + 3;  // header, rows, 3 blank lines
  ExpectError(body + "f00000;A1;657;2020-01-07;visit;;sb;2020-01-07T09:00:00;\n",
              {fmt::format("bad.csv: line {}, column type", last + 1)});
  ExpectError(body + "f00000;A1;657\n",
              {fmt::format("bad.csv, line {}: 3 fields, the header has 9", last + 1)});
  ExpectError(body + "f00000;Z1;657;2020-01-07;cv_registered;;sb;2020-01-07T09:00:00;\n",
              {fmt::format("bad.csv: line {}, column person", last + 1), "citizen unknown"});
  ExpectError(body + "f00000;A1;657;2020-01-07;cv_registered;;sb;2020-01-07T09:00:00;x\n",
              {fmt::format("bad.csv: line {}, column supersedes", last + 1)});
  ExpectError(body + "e00001b;A1;657;2020-01-09;cv_registered;;sb;2020-01-09T09:00:00;\n",
              {fmt::format("bad.csv: line {}, column event_id", last + 1), "used on line"});
  // An event before its citizen's visitation, which comes later in the file.
  ExpectError("a0;A1;657;2020-01-05;cv_registered;;sb;2020-01-05T09:00:00;\n" + body,
              {"bad.csv: line 2, column date", "before the citizen's visitation"});
  StoreShape shape = ShapeOf(db_->url());
  EXPECT_TRUE(shape.imports.empty());
  EXPECT_EQ(shape.secondary_indexes, 2);
  // The same rows once more with a repeat of identical content: the whole-file path stores them.
  auto r = Import("asc.csv", body + "e00001b;A1;657;2020-01-08;cv_registered;;sb;2020-01-08T09:00:00;\n");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->added, 12000);
  EXPECT_EQ(r->skipped, 1);
}

// Repeated ids are found whether or not the file's ids ascend (an ascending file takes a shorter
// path): the same event again is stored once, another event under a used id is an error with both
// lines.
TEST_P(EventImportTest, RepeatedIdsAreFoundInAnyOrder) {
  const std::string v1 = "a1;R1;657;2020-01-06;visitation;project=fsm2|group=1;sb;2020-01-06T09:00:00;\n";
  const std::string c1 = "b1;R1;657;2020-01-08;cv_registered;;sb;2020-01-08T09:00:00;\n";
  const std::string c1_other = "b1;R1;657;2020-01-09;cv_registered;;sb;2020-01-09T09:00:00;\n";
  // Ascending with a repeat (not strictly ascending), descending with a repeat.
  ExpectError(v1 + c1 + c1_other, {"bad.csv: line 4, column event_id", "used on line 3"});
  ExpectError(c1 + v1 + c1_other, {"bad.csv: line 4, column event_id", "used on line 2"});
  auto same = Import("same.csv", v1 + c1 + c1);
  ASSERT_TRUE(same.ok()) << same.status().ToString();
  EXPECT_EQ(same->rows, 3);
  EXPECT_EQ(same->added, 2);
  EXPECT_EQ(same->skipped, 1);
  // Strictly ascending ids into a store that holds some of them: those are skipped.
  auto more = Import("more.csv", v1 + c1 +
                                     "d1;R1;657;2020-01-10;cv_registered;;sb;2020-01-10T09:00:00;\n");
  ASSERT_TRUE(more.ok()) << more.status().ToString();
  EXPECT_EQ(more->added, 1);
  EXPECT_EQ(more->skipped, 2);
  EXPECT_EQ(*store_->CountEvents(), 3);
}

// A person id unescaped from quotes (its text is not a view of the file) is stored as given on
// every row, however many rows name it.
TEST_P(EventImportTest, QuotedPersonIdsKeepTheirValue) {
  std::string body;
  for (int i = 0; i < 5; ++i) {
    body += fmt::format(
        "q{};\"Q\"\"{}\";657;2020-01-06;visitation;project=fsm2|group=1;sb;2020-01-06T09:00:00;\n",
        i, i % 2);
  }
  auto parsed = ParseEvents(std::string(kHeader) + body, "q.csv", options_);
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->events.size(), 5u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(parsed->events[static_cast<std::size_t>(i)].person, fmt::format("Q\"{}", i % 2));
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, EventImportTest, ::testing::ValuesIn(TestDatabase::Backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fremdrift::cases
