// Known answers for the indsatsplaner measurement.
#include "models/indsatsplaner.h"

#include <gtest/gtest.h>

#include "table/vocabulary.h"

namespace fremdrift::cases {
namespace {

Event E(const char* person, const char* day, EventType type, const char* attrs, int seq) {
  Event e;
  e.event_id = fmt::format("e{}", seq);
  e.person = person;
  e.kommune = 657;
  e.date = DaysFromCivil(*ParseIsoDate(day));
  e.type = type;
  e.attributes = *Attributes::Parse(attrs);
  e.recorded_at = fmt::format("{}T12:00:00", day);
  e.seq = seq;
  return e;
}

TEST(IndsatsplanerTest, PlansGoalsAndDomains) {
  std::vector<Event> events = {
      E("A", "2013-01-02", EventType::kVisitation, "project=brug_for_alle", 1),
      E("A", "2013-01-10", EventType::kPlan, "goal=|domains=social", 2),
      E("A", "2013-02-10", EventType::kPlan, "goal=lager|domains=beskaeftigelse,sundhed", 3),
      E("B", "2013-01-02", EventType::kVisitation, "project=brug_for_alle", 4),
      E("B", "2013-01-20", EventType::kPlan, "goal=SOSU|domains=uddannelse,social", 5),
      E("C", "2013-01-02", EventType::kVisitation, "project=brug_for_alle", 6),
      E("D", "2013-01-02", EventType::kVisitation, "project=brug_for_alle", 7),
      E("D", "2013-01-15", EventType::kVisitationEnd, "project=brug_for_alle", 8),
  };
  PoolQuery q;
  q.from = MakeMonth(2013, 1);
  q.to = MakeMonth(2013, 2);
  auto t = Indsatsplaner(CaseData::FromEvents(events, std::nullopt), q);
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(CheckColumnVocabulary(*t).ok()) << CheckColumnVocabulary(*t).ToString();
  EXPECT_EQ(t->columns()[0].name, col::kPeriode);
  std::map<std::string, std::int64_t> got;
  for (const auto& row : t->rows()) {
    if (std::get<std::string>(row[1]) != "657") continue;
    got[std::get<std::string>(row[0]) + " " + std::get<std::string>(row[3])] =
        std::get<std::int64_t>(row[4]);
  }
  EXPECT_EQ(got["2013-01 i_indsats"], 3);  // A B C (D ended)
  EXPECT_EQ(got["2013-01 med_plan"], 2);
  EXPECT_EQ(got["2013-01 med_konkret_maal"], 1);  // B; A's January plan has no goal
  EXPECT_EQ(got["2013-01 domaene_social"], 2);
  EXPECT_EQ(got["2013-02 med_konkret_maal"], 2);  // A's new plan has a goal
  EXPECT_EQ(got["2013-02 domaene_social"], 1);    // only the latest plan counts
  EXPECT_EQ(got["2013-02 domaene_sundhed"], 1);
  // As of 31 January, A's February plan does not exist yet and February is not measured.
  auto jan = Indsatsplaner(CaseData::FromEvents(events, std::string("2013-01-31T23:59:59")), q);
  for (const auto& row : jan->rows()) EXPECT_EQ(std::get<std::string>(row[0]), "2013-01");
}

}  // namespace
}  // namespace fremdrift::cases
