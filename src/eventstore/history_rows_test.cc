// Histories built straight from stored rows (HistoryRows, HistoryBuilder) equal the histories of
// the full path (EffectiveEvents, then CitizenHistory of the events) on generated events with
// corrections, chained corrections and retractions, attributes stored out of key order or with
// empty pieces, and a citizen whose every event is retracted; a row that cannot be decoded is
// reported as the full read reports it.
#include "eventstore/history_rows.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "eventstore/event_store_internal.h"
#include "eventstore/history_testing.h"

namespace fremdrift::cases {
namespace {

// A stored row as the store would hand it over, its texts kept alive beside it.
struct StoredRow {
  std::string event_id, person, day, type, attributes, supersedes;
  std::int64_t kommune = 0, seq = 0;
  EventRow View() const {
    return {event_id, person, kommune, day, type, attributes, supersedes, seq};
  }
};

StoredRow RowOf(const Event& e) {
  return {e.event_id,
          e.person,
          internal::DayText(e.date),
          std::string(EventTypeName(e.type)),
          e.attributes.ToString(),
          e.supersedes,
          e.kommune,
          e.seq};
}

// The full path: the citizen's events that count, as a history (null when none counts).
std::shared_ptr<const CitizenHistory> FullPath(std::vector<Event> events) {
  std::vector<Event> effective = EffectiveEvents(std::move(events));
  if (effective.empty()) return nullptr;
  return std::make_shared<CitizenHistory>(effective);
}

TEST(HistoryRowsTest, SameHistoriesAsTheFullPathOnGeneratedEvents) {
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    std::vector<Event> events = GenerateCaseEvents(seed, 60);
    // Grouped by person, each person's in order of arrival, as the store reads them.
    std::stable_sort(events.begin(), events.end(),
                     [](const Event& a, const Event& b) { return a.person < b.person; });
    std::vector<StoredRow> stored;
    for (const Event& e : events) stored.push_back(RowOf(e));
    // Some rows as an older writer may have stored them: out of key order, empty pieces.
    for (StoredRow& r : stored) {
      if (r.attributes == "group=1|project=fsm2") r.attributes = "project=fsm2||group=1|";
    }
    HistoryRows rows;
    for (const StoredRow& r : stored) rows.Add(r.View());
    std::map<std::string, std::vector<Event>> by_person;
    for (const Event& e : events) by_person[e.person].push_back(e);
    ASSERT_EQ(rows.citizens(), by_person.size());
    ASSERT_EQ(rows.rows(), events.size());
    HistoryBuilder builder;
    std::size_t i = 0;
    int gone = 0;
    for (auto& [person, theirs] : by_person) {
      ASSERT_EQ(rows.person(i), person);
      auto built = builder.Build(rows, i++);
      ASSERT_TRUE(built.ok()) << built.status().ToString();
      auto expected = FullPath(theirs);
      ASSERT_EQ(*built == nullptr, expected == nullptr) << "seed " << seed << ", " << person;
      if (expected == nullptr) {
        ++gone;
        continue;
      }
      EXPECT_EQ(DescribeHistory(**built), DescribeHistory(*expected))
          << "seed " << seed << ", " << person;
    }
    EXPECT_GT(gone, 0) << "seed " << seed << ": some citizen should have nothing left";
  }
}

TEST(HistoryRowsTest, RetractionsAndCorrectionsAsEffectiveEventsResolvesThem) {
  auto ev = [](std::string id, std::string person, EventType type, std::string attrs,
               std::string supersedes, std::int64_t seq) {
    Event e;
    e.event_id = std::move(id);
    e.person = std::move(person);
    e.kommune = 657;
    e.date = DaysFromCivil(2020, 1, static_cast<int>(seq));
    e.type = type;
    e.attributes = *Attributes::Parse(attrs);
    e.supersedes = std::move(supersedes);
    e.seq = seq;
    return e;
  };
  const std::vector<Event> events = {
      // a: a correction of a correction; the retraction without a target is dropped with them.
      ev("a1", "a", EventType::kConversation, "kind=foerste", "", 1),
      ev("a2", "a", EventType::kConversation, "kind=jobsamtale", "a1", 2),
      ev("a3", "a", EventType::kConversation, "kind=opfoelgning", "a2", 3),
      ev("a4", "a", EventType::kRetraction, "", "", 4),
      // b: every event retracted: b disappears.
      ev("b1", "b", EventType::kCvRegistered, "", "", 1),
      ev("b2", "b", EventType::kRetraction, "reason=fejl", "b1", 2),
      // c: nothing supersedes anything, so a retraction without a target is kept (as
      // EffectiveEvents keeps it).
      ev("c1", "c", EventType::kCvRegistered, "", "", 1),
      ev("c2", "c", EventType::kRetraction, "", "", 2),
  };
  std::vector<StoredRow> stored;
  for (const Event& e : events) stored.push_back(RowOf(e));
  HistoryRows rows;
  for (const StoredRow& r : stored) rows.Add(r.View());
  ASSERT_EQ(rows.citizens(), 3u);
  HistoryBuilder builder;
  auto a = builder.Build(rows, 0);
  ASSERT_TRUE(a.ok() && *a);
  ASSERT_EQ((*a)->events().size(), 1u);
  EXPECT_EQ((*a)->events()[0].attributes.Get("kind"), "opfoelgning");
  EXPECT_EQ(DescribeHistory(**a),
            DescribeHistory(*FullPath({events[0], events[1], events[2], events[3]})));
  auto b = builder.Build(rows, 1);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*b, nullptr);
  auto c = builder.Build(rows, 2);
  ASSERT_TRUE(c.ok() && *c);
  ASSERT_EQ((*c)->events().size(), 2u);
  EXPECT_EQ((*c)->events()[1].type, EventType::kRetraction);
}

TEST(HistoryRowsTest, ABadRowIsReportedAsTheFullReadReportsIt) {
  struct Case {
    std::string day, type, attributes;
  };
  const std::vector<Case> cases = {
      {"2020-13-01", "cv_registered", ""},
      {"2020-01-01", "no_such_type", ""},
      {"2020-01-01", "conversation", "kind"},
      {"2020-01-01", "conversation", "=foerste"},
      {"2020-01-01", "conversation", "kind=foerste|kind=jobsamtale"},
  };
  for (const Case& c : cases) {
    // A good citizen first, then one whose second row is bad.
    StoredRow good{"g1", "p1", "2020-01-01", "cv_registered", "", "", 657, 1};
    StoredRow first{"x1", "p2", "2020-01-01", "cv_registered", "", "", 657, 2};
    StoredRow bad{"x2", "p2", c.day, c.type, c.attributes, "", 657, 3};
    HistoryRows rows;
    rows.Add(good.View());
    rows.Add(first.View());
    rows.Add(bad.View());
    HistoryBuilder builder;
    ASSERT_TRUE(builder.Build(rows, 0).ok());
    auto built = builder.Build(rows, 1);
    auto full = internal::EventFromRow(bad.event_id, bad.person, bad.kommune, bad.day, bad.type,
                                       bad.attributes, "sb", "2020-01-01T00:00:00", "", bad.seq);
    ASSERT_FALSE(full.ok());
    ASSERT_FALSE(built.ok()) << c.day << " " << c.type << " " << c.attributes;
    EXPECT_EQ(built.status().ToString(), full.status().ToString());
  }
}

}  // namespace
}  // namespace fremdrift::cases
