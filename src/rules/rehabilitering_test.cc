// Known-answer tests for `rehabilitering` on a hand-written event file, imported into both
// backends: decisions by kind and age group, days from FSM2 group 2 to the team meeting, and each
// reform rule's breach on both sides of its date boundary and its deadline (on the day, one day
// late), with exceptions, a retracted decision and "as of". Ages from a table of birth days, and
// once from a real spell store written by the register ingest.
#include "rules/rehabilitering.h"

#include <gtest/gtest.h>

#include "eventstore/backend_test.h"
#include "eventstore/events_file_testing.h"
#include "rules/rule_catalog.h"
#include "table/vocabulary.h"
#include "registry/ingest.h"

namespace fremdrift::cases {
namespace {

EventsFile Scenario() {
  EventsFile f;
  auto v = [&](const char* p, const char* date) {
    f.Add(p, 657, date, "visitation", "project=other");
  };
  // R1: 4-year ressourceforløb on 2021-12-31 (1-5 years allowed) — no breach.
  v("R1", "2021-11-01");
  f.Add("R1", 657, "2021-11-20", "rehab_meeting", "")
      .Add("R1", 657, "2021-12-31", "decision", "kind=ressourceforloeb|years=4");
  // R2: the same on 2022-01-01 (at most 3 years) — breach rf_varighed_2022. An offer on the
  // 6-month day (2022-07-01) meets rf_indsats.
  v("R2", "2021-12-01");
  f.Add("R2", 657, "2021-12-20", "rehab_meeting", "")
      .Add("R2", 657, "2022-01-01", "decision", "kind=ressourceforloeb|years=4")
      .Add("R2", 657, "2022-07-01", "offer_start", "kind=mentor");
  // R3: 2 years from 2022-01-20, no effort by 07-20 and back at the team on 08-20, one day after
  // the 30 days (08-19) — breach rf_indsats_6_maaneder.
  v("R3", "2022-01-01");
  f.Add("R3", 657, "2022-01-10", "rehab_meeting", "")
      .Add("R3", 657, "2022-01-20", "decision", "kind=ressourceforloeb|years=2")
      .Add("R3", 657, "2022-08-20", "rehab_meeting", "");
  // R4 (35): førtidspension without exception — breach fp_under_40. R5 (35): with exception.
  v("R4", "2020-04-01");
  f.Add("R4", 657, "2020-05-01", "rehab_meeting", "")
      .Add("R4", 657, "2020-06-01", "decision", "kind=foertidspension");
  v("R5", "2020-04-01");
  f.Add("R5", 657, "2020-05-01", "rehab_meeting", "")
      .Add("R5", 657, "2020-06-01", "decision", "kind=foertidspension|exception=1");
  // R6 (50): førtidspension without an earlier ressourceforløb — breach fp_over_40_rf_foerst.
  v("R6", "2020-04-01");
  f.Add("R6", 657, "2020-05-01", "rehab_meeting", "")
      .Add("R6", 657, "2020-06-02", "decision", "kind=foertidspension");
  // R7 (50): a first fleksjob, permanent, without a team meeting — two breaches.
  v("R7", "2020-06-01");
  f.Add("R7", 657, "2020-07-01", "decision", "kind=fleksjob|permanent=1");
  // R8 (30): a temporary fleksjob, then a permanent one — breach fleksjob_permanent_40 only.
  v("R8", "2019-06-01");
  f.Add("R8", 657, "2019-07-01", "rehab_meeting", "")
      .Add("R8", 657, "2019-08-01", "decision", "kind=fleksjob")
      .Add("R8", 657, "2020-08-01", "rehab_meeting", "")
      .Add("R8", 657, "2020-08-15", "decision", "kind=fleksjob|permanent=1");
  // R9 / R10 (age unknown): the meeting 365 days before the decision (on the limit) and 366.
  // (Fleksjob: jobafklaring decisions are taken before the team meets and are not checked.)
  v("R9", "2019-08-01");
  f.Add("R9", 657, "2019-09-01", "rehab_meeting", "")
      .Add("R9", 657, "2020-08-31", "decision", "kind=fleksjob");
  v("R10", "2019-08-01");
  f.Add("R10", 657, "2019-09-01", "rehab_meeting", "")
      .Add("R10", 657, "2020-09-01", "decision", "kind=fleksjob");
  // R11 (30): førtidspension on 2020-06-01, retracted on 2020-07-01.
  v("R11", "2020-04-01");
  f.Add("R11", 657, "2020-05-01", "rehab_meeting", "")
      .Add("R11", 657, "2020-06-01", "decision", "kind=foertidspension", "", "", "r11-d")
      .Add("R11", 657, "2020-07-01", "retraction", "", "2020-07-01T08:00:00", "r11-d");
  // FSM2 group 2 → team: W1 30 days, W2 40 days (both meetings in February); W3 waits.
  f.Add("W1", 657, "2020-01-06", "visitation", "project=fsm2|group=2")
      .Add("W1", 657, "2020-02-05", "rehab_meeting", "");
  f.Add("W2", 657, "2020-01-20", "visitation", "project=fsm2|group=2")
      .Add("W2", 657, "2020-02-29", "rehab_meeting", "");
  f.Add("W3", 657, "2020-02-03", "visitation", "project=fsm2|group=2");
  // Helsingør: one 3-year ressourceforløb after a meeting (no breach) for landsplan.
  f.Add("H1", 217, "2020-05-01", "visitation", "project=other")
      .Add("H1", 217, "2020-05-10", "rehab_meeting", "")
      .Add("H1", 217, "2020-06-10", "decision", "kind=ressourceforloeb|years=3");
  return f;
}

BirthDays Births() {
  BirthDays b;
  for (const char* p : {"R1", "R2", "R3", "R8", "R11"}) b[p] = DaysFromCivil(1990, 1, 1);
  for (const char* p : {"R4", "R5"}) b[p] = DaysFromCivil(1985, 3, 1);
  for (const char* p : {"R6", "R7"}) b[p] = DaysFromCivil(1970, 1, 1);
  b["H1"] = DaysFromCivil(1982, 6, 1);
  return b;
}

class RehabiliteringTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (NotReady()) return;
    reference_ = *ReferenceData::LoadEmbedded();
    auto rules = RuleSet::Load("rehabilitering", DefaultRulesDir());
    ASSERT_TRUE(rules.ok()) << rules.status().ToString();
    rules_ = std::move(rules).value();
    births_ = Births();
    query_.reference = &reference_;
    query_.birth_days = &births_;
    ImportEventsForTest(Scenario(), db_->dir(), 0, reference_, *store_, "2022-12-31");
  }
  CaseData Data(const std::string& as_of) {
    auto d = CaseData::Load(*store_, AsOf(*ParseAsOf(as_of)));
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return std::move(d).value();
  }
  // "person:rule" of every breach, sorted.
  static std::vector<std::string> BreachKeys(const Table& t) {
    std::vector<std::string> out;
    for (const auto& row : t.rows())
      out.push_back(CellToString(row[4]) + ":" + CellToString(row[7]));
    std::sort(out.begin(), out.end());
    return out;
  }
  static std::int64_t Count(const Table& t, const std::string& month, const std::string& kommune,
                            const std::string& kind, const std::string& age) {
    for (const auto& row : t.rows()) {
      if (CellToString(row[0]) == month && CellToString(row[1]) == kommune &&
          CellToString(row[3]) == kind && CellToString(row[4]) == age) {
        return std::get<std::int64_t>(row[5]);
      }
    }
    return -1;
  }

