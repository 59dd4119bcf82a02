// Decisions after the rehabilitation team, waiting time and reform-rule breaches (see
// rehabilitering.h).
#include "rules/rehabilitering.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <iterator>
#include <numeric>
#include <set>
#include <tuple>

#include "models/predicate.h"

namespace fremdrift::cases {
namespace {

constexpr std::string_view kLandsplan = "landsplan";
constexpr std::string_view kDecisionKinds[] = {"ressourceforloeb", "fleksjob", "foertidspension",
                                               "jobafklaring", "other"};

struct MonthRange {
  MonthIndex from = 0, to = -1;
};

// From the first to the last month with a decision, team meeting or FSM2 group 2 visitation (or
// the query's months), at most the judgement day's month.
MonthRange RangeOf(const CaseData& data, const RuleQuery& q, DayNumber judged) {
  MonthRange r;
  bool any = false;
  auto see = [&](DayNumber day) {
    if (day > judged) return;
    MonthIndex m = MonthOfDay(day);
    if (!any || m < r.from) r.from = m;
    if (!any || m > r.to) r.to = m;
    any = true;
  };
  for (const auto& c : data.citizens) {
    for (const HistoryEvent* e : c->OfType(EventType::kDecision)) see(e->date);
    for (const HistoryEvent* e : c->OfType(EventType::kRehabMeeting)) see(e->date);
  }
  if (q.from >= 0) r.from = q.from;
  if (q.to >= 0) r.to = q.to;
  if (!any && (q.from < 0 || q.to < 0)) return {0, -1};
  r.to = std::min(r.to, MonthOfDay(judged));
  return r;
}

int AgeAt(const RuleQuery& q, const CitizenHistory& c, DayNumber day) {
  if (q.birth_days == nullptr) return -1;
  auto it = q.birth_days->find(c.person());
  if (it == q.birth_days->end()) return -1;
  return AgeOn(CivilFromDays(it->second), CivilFromDays(day));
}

bool Flag(const HistoryEvent& e, std::string_view key) { return e.attributes.Get(key) == "1"; }

bool EarlierDecision(const CitizenHistory& c, const HistoryEvent& d, std::string_view kind) {
  for (const HistoryEvent* e : c.OfType(EventType::kDecision)) {
    if (e->date < d.date && e->attributes.Get("kind") == kind) return true;
  }
  return false;
}

bool AnyIn(const CitizenHistory& c, std::initializer_list<EventType> types, DayNumber from,
           DayNumber to) {
  for (EventType t : types) {
    for (const HistoryEvent* e : c.OfType(t)) {
      if (e->date >= from && e->date <= to) return true;
    }
  }
  return false;
}

std::string AgeGroup(int age) { return age < 0 ? "ukendt" : age < 40 ? "under_40" : "40_plus"; }

std::string AreaCode(int k) { return k == 0 ? std::string(kLandsplan) : fmt::format("{:03d}", k); }

std::string AreaName(const RuleQuery& q, int k) {
  return k == 0 ? std::string("Landsplan") : KommuneName(q, k);
}

}  // namespace

std::vector<Breach> Breaches(const RuleSet& rules, const CaseData& data, const RuleQuery& q) {
  const DayNumber judged = JudgementDay(data, q);
  std::vector<Breach> out;
  for (const auto& citizen : data.citizens) {
    const CitizenHistory& c = *citizen;
    for (const HistoryEvent* d : c.OfType(EventType::kDecision)) {
      if (d->date > judged) continue;
      const std::string_view kind = d->attributes.Get("kind");
      const DayNumber day = d->date;
      const int age = AgeAt(q, c, day);
      const bool exception = Flag(*d, "exception");
      // `waives`: the rules (ids or kinds, comma separated) the decision's documented exception
      // sets aside; `exception=1` sets aside the førtidspension age rules.
      const std::string_view waives = d->attributes.Get("waives");
      auto waived = [&](const Rule& rule) {
        if (exception && (rule.kind == "fp_under_alder" || rule.kind == "fp_rf_foerst")) {
          return true;
        }
        std::size_t pos = 0;
        while (pos <= waives.size()) {
          std::size_t comma = waives.find(',', pos);
          if (comma == std::string_view::npos) comma = waives.size();
          std::string_view item = waives.substr(pos, comma - pos);
          while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
          while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
          if (!item.empty() && (item == rule.id || item == rule.kind)) return true;
          pos = comma + 1;
        }
        return false;
      };
      auto breach = [&](const Rule* rule, std::string what) {
        if (waived(*rule)) return;
        out.push_back({&c, d, rule, age, std::move(what)});
      };
      if (kind == "ressourceforloeb") {
        if (const Rule* r = rules.InForce("rf_varighed", day, kind)) {
          std::string_view text = d->attributes.Get("years");
          int years = -1;
          std::from_chars(text.data(), text.data() + text.size(), years);
          const std::int64_t lo = r->Int("min_years", 0), hi = r->Int("max_years");
          if (years < 0) {
            breach(r, "ressourceforløb uden varighed (years)");
          } else if (years < lo || years > hi) {
            breach(r, lo > 0 ? fmt::format("ressourceforløb på {} år (tilladt {}-{} år)", years, lo,
                                           hi)
                             : fmt::format("ressourceforløb på {} år (højst {} år)", years, hi));
          }
        }
        if (const Rule* r = rules.InForce("rf_indsats", day, kind)) {
          const DayNumber due = AddMonthsClamped(day, static_cast<int>(r->Int("within_months")));
          const DayNumber back = due + static_cast<DayNumber>(r->Int("back_to_team_days"));
          if (back <= judged &&
              !AnyIn(c,
                     {EventType::kOfferStart, EventType::kPlacementStart, EventType::kMentorStart,
                      EventType::kEducationStart},
                     day, due) &&
              !AnyIn(c, {EventType::kRehabMeeting}, day + 1, back)) {
            breach(r, fmt::format("ingen indsats senest {} og ikke forelagt teamet igen senest {}",
                                  IsoDay(due), IsoDay(back)));
          }
        }
      }
      if (kind == "foertidspension") {
        if (const Rule* r = rules.InForce("fp_under_alder", day, kind)) {
          if (age >= 0 && age < r->Int("min_age")) {
            breach(r, fmt::format("førtidspension som {}-årig uden registreret undtagelse", age));
          }
        }
        if (const Rule* r = rules.InForce("fp_rf_foerst", day, kind)) {
          // Not that close to folkepension: from 2022 no ressourceforløb within 6 years of it.
          const std::int64_t pension = r->Int("folkepension_age", -1);
          const std::int64_t before = r->Int("years_before_pension", -1);
          const bool near_pension = pension >= 0 && before >= 0 && age >= pension - before;
          if (age >= r->Int("min_age") && !near_pension &&
              !EarlierDecision(c, *d, "ressourceforloeb")) {
            breach(r, fmt::format("førtidspension som {}-årig uden forudgående ressourceforløb og "
                                  "uden registreret undtagelse",
                                  age));
          }
        }
      }
      if (const Rule* r = rules.InForce("rehab_moede_foer_afgoerelse", day, kind)) {
        const std::int64_t max_days = r->Int("max_days_before");
        if (!AnyIn(c, {EventType::kRehabMeeting}, day - static_cast<DayNumber>(max_days), day)) {
          breach(r, fmt::format("afgørelse uden møde i rehabiliteringsteamet inden for {} dage før",
                                max_days));
        }
      }
      if (kind == "fleksjob" && Flag(*d, "permanent")) {
        if (const Rule* r = rules.InForce("fleksjob_foerste_midlertidig", day, kind)) {
          if (!EarlierDecision(c, *d, "fleksjob")) breach(r, "første fleksjob bevilget permanent");
        }
        if (const Rule* r = rules.InForce("fleksjob_permanent_alder", day, kind)) {
          if (age >= 0 && age < r->Int("min_age")) {
            breach(r, fmt::format("permanent fleksjob som {}-årig", age));
          }
        }
      }
    }
  }
  return out;
}

Result<Table> RehabDecisions(const RuleSet&, const CaseData& data, const RuleQuery& q) {
  const DayNumber judged = JudgementDay(data, q);
  MonthRange range = RangeOf(data, q, judged);
  std::map<std::tuple<MonthIndex, int, std::string, std::string>, std::int64_t> counts;
  std::set<int> codes;
  bool unknown_age = false;
  for (const auto& c : data.citizens) {
    for (const HistoryEvent* d : c->OfType(EventType::kDecision)) {
      if (d->date > judged) continue;
      MonthIndex m = MonthOfDay(d->date);
      codes.insert(d->kommune);
      if (m < range.from || m > range.to) continue;
      std::string age = AgeGroup(AgeAt(q, *c, d->date));
      unknown_age = unknown_age || age == "ukendt";
      std::string kind(d->attributes.Get("kind"));
      for (int k : {0, int{d->kommune}}) {
        if (k != 0 && !KommuneWanted(q, k)) continue;
        ++counts[{m, k, kind, age}];
        ++counts[{m, k, kind, "alle"}];
      }
    }
  }
  Table t({{"periode", ColumnType::kString, ColumnRole::kDimension, "", "Måned"},
           {"kommune", ColumnType::kString, ColumnRole::kDimension, "", "Kommunekode"},
           {"omraade", ColumnType::kString, ColumnRole::kDimension, "", "Område"},
           {"afgoerelse", ColumnType::kString, ColumnRole::kDimension, "", "Afgørelse"},
           {"aldersgruppe", ColumnType::kString, ColumnRole::kDimension, "", "Aldersgruppe"},
           {"antal", ColumnType::kInteger, ColumnRole::kValue, "personer", "Afgørelser"}});
  t.title = "Rehabilitering: afgørelser efter alder";
  std::vector<int> slots = {0};
  for (int k : codes) {
    if (KommuneWanted(q, k)) slots.push_back(k);
  }
  std::vector<std::string> ages = {"under_40", "40_plus"};
  if (unknown_age) ages.push_back("ukendt");
  ages.push_back("alle");
  if (range.to >= range.from) {  // room for every row at once (a national table is large)
    t.mutable_rows().reserve(static_cast<std::size_t>(range.to - range.from + 1) * slots.size() *
                             std::size(kDecisionKinds) * ages.size());
  }
  for (MonthIndex m = range.from; m <= range.to; ++m) {
    for (int k : slots) {
      for (std::string_view kind : kDecisionKinds) {
        for (const std::string& age : ages) {
          auto it = counts.find({m, k, std::string(kind), age});
          t.AddRow({FormatMonth(m), AreaCode(k), AreaName(q, k), std::string(kind), age,
                    it == counts.end() ? std::int64_t{0} : it->second});
        }
      }
    }
  }
  AddAsOfNote(t, data, judged);
  t.AddNote(
      "Alder på afgørelsesdagen, fra fødselsdatoen i ydelsesregistret (pseudonymet); 'ukendt' når "
      "borgeren ikke findes i registerlageret. Kommunen er den, der har registreret afgørelsen.");
  return t;
}

Result<Table> RehabWaitingTime(const RuleSet&, const CaseData& data, const RuleQuery& q) {
  const DayNumber judged = JudgementDay(data, q);
  MonthRange range = RangeOf(data, q, judged);
  std::map<std::pair<MonthIndex, int>, std::vector<int>> waits;  // (month, kommune) → days
  std::map<std::pair<MonthIndex, int>, std::int64_t> waiting;
  std::set<int> codes;
  for (const auto& citizen : data.citizens) {
    const CitizenHistory& c = *citizen;
    std::vector<const HistoryEvent*> meetings;
    for (const HistoryEvent* e : c.OfType(EventType::kRehabMeeting)) {
      if (e->date <= judged) meetings.push_back(e);
    }
    const HistoryEvent* last_used = nullptr;
    std::vector<const Interval*> group2;
    for (const Interval& iv : c.Intervals("visitation")) {
      const HistoryEvent& v = *iv.start_event;
      if (v.attributes.Get("project") != "fsm2" || v.attributes.Get("group") != "2") continue;
      if (v.date > judged) continue;
      group2.push_back(&iv);
      auto m = std::find_if(meetings.begin(), meetings.end(),
                            [&](const HistoryEvent* e) { return e->date >= v.date; });
      if (m == meetings.end() || *m == last_used) continue;
      last_used = *m;
      codes.insert((*m)->kommune);
      waits[{MonthOfDay((*m)->date), (*m)->kommune}].push_back((*m)->date - v.date);
    }
    if (group2.empty()) continue;
    for (MonthIndex mo = range.from; mo <= range.to; ++mo) {
      MonthContext ctx = MonthContext::Of(mo, data.as_of_day);
      DayNumber ref = std::min(ctx.ref, judged);
      for (const Interval* iv : group2) {
        if (!iv->Covers(ref)) continue;
        bool met = std::any_of(meetings.begin(), meetings.end(), [&](const HistoryEvent* e) {
          return e->date >= iv->start && e->date <= ref;
        });
        if (met) continue;
        int k = c.KommuneOn(ref);
        codes.insert(k);
        ++waiting[{mo, k}];
        break;
      }
    }
  }
  Table t(
      {{"periode", ColumnType::kString, ColumnRole::kDimension, "", "Måned"},
       {"kommune", ColumnType::kString, ColumnRole::kDimension, "", "Kommunekode"},
       {"omraade", ColumnType::kString, ColumnRole::kDimension, "", "Område"},
       {"moeder", ColumnType::kInteger, ColumnRole::kValue, "personer", "Teammøder"},
       {"median_dage", ColumnType::kNumber, ColumnRole::kValue, "dage", "Median dage", 1},
       {"gennemsnit_dage", ColumnType::kNumber, ColumnRole::kValue, "dage", "Gennemsnit dage", 1},
       {"venter", ColumnType::kInteger, ColumnRole::kValue, "personer",
        "Venter på møde ved månedens udgang"}});
  t.title = "Rehabilitering: fra FSM2 gruppe 2 til teammøde";
  std::vector<int> slots = {0};
  for (int k : codes) {
    if (KommuneWanted(q, k)) slots.push_back(k);
  }
  for (MonthIndex m = range.from; m <= range.to; ++m) {
    for (int k : slots) {
      std::vector<int> days;
      std::int64_t wait = 0;
      for (const auto& [key, list] : waits) {
        if (key.first == m && (k == 0 || key.second == k)) {
          days.insert(days.end(), list.begin(), list.end());
        }
      }
      for (const auto& [key, n] : waiting) {
        if (key.first == m && (k == 0 || key.second == k)) wait += n;
      }
      Cell median = std::monostate{}, mean = std::monostate{};
      if (!days.empty()) {
        std::sort(days.begin(), days.end());
        std::size_t n = days.size();
        median = n % 2 == 1 ? static_cast<double>(days[n / 2])
                            : (static_cast<double>(days[n / 2 - 1]) + days[n / 2]) / 2.0;
        mean = static_cast<double>(std::accumulate(days.begin(), days.end(), std::int64_t{0})) /
               static_cast<double>(n);
      }
      t.AddRow({FormatMonth(m), AreaCode(k), AreaName(q, k), static_cast<std::int64_t>(days.size()),
                median, mean, wait});
    }
  }
  AddAsOfNote(t, data, judged);
  t.AddNote(
      "Dage fra visitation til FSM2 gruppe 2 til det første møde i rehabiliteringsteamet på eller "
      "efter den dag, i teammødets måned (kommunen der registrerede mødet). Venter: i gruppe 2 "
      "ved månedens udgang uden møde siden visitationen.");
  return t;
}

namespace {

// "Afgørelse om førtidspension 3. marts 2022 (45 år): <what>. Reglen «<title>» (<source>)
// gælder fra 1. januar 2013 for afgørelser på afgørelsesdagen."
std::string Explain(const Breach& b) {
  const Rule& r = *b.rule;
  std::string decision(b.decision->attributes.Get("kind"));
  if (decision == "ressourceforloeb") decision = "ressourceforløb";
  if (decision == "foertidspension") decision = "førtidspension";
  if (decision == "other") decision = "andet";
  std::string out = fmt::format("Afgørelse om {} {}", decision, DanishDate(b.decision->date));
  if (b.age >= 0) out += fmt::format(" ({} år)", b.age);
  out += fmt::format(": {}. Reglen «{}» ({}; {}) gjaldt på afgørelsesdagen (fra {}", b.what,
                     r.title, r.source_short, SourceTypeText(r.source_type),
                     DanishDate(r.effective_from));
  if (r.effective_to != kOpenEnd) out += fmt::format(" til {}", DanishDate(r.effective_to));
  out += ").";
  if (r.kind == "rf_indsats" || r.kind == "rehab_moede_foer_afgoerelse" ||
      r.kind == "fp_rf_foerst" || r.kind == "fp_under_alder") {
    out += fmt::format(" En dokumenteret undtagelse registreres på afgørelsen som waives={}.",
                       r.id);
  }
  return out;
}

}  // namespace

Result<Table> RehabBreaches(const RuleSet& rules, const CaseData& data, const RuleQuery& q) {
  const DayNumber judged = JudgementDay(data, q);
  MonthRange range = RangeOf(data, q, judged);
  Table t({{"periode", ColumnType::kString, ColumnRole::kDimension, "", "Måned"},
           {"dato", ColumnType::kString, ColumnRole::kDimension, "", "Afgørelsesdato"},
           {"kommune", ColumnType::kString, ColumnRole::kDimension, "", "Kommunekode"},
           {"omraade", ColumnType::kString, ColumnRole::kDimension, "", "Område"},
           {"person", ColumnType::kString, ColumnRole::kDimension, "", "Borger (pseudonym)"},
           {"afgoerelse", ColumnType::kString, ColumnRole::kValue, "", "Afgørelse"},
           {"alder", ColumnType::kInteger, ColumnRole::kValue, "år", "Alder"},
           {"regel", ColumnType::kString, ColumnRole::kValue, "", "Regel"},
           {"beskrivelse", ColumnType::kString, ColumnRole::kValue, "", "Brud"},
           {"kilde", ColumnType::kString, ColumnRole::kValue, "", "Kilde"},
           {"forklaring", ColumnType::kString, ColumnRole::kValue, "", "Forklaring"},
           {"kilde_type", ColumnType::kString, ColumnRole::kValue, "", "Kildetype"}});
  t.title = "Rehabilitering: brud på reglerne";
  for (const Breach& b : Breaches(rules, data, q)) {
    MonthIndex m = MonthOfDay(b.decision->date);
    if (m < range.from || m > range.to || !KommuneWanted(q, b.decision->kommune)) continue;
    std::string decision(b.decision->attributes.Get("kind"));
    if (!b.decision->attributes.Get("years").empty()) {
      decision += fmt::format(" ({} år)", b.decision->attributes.Get("years"));
    }
    if (Flag(*b.decision, "permanent")) decision += " (permanent)";
    t.AddRow({FormatMonth(m), IsoDay(b.decision->date), fmt::format("{:03d}", b.decision->kommune),
              KommuneName(q, b.decision->kommune), std::string(b.citizen->person()), decision,
              b.age >= 0 ? Cell(std::int64_t{b.age}) : Cell(std::monostate{}), b.rule->id, b.what,
              b.rule->source, Explain(b), b.rule->source_type});
  }
  t.SortBy({"dato", "kommune", "person", "regel"});
  AddAsOfNote(t, data, judged);
  t.AddNote(
      "Hver afgørelse er holdt op mod den regel, der gjaldt på afgørelsesdagen; brud rettes "
      "ikke, de vises.");
  return t;
}

Result<Table> RehabBreachCounts(const RuleSet& rules, const CaseData& data, const RuleQuery& q) {
  const DayNumber judged = JudgementDay(data, q);
  MonthRange range = RangeOf(data, q, judged);
  std::map<std::tuple<MonthIndex, int, std::string>, std::int64_t> counts;
  for (const Breach& b : Breaches(rules, data, q)) {
    MonthIndex m = MonthOfDay(b.decision->date);
    if (m < range.from || m > range.to) continue;
    for (int k : {0, int{b.decision->kommune}}) {
      if (k != 0 && !KommuneWanted(q, k)) continue;
      ++counts[{m, k, b.rule->id}];
    }
  }
  Table t({{"periode", ColumnType::kString, ColumnRole::kDimension, "", "Måned"},
           {"kommune", ColumnType::kString, ColumnRole::kDimension, "", "Kommunekode"},
           {"omraade", ColumnType::kString, ColumnRole::kDimension, "", "Område"},
           {"regel", ColumnType::kString, ColumnRole::kDimension, "", "Regel"},
           {"titel", ColumnType::kString, ColumnRole::kDimension, "", "Regel (tekst)"},
           {"antal", ColumnType::kInteger, ColumnRole::kValue, "personer", "Brud"}});
  t.title = "Rehabilitering: brud pr. regel";
  for (const auto& [key, n] : counts) {
    const auto& [m, k, rule_id] = key;
    std::string title;
    for (const Rule& r : rules.rules()) {
      if (r.id == rule_id) title = r.title;
    }
    t.AddRow({FormatMonth(m), AreaCode(k), AreaName(q, k), rule_id, title, n});
  }
  AddAsOfNote(t, data, judged);
  return t;
}

Result<Table> RuleTable(const RuleSet& rules, const CaseData&, const RuleQuery&) {
  Table t({{"regel", ColumnType::kString, ColumnRole::kDimension, "", "Regel"},
           {"art", ColumnType::kString, ColumnRole::kDimension, "", "Art"},
           {"titel", ColumnType::kString, ColumnRole::kValue, "", "Regel (tekst)"},
           {"grupper", ColumnType::kString, ColumnRole::kValue, "", "Gælder for"},
           {"gaelder_fra", ColumnType::kString, ColumnRole::kValue, "", "Gælder fra"},
           {"gaelder_til", ColumnType::kString, ColumnRole::kValue, "", "Gælder til"},
           {"kilde", ColumnType::kString, ColumnRole::kValue, "", "Kilde"},
           {"kilde_kort", ColumnType::kString, ColumnRole::kValue, "", "Hjemmel"},
           {"kilde_type", ColumnType::kString, ColumnRole::kValue, "", "Kildetype"}});
  t.title = rules.name();
  for (const Rule& r : rules.rules()) {
    std::string groups;
    for (const auto& g : r.groups) groups += (groups.empty() ? "" : ", ") + g;
    t.AddRow({r.id, r.kind, r.title, groups.empty() ? std::string("alle") : groups,
              IsoDay(r.effective_from),
              r.effective_to == kOpenEnd ? Cell(std::monostate{}) : Cell(IsoDay(r.effective_to)),
              r.source, r.source_short, r.source_type});
  }
  // The dated suspensions (art "suspension"): their kinds, and how they act on a deadline.
  for (const Suspension& s : rules.suspensions()) {
    std::string kinds;
    for (const auto& k : s.kinds) kinds += (kinds.empty() ? "" : ", ") + k;
    if (!s.groups.empty()) {
      kinds += " (";
      for (std::size_t i = 0; i < s.groups.size(); ++i) kinds += (i ? ", " : "") + s.groups[i];
      kinds += ")";
    }
    std::string effect = s.effect == SuspensionEffect::kPause
                             ? "fristen forlænges med de suspenderede dage"
                         : s.effect == SuspensionEffect::kNotJudged
                             ? "en frist i perioden vurderes ikke"
                             : fmt::format("en frist i perioden flyttes til {} dage efter",
                                           s.move_days);
    t.AddRow({s.id, std::string("suspension"), fmt::format("{} ({})", s.title, effect), kinds,
              IsoDay(s.from), IsoDay(s.to), s.source, s.source_short, s.source_type});
  }
  return t;
}

}  // namespace fremdrift::cases
