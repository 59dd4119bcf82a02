// The case measurements warm, as the server computes them (docs/benchmarks.md, "The case
// engine"): one process opens the event store through catalog::CaseSource (the server's access),
// loads the histories once, then computes each case measurement of the catalogue REPS times with
// its default parameters through catalog::Compute (the server's path without its Table cache:
// what a request costs whose answer is not kept yet, e.g. after an append or with new
// parameters), and appends one event (a copy of a stored event of one citizen, new id) through
// CaseSource::Append, timing the append with its history update and the measurement after it.
// Prints one JSON object. The store is written to by the append: give it a copy.
// Each measurement is timed for all municipalities and for each of KOMMUNER (the `kommune`
// parameter: a leader's or caseworker's request; default København and Herning).
// Usage: case_warm --db URL [--models DIR] [--reps N] [--threads T] [--kommuner K,K] [--no-append]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "catalog/case_source.h"
#include "catalog/catalog.h"
#include "domain/reference.h"
#include "eventstore/event_store.h"
#include "models/effort_model.h"

namespace {

using namespace fremdrift;
using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

int Fail(const std::string& what, const Status& s) {
  std::fprintf(stderr, "case_warm: %s: %s\n", what.c_str(), s.ToString().c_str());
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  std::string db;
  std::string models = cases::DefaultModelsDir();
  int reps = 5;
  std::size_t threads = 2;
  bool append = true;
  std::vector<std::string> kommuner = {"101", "657"};
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--db") db = next();
    else if (a == "--models") models = next();
    else if (a == "--reps") reps = std::max(1, std::atoi(next().c_str()));
    else if (a == "--threads") threads = static_cast<std::size_t>(std::atoi(next().c_str()));
    else if (a == "--no-append") append = false;
    else if (a == "--kommuner") {
      kommuner.clear();
      std::string list = next();
      for (std::size_t p = 0; p <= list.size();) {
        const std::size_t q = std::min(list.find(',', p), list.size());
        if (q > p) kommuner.push_back(list.substr(p, q - p));
        p = q + 1;
      }
    }
    else {
      std::fprintf(stderr,
                   "usage: case_warm --db URL [--models DIR] [--reps N] [--threads T] "
                   "[--kommuner K,K] [--no-append]\n");
      return 2;
    }
  }
  if (db.empty()) {
    std::fprintf(stderr, "case_warm: --db is required\n");
    return 2;
  }
  catalog::MeasurementRegistry registry;
  if (Status s = catalog::AddCaseMeasurements(registry); !s.ok()) return Fail("catalogue", s);
  auto source = catalog::CaseSource::Open(db, models);
  if (!source.ok()) return Fail("--db", source.status());
  auto ref = ReferenceData::LoadEmbedded();
  if (!ref.ok()) return Fail("reference data", ref.status());
  catalog::MeasureContext ctx;
  ctx.reference = &*ref;
  ctx.cases = source->get();
  ctx.threads = threads;

  auto t0 = Clock::now();
  auto data = (*source)->Data();
  if (!data.ok()) return Fail("load", data.status());
  const double load_ms = MsSince(t0);
  const std::size_t citizens = (*data)->data.citizens.size();

  const std::vector<std::string> ids = {"fsm2",          "fsm2-udbetaling", "haandholdt",
                                        "indsatsplaner", "rettidighed",     "rehabilitering"};
  auto compute = [&](const catalog::Measurement& m, std::size_t* rows,
                     const std::string& kommune = "") -> Result<double> {
    catalog::Params params;
    if (!kommune.empty()) params.Set("kommune", kommune);
    auto t = Clock::now();
    auto table = catalog::Compute(m, ctx, params);
    if (!table.ok()) return table.status();
    const double ms = MsSince(t);
    if (rows) *rows = table->rows().size();
    return ms;
  };
  std::string out = fmt::format("{{\"load_ms\":{:.1f},\"citizens\":{},\"warm\":{{", load_ms, citizens);
  for (std::size_t k = 0; k < ids.size(); ++k) {
    const catalog::Measurement* m = registry.Find(ids[k]);
    if (!m) return Fail(ids[k], NotFound("not in the catalogue"));
    std::vector<double> ms;
    std::size_t rows = 0;
    for (int r = 0; r < reps; ++r) {
      auto t = compute(*m, &rows);
      if (!t.ok()) return Fail(ids[k], t.status());
      ms.push_back(*t);
    }
    out += fmt::format("{}\"{}\":{{\"ms\":{:.1f},\"rows\":{}", k ? "," : "", ids[k], Median(ms),
                       rows);
    for (const std::string& kommune : kommuner) {
      std::vector<double> kms;
      std::size_t krows = 0;
      for (int r = 0; r < reps; ++r) {
        auto t = compute(*m, &krows, kommune);
        if (!t.ok()) return Fail(ids[k] + " kommune=" + kommune, t.status());
        kms.push_back(*t);
      }
      out += fmt::format(",\"{}\":{{\"ms\":{:.1f},\"rows\":{}}}", kommune, Median(kms), krows);
    }
    out += "}";
  }
  out += "}";

  if (append) {
    // A copy of the last stored event of the citizen in the middle of the store, with a new id:
    // an event the store accepts and that changes one history.
    const std::string person((*data)->data.citizens[citizens / 2]->person());
    auto store = cases::EventStore::Open(db);
    if (!store.ok()) return Fail("--db", store.status());
    auto events = (*store)->EventsOfPersons({person}, std::nullopt);
    if (!events.ok() || events->empty()) return Fail("append", events.status());
    cases::Event e = events->back();
    e.event_id = fmt::format("case-warm-{}", std::chrono::system_clock::now().time_since_epoch().count());
    e.supersedes.clear();
    e.seq = 0;
    cases::ImportInfo info;
    info.source = "case_warm";
    info.imported_by = "bench";
    info.imported_at = e.recorded_at;
    auto t = Clock::now();
    auto appended = (*source)->Append({e}, info);
    if (!appended.ok()) return Fail("append", appended.status());
    const double append_ms = MsSince(t);
    std::size_t rows = 0;
    auto after = compute(*registry.Find("fsm2"), &rows);
    if (!after.ok()) return Fail("fsm2 after the append", after.status());
    out += fmt::format(",\"append_ms\":{:.1f},\"added\":{},\"fsm2_after_append_ms\":{:.1f}",
                       append_ms, appended->added, *after);
  }
  out += "}";
  std::puts(out.c_str());
  return 0;
}
