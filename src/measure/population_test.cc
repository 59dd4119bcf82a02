#include "measure/population.h"

#include <gtest/gtest.h>

namespace fremdrift {
namespace {

const char kPop[] =
    "kommune;aar;aldersgruppe;befolkning;arbejdsstyrke\n"
    "657;2019;16-29;100;80\n657;2019;30-66;300;200\n"
    "661;2019;16-29;50;40\n661;2019;30-66;150;100\n"
    "217;2019;16-29;10;5\n217;2019;30-66;20;15\n";

TEST(PopulationTest, SumsAreasAndBands) {
  auto ref = ReferenceData::LoadEmbedded();
  ASSERT_TRUE(ref.ok());
  Areas areas(*ref);
  auto pop = Population::Parse(kPop, "p.csv", *ref);
  ASSERT_TRUE(pop.ok()) << pop.status().ToString();
  AgeBand all{16, 66, false}, young{16, 29, false};
  auto herning = pop->For(areas, *areas.Find("657"), 2019, all);
  ASSERT_TRUE(herning.ok());
  EXPECT_EQ(herning->befolkning, 400);
  EXPECT_EQ(herning->arbejdsstyrke, 280);
  EXPECT_FALSE(herning->substituted);
  auto rar = pop->For(areas, *areas.Find("RAR Vestjylland"), 2019, young);
  EXPECT_EQ(rar->arbejdsstyrke, 120);
  auto land = pop->For(areas, areas.land_id(), 2019, all);
  EXPECT_EQ(land->befolkning, 630);
  // How much of each area the file covers (andel notes a partial one).
  EXPECT_EQ(herning->municipalities, 1);
  EXPECT_EQ(herning->covered, 1);
  EXPECT_EQ(rar->covered, 2);  // Herning and Holstebro
  EXPECT_GT(rar->municipalities, 2);
  EXPECT_EQ(land->covered, 3);
  EXPECT_EQ(land->municipalities, static_cast<int>(ref->municipalities().size()));
  // A later year uses the latest available, and says so.
  auto later = pop->For(areas, *areas.Find("657"), 2021, all);
  EXPECT_TRUE(later->substituted);
  EXPECT_EQ(later->year_used, 2019);
  EXPECT_EQ(pop->For(areas, areas.unknown_id(), 2019, all).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(pop->For(areas, *areas.Find("657"), 2019, AgeBand{16, 24, false}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(PopulationTest, BadRows) {
  auto ref = ReferenceData::LoadEmbedded();
  auto bad = Population::Parse(
      "kommune;aar;aldersgruppe;befolkning;arbejdsstyrke\n999;2019;16-66;1;1\n", "p.csv", *ref);
  EXPECT_EQ(bad.status().message(),
            "p.csv, row 2, column 'kommune': '999' is not a municipality code in "
            "reference/kommuner.csv");
  bad = Population::Parse("kommune;aar;aldersgruppe;befolkning;arbejdsstyrke\n657;2019;16-66;x;1\n",
                          "p.csv", *ref);
  EXPECT_EQ(bad.status().message(), "p.csv, row 2, column 'befolkning': 'x' is not a number");
  bad = Population::Parse(
      "kommune;aar;aldersgruppe;befolkning;arbejdsstyrke\n657;2019;16-66;1;1\n657;2019;20-24;1;1\n",
      "p.csv", *ref);
  EXPECT_FALSE(bad.ok());
  EXPECT_FALSE(Population::Parse("kommune;aar\n", "p.csv", *ref).ok());
}

}  // namespace
}  // namespace fremdrift
