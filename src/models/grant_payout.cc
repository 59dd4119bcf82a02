// Payout status of stored grants (see grant_payout.h).
#include "models/grant_payout.h"

#include <fmt/format.h>

#include <cmath>
#include <map>

#include "models/pool_measure.h"
#include "table/danish_format.h"

namespace fremdrift::cases {
namespace {

// "15 %" / "17,5 %" as the tier labels are read.
std::string Pct(double v) { return FormatDanishPercentCompact(v); }

MonthIndex ParseMonthText(const std::string& s) {
  int y = 0, m = 0;
  if (std::sscanf(s.c_str(), "%d-%d", &y, &m) != 2) return -1;
  return MakeMonth(y, m);
}

std::string MonthText(MonthIndex m) {
  return fmt::format("{:04d}-{:02d}", YearOfMonth(m), MonthOfYear(m));
}

}  // namespace

Result<GrantPayoutStatus> ComputeGrantPayout(const StoredGrant& grant, const EffortModel* model,
                                             const CaseData* data, const ReferenceData* reference,
                                             MonthIndex to, const PoolIndicatorFn& indicators) {
  GrantPayoutStatus s;
  s.grant = grant;
  if (!grant.payout_rates.empty()) {
    std::vector<PayoutRateRecord> rates = grant.payout_rates;
    s.rule = *PayoutRuleFromRates(rates);
    s.rule_source = "tilsagnets rater";
    for (const auto& r : rates) {
      if (r.kind == "tier" && !r.indicator.empty()) s.indicator = r.indicator;
    }
  } else if (model != nullptr && model->payout) {
    s.rule.interim_fraction = model->payout->interim_share;
    s.rule.tiers.clear();
    for (const auto& t : model->payout->tiers)
      s.rule.tiers.push_back({t.threshold_pct, t.final_share});
    s.rule_source = fmt::format("modellen {}", model->id);
  } else {
    s.rule_source = "standardsatserne (payout.h)";
  }
  RETURN_IF_ERROR(ValidatePayoutRule(s.rule));
  if (s.indicator.empty() && model != nullptr && model->payout)
    s.indicator = model->payout->indicator;
  s.split_problems = CheckSplit(grant.grant, AppropriationYears(grant));

  if (model != nullptr && data != nullptr && !s.indicator.empty()) {
    bool known = false;
    for (const auto& ind : model->indicators) {
      if (ind.id == s.indicator) {
        known = true;
        s.indicator_label = ind.label;
      }
    }
    if (!known) {
      return InvalidArgument("grant {}: the payout indicator '{}' is not in model {}",
                             grant.grant.id, s.indicator, model->id);
    }
    PoolQuery q;
    q.reference = reference;
    q.kommuner = {grant.kommune};
    // The project period, as far as the model's measurement reaches.
    q.from = std::max(MakeMonth(grant.grant.start.year, grant.grant.start.month), model->from);
    q.to = MakeMonth(grant.grant.end.year, grant.grant.end.month);
    if (model->to >= 0) q.to = std::min(q.to, model->to);
    if (to >= 0) q.to = std::min(q.to, to);
    if (data->as_of_day != kOpenEnd) {
      CivilDate d = CivilFromDays(data->as_of_day);
      q.to = std::min(q.to, MakeMonth(d.year, d.month));
    }
    if (q.from <= q.to) {
      ASSIGN_OR_RETURN(Table t, indicators ? indicators(*model, *data, q)
                                           : PoolIndicators(*model, *data, q));
      const int mc = t.ColumnIndex("periode"), kc = t.ColumnIndex("kommune"),
                ic = t.ColumnIndex("indikator"), nc = t.ColumnIndex("taeller"),
                dc = t.ColumnIndex("naevner"), ac = t.ColumnIndex("andel");
      std::map<MonthIndex, IndicatorMonth> months;
      const std::string code = fmt::format("{:03d}", grant.kommune);
      for (const auto& row : t.rows()) {
        if (CellToString(row[ic]) != s.indicator) continue;
        MonthIndex m = ParseMonthText(CellToString(row[mc]));
        auto [it, fresh] = months.try_emplace(m);
        IndicatorMonth& im = it->second;
        if (fresh) {
          im.month = m;
          im.share_pct = std::nan("");
          im.national_share_pct = std::nan("");
        }
        if (CellToString(row[kc]) == code) {
          im.numerator = std::get<std::int64_t>(row[nc]);
          im.denominator = std::get<std::int64_t>(row[dc]);
          im.share_pct = CellToDouble(row[ac]);
        } else {
          im.national_share_pct = CellToDouble(row[ac]);
        }
      }
      for (auto& [m, im] : months) s.months.push_back(im);
    }
  }

  std::vector<MonthValue> values;
  for (const auto& m : s.months) {
    if (!std::isnan(m.share_pct)) values.push_back({m.month, m.share_pct});
  }
  std::int64_t interim_expenses = -1, total_expenses = -1;
  for (const auto& a : grant.accounts) {
    if (a.account == "interim") interim_expenses = a.expenses;
    if (a.account == "final") total_expenses = a.expenses;
  }
  ASSIGN_OR_RETURN(
      s.now, ComputePayout(grant.grant.amount, s.rule, values, interim_expenses, total_expenses));
  const double first = s.rule.tiers.empty() ? 0 : s.rule.tiers[0].min_share_pct;
  std::vector<std::pair<std::string, double>> cases = {{"Under " + Pct(first), -1}};
  for (const auto& t : s.rule.tiers)
    cases.push_back({"Mindst " + Pct(t.min_share_pct), t.min_share_pct});
  for (const auto& [label, share] : cases) {
    std::vector<MonthValue> probe;
    if (share >= 0) probe.push_back({0, share});
    ASSIGN_OR_RETURN(PayoutResult r, ComputePayout(grant.grant.amount, s.rule, probe));
    s.tiers.push_back({label, share, r});
  }
  return s;
}

Table GrantTierTable(const GrantPayoutStatus& s) {
  Table t(
      {{"trin", ColumnType::kString, ColumnRole::kDimension, "", "Resultat i bedste måned"},
       {"rate1", ColumnType::kInteger, ColumnRole::kValue, "kr.", "1. rate (kr.)"},
       {"rate2", ColumnType::kInteger, ColumnRole::kValue, "kr.", "2. rate (kr.)"},
       {"i_alt", ColumnType::kInteger, ColumnRole::kValue, "kr.", "Udbetaling i alt (kr.)"},
       {"ikke_udbetalt", ColumnType::kInteger, ColumnRole::kValue, "kr.", "Ikke udbetalt (kr.)"},
       {"naaet", ColumnType::kString, ColumnRole::kDimension, "", "Nået nu"}});
  t.title = fmt::format("{}: udbetaling efter opnået resultat", s.grant.grant.pool);
  for (size_t i = 0; i < s.tiers.size(); ++i) {
    const TierPayout& tp = s.tiers[i];
    const bool reached = static_cast<int>(i) == s.now.tier && s.now.best_month >= 0;
    t.AddRow({tp.label, tp.payout.interim, tp.payout.final_rate, tp.payout.total,
              tp.payout.forfeited, std::string(reached ? "ja" : "")});
  }
  t.AddNote(fmt::format("Udbetalingsregel: {}.", s.rule_source), NoteKind::kRule);
  return t;
}

Table GrantsTable(const std::vector<GrantPayoutStatus>& statuses) {
  Table t({{"id", ColumnType::kString, ColumnRole::kDimension, "", "Tilsagn"},
           {"kommune", ColumnType::kString, ColumnRole::kDimension, "", "Kommunekode"},
           {"pulje", ColumnType::kString, ColumnRole::kDimension, "", "Pulje"},
           {"tilskudsgiver", ColumnType::kString, ColumnRole::kDimension, "", "Tilskudsgiver"},
           {"projektperiode", ColumnType::kString, ColumnRole::kDimension, "", "Projektperiode"},
           {"tilskud", ColumnType::kInteger, ColumnRole::kValue, "kr.", "Tilskud (kr.)"},
           {"bevilget", ColumnType::kInteger, ColumnRole::kValue, "kr.", "Bevilget i alt (kr.)"},
           {"bedste_maaned", ColumnType::kString, ColumnRole::kDimension, "", "Bedste måned"},
           {"andel", ColumnType::kNumber, ColumnRole::kValue, "pct", "Andel i bedste måned", 1},
           {"trin", ColumnType::kInteger, ColumnRole::kValue, "", "Trin nået"},
           {"udbetaling", ColumnType::kInteger, ColumnRole::kValue, "kr.", "Udbetaling nu (kr.)"},
           {"paa_spil", ColumnType::kInteger, ColumnRole::kValue, "kr.", "På spil (kr.)"}});
  t.title = "Tilsagn og udbetaling";
  for (const auto& s : statuses) {
    std::int64_t appropriated = 0;
    for (const auto& a : s.grant.appropriations) appropriated += a.expense;
    const bool measured = s.now.best_month >= 0;
    t.AddRow(
        {s.grant.grant.id, s.grant.grant.municipality, s.grant.grant.pool, s.grant.grant.funder,
         fmt::format("{} - {}", FormatIsoDate(s.grant.grant.start),
                     FormatIsoDate(s.grant.grant.end)),
         s.grant.grant.amount, appropriated, measured ? Cell(MonthText(s.now.best_month)) : Cell(),
         measured ? Cell(s.now.best_share_pct) : Cell(), std::int64_t{s.now.tier}, s.now.total,
         s.now.forfeited});
    for (const auto& p : s.split_problems) t.AddNote(fmt::format("{}: {}", s.grant.grant.id, p));
  }
  return t;
}

Table AppropriationsTable(const StoredGrant& g) {
  Table t({{"aar", ColumnType::kString, ColumnRole::kDimension, "", "År"},
           {"serviceomraade", ColumnType::kString, ColumnRole::kDimension, "", "Serviceområde"},
           {"indtaegt", ColumnType::kInteger, ColumnRole::kValue, "kr.", "Indtægtsbevilling (kr.)"},
           {"udgift", ColumnType::kInteger, ColumnRole::kValue, "kr.", "Udgiftsbevilling (kr.)"}});
  t.title = fmt::format("Bevillinger: {}", g.grant.pool);
  for (const auto& a : g.appropriations) {
    t.AddRow({std::to_string(a.year), a.service_area, a.income, a.expense});
  }
  return t;
}

}  // namespace fremdrift::cases
