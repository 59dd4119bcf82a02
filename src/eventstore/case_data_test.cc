// CaseData on both backends: a load builds every citizen's history (in parallel) in the store's
// order of persons, the same histories the full read of every event gives (corrections,
// retractions, "as of" cuts), stops at a bad stored row, and bringing it up to date after an
// append reads only the appended citizens again, shares the others and ends where a fresh load
// ends.
#include "eventstore/case_data.h"

#include <gtest/gtest.h>

#include "eventstore/backend_test.h"
#include "eventstore/history_testing.h"

namespace fremdrift::cases {
namespace {

Event Ev(std::string id, std::string person, std::string day, EventType type, std::string attrs,
         std::string supersedes = "") {
  Event e;
  e.event_id = std::move(id);
  e.person = std::move(person);
  e.kommune = 657;
  e.date = DaysFromCivil(*ParseIsoDate(day));
  e.type = type;
  e.attributes = *Attributes::Parse(attrs);
  e.recorded_by = "sb";
  e.recorded_at = day + "T09:00:00";
  e.supersedes = std::move(supersedes);
  return e;
}

// Person and event days of every history, in order.
std::vector<std::string> Shape(const CaseData& data) {
  std::vector<std::string> out;
  for (const auto& c : data.citizens) {
    std::string line = std::string(c->person()) + ":";
    for (const HistoryEvent& e : c->events()) line += " " + FormatIsoDate(CivilFromDays(e.date));
    out.push_back(line);
  }
  return out;
}

class CaseDataTest : public BackendTest {};

TEST_P(CaseDataTest, LoadsEveryCitizenInTheStoresOrder) {
  std::vector<Event> events;
  for (int p = 0; p < 5000; ++p) {  // more citizens than one batch of the parallel build
    events.push_back(Ev(fmt::format("v{}", p), fmt::format("p{:05d}", p), "2020-01-06",
                        EventType::kVisitation, "project=fsm2|group=1"));
    events.push_back(Ev(fmt::format("c{}", p), fmt::format("p{:05d}", p), "2020-01-05",
                        EventType::kCvRegistered, ""));
  }
  ASSERT_TRUE(store_->Append(events, {"a.csv", "t", ""}).ok());
  auto data = CaseData::Load(*store_, std::nullopt);
  ASSERT_TRUE(data.ok()) << data.status().ToString();
  EXPECT_EQ(data->events, 10000);
  ASSERT_EQ(data->citizens.size(), 5000u);
  for (int p = 0; p < 5000; ++p) {
    const CitizenHistory& c = *data->citizens[static_cast<std::size_t>(p)];
    ASSERT_EQ(c.person(), fmt::format("p{:05d}", p));
    ASSERT_EQ(c.events().size(), 2u);
    EXPECT_EQ(c.events()[0].type, EventType::kCvRegistered);  // by day
    EXPECT_EQ(c.events()[1].attributes.Get("group"), "1");
    EXPECT_EQ(c.OfType(EventType::kVisitation).size(), 1u);
    EXPECT_EQ(c.Intervals("visitation").size(), 1u);
  }
  EXPECT_EQ(data->horizon, DaysFromCivil({2020, 1, 6}));
}

TEST_P(CaseDataTest, AnAppendReloadsOnlyItsCitizens) {
  ASSERT_TRUE(store_
                  ->Append({Ev("a1", "p1", "2020-01-06", EventType::kVisitation,
                               "project=fsm2|group=1"),
                            Ev("b1", "p2", "2020-01-06", EventType::kVisitation,
                               "project=fsm2|group=2"),
                            Ev("d1", "p4", "2020-01-07", EventType::kVisitation,
                               "project=haandholdt")},
                           {"a.csv", "t", ""})
                  .ok());
  auto before = CaseData::Load(*store_, std::nullopt);
  ASSERT_TRUE(before.ok());
  ASSERT_EQ(before->citizens.size(), 3u);
  std::vector<Event> more = {
      Ev("a2", "p1", "2020-03-02", EventType::kCvRegistered, ""),
      Ev("c1", "p3", "2020-02-03", EventType::kVisitation, "project=fsm2|group=1"),
      Ev("r1", "p2", "2020-02-04", EventType::kRetraction, "", "b1"),  // p2 has nothing left
  };
  auto r = store_->Append(more, {"b.csv", "t", ""});
  ASSERT_TRUE(r.ok());
  auto updated = before->WithPersonsReloaded(*store_, {"p1", "p3", "p2", "p1"}, r->added);
  ASSERT_TRUE(updated.ok()) << updated.status().ToString();
  auto fresh = CaseData::Load(*store_, std::nullopt);
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(Shape(*updated), Shape(*fresh));
  EXPECT_EQ(Shape(*updated), (std::vector<std::string>{"p1: 2020-01-06 2020-03-02",
                                                       "p3: 2020-02-03", "p4: 2020-01-07"}));
  EXPECT_EQ(updated->events, fresh->events);
  EXPECT_EQ(updated->horizon, fresh->horizon);
  EXPECT_EQ(updated->horizon, DaysFromCivil({2020, 3, 2}));
  // The unchanged citizen's history is the same object.
  EXPECT_EQ(updated->citizens[2].get(), before->citizens[2].get());
  // An "as of" state is not brought up to date.
  auto as_of = CaseData::Load(*store_, std::string("2020-02-01T00:00:00"));
  ASSERT_TRUE(as_of.ok());
  EXPECT_FALSE(as_of->WithPersonsReloaded(*store_, {"p1"}, 1).ok());
}

// The full read (every row an Event, EffectiveEvents per citizen, then CitizenHistory), as the
// load was before it read rows straight into the compact form.
std::vector<std::shared_ptr<const CitizenHistory>> FullRead(EventStore& store, const AsOf& as_of,
                                                            std::int64_t* rows) {
  std::vector<std::shared_ptr<const CitizenHistory>> out;
  std::vector<Event> current;
  auto flush = [&] {
    std::vector<Event> effective = EffectiveEvents(std::move(current));
    current = {};
    if (!effective.empty()) out.push_back(std::make_shared<CitizenHistory>(effective));
  };
  *rows = 0;
  Status st = store.ForEachEvent(as_of, [&](Event&& e) {
    ++*rows;
    if (!current.empty() && current.front().person != e.person) flush();
    current.push_back(std::move(e));
  });
  EXPECT_TRUE(st.ok()) << st.ToString();
  flush();
  return out;
}

TEST_P(CaseDataTest, LoadGivesTheHistoriesOfTheFullRead) {
  // Generated citizens with corrections, retractions and citizens with nothing left, in two
  // imports (every other event in each), so that a citizen's rows are not neighbours in the
  // order of arrival and a correction may arrive before what it corrects.
  const std::vector<Event> events = GenerateCaseEvents(7, 3000);
  std::vector<Event> even, odd;
  for (std::size_t i = 0; i < events.size(); ++i) (i % 2 == 0 ? even : odd).push_back(events[i]);
  ASSERT_TRUE(store_->Append(even, {"a.csv", "t", ""}).ok());
  ASSERT_TRUE(store_->Append(odd, {"b.csv", "t", ""}).ok());
  // Everything, and "as of" cuts that leave out later corrections and retractions.
  for (const AsOf& as_of : {AsOf(), AsOf("2020-03-31T23:59:59"), AsOf("2020-07-15T09:00:00"),
                            AsOf("2019-01-01T00:00:00")}) {
    auto data = CaseData::Load(*store_, as_of);
    ASSERT_TRUE(data.ok()) << data.status().ToString();
    std::int64_t rows = 0;
    auto expected = FullRead(*store_, as_of, &rows);
    EXPECT_EQ(data->events, rows);
    ASSERT_EQ(data->citizens.size(), expected.size()) << as_of.value_or("all");
    for (std::size_t i = 0; i < expected.size(); ++i) {
      ASSERT_EQ(DescribeHistory(*data->citizens[i]), DescribeHistory(*expected[i]))
          << as_of.value_or("all");
    }
    if (!as_of) {
      EXPECT_LT(data->citizens.size(), 3000u);  // citizens with every event retracted are gone
      EXPECT_GT(data->citizens.size(), 2000u);
    }
  }
}

TEST_P(CaseDataTest, ABadStoredRowStopsTheLoad) {
  std::vector<Event> events;
  for (int p = 0; p < 3000; ++p) {  // the bad rows in a later batch than the first
    events.push_back(Ev(fmt::format("c{}", p), fmt::format("p{:05d}", p), "2020-01-05",
                        EventType::kCvRegistered, ""));
  }
  ASSERT_TRUE(store_->Append(events, {"a.csv", "t", ""}).ok());
  ASSERT_TRUE(store_
                  ->ExecuteForTest("INSERT INTO events (event_id, person, kommune, day, type, "
                                   "attributes, recorded_by, recorded_at) VALUES "
                                   "('bad1', 'p01500', 657, '2020-01-06', 'conversation', "
                                   "'kind', 'sb', '2020-01-06T09:00:00'), "
                                   "('bad2', 'p02700', 657, '2020-02-30', 'cv_registered', "
                                   "'', 'sb', '2020-01-06T09:00:00')")
                  .ok());
  auto data = CaseData::Load(*store_, std::nullopt);
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(data.status().message(), "stored event bad1: attribute 'kind' is not key=value");
}

INSTANTIATE_TEST_SUITE_P(Backends, CaseDataTest, ::testing::ValuesIn(TestDatabase::Backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace fremdrift::cases
