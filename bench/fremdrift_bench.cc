// fremdrift_bench: the fremdrift side of the DuckDB comparison (docs/benchmarks.md).
//   fremdrift_bench export --store S --dir D
//       writes D/spells.csv (person, birth, first_week, last_week, code, kom: the peer's best form,
//       one row per spell, split at residence changes), D/codes.csv and D/months.csv
//   fremdrift_bench queries --store S --dir D [--reps N] [--threads T] [--server] [--only q1|q2|q3]
//       runs Q1 (monthly cube, 16-66), Q2 (Herning, 24 months), Q3 (ongoing sygedagpenge forløb
//       over 26 weeks per month and municipality) in this process, N times each; prints one JSON
//       line of per-query times in ms and writes the answers to D/fremdrift_q{1,2,3}.csv.
//       --server first does what `serve` does at start (the store's memo: municipality index and
//       whole-store cubes 16-66 and 16-29, timed as "prepare_ms"), so the queries are answered as
//       the server answers them
//   fremdrift_bench measures --store S --population P [--kommune 657] [--reps N]
//       times every register measurement in one running process as the server answers it: one
//       municipality × 24 months (with the store's memo, as `serve` runs, after its start-up
//       preparation, and without it), and all municipalities × all months; prints a Markdown table
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "measure/andel.h"
#include "measure/forloeb.h"
#include "measure/fuldtidspersoner.h"
#include "measure/population.h"
#include "measure/sammenligning.h"
#include "table/table_format.h"

using namespace fremdrift;

