// Plans with a concrete goal and plans by domain (see indsatsplaner.h).
#include "models/indsatsplaner.h"

#include <algorithm>
#include <iterator>
#include <map>

namespace fremdrift::cases {
namespace {

constexpr std::string_view kDomains[] = {"beskaeftigelse", "social", "sundhed", "uddannelse"};

bool HasDomain(std::string_view list, std::string_view domain) {
  std::size_t pos = 0;
  while (pos <= list.size()) {
    std::size_t comma = list.find(',', pos);
    if (comma == std::string_view::npos) comma = list.size();
    if (list.substr(pos, comma - pos) == domain) return true;
    pos = comma + 1;
  }
  return false;
}

}  // namespace

Result<Table> Indsatsplaner(const CaseData& data, const PoolQuery& q) {
  if (q.from < 0 || q.to < 0) return InvalidArgument("indsatsplaner needs --from and --to");
  MonthIndex to = q.to;
  if (data.as_of_day != kOpenEnd) {
    CivilDate d = CivilFromDays(data.as_of_day);
    to = std::min(to, MakeMonth(d.year, d.month));
  }
  // (month, kommune code or 0 = landsplan, measure index) → persons
  std::vector<std::string> measures = {"i_indsats", "med_plan", "med_konkret_maal"};
  for (auto d : kDomains) measures.push_back("domaene_" + std::string(d));
  std::map<std::tuple<MonthIndex, int, std::size_t>, std::int64_t> counts;
  for (const auto& citizen : data.citizens) {
    for (MonthIndex m = q.from; m <= to; ++m) {
      MonthContext ctx = MonthContext::Of(m, data.as_of_day);
      bool active = false;
      for (const Interval& iv : citizen->Intervals("visitation"))
        active = active || iv.Covers(ctx.ref);
      bool left = false;
      for (const HistoryEvent* e : citizen->OfType(EventType::kCitizenLeaves))
        left = left || e->date <= ctx.ref;
      if (!active || left) continue;
      const HistoryEvent* plan = nullptr;
      for (const HistoryEvent* e : citizen->OfType(EventType::kPlan)) {
        if (e->date > ctx.ref) break;
        plan = e;
      }
      int kommune = citizen->KommuneOn(ctx.ref);
      std::vector<std::size_t> hits = {0};
      if (plan != nullptr) {
        hits.push_back(1);
        if (!plan->attributes.Get("goal").empty()) hits.push_back(2);
        for (std::size_t d = 0; d < std::size(kDomains); ++d) {
          if (HasDomain(plan->attributes.Get("domains"), kDomains[d])) hits.push_back(3 + d);
        }
      }
      for (std::size_t h : hits) {
        ++counts[{m, 0, h}];
        if (q.kommuner.empty() ||
            std::find(q.kommuner.begin(), q.kommuner.end(), kommune) != q.kommuner.end()) {
          ++counts[{m, kommune, h}];
        }
      }
    }
  }
  Table t(
      {{"periode", ColumnType::kString, ColumnRole::kDimension, "", "Måned"},
       {"kommune", ColumnType::kString, ColumnRole::kDimension, "", "Kommunekode"},
       {"omraade", ColumnType::kString, ColumnRole::kDimension, "", "Område"},
       {"opgoerelse", ColumnType::kString, ColumnRole::kDimension, "", "Opgørelse"},
       {"personer", ColumnType::kInteger, ColumnRole::kValue, "personer", "Personer"},
       {"andel", ColumnType::kNumber, ColumnRole::kValue, "pct", "Andel af borgere i indsats", 1}});
  t.title = "Indsatsplaner";
  for (const auto& [key, n] : counts) {
    const auto& [m, kommune, h] = key;
    auto base = counts.find({m, kommune, 0});
    std::int64_t den = base == counts.end() ? 0 : base->second;
    std::string name = "Landsplan";
    if (kommune != 0 && q.reference != nullptr && q.reference->MunicipalityIndex(kommune) >= 0) {
      name = q.reference->municipalities()[q.reference->MunicipalityIndex(kommune)].name;
    } else if (kommune != 0) {
      name = fmt::format("{:03d}", kommune);
    }
    t.AddRow({FormatMonth(m),
              kommune == 0 ? std::string("landsplan") : fmt::format("{:03d}", kommune), name,
              measures[h], n,
              den == 0 ? Cell(std::monostate{})
                       : Cell(100.0 * static_cast<double>(n) / static_cast<double>(den))});
  }
  t.AddNote(
      "Borgere i indsats: en åben visitation ved månedens udgang (eller opgørelsesdagen). "
      "Den seneste plan tæller; konkret mål = plan med et udfyldt mål.");
  return t;
}

}  // namespace fremdrift::cases
