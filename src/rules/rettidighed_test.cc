// Known-answer tests for `rettidighed` on a hand-written event file, imported into both backends:
// deadlines met on the day and one day late, the rule date boundary (a benefit starting on
// 2019-12-31 under the 2015 rules, one starting on 2020-01-01 under the 2020 rules), exemption,
// lapse, supersede and retraction of a conversation, "as of", municipalities and landsplan.
#include "rules/rettidighed.h"

#include <gtest/gtest.h>

#include "eventstore/backend_test.h"
#include "eventstore/events_file_testing.h"
#include "common/file_util.h"
#include "rules/rule_catalog.h"
#include "table/vocabulary.h"

namespace fremdrift::cases {
namespace {

// Answers computed by hand in the comments (rules: data/rules/rettidighed.toml).
EventsFile Scenario() {
  EventsFile f;
  auto open = [&](const char* p, int k, const char* date, const char* group) {
    f.Add(p, k, date, "visitation", "project=other")
        .Add(p, k, date, "benefit_start", std::string("group=") + group);
  };
  // P1 kontanthjælp from 2020-03-02 (2020 rules). First conversation on the deadline day
  // (03-09): on time. Fourth conversation on the 6-month deadline day (09-02): on time. Offer one
  // day late (09-03): for_sent.
  open("P1", 657, "2020-03-02", "kontanthjaelp");
  f.Add("P1", 657, "2020-03-09", "conversation", "kind=foerste")
      .Add("P1", 657, "2020-04-15", "conversation", "kind=jobsamtale")
      .Add("P1", 657, "2020-05-20", "conversation", "kind=jobsamtale")
      .Add("P1", 657, "2020-09-02", "conversation", "kind=jobsamtale")
      .Add("P1", 657, "2020-09-03", "offer_start", "kind=virksomhedspraktik");
  // P2 from 2020-03-02: first conversation one day late (03-10); 4 by 06-01; a løntilskud
  // placement on 05-04 meets the offer.
  open("P2", 657, "2020-03-02", "kontanthjaelp");
  f.Add("P2", 657, "2020-03-10", "conversation", "kind=foerste")
      .Add("P2", 657, "2020-04-01", "conversation", "kind=jobsamtale")
      .Add("P2", 657, "2020-05-01", "conversation", "kind=jobsamtale")
      .Add("P2", 657, "2020-06-01", "conversation", "kind=jobsamtale")
      .Add("P2", 657, "2020-05-04", "placement_start", "kind=loentilskud");
  // P3 from 2019-12-31 (2015 rules: 4 in 12 months, offer in 6) and P4 from 2020-01-01 (2020
  // rules: 4 in 6 months), the same pattern: conversations at +7, +40, +70, +250 days, an offer
  // at +200. P3: first on time, 4 conversations on time (deadline 2020-12-31), offer late
  // (deadline 06-30). P4: first on time, 4th conversation late (deadline 07-01), offer late.
  open("P3", 657, "2019-12-31", "kontanthjaelp");
  f.Add("P3", 657, "2020-01-07", "conversation", "kind=foerste")
      .Add("P3", 657, "2020-02-09", "conversation", "kind=jobsamtale")
      .Add("P3", 657, "2020-03-10", "conversation", "kind=jobsamtale")
      .Add("P3", 657, "2020-09-06", "conversation", "kind=jobsamtale")
      .Add("P3", 657, "2020-07-18", "offer_start", "kind=vejledning_opkvalificering");
  open("P4", 657, "2020-01-01", "kontanthjaelp");
  f.Add("P4", 657, "2020-01-08", "conversation", "kind=foerste")
      .Add("P4", 657, "2020-02-10", "conversation", "kind=jobsamtale")
      .Add("P4", 657, "2020-03-11", "conversation", "kind=jobsamtale")
      .Add("P4", 657, "2020-09-07", "conversation", "kind=jobsamtale")
      .Add("P4", 657, "2020-07-19", "offer_start", "kind=vejledning_opkvalificering");
  // P5 uddannelseshjælp from 2020-02-03, exempt 02-05 .. 09-01: the first conversation's deadline
  // (02-10) falls in the exemption → fritaget, not counted. The offer's (08-03) moves to 1 month
  // after the exemption ends (LAB § 102, stk. 4, applied to uddannelseshjælp): 2020-10-01, and
  // with no offer by 2021-06-30 it is 272 days over (30 + 30 + 31 + 31 + 28 + 31 + 30 + 31 + 30).
  open("P5", 657, "2020-02-03", "uddannelseshjaelp");
  f.Add("P5", 657, "2020-02-05", "exemption_start", "reason=sygdom")
      .Add("P5", 657, "2020-09-01", "exemption_end", "");
  // P6 from 2020-03-02: conversation on 03-05 (retracted on 03-20) and on 03-06 (superseded on
  // 03-20 by the same conversation dated 03-12). As of 03-15: on time; after: late (03-12).
  open("P6", 657, "2020-03-02", "kontanthjaelp");
  f.Add("P6", 657, "2020-03-05", "conversation", "kind=foerste", "", "", "p6-c1")
      .Add("P6", 657, "2020-03-06", "conversation", "kind=foerste", "", "", "p6-c2")
      .Add("P6", 657, "2020-03-20", "retraction", "reason=fejl", "2020-03-20T09:00:00", "p6-c1")
      .Add("P6", 657, "2020-03-12", "conversation", "kind=foerste", "2020-03-20T09:00:00", "p6-c2");
  // P7 jobafklaring 04-01 .. 06-30: ends before the deadline (10-01) → bortfaldet.
  open("P7", 657, "2020-04-01", "jobafklaring");
  f.Add("P7", 657, "2020-06-30", "benefit_end", "group=jobafklaring");
  // P8 Helsingør, ressourceforløb from 2020-01-15: 4th conversation on the deadline 07-15.
  open("P8", 217, "2020-01-15", "ressourceforloeb");
  f.Add("P8", 217, "2020-01-20", "conversation", "kind=opfoelgning")
      .Add("P8", 217, "2020-03-01", "conversation", "kind=opfoelgning")
      .Add("P8", 217, "2020-05-01", "conversation", "kind=opfoelgning")
      .Add("P8", 217, "2020-07-15", "conversation", "kind=opfoelgning");
  // P9 kontanthjælp from 2020-08-20, nothing held: the first conversation (due 08-27) is overdue;
  // the 4 conversations and the offer fall due 2021-02-20, after the last event of the file.
  open("P9", 657, "2020-08-20", "kontanthjaelp");
  return f;
}

class RettidighedTest : public BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (NotReady()) return;
    reference_ = *ReferenceData::LoadEmbedded();
    // The known answers below are about deadlines, days over and rule boundaries, on dates in
    // 2020; they are worked out without the file's COVID-19 suspensions (cut off here), which
    // have their own data-driven cases (tests/cases/rettidighed_covid19_*).
    auto text = ReadFileToString(DefaultRulesDir() + "/rettidighed.toml");
    ASSERT_TRUE(text.ok()) << text.status().ToString();
    std::string shipped = *text;
    shipped = shipped.substr(0, shipped.find("\n[[suspensions]]"));
    auto rules = RuleSet::Parse(shipped, "rettidighed.toml");
    ASSERT_TRUE(rules.ok()) << rules.status().ToString();
    ASSERT_TRUE(rules->suspensions().empty());
    rules_ = std::move(rules).value();
    query_.reference = &reference_;
    // The file holds events up to 2021-06-30 (the import's --as-of): deadlines until then are
    // judged although the last event is of 2020-09-07.
    ImportEventsForTest(Scenario(), db_->dir(), 0, reference_, *store_, "2021-06-30");
  }
  CaseData Data(const std::string& as_of) {
    auto d = CaseData::Load(*store_, AsOf(*ParseAsOf(as_of)));
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return std::move(d).value();
  }
  // "num/den" of a row, or "missing".
  static std::string Share(const Table& t, const std::string& month, const std::string& kommune,
                           const std::string& group, const std::string& krav) {
    for (const auto& row : t.rows()) {
      if (CellToString(row[0]) == month && CellToString(row[1]) == kommune &&
          CellToString(row[3]) == group && CellToString(row[4]) == krav) {
        return CellToString(row[6]) + "/" + CellToString(row[7]);
      }
    }
    return "missing";
  }
  // "status dage_over" of a person's requirement in the deadline list.
  static std::string Status(const Table& t, const std::string& person, const std::string& krav) {
    for (const auto& row : t.rows()) {
      if (CellToString(row[5]) == person && CellToString(row[0]) == krav) {
        return CellToString(row[10]) + " " + CellToString(row[9]);
      }
    }
    return "missing";
  }

