// Known-answer tests for the pools' measurements on hand-written event files, imported through the
// real importer into both backends: every FSM2 indicator, the payout tiers at exactly 15 % and
// 20 %, exemption, supersede and "as of", caseload caps, and deadlines on the day / a day late.
#include "models/pool_measure.h"

#include <gtest/gtest.h>

#include "eventstore/backend_test.h"
#include "eventstore/event_import.h"
#include "eventstore/test_database.h"
#include "common/file_util.h"
#include "table/vocabulary.h"

namespace fremdrift::cases {
namespace {

constexpr const char* kHeader =
    "event_id;person;kommune;date;type;attributes;recorded_by;recorded_at;supersedes\n";

// Builds an events file row by row with fresh ids.
class EventsFile {
 public:
  EventsFile& Add(const std::string& person, int kommune, const std::string& date,
                  const std::string& type, const std::string& attrs,
                  const std::string& recorded_at = "", const std::string& supersedes = "",
                  const std::string& id = "") {
    std::string event_id = id.empty() ? fmt::format("ev{}", next_++) : id;
    text_ += fmt::format("{};{};{:03d};{};{};{};sb;{};{}\n", event_id, person, kommune, date, type,
                         attrs, recorded_at.empty() ? date + "T12:00:00" : recorded_at, supersedes);
    return *this;
  }
  std::string text() const { return std::string(kHeader) + text_; }

 private:
  std::string text_;
  int next_ = 1;
};

class PoolMeasureTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (NotReady()) return;
    reference_ = *ReferenceData::LoadEmbedded();
    query_.reference = &reference_;
  }

  // `data_as_of`: the import's --as-of (the data's horizon), or empty.
  void Import(const EventsFile& file, const std::string& data_as_of = "") {
    std::string path = db_->dir() + fmt::format("/events{}.csv", files_++);
    ASSERT_TRUE(WriteStringToFile(path, file.text()).ok());
    ImportOptions options;
    options.reference = &reference_;
    options.imported_by = "test";
    options.data_as_of = data_as_of;
    auto r = ImportEventsFile(path, *store_, options);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
  }

  EffortModel Model(const std::string& id) {
    auto m = EffortModel::Load(id, DefaultModelsDir());
    EXPECT_TRUE(m.ok()) << m.status().ToString();
    return std::move(m).value();
  }

  CaseData Data(const std::string& as_of = "") {
    auto d = CaseData::Load(*store_, as_of.empty() ? AsOf() : AsOf(*ParseAsOf(as_of)));
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return std::move(d).value();
  }

  ReferenceData reference_;
  PoolQuery query_;
  int files_ = 0;
};

// "num/den" of an indicator row.
std::string Cell3(const Table& t, const std::string& month, const std::string& kommune,
                  const std::string& indicator) {
  for (const auto& row : t.rows()) {
    if (std::get<std::string>(row[0]) == month && std::get<std::string>(row[1]) == kommune &&
        std::get<std::string>(row[3]) == indicator) {
      return fmt::format("{}/{}", std::get<std::int64_t>(row[5]), std::get<std::int64_t>(row[6]));
    }
  }
  return "missing";
}

