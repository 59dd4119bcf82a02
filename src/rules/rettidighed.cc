// Timeliness of conversations and offers under dated rules (see rettidighed.h).
#include "rules/rettidighed.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace fremdrift::cases {
namespace {

constexpr std::string_view kLandsplan = "landsplan";
constexpr std::string_view kKinds[] = {"foerste_samtale", "samtaler", "tilbud"};

bool Listed(const std::vector<std::string>& list, std::string_view value) {
  return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

// Days of the events that can meet `rule`, dated in [from, to], in day order.
std::vector<DayNumber> MeetingDays(const CitizenHistory& c, const Rule& rule, DayNumber from,
                                   DayNumber to) {
  std::vector<DayNumber> days;
  auto add = [&](EventType type, const std::vector<std::string>& kinds) {
    for (const Event* e : c.OfType(type)) {
      if (e->date < from || e->date > to) continue;
      if (Listed(kinds, e->attributes.Get("kind"))) days.push_back(e->date);
    }
  };
  if (rule.kind == "tilbud") {
    add(EventType::kOfferStart, rule.Strings("offer_kinds"));
    add(EventType::kPlacementStart, rule.Strings("placement_kinds"));
  } else {
    add(EventType::kConversation, rule.Strings("conversation_kinds"));
  }
  std::sort(days.begin(), days.end());
  return days;
}

void Judge(const CitizenHistory& c, const Interval& benefit, DayNumber judged, Requirement& r) {
  const Rule& rule = *r.rule;
  if (benefit.end < r.deadline) {
    r.status = RequirementStatus::kLapsed;
    return;
  }
  for (const Interval& ex : c.Intervals("exemption")) {
    if (ex.Covers(r.deadline)) {
      r.status = RequirementStatus::kExempt;
      return;
    }
  }
  const std::int64_t needed = rule.kind == "samtaler" ? rule.Int("min_count", 1) : 1;
  std::vector<DayNumber> days = MeetingDays(c, rule, r.start, std::min(benefit.end, judged));
  std::int64_t by_deadline =
      std::count_if(days.begin(), days.end(), [&](DayNumber d) { return d <= r.deadline; });
  if (static_cast<std::int64_t>(days.size()) >= needed) {
    r.met_on = days[static_cast<std::size_t>(needed - 1)];
    r.status = r.met_on <= r.deadline ? RequirementStatus::kOnTime : RequirementStatus::kLate;
  } else {
    r.status = r.deadline <= judged ? RequirementStatus::kOverdue : RequirementStatus::kOpen;
  }
  if (r.status == RequirementStatus::kOnTime) return;
  if (rule.kind == "foerste_samtale") {
    r.missing = fmt::format("ingen samtale inden for {} dage", rule.Int("within_days"));
  } else if (rule.kind == "samtaler") {
    r.missing = fmt::format("{} af {} samtaler inden for {} måneder", by_deadline, needed,
                            rule.Int("within_months"));
  } else {
    r.missing = fmt::format("intet tilbud inden for {} måneder", rule.Int("within_months"));
  }
}

std::string KindLabel(std::string_view kind) {
  if (kind == "alle") return "Alle krav (borgere)";
  if (kind == "foerste_samtale") return "Første samtale";
  if (kind == "samtaler") return "Antal samtaler";
  return "Første tilbud";
}

struct MonthRange {
  MonthIndex from = 0, to = -1;
};

MonthRange RangeOf(const std::vector<Requirement>& reqs, const RuleQuery& q, DayNumber judged) {
  MonthRange r;
  bool any = false;
  for (const Requirement& req : reqs) {
    if (!req.Judged()) continue;
    MonthIndex m = MonthOfDay(req.deadline);
    if (!any || m < r.from) r.from = m;
    if (!any || m > r.to) r.to = m;
    any = true;
  }
  if (q.from >= 0) r.from = q.from;
  if (q.to >= 0) r.to = q.to;
  if (!any && (q.from < 0 || q.to < 0)) return {0, -1};
  r.to = std::min(r.to, MonthOfDay(judged));
  return r;
}

void AddRuleNotes(Table& t, const RuleSet& rules) {
  for (const Rule& rule : rules.rules()) {
    std::string groups;
    for (const auto& g : rule.groups) groups += (groups.empty() ? "" : ", ") + g;
    t.AddNote(
        fmt::format("{} ({}; {}): {}. Kilde: {}", rule.id, rule.PeriodText(),
                    groups.empty() ? std::string("alle grupper") : groups, rule.title, rule.source),
        NoteKind::kRule);
  }
}

}  // namespace

std::string_view RequirementStatusName(RequirementStatus s) {
  switch (s) {
    case RequirementStatus::kOnTime:
      return "overholdt";
    case RequirementStatus::kLate:
      return "for_sent";
    case RequirementStatus::kOverdue:
      return "overskredet";
    case RequirementStatus::kOpen:
      return "aaben";
    case RequirementStatus::kExempt:
      return "fritaget";
    case RequirementStatus::kLapsed:
      return "bortfaldet";
  }
  return "aaben";
}

std::vector<Requirement> Requirements(const RuleSet& rules, const CaseData& data,
                                      const RuleQuery& q) {
  const DayNumber judged = JudgementDay(data, q);
  std::vector<Requirement> out;
  for (const auto& citizen : data.citizens) {
    for (const Interval& benefit : citizen->Intervals("benefit")) {
      if (benefit.start > judged) continue;
      std::string group(benefit.start_event->attributes.Get("group"));
      for (std::string_view kind : kKinds) {
        const Rule* rule = rules.InForce(kind, benefit.start, group);
        if (rule == nullptr) continue;
        Requirement r;
        r.citizen = citizen.get();
        r.rule = rule;
        r.group = group;
        r.start = benefit.start;
        r.deadline =
            kind == "foerste_samtale"
                ? benefit.start + static_cast<DayNumber>(rule->Int("within_days"))
                : AddMonthsClamped(benefit.start, static_cast<int>(rule->Int("within_months")));
        r.kommune = citizen->KommuneOn(r.deadline);
        r.due = r.deadline <= judged;
        Judge(*citizen, benefit, judged, r);
        out.push_back(std::move(r));
      }
    }
  }
  return out;
}

Result<Table> Rettidighed(const RuleSet& rules, const CaseData& data, const RuleQuery& q) {
  const DayNumber judged = JudgementDay(data, q);
  std::vector<Requirement> reqs = Requirements(rules, data, q);
  MonthRange range = RangeOf(reqs, q, judged);
  // (month, kommune code or 0 = landsplan, group, kind) → (on time, all)
  using Key = std::tuple<MonthIndex, int, std::string, std::string>;
  std::map<Key, std::pair<std::int64_t, std::int64_t>> counts;
  // Per citizen, month and group: whether every judged requirement was on time.
  std::map<std::tuple<const CitizenHistory*, MonthIndex, std::string>, std::pair<int, bool>>
      citizens;
  std::set<std::string> groups;
  std::set<int> codes;
  for (const Requirement& r : reqs) {
    groups.insert(r.group);
    codes.insert(r.kommune);
    if (!r.Judged()) continue;
    MonthIndex m = MonthOfDay(r.deadline);
    if (m < range.from || m > range.to) continue;
    bool ok = r.status == RequirementStatus::kOnTime;
    for (int k : {0, r.kommune}) {
      if (k != 0 && !KommuneWanted(q, k)) continue;
      auto& c = counts[{m, k, r.group, r.rule->kind}];
      c.first += ok ? 1 : 0;
      ++c.second;
    }
    auto [it, inserted] = citizens.try_emplace({r.citizen, m, r.group}, r.kommune, ok);
    if (!inserted) it->second.second = it->second.second && ok;
  }
  for (const auto& [key, value] : citizens) {
    const auto& [citizen, m, group] = key;
    for (int k : {0, value.first}) {
      if (k != 0 && !KommuneWanted(q, k)) continue;
      auto& c = counts[{m, k, group, "alle"}];
      c.first += value.second ? 1 : 0;
      ++c.second;
    }
  }
  Table t({{"periode", ColumnType::kString, ColumnRole::kDimension, "", "Måned"},
           {"kommune", ColumnType::kString, ColumnRole::kDimension, "", "Kommunekode"},
           {"omraade", ColumnType::kString, ColumnRole::kDimension, "", "Område"},
           {"ydelsesgruppe", ColumnType::kString, ColumnRole::kDimension, "", "Ydelsesgruppe"},
           {"krav", ColumnType::kString, ColumnRole::kDimension, "", "Krav"},
           {"kravtekst", ColumnType::kString, ColumnRole::kDimension, "", "Krav (tekst)"},
           {"taeller", ColumnType::kInteger, ColumnRole::kValue, "personer", "Rettidige"},
           {"naevner", ColumnType::kInteger, ColumnRole::kValue, "personer", "Med frist"},
           {"andel", ColumnType::kNumber, ColumnRole::kValue, "pct", "Andel rettidige", 1}});
  t.title = "Rettidighed: samtaler og tilbud";
  // Every month, area, group and kind that has a requirement anywhere: zero rows stay visible.
  std::vector<int> slots = {0};
  for (int k : codes) {
    if (KommuneWanted(q, k)) slots.push_back(k);
  }
  std::set<std::pair<std::string, std::string>> group_kinds;
  for (const Requirement& r : reqs) group_kinds.insert({r.group, r.rule->kind});
  for (MonthIndex m = range.from; m <= range.to; ++m) {
    for (int k : slots) {
      for (const std::string& g : groups) {
        std::vector<std::string> kinds = {"alle"};
        for (std::string_view kind : kKinds) {
          if (group_kinds.count({g, std::string(kind)})) kinds.emplace_back(kind);
        }
        for (const std::string& kind : kinds) {
          auto it = counts.find({m, k, g, kind});
          std::int64_t num = it == counts.end() ? 0 : it->second.first;
          std::int64_t den = it == counts.end() ? 0 : it->second.second;
          t.AddRow({FormatMonth(m), k == 0 ? std::string(kLandsplan) : fmt::format("{:03d}", k),
                    k == 0 ? std::string("Landsplan") : KommuneName(q, k), g, kind, KindLabel(kind),
                    num, den, SharePct(num, den)});
        }
      }
    }
  }
  AddAsOfNote(t, data, judged);
  t.AddNote(
      "Tælles i den måned fristen udløber, når fristen er passeret. Krav 'alle': borgere, hvis "
      "krav med frist i måneden alle er overholdt; de øvrige krav tælles pr. ydelsesforløb. "
      "Fritaget (åben fritagelse på fristdagen) og bortfaldet (ydelsen ophørt før fristen) tæller "
      "ikke med.");
  t.AddNote("Landsplan: alle kommuner i hændelseslageret tilsammen.");
  AddRuleNotes(t, rules);
  return t;
}

Result<Table> RettidighedFrister(const RuleSet& rules, const CaseData& data, const RuleQuery& q) {
  const DayNumber judged = JudgementDay(data, q);
  std::vector<Requirement> reqs = Requirements(rules, data, q);
  MonthRange range = RangeOf(reqs, q, judged);
  Table t({{"krav", ColumnType::kString, ColumnRole::kDimension, "", "Krav"},
           {"regel", ColumnType::kString, ColumnRole::kDimension, "", "Regel"},
           {"ydelsesgruppe", ColumnType::kString, ColumnRole::kDimension, "", "Ydelsesgruppe"},
           {"kommune", ColumnType::kString, ColumnRole::kDimension, "", "Kommunekode"},
           {"omraade", ColumnType::kString, ColumnRole::kDimension, "", "Område"},
           {"person", ColumnType::kString, ColumnRole::kDimension, "", "Borger (pseudonym)"},
           {"start", ColumnType::kString, ColumnRole::kValue, "", "Ydelse fra"},
           {"fristdato", ColumnType::kString, ColumnRole::kValue, "", "Frist"},
           {"opfyldt", ColumnType::kString, ColumnRole::kValue, "", "Opfyldt"},
           {"dage_over", ColumnType::kInteger, ColumnRole::kValue, "dage", "Dage over fristen"},
           {"status", ColumnType::kString, ColumnRole::kValue, "", "Status"},
           {"mangler", ColumnType::kString, ColumnRole::kValue, "", "Mangler"}});
  t.title = "Rettidighed: frister";
  for (const Requirement& r : reqs) {
    if (!KommuneWanted(q, r.kommune)) continue;
    MonthIndex m = MonthOfDay(r.deadline);
    if ((q.from >= 0 && m < range.from) || (q.to >= 0 && m > range.to)) continue;
    Cell over = std::monostate{};
    if (r.status == RequirementStatus::kLate) over = std::int64_t{r.met_on - r.deadline};
    if (r.status == RequirementStatus::kOverdue) over = std::int64_t{judged - r.deadline};
    t.AddRow({r.rule->kind, r.rule->id, r.group, fmt::format("{:03d}", r.kommune),
              KommuneName(q, r.kommune), r.citizen->person(), IsoDay(r.start), IsoDay(r.deadline),
              r.met_on >= 0 ? Cell(IsoDay(r.met_on)) : Cell(std::monostate{}), over,
              std::string(RequirementStatusName(r.status)),
              r.missing.empty() ? Cell(std::monostate{}) : Cell(r.missing)});
  }
  t.SortBy({"fristdato", "kommune", "person", "krav"});
  AddAsOfNote(t, data, judged);
  AddRuleNotes(t, rules);
  return t;
}

}  // namespace fremdrift::cases
