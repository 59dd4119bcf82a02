// Shared helpers of the rule-based measurements (see rule_measure.h).
#include "rules/rule_measure.h"

#include <algorithm>

#include "domain/clock.h"
#include "registry/row_parser.h"

namespace fremdrift::cases {

DayNumber JudgementDay(const CaseData& data, const RuleQuery& q) {
  DayNumber day = data.as_of_day;
  if (day == kOpenEnd) day = q.today != kOpenEnd ? q.today : CurrentClock()->Today();
  return std::min(day, data.horizon);  // nothing after the data's horizon is judged
}

BirthDays BirthDaysFromStore(const SpellStore& store, const CaseData& data) {
  BirthDays out;
  for (const auto& citizen : data.citizens) {
    auto p = PseudonymFromHex(citizen->person());
    if (!p.ok()) continue;
    std::int64_t i = store.FindPerson(*p);
    if (i < 0) continue;
    std::int32_t birth = store.birth_day(static_cast<std::uint64_t>(i));
    if (birth != kUnknownBirth) out.emplace(citizen->person(), birth);
  }
  return out;
}

DayNumber AddMonthsClamped(DayNumber day, int months) {
  CivilDate d = CivilFromDays(day);
  int month0 = d.year * 12 + d.month - 1 + months;
  int y = month0 / 12, mo = month0 % 12 + 1;
  return DaysFromCivil(y, mo, std::min(d.day, DaysInMonth(y, mo)));
}

MonthIndex MonthOfDay(DayNumber day) {
  CivilDate d = CivilFromDays(day);
  return MakeMonth(d.year, d.month);
}

std::string IsoDay(DayNumber day) { return FormatIsoDate(CivilFromDays(day)); }

std::string DanishDate(DayNumber day) {
  static constexpr const char* kMonths[] = {"januar", "februar", "marts",     "april",
                                            "maj",    "juni",    "juli",      "august",
                                            "september", "oktober", "november", "december"};
  CivilDate d = CivilFromDays(day);
  return fmt::format("{}. {} {}", d.day, kMonths[d.month - 1], d.year);
}

std::string ShortDanishDate(DayNumber day) {
  CivilDate d = CivilFromDays(day);
  return fmt::format("{}.{}.{}", d.day, d.month, d.year);
}

std::string_view SourceTypeText(std::string_view type) {
  if (type == "lov") return "lov";
  if (type == "bekendtgoerelse") return "bekendtgørelse";
  if (type == "star") return "STAR";
  if (type == "kommunens_fortolkning") return "kommunens fortolkning";
  return type;
}

std::string KommuneName(const RuleQuery& q, int code) {
  if (q.reference != nullptr) {
    int idx = q.reference->MunicipalityIndex(code);
    if (idx >= 0) return q.reference->municipalities()[idx].name;
  }
  return fmt::format("{:03d}", code);
}

bool KommuneWanted(const RuleQuery& q, int code) {
  return q.kommuner.empty() ||
         std::find(q.kommuner.begin(), q.kommuner.end(), code) != q.kommuner.end();
}

Cell SharePct(std::int64_t num, std::int64_t den) {
  if (den == 0) return std::monostate{};
  return 100.0 * static_cast<double>(num) / static_cast<double>(den);
}

void AddAsOfNote(Table& t, const CaseData& data, DayNumber judged) {
  t.AddNote(data.as_of
                ? fmt::format("Opgjort pr. {} (hændelser registreret til og med).", *data.as_of)
                : fmt::format("Opgjort på alle registrerede hændelser; frister vurderet pr. {}.",
                              IsoDay(judged)));
  t.AddNote(HorizonNoteText(IsoDay(judged)), NoteKind::kHorizon);
}

}  // namespace fremdrift::cases