// The FSM2 scenario of docs/cases.md ("known answers"): Herning, March 2020.
EventsFile Fsm2Scenario() {
  EventsFile f;
  for (const char* p : {"A", "B", "C", "D", "E", "F", "G", "H", "I", "J", "K"}) {
    f.Add(p, 657, "2019-12-01", "target_group_start", "project=fsm2");
  }
  f.Add("A", 657, "2020-01-10", "visitation", "project=fsm2|group=1")
      .Add("A", 657, "2020-01-15", "jobformidler_assigned", "jobformidler=JF")
      .Add("A", 657, "2020-03-05", "placement_start", "kind=virksomhedspraktik")
      .Add("A", 657, "2020-04-02", "paid_hours", "month=2020-03|hours=35");
  f.Add("B", 657, "2020-01-10", "visitation", "project=fsm2|group=1")
      .Add("B", 657, "2020-02-01", "job_goal_set", "goal=lager");
  f.Add("C", 657, "2020-01-10", "visitation", "project=fsm2|group=1")
      .Add("C", 657, "2020-01-12", "jobformidler_assigned", "")
      .Add("C", 657, "2020-04-02", "paid_hours", "month=2020-03|hours=10", "", "", "c-hours");
  f.Add("D", 657, "2020-01-10", "visitation", "project=fsm2|group=2");
  f.Add("E", 657, "2020-01-10", "visitation", "project=fsm2|group=1")
      .Add("E", 657, "2020-02-15", "exemption_start", "reason=sygdom");
  f.Add("G", 657, "2020-02-01", "visitation", "project=social");
  // H leaves benefit for a job on 20 February and works 120 hours in March: under STAR's rule he
  // stays in group 1 (only moving, death or folkepension take anyone out) and counts positively.
  f.Add("H", 657, "2020-01-10", "visitation", "project=fsm2|group=1")
      .Add("H", 657, "2020-02-20", "visitation_end", "project=fsm2|reason=job")
      .Add("H", 657, "2020-04-02", "paid_hours", "month=2020-03|hours=120");
  f.Add("I", 657, "2020-02-01", "citizen_leaves", "reason=moved");
  f.Add("J", 657, "2020-03-01", "exemption_start", "reason=barsel");
  f.Add("K", 657, "2020-03-10", "visitation", "project=fsm2|group=1")
      .Add("K", 657, "2020-03-15", "education_start", "kind=su");
  return f;
}

TEST_P(PoolMeasureTest, Fsm2EveryIndicatorHasItsKnownAnswer) {
  Import(Fsm2Scenario());
  EffortModel model = Model("fsm2");
  auto t = PoolIndicators(model, Data(), query_);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  // See the scenario: den. of 1 = A B C D F G H K (E, J exempt with one of the 13 marks; I
  // moved); group 1 = A B C H K (H's visitation ended for a job: he stays).
  EXPECT_EQ(Cell3(*t, "2020-03", "657", "1"), "7/8");
  EXPECT_EQ(Cell3(*t, "2020-03", "657", "2"), "2/5");           // A, C
  EXPECT_EQ(Cell3(*t, "2020-03", "657", "3"), "1/5");           // A
  EXPECT_EQ(Cell3(*t, "2020-03", "657", "4"), "3/5");           // A 35 h, C 10 h, H 120 h
  EXPECT_EQ(Cell3(*t, "2020-03", "657", "5"), "2/5");           // A, H
  EXPECT_EQ(Cell3(*t, "2020-03", "657", "6"), "1/5");           // B: clarified, nothing else
  EXPECT_EQ(Cell3(*t, "2020-03", "657", "7"), "2/5");           // H job, K education; E exempt
  EXPECT_EQ(Cell3(*t, "2020-03", "657", "udbetaling"), "4/5");  // A, C, H hours; K SU education
  // H counts in group 1 in February too, after his visitation ended on the 20th (no hours yet).
  EXPECT_EQ(Cell3(*t, "2020-02", "657", "4"), "0/4");  // A B C H (E exempt from 15 Feb); K later
  // Landsplan equals Herning when Herning is the only municipality.
  EXPECT_EQ(Cell3(*t, "2020-03", "landsplan", "1"), "7/8");
  // E counts in group 1 in January, before the exemption.
  EXPECT_EQ(Cell3(*t, "2020-01", "657", "2"), "2/5");  // A, C of A B C E H
  // Shares are percentages.
  for (const auto& row : t->rows()) {
    if (std::get<std::string>(row[0]) == "2020-03" && std::get<std::string>(row[3]) == "1" &&
        std::get<std::string>(row[1]) == "657") {
      EXPECT_DOUBLE_EQ(std::get<double>(row[7]), 87.5);
    }
  }
}