  ReferenceData reference_;
  RuleSet rules_;
  BirthDays births_;
  RuleQuery query_;
};

TEST_P(RehabiliteringTest, EveryBreachNamesItsRuleAndNothingElseIsABreach) {
  auto t = RehabBreaches(rules_, Data("2022-12-31"), query_);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(BreachKeys(*t), (std::vector<std::string>{
                                "R10:rehab_moede_foer_afgoerelse", "R2:rf_varighed_2022",
                                "R3:rf_indsats_6_maaneder", "R4:fp_under_40",
                                "R6:fp_over_40_rf_foerst", "R7:fleksjob_foerste_midlertidig",
                                "R7:rehab_moede_foer_afgoerelse", "R8:fleksjob_permanent_40"}));
  for (const auto& row : t->rows()) {
    EXPECT_FALSE(CellToString(row[9]).empty()) << "every breach carries its rule's source";
    if (CellToString(row[4]) == "R4") {
      EXPECT_EQ(CellToString(row[6]), "35");
      EXPECT_EQ(CellToString(row[5]), "foertidspension");
      EXPECT_NE(CellToString(row[9]).find("§ 16"), std::string::npos);
    }
    if (CellToString(row[4]) == "R2") EXPECT_EQ(CellToString(row[5]), "ressourceforloeb (4 år)");
    if (CellToString(row[4]) == "R10") EXPECT_EQ(CellToString(row[6]), "");  // age unknown
  }
  // Aggregate counts for analysts: per month and rule, municipality and landsplan.
  auto counts = RehabBreachCounts(rules_, Data("2022-12-31"), query_);
  ASSERT_TRUE(counts.ok());
  std::int64_t total = 0;
  for (const auto& row : counts->rows()) {
    if (CellToString(row[1]) == "landsplan") total += std::get<std::int64_t>(row[5]);
  }
  EXPECT_EQ(total, 8);
}

