// Forløb extraction (see forloeb_scan.h).
#include "measure/forloeb_scan.h"

namespace fremdrift {

std::vector<int> CodeGroups(const ReferenceData& ref) {
  std::vector<int> g(1000, 0);
  for (const auto& c : ref.codes()) g[c.code] = c.group;
  return g;
}

void PersonForloeb(const SpellStore& st, const std::vector<int>& code_group, std::uint64_t i,
                   std::vector<Forloeb>& out) {
  out.clear();
  const std::uint64_t sb = st.spell_begin(i), se = st.spell_end(i);
  const std::uint16_t* start = st.spell_start();
  const std::uint16_t* last = st.spell_last();
  const std::uint16_t* code = st.spell_code();
  const std::uint16_t* kom = st.spell_kommune();
  const int span = st.last_week() - st.first_week();
  int prev_group = kSelvforsoergelse;
  for (std::uint64_t s = sb; s < se;) {
    Forloeb f;
    f.group = code_group[code[s]];
    f.first = start[s];
    f.kommune_first = kom[s];
    f.spell_first = s;
    f.previous_group = prev_group;
    std::uint64_t t = s;
    while (t + 1 < se && start[t + 1] == last[t] + 1 && code_group[code[t + 1]] == f.group) ++t;
    f.last = last[t];
    f.kommune_last = kom[t];
    f.spell_last = t;
    f.open = f.last >= span;
    out.push_back(f);
    prev_group = f.group;
    s = t + 1;
  }
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

int EndReason(const SpellStore& st, const std::vector<int>& code_group, std::uint64_t i,
              const Forloeb& f) {
  const int span = st.last_week() - st.first_week();
  if (f.open) return kNotYetKnown;
  for (int k = 1; k <= 4; ++k) {
    if (f.last + k > span) return kNotYetKnown;
    int g = GroupAtWeek(st, code_group, i, f.last + k);
    if (g >= 0) return g;
  }
  return kSelvforsoergelse;
}

std::string StatusName(const ReferenceData& ref, int status) {
  if (status == kSelvforsoergelse) return "selvforsoergelse";
  if (status == kNotYetKnown) return "ikke_opgjort";
  return ref.groups()[status].id;
}

int DurationBand(int w) {
  if (w <= 4) return 0;
  if (w <= 8) return 1;
  if (w <= 13) return 2;
  if (w <= 26) return 3;
  if (w <= 39) return 4;
  if (w <= 52) return 5;
  if (w <= 104) return 6;
  if (w <= 156) return 7;
  return 8;
}

const std::vector<std::string>& DurationBandNames() {
  static const std::vector<std::string> kNames = {"0-4 uger",   "5-8 uger",   "9-13 uger",
                                                  "14-26 uger", "27-39 uger", "40-52 uger",
                                                  "1-2 år",     "2-3 år",     "over 3 år"};
  return kNames;
}

}  // namespace fremdrift