TEST_P(PoolMeasureTest, Fsm2AsOfAndSupersede) {
  Import(Fsm2Scenario());
  // A correction recorded on 5 April: C worked 40 hours in March, not 10.
  EventsFile fix;
  fix.Add("C", 657, "2020-04-05", "paid_hours", "month=2020-03|hours=40", "2020-04-05T10:00:00",
          "c-hours", "c-hours-fix");
  Import(fix);
  EffortModel model = Model("fsm2");
  auto now = PoolIndicators(model, Data(), query_);
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(Cell3(*now, "2020-03", "657", "5"), "3/5");  // A, H and the corrected C
  auto before_fix = PoolIndicators(model, Data("2020-04-04"), query_);
  EXPECT_EQ(Cell3(*before_fix, "2020-03", "657", "5"), "2/5");
  EXPECT_EQ(Cell3(*before_fix, "2020-03", "657", "4"), "3/5");
  // Before the March hours were recorded at all (2 April), nobody had hours in March.
  auto before_hours = PoolIndicators(model, Data("2020-04-01"), query_);
  EXPECT_EQ(Cell3(*before_hours, "2020-03", "657", "4"), "0/5");
  // As of a day inside a month, that month is measured up to that day and later months are not.
  auto mid = PoolIndicators(model, Data("2020-03-12"), query_);
  EXPECT_EQ(Cell3(*mid, "2020-03", "657", "2"), "2/5");  // K visited on the 10th counts
  EXPECT_EQ(Cell3(*mid, "2020-04", "657", "2"), "missing");
}

// Herning: 20 in group 1, 2 with hours in February, 3 in March (exactly 15 %). Helsingør: 20 in
// group 1, 4 with hours in March (exactly 20 %). Frederikssund (250): 1 of 7 (14.3 %).
EventsFile TierScenario() {
  EventsFile f;
  auto group = [&](int kommune, int n, int feb_hours, int mar_hours) {
    for (int i = 0; i < n; ++i) {
      std::string p = fmt::format("T{}_{}", kommune, i);
      f.Add(p, kommune, "2020-01-06", "visitation", "project=fsm2|group=1");
      if (i < feb_hours) f.Add(p, kommune, "2020-03-02", "paid_hours", "month=2020-02|hours=8");
      if (i < mar_hours) f.Add(p, kommune, "2020-04-02", "paid_hours", "month=2020-03|hours=8");
    }
  };
  group(657, 20, 2, 3);
  group(217, 20, 0, 4);
  group(250, 7, 1, 0);
  return f;
}

std::vector<Cell> PayoutRow(const Table& t, const std::string& kommune) {
  for (const auto& row : t.rows()) {
    if (std::get<std::string>(row[0]) == kommune) return row;
  }
  return {};
}

TEST_P(PoolMeasureTest, Fsm2PayoutTiersAtExactly15And20Percent) {
  Import(TierScenario());
  EffortModel model = Model("fsm2");
  auto t = PoolPayout(model, Data(), query_);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  auto herning = PayoutRow(*t, "657");
  ASSERT_FALSE(herning.empty());
  EXPECT_EQ(std::get<std::string>(herning[2]), "2020-03");
  EXPECT_EQ(std::get<std::int64_t>(herning[3]), 3);
  EXPECT_EQ(std::get<std::int64_t>(herning[4]), 20);
  EXPECT_DOUBLE_EQ(std::get<double>(herning[7]), 15.0);
  EXPECT_EQ(std::get<std::int64_t>(herning[8]), 2235074);
  EXPECT_EQ(std::get<std::int64_t>(herning[9]), 1117537);  // 50 %
  EXPECT_EQ(std::get<std::int64_t>(herning[10]), 894030);  // 40 % (rounded)
  EXPECT_EQ(std::get<std::int64_t>(herning[11]), 1117537 + 894030);
  auto helsingoer = PayoutRow(*t, "217");
  ASSERT_FALSE(helsingoer.empty());
  EXPECT_DOUBLE_EQ(std::get<double>(helsingoer[7]), 20.0);
  EXPECT_EQ(std::get<std::int64_t>(helsingoer[11]), 3616800);  // the whole grant
  auto frederikssund = PayoutRow(*t, "250");
  ASSERT_FALSE(frederikssund.empty());
  EXPECT_EQ(std::get<std::string>(frederikssund[6]), "intet trin nået");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(frederikssund[7]));
  EXPECT_TRUE(std::holds_alternative<std::monostate>(frederikssund[8]));  // no grant known
  // As of before the March hours: Herning's best month is February, 10 %: no tier, interim only.
  auto early = PoolPayout(model, Data("2020-04-01"), query_);
  ASSERT_TRUE(early.ok());
  auto h = PayoutRow(*early, "657");
  EXPECT_EQ(std::get<std::string>(h[2]), "2020-02");
  EXPECT_TRUE(std::holds_alternative<std::monostate>(h[7]));
  EXPECT_EQ(std::get<std::int64_t>(h[11]), 1117537);
}