TEST_P(RehabiliteringTest, AsOfSeesTheRetractedDecisionAndNotYetTheSixMonthBreach) {
  // As of 2020-06-30 R11's decision still stands (retracted 07-01): an under-40 breach.
  auto before = RehabBreaches(rules_, Data("2020-06-30"), query_);
  ASSERT_TRUE(before.ok());
  EXPECT_EQ(BreachKeys(*before), (std::vector<std::string>{"R11:fp_under_40", "R4:fp_under_40",
                                                           "R6:fp_over_40_rf_foerst"}));
  // R3 could go back to the team up to 2022-08-19 (on the day is in time): as of 08-18 there is
  // no rf_indsats breach yet; as of the end of 08-19 the deadline has passed.
  auto day_before = RehabBreaches(rules_, Data("2022-08-18"), query_);
  ASSERT_TRUE(day_before.ok());
  for (const auto& key : BreachKeys(*day_before)) EXPECT_EQ(key.find("R3:"), std::string::npos);
  auto day_after = RehabBreaches(rules_, Data("2022-08-19"), query_);
  ASSERT_TRUE(day_after.ok());
  auto keys = BreachKeys(*day_after);
  EXPECT_NE(std::find(keys.begin(), keys.end(), "R3:rf_indsats_6_maaneder"), keys.end());
}

// Without a declared horizon the data end with R3's team meeting on 2022-08-20: the decisions
// table has no month after August 2022 and a deadline after that day is no breach.
TEST_P(RehabiliteringTest, NothingAfterTheDataHorizonIsShown) {
  std::vector<Event> events;
  ASSERT_TRUE(store_->ForEachEvent(std::nullopt, [&](Event&& e) { events.push_back(e); }).ok());
  CaseData data = CaseData::FromEvents(events, AsOf(*ParseAsOf("2022-12-31")));
  EXPECT_EQ(IsoDay(data.horizon), "2022-08-20");
  query_.from = MakeMonth(2022, 6);
  auto t = RehabDecisions(rules_, data, query_);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  std::string last;
  for (const auto& row : t->rows()) last = std::max(last, CellToString(row[0]));
  EXPECT_EQ(last, "2022-08");
  bool horizon_note = false;
  for (std::size_t i = 0; i < t->notes().size(); ++i) {
    if (t->note_kinds()[i] == NoteKind::kHorizon) {
      horizon_note = true;
      EXPECT_EQ(t->notes()[i], "Opgjort til og med 2022-08-20.");
    }
  }
  EXPECT_TRUE(horizon_note);
  // The same data declared complete only to 2022-08-18: R3's deadline (08-19) is still open.
  CaseData early =
      CaseData::FromEvents(events, AsOf(*ParseAsOf("2022-12-31")), std::string("2022-08-18"));
  auto breaches = RehabBreaches(rules_, early, query_);
  ASSERT_TRUE(breaches.ok());
  for (const auto& key : BreachKeys(*breaches)) EXPECT_EQ(key.find("R3:"), std::string::npos);
}

TEST_P(RehabiliteringTest, DecisionsByKindAndAgeGroup) {
  auto t = RehabDecisions(rules_, Data("2022-12-31"), query_);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  // June 2020 in Herning: førtidspension R4, R5 (35) and R6 (50); R11 retracted.
  EXPECT_EQ(Count(*t, "2020-06", "657", "foertidspension", "under_40"), 2);
  EXPECT_EQ(Count(*t, "2020-06", "657", "foertidspension", "40_plus"), 1);
  EXPECT_EQ(Count(*t, "2020-06", "657", "foertidspension", "alle"), 3);
  EXPECT_EQ(Count(*t, "2020-06", "657", "ressourceforloeb", "alle"), 0);
  EXPECT_EQ(Count(*t, "2020-06", "217", "ressourceforloeb", "40_plus"), 0);  // H1 is 38
  EXPECT_EQ(Count(*t, "2020-06", "217", "ressourceforloeb", "under_40"), 1);
  EXPECT_EQ(Count(*t, "2020-06", "landsplan", "ressourceforloeb", "alle"), 1);
  EXPECT_EQ(Count(*t, "2020-08", "657", "fleksjob", "ukendt"), 1);  // R9
  EXPECT_EQ(Count(*t, "2020-09", "657", "fleksjob", "ukendt"), 1);  // R10
  EXPECT_EQ(Count(*t, "2021-12", "657", "ressourceforloeb", "under_40"), 1);
  EXPECT_EQ(Count(*t, "2022-01", "landsplan", "ressourceforloeb", "alle"), 2);
}