namespace {

std::string Arg(int argc, char** argv, const std::string& name, const std::string& def = "") {
  for (int i = 2; i + 1 < argc; ++i) {
    if (argv[i] == name) return argv[i + 1];
  }
  return def;
}

bool HasFlag(int argc, char** argv, const std::string& name) {
  for (int i = 2; i < argc; ++i) {
    if (argv[i] == name) return true;
  }
  return false;
}

int Export(const SpellStore& st, const ReferenceData& ref, const std::string& dir) {
  std::FILE* f = std::fopen((dir + "/spells.csv").c_str(), "wb");
  if (!f) return 1;
  std::fputs("person,birth,first_week,last_week,code,kom\n", f);
  std::string line;
  for (std::uint64_t i = 0; i < st.person_count(); ++i) {
    const std::int32_t b = st.birth_day(i);
    const std::string birth = b == kUnknownBirth ? "" : FormatIsoDate(CivilFromDays(b));
    for (std::uint64_t s = st.spell_begin(i); s < st.spell_end(i); ++s) {
      line = fmt::format("{},{},{},{},{},{}\n", i, birth, st.spell_start()[s], st.spell_last()[s],
                         st.spell_code()[s], st.spell_kommune()[s]);
      std::fwrite(line.data(), 1, line.size(), f);
    }
  }
  std::fclose(f);
  std::ofstream codes(dir + "/codes.csv");
  codes << "code,grp,offentlig\n";
  for (const auto& c : ref.codes()) {
    codes << c.code << "," << ref.groups()[c.group].id << ","
          << (ref.groups()[c.group].offentlig_forsoergelse ? "true" : "false") << "\n";
  }
  std::ofstream months(dir + "/months.csv");
  months << "month,first_week,last_week,weeks,end_date,data_last_week,store_first_week\n";
  for (MonthIndex m = MonthOfWeek(st.first_week()); m <= MonthOfWeek(st.last_week()); ++m) {
    WeekRange r = WeeksOfMonths(m, m);
    months << FormatPeriod(PeriodOfMonth(PeriodKind::kMonth, m)) << "," << r.first - st.first_week()
           << "," << r.last - st.first_week() << "," << r.size() << ","
           << FormatIsoDate(CivilFromDays(SundayOf(r.last))) << ","
           << st.last_week() - st.first_week() << "," << st.first_week() << "\n";
  }
  return 0;
}

double Ms(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

// Full precision (shortest round-trip), so answers can be compared to 1e-9.
void WriteCsv(const Table& t, const std::string& path) {
  std::ofstream out(path);
  for (size_t i = 0; i < t.columns().size(); ++i) out << (i ? "," : "") << t.columns()[i].name;
  out << "\n";
  for (const auto& row : t.rows()) {
    for (size_t i = 0; i < row.size(); ++i) out << (i ? "," : "") << CellToString(row[i]);
    out << "\n";
  }
}

// Q3's answer in the peer's shape: month, area, count.
Table Q3Shape(const Table& forloeb) {
  Table t({{"month", ColumnType::kString, ColumnRole::kDimension, "", ""},
           {"area", ColumnType::kString, ColumnRole::kDimension, "", ""},
           {"over_26", ColumnType::kInteger, ColumnRole::kValue, "", ""}});
  const int over = forloeb.ColumnIndex("igangvaerende_over_26_uger");
  for (const auto& r : forloeb.rows()) {
    if (std::get<std::int64_t>(r[over]) > 0) t.AddRow({r[0], r[1], r[over]});
  }
  return t;
}

int Queries(SpellStore& st, const ReferenceData& ref, const std::string& dir, int reps,
            std::size_t threads, bool server, const std::string& only) {
  double prepare_ms = 0;
  if (server) {
    auto a = std::chrono::steady_clock::now();
    st.EnableMemo();
    st.kommune_index();
    PrepareStoreCubes(st, ref, {AgeBand{16, 66, false}, AgeBand{16, 29, false}});
    prepare_ms = Ms(std::chrono::steady_clock::now() - a);
  }
  FtpQuery q1;
  q1.from = MonthOfWeek(st.first_week());
  q1.to = MonthOfWeek(st.last_week());
  q1.threads = threads;
  FtpQuery q2 = q1;
  q2.kommuner = {657};
  q2.to = std::min(q1.to, MakeMonth(2020, 12));
  q2.from = q2.to - 23;
  FtpQuery q3 = q1;
  q3.groups = {"sygedagpenge"};
  q3.age.all = true;
  std::vector<double> t1, t2, t3;
  Result<Table> r1 = Table(), r2 = Table(), r3 = Table();
  for (int i = 0; i < reps; ++i) {
    auto a = std::chrono::steady_clock::now();
    if (only.empty() || only == "q1") r1 = Fuldtidspersoner(st, ref, q1);
    auto b = std::chrono::steady_clock::now();
    if (only.empty() || only == "q2") r2 = Fuldtidspersoner(st, ref, q2);
    auto c = std::chrono::steady_clock::now();
    if (only.empty() || only == "q3") r3 = ForloebTable(st, ref, q3);
    auto d = std::chrono::steady_clock::now();
    t1.push_back(Ms(b - a));
    t2.push_back(Ms(c - b));
    t3.push_back(Ms(d - c));
  }
  if (!r1.ok() || !r2.ok() || !r3.ok()) return 1;
  // --only: the other queries are not run, and their answer files are left as they are.
  if (only.empty() || only == "q1") WriteCsv(*r1, dir + "/fremdrift_q1.csv");
  if (only.empty() || only == "q2") WriteCsv(*r2, dir + "/fremdrift_q2.csv");
  if (only.empty() || only == "q3") WriteCsv(Q3Shape(*r3), dir + "/fremdrift_q3.csv");
  auto list = [](const std::vector<double>& v) {
    std::string s;
    for (double x : v) s += fmt::format("{}{:.3f}", s.empty() ? "" : ",", x);
    return "[" + s + "]";
  };
  fmt::print("{{\"q1\":{},\"q2\":{},\"q3\":{},\"prepare_ms\":{:.1f}}}\n", list(t1), list(t2),
             list(t3), prepare_ms);
  return 0;
}

// Median of `reps` timed calls of fn (which must succeed), in ms.
template <typename Fn>
double MedianMs(int reps, Fn fn) {
  std::vector<double> t;
  for (int i = 0; i < reps; ++i) {
    auto a = std::chrono::steady_clock::now();
    auto r = fn();
    t.push_back(Ms(std::chrono::steady_clock::now() - a));
    if (!r.ok()) {
      std::fprintf(stderr, "fremdrift_bench: %s\n", r.status().ToString().c_str());
      std::exit(1);
    }
  }
  std::sort(t.begin(), t.end());
  return t[t.size() / 2];
}

int Measures(const std::string& store_path, const ReferenceData& ref, const std::string& pop_path,
             int kommune, int reps) {
  auto pop = Population::Load(pop_path, ref);
  auto cold = SpellStore::Open(store_path);
  auto warm = SpellStore::Open(store_path);
  if (!pop.ok() || !cold.ok() || !warm.ok()) {
    std::fputs("fremdrift_bench: cannot open the store or population\n", stderr);
    return 1;
  }
  auto a = std::chrono::steady_clock::now();
  warm->EnableMemo();
  warm->kommune_index();
  cold->kommune_index();
  PrepareStoreCubes(*warm, ref, {AgeBand{16, 66, false}, AgeBand{16, 29, false}});
  const double prepare_ms = Ms(std::chrono::steady_clock::now() - a);

  const MonthIndex last = MonthOfWeek(warm->last_week());
  FtpQuery one;
  one.kommuner = {kommune};
  one.to = last;
  one.from = last - 23;
  FtpQuery all;
  all.from = MonthOfWeek(warm->first_week());
  all.to = last;
  ComparisonQuery cmp;
  cmp.kommune = kommune;
  cmp.from = one.from;
  cmp.to = one.to;
  ComparisonQuery cmp_all = cmp;
  cmp_all.from = all.from + 12;
  struct Row {
    const char* name;
    std::function<Result<Table>(const SpellStore&, const FtpQuery&)> fn;
    bool per_kommune_only = false;
  };
  const std::vector<Row> rows = {
      {"fuldtidspersoner",
       [&](const SpellStore& st, const FtpQuery& q) { return Fuldtidspersoner(st, ref, q); }},
      {"andel", [&](const SpellStore& st, const FtpQuery& q) { return Andel(st, ref, *pop, q); }},
      {"ledighedsprocent",
       [&](const SpellStore& st, const FtpQuery& q) { return Ledighedsprocent(st, ref, *pop, q); }},
      {"sammenligning",
       [&](const SpellStore& st, const FtpQuery& q) {
         return Sammenligning(st, ref, *pop, q.kommuner.empty() ? cmp_all : cmp);
       }},
      {"forloeb",
       [&](const SpellStore& st, const FtpQuery& q) { return ForloebTable(st, ref, q); }},
      {"afgang", [&](const SpellStore& st, const FtpQuery& q) { return AfgangTable(st, ref, q); }},
      {"ressourceforloeb",
       [&](const SpellStore& st, const FtpQuery& q) { return RessourceforloebTable(st, ref, q); }},
  };
  fmt::print(
      "store {} persons; start-up preparation (municipality index, cubes 16-66 and 16-29) "
      "{:.0f} ms\n",
      warm->person_count(), prepare_ms);
  fmt::print(
      "| measurement | {} × 24 months, server (ms) | {} × 24 months, no memo (ms) | "
      "all municipalities × all months (ms) |\n|---|---:|---:|---:|\n",
      kommune, kommune);
  for (const Row& r : rows) {
    const double w = MedianMs(reps, [&] { return r.fn(*warm, one); });
    const double c = MedianMs(reps, [&] { return r.fn(*cold, one); });
    const double x = MedianMs(1, [&] { return r.fn(*cold, all); });
    fmt::print("| {} | {:.1f} | {:.1f} | {:.0f} |\n", r.name, w, c, x);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fputs("usage: fremdrift_bench export|queries --store S --dir D [--reps N]\n", stderr);
    return 2;
  }
  const std::string cmd = argv[1];
  auto ref = ReferenceData::LoadEmbedded();
  auto st = SpellStore::Open(Arg(argc, argv, "--store"));
  if (!ref.ok() || !st.ok()) {
    std::fprintf(stderr, "fremdrift_bench: %s\n", st.status().ToString().c_str());
    return 1;
  }
  const std::string dir = Arg(argc, argv, "--dir", ".");
  if (cmd == "export") return Export(*st, *ref, dir);
  if (cmd == "measures") {
    return Measures(Arg(argc, argv, "--store"), *ref, Arg(argc, argv, "--population"),
                    std::stoi(Arg(argc, argv, "--kommune", "657")),
                    std::stoi(Arg(argc, argv, "--reps", "5")));
  }
  if (cmd == "queries") {
    return Queries(*st, *ref, dir, std::stoi(Arg(argc, argv, "--reps", "1")),
                   std::stoul(Arg(argc, argv, "--threads", "0")), HasFlag(argc, argv, "--server"),
                   Arg(argc, argv, "--only"));
  }
  return 2;
}
