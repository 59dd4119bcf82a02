// The shared event-store suite: every test runs against SQLite and PostgreSQL (the latter skipped
// with a message when FREMDRIFT_TEST_PG_URL is unset).
#include "eventstore/event_store.h"

#include <gtest/gtest.h>

#include <thread>

#include "db/connection.h"
#include "eventstore/backend_test.h"
#include "eventstore/event_store_internal.h"
#include "eventstore/test_database.h"

namespace fremdrift::cases {
namespace {

Event MakeEvent(std::string id, std::string person, std::string day, EventType type,
                std::string attrs, std::string recorded_at, std::string supersedes = "") {
  Event e;
  e.event_id = std::move(id);
  e.person = std::move(person);
  e.kommune = 657;
  e.date = DaysFromCivil(*ParseIsoDate(day));
  e.type = type;
  e.attributes = *Attributes::Parse(attrs);
  e.recorded_by = "sagsbehandler\tA";  // a tab survives COPY escaping
  e.recorded_at = std::move(recorded_at);
  e.supersedes = std::move(supersedes);
  return e;
}

class EventStoreTest : public BackendTest {
 protected:
  std::vector<Event> Sample() {
    return {
        MakeEvent("e1", "p1", "2020-01-06", EventType::kVisitation, "project=fsm2|group=1",
                  "2020-01-06T09:00:00"),
        MakeEvent("e2", "p1", "2020-01-10", EventType::kJobformidlerAssigned, "jobformidler=Ann",
                  "2020-01-10T09:00:00"),
        MakeEvent("e3", "p2", "2020-02-01", EventType::kVisitation, "project=fsm2|group=2",
                  "2020-02-01T09:00:00"),
    };
  }
};

TEST_P(EventStoreTest, OpensAtCurrentSchemaVersion) {
  EXPECT_EQ(store_->schema_version(), kSchemaVersion);
  EXPECT_EQ(store_->backend(), GetParam());
  // Reopening applies nothing new.
  auto again = EventStore::Open(db_->url());
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ((*again)->schema_version(), kSchemaVersion);
}

TEST_P(EventStoreTest, AppendsAndReadsBack) {
  std::vector<Event> events = Sample();
  events[1].attributes.Set("jobformidler", "Ann \"A\" \\ B");
  auto r = store_->Append(events, {"a.csv", "tester", ""});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->added, 3);
  EXPECT_EQ(r->skipped, 0);
  auto p1 = store_->EventsOfPersons({"p1"}, std::nullopt);
  ASSERT_TRUE(p1.ok()) << p1.status().ToString();
  ASSERT_EQ(p1->size(), 2u);
  EXPECT_TRUE((*p1)[0].SameContent(events[0]));
  EXPECT_TRUE((*p1)[1].SameContent(events[1]));
  EXPECT_LT((*p1)[0].seq, (*p1)[1].seq);
  EXPECT_EQ((*p1)[1].attributes.Get("jobformidler"), "Ann \"A\" \\ B");
  EXPECT_EQ((*p1)[1].recorded_by, "sagsbehandler\tA");
  EXPECT_EQ(*store_->CountEvents(), 3);
}

TEST_P(EventStoreTest, SameEventTwiceIsStoredOnce) {
  ASSERT_TRUE(store_->Append(Sample(), {"a.csv", "tester", ""}).ok());
  auto again = store_->Append(Sample(), {"a.csv", "tester", ""});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->added, 0);
  EXPECT_EQ(again->skipped, 3);
  EXPECT_EQ(*store_->CountEvents(), 3);
}

TEST_P(EventStoreTest, ReusedIdWithOtherContentFailsAndAddsNothing) {
  ASSERT_TRUE(store_->Append(Sample(), {"a.csv", "tester", ""}).ok());
  std::vector<Event> next = {
      MakeEvent("e4", "p3", "2020-03-01", EventType::kVisitation, "project=fsm2|group=1",
                "2020-03-01T09:00:00"),
      MakeEvent("e1", "p1", "2020-01-07", EventType::kVisitation, "project=fsm2|group=1",
                "2020-01-06T09:00:00"),
  };
  auto r = store_->Append(next, {"b.csv", "tester", ""});
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(*store_->CountEvents(), 3);  // e4 not added either
}

TEST_P(EventStoreTest, AsOfSeesOnlyEventsRecordedBefore) {
  ASSERT_TRUE(store_->Append(Sample(), {"a.csv", "tester", ""}).ok());
  auto early = store_->EventsOfPersons({"p1", "p2"}, std::string("2020-01-31T23:59:59"));
  ASSERT_TRUE(early.ok());
  EXPECT_EQ(early->size(), 2u);
  int n = 0;
  ASSERT_TRUE(store_->ForEachEvent(std::string("2020-01-06T09:00:00"), [&](Event&&) { ++n; }).ok());
  EXPECT_EQ(n, 1);  // recorded exactly at the bound counts
  n = 0;
  ASSERT_TRUE(store_->ForEachEvent(std::nullopt, [&](Event&&) { ++n; }).ok());
  EXPECT_EQ(n, 3);
}

