// `fremdrift events import|list`: case events into and out of the event store (SQLite or
// PostgreSQL, chosen by --db URL).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "app/app_util.h"
#include "common/log.h"
#include "eventstore/event_import.h"
#include "eventstore/event_store.h"
#include "domain/cpr.h"

namespace fremdrift {
namespace {

// Errors as ReportError writes them, with every CPR-shaped run masked (as the server's messages
// are): an events file may hold CPR numbers in any column.
int ReportMasked(const Status& s) {
  return ReportError(Status(s.code(), MaskCprShapes(s.message())));
}

struct EventsArgs {
  std::string db;
  std::string file;
  std::string key_file;
  std::string user;
  std::string person;
  std::string as_of;
  std::string data_as_of;  // import --as-of: the day up to which the file holds events
  bool all = false;
};

CommandRegistrar reg([](AppContext& ctx) {
  auto* events = ctx.Command("events");
  events->require_subcommand(1);
  auto args = std::make_shared<EventsArgs>();

  auto* import =
      events->add_subcommand("import", "import a case events CSV (docs/formats/events.md)");
  import->add_option("--db", args->db, "event store: sqlite:PATH or postgresql://...")->required();
  import->add_option("file", args->file, "events CSV (may be gzip/zstd-compressed)")->required();
  import->add_option("--key-file", args->key_file,
                     "the register's pseudonym key (needed when the file holds CPR numbers)");
  import->add_option("--user", args->user, "who imports (default: $USER)");
  import->add_option("--as-of", args->data_as_of,
                     "YYYY-MM-DD: the file holds events up to this day (the data's horizon; "
                     "default: the latest event's day)");
  ctx.OnRun(import, [&ctx, args]() -> int {
    auto reference = LoadReference(ctx);
    if (!reference.ok()) return ReportMasked(reference.status());
    std::unique_ptr<Pseudonymizer> pseudonymizer;
    if (!args->key_file.empty()) {
      auto key = Pseudonymizer::ReadKeyFile(args->key_file);
      if (!key.ok()) return ReportMasked(key.status());
      pseudonymizer = std::make_unique<Pseudonymizer>(*key);
    }
    auto store = cases::EventStore::Open(args->db);
    if (!store.ok()) return ReportMasked(store.status());
    cases::ImportOptions options;
    if (!args->data_as_of.empty()) {
      auto day = ParseIsoDate(args->data_as_of);
      if (!day.ok() || args->data_as_of.size() != 10)
        return ReportError(InvalidArgument("--as-of: '{}' is not a date YYYY-MM-DD",
                                           args->data_as_of.substr(0, 20)));
      options.data_as_of = args->data_as_of;
    }
    options.reference = &*reference;
    options.pseudonymizer = pseudonymizer.get();
    options.imported_by = args->user;
    if (options.imported_by.empty()) {
      const char* u = std::getenv("USER");
      options.imported_by = u != nullptr ? u : "unknown";
    }
    const auto started = std::chrono::steady_clock::now();
    auto report = cases::ImportEventsFile(args->file, **store, options);
    if (!report.ok()) return ReportMasked(report.status());
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    LogEvent(LogLevel::kInfo, "events import finished",
             {{"file", MaskCprShapes(args->file)},
              {"rows", report->rows},
              {"added", report->added},
              {"already_stored", report->skipped},
              {"rows_per_s", secs > 0 ? static_cast<double>(report->rows) / secs : 0.0},
              {"s", secs}});
    return kExitOk;
  });

  auto* list = events->add_subcommand("list", "list a citizen's events as CSV");
  list->add_option("--db", args->db, "event store: sqlite:PATH or postgresql://...")->required();
  list->add_option("--person", args->person, "citizen: stored id, or CPR/lobenr with --key-file");
  list->add_flag("--all", args->all, "every citizen");
  list->add_option("--key-file", args->key_file, "the register's pseudonym key");
  list->add_option("--as-of", args->as_of, "only events recorded up to this date/time");
  ctx.OnRun(list, [args]() -> int {
    if (args->person.empty() && !args->all) {
      std::fprintf(stderr, "fremdrift: events list needs --person ID or --all\n");
      return kExitUsage;
    }
    cases::AsOf as_of;
    if (!args->as_of.empty()) {
      auto parsed = cases::ParseAsOf(args->as_of);
      if (!parsed.ok()) return ReportMasked(parsed.status());
      as_of = *parsed;
    }
    auto store = cases::EventStore::Open(args->db);
    if (!store.ok()) return ReportMasked(store.status());
    std::vector<cases::Event> events;
    if (args->all) {
      Status st = (*store)->ForEachEvent(as_of, [&](cases::Event&& e) { events.push_back(e); });
      if (!st.ok()) return ReportMasked(st);
    } else {
      std::string id = args->person;
      if (!args->key_file.empty()) {
        auto key = Pseudonymizer::ReadKeyFile(args->key_file);
        if (!key.ok()) return ReportMasked(key.status());
        Pseudonymizer pseudonymizer(*key);
        id = PseudonymToHex(pseudonymizer.Of(args->person));
      }
      auto found = (*store)->EventsOfPersons({id}, as_of);
      if (!found.ok()) return ReportMasked(found.status());
      events = std::move(found).value();
    }
    std::fputs(cases::EventsToCsv(events).c_str(), stdout);
    return kExitOk;
  });
});

}  // namespace
}  // namespace fremdrift