  ReferenceData reference_;
  RuleSet rules_;
  RuleQuery query_;
};

TEST_P(RettidighedTest, SharesPerGroupAndMonthHaveTheirKnownAnswers) {
  CaseData data = Data("2021-06-30");
  auto t = Rettidighed(rules_, data, query_);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  // March: first conversations of P1 (on the day), P2 (a day late), P6 (late after correction).
  EXPECT_EQ(Share(*t, "2020-03", "657", "kontanthjaelp", "foerste_samtale"), "1/3");
  EXPECT_EQ(Share(*t, "2020-03", "657", "kontanthjaelp", "alle"), "1/3");
  // January: P3 (2015 rule, on the day 01-07) and P4 (2020 rule, on the day 01-08).
  EXPECT_EQ(Share(*t, "2020-01", "657", "kontanthjaelp", "foerste_samtale"), "2/2");
  // The rule boundary: P3's 4 conversations fall due 2020-12-31 (12 months) and are on time;
  // P4's fall due 2020-07-01 (6 months) and the 4th came late.
  EXPECT_EQ(Share(*t, "2020-12", "657", "kontanthjaelp", "samtaler"), "1/1");
  EXPECT_EQ(Share(*t, "2020-07", "657", "kontanthjaelp", "samtaler"), "0/1");
  EXPECT_EQ(Share(*t, "2020-06", "657", "kontanthjaelp", "tilbud"), "0/1");  // P3, 2015 rule
  EXPECT_EQ(Share(*t, "2020-07", "657", "kontanthjaelp", "alle"), "0/1");    // P4
  // September: samtaler P1 (4th on the day) and P2 on time, P6 overdue; tilbud P2 only.
  EXPECT_EQ(Share(*t, "2020-09", "657", "kontanthjaelp", "samtaler"), "2/3");
  EXPECT_EQ(Share(*t, "2020-09", "657", "kontanthjaelp", "tilbud"), "1/3");
  EXPECT_EQ(Share(*t, "2020-09", "657", "kontanthjaelp", "alle"), "1/3");
  // Exempt (P5) and lapsed (P7) requirements are not counted.
  EXPECT_EQ(Share(*t, "2020-02", "657", "uddannelseshjaelp", "foerste_samtale"), "0/0");
  EXPECT_EQ(Share(*t, "2020-10", "657", "jobafklaring", "samtaler"), "0/0");
  // Helsingør and landsplan.
  EXPECT_EQ(Share(*t, "2020-07", "217", "ressourceforloeb", "samtaler"), "1/1");
  EXPECT_EQ(Share(*t, "2020-07", "landsplan", "ressourceforloeb", "alle"), "1/1");
  EXPECT_EQ(Share(*t, "2020-09", "landsplan", "kontanthjaelp", "samtaler"), "2/3");
  EXPECT_EQ(Share(*t, "2020-07", "217", "kontanthjaelp", "samtaler"), "0/0");  // zeros shown
  // One municipality only: no Helsingør rows, landsplan unchanged.
  query_.kommuner = {657};
  auto only = Rettidighed(rules_, data, query_);
  ASSERT_TRUE(only.ok());
  EXPECT_EQ(Share(*only, "2020-07", "217", "ressourceforloeb", "samtaler"), "missing");
  EXPECT_EQ(Share(*only, "2020-07", "landsplan", "ressourceforloeb", "samtaler"), "1/1");
}

