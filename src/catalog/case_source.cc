// Shared, lazily reloaded case histories over the event store (case_source.h).
#include "catalog/case_source.h"

#include <algorithm>
#include <filesystem>

namespace fremdrift::catalog {

void LoadedCases::IndexPersons() {
  const auto& citizens = data.citizens;
  by_person.resize(citizens.size());
  for (std::size_t i = 0; i < by_person.size(); ++i) by_person[i] = static_cast<std::uint32_t>(i);
  auto less = [&](std::uint32_t a, std::uint32_t b) {
    return std::string_view(citizens[a]->person()) < std::string_view(citizens[b]->person());
  };
  // The store's order is usually the byte order of ids already (SQLite's).
  if (!std::is_sorted(by_person.begin(), by_person.end(), less)) {
    std::sort(by_person.begin(), by_person.end(), less);
  }
}

const cases::CitizenHistory* LoadedCases::Find(std::string_view person) const {
  const auto& citizens = data.citizens;
  auto it = std::lower_bound(by_person.begin(), by_person.end(), person,
                             [&](std::uint32_t i, std::string_view p) {
                               return std::string_view(citizens[i]->person()) < p;
                             });
  if (it == by_person.end() || std::string_view(citizens[*it]->person()) != person) return nullptr;
  return citizens[*it].get();
}

Result<std::unique_ptr<CaseSource>> CaseSource::Open(const std::string& url,
                                                     const std::string& models_dir) {
  auto src = std::make_unique<CaseSource>();
  src->url_ = url;
  {
    ASSIGN_OR_RETURN(auto store, cases::EventStore::Open(url));  // migrates, proves it opens
  }
  if (models_dir.empty()) return src;  // no pools
  std::error_code ec;
  std::vector<std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(models_dir, ec)) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path().string());
  }
  if (ec) return NotFound("--models: cannot read folder {}: {}", models_dir, ec.message());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    ASSIGN_OR_RETURN(auto model, cases::EffortModel::LoadFile(f));
    src->models_.push_back(std::move(model));
  }
  return src;
}

Result<std::shared_ptr<const LoadedCases>> CaseSource::Data() {
  {
    std::lock_guard lock(mu_);
    if (data_) return data_;
  }
  std::lock_guard load(load_mu_);
  std::uint64_t gen;
  {
    std::lock_guard lock(mu_);
    if (data_) return data_;
    gen = generation_;
  }
  ASSIGN_OR_RETURN(auto store, cases::EventStore::Open(url_));
  ASSIGN_OR_RETURN(cases::CaseData data, cases::CaseData::Load(*store, std::nullopt));
  auto loaded = std::make_shared<LoadedCases>();
  loaded->data = std::move(data);
  loaded->IndexPersons();
  std::shared_ptr<const LoadedCases> shared = std::move(loaded);
  std::lock_guard lock(mu_);
  if (gen == generation_) data_ = shared;
  return shared;
}

Result<cases::CaseData> CaseSource::DataAsOf(const cases::AsOf& as_of) {
  ASSIGN_OR_RETURN(auto store, cases::EventStore::Open(url_));
  return cases::CaseData::Load(*store, as_of);
}

Result<cases::AppendResult> CaseSource::Append(const std::vector<cases::Event>& events,
                                               const cases::ImportInfo& info) {
  // One append or load at a time, so that each update starts from the latest histories.
  std::lock_guard load(load_mu_);
  ASSIGN_OR_RETURN(auto store, cases::EventStore::Open(url_));
  ASSIGN_OR_RETURN(auto result, store->Append(events, info));
  std::shared_ptr<const LoadedCases> before;
  {
    std::lock_guard lock(mu_);
    before = data_;
    data_.reset();
    ++generation_;
  }
  if (!before || result.added == 0) {
    std::lock_guard lock(mu_);
    data_ = before;
    return result;
  }
  // Only the appended citizens' histories are read again; the others are shared. On failure the
  // next read loads everything.
  std::vector<std::string> persons;
  for (const cases::Event& e : events) persons.push_back(e.person);
  auto updated = before->data.WithPersonsReloaded(*store, persons, result.added);
  if (updated.ok()) {
    auto loaded = std::make_shared<LoadedCases>();
    loaded->data = std::move(updated).value();
    loaded->IndexPersons();
    std::lock_guard lock(mu_);
    data_ = std::move(loaded);
  }
  return result;
}

void CaseSource::AddModel(cases::EffortModel model) {
  for (auto& m : models_) {
    if (m.id == model.id) {
      m = std::move(model);
      return;
    }
  }
  models_.push_back(std::move(model));
}

const cases::EffortModel* CaseSource::FindModel(std::string_view id) const {
  for (const auto& m : models_) {
    if (m.id == id) return &m;
  }
  return nullptr;
}

std::uint64_t CaseSource::generation() const {
  std::lock_guard lock(mu_);
  return generation_;
}

}  // namespace fremdrift::catalog
