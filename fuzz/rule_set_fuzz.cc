// libFuzzer target for the dated rule sets (data/rules/*.toml, docs/cases.md): the input is
// parsed as a rule set's TOML. Invariants on a set that loads: every rule's kind is one of
// RuleKinds() and carries that kind's required parameters with the declared types, its period is
// not empty, InForce() returns only rules of the asked kind that are in force on the day and
// cover the group, and OfKind() lists only rules of the kind. Any crash, sanitizer report,
// uncaught exception or broken invariant is a bug; crashing inputs go into fuzz/crashes/rule_set/.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "rules/rule_set.h"
#include "common/check.h"
#include "domain/date.h"

using namespace fremdrift;
using namespace fremdrift::cases;

namespace {

const RuleKind* FindKind(std::string_view kind) {
  for (const RuleKind& k : RuleKinds()) {
    if (k.kind == kind) return &k;
  }
  return nullptr;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto set = RuleSet::Parse(text, "fuzz.toml");
  if (!set.ok()) {
    FREMDRIFT_CHECK(set.status().message().find("fuzz.toml") != std::string::npos);
    return 0;
  }
  for (const Rule& r : set->rules()) {
    const RuleKind* kind = FindKind(r.kind);
    FREMDRIFT_CHECK(kind != nullptr);
    FREMDRIFT_CHECK(r.effective_from <= r.effective_to);
    for (const RuleKind::Param& p : kind->params) {
      auto it = r.params.find(std::string(p.name));
      if (it == r.params.end()) {
        FREMDRIFT_CHECK(!p.required);
        continue;
      }
      if (p.is_int) {
        FREMDRIFT_CHECK(std::holds_alternative<std::int64_t>(it->second));
      } else {
        FREMDRIFT_CHECK(std::holds_alternative<std::vector<std::string>>(it->second));
      }
      (void)r.Int(p.name);
      (void)r.Strings(p.name);
    }
    (void)r.PeriodText();
    FREMDRIFT_CHECK(r.InForce(r.effective_from));
  }
  const std::string_view groups[] = {"", "kontanthjaelp", "a_dagpenge", "ressourceforloeb"};
  const DayNumber days[] = {DaysFromCivil(2015, 1, 1), DaysFromCivil(2020, 1, 1),
                            DaysFromCivil(2025, 7, 1)};
  for (const RuleKind& k : RuleKinds()) {
    for (std::string_view g : groups) {
      for (const Rule* r : set->OfKind(k.kind, g)) FREMDRIFT_CHECK(r->kind == k.kind);
      for (DayNumber day : days) {
        const Rule* r = set->InForce(k.kind, day, g);
        if (!r) continue;
        FREMDRIFT_CHECK(r->kind == k.kind && r->InForce(day));
        FREMDRIFT_CHECK(g.empty() || r->Covers(g));
      }
    }
  }
  return 0;
}
