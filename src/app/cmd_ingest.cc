// `fremdrift ingest`: register CSV(s) → spell store, with a progress bar and an ingest report.
#include <iostream>

#include "app/app_util.h"
#include "common/file_util.h"
#include "common/log.h"
#include "common/progress.h"
#include "measure/population.h"
#include "registry/ingest.h"

namespace fremdrift {
namespace {

struct IngestArgs {
  IngestOptions options;
  std::string on_error = "stop";
  std::string unknown_codes = "error";
  std::string codes;
  std::string report_json;
  std::string population;
};

CommandRegistrar reg([](AppContext& ctx) {
  auto* sub = ctx.Command("ingest");
  auto args = std::make_shared<IngestArgs>();
  sub->add_option("--register", args->options.register_paths,
                  "register CSV in the DREAM layout (y_YYWW columns) or the yearly research "
                  "layout (pnr, y_01..y_53); plain, .gz or .zst. Several files (repeat the "
                  "option or list them) form one register: they must hold different weeks, and "
                  "persons are joined by their id")
      ->required();
  sub->add_option("--year", args->options.year,
                  "the year of a yearly-layout file whose name does not give it (dreamYYYY)")
      ->check(CLI::Range(1900, 2200));
  sub->add_option("--codes", args->codes,
                  "benefit code list (the columns of data/reference/dream-codes.csv, optionally "
                  "gyldig_fra/gyldig_til); default: the data folder's, else the built-in one. "
                  "The store keeps the list it was read with, and every measurement of the "
                  "store groups its codes by that list");
  sub->add_option("--unknown-codes", args->unknown_codes,
                  "a code not in the code list, or outside its gyldig_fra/gyldig_til: error "
                  "(default) or keep the week in the group ukendt_kode and count it in the report")
      ->check(CLI::IsMember({"error", "keep"}));
  sub->add_option("--out", args->options.store_path, "spell store to write (replaced atomically)")
      ->required();
  sub->add_option("--on-error", args->on_error,
                  "stop at the first bad row (default) or skip bad rows and list them (the store "
                  "records how many persons and weeks; every table from it notes them)")
      ->check(CLI::IsMember({"stop", "skip"}));
  sub->add_option(
      "--key-file", args->options.key_file,
      "pseudonym key (64 hex digits, mode 0600); default STORE.key, created if missing");
  sub->add_option("--id-column", args->options.id_column,
                  "name of the person id column (default: cpr, pnr, lobenr or id)");
  sub->add_option("--keep-column", args->options.keep_columns,
                  "a background column of the register to keep in the store (repeatable), so "
                  "measurements can be broken down by it (`--by NAME`): a dictionary of its "
                  "values and one byte per person, at most 255 different values. herkomst is "
                  "kept whenever the register has it (mapped to dansk_oprindelse, vestlig, "
                  "ikke_vestlig; blank: ukendt). The person id column (cpr, pnr) is never kept");
  sub->add_option("--threads", args->options.threads, "worker threads (default: all cores)");
  sub->add_option("--report", args->report_json, "also write the ingest report as JSON here");
  sub->add_option("--population", args->population,
                  "population file (docs/formats/population.md) to keep beside the store");
  ctx.OnRun(sub, [&ctx, args] {
    auto ref = ReferenceData::Load(ctx.reference_dir, args->codes);
    if (!ref.ok()) return ReportError(ref.status());
    args->options.unknown_codes =
        args->unknown_codes == "keep" ? UnknownCodes::kKeep : UnknownCodes::kError;
    args->options.on_error = args->on_error == "skip" ? OnError::kSkip : OnError::kStop;
    std::string population_text;
    if (!args->population.empty()) {
      auto text = ReadFileToString(args->population);
      if (!text.ok()) return ReportError(text.status());
      auto pop = Population::Parse(*text, args->population, *ref);
      if (!pop.ok()) return ReportError(pop.status());
      population_text = std::move(*text);
    }
    args->options.progress = !ctx.quiet;  // a bar on a terminal, else log lines
    auto report = IngestRegister(*ref, args->options);
    if (!report.ok()) {
      int rc = ReportError(report.status());
      std::fprintf(stderr, "fremdrift: ingest failed; %s\n",
                   FileExists(args->options.store_path) ? "the existing store was left as it was"
                                                        : "no store was written");
      return rc;
    }
    if (!population_text.empty()) {
      Status s =
          WriteStringToFile(PopulationPathForStore(args->options.store_path), population_text);
      if (!s.ok()) return ReportError(s);
    }
    LogEvent(LogLevel::kInfo, "ingest finished",
             {{"rows", report->rows},
              {"persons", report->persons},
              {"rows_per_s", report->seconds > 0 ? report->rows / report->seconds : 0.0},
              {"s", report->seconds}});
    std::cout << report->ToText(*ref);
    if (!args->report_json.empty()) {
      Status s = WriteStringToFile(args->report_json, report->ToJson(*ref) + "\n");
      if (!s.ok()) return ReportError(s);
    }
    return kExitOk;
  });
});

}  // namespace
}  // namespace fremdrift