TEST_P(PoolMeasureTest, HaandholdtDeadlinesOnTheDayAndOneDayLate) {
  EventsFile f;
  auto start = [&](const std::string& p, const std::string& day) {
    f.Add(p, 657, day, "visitation", "project=haandholdt")
        .Add(p, 657, day, "decision", "kind=ressourceforloeb|years=2");
  };
  start("ontime", "2020-01-10");
  f.Add("ontime", 657, "2020-01-24", "conversation", "kind=foerste");  // day 14
  start("late", "2020-01-10");
  f.Add("late", 657, "2020-01-25", "conversation", "kind=foerste");  // day 15
  start("none", "2020-01-10");
  start("plan_ok", "2020-01-31");
  f.Add("plan_ok", 657, "2020-02-29", "plan", "goal=job|job_directed=1");  // month end clamp
  start("plan_late", "2020-01-31");
  f.Add("plan_late", 657, "2020-03-01", "plan", "goal=job|job_directed=1");
  f.Add("plan_late", 657, "2020-02-10", "plan", "goal=|job_directed=0");  // not job-directed
  Import(f);
  EffortModel model = Model("haandholdt");
  query_.from = MakeMonth(2020, 1);
  query_.to = MakeMonth(2020, 3);
  auto t = PoolDeadlines(model, Data("2020-03-31"), query_);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  std::map<std::string, std::string> status;
  for (const auto& row : t->rows()) {
    status[std::get<std::string>(row[0]) + ":" + std::get<std::string>(row[3])] =
        std::get<std::string>(row[8]);
  }
  EXPECT_EQ(status["foerste_samtale:ontime"], "overholdt");
  EXPECT_EQ(status["foerste_samtale:late"], "for_sent");
  EXPECT_EQ(status["foerste_samtale:none"], "overskredet");
  EXPECT_EQ(status["jobrettet_plan:plan_ok"], "overholdt");
  EXPECT_EQ(status["jobrettet_plan:plan_late"], "for_sent");
  // As of the deadline day itself, a deadline without a conversation is still open.
  auto on_day = PoolDeadlines(model, Data("2020-01-24"), query_);
  for (const auto& row : on_day->rows()) {
    if (std::get<std::string>(row[3]) == "none" &&
        std::get<std::string>(row[0]) == "foerste_samtale") {
      EXPECT_EQ(std::get<std::string>(row[8]), "aaben");
    }
  }
  auto day_after = PoolDeadlines(model, Data("2020-01-25"), query_);
  for (const auto& row : day_after->rows()) {
    if (std::get<std::string>(row[3]) == "none" &&
        std::get<std::string>(row[0]) == "foerste_samtale") {
      EXPECT_EQ(std::get<std::string>(row[8]), "overskredet");
      EXPECT_EQ(std::get<std::int64_t>(row[7]), 1);
    }
  }
}

