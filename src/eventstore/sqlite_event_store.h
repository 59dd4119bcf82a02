// The SQLite backend of EventStore: one database file in WAL mode (readers never block the writer;
// a killed writer leaves the last committed state). Thread-safety: one object per thread.
#pragma once

#include <memory>
#include <string>

#include "eventstore/event_store.h"
#include "db/sqlite_db.h"

namespace fremdrift::cases {

class SqliteEventStore : public EventStore {
 public:
  static Result<std::unique_ptr<EventStore>> Open(const std::string& path, int max_version);

  int schema_version() const override { return version_; }
  std::string_view backend() const override { return "sqlite"; }
  Result<AppendResult> Append(const std::vector<Event>& events, const ImportInfo& info) override;
  Result<std::vector<Event>> EventsOfPersons(const std::vector<std::string>& persons,
                                             const AsOf& as_of) override;
  Result<std::vector<Event>> EventsWithIds(const std::vector<std::string>& ids) override;
  Status ForEachEvent(const AsOf& as_of, const std::function<void(Event&&)>& fn) override;
  Result<std::int64_t> CountEvents() override;
  Status ExecuteForTest(const std::string& sql) override;

 private:
  explicit SqliteEventStore(SqliteDb db) : db_(std::move(db)) {}
  Status Migrate(int max_version);
  Result<std::vector<Event>> Lookup(std::string_view sql, const std::vector<std::string>& keys,
                                    const AsOf& as_of);

  SqliteDb db_;
  int version_ = 0;
};

}  // namespace fremdrift::cases