TEST_P(RettidighedTest, DeadlineListNamesStatusDaysOverAndWhatWasMissing) {
  auto t = RettidighedFrister(rules_, Data("2021-06-30"), query_);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(Status(*t, "P1", "foerste_samtale"), "overholdt ");
  EXPECT_EQ(Status(*t, "P1", "samtaler"), "overholdt ");
  EXPECT_EQ(Status(*t, "P1", "tilbud"), "for_sent 1");
  EXPECT_EQ(Status(*t, "P2", "foerste_samtale"), "for_sent 1");
  EXPECT_EQ(Status(*t, "P3", "samtaler"), "overholdt ");
  EXPECT_EQ(Status(*t, "P4", "samtaler"), "for_sent 68");  // 07-01 → 09-07
  EXPECT_EQ(Status(*t, "P5", "foerste_samtale"), "fritaget ");
  EXPECT_EQ(Status(*t, "P5", "tilbud"), "overskredet 272");
  EXPECT_EQ(Status(*t, "P6", "foerste_samtale"), "for_sent 3");
  EXPECT_EQ(Status(*t, "P6", "samtaler"), "overskredet 301");  // 2020-09-02 → 2021-06-30
  EXPECT_EQ(Status(*t, "P7", "samtaler"), "bortfaldet ");
  for (const auto& row : t->rows()) {
    if (CellToString(row[5]) == "P6" && CellToString(row[0]) == "samtaler") {
      EXPECT_EQ(CellToString(row[11]), "1 af 4 samtaler inden for 6 måneder");
      EXPECT_EQ(CellToString(row[1]), "lab2020_samtaler");
    }
    if (CellToString(row[5]) == "P3" && CellToString(row[0]) == "samtaler") {
      EXPECT_EQ(CellToString(row[1]), "lab2015_samtaler");
      EXPECT_EQ(CellToString(row[7]), "2020-12-31");
    }
  }
}