TEST_P(PoolMeasureTest, HaandholdtCaseloadAgainstCapAndPassiveShare) {
  EventsFile f;
  auto cases = [&](const std::string& worker, int n) {
    for (int i = 0; i < n; ++i) {
      std::string p = fmt::format("{}{}", worker, i);
      f.Add(p, 657, "2019-01-01", "visitation", "project=haandholdt")
          .Add(p, 657, "2019-01-01", "decision", "kind=ressourceforloeb|years=3")
          .Add(p, 657, "2019-01-02", "caseworker_assigned",
               fmt::format("caseworker={}|role=koordinerende", worker));
      if (i == 0) f.Add(p, 657, "2019-03-01", "mentor_start", "");
    }
  };
  cases("X", 36);
  cases("Y", 31);
  cases("Z", 30);
  // Less than a year in ressourceforløb on 31 Jan 2020: not in the passive denominator.
  f.Add("new", 657, "2019-06-01", "visitation", "project=haandholdt")
      .Add("new", 657, "2019-06-01", "decision", "kind=ressourceforloeb|years=1");
  Import(f, "2020-01-31");  // the data reach January 2020, although the last event is of June 2019
  EffortModel model = Model("haandholdt");
  query_.from = query_.to = MakeMonth(2020, 1);
  auto t = PoolCaseload(model, Data(), query_);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  std::map<std::string, std::string> status;
  for (const auto& row : t->rows()) {
    status[std::get<std::string>(row[3])] =
        fmt::format("{} {}", std::get<std::int64_t>(row[4]), std::get<std::string>(row[7]));
  }
  EXPECT_EQ(status["X"], "36 over loft");
  EXPECT_EQ(status["Y"], "31 over advarselsgrænse");
  EXPECT_EQ(status["Z"], "30 ok");
  auto ind = PoolIndicators(model, Data(), query_);
  ASSERT_TRUE(ind.ok());
  EXPECT_EQ(Cell3(*ind, "2020-01", "657", "passive"), "94/97");  // 3 with a mentor
}

// Every pool table names its columns from the column vocabulary (docs/formats/table.md), with the
// period first, and every model's source is a rule note.
TEST_P(PoolMeasureTest, EveryTableUsesTheColumnVocabulary) {
  Import(Fsm2Scenario());
  using Fn = Result<Table> (*)(const EffortModel&, const CaseData&, const PoolQuery&);
  const std::pair<const char*, Fn> parts[] = {{"indikatorer", &PoolIndicators},
                                              {"udbetaling", &PoolPayout},
                                              {"sagsstamme", &PoolCaseload},
                                              {"frister", &PoolDeadlines},
                                              {"trin", &PoolSteps}};
  int checked = 0;
  for (const char* id : {"fsm2", "haandholdt", "brug_for_alle"}) {
    EffortModel model = Model(id);
    for (const auto& [part, fn] : parts) {
      SCOPED_TRACE(fmt::format("{} {}", id, part));
      auto t = fn(model, Data(), query_);
      if (!t.ok()) continue;  // the model has no such part
      ++checked;
      EXPECT_TRUE(CheckColumnVocabulary(*t).ok()) << CheckColumnVocabulary(*t).ToString();
      EXPECT_EQ(t->note_kinds().size(), t->notes().size());
      if (t->ColumnIndex(col::kPeriode) >= 0) EXPECT_EQ(t->columns()[0].name, col::kPeriode);
      for (std::size_t i = 0; i < t->notes().size(); ++i) {
        if (t->notes()[i].rfind("Kilde: ", 0) == 0) EXPECT_EQ(t->note_kinds()[i], NoteKind::kRule);
      }
    }
  }
  EXPECT_GE(checked, 5);
}

INSTANTIATE_TEST_SUITE_P(Backends, PoolMeasureTest, ::testing::ValuesIn(TestDatabase::Backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fremdrift::cases
