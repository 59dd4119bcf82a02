// The SQLite backend of EventStore: one database file in WAL mode (readers never block the writer;
// a killed writer leaves the last committed state), through db::Connection. An append inserts
// its events with one reused prepared statement inside one transaction.
// Thread-safety: one object per thread.
#pragma once

#include <memory>
#include <string>

#include "db/connection.h"
#include "eventstore/event_store.h"
#include "eventstore/event_store_internal.h"

namespace fremdrift::cases {

class SqliteEventStore : public EventStore {
 public:
  static Result<std::unique_ptr<EventStore>> Open(const std::string& path, int max_version);

  int schema_version() const override { return version_; }
  std::string_view backend() const override { return "sqlite"; }
  Result<AppendResult> Append(const std::vector<Event>& events, const ImportInfo& info) override;
  // internal::BeginPipelinedAppend on this backend.
  Result<std::unique_ptr<internal::PipelinedAppend>> BeginPipelinedAppend(
      const ImportInfo& info, std::size_t expected_events);
  Result<std::vector<Event>> EventsOfPersons(const std::vector<std::string>& persons,
                                             const AsOf& as_of) override;
  Result<std::vector<Event>> EventsWithIds(const std::vector<std::string>& ids) override;
  Status ForEachEvent(const AsOf& as_of, const std::function<void(Event&&)>& fn) override;
  Status ForEachEventRow(const AsOf& as_of,
                         const std::function<Status(const EventRow&)>& fn) override;
  Result<std::int64_t> CountEvents() override;
  Result<bool> HasEvents() override;
  Result<DeclaredHorizonInfo> DeclaredHorizon() override;
  Status ExecuteForTest(const std::string& sql) override;

 private:
  explicit SqliteEventStore(std::unique_ptr<db::Connection> conn) : conn_(std::move(conn)) {}
  Result<std::vector<Event>> Lookup(std::string_view sql, const std::vector<std::string>& keys,
                                    const AsOf& as_of);

  std::unique_ptr<db::Connection> conn_;
  int version_ = 0;
};

}  // namespace fremdrift::cases
