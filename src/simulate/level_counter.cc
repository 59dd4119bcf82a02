// Figure counting over simulated lives, and population/labour-force tallies.
#include "simulate/level_counter.h"

#include <fmt/format.h>

#include <algorithm>

namespace fremdrift::sim {

LevelCounter::LevelCounter(const ReferenceData& ref, const std::vector<Figure>& figures)
    : figures_(&figures), tallies_(figures.size()) {
  group_of_code_.fill(-1);
  for (const auto& c : ref.codes()) group_of_code_[c.code] = static_cast<std::int16_t>(c.group);
}

void LevelCounter::Add(const PersonLife& life) {
  if (life.segments.empty()) return;
  for (std::size_t i = 0; i < figures_->size(); ++i) {
    const Figure& f = (*figures_)[i];
    const WeekRange p = WeeksOfMonths(f.month, f.month);
    if (life.segments.front().first > p.last || life.segments.back().last < p.first) continue;
    FigureTally& t = tallies_[i];
    if (f.kind == FigureKind::kForloebOver26) {
      const WeekIndex w = p.last;
      if (life.KommuneOfWeek(w) != f.kommune || !f.codes.test(life.CodeAt(w))) continue;
      // The forløb's first week: back over the weeks of the group and gaps shorter than the
      // break rule (specs/measurements.md "Forløb").
      const int g = GroupOf(life.CodeAt(w));
      WeekIndex start = w;
      for (WeekIndex x = w - 1; x >= life.entry_week && w - start < 27; --x) {
        if (GroupOf(life.CodeAt(x)) == g) {
          start = x;
        } else if (start - x >= kForloebAfbrydelse) {
          break;
        }
      }
      if (w - start + 1 > 26) {
        t.total += 1;
        t.by_state[static_cast<int>(life.segments[life.SegmentAt(w)].state)] += 1;
      }
      continue;
    }
    const double per_week = 1.0 / p.size();
    for (WeekIndex w = p.first; w <= p.last; ++w) {
      const int seg = life.SegmentAt(w);
      if (seg < 0) continue;
      const int code = life.segments[seg].code;
      if (code <= 0 || !f.codes.test(code)) continue;
      if (life.KommuneOfWeek(w) != f.kommune) continue;
      // Age on the last day of the forløb (run of the same group) if it ends within the period,
      // else on the last day of the period.
      const int g = GroupOf(code);
      // (the forløb's last week: forward over its weeks and gaps shorter than the break rule)
      WeekIndex end = w;
      for (WeekIndex x = w + 1; end <= p.last && x - end < kForloebAfbrydelse; ++x) {
        if (GroupOf(life.CodeAt(x)) == g) end = x;
      }
      const WeekIndex age_week = end <= p.last ? end : p.last;
      const int age = life.AgeOnDay(SundayOf(age_week));
      if (age < f.age_lo || age > f.age_hi) continue;
      if (f.kind == FigureKind::kPartialPct) {
        t.denom += per_week;
        if (code == 899) t.total += per_week;
      } else {
        t.total += per_week;
      }
      t.by_state[static_cast<int>(life.segments[seg].state)] += per_week;
    }
  }
}

void LevelCounter::Merge(const LevelCounter& other) {
  for (std::size_t i = 0; i < tallies_.size(); ++i) {
    tallies_[i].total += other.tallies_[i].total;
    tallies_[i].denom += other.tallies_[i].denom;
    for (int s = 0; s < kNumStates; ++s) tallies_[i].by_state[s] += other.tallies_[i].by_state[s];
  }
}

double LevelCounter::Value(std::size_t i) const {
  const Figure& f = (*figures_)[i];
  const FigureTally& t = tallies_[i];
  switch (f.kind) {
    case FigureKind::kFtp:
    case FigureKind::kForloebOver26:
      return t.total;
    case FigureKind::kShareOfLabourForce:
      return f.denominator > 0 ? 100.0 * t.total / f.denominator : 0;
    case FigureKind::kPartialPct:
      return t.denom > 0 ? 100.0 * t.total / t.denom : 0;
  }
  return 0;
}

PopulationTally::PopulationTally(std::vector<int> kommuner, int first_year, int last_year)
    : kommuner_(std::move(kommuner)), first_year_(first_year), last_year_(last_year) {
  std::sort(kommuner_.begin(), kommuner_.end());
  slot_.fill(-1);
  for (std::size_t i = 0; i < kommuner_.size(); ++i) slot_[kommuner_[i]] = static_cast<int>(i);
  cells_.resize(kommuner_.size() * (last_year_ - first_year_ + 1) * kBands);
}

const char* PopulationTally::BandName(int band) {
  static const char* kNames[kBands] = {"16-19", "20-24", "25-29", "30-34", "35-39", "40-44",
                                       "45-49", "50-54", "55-59", "60-64", "65-66"};
  return kNames[band];
}

void PopulationTally::Add(const PersonLife& life, const ModelParams& params) {
  for (int y = first_year_; y <= last_year_; ++y) {
    const int slot = Slot(life.KommuneInYear(y));
    if (slot < 0) continue;
    const DayNumber day = DaysFromCivil(y, 1, 1);
    const int age = life.AgeOnDay(day);
    if (age < 16 || age > 66) continue;
    const WeekIndex w = WeekOfDay(day);
    if (w < life.entry_week || w >= life.death_week) continue;
    double in_lf = 0;
    bool inactive = false;
    if (!life.segments.empty()) {
      const int seg = life.SegmentAt(w);
      if (seg < 0) continue;
      const State s = life.segments[seg].state;
      if (s == State::kAbroad || s == State::kDead) continue;
      const int si = static_cast<int>(s);
      in_lf = si < kNumModelStates ? params.states[si].labour_force : 0;
      inactive = s == State::kInactive;
    } else {
      bool abroad = false;
      for (const auto& a : life.abroad) abroad |= a.first <= w && w <= a.second;
      if (abroad) continue;
    }
    const int band = age < 20 ? 0 : std::min(10, (age - 20) / 5 + 1);
    Cell& c = cells_[(slot * (last_year_ - first_year_ + 1) + (y - first_year_)) * kBands + band];
    c.befolkning += 1;
    c.arbejdsstyrke += in_lf;
    c.inactive += inactive ? 1 : 0;
  }
}

void PopulationTally::Merge(const PopulationTally& other) {
  for (std::size_t i = 0; i < cells_.size(); ++i) {
    cells_[i].befolkning += other.cells_[i].befolkning;
    cells_[i].arbejdsstyrke += other.cells_[i].arbejdsstyrke;
    cells_[i].inactive += other.cells_[i].inactive;
  }
}

const PopulationTally::Cell& PopulationTally::cell(int kommune, int year, int band) const {
  static const Cell kEmpty;
  const int slot = Slot(kommune);
  if (slot < 0 || year < first_year_ || year > last_year_) return kEmpty;
  return cells_[(slot * (last_year_ - first_year_ + 1) + (year - first_year_)) * kBands + band];
}

PopulationTally::Cell PopulationTally::Total(int kommune, int year) const {
  Cell t;
  for (int b = 0; b < kBands; ++b) {
    const Cell& c = cell(kommune, year, b);
    t.befolkning += c.befolkning;
    t.arbejdsstyrke += c.arbejdsstyrke;
    t.inactive += c.inactive;
  }
  return t;
}

std::string PopulationTally::ToCsv() const {
  std::string out = "kommune;aar;aldersgruppe;befolkning;arbejdsstyrke\n";
  for (int k : kommuner_) {
    for (int y = first_year_; y <= last_year_; ++y) {
      for (int b = 0; b < kBands; ++b) {
        const Cell& c = cell(k, y, b);
        out += fmt::format("{:03d};{};{};{:.0f};{:.0f}\n", k, y, BandName(b), c.befolkning,
                           c.arbejdsstyrke);
      }
    }
  }
  return out;
}

}  // namespace fremdrift::sim
