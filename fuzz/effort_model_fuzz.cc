// libFuzzer target for the effort models (data/models/*.toml, docs/cases.md): the input is parsed
// as a model's TOML. A model that loads has its predicates evaluated on a small fixed citizen over
// several months and its deadlines computed. Invariants: indicator ids are found again, payout
// tiers ascend, a deadline never falls before the day that starts it. Any crash, sanitizer
// report, uncaught exception (toml++ throws on bad documents; the loader must turn that into an
// error) or broken invariant is a bug; crashing inputs go into fuzz/crashes/effort_model/.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "eventstore/citizen_history.h"
#include "models/effort_model.h"
#include "common/check.h"
#include "domain/date.h"
#include "domain/period.h"

using namespace fremdrift;
using namespace fremdrift::cases;

namespace {

Event MakeEvent(int n, DayNumber day, EventType type, std::string_view attributes) {
  Event e;
  e.event_id = "e" + std::to_string(n);
  e.person = "P1";
  e.kommune = 657;
  e.date = day;
  e.type = type;
  e.attributes = *Attributes::Parse(attributes);
  e.recorded_by = "fuzz";
  e.recorded_at = "2020-01-01T12:00:00";
  return e;
}

// A citizen with a visitation, a benefit, a conversation, an offer and a placement.
const CitizenHistory& Citizen() {
  static const CitizenHistory* citizen = [] {
    const DayNumber d = DaysFromCivil(2020, 3, 2);
    std::vector<Event> events = {
        MakeEvent(1, d, EventType::kVisitation, "project=fsm2"),
        MakeEvent(2, d, EventType::kBenefitStart, "group=kontanthjaelp"),
        MakeEvent(3, d + 7, EventType::kConversation, "kind=jobsamtale"),
        MakeEvent(4, d + 30, EventType::kOfferStart, "kind=virksomhedspraktik"),
        MakeEvent(5, d + 60, EventType::kPlacementStart, "kind=loentilskud"),
        MakeEvent(6, d + 200, EventType::kBenefitEnd, "group=kontanthjaelp"),
    };
    return new CitizenHistory(std::move(events));
  }();
  return *citizen;
}

void Evaluate(const Predicate& p) {
  const DayNumber as_of = DaysFromCivil(2021, 6, 30);
  for (MonthIndex m = MakeMonth(2020, 1); m <= MakeMonth(2021, 6); m += 5) {
    (void)p.Evaluate(Citizen(), MonthContext::Of(m, as_of));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto model = EffortModel::Parse(text, "fuzz.toml");
  if (!model.ok()) {
    FREMDRIFT_CHECK(model.status().message().find("fuzz.toml") != std::string::npos);
    return 0;
  }
  if (model->target_group) Evaluate(*model->target_group);
  if (model->exempt) Evaluate(*model->exempt);
  for (const StepDef& s : model->steps) Evaluate(s.reached);
  for (const IndicatorDef& ind : model->indicators) {
    FREMDRIFT_CHECK(model->FindIndicator(ind.id) != nullptr);
    Evaluate(ind.denominator);
    Evaluate(ind.numerator);
  }
  if (model->caseload) Evaluate(model->caseload->active);
  if (model->payout) {
    const auto& tiers = model->payout->tiers;
    for (std::size_t i = 1; i < tiers.size(); ++i) {
      FREMDRIFT_CHECK(tiers[i - 1].threshold_pct <= tiers[i].threshold_pct);
    }
  }
  for (const DeadlineDef& d : model->deadlines) {
    for (DayNumber day : {DaysFromCivil(2020, 1, 31), DaysFromCivil(2020, 2, 29),
                          DaysFromCivil(2021, 12, 31)}) {
      FREMDRIFT_CHECK(d.DeadlineFor(day) >= day);
    }
    for (const HistoryEvent& e : Citizen().events()) {
      (void)d.start.Matches(e), (void)d.done.Matches(e);
    }
  }
  return 0;
}