TEST_P(EventStoreTest, ForEachGroupsByPerson) {
  std::vector<Event> events = Sample();
  events.push_back(
      MakeEvent("e5", "p1", "2020-03-01", EventType::kCvRegistered, "", "2020-03-01T09:00:00"));
  ASSERT_TRUE(store_->Append(events, {"a.csv", "tester", ""}).ok());
  std::vector<std::string> order;
  ASSERT_TRUE(store_
                  ->ForEachEvent(std::nullopt,
                                 [&](Event&& e) { order.push_back(e.person + ":" + e.event_id); })
                  .ok());
  EXPECT_EQ(order, (std::vector<std::string>{"p1:e1", "p1:e2", "p1:e5", "p2:e3"}));
}

TEST_P(EventStoreTest, ForEachEventRowReadsTheRowsForEachEventReads) {
  std::vector<Event> events = Sample();
  events.push_back(MakeEvent("e5", "p1", "2020-03-01", EventType::kRetraction, "",
                             "2020-03-01T09:00:00", "e2"));
  ASSERT_TRUE(store_->Append(events, {"a.csv", "tester", ""}).ok());
  for (const AsOf& as_of : {AsOf(), AsOf("2020-01-10T09:00:00")}) {
    std::vector<std::string> full, rows;
    ASSERT_TRUE(store_
                    ->ForEachEvent(as_of,
                                   [&](Event&& e) {
                                     full.push_back(fmt::format(
                                         "{} {} {} {} {} {} {} {}", e.event_id, e.person,
                                         e.kommune, internal::DayText(e.date),
                                         EventTypeName(e.type), e.attributes.ToString(),
                                         e.supersedes, e.seq));
                                   })
                    .ok());
    ASSERT_TRUE(store_
                    ->ForEachEventRow(as_of,
                                      [&](const EventRow& r) {
                                        rows.push_back(fmt::format("{} {} {} {} {} {} {} {}",
                                                                   r.event_id, r.person, r.kommune,
                                                                   r.day, r.type, r.attributes,
                                                                   r.supersedes, r.seq));
                                        return Status::Ok();
                                      })
                    .ok());
    EXPECT_EQ(rows, full);
    EXPECT_EQ(full.size(), as_of ? 2u : 4u);
  }
  // An error from the callback stops the read and is returned.
  int seen = 0;
  Status stopped = store_->ForEachEventRow(std::nullopt, [&](const EventRow&) {
    return ++seen == 2 ? Internal("enough") : Status::Ok();
  });
  EXPECT_EQ(stopped.message(), "enough");
  EXPECT_EQ(seen, 2);
}

TEST_P(EventStoreTest, SchemaRefusesUpdateAndDelete) {
  ASSERT_TRUE(store_->Append(Sample(), {"a.csv", "tester", ""}).ok());
  EXPECT_FALSE(store_->ExecuteForTest("UPDATE events SET person = 'x'").ok());
  EXPECT_FALSE(store_->ExecuteForTest("DELETE FROM events").ok());
  EXPECT_EQ(*store_->CountEvents(), 3);
}

TEST_P(EventStoreTest, MigratesAnOlderSchema) {
  auto db = TestDatabase::Create(GetParam());
  ASSERT_TRUE(db.ok());
  {
    auto v1 = EventStore::Open(db->url(), 1);
    ASSERT_TRUE(v1.ok()) << v1.status().ToString();
    EXPECT_EQ((*v1)->schema_version(), 1);
    EXPECT_FALSE((*v1)->Append(Sample(), {"a.csv", "t", ""}).ok());
  }
  auto v2 = EventStore::Open(db->url());
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  EXPECT_EQ((*v2)->schema_version(), kSchemaVersion);
  EXPECT_TRUE((*v2)->Append(Sample(), {"a.csv", "t", ""}).ok());
}

TEST_P(EventStoreTest, RefusesANewerSchema) {
  ASSERT_TRUE(store_
                  ->ExecuteForTest("INSERT INTO schema_migrations VALUES (99, 'future', "
                                   "'2030-01-01T00:00:00')")
                  .ok());
  auto again = EventStore::Open(db_->url());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kFailedPrecondition);
}

