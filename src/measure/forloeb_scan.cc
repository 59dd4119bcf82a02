// Forløb extraction (see forloeb_scan.h).
#include "measure/forloeb_scan.h"

#include <fmt/format.h>

namespace fremdrift {

std::vector<int> CodeGroups(const ReferenceData& ref) {
  std::vector<int> g(1000, 0);
  for (const auto& c : ref.codes()) g[c.code] = c.group;
  return g;
}

void PersonForloeb(const SpellStore& st, const std::vector<int>& code_group, std::uint64_t i,
                   int afbrydelse, ForloebScratch& scratch, std::vector<Forloeb>& out,
                   std::uint64_t from_spell) {
  out.clear();
  const std::uint64_t sb = from_spell == kFirstSpell ? st.spell_begin(i) : from_spell;
  const std::uint64_t se = st.spell_end(i);
  const std::uint16_t* start = st.spell_start();
  const std::uint16_t* last = st.spell_last();
  const std::uint16_t* code = st.spell_code();
  const std::uint16_t* kom = st.spell_kommune();
  const int span = st.last_week() - st.first_week();
  // Spells are in time order and never overlap. A spell continues its group's latest forløb when
  // the gap since that forløb's last week is shorter than `afbrydelse`, else it starts a new one.
  for (std::uint64_t s = sb; s < se; ++s) {
    const int g = code_group[code[s]];
    if (g < 0) continue;  // a code left out (code_group says -1)
    if (static_cast<std::size_t>(g) >= scratch.latest.size()) scratch.latest.resize(g + 1, -1);
    int& latest = scratch.latest[g];
    const int gap = latest < 0 ? 0 : start[s] - out[latest].last - 1;
    if (latest >= 0 && gap < afbrydelse) {
      Forloeb& f = out[latest];
      f.last = last[s];
      f.weeks_with += last[s] - start[s] + 1;
      f.kommune_last = kom[s];
      f.spell_last = s;
      continue;
    }
    Forloeb f;
    f.group = g;
    f.first = start[s];
    f.last = last[s];
    f.weeks_with = last[s] - start[s] + 1;
    f.kommune_first = f.kommune_last = kom[s];
    f.spell_first = f.spell_last = s;
    f.previous_group = s > sb ? code_group[code[s - 1]] : kSelvforsoergelse;
    latest = static_cast<int>(out.size());
    out.push_back(f);
  }
  for (Forloeb& f : out) {
    f.open = span - f.last < afbrydelse;
    scratch.latest[f.group] = -1;  // clean for the next person
  }
}

Note ForloebRuleNote(int afbrydelse) {
  if (afbrydelse == 1) {
    return {NoteKind::kRule,
            "Forløbsregel: et forløb slutter ved første uge uden ydelsen (den ældre "
            "DREAM-regel, --afbrydelse 1), ikke efter jobindsats' regel fra 2018 om en "
            "kalendermåneds fravær."};
  }
  if (afbrydelse == kDefaultAfbrydelse) {
    return {NoteKind::kRule,
            "Forløbsregel: et forløb slutter først efter mindst 4 uger uden ydelsen; kortere "
            "pauser, også med en anden ydelse, indgår i forløbet. Det er jobindsats' regel om en "
            "kalendermåneds fravær (fra 2018, for a-dagpenge fra august 2019) omsat til uger. Et "
            "forløb med færre end 4 uger registerdata efter sin sidste uge er ikke afsluttet."};
  }
  return {NoteKind::kRule,
          fmt::format("Forløbsregel: et forløb slutter først efter mindst {} uger uden ydelsen "
                      "(--afbrydelse {}; jobindsats' regel er en kalendermåned, her 4 uger); "
                      "kortere pauser indgår i forløbet. Et forløb med færre end {} uger "
                      "registerdata efter sin sidste uge er ikke afsluttet.",
                      afbrydelse, afbrydelse, afbrydelse)};
}

int GroupAtWeek(const SpellStore& st, const std::vector<int>& code_group, std::uint64_t i, int w) {
  if (w > st.last_week() - st.first_week()) return kNotYetKnown;
  std::uint64_t lo = st.spell_begin(i), hi = st.spell_end(i);
  // First spell whose last week >= w.
  while (lo < hi) {
    std::uint64_t mid = (lo + hi) / 2;
    if (st.spell_last()[mid] < w) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo < st.spell_end(i) && st.spell_start()[lo] <= w) return code_group[st.spell_code()[lo]];
  return kSelvforsoergelse;
}

namespace {
int BlankWeekStatus(const SpellStore& st, std::uint64_t i, int w) {
  return st.employment().present() && st.EmployedInMonth(i, MonthOfWeek(st.first_week() + w))
             ? kBeskaeftigelse
             : kSelvforsoergelse;
}
}  // namespace

int StatusAtWeek(const SpellStore& st, const std::vector<int>& code_group, std::uint64_t i,
                 int w) {
  const int g = GroupAtWeek(st, code_group, i, w);
  return g == kSelvforsoergelse ? BlankWeekStatus(st, i, w) : g;
}

int EndReason(const SpellStore& st, const std::vector<int>& code_group, std::uint64_t i,
              const Forloeb& f) {
  const int span = st.last_week() - st.first_week();
  if (f.open) return kNotYetKnown;
  for (int k = 1; k <= 4; ++k) {
    if (f.last + k > span) return kNotYetKnown;
    int g = GroupAtWeek(st, code_group, i, f.last + k);
    if (g >= 0) return g;
  }
  return BlankWeekStatus(st, i, f.last + 1);
}

Note EmploymentNote(const SpellStore& st) {
  const EmploymentCoverage& e = st.employment();
  if (!e.present()) {
    return {NoteKind::kMissingData,
            "Registerudtrækket har ingen beskæftigelseskolonner (grad_ÅÅÅÅ_MM eller "
            "branche_ÅÅÅÅ_MM), så ingen status er beskaeftigelse: uger uden ydelse tælles som "
            "selvforsoergelse, og andele i beskæftigelse kan ikke opgøres."};
  }
  return {NoteKind::kInfo,
          fmt::format("Beskæftigelse: en uge uden ydelse i en måned, hvor registerets "
                      "beskæftigelseskolonner viser beskæftigelse ({}). Kolonnerne dækker {} til "
                      "{}; uden for dem er ingen status beskaeftigelse.",
                      e.source == EmploymentSource::kBranche
                          ? "branche udfyldt; udtrækket har ingen grad-kolonner"
                          : "beskæftigelsesgrad over 0",
                      FormatPeriod(PeriodOfMonth(PeriodKind::kMonth, e.first_month)),
                      FormatPeriod(PeriodOfMonth(PeriodKind::kMonth, e.last_month)))};
}

std::string StatusName(const ReferenceData& ref, int status) {
  if (status == kBeskaeftigelse) return "beskaeftigelse";
  if (status == kSelvforsoergelse) return "selvforsoergelse";
  if (status == kNotYetKnown) return "ikke_opgjort";
  return ref.groups()[status].id;
}

const std::vector<std::string>& DurationBandNames() {
  static const std::vector<std::string> kNames = {"0-4 uger",   "5-8 uger",   "9-13 uger",
                                                  "14-26 uger", "27-39 uger", "40-52 uger",
                                                  "1-2 år",     "2-3 år",     "over 3 år"};
  return kNames;
}

}  // namespace fremdrift
