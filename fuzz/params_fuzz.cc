// libFuzzer target for the API's query parameters (docs/formats/http-api.md): the input is a query
// string, split and URL-decoded by cpp-httplib as the server does, gathered into Params (a name
// given twice is refused, as the API does) and read the way the measurements read them: checked
// against the register measurements' declared parameters, the comma lists, municipality codes,
// period kind, month bounds, areas and the age band. Invariants: SplitComma yields no empty item
// and no comma or space, accepted values re-parse to themselves, a month bound's start is not after
// its end, and error messages name the parameter without echoing long input. Any crash, sanitizer
// report or broken invariant is a bug; crashing inputs go into fuzz/crashes/params/.
#include <httplib.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/check.h"
#include "domain/area.h"
#include "domain/period.h"
#include "measure/fuldtidspersoner.h"
#include "catalog/params.h"

using namespace fremdrift;
using namespace fremdrift::catalog;

namespace {

// The register measurements' parameters (server/register_measurements.cc).
const std::vector<ParamSpec>& Specs() {
  static const auto* specs = new std::vector<ParamSpec>{
      {"period", "", "month"}, {"from", "", ""},    {"to", "", ""},   {"area", "", "kommune"},
      {"kommune", "", ""},     {"group", "", ""},   {"age", "", "16-66"},
      {"model", "", "", true}};
  return *specs;
}

bool ShortError(const Status& s, std::size_t limit) {
  return !s.ok() && !s.message().empty() && s.message().size() <= limit;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  httplib::Params query;
  httplib::detail::parse_query_text(std::string(reinterpret_cast<const char*>(data), size), query);
  std::map<std::string, std::string> values;
  for (const auto& [k, v] : query) {
    if (!values.emplace(k, v).second) return 0;  // the API answers 400 "given more than once"
  }
  Params p(std::move(values));

  Status checked = p.CheckAgainst(Specs());
  if (checked.ok()) {
    for (const auto& [name, value] : p.values()) {
      bool known = name == "format";
      for (const ParamSpec& s : Specs()) known = known || s.name == name;
      FREMDRIFT_CHECK(known);
    }
    FREMDRIFT_CHECK(!p.Get("model").empty());
  } else {
    // The unknown name is cut to 40 characters; the rest is the list of known names.
    FREMDRIFT_CHECK(ShortError(checked, 200));
  }
  const std::string canonical = p.Canonical();
  for (const auto& [name, value] : p.values()) {
    FREMDRIFT_CHECK(canonical.find(name + "=" + value) != std::string::npos);
  }

  for (const auto& [name, value] : p.values()) {
    for (const std::string& item : SplitComma(value)) {
      FREMDRIFT_CHECK(!item.empty() && item.find_first_of(", ") == std::string::npos);
    }
    auto number = ParseIntParam(name, value);
    if (number.ok()) {
      FREMDRIFT_CHECK(ParseIntParam(name, std::to_string(*number)).value() == *number);
    } else {
      FREMDRIFT_CHECK(number.status().message().rfind(name + ":", 0) == 0);
      FREMDRIFT_CHECK(ShortError(number.status(), name.size() + 60));
    }
  }
  auto kommuner = p.Kommuner("kommune");
  if (kommuner.ok()) {
    FREMDRIFT_CHECK(kommuner->size() == SplitComma(p.Get("kommune")).size());
  } else {
    FREMDRIFT_CHECK(ShortError(kommuner.status(), 80));
  }
  if (auto kind = ParsePeriodKind(p.Get("period", "month")); kind.ok()) {
    FREMDRIFT_CHECK(ParsePeriodKind(PeriodKindName(*kind)).value() == *kind);
  }
  for (const char* name : {"from", "to"}) {
    const std::string text = p.Get(name);
    auto first = ParseMonthBound(text, false);
    auto last = ParseMonthBound(text, true);
    FREMDRIFT_CHECK(first.ok() == last.ok());
    if (first.ok()) FREMDRIFT_CHECK(*first <= *last);
  }
  for (const std::string& l : SplitComma(p.Get("area", "kommune"))) (void)ParseAreaLevel(l);
  if (auto age = ParseAgeBand(p.Get("age", "16-66")); age.ok()) {
    FREMDRIFT_CHECK(age->all || (0 <= age->min && age->min <= age->max && age->max <= 130));
    auto again = ParseAgeBand(age->Label());
    FREMDRIFT_CHECK(again.ok() && again->all == age->all &&
                    (age->all || (again->min == age->min && again->max == age->max)));
  }
  return 0;
}
