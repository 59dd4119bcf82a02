// `fremdrift measure fuldtidspersoner`: full-time persons from a spell store, as CSV or JSON.
#include <charconv>
#include <iostream>

#include "app/app_util.h"
#include "measure/fuldtidspersoner.h"
#include "measure/table_format.h"

namespace fremdrift {
namespace {

struct FtpArgs {
  std::string store, period = "month", from, to, area = "kommune", kommune, group, age = "16-66",
                     format = "csv";
  std::size_t threads = 0;
};

// Parses the common register-measurement options into a query.
Result<FtpQuery> BuildQuery(const FtpArgs& a) {
  FtpQuery q;
  ASSIGN_OR_RETURN(q.period, ParsePeriodKind(a.period));
  auto from = ParseMonthBound(a.from, false);
  if (!from.ok()) return InvalidArgument("--from: {}", from.status().message());
  auto to = ParseMonthBound(a.to.empty() ? a.from : a.to, true);
  if (!to.ok()) return InvalidArgument("--to: {}", to.status().message());
  q.from = *from;
  q.to = *to;
  if (q.to < q.from) return InvalidArgument("--to {} is before --from {}", a.to, a.from);
  q.levels.clear();
  for (const auto& l : SplitList(a.area)) {
    auto level = ParseAreaLevel(l);
    if (!level.ok()) return InvalidArgument("--area: {}", level.status().message());
    q.levels.push_back(*level);
  }
  for (const auto& k : SplitList(a.kommune)) {
    int code = 0;
    auto [p, ec] = std::from_chars(k.data(), k.data() + k.size(), code);
    if (ec != std::errc() || p != k.data() + k.size()) {
      return InvalidArgument("--kommune: '{}' is not a municipality code", k);
    }
    q.kommuner.push_back(code);
  }
  q.groups = SplitList(a.group);
  auto age = ParseAgeBand(a.age);
  if (!age.ok()) return InvalidArgument("--age: {}", age.status().message());
  q.age = *age;
  q.threads = a.threads;
  return q;
}

CommandRegistrar reg([](AppContext& ctx) {
  auto* sub = ctx.Command("measure")->add_subcommand(
      "fuldtidspersoner", "full-time persons and persons per benefit group, area and period");
  auto a = std::make_shared<FtpArgs>();
  sub->add_option("--store", a->store, "spell store written by `fremdrift ingest`")->required();
  sub->add_option("--period", a->period, "month, quarter, halfyear or year")
      ->check(CLI::IsMember({"month", "quarter", "halfyear", "year"}));
  sub->add_option("--from", a->from, "first period: YYYY-MM, YYYY-Qn or YYYY")->required();
  sub->add_option("--to", a->to, "last period (default: --from)");
  sub->add_option("--area", a->area, "kommune, rar, region, land (comma list allowed)");
  sub->add_option("--kommune", a->kommune, "municipality codes, comma separated (default: all)");
  sub->add_option("--group", a->group,
                  "benefit groups, comma separated, incl. offentlig_forsoergelse (default: all)");
  sub->add_option("--age", a->age, "age band MIN-MAX (default 16-66) or 'all'");
  sub->add_option("--format", a->format, "csv or json")->check(CLI::IsMember({"csv", "json"}));
  sub->add_option("--threads", a->threads, "worker threads (default: all cores)");
  ctx.OnRun(sub, [&ctx, a] {
    auto ref = LoadReference(ctx);
    if (!ref.ok()) return ReportError(ref.status());
    auto q = BuildQuery(*a);
    if (!q.ok()) return ReportError(q.status());
    auto store = SpellStore::Open(a->store);
    if (!store.ok()) return ReportError(store.status());
    auto table = Fuldtidspersoner(*store, *ref, *q);
    if (!table.ok()) return ReportError(table.status());
    WriteTable(*table, *ParseTableFormat(a->format), std::cout);
    return kExitOk;
  });
});

}  // namespace
}  // namespace fremdrift
