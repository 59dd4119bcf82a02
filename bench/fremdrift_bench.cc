// fremdrift_bench: the fremdrift side of the DuckDB comparison (docs/benchmarks.md).
//   fremdrift_bench export --store S --dir D
//       writes D/spells.csv (person, birth, first_week, last_week, code, kom: the peer's best form,
//       one row per spell, split at residence changes), D/codes.csv and D/months.csv
//   fremdrift_bench queries --store S --dir D [--reps N] [--threads T]
//       runs Q1 (monthly cube, 16-66), Q2 (Herning, 24 months), Q3 (ongoing sygedagpenge forløb
//       over 26 weeks per month and municipality) in this process, N times each; prints one JSON
//       line of per-query times in ms and writes the answers to D/fremdrift_q{1,2,3}.csv
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "measure/forloeb.h"
#include "measure/fuldtidspersoner.h"
#include "measure/table_format.h"

using namespace fremdrift;

namespace {

std::string Arg(int argc, char** argv, const std::string& name, const std::string& def = "") {
  for (int i = 2; i + 1 < argc; ++i) {
    if (argv[i] == name) return argv[i + 1];
  }
  return def;
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
  Table t({{"month", ColumnType::kString},
           {"area", ColumnType::kString},
           {"over_26", ColumnType::kInteger, ColumnRole::kValue}});
  const int over = forloeb.ColumnIndex("igangvaerende_over_26_uger");
  for (const auto& r : forloeb.rows()) {
    if (std::get<std::int64_t>(r[over]) > 0) t.AddRow({r[0], r[1], r[over]});
  }
  return t;
}

int Queries(const SpellStore& st, const ReferenceData& ref, const std::string& dir, int reps,
            std::size_t threads) {
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
    r1 = Fuldtidspersoner(st, ref, q1);
    auto b = std::chrono::steady_clock::now();
    r2 = Fuldtidspersoner(st, ref, q2);
    auto c = std::chrono::steady_clock::now();
    r3 = ForloebTable(st, ref, q3);
    auto d = std::chrono::steady_clock::now();
    t1.push_back(Ms(b - a));
    t2.push_back(Ms(c - b));
    t3.push_back(Ms(d - c));
  }
  if (!r1.ok() || !r2.ok() || !r3.ok()) return 1;
  WriteCsv(*r1, dir + "/fremdrift_q1.csv");
  WriteCsv(*r2, dir + "/fremdrift_q2.csv");
  WriteCsv(Q3Shape(*r3), dir + "/fremdrift_q3.csv");
  auto list = [](const std::vector<double>& v) {
    std::string s;
    for (double x : v) s += fmt::format("{}{:.3f}", s.empty() ? "" : ",", x);
    return "[" + s + "]";
  };
  fmt::print("{{\"q1\":{},\"q2\":{},\"q3\":{}}}\n", list(t1), list(t2), list(t3));
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
  if (cmd == "queries") {
    return Queries(*st, *ref, dir, std::stoi(Arg(argc, argv, "--reps", "1")),
                   std::stoul(Arg(argc, argv, "--threads", "0")));
  }
  return 2;
}
