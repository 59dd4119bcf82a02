// CaseSource: the case measurements' access to the event store (the server's and the CLI's).
// Loads every citizen's history (CaseData) once and shares it read-only between requests; an
// append through the API reads only the appended citizens' histories again (the others are
// shared with the earlier state). Also holds the pools' effort models (data/models).
// Thread-safety: all methods may be called from any thread; each call opens its own store
// connection (EventStore objects are one per thread).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "eventstore/case_data.h"
#include "models/effort_model.h"
#include "eventstore/event_store.h"
#include "common/status.h"

namespace fremdrift::catalog {

// The histories and an index by person.
struct LoadedCases {
  cases::CaseData data;
  // The citizens' indexes in `data.citizens`, ordered by person id (bytes): 4 bytes a citizen.
  std::vector<std::uint32_t> by_person;
  // Orders `by_person` over `data.citizens` (once loaded).
  void IndexPersons();
  // The history of one citizen, or nullptr when the store has no events for them.
  const cases::CitizenHistory* Find(std::string_view person) const;
};

class CaseSource {
 public:
  // `url`: sqlite:PATH or postgresql://...; `models_dir`: folder of model .toml files (empty:
  // no pools).
  static Result<std::unique_ptr<CaseSource>> Open(const std::string& url,
                                                  const std::string& models_dir);

  // The current histories (loaded on first use or after an append).
  Result<std::shared_ptr<const LoadedCases>> Data();
  // The histories as the store stood at `as_of` (loaded from the store on each call; not kept).
  Result<cases::CaseData> DataAsOf(const cases::AsOf& as_of);
  // Appends events (one transaction) and brings the loaded histories up to date (only the
  // appended citizens' are read again); generation() moves on.
  Result<cases::AppendResult> Append(const std::vector<cases::Event>& events,
                                     const cases::ImportInfo& info);

  const std::vector<cases::EffortModel>& models() const { return models_; }
  // Adds a pool model (replacing one with the same id); before the source is shared (the CLI's
  // `--model FILE.toml`).
  void AddModel(cases::EffortModel model);
  // The store's URL (other stores in the same database open it, e.g. cases::FinanceStore).
  const std::string& url() const { return url_; }
  const cases::EffortModel* FindModel(std::string_view id) const;
  // Bumped on every append (cache keys of case measurements include it).
  std::uint64_t generation() const;

 private:
  std::string url_;
  std::vector<cases::EffortModel> models_;
  mutable std::mutex mu_;
  std::mutex load_mu_;  // one loader at a time
  std::shared_ptr<const LoadedCases> data_;
  std::uint64_t generation_ = 0;
};

}  // namespace fremdrift::catalog
