// The PostgreSQL backend of EventStore, through db::PgConnection: bulk appends through COPY into a
// temporary table, large reads through a cursor, concurrent importers serialised by an advisory
// lock. A killed client's open transaction is rolled back by the server.
// Thread-safety: one object per thread.
#pragma once

#include <memory>
#include <string>

#include "db/pg_connection.h"
#include "eventstore/event_store.h"
#include "eventstore/event_store_internal.h"

namespace fremdrift::cases {

class PgEventStore : public EventStore {
 public:
  static Result<std::unique_ptr<EventStore>> Open(const std::string& url, int max_version);

  int schema_version() const override { return version_; }
  std::string_view backend() const override { return "postgresql"; }
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
  explicit PgEventStore(std::unique_ptr<db::PgConnection> conn) : conn_(std::move(conn)) {}
  Result<std::vector<Event>> Select(const std::string& sql, const std::vector<std::string>& params);
  Status CopyIncoming(const std::vector<const Event*>& fresh);

  std::unique_ptr<db::PgConnection> conn_;
  int version_ = 0;
};

}  // namespace fremdrift::cases
