// The PostgreSQL backend of EventStore (libpq): bulk appends through COPY into a temporary table,
// large reads through a cursor, concurrent importers serialised by an advisory lock. A killed
// client's open transaction is rolled back by the server. Thread-safety: one object per thread.
#pragma once

#include <memory>
#include <string>

#include "eventstore/event_store.h"

typedef struct pg_conn PGconn;

namespace fremdrift::cases {

class PgEventStore : public EventStore {
 public:
  static Result<std::unique_ptr<EventStore>> Open(const std::string& url, int max_version);
  ~PgEventStore() override;

  int schema_version() const override { return version_; }
  std::string_view backend() const override { return "postgresql"; }
  Result<AppendResult> Append(const std::vector<Event>& events, const ImportInfo& info) override;
  Result<std::vector<Event>> EventsOfPersons(const std::vector<std::string>& persons,
                                             const AsOf& as_of) override;
  Result<std::vector<Event>> EventsWithIds(const std::vector<std::string>& ids) override;
  Status ForEachEvent(const AsOf& as_of, const std::function<void(Event&&)>& fn) override;
  Result<std::int64_t> CountEvents() override;
  Status ExecuteForTest(const std::string& sql) override;

 private:
  explicit PgEventStore(PGconn* conn) : conn_(conn) {}
  Status Exec(std::string_view sql);
  Status Migrate(int max_version);
  Result<std::vector<Event>> Select(const std::string& sql, const std::vector<std::string>& params);

  PGconn* conn_ = nullptr;
  int version_ = 0;
};

}  // namespace fremdrift::cases
