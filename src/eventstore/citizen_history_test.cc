// CitizenHistory's compact form: events by day then arrival, their attributes read back as
// given, the by-type view, intervals paired by their match attribute, paid hours per month and
// the municipality on a day.
#include "eventstore/citizen_history.h"

#include <gtest/gtest.h>

namespace fremdrift::cases {
namespace {

Event E(std::string day, EventType type, std::string attrs, std::int64_t seq, int kommune = 657) {
  Event e;
  e.event_id = fmt::format("e{}", seq);
  e.person = "p1";
  e.kommune = kommune;
  e.date = DaysFromCivil(*ParseIsoDate(day));
  e.type = type;
  e.attributes = *Attributes::Parse(attrs);
  e.recorded_by = "sb";
  e.recorded_at = day + "T09:00:00";
  e.seq = seq;
  return e;
}

TEST(CitizenHistoryTest, KeepsEventsCompactAndReadsThemBack) {
  const CitizenHistory h({
      E("2020-03-01", EventType::kOfferEnd, "kind=praktik", 5),
      E("2020-01-06", EventType::kVisitation, "group=2|project=fsm2", 2),
      E("2020-01-06", EventType::kCvRegistered, "", 1),
      E("2020-02-01", EventType::kOfferStart, "kind=praktik", 3),
      E("2020-02-03", EventType::kOfferStart, "kind=mentor", 4),
      E("2020-04-10", EventType::kPaidHours, "hours=10.5|month=2020-03", 6, 851),
      E("2020-04-12", EventType::kPaidHours, "hours=2|month=2020-03", 7, 851),
  });
  EXPECT_EQ(h.person(), "p1");
  ASSERT_EQ(h.events().size(), 7u);
  EXPECT_EQ(h.events()[0].type, EventType::kCvRegistered);  // same day: by arrival
  EXPECT_TRUE(h.events()[0].attributes.empty());
  EXPECT_EQ(h.events()[1].attributes.Get("project"), "fsm2");
  EXPECT_EQ(h.events()[1].attributes.Get("group"), "2");
  EXPECT_EQ(h.events()[1].attributes.Get("kind"), "");
  EXPECT_TRUE(h.events()[1].attributes.Has("group"));
  EXPECT_FALSE(h.events()[1].attributes.Has("grou"));
  EXPECT_EQ(h.events()[1].attributes.ToString(), "group=2|project=fsm2");
  EXPECT_EQ(h.events()[1].kommune, 657);
  EXPECT_EQ(h.events()[1].date, DaysFromCivil({2020, 1, 6}));

  const auto offers = h.OfType(EventType::kOfferStart);
  ASSERT_EQ(offers.size(), 2u);
  EXPECT_EQ(offers.front()->attributes.Get("kind"), "praktik");
  EXPECT_EQ(offers.back()->attributes.Get("kind"), "mentor");
  EXPECT_EQ(offers[1], offers.back());
  EXPECT_EQ(std::distance(offers.begin(), offers.end()), 2);
  EXPECT_TRUE(h.OfType(EventType::kDecision).empty());

  // The end names its kind: it closes the praktik offer, not the later mentor one.
  const auto intervals = h.Intervals("offer");
  ASSERT_EQ(intervals.size(), 2u);
  EXPECT_EQ(intervals[0].start_event->attributes.Get("kind"), "praktik");
  EXPECT_EQ(intervals[0].end, DaysFromCivil({2020, 3, 1}));
  EXPECT_EQ(intervals[1].end, kOpenEnd);
  EXPECT_EQ(h.Intervals("visitation").size(), 1u);
  EXPECT_TRUE(h.Intervals("nothing").empty());

  EXPECT_DOUBLE_EQ(h.PaidHours(MakeMonth(2020, 3)), 12.5);
  EXPECT_DOUBLE_EQ(h.PaidHours(MakeMonth(2020, 4)), 0.0);
  EXPECT_EQ(h.KommuneOn(DaysFromCivil({2020, 1, 1})), 657);
  EXPECT_EQ(h.KommuneOn(DaysFromCivil({2020, 4, 11})), 851);
}

TEST(CitizenHistoryTest, AnEmptyHistoryHasNothing) {
  const CitizenHistory h(std::vector<Event>{});
  EXPECT_EQ(h.person(), "");
  EXPECT_TRUE(h.events().empty());
  EXPECT_TRUE(h.OfType(EventType::kVisitation).empty());
  EXPECT_TRUE(h.Intervals("visitation").empty());
  EXPECT_EQ(h.KommuneOn(0), 0);
}

TEST(CitizenHistoryTest, HoldsEverythingInOneBlockWithItsOwnCopyOfThePerson) {
  std::string person = "0123456789abcdef0123456789abcdef";  // longer than a short string
  std::vector<CompactEvent> events(3);
  events[0] = {DaysFromCivil({2020, 2, 1}), 657, EventType::kOfferStart, 0, 1, 2};
  events[1] = {DaysFromCivil({2020, 1, 6}), 657, EventType::kCvRegistered, 0, 0, 1};
  events[2] = {DaysFromCivil({2020, 3, 1}), 851, EventType::kOfferEnd, 1, 1, 3};
  StringPool& pool = StringPool::Shared();
  const std::vector<HistoryAttribute> attributes = {{pool.Intern("kind"), pool.Intern("mentor")},
                                                    {pool.Intern("kind"), pool.Intern("mentor")}};
  const CitizenHistory h(person, events, attributes);
  person.assign(person.size(), 'x');  // the history keeps its own copy
  EXPECT_EQ(h.person(), "0123456789abcdef0123456789abcdef");
  const std::string as_string = h.person();  // converts where a std::string is wanted
  EXPECT_EQ(as_string, "0123456789abcdef0123456789abcdef");
  ASSERT_EQ(h.events().size(), 3u);
  EXPECT_EQ(h.events()[0].type, EventType::kCvRegistered);
  EXPECT_EQ(h.events()[1].attributes.ToString(), "kind=mentor");
  const auto offers = h.Intervals("offer");
  ASSERT_EQ(offers.size(), 1u);
  EXPECT_EQ(offers[0].start_event, &h.events()[1]);
  EXPECT_EQ(offers[0].end, DaysFromCivil({2020, 3, 1}));
  EXPECT_EQ(h.KommuneOn(DaysFromCivil({2020, 3, 1})), 851);
  // The object and one block: 16 bytes an event, 8 an attribute, 4 an index, 24 an interval.
  EXPECT_LE(h.MemoryBytes(), sizeof(CitizenHistory) + 3 * 16 + 2 * 8 + (3 + 1 + 3) * 4 +
                                 (IntervalKinds().size() + 1) * 4 + 24 + person.size() + 8);
}

TEST(CitizenHistoryTest, HistoriesBuiltOneAfterAnotherDoNotShareState) {
  // Building reuses per-thread scratch space: a small history after a large one is exact.
  std::vector<Event> large;
  for (int i = 0; i < 50; ++i) {
    large.push_back(E(fmt::format("2020-01-{:02d}", 1 + i % 28), EventType::kOfferStart,
                      fmt::format("kind=k{}", i), i + 1));
  }
  const CitizenHistory a(large);
  const CitizenHistory b({E("2020-05-01", EventType::kPaidHours, "hours=3|month=2020-04", 1)});
  EXPECT_EQ(a.events().size(), 50u);
  EXPECT_EQ(a.Intervals("offer").size(), 50u);
  ASSERT_EQ(b.events().size(), 1u);
  EXPECT_TRUE(b.Intervals("offer").empty());
  EXPECT_DOUBLE_EQ(b.PaidHours(MakeMonth(2020, 4)), 3.0);
  EXPECT_EQ(b.OfType(EventType::kOfferStart).size(), 0u);
  EXPECT_EQ(b.OfType(EventType::kPaidHours).size(), 1u);
}

}  // namespace
}  // namespace fremdrift::cases