TEST_P(EventStoreTest, ConcurrentOpenAndAppendFromTwoConnections) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 2; ++t) {
    threads.emplace_back([&, t] {
      auto store = EventStore::Open(db_->url());
      if (!store.ok()) {
        ++failures;
        return;
      }
      for (int i = 0; i < 5; ++i) {
        std::string id = "t" + std::to_string(t) + "_" + std::to_string(i);
        auto r = (*store)->Append({MakeEvent(id, "p" + id, "2020-01-01", EventType::kVisitation,
                                             "project=haandholdt", "2020-01-01T00:00:00")},
                                  {"x", "t", ""});
        if (!r.ok()) ++failures;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(*store_->CountEvents(), 10);
}

TEST_P(EventStoreTest, HasEventsTellsAnEmptyStore) {
  auto empty = store_->HasEvents();
  ASSERT_TRUE(empty.ok()) << empty.status().ToString();
  EXPECT_FALSE(*empty);
  ASSERT_TRUE(store_->Append(Sample(), {"a.csv", "tester", ""}).ok());
  auto some = store_->HasEvents();
  ASSERT_TRUE(some.ok());
  EXPECT_TRUE(*some);
}

// A large append into a smaller store (SQLite drops its secondary indexes and builds them again
// after the rows): the indexes are there afterwards, the events read back in order, and the same
// append again adds nothing; a conflicting id among many fails and adds nothing.
TEST_P(EventStoreTest, LargeAppendKeepsIndexesAndOrder) {
  std::vector<Event> events;
  for (int i = 0; i < 20000; ++i) {
    events.push_back(MakeEvent(fmt::format("b{}", i), fmt::format("p{}", i % 4000), "2020-01-06",
                               i < 4000 ? EventType::kVisitation : EventType::kCvRegistered,
                               i < 4000 ? "project=haandholdt" : "", "2020-01-06T09:00:00"));
  }
  auto r = store_->Append(events, {"big.csv", "tester", ""});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->added, 20000);
  auto p7 = store_->EventsOfPersons({"p7"}, std::nullopt);
  ASSERT_TRUE(p7.ok());
  ASSERT_EQ(p7->size(), 5u);
  for (std::size_t i = 0; i < p7->size(); ++i) {
    EXPECT_EQ((*p7)[i].event_id, fmt::format("b{}", 7 + 4000 * i));
  }
  if (GetParam() == "sqlite") {
    auto conn = db::Connection::Open(db_->url());
    ASSERT_TRUE(conn.ok()) << conn.status().ToString();
    auto q = (*conn)->Prepare(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN ('events_person', "
        "'events_recorded_at')");
    ASSERT_TRUE(q.ok());
    auto row = (*q)->Step();
    ASSERT_TRUE(row.ok() && *row);
    EXPECT_EQ((*q)->ColumnInt64(0), 2);
  }
  auto again = store_->Append(events, {"big.csv", "tester", ""});
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(again->added, 0);
  EXPECT_EQ(again->skipped, 20000);
  events[12345].attributes.Set("x", "y");
  events.push_back(MakeEvent("new1", "p1", "2020-01-07", EventType::kCvRegistered, "",
                             "2020-01-07T09:00:00"));
  auto conflict = store_->Append(events, {"big.csv", "tester", ""});
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.status().code(), StatusCode::kAlreadyExists);
  EXPECT_NE(conflict.status().message().find("'b12345'"), std::string::npos)
      << conflict.status().message();
  EXPECT_EQ(*store_->CountEvents(), 20000);
}

TEST(EffectiveEventsTest, SupersededAndRetractedEventsDrop) {
  std::vector<Event> events = {
      MakeEvent("a", "p", "2020-01-01", EventType::kVisitation, "project=fsm2|group=1",
                "2020-01-01T00:00:00"),
      MakeEvent("b", "p", "2020-01-02", EventType::kVisitation, "project=fsm2|group=2",
                "2020-01-05T00:00:00", "a"),
      MakeEvent("c", "p", "2020-01-03", EventType::kCvRegistered, "", "2020-01-05T00:00:00"),
      MakeEvent("d", "p", "2020-01-03", EventType::kRetraction, "", "2020-01-06T00:00:00", "c"),
  };
  std::vector<Event> eff = EffectiveEvents(events);
  ASSERT_EQ(eff.size(), 1u);
  EXPECT_EQ(eff[0].event_id, "b");
  events.pop_back();
  EXPECT_EQ(EffectiveEvents(events).size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, EventStoreTest, ::testing::ValuesIn(TestDatabase::Backends()),
                         [](const auto& info) { return info.param; });

TEST(EventStoreOpenTest, RejectsUnknownUrls) {
  EXPECT_FALSE(EventStore::Open("mysql://x").ok());
  EXPECT_FALSE(EventStore::Open("sqlite:").ok());
  auto down = EventStore::Open("postgresql://nobody@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.status().code(), StatusCode::kUnavailable);
}

}  // namespace
}  // namespace fremdrift::cases
