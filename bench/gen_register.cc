// gen_register: a quick synthetic register in the DREAM layout with a fixed seed, plus an
// independent, deliberately naive week-by-week computation of the monthly full-time persons cube
// (16-66, forløb age rule with the break rule --afbrydelse, default 4 weeks: a gap of that many
// weeks without the group ends a forløb) to check fremdrift against. Used by the 100k-person test and the
// benchmarks until/beside `fremdrift simulate`.
//   gen_register --persons N --from-year 2008 --to-year 2021 --seed S --out register.csv
//                [--oracle expected.csv] [--afbrydelse WEEKS]
//   gen_register --compare expected.csv actual.csv   (fremdrift's csv; exit 1 on any difference)
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "domain/date.h"
#include "domain/period.h"
#include "domain/reference.h"

using namespace fremdrift;

namespace {

struct CodeChoice {
  int code;
  double weight;
  double mean_weeks;
};

// Common codes with rough weights and mean spell lengths.
const CodeChoice kCodes[] = {
    {111, 30, 14}, {130, 6, 10}, {730, 10, 30},  {733, 3, 12},     {737, 2, 8},
    {890, 18, 9},  {899, 3, 6},  {771, 4, 150},  {783, 6, 400},    {810, 1.5, 80},
    {785, 1, 40},  {740, 1, 20}, {651, 10, 40},  {881, 8, 30},     {621, 3, 100},
    {215, 1, 20},  {720, 2, 30}, {703, 1.5, 40}, {998, 0.5, 2000}, {997, 0.3, 30},
};

struct Args {
  long persons = 100000;
  int from_year = 2008, to_year = 2021;
  unsigned seed = 1;
  int afbrydelse = 4;
  std::string out, oracle;
};

int Compare(const std::string& expected, const std::string& actual) {
  auto load = [](const std::string& path) {
    std::map<std::tuple<std::string, std::string, std::string>, std::pair<double, long>> m;
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);  // header
    while (std::getline(in, line)) {
      std::stringstream ss(line);
      std::string p, a, g, f, n;
      std::getline(ss, p, ',');
      std::getline(ss, a, ',');
      std::getline(ss, g, ',');
      std::getline(ss, f, ',');
      std::getline(ss, n, ',');
      m[{p, a, g}] = {std::stod(f), std::stol(n)};
    }
    return m;
  };
  auto e = load(expected), a = load(actual);
  long bad = 0;
  for (const auto& [k, v] : e) {
    auto it = a.find(k);
    if (it == a.end() || std::fabs(it->second.first - v.first) > 1e-6 ||
        it->second.second != v.second) {
      if (bad++ < 10) {
        fmt::print(stderr, "mismatch {} {} {}: expected {} / {}, got {}\n", std::get<0>(k),
                   std::get<1>(k), std::get<2>(k), v.first, v.second,
                   it == a.end() ? std::string("nothing")
                                 : fmt::format("{} / {}", it->second.first, it->second.second));
      }
    }
  }
  for (const auto& [k, v] : a) {
    if (!e.count(k) && bad++ < 10) {
      fmt::print(stderr, "unexpected row {} {} {}\n", std::get<0>(k), std::get<1>(k),
                 std::get<2>(k));
    }
  }
  fmt::print("compared {} expected rows with {} rows: {} differences\n", e.size(), a.size(), bad);
  return bad == 0 ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    auto next = [&]() { return std::string(i + 1 < argc ? argv[++i] : ""); };
    if (k == "--persons")
      a.persons = std::stol(next());
    else if (k == "--from-year")
      a.from_year = std::stoi(next());
    else if (k == "--to-year")
      a.to_year = std::stoi(next());
    else if (k == "--seed")
      a.seed = static_cast<unsigned>(std::stoul(next()));
    else if (k == "--afbrydelse")
      a.afbrydelse = std::stoi(next());
    else if (k == "--out")
      a.out = next();
    else if (k == "--oracle")
      a.oracle = next();
    else if (k == "--compare") {
      std::string e = next(), x = next();
      return Compare(e, x);
    } else {
      fmt::print(stderr, "unknown argument {}\n", k);
      return 2;
    }
  }
  auto ref = ReferenceData::LoadEmbedded();
  if (!ref.ok()) return 1;
  const WeekIndex w0 = *WeekFromIsoWeek(a.from_year, 1);
  const WeekIndex w1 = *WeekFromIsoWeek(a.to_year, IsoWeeksInYear(a.to_year));
  const int weeks = w1 - w0 + 1;
  const int years = a.to_year - a.from_year + 1;
  const auto& munis = ref->municipalities();

  std::FILE* out = std::fopen(a.out.c_str(), "wb");
  if (!out) return 1;
  std::string header = "lobenr;foedselsdato;koen";
  for (int y = a.from_year; y <= a.to_year; ++y) header += fmt::format(";kom_{}", y);
  for (WeekIndex w = w0; w <= w1; ++w) {
    IsoWeek iw = IsoWeekOf(w);
    header += fmt::format(";y_{:02d}{:02d}", iw.year % 100, iw.week);
  }
  header += "\n";
  std::fputs(header.c_str(), out);

  // Oracle: month → municipality code → group → (weeks, persons).
  const MonthIndex m0 = MonthOfWeek(w0), m1 = MonthOfWeek(w1);
  const int months = m1 - m0 + 1;
  const int groups = static_cast<int>(ref->groups().size()) + 1;
  std::vector<double> cube_weeks(static_cast<size_t>(months) * 1000 * groups, 0.0);
  std::vector<long> cube_persons(cube_weeks.size(), 0);
  std::vector<int> month_weeks(months), month_last(months);
  std::vector<CivilDate> month_end(months);
  for (int m = 0; m < months; ++m) {
    WeekRange r = WeeksOfMonths(m0 + m, m0 + m);
    month_weeks[m] = r.size();
    month_last[m] = r.last - w0;
    month_end[m] = CivilFromDays(SundayOf(r.last));
  }

  std::mt19937_64 rng(a.seed);
  std::uniform_real_distribution<double> u(0, 1);
  double total_w = 0;
  for (const auto& c : kCodes) total_w += c.weight;
  std::vector<int> code(weeks), kom(weeks);
  std::vector<int> kom_year(years);
  std::string row;
  for (long p = 0; p < a.persons; ++p) {
    const int by = 1940 + static_cast<int>(u(rng) * 65);
    const int bm = 1 + static_cast<int>(u(rng) * 12);
    const int bd = 1 + static_cast<int>(u(rng) * 28);
    const CivilDate birth{by, bm, bd};
    int home = static_cast<int>(u(rng) * munis.size());
    for (int y = 0; y < years; ++y) {
      if (u(rng) < 0.04) home = static_cast<int>(u(rng) * munis.size());
      kom_year[y] = u(rng) < 0.002 ? 0 : munis[home].code;  // a few unknown years
    }
    // Weekly states: blank or a code, geometric durations.
    const double activity = 0.004 + u(rng) * 0.03;
    int cur = 0;
    double leave = 0;
    for (int w = 0; w < weeks; ++w) {
      if (cur == 0) {
        if (u(rng) < activity) {
          double x = u(rng) * total_w;
          for (const auto& c : kCodes) {
            if ((x -= c.weight) <= 0) {
              cur = c.code;
              leave = 1.0 / c.mean_weeks;
              break;
            }
          }
        }
      } else if (u(rng) < leave) {
        cur = u(rng) < 0.3 ? kCodes[static_cast<int>(u(rng) * 6)].code : 0;
      }
      code[w] = cur;
      int year = CivilFromDays(ThursdayOf(w0 + w)).year;
      kom[w] = kom_year[year - a.from_year];
    }
    if (std::all_of(code.begin(), code.end(), [](int c) { return c == 0; })) {
      code[static_cast<int>(u(rng) * weeks)] = 890;
    }
    row = fmt::format("S{:08d};{:04d}-{:02d}-{:02d};{}", p, by, bm, bd, u(rng) < 0.5 ? "M" : "K");
    for (int y = 0; y < years; ++y) {
      row += kom_year[y] ? fmt::format(";{:03d}", kom_year[y]) : std::string(";");
    }
    for (int w = 0; w < weeks; ++w) {
      row += ';';
      if (code[w]) row += fmt::format("{:03d}", code[w]);
    }
    row += '\n';
    std::fwrite(row.data(), 1, row.size(), out);

    if (a.oracle.empty()) continue;
    // Naive oracle, week by week: group of each week, end of its forløb (the next week of the
    // same group continues it when fewer than `afbrydelse` weeks lie between).
    std::vector<int> grp(weeks, -1), fend(weeks, -1);
    for (int w = 0; w < weeks; ++w) {
      if (code[w]) grp[w] = ref->codes()[ref->CodeIndex(code[w])].group;
    }
    for (int w = weeks - 1; w >= 0; --w) {
      if (grp[w] < 0) continue;
      int next = w + 1;
      while (next < weeks && next - w - 1 < a.afbrydelse && grp[next] != grp[w]) ++next;
      fend[w] = (next < weeks && next - w - 1 < a.afbrydelse) ? fend[next] : w;
    }
    std::vector<size_t> touched;
    for (int w = 0; w < weeks; ++w) {
      if (grp[w] < 0) continue;
      const int m = MonthOfWeek(w0 + w) - m0;
      const bool open = weeks - 1 - fend[w] < a.afbrydelse;
      CivilDate on = (!open && fend[w] <= month_last[m]) ? CivilFromDays(SundayOf(w0 + fend[w]))
                                                         : month_end[m];
      const int age = AgeOn(birth, on);
      if (age < 16 || age > 66) continue;
      const size_t base = (static_cast<size_t>(m) * 1000 + kom[w]) * groups;
      cube_weeks[base + grp[w]] += 1;
      touched.push_back(base + grp[w]);
      if (ref->groups()[grp[w]].offentlig_forsoergelse) {
        cube_weeks[base + groups - 1] += 1;
        touched.push_back(base + groups - 1);
      }
    }
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    for (size_t t : touched) cube_persons[t]++;
  }
  std::fclose(out);

  if (!a.oracle.empty()) {
    std::vector<std::string> lines;
    for (int m = 0; m < months; ++m) {
      std::string period = FormatPeriod(PeriodOfMonth(PeriodKind::kMonth, m0 + m));
      for (int k = 0; k < 1000; ++k) {
        for (int g = 0; g < groups; ++g) {
          size_t i = (static_cast<size_t>(m) * 1000 + k) * groups + g;
          if (!cube_persons[i]) continue;
          std::string area = k == 0 ? "ukendt" : fmt::format("{:03d}", k);
          std::string group = g == groups - 1 ? "offentlig_forsoergelse" : ref->groups()[g].id;
          lines.push_back(fmt::format("{},{},{},{:.9f},{}", period, area, group,
                                      cube_weeks[i] / month_weeks[m], cube_persons[i]));
        }
      }
    }
    std::ofstream o(a.oracle);
    o << "period,area,ydelsesgruppe,fuldtidspersoner,personer\n";
    for (const auto& l : lines) o << l << "\n";
  }
  return 0;
}
