// Loading every citizen's history from the store (see case_data.h).
#include "eventstore/case_data.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "common/thread_pool.h"
#include "eventstore/history_rows.h"

namespace fremdrift::cases {
namespace {

DayNumber AsOfDay(const AsOf& as_of) {
  if (!as_of) return kOpenEnd;
  auto d = ParseIsoDate(std::string_view(*as_of).substr(0, 10));
  return d.ok() ? DaysFromCivil(*d) : kOpenEnd;
}

// The horizon: the latest declared day when the most recent import declared one (it may be
// before or after the latest event); else the later of any declared day and the latest effective
// event's day, so events appended since (through the API, or an import without --as-of) count.
DayNumber HorizonDay(const CaseData& data, const DeclaredHorizonInfo& declared) {
  DayNumber day = kOpenEnd;
  if (declared.day) {
    auto d = ParseIsoDate(std::string_view(*declared.day).substr(0, 10));
    if (d.ok()) day = DaysFromCivil(*d);
    if (d.ok() && declared.by_latest_import) return day;
  }
  DayNumber latest = kOpenEnd;
  for (const auto& c : data.citizens) {
    if (c->events().empty()) continue;
    DayNumber last = c->events().back().date;  // events are by day
    if (latest == kOpenEnd || last > latest) latest = last;
  }
  if (day == kOpenEnd) return latest;
  return latest == kOpenEnd ? day : std::max(day, latest);
}

}  // namespace

Result<CaseData> CaseData::Load(EventStore& store, const AsOf& as_of) {
  CaseData data;
  data.as_of = as_of;
  data.as_of_day = AsOfDay(as_of);
  // The store is read on this thread, its rows copied undecoded into a batch (HistoryRows: one
  // text buffer, no Event per row); the histories are built from the batches on the pool's
  // threads and kept in the store's order. At most a few batches are in flight (the reader
  // waits), so memory is the compact histories plus those batches. A row that cannot be decoded
  // stops the load: the first such row in the store's order is reported.
  constexpr std::size_t kBatchCitizens = 1024;
  ThreadPool pool(ThreadPool::DefaultThreads());
  const std::size_t max_in_flight = 2 * pool.size() + 1;
  std::size_t in_flight = 0;
  std::condition_variable done_cv;
  std::mutex mu;
  std::vector<std::vector<std::shared_ptr<const CitizenHistory>>> built;
  std::vector<Status> errors;  // per batch, in the store's order
  std::atomic<bool> failed{false};
  // Batches built are emptied and handed back to the reader, so that their memory is reused
  // (fresh pages cost the reading thread, the load's slowest part, their clearing by the kernel).
  std::vector<std::shared_ptr<HistoryRows>> free_batches;
  auto batch = std::make_shared<HistoryRows>();
  std::size_t last_rows = 0, last_text = 0;  // the size of the batch handed over last
  auto submit = [&] {
    if (batch->empty()) return;
    const std::size_t rows = batch->rows(), text = batch->text_bytes();
    std::size_t slot;
    {
      std::unique_lock lock(mu);
      done_cv.wait(lock, [&] { return in_flight < max_in_flight; });
      ++in_flight;
      slot = built.size();
      built.emplace_back();
      errors.emplace_back();
    }
    pool.Submit([&, slot, rows = std::move(batch)] {
      std::vector<std::shared_ptr<const CitizenHistory>> out;
      out.reserve(rows->citizens());
      HistoryBuilder builder;
      Status status;
      for (std::size_t i = 0; i < rows->citizens(); ++i) {
        auto history = builder.Build(*rows, i);
        if (!history.ok()) {
          status = history.status();
          failed = true;
          break;
        }
        if (*history) out.push_back(std::move(history).value());
      }
      rows->Clear();
      {
        std::lock_guard lock(mu);  // each batch stops at its own first bad row, if any
        built[slot] = std::move(out);
        errors[slot] = std::move(status);
        free_batches.push_back(rows);
        --in_flight;
      }
      done_cv.notify_one();
    });
    {
      std::lock_guard lock(mu);
      if (free_batches.empty()) {
        batch = std::make_shared<HistoryRows>();
      } else {
        batch = std::move(free_batches.back());
        free_batches.pop_back();
      }
    }
    last_rows = rows;
    last_text = text;
  };
  Status read = store.ForEachEventRow(as_of, [&](const EventRow& row) -> Status {
    // After a bad row the read stops; the row's error is reported below.
    if (failed.load(std::memory_order_relaxed)) return Internal("stopped at a bad row");
    ++data.events;
    // A new citizen after a full batch: hand the batch over (a citizen is never split).
    if (batch->citizens() >= kBatchCitizens && batch->person(batch->citizens() - 1) != row.person)
      submit();
    // A batch is likely about as large as the one before: room for a quarter more, so that it
    // is seldom copied while it grows.
    if (batch->empty() && last_rows > 0) {
      batch->Reserve(kBatchCitizens + 1, last_rows + last_rows / 4, last_text + last_text / 4);
    }
    batch->Add(row);
    return Status::Ok();
  });
  submit();
  pool.Wait();
  // A bad row comes before any later failure of the read itself.
  for (Status& e : errors) {
    if (!e.ok()) return std::move(e);
  }
  RETURN_IF_ERROR(read);
  std::size_t total = 0;
  for (const auto& b : built) total += b.size();
  data.citizens.reserve(total);
  for (auto& b : built) {
    for (auto& c : b) data.citizens.push_back(std::move(c));
    std::vector<std::shared_ptr<const CitizenHistory>>().swap(b);  // let each batch's list go
  }
  ASSIGN_OR_RETURN(DeclaredHorizonInfo declared, store.DeclaredHorizon());
  data.horizon = HorizonDay(data, declared);
  return data;
}

Result<CaseData> CaseData::WithPersonsReloaded(EventStore& store,
                                               const std::vector<std::string>& persons,
                                               std::int64_t appended) const {
  if (as_of) return FailedPrecondition("an \"as of\" state is not brought up to date");
  CaseData data = *this;  // shares every history
  data.events += appended;
  std::vector<std::string> wanted = persons;
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  // Where each of them is now (a linear pass: the list may not be in byte order).
  std::unordered_map<std::string_view, std::size_t> at;
  for (const std::string& p : wanted) at.emplace(p, data.citizens.size());
  for (std::size_t i = 0; i < data.citizens.size(); ++i) {
    auto it = at.find(data.citizens[i]->person());
    if (it != at.end()) it->second = i;
  }
  std::vector<std::shared_ptr<const CitizenHistory>> added;
  for (const std::string& p : wanted) {
    ASSIGN_OR_RETURN(std::vector<Event> events, store.EventsOfPersons({p}, std::nullopt));
    std::vector<Event> effective = EffectiveEvents(std::move(events));
    std::shared_ptr<const CitizenHistory> history;
    if (!effective.empty()) history = std::make_shared<CitizenHistory>(effective);
    const std::size_t i = at[p];
    if (i < data.citizens.size()) {
      data.citizens[i] = std::move(history);  // null when nothing of theirs counts any more
    } else if (history) {
      added.push_back(std::move(history));
    }
  }
  data.citizens.erase(std::remove(data.citizens.begin(), data.citizens.end(), nullptr),
                      data.citizens.end());
  // A new citizen goes where the byte order of ids puts them (the SQLite store's order).
  for (auto& h : added) {
    auto pos = std::lower_bound(
        data.citizens.begin(), data.citizens.end(), h->person(),
        [](const std::shared_ptr<const CitizenHistory>& c, std::string_view p) {
          return std::string_view(c->person()) < p;
        });
    data.citizens.insert(pos, std::move(h));
  }
  ASSIGN_OR_RETURN(DeclaredHorizonInfo declared, store.DeclaredHorizon());
  data.horizon = HorizonDay(data, declared);
  return data;
}

CaseData CaseData::FromEvents(std::vector<Event> events, const AsOf& as_of,
                              const std::optional<std::string>& declared_horizon) {
  CaseData data;
  data.as_of = as_of;
  data.as_of_day = AsOfDay(as_of);
  std::stable_sort(events.begin(), events.end(),
                   [](const Event& a, const Event& b) { return a.person < b.person; });
  std::size_t i = 0;
  while (i < events.size()) {
    std::size_t j = i;
    std::vector<Event> one;
    while (j < events.size() && events[j].person == events[i].person) {
      if (!as_of || events[j].recorded_at <= *as_of) one.push_back(events[j]);
      ++j;
    }
    data.events += static_cast<std::int64_t>(one.size());
    if (!one.empty())
      data.citizens.push_back(std::make_shared<CitizenHistory>(EffectiveEvents(std::move(one))));
    i = j;
  }
  data.horizon = HorizonDay(data, {declared_horizon, declared_horizon.has_value()});
  return data;
}

}  // namespace fremdrift::cases
