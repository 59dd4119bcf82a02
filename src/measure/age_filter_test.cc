#include "measure/age_filter.h"

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "common/file_util.h"
#include "registry/ingest.h"

namespace fremdrift {
namespace {

// The precomputed filter gives the same answer as AgeOn on the forløb rule's reference day, for
// every birth day around the band's edges, in every month of a year with a leap day.
TEST(AgeFilterTest, AgreesWithAgeOnForEveryReferenceDay) {
  auto ref = ReferenceData::LoadEmbedded();
  ASSERT_TRUE(ref.ok());
  const std::string dir = ::testing::TempDir() + "/age_filter_" + std::to_string(getpid());
  std::string header = "lobenr;foedselsdato;kom", row = "A;1980-06-01;657";
  for (int w = 1; w <= 53; ++w) {
    header += fmt::format(";y_20{:02d}", w);
    row += ";111";
  }
  std::filesystem::create_directories(dir);
  ASSERT_TRUE(WriteStringToFile(dir + "/r.csv", header + "\n" + row + "\n").ok());
  IngestOptions o;
  o.register_path = dir + "/r.csv";
  o.store_path = dir + "/s.store";
  ASSERT_TRUE(IngestRegister(*ref, o).ok());
  auto st = SpellStore::Open(o.store_path);
  ASSERT_TRUE(st.ok());
  auto grid = PeriodGrid::Build(*st, PeriodKind::kMonth, MakeMonth(2020, 1), MakeMonth(2020, 12));
  ASSERT_TRUE(grid.ok());
  const AgeFilter f = AgeFilter::Build(*st, *grid, 16, 66, false);
  const int span = st->last_week() - st->first_week();
  for (size_t p = 0; p < grid->periods.size(); ++p) {
    for (int last : {0, grid->period_last_rel[p] - 1, grid->period_last_rel[p], span}) {
      for (bool open : {false, true}) {
        const bool ended = !open && last <= grid->period_last_rel[p];
        const CivilDate on =
            ended ? CivilFromDays(SundayOf(st->first_week() + last)) : grid->period_end[p];
        for (int y : {16, 66, 67}) {
          const DayNumber edge = DaysFromCivil(on.year - y, on.month, 1);
          for (DayNumber b = edge - 40; b <= edge + 40; ++b) {
            const int age = AgeOn(CivilFromDays(b), on);
            ASSERT_EQ(f.InBand(b, static_cast<int>(p), last, open), age >= 16 && age <= 66)
                << FormatIsoDate(CivilFromDays(b)) << " on " << FormatIsoDate(on);
          }
        }
      }
    }
  }
  EXPECT_FALSE(f.InBand(kUnknownBirth, 0, 0, false));
  EXPECT_TRUE(AgeFilter::Build(*st, *grid, 16, 66, true).InBand(kUnknownBirth, 0, 0, false));
}

}  // namespace
}  // namespace fremdrift