TEST_P(RettidighedTest, AsOfBeforeTheCorrectionsSeesTheConversationsAsTheyStood) {
  CaseData data = Data("2020-03-15");
  auto t = Rettidighed(rules_, data, query_);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  // P6's retracted and superseded conversations still count: P1 and P6 on time, P2 late.
  EXPECT_EQ(Share(*t, "2020-03", "657", "kontanthjaelp", "foerste_samtale"), "2/3");
  EXPECT_EQ(Share(*t, "2020-04", "657", "kontanthjaelp", "foerste_samtale"), "missing");
  auto list = RettidighedFrister(rules_, data, query_);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(Status(*list, "P6", "foerste_samtale"), "overholdt ");
  EXPECT_EQ(Status(*list, "P1", "samtaler"), "aaben ");  // due 2020-09-02
  // The day before the first March deadline nothing of March is judged yet, although P6's
  // first conversation (03-05) was already held.
  auto early = Rettidighed(rules_, Data("2020-03-08"), query_);
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(Share(*early, "2020-01", "657", "kontanthjaelp", "foerste_samtale"), "2/2");
  EXPECT_EQ(Share(*early, "2020-03", "657", "kontanthjaelp", "foerste_samtale"), "missing");
  auto early_list = RettidighedFrister(rules_, Data("2020-03-08"), query_);
  ASSERT_TRUE(early_list.ok());
  EXPECT_EQ(Status(*early_list, "P6", "foerste_samtale"), "overholdt ");
  EXPECT_EQ(Status(*early_list, "P2", "foerste_samtale"), "aaben ");
}

// Without a declared horizon the data's horizon is the latest event's day (P4's conversation on
// 2020-09-07): a deadline after it is open, not missed, and no month after it is shown.
TEST_P(RettidighedTest, NothingAfterTheDataHorizonIsJudged) {
  std::vector<Event> events;
  ASSERT_TRUE(store_->ForEachEvent(std::nullopt, [&](Event&& e) { events.push_back(e); }).ok());
  CaseData data = CaseData::FromEvents(events, AsOf(*ParseAsOf("2021-06-30")));
  EXPECT_EQ(IsoDay(data.horizon), "2020-09-07");
  auto t = Rettidighed(rules_, data, query_);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(Share(*t, "2020-09", "657", "kontanthjaelp", "samtaler"), "2/3");
  EXPECT_EQ(Share(*t, "2020-10", "657", "kontanthjaelp", "samtaler"), "missing");
  EXPECT_EQ(Share(*t, "2020-12", "657", "kontanthjaelp", "samtaler"), "missing");
  std::string last;
  for (const auto& row : t->rows()) last = std::max(last, CellToString(row[0]));
  EXPECT_EQ(last, "2020-09");
  int horizon_notes = 0;
  for (std::size_t i = 0; i < t->notes().size(); ++i) {
    if (t->note_kinds()[i] != NoteKind::kHorizon) continue;
    ++horizon_notes;
    EXPECT_EQ(t->notes()[i], "Opgjort til og med 2020-09-07.");
  }
  EXPECT_EQ(horizon_notes, 1);
  auto list = RettidighedFrister(rules_, data, query_);
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(Status(*list, "P9", "foerste_samtale"), "overskredet 11");  // 08-27 → 09-07
  EXPECT_EQ(Status(*list, "P9", "samtaler"), "aaben ");                   // due 2021-02-20
  EXPECT_EQ(Status(*list, "P9", "tilbud"), "aaben ");
  EXPECT_EQ(Status(*list, "P3", "samtaler"), "overholdt ");  // met 09-06, due 2020-12-31
  EXPECT_EQ(Status(*list, "P6", "samtaler"), "overskredet 5");  // 2020-09-02 → 2020-09-07
  // A declared horizon (the import's --as-of) wins over the latest event.
  CaseData declared =
      CaseData::FromEvents(events, AsOf(*ParseAsOf("2021-06-30")), std::string("2021-03-31"));
  EXPECT_EQ(IsoDay(declared.horizon), "2021-03-31");
  auto later = RettidighedFrister(rules_, declared, query_);
  ASSERT_TRUE(later.ok());
  EXPECT_EQ(Status(*later, "P9", "samtaler"), "overskredet 39");  // 2021-02-20 → 03-31
  EXPECT_EQ(Status(*later, "P6", "samtaler"), "overskredet 210");
  // The horizon on a deadline's own day: the deadline has passed without the conversations, and
  // the explanation says so in words, not as "0 days over".
  CaseData on_the_day =
      CaseData::FromEvents(events, AsOf(*ParseAsOf("2021-06-30")), std::string("2020-09-02"));
  auto due = RettidighedFrister(rules_, on_the_day, query_);
  ASSERT_TRUE(due.ok());
  EXPECT_EQ(Status(*due, "P6", "samtaler"), "overskredet 0");
  for (const auto& row : due->rows()) {
    const std::string text = CellToString(row[12]);
    EXPECT_EQ(text.find(" 0 dage"), std::string::npos) << text;
    EXPECT_EQ(text.find(" 1 dage"), std::string::npos) << text;
    if (CellToString(row[5]) == "P6" && CellToString(row[0]) == "samtaler") {
      EXPECT_NE(text.find("1 af 4 samtaler var holdt, da fristen udløb 2. september 2020."),
                std::string::npos)
          << text;
    }
  }
}

