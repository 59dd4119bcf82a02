// Pool measurements over case data (see pool_measure.h).
#include "models/pool_measure.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>

#include "common/thread_pool.h"
#include "domain/clock.h"
#include "table/danish_format.h"

namespace fremdrift::cases {
namespace {

constexpr std::string_view kLandsplan = "landsplan";

struct MonthRange {
  MonthIndex from = 0;
  MonthIndex to = -1;
};

MonthRange Resolve(const EffortModel& model, const CaseData& data, const PoolQuery& q) {
  MonthRange r{q.from >= 0 ? q.from : model.from, q.to >= 0 ? q.to : model.to};
  // No month after the "as of" day or the data's horizon (the last day the store holds events).
  const DayNumber last = std::min(data.as_of_day, data.horizon);
  if (last != kOpenEnd) {
    CivilDate d = CivilFromDays(last);
    r.to = std::min(r.to, MakeMonth(d.year, d.month));
  }
  return r;
}

std::string KommuneName(const PoolQuery& q, int code) {
  if (q.reference != nullptr) {
    int idx = q.reference->MunicipalityIndex(code);
    if (idx >= 0) return q.reference->municipalities()[idx].name;
  }
  return fmt::format("{:03d}", code);
}

bool Wanted(const PoolQuery& q, int code) {
  return q.kommuner.empty() ||
         std::find(q.kommuner.begin(), q.kommuner.end(), code) != q.kommuner.end();
}

Cell Share(std::int64_t num, std::int64_t den) {
  if (den == 0) return std::monostate{};
  return 100.0 * static_cast<double>(num) / static_cast<double>(den);
}

// Numerator and denominator counts per month, municipality slot and indicator. Slot 0 is
// "landsplan"; slot i+1 is kommuner[i].
struct Counts {
  MonthRange range;
  std::vector<int> kommuner;
  std::size_t indicators = 0;
  std::vector<std::int64_t> num, den;
  std::size_t Index(MonthIndex m, std::size_t slot, std::size_t ind) const {
    return ((static_cast<std::size_t>(m - range.from) * (kommuner.size() + 1)) + slot) *
               indicators +
           ind;
  }
};

Counts Count(const EffortModel& model, const CaseData& data, const MonthRange& range) {
  Counts c;
  c.range = range;
  c.indicators = model.indicators.size();
  std::set<int> codes;
  for (const auto& citizen : data.citizens) {
    for (const HistoryEvent& e : citizen->events()) codes.insert(e.kommune);
  }
  c.kommuner.assign(codes.begin(), codes.end());
  if (range.to < range.from) return c;
  std::size_t months = static_cast<std::size_t>(range.to - range.from + 1);
  c.num.assign(months * (c.kommuner.size() + 1) * c.indicators, 0);
  c.den.assign(c.num.size(), 0);
  // The citizens in slices counted in parallel, each into its own counts, summed at the end.
  const std::size_t n = data.citizens.size();
  const std::size_t slices = std::min<std::size_t>(n, 4 * ThreadPool::DefaultThreads());
  std::vector<std::vector<std::int64_t>> nums(slices), dens(slices);
  auto count_slice = [&](std::size_t s) {
    std::vector<std::int64_t>& num = nums[s];
    std::vector<std::int64_t>& den = dens[s];
    num.assign(c.num.size(), 0);
    den.assign(c.num.size(), 0);
    for (std::size_t ci = n * s / slices; ci < n * (s + 1) / slices; ++ci) {
      const CitizenHistory& citizen = *data.citizens[ci];
      if (citizen.events().empty()) continue;
      DayNumber first_day = citizen.events().front().date;
      for (MonthIndex m = range.from; m <= range.to; ++m) {
        // Scoped to the stay in the municipality the citizen is counted in (a move starts anew).
        MonthContext ctx = MonthContext::ForCitizen(citizen, m, data.as_of_day);
        if (first_day > ctx.ref) continue;  // not yet known to the jobcenter
        int kommune = ctx.kommune;
        std::size_t slot = 1 + static_cast<std::size_t>(
                                   std::lower_bound(c.kommuner.begin(), c.kommuner.end(), kommune) -
                                   c.kommuner.begin());
        for (std::size_t i = 0; i < c.indicators; ++i) {
          const IndicatorDef& ind = model.indicators[i];
          if (!ind.denominator.Evaluate(citizen, ctx)) continue;
          bool hit = ind.numerator.Evaluate(citizen, ctx);
          for (std::size_t sl : {std::size_t{0}, slot}) {
            ++den[c.Index(m, sl, i)];
            if (hit) ++num[c.Index(m, sl, i)];
          }
        }
      }
    }
  };
  if (slices <= 1) {
    for (std::size_t s = 0; s < slices; ++s) count_slice(s);
  } else {
    ThreadPool pool(std::min(ThreadPool::DefaultThreads(), slices));
    pool.ParallelFor(slices, count_slice);
  }
  for (std::size_t s = 0; s < slices; ++s) {
    for (std::size_t k = 0; k < c.num.size(); ++k) {
      c.num[k] += nums[s][k];
      c.den[k] += dens[s][k];
    }
  }
  return c;
}

void AddAsOfNote(Table& t, const CaseData& data) {
  t.AddNote(data.as_of
                ? fmt::format("Opgjort pr. {} (hændelser registreret til og med).", *data.as_of)
                : std::string("Opgjort på alle registrerede hændelser."));
  const DayNumber last = std::min(data.as_of_day, data.horizon);
  if (last != kOpenEnd) {
    t.AddNote(HorizonNoteText(FormatIsoDate(CivilFromDays(last))), NoteKind::kHorizon);
  }
}

}  // namespace

Result<Table> PoolIndicators(const EffortModel& model, const CaseData& data, const PoolQuery& q) {
  MonthRange range = Resolve(model, data, q);
  Counts c = Count(model, data, range);
  Table t({{"periode", ColumnType::kString, ColumnRole::kDimension, "", "Måned"},
           {"kommune", ColumnType::kString, ColumnRole::kDimension, "", "Kommunekode"},
           {"omraade", ColumnType::kString, ColumnRole::kDimension, "", "Område"},
           {"indikator", ColumnType::kString, ColumnRole::kDimension, "", "Indikator"},
           {"beskrivelse", ColumnType::kString, ColumnRole::kDimension, "", "Beskrivelse"},
           {"taeller", ColumnType::kInteger, ColumnRole::kValue, "personer", "Tæller"},
           {"naevner", ColumnType::kInteger, ColumnRole::kValue, "personer", "Nævner"},
           {"andel", ColumnType::kNumber, ColumnRole::kValue, "pct", "Andel", 1}});
  t.title = fmt::format("{}: månedlige indikatorer", model.name);
  for (MonthIndex m = range.from; m <= range.to; ++m) {
    for (std::size_t slot = 0; slot <= c.kommuner.size(); ++slot) {
      std::string code =
          slot == 0 ? std::string(kLandsplan) : fmt::format("{:03d}", c.kommuner[slot - 1]);
      if (slot > 0 && !Wanted(q, c.kommuner[slot - 1])) continue;
      std::string name = slot == 0 ? "Landsplan" : KommuneName(q, c.kommuner[slot - 1]);
      for (std::size_t i = 0; i < c.indicators; ++i) {
        std::int64_t num = c.num[c.Index(m, slot, i)], den = c.den[c.Index(m, slot, i)];
        t.AddRow({FormatMonth(m), code, name, model.indicators[i].id, model.indicators[i].label,
                  num, den, Share(num, den)});
      }
    }
  }
  AddAsOfNote(t, data);
  t.AddNote("Landsplan: alle kommuner i hændelseslageret tilsammen.");
  if (!model.source.empty()) t.AddNote("Kilde: " + model.source, NoteKind::kRule);
  return t;
}

Result<Table> PoolPayout(const EffortModel& model, const CaseData& data, const PoolQuery& q) {
  if (!model.payout) return FailedPrecondition("model {} has no [payout]", model.id);
  const PayoutDef& payout = *model.payout;
  std::size_t ind = 0;
  while (model.indicators[ind].id != payout.indicator) ++ind;
  MonthRange range = Resolve(model, data, q);
  range.from = std::max(range.from, model.from);  // only the project period counts
  range.to = std::min(range.to, model.to);
  Counts c = Count(model, data, range);
  Table t({{"kommune", ColumnType::kString, ColumnRole::kDimension, "", "Kommunekode"},
           {"omraade", ColumnType::kString, ColumnRole::kDimension, "", "Område"},
           {"bedste_maaned", ColumnType::kString, ColumnRole::kValue, "", "Bedste måned"},
           {"taeller", ColumnType::kInteger, ColumnRole::kValue, "personer", "Tæller"},
           {"naevner", ColumnType::kInteger, ColumnRole::kValue, "personer", "Nævner"},
           {"andel", ColumnType::kNumber, ColumnRole::kValue, "pct", "Andel", 1},
           {"trin", ColumnType::kString, ColumnRole::kValue, "", "Trin nået"},
           {"trin_pct", ColumnType::kNumber, ColumnRole::kValue, "pct", "Tærskel nået", 0},
           {"tilskud", ColumnType::kInteger, ColumnRole::kValue, "kr.", "Tilskud"},
           {"rate1", ColumnType::kInteger, ColumnRole::kValue, "kr.", "1. rate (delregnskab)"},
           {"rate2", ColumnType::kInteger, ColumnRole::kValue, "kr.", "2. rate (slutregnskab)"},
           {"i_alt", ColumnType::kInteger, ColumnRole::kValue, "kr.", "Udbetaling i alt"}});
  t.title = fmt::format("{}: udbetaling", model.name);
  std::set<int> codes(c.kommuner.begin(), c.kommuner.end());
  for (const auto& [code, grant] : payout.grants) codes.insert(code);
  for (int code : codes) {
    if (!Wanted(q, code)) continue;
    auto pos = std::lower_bound(c.kommuner.begin(), c.kommuner.end(), code);
    std::int64_t best_num = 0, best_den = 0;
    MonthIndex best = -1;
    if (pos != c.kommuner.end() && *pos == code) {
      std::size_t slot = 1 + static_cast<std::size_t>(pos - c.kommuner.begin());
      for (MonthIndex m = range.from; m <= range.to; ++m) {
        std::int64_t num = c.num[c.Index(m, slot, ind)], den = c.den[c.Index(m, slot, ind)];
        if (den == 0) continue;
        // num/den > best_num/best_den, exactly; ties keep the earlier month.
        if (best < 0 || num * best_den > best_num * den) {
          best = m;
          best_num = num;
          best_den = den;
        }
      }
    }
    const PayoutTier* tier = nullptr;
    if (best >= 0) {
      for (const PayoutTier& pt : payout.tiers) {
        // share >= threshold, exactly: num * 100 >= threshold * den.
        if (static_cast<double>(best_num) * 100.0 >=
            pt.threshold_pct * static_cast<double>(best_den)) {
          tier = &pt;
        }
      }
    }
    auto grant_it = payout.grants.find(code);
    Cell grant = std::monostate{}, rate1 = std::monostate{}, rate2 = std::monostate{},
         total = std::monostate{};
    if (grant_it != payout.grants.end()) {
      double amount = static_cast<double>(grant_it->second.amount);
      std::int64_t r1 = static_cast<std::int64_t>(std::llround(amount * payout.interim_share));
      std::int64_t r2 =
          tier != nullptr ? static_cast<std::int64_t>(std::llround(amount * tier->final_share)) : 0;
      grant = grant_it->second.amount;
      rate1 = r1;
      rate2 = r2;
      total = r1 + r2;
    }
    t.AddRow(
        {fmt::format("{:03d}", code), KommuneName(q, code),
         best >= 0 ? Cell(FormatMonth(best)) : Cell(std::monostate{}),
         best >= 0 ? Cell(best_num) : Cell(std::monostate{}),
         best >= 0 ? Cell(best_den) : Cell(std::monostate{}), Share(best_num, best_den),
         tier != nullptr
             ? (tier->label.empty() ? FormatDanishPercentCompact(tier->threshold_pct) : tier->label)
             : std::string("intet trin nået"),
         tier != nullptr ? Cell(tier->threshold_pct) : Cell(std::monostate{}), grant, rate1, rate2,
         total});
    if (grant_it != payout.grants.end() && !grant_it->second.source.empty()) {
      t.AddNote(fmt::format("Tilskud {}: {}", KommuneName(q, code), grant_it->second.source),
                NoteKind::kRule);
    }
  }
  AddAsOfNote(t, data);
  t.AddNote(
      fmt::format("Udbetalingsmål: indikator {} ({}), bedste måned i {}-{}.", payout.indicator,
                  model.indicators[ind].label, FormatMonth(model.from), FormatMonth(model.to)),
      NoteKind::kRule);
  if (!payout.source.empty()) t.AddNote("Kilde: " + payout.source, NoteKind::kRule);
  return t;
}

Result<Table> PoolCaseload(const EffortModel& model, const CaseData& data, const PoolQuery& q) {
  if (!model.caseload) return FailedPrecondition("model {} has no [caseload]", model.id);
  const CaseloadDef& cl = *model.caseload;
  MonthRange range = Resolve(model, data, q);
  // (month, kommune, caseworker) → cases
  std::map<std::tuple<MonthIndex, int, std::string>, std::int64_t> loads;
  for (const auto& citizen : data.citizens) {
    const auto& assigned = citizen->OfType(EventType::kCaseworkerAssigned);
    if (assigned.empty()) continue;
    for (MonthIndex m = range.from; m <= range.to; ++m) {
      MonthContext ctx = MonthContext::ForCitizen(*citizen, m, data.as_of_day);
      if (!cl.active.Evaluate(*citizen, ctx)) continue;
      const HistoryEvent* latest = nullptr;
      for (const HistoryEvent* e : assigned) {
        if (e->date > ctx.ref) break;
        if (cl.role.empty() || e->attributes.Get("role") == cl.role) latest = e;
      }
      if (latest == nullptr) continue;
      int kommune = ctx.kommune;
      if (!Wanted(q, kommune)) continue;
      ++loads[{m, kommune, std::string(latest->attributes.Get("caseworker"))}];
    }
  }
  Table t({{"periode", ColumnType::kString, ColumnRole::kDimension, "", "Måned"},
           {"kommune", ColumnType::kString, ColumnRole::kDimension, "", "Kommunekode"},
           {"omraade", ColumnType::kString, ColumnRole::kDimension, "", "Område"},
           {"sagsbehandler", ColumnType::kString, ColumnRole::kDimension, "", "Sagsbehandler"},
           {"sager", ColumnType::kInteger, ColumnRole::kValue, "personer", "Sager"},
           {"advarsel", ColumnType::kInteger, ColumnRole::kValue, "personer", "Advarselsgrænse"},
           {"loft", ColumnType::kInteger, ColumnRole::kValue, "personer", "Loft"},
           {"status", ColumnType::kString, ColumnRole::kValue, "", "Status"}});
  t.title = fmt::format("{}: sager pr. sagsbehandler", model.name);
  for (const auto& [key, n] : loads) {
    const auto& [m, kommune, worker] = key;
    std::string status = n > cl.cap ? "over loft" : n > cl.warning ? "over advarselsgrænse" : "ok";
    t.AddRow({FormatMonth(m), fmt::format("{:03d}", kommune), KommuneName(q, kommune), worker, n,
              std::int64_t{cl.warning}, std::int64_t{cl.cap}, status});
  }
  AddAsOfNote(t, data);
  if (!cl.source.empty()) t.AddNote("Kilde: " + cl.source, NoteKind::kRule);
  return t;
}

Result<Table> PoolDeadlines(const EffortModel& model, const CaseData& data, const PoolQuery& q) {
  MonthRange range = Resolve(model, data, q);
  DayNumber today = data.as_of_day;
  if (today == kOpenEnd) {
    today = CurrentClock()->Today();
  }
  today = std::min(today, data.horizon);  // a deadline after the data's horizon stays open
  Table t({{"frist", ColumnType::kString, ColumnRole::kDimension, "", "Frist"},
           {"kommune", ColumnType::kString, ColumnRole::kDimension, "", "Kommunekode"},
           {"omraade", ColumnType::kString, ColumnRole::kDimension, "", "Område"},
           {"person", ColumnType::kString, ColumnRole::kDimension, "", "Borger (pseudonym)"},
           {"start", ColumnType::kString, ColumnRole::kValue, "", "Start"},
           {"fristdato", ColumnType::kString, ColumnRole::kValue, "", "Frist"},
           {"opfyldt", ColumnType::kString, ColumnRole::kValue, "", "Opfyldt"},
           {"dage_over", ColumnType::kInteger, ColumnRole::kValue, "dage", "Dage over fristen"},
           {"status", ColumnType::kString, ColumnRole::kValue, "", "Status"}});
  t.title = fmt::format("{}: frister", model.name);
  DayNumber first_day = FirstDayOfMonth(range.from), last_day = LastDayOfMonth(range.to);
  for (const DeadlineDef& d : model.deadlines) {
    for (const auto& citizen : data.citizens) {
      for (const HistoryEvent* start : citizen->OfType(d.start.type)) {
        if (!d.start.Matches(*start)) continue;
        if (start->date < first_day || start->date > last_day || start->date > today) continue;
        int kommune = start->kommune;
        if (!Wanted(q, kommune)) continue;
        DayNumber deadline = d.DeadlineFor(start->date);
        const HistoryEvent* done = nullptr;
        for (const HistoryEvent* e : citizen->OfType(d.done.type)) {
          if (e->date > today) break;
          if (e->date >= start->date && d.done.Matches(*e)) {
            done = e;
            break;
          }
        }
        std::string status;
        Cell over = std::monostate{};
        if (done != nullptr) {
          status = done->date <= deadline ? "overholdt" : "for_sent";
          over = std::int64_t{std::max(0, done->date - deadline)};
        } else if (deadline < today) {
          status = "overskredet";
          over = std::int64_t{today - deadline};
        } else {
          status = "aaben";
        }
        t.AddRow({d.id, fmt::format("{:03d}", kommune), KommuneName(q, kommune), std::string(citizen->person()),
                  FormatIsoDate(CivilFromDays(start->date)), FormatIsoDate(CivilFromDays(deadline)),
                  done != nullptr ? Cell(FormatIsoDate(CivilFromDays(done->date)))
                                  : Cell(std::monostate{}),
                  over, status});
      }
    }
  }
  t.SortBy({"frist", "kommune", "start", "person"});
  AddAsOfNote(t, data);
  for (const DeadlineDef& d : model.deadlines) {
    t.AddNote(fmt::format("{}: {}{}", d.id, d.label, d.source.empty() ? "" : " (" + d.source + ")"),
              NoteKind::kRule);
  }
  return t;
}

Result<Table> PoolSteps(const EffortModel& model, const CaseData& data, const PoolQuery& q) {
  MonthRange range = Resolve(model, data, q);
  Table t({{"periode", ColumnType::kString, ColumnRole::kDimension, "", "Måned"},
           {"kommune", ColumnType::kString, ColumnRole::kDimension, "", "Kommunekode"},
           {"omraade", ColumnType::kString, ColumnRole::kDimension, "", "Område"},
           {"trin", ColumnType::kString, ColumnRole::kDimension, "", "Trin"},
           {"personer", ColumnType::kInteger, ColumnRole::kValue, "personer", "Personer"}});
  t.title = fmt::format("{}: trin", model.name);
  std::map<std::tuple<MonthIndex, std::string, std::size_t>, std::int64_t> counts;
  std::set<int> codes;
  for (const auto& citizen : data.citizens) {
    for (MonthIndex m = range.from; m <= range.to; ++m) {
      MonthContext ctx = MonthContext::ForCitizen(*citizen, m, data.as_of_day);
      int kommune = ctx.kommune;
      for (std::size_t s = 0; s < model.steps.size(); ++s) {
        if (!model.steps[s].reached.Evaluate(*citizen, ctx)) continue;
        ++counts[{m, std::string(kLandsplan), s}];
        if (Wanted(q, kommune)) ++counts[{m, fmt::format("{:03d}", kommune), s}];
      }
    }
  }
  for (const auto& [key, n] : counts) {
    const auto& [m, code, s] = key;
    std::string name = code == kLandsplan ? "Landsplan" : KommuneName(q, std::atoi(code.c_str()));
    t.AddRow({FormatMonth(m), code, name, model.steps[s].name, n});
  }
  AddAsOfNote(t, data);
  return t;
}

}  // namespace fremdrift::cases
