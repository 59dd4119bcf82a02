// Timeliness of conversations and offers under dated rules (see rettidighed.h).
#include "rules/rettidighed.h"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <tuple>

#include "common/thread_pool.h"

namespace fremdrift::cases {
namespace {

constexpr std::string_view kLandsplan = "landsplan";
constexpr std::string_view kKinds[] = {"foerste_samtale", "samtaler", "tilbud"};

// "1 dag", "3 dage".
std::string Days(std::int64_t n) { return fmt::format("{} {}", n, n == 1 ? "dag" : "dage"); }

bool Listed(const std::vector<std::string>& list, std::string_view value) {
  return list.empty() || std::find(list.begin(), list.end(), value) != list.end();
}

// Days of the conversations that can meet `rule`, dated in [from, to], in day order.
std::vector<DayNumber> ConversationDays(const CitizenHistory& c, const Rule& rule, DayNumber from,
                                        DayNumber to) {
  std::vector<DayNumber> days;
  const auto kinds = rule.Strings("conversation_kinds");
  for (const HistoryEvent* e : c.OfType(EventType::kConversation)) {
    if (e->date < from || e->date > to) continue;
    if (Listed(kinds, e->attributes.Get("kind"))) days.push_back(e->date);
  }
  std::sort(days.begin(), days.end());
  return days;
}

std::string OfferKindText(std::string_view kind) {
  if (kind == "virksomhedspraktik") return "Virksomhedspraktik";
  if (kind == "loentilskud") return "Løntilskud";
  if (kind == "vejledning_opkvalificering") return "Vejledning og opkvalificering";
  if (kind == "mentor") return "Mentor";
  return std::string(kind);
}

std::string_view Paragraph(std::string_view p) {
  while (!p.empty() && (p.front() == ' ' || p.front() == '\xc2' || p.front() == '\xa7')) {
    p.remove_prefix(1);
  }
  return p;
}

struct Candidate {
  DayNumber day;
  bool loentilskud;
};

// Offers and placements started in [from, to] that count for a `tilbud` rule, in day order; the
// ones that do not count (their paragraph is excluded, or they were too short) go to
// `not_counted` with the reason, in Danish.
std::vector<Candidate> OfferCandidates(const CitizenHistory& c, const Rule& rule, DayNumber from,
                                       DayNumber to, std::vector<std::string>* not_counted) {
  std::vector<Candidate> out;
  const auto excluded = rule.Strings("excluded_paragraphs");
  const std::int64_t min_days = rule.Int("min_days", 0);
  auto scan = [&](std::string_view interval, const std::vector<std::string>& kinds) {
    for (const Interval& iv : c.Intervals(interval)) {
      if (iv.start < from || iv.start > to) continue;
      const std::string_view kind = iv.start_event->attributes.Get("kind");
      if (!Listed(kinds, kind)) continue;
      const std::string_view para = Paragraph(iv.start_event->attributes.Get("paragraph"));
      if (!para.empty() && std::any_of(excluded.begin(), excluded.end(),
                                       [&](const auto& x) { return Paragraph(x) == para; })) {
        not_counted->push_back(
            fmt::format("{} fra {} efter LAB § {} tæller ikke som ret og "
                        "pligt-tilbud",
                        OfferKindText(kind), DanishDate(iv.start), para));
        continue;
      }
      if (min_days > 0 && iv.end != kOpenEnd && iv.end - iv.start + 1 < min_days) {
        not_counted->push_back(fmt::format(
            "{} {}–{} varede {}, og et tilbud skal vare mindst {} i sammenhæng",
            OfferKindText(kind), ShortDanishDate(iv.start), ShortDanishDate(iv.end),
            Days(iv.end - iv.start + 1), Days(min_days)));
        continue;
      }
      out.push_back({iv.start, kind == "loentilskud"});
    }
  };
  scan("offer", rule.Strings("offer_kinds"));
  scan("placement", rule.Strings("placement_kinds"));
  std::stable_sort(out.begin(), out.end(),
                   [](const Candidate& a, const Candidate& b) { return a.day < b.day; });
  return out;
}

// Moves the nominal deadline by the rule set's suspensions: pauses first (in date order, each
// suspended day after the clock's start and up to the moving deadline adds a day), then a
// suspension holding the deadline voids it (ikke_vurderet) or moves it (flyt).
void ApplySuspensions(const RuleSet& rules, Requirement& r) {
  DayNumber d = r.nominal_deadline;
  DayNumber covered = r.clock_start;  // days up to here are not days of the clock
  for (const Suspension& s : rules.suspensions()) {
    if (s.effect != SuspensionEffect::kPause || !s.Applies(r.rule->kind, r.group)) continue;
    if (s.from > d) break;
    const DayNumber lo = std::max(s.from, covered + 1);
    if (lo > s.to) continue;
    const std::int64_t days = s.to - lo + 1;
    d += static_cast<DayNumber>(days);
    covered = std::max(covered, s.to);
    r.paused.push_back({&s, days});
  }
  for (const Suspension& s : rules.suspensions()) {
    if (s.effect == SuspensionEffect::kPause || !s.Applies(r.rule->kind, r.group)) continue;
    if (d < s.from || d > s.to) continue;
    if (s.effect == SuspensionEffect::kNotJudged) {
      r.voided_by = &s;
      break;
    }
    r.moved_by = &s;
    d = s.to + static_cast<DayNumber>(s.move_days);
  }
  r.deadline = d;
}

void Judge(const CitizenHistory& c, const Interval& benefit, DayNumber judged, Requirement& r) {
  const Rule& rule = *r.rule;
  if (r.voided_by != nullptr) {
    r.status = RequirementStatus::kSuspended;
    return;
  }
  if (benefit.end < r.deadline) {
    r.status = RequirementStatus::kLapsed;
    return;
  }
  for (const Interval& ex : c.Intervals("exemption")) {
    if (!ex.Covers(r.deadline)) continue;
    const std::int64_t months = rule.kind == "tilbud" ? rule.Int("after_exemption_months", -1) : -1;
    if (months < 0 || ex.end == kOpenEnd) {
      r.status = RequirementStatus::kExempt;
      return;
    }
    r.exemption_end = ex.end;
    r.deadline = AddMonthsClamped(ex.end, static_cast<int>(months));
    if (benefit.end < r.deadline) {
      r.status = RequirementStatus::kLapsed;
      return;
    }
    break;
  }
  const DayNumber to = std::min(benefit.end, judged);
  if (rule.kind == "tilbud") {
    auto offers = OfferCandidates(c, rule, r.clock_start, to, &r.not_counted);
    const std::int64_t grace = rule.Int("loentilskud_grace_days", 0);
    r.held_by_deadline = std::count_if(offers.begin(), offers.end(),
                                       [&](const Candidate& o) { return o.day <= r.deadline; });
    auto on_time = std::find_if(offers.begin(), offers.end(), [&](const Candidate& o) {
      return o.day <= r.deadline + (o.loentilskud ? static_cast<DayNumber>(grace) : 0);
    });
    if (on_time != offers.end()) {
      r.met_on = on_time->day;
      r.grace_used = on_time->day > r.deadline;
      r.status = RequirementStatus::kOnTime;
    } else if (!offers.empty()) {
      r.met_on = offers.front().day;
      r.status = RequirementStatus::kLate;
    } else {
      r.status = r.deadline <= judged ? RequirementStatus::kOverdue : RequirementStatus::kOpen;
    }
  } else {
    const std::int64_t needed = rule.kind == "samtaler" ? rule.Int("min_count", 1) : 1;
    std::vector<DayNumber> days = ConversationDays(c, rule, r.clock_start, to);
    r.held_by_deadline =
        std::count_if(days.begin(), days.end(), [&](DayNumber d) { return d <= r.deadline; });
    if (static_cast<std::int64_t>(days.size()) >= needed) {
      r.met_on = days[static_cast<std::size_t>(needed - 1)];
      r.status = r.met_on <= r.deadline ? RequirementStatus::kOnTime : RequirementStatus::kLate;
    } else {
      r.status = r.deadline <= judged ? RequirementStatus::kOverdue : RequirementStatus::kOpen;
    }
  }
  if (r.status == RequirementStatus::kOnTime) return;
  if (rule.kind == "foerste_samtale") {
    r.missing = fmt::format("ingen samtale inden for {} dage", rule.Int("within_days"));
  } else if (rule.kind == "samtaler") {
    r.missing = fmt::format("{} af {} samtaler inden for {} måneder", r.held_by_deadline,
                            rule.Int("min_count"), rule.Int("within_months"));
  } else {
    r.missing = fmt::format("intet tilbud inden for {} måneder", rule.Int("within_months"));
  }
}

// The Danish explanation of a requirement: the rule and its source, how the deadline was found
// (first contact or benefit start, suspensions, exemption) and what happened by it.
std::string Explain(const Requirement& r, const Interval& benefit, DayNumber judged) {
  const Rule& rule = *r.rule;
  const bool first = rule.kind == "foerste_samtale";
  const bool offer = rule.kind == "tilbud";
  std::string out;
  if (first) {
    out = "Første samtale skulle holdes senest ";
  } else if (offer) {
    out = "Et ret og pligt-tilbud skulle være begyndt senest ";
  } else {
    out = fmt::format("{} samtaler skulle være holdt senest ", rule.Int("min_count"));
  }
  out += fmt::format("{} ({}).", DanishDate(r.deadline), rule.source_short);
  out += first ? fmt::format(" Fristen er {} dage", rule.Int("within_days"))
               : fmt::format(" Fristen er {} måneder", rule.Int("within_months"));
  if (r.from_first_contact) {
    out += fmt::format(" fra første henvendelse {}", DanishDate(r.clock_start));
  } else {
    out += fmt::format(" fra ydelsens start {}", DanishDate(r.clock_start));
    if (r.first_contact_missing) out += " (første henvendelse er ikke registreret)";
  }
  if (r.nominal_deadline != r.deadline) {
    out += fmt::format(", oprindeligt {}", DanishDate(r.nominal_deadline));
  }
  out += ".";
  for (const auto& [s, days] : r.paused) {
    out += fmt::format(" Fristen er forlænget med {}: {} {}–{} ({}).", Days(days), s->title,
                       ShortDanishDate(s->from), ShortDanishDate(s->to), s->source_short);
  }
  if (r.moved_by != nullptr) {
    out += fmt::format(" Fristen faldt i {} {}–{} og er flyttet {} efter ({}).",
                       r.moved_by->title, ShortDanishDate(r.moved_by->from),
                       ShortDanishDate(r.moved_by->to), Days(r.moved_by->move_days),
                       r.moved_by->source_short);
  }
  if (r.exemption_end >= 0) {
    out += fmt::format(
        " Borgeren var fritaget på fristdagen; fritagelsen sluttede {}, så tilbuddet skulle "
        "gives senest {} måned(er) efter.",
        DanishDate(r.exemption_end), rule.Int("after_exemption_months"));
  }
  const std::string what = first   ? "Samtalen"
                           : offer ? "Tilbuddet"
                                   : fmt::format("Den {}. samtale", rule.Int("min_count"));
  switch (r.status) {
    case RequirementStatus::kSuspended:
      out += fmt::format(" Fristen faldt i {} {}–{} ({}) og vurderes ikke.", r.voided_by->title,
                         ShortDanishDate(r.voided_by->from), ShortDanishDate(r.voided_by->to),
                         r.voided_by->source_short);
      break;
    case RequirementStatus::kLapsed:
      out += fmt::format(" Ydelsen ophørte {} før fristen; kravet bortfaldt.",
                         DanishDate(benefit.end));
      break;
    case RequirementStatus::kExempt:
      out += " Borgeren var fritaget på fristdagen; kravet vurderes ikke.";
      break;
    case RequirementStatus::kOnTime:
      if (r.grace_used) {
        out += fmt::format(
            " Løntilskuddet begyndte {}, inden for {} dage efter fristen, og "
            "tæller som rettidigt.",
            DanishDate(r.met_on), rule.Int("loentilskud_grace_days"));
      } else {
        out += fmt::format(" {} blev {} {} – rettidigt.", what, offer ? "påbegyndt" : "holdt",
                           DanishDate(r.met_on));
      }
      break;
    case RequirementStatus::kLate:
      out += fmt::format(" {} blev {} {}, {} for sent.", what, offer ? "påbegyndt" : "holdt",
                         DanishDate(r.met_on), Days(r.met_on - r.deadline));
      break;
    case RequirementStatus::kOverdue:
      if (judged == r.deadline) {  // the counted days end on the deadline's last day
        out += offer ? fmt::format(" Intet tilbud, der tæller, var begyndt, da fristen udløb {}.",
                                   DanishDate(judged))
                     : fmt::format(" {} af {} samtaler var holdt, da fristen udløb {}.",
                                   r.held_by_deadline, first ? 1 : rule.Int("min_count"),
                                   DanishDate(judged));
      } else if (offer) {
        out += fmt::format(" Intet tilbud, der tæller, er begyndt pr. {}: {} over fristen.",
                           DanishDate(judged), Days(judged - r.deadline));
      } else {
        out += fmt::format(
            " {} af {} samtaler var holdt ved fristen; pr. {} er fristen "
            "overskredet med {}.",
            r.held_by_deadline, first ? 1 : rule.Int("min_count"), DanishDate(judged),
            Days(judged - r.deadline));
      }
      break;
    case RequirementStatus::kOpen:
      out += fmt::format(" Fristen er ikke udløbet pr. {}.", DanishDate(judged));
      break;
  }
  for (const std::string& n : r.not_counted) out += " " + n + ".";
  return out;
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
    t.AddNote(fmt::format("{} ({}; {}): {}. Kilde ({}): {}", rule.id, rule.PeriodText(),
                          groups.empty() ? std::string("alle grupper") : groups, rule.title,
                          SourceTypeText(rule.source_type), rule.source),
              NoteKind::kRule);
  }
  for (const Suspension& s : rules.suspensions()) {
    std::string kinds;
    for (const auto& k : s.kinds) kinds += (kinds.empty() ? "" : ", ") + k;
    t.AddNote(fmt::format("Suspension {} ({}; {}; virkning: {}): {}. Kilde ({}): {}", s.id,
                          s.PeriodText(), kinds, SuspensionEffectName(s.effect), s.title,
                          SourceTypeText(s.source_type), s.source),
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
    case RequirementStatus::kSuspended:
      return "suspenderet";
  }
  return "aaben";
}

namespace {

// Every requirement of one citizen's benefit forløb, judged on `judged`, handed to `emit` in
// order (forløb, then kind).
template <class Emit>
void JudgeCitizen(const RuleSet& rules, const CitizenHistory* citizen, DayNumber judged,
                  bool explain, Emit&& emit) {
  for (const Interval& benefit : citizen->Intervals("benefit")) {
    if (benefit.start > judged) continue;
    std::string group(benefit.start_event->attributes.Get("group"));
    DayNumber first_contact = -1;
    if (auto fc = ParseIsoDate(benefit.start_event->attributes.Get("first_contact")); fc.ok()) {
      first_contact = DaysFromCivil(*fc);
    }
    for (std::string_view kind : kKinds) {
      const Rule* rule = rules.InForce(kind, benefit.start, group);
      if (rule == nullptr) continue;
      Requirement r;
      r.citizen = citizen;
      r.rule = rule;
      r.group = group;
      r.start = benefit.start;
      r.clock_start = benefit.start;
      if (rule->Int("from_first_contact", 0) == 1) {
        if (first_contact >= 0) {
          r.clock_start = first_contact;
          r.from_first_contact = true;
        } else {
          r.first_contact_missing = true;
        }
      }
      r.nominal_deadline =
          kind == "foerste_samtale"
              ? r.clock_start + static_cast<DayNumber>(rule->Int("within_days"))
              : AddMonthsClamped(r.clock_start, static_cast<int>(rule->Int("within_months")));
      ApplySuspensions(rules, r);
      Judge(*citizen, benefit, judged, r);
      r.kommune = citizen->KommuneOn(r.deadline);
      r.due = r.deadline <= judged;
      if (explain) r.explanation = Explain(r, benefit, judged);
      emit(std::move(r));
    }
  }
}

// The citizens in `slices` contiguous slices, `fn(slice, first, end)` run for each in parallel.
template <class Fn>
void ForSlices(std::size_t n, std::size_t slices, Fn&& fn) {
  auto one = [&](std::size_t s) { fn(s, n * s / slices, n * (s + 1) / slices); };
  if (slices <= 1) {
    for (std::size_t s = 0; s < slices; ++s) one(s);
  } else {
    ThreadPool pool(std::min(ThreadPool::DefaultThreads(), slices));
    pool.ParallelFor(slices, one);
  }
}

std::size_t SliceCount(std::size_t citizens) {
  return std::min<std::size_t>(citizens, 4 * ThreadPool::DefaultThreads());
}

}  // namespace

std::vector<Requirement> Requirements(const RuleSet& rules, const CaseData& data,
                                      const RuleQuery& q, bool explain) {
  const DayNumber judged = JudgementDay(data, q);
  // The citizens in slices judged in parallel, kept in the citizens' order.
  const std::size_t slices = SliceCount(data.citizens.size());
  std::vector<std::vector<Requirement>> parts(slices);
  ForSlices(data.citizens.size(), slices, [&](std::size_t s, std::size_t from, std::size_t to) {
    for (std::size_t ci = from; ci < to; ++ci) {
      JudgeCitizen(rules, data.citizens[ci].get(), judged, explain,
                   [&](Requirement&& r) { parts[s].push_back(std::move(r)); });
    }
  });
  std::size_t total = 0;
  for (const auto& p : parts) total += p.size();
  std::vector<Requirement> out;
  out.reserve(total);
  for (auto& p : parts) std::move(p.begin(), p.end(), std::back_inserter(out));
  return out;
}

Result<Table> Rettidighed(const RuleSet& rules, const CaseData& data, const RuleQuery& q) {
  const DayNumber judged = JudgementDay(data, q);
  // Judged in slices of citizens in parallel, each requirement kept only as a 12-byte count
  // record (month, municipality, group, kind, on time): the full requirements of a national
  // store are never held at once. Per citizen, month and group one more record of kind "alle":
  // whether every judged requirement was on time (the municipality of the first).
  constexpr std::uint8_t kAlle = 3;
  struct Count {
    MonthIndex month;
    std::int16_t kommune;
    std::uint16_t group;  // into the slice's group names
    std::uint8_t kind;    // into kKinds, or kAlle
    bool ok;
  };
  struct Slice {
    std::vector<Count> counts;
    std::vector<std::string> groups;  // the slice's group names, by first sight
    std::set<std::pair<std::uint16_t, std::uint8_t>> group_kinds;  // of every requirement
    std::set<int> codes;              // the municipality of every requirement
    MonthIndex first = 0, last = -1;  // the judged requirements' months
  };
  const std::size_t slices = SliceCount(data.citizens.size());
  std::vector<Slice> parts(slices);
  ForSlices(data.citizens.size(), slices, [&](std::size_t s, std::size_t from, std::size_t to) {
    Slice& out = parts[s];
    auto group_id = [&](const std::string& g) {
      for (std::size_t i = 0; i < out.groups.size(); ++i) {
        if (out.groups[i] == g) return static_cast<std::uint16_t>(i);
      }
      out.groups.push_back(g);
      return static_cast<std::uint16_t>(out.groups.size() - 1);
    };
    std::vector<Count> alle;  // one citizen's (month, group) → all on time
    for (std::size_t ci = from; ci < to; ++ci) {
      alle.clear();
      JudgeCitizen(rules, data.citizens[ci].get(), judged, /*explain=*/false, [&](Requirement&& r) {
        const std::uint16_t g = group_id(r.group);
        const auto kind = static_cast<std::uint8_t>(
            std::find(std::begin(kKinds), std::end(kKinds), r.rule->kind) - std::begin(kKinds));
        out.group_kinds.insert({g, kind});
        out.codes.insert(r.kommune);
        if (!r.Judged()) return;
        const MonthIndex m = MonthOfDay(r.deadline);
        if (out.last < out.first) {
          out.first = out.last = m;
        } else {
          out.first = std::min(out.first, m);
          out.last = std::max(out.last, m);
        }
        const bool ok = r.status == RequirementStatus::kOnTime;
        const auto k = static_cast<std::int16_t>(r.kommune);
        out.counts.push_back({m, k, g, kind, ok});
        auto same = std::find_if(alle.begin(), alle.end(),
                                 [&](const Count& c) { return c.month == m && c.group == g; });
        if (same == alle.end()) {
          alle.push_back({m, k, g, kAlle, ok});
        } else {
          same->ok = same->ok && ok;
        }
      });
      out.counts.insert(out.counts.end(), alle.begin(), alle.end());
    }
  });
  // The groups of every slice by name, in name order; the slices' ids mapped to them.
  std::set<std::string> group_set;
  for (const Slice& p : parts) group_set.insert(p.groups.begin(), p.groups.end());
  const std::vector<std::string> groups(group_set.begin(), group_set.end());
  auto global_group = [&](const std::string& name) {
    return static_cast<std::size_t>(std::lower_bound(groups.begin(), groups.end(), name) -
                                    groups.begin());
  };
  std::set<int> codes;
  std::set<std::pair<std::size_t, std::size_t>> group_kinds;  // (group, kind)
  MonthRange range;
  bool any = false;
  for (const Slice& p : parts) {
    codes.insert(p.codes.begin(), p.codes.end());
    for (const auto& [g, kind] : p.group_kinds)
      group_kinds.insert({global_group(p.groups[g]), kind});
    if (p.last < p.first) continue;
    if (!any || p.first < range.from) range.from = p.first;
    if (!any || p.last > range.to) range.to = p.last;
    any = true;
  }
  if (q.from >= 0) range.from = q.from;
  if (q.to >= 0) range.to = q.to;
  if (!any && (q.from < 0 || q.to < 0)) {
    range = {0, -1};
  } else {
    range.to = std::min(range.to, MonthOfDay(judged));
  }
  // Every month, area, group and kind that has a requirement anywhere: zero rows stay visible.
  std::vector<int> slots = {0};
  for (int k : codes) {
    if (KommuneWanted(q, k)) slots.push_back(k);
  }
  // Municipality code (a code has 3 digits) → its slot, the first where it is listed.
  std::vector<int> slot_of(1000, -1);
  for (std::size_t i = slots.size(); i-- > 0;) {
    if (slots[i] < 0 || slots[i] >= 1000) return Internal("municipality code {}", slots[i]);
    slot_of[static_cast<std::size_t>(slots[i])] = static_cast<int>(i);
  }
  const std::size_t months =
      range.to >= range.from ? static_cast<std::size_t>(range.to - range.from + 1) : 0;
  const std::size_t per_month = slots.size() * groups.size() * 4;
  // (month, slot, group, kind) → (on time, all)
  std::vector<std::pair<std::int64_t, std::int64_t>> counts(months * per_month);
  auto at = [&](MonthIndex m, std::size_t slot, std::size_t g, std::size_t kind) -> auto& {
    return counts[static_cast<std::size_t>(m - range.from) * per_month +
                  (slot * groups.size() + g) * 4 + kind];
  };
  for (Slice& p : parts) {
    std::vector<std::size_t> to_global(p.groups.size());
    for (std::size_t i = 0; i < p.groups.size(); ++i) to_global[i] = global_group(p.groups[i]);
    for (const Count& c : p.counts) {
      if (c.month < range.from || c.month > range.to) continue;
      for (int k : {0, static_cast<int>(c.kommune)}) {
        if (k != 0 && !KommuneWanted(q, k)) continue;
        if (k < 0 || k >= 1000 || slot_of[static_cast<std::size_t>(k)] < 0) continue;  // unwanted
        auto& cell = at(c.month, static_cast<std::size_t>(slot_of[static_cast<std::size_t>(k)]),
                        to_global[c.group], c.kind);
        cell.first += c.ok ? 1 : 0;
        ++cell.second;
      }
    }
    p.counts = {};
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
  // Room for every row at once (a national table is large): per month and area "alle" for each
  // group and one row per kind a group has.
  t.mutable_rows().reserve(months * slots.size() * (groups.size() + group_kinds.size()));
  for (MonthIndex m = range.from; m <= range.to; ++m) {
    for (const int k : slots) {
      const auto slot = static_cast<std::size_t>(slot_of[static_cast<std::size_t>(k)]);
      for (std::size_t g = 0; g < groups.size(); ++g) {
        for (std::size_t kind :
             {std::size_t{kAlle}, std::size_t{0}, std::size_t{1}, std::size_t{2}}) {
          if (kind != kAlle && !group_kinds.count({g, kind})) continue;
          const std::string_view name = kind == kAlle ? std::string_view("alle") : kKinds[kind];
          const auto& [num, den] = at(m, slot, g, kind);
          t.AddRow({FormatMonth(m), k == 0 ? std::string(kLandsplan) : fmt::format("{:03d}", k),
                    k == 0 ? std::string("Landsplan") : KommuneName(q, k), groups[g],
                    std::string(name), KindLabel(name), num, den, SharePct(num, den)});
        }
      }
    }
  }
  AddAsOfNote(t, data, judged);
  t.AddNote(
      "Tælles i den måned fristen udløber, når fristen er passeret. Krav 'alle': borgere, hvis "
      "krav med frist i måneden alle er overholdt; de øvrige krav tælles pr. ydelsesforløb. "
      "Fritaget (åben fritagelse på fristdagen), bortfaldet (ydelsen ophørt før fristen) og "
      "suspenderet (fristen faldt i en suspension, der ikke vurderes) tæller ikke med; en "
      "suspension med virkning 'pause' forlænger fristen med de suspenderede dage.");
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
           {"mangler", ColumnType::kString, ColumnRole::kValue, "", "Mangler"},
           {"forklaring", ColumnType::kString, ColumnRole::kValue, "", "Forklaring"},
           {"kilde", ColumnType::kString, ColumnRole::kValue, "", "Kilde"},
           {"kilde_type", ColumnType::kString, ColumnRole::kValue, "", "Kildetype"}});
  t.title = "Rettidighed: frister";
  for (const Requirement& r : reqs) {
    if (!KommuneWanted(q, r.kommune)) continue;
    MonthIndex m = MonthOfDay(r.deadline);
    if ((q.from >= 0 && m < range.from) || (q.to >= 0 && m > range.to)) continue;
    Cell over = std::monostate{};
    if (r.status == RequirementStatus::kLate) over = std::int64_t{r.met_on - r.deadline};
    if (r.status == RequirementStatus::kOverdue) over = std::int64_t{judged - r.deadline};
    t.AddRow({r.rule->kind, r.rule->id, r.group, fmt::format("{:03d}", r.kommune),
              KommuneName(q, r.kommune), std::string(r.citizen->person()), IsoDay(r.start), IsoDay(r.deadline),
              r.met_on >= 0 ? Cell(IsoDay(r.met_on)) : Cell(std::monostate{}), over,
              std::string(RequirementStatusName(r.status)),
              r.missing.empty() ? Cell(std::monostate{}) : Cell(r.missing), r.explanation,
              r.rule->source_short, r.rule->source_type});
  }
  t.SortBy({"fristdato", "kommune", "person", "krav"});
  AddAsOfNote(t, data, judged);
  AddRuleNotes(t, rules);
  return t;
}

}  // namespace fremdrift::cases