// The store's horizon follows its imports: a later import without --as-of keeps the declared day
// unless its events reach further; a later import with --as-of sets the horizon, earlier or not.
TEST_P(RettidighedTest, TheLatestImportDecidesTheHorizon) {
  auto horizon = [&] {
    auto d = CaseData::Load(*store_, std::nullopt);
    EXPECT_TRUE(d.ok()) << d.status().ToString();
    return d.ok() ? IsoDay(d->horizon) : std::string("error");
  };
  EXPECT_EQ(horizon(), "2021-06-30");
  EventsFile more;
  more.Add("P1", 657, "2021-03-01", "conversation", "kind=jobsamtale", "", "", "more-1");
  ImportEventsForTest(more, db_->dir(), 1, reference_, *store_);
  EXPECT_EQ(horizon(), "2021-06-30");  // the declared day is later than the new event
  EventsFile later;
  later.Add("P1", 657, "2021-08-02", "conversation", "kind=jobsamtale", "", "", "later-1");
  ImportEventsForTest(later, db_->dir(), 2, reference_, *store_);
  EXPECT_EQ(horizon(), "2021-08-02");  // the new event is later than the declared day
  EventsFile declared;
  declared.Add("P1", 657, "2021-08-03", "conversation", "kind=jobsamtale", "", "", "declared-1");
  ImportEventsForTest(declared, db_->dir(), 3, reference_, *store_, "2021-09-30");
  EXPECT_EQ(horizon(), "2021-09-30");
}

// Every part of `rettidighed` names its columns from the column vocabulary (docs/formats/table.md),
// with the month first where it has one.
TEST_P(RettidighedTest, EveryPartUsesTheColumnVocabulary) {
  int checked = 0;
  for (const RuleMeasurePart& part : RuleMeasureParts()) {
    if (part.measure != "rettidighed") continue;
    SCOPED_TRACE(std::string(part.part));
    auto t = part.fn(rules_, Data("2021-06-30"), query_);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    ++checked;
    EXPECT_TRUE(CheckColumnVocabulary(*t).ok()) << CheckColumnVocabulary(*t).ToString();
    EXPECT_EQ(t->note_kinds().size(), t->notes().size());
    if (t->ColumnIndex(col::kPeriode) >= 0) EXPECT_EQ(t->columns()[0].name, col::kPeriode);
  }
  EXPECT_GE(checked, 3);
  // The dated rules behind the shares are rule notes.
  auto t = Rettidighed(rules_, Data("2021-06-30"), query_);
  ASSERT_TRUE(t.ok());
  int rule_notes = 0;
  for (NoteKind k : t->note_kinds()) rule_notes += k == NoteKind::kRule;
  EXPECT_EQ(rule_notes, static_cast<int>(rules_.rules().size()));
}

INSTANTIATE_TEST_SUITE_P(Backends, RettidighedTest, ::testing::ValuesIn(TestDatabase::Backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fremdrift::cases