TEST_P(RehabiliteringTest, DaysFromGroupTwoToTheTeamMeeting) {
  query_.from = MakeMonth(2020, 1);
  query_.to = MakeMonth(2020, 3);
  auto t = RehabWaitingTime(rules_, Data("2022-12-31"), query_);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  std::map<std::string, std::string> rows;  // month → "meetings median mean waiting"
  for (const auto& row : t->rows()) {
    if (CellToString(row[1]) != "657") continue;
    rows[CellToString(row[0])] =
        fmt::format("{} {} {} {}", CellToString(row[3]), CellToString(row[4]), CellToString(row[5]),
                    CellToString(row[6]));
  }
  EXPECT_EQ(rows["2020-01"], "0   2");      // W1 and W2 wait at the end of January
  EXPECT_EQ(rows["2020-02"], "2 35 35 1");  // 30 and 40 days; W3 waits
  EXPECT_EQ(rows["2020-03"], "0   1");
}

TEST_P(RehabiliteringTest, AgesFromARealSpellStore) {
  // A register with R4 (born 1985) and R6 (born 1970), ingested with a key; the events imported
  // with the same key carry the store's pseudonyms.
  const std::string dir = db_->dir();
  std::string reg =
      "lobenr;foedselsdato;koen;kom_2020;y_2001;y_2002\n"
      "R4;1985-03-01;K;657;130;130\nR6;1970-01-01;M;657;130;130\n";
  ASSERT_TRUE(WriteStringToFile(dir + "/register.csv", reg).ok());
  IngestOptions io;
  io.register_path = dir + "/register.csv";
  io.store_path = dir + "/r.store";
  auto ingested = IngestRegister(reference_, io);
  ASSERT_TRUE(ingested.ok()) << ingested.status().ToString();
  auto key = Pseudonymizer::ReadKeyFile(dir + "/r.store.key");
  ASSERT_TRUE(key.ok()) << key.status().ToString();
  Pseudonymizer pseudo(*key);
  auto fresh = TestDatabase::Create(GetParam());
  ASSERT_TRUE(fresh.ok());
  auto store = EventStore::Open(fresh->url());
  ASSERT_TRUE(store.ok());
  EventsFile f;
  for (const char* p : {"R4", "R6"}) {
    f.Add(p, 657, "2020-04-01", "visitation", "project=other")
        .Add(p, 657, "2020-05-01", "rehab_meeting", "")
        .Add(p, 657, "2020-06-01", "decision", "kind=foertidspension");
  }
  std::string path = dir + "/keyed.csv";
  ASSERT_TRUE(WriteStringToFile(path, f.text()).ok());
  ImportOptions options;
  options.reference = &reference_;
  options.pseudonymizer = &pseudo;
  ASSERT_TRUE(ImportEventsFile(path, **store, options).ok());
  auto data = CaseData::Load(**store, std::nullopt);
  ASSERT_TRUE(data.ok());
  auto spells = SpellStore::Open(dir + "/r.store");
  ASSERT_TRUE(spells.ok()) << spells.status().ToString();
  BirthDays births = BirthDaysFromStore(*spells, *data);
  EXPECT_EQ(births.size(), 2u);
  RuleQuery q;
  q.birth_days = &births;
  q.today = DaysFromCivil(2020, 12, 31);
  auto t = RehabBreaches(rules_, *data, q);
  ASSERT_TRUE(t.ok());
  std::vector<std::string> rules;
  for (const auto& row : t->rows()) {
    rules.push_back(CellToString(row[7]));
    EXPECT_EQ(CellToString(row[4]).size(), 32u) << "pseudonyms, not the register's ids";
  }
  std::sort(rules.begin(), rules.end());
  EXPECT_EQ(rules, (std::vector<std::string>{"fp_over_40_rf_foerst", "fp_under_40"}));
}

// Every part of `rehabilitering` names its columns from the column vocabulary
// (docs/formats/table.md), with the month first where it has one.
TEST_P(RehabiliteringTest, EveryPartUsesTheColumnVocabulary) {
  int checked = 0;
  for (const RuleMeasurePart& part : RuleMeasureParts()) {
    if (part.measure != "rehabilitering") continue;
    SCOPED_TRACE(std::string(part.part));
    auto t = part.fn(rules_, Data("2022-12-31"), query_);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    ++checked;
    EXPECT_TRUE(CheckColumnVocabulary(*t).ok()) << CheckColumnVocabulary(*t).ToString();
    EXPECT_EQ(t->note_kinds().size(), t->notes().size());
    if (t->ColumnIndex(col::kPeriode) >= 0) EXPECT_EQ(t->columns()[0].name, col::kPeriode);
  }
  EXPECT_GE(checked, 3);
}

INSTANTIATE_TEST_SUITE_P(Backends, RehabiliteringTest,
                         ::testing::ValuesIn(TestDatabase::Backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fremdrift::cases
