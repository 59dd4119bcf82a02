// Tests of the discretion of small numbers (suppression.h).
#include "table/suppression.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "domain/reference.h"

namespace fremdrift {
namespace {

Column Dim(const char* name) { return {name, ColumnType::kString, ColumnRole::kDimension}; }
Column Count(const char* name, const char* unit = "personer") {
  return {name, ColumnType::kInteger, ColumnRole::kValue, unit};
}
Column Num(const char* name, const char* unit) {
  return {name, ColumnType::kNumber, ColumnRole::kValue, unit};
}

// Groups of one area and their offentlig_forsoergelse total.
Table GroupTable() {
  Table t({Dim("omraade"), Dim("ydelsesgruppe"), Num("fuldtidspersoner", "fuldtidspersoner"),
           Count("personer")});
  t.AddRow({std::string("657"), std::string("a_dagpenge"), 2.5, std::int64_t{3}});
  t.AddRow({std::string("657"), std::string("kontanthjaelp"), 30.0, std::int64_t{40}});
  t.AddRow({std::string("657"), std::string("sygedagpenge"), 9.0, std::int64_t{12}});
  t.AddRow({std::string("657"), std::string("offentlig_forsoergelse"), 41.5, std::int64_t{55}});
  return t;
}

TEST(SuppressionTest, RolesFollowUnits) {
  EXPECT_EQ(RoleOfColumn(Count("personer")), SuppressionRole::kCount);
  EXPECT_EQ(RoleOfColumn(Count("startede", "forløb")), SuppressionRole::kCount);
  EXPECT_EQ(RoleOfColumn(Num("fuldtidspersoner", "fuldtidspersoner")), SuppressionRole::kFullTime);
  EXPECT_EQ(RoleOfColumn(Num("andel", "pct")), SuppressionRole::kDerived);
  EXPECT_EQ(RoleOfColumn(Count("i_alt", "kr.")), SuppressionRole::kNone);
  EXPECT_EQ(RoleOfColumn(Dim("omraade")), SuppressionRole::kNone);
}

TEST(SuppressionTest, SmallCountAndItsComplementInALineWithATotal) {
  Table t = GroupTable();
  SuppressionResult s = SuppressSmallNumbers(t, StandardSuppressionSpec(t, 5));
  // a_dagpenge (3 persons) is under 5; with the total shown, the next-smallest group
  // (sygedagpenge, 12) is hidden too, with its full-time persons.
  EXPECT_EQ(s.primary, 1);
  EXPECT_TRUE(s.suppressed[0][3]);
  EXPECT_TRUE(s.suppressed[0][2]);
  EXPECT_TRUE(s.suppressed[2][3]);
  EXPECT_TRUE(s.suppressed[2][2]);
  EXPECT_FALSE(s.suppressed[1][3]);
  EXPECT_FALSE(s.suppressed[3][3]);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(s.table.rows()[0][3]));
  EXPECT_EQ(std::get<std::int64_t>(s.table.rows()[1][3]), 40);
}

TEST(SuppressionTest, ThresholdIsConfigurable) {
  Table t = GroupTable();
  EXPECT_FALSE(SuppressSmallNumbers(t, StandardSuppressionSpec(t, 3)).any());  // 3 is not < 3
  SuppressionResult s = SuppressSmallNumbers(t, StandardSuppressionSpec(t, 15));
  EXPECT_TRUE(s.suppressed[0][3]);  // 3 < 15
  EXPECT_TRUE(s.suppressed[2][3]);  // 12 < 15
  EXPECT_EQ(s.primary, 2);
  EXPECT_FALSE(s.suppressed[1][3]);  // two hidden parts: nothing more needed
  EXPECT_FALSE(SuppressSmallNumbers(t, StandardSuppressionSpec(t, 0)).any());
}

TEST(SuppressionTest, ZeroIsShownAndANonZeroComplementIsPreferred) {
  Table t({Dim("dimension"), Dim("kategori"), Count("antal", "forløb")});
  t.AddRow({std::string("i_alt"), std::string(""), std::int64_t{20}});
  t.AddRow({std::string("koen"), std::string("kvinde"), std::int64_t{2}});
  t.AddRow({std::string("koen"), std::string("mand"), std::int64_t{18}});
  t.AddRow({std::string("koen"), std::string("ukendt"), std::int64_t{0}});
  SuppressionResult s = SuppressSmallNumbers(t, StandardSuppressionSpec(t, 5));
  EXPECT_TRUE(s.suppressed[1][2]);
  EXPECT_TRUE(s.suppressed[2][2]);  // 18, not the 0
  EXPECT_FALSE(s.suppressed[3][2]);
  EXPECT_FALSE(s.suppressed[0][2]);
}

TEST(SuppressionTest, RegisterBreakdownRowsArePartsOfTheirTotalRow) {
  // fuldtidspersoner --by koen: the total row's dimension and kategori are both "i_alt"; the
  // sex rows of the same period, area and group are its parts.
  Table t({Dim("periode"), Dim("omraade"), Dim("ydelsesgruppe"), Dim("dimension"),
           Dim("kategori"), Num("fuldtidspersoner", "fuldtidspersoner"), Count("personer")});
  auto row = [&](const char* g, const char* d, const char* k, double ftp, std::int64_t n) {
    t.AddRow({std::string("2019-02"), std::string("657"), std::string(g), std::string(d),
              std::string(k), ftp, n});
  };
  row("kontanthjaelp", "i_alt", "i_alt", 30.0, 40);
  row("kontanthjaelp", "koen", "kvinde", 2.0, 3);
  row("kontanthjaelp", "koen", "mand", 28.0, 37);
  row("a_dagpenge", "i_alt", "i_alt", 12.0, 20);
  row("a_dagpenge", "koen", "kvinde", 6.0, 8);
  row("a_dagpenge", "koen", "mand", 6.0, 12);
  SuppressionResult s = SuppressSmallNumbers(t, StandardSuppressionSpec(t, 5));
  EXPECT_TRUE(s.suppressed[1][6]);   // 3 women
  EXPECT_TRUE(s.suppressed[2][6]);   // 37 men: 40 - 37 would show the 3
  EXPECT_TRUE(s.suppressed[1][5]);   // their full-time persons follow
  EXPECT_FALSE(s.suppressed[0][6]);  // the total stays
  for (int r = 3; r < 6; ++r) EXPECT_FALSE(s.suppressed[r][6]) << r;
}

TEST(SuppressionTest, AlonePartHidesTheMargin) {
  Table t({Dim("dimension"), Dim("kategori"), Count("antal", "forløb")});
  t.AddRow({std::string("i_alt"), std::string(""), std::int64_t{3}});
  t.AddRow({std::string("alder"), std::string("under_40"), std::int64_t{3}});
  t.AddRow({std::string("koen"), std::string("kvinde"), std::int64_t{3}});
  SuppressionResult s = SuppressSmallNumbers(t, StandardSuppressionSpec(t, 5));
  EXPECT_TRUE(s.suppressed[0][2]);  // itself under 5
  EXPECT_TRUE(s.suppressed[1][2]);
  Table u({Dim("dimension"), Dim("kategori"), Count("antal", "forløb")});
  u.AddRow({std::string("i_alt"), std::string(""), std::int64_t{30}});
  u.AddRow({std::string("alder"), std::string("under_40"), std::int64_t{3}});
  SuppressionResult v = SuppressSmallNumbers(u, StandardSuppressionSpec(u, 5));
  EXPECT_TRUE(v.suppressed[1][2]);
  EXPECT_TRUE(v.suppressed[0][2]);  // 30 - nothing else would show the 3
}

TEST(SuppressionTest, SharesOnAHiddenNumeratorOrDenominatorAreHidden) {
  Table t({Dim("indikator"), Count("taeller"), Count("naevner"), Num("andel", "pct")});
  t.AddRow({std::string("1"), std::int64_t{2}, std::int64_t{50}, 4.0});
  t.AddRow({std::string("2"), std::int64_t{12}, std::int64_t{50}, 24.0});
  t.AddRow({std::string("3"), std::int64_t{0}, std::int64_t{3}, 0.0});
  SuppressionResult s = SuppressSmallNumbers(t, StandardSuppressionSpec(t, 5));
  EXPECT_TRUE(s.suppressed[0][1]);
  EXPECT_FALSE(s.suppressed[0][2]);
  EXPECT_TRUE(s.suppressed[0][3]);
  EXPECT_FALSE(s.suppressed[1][3]);
  EXPECT_TRUE(s.suppressed[2][2]);
  EXPECT_TRUE(s.suppressed[2][3]);
}

TEST(SuppressionTest, FullTimeWithoutPersonsIsHeldToTheThreshold) {
  Table t({Dim("periode"), Num("fuldtidspersoner", "fuldtidspersoner"), Num("andel", "pct")});
  t.AddRow({std::string("2019-01"), 4.2, 0.1});
  t.AddRow({std::string("2019-02"), 5.0, 0.2});
  SuppressionResult s = SuppressSmallNumbers(t, StandardSuppressionSpec(t, 5));
  EXPECT_TRUE(s.suppressed[0][1]);
  EXPECT_TRUE(s.suppressed[0][2]);
  EXPECT_FALSE(s.suppressed[1][1]);
}

// The committee comparison gives its unit per row (`enhed`): a row of full-time persons holds
// each figure to the threshold, its change and sentences follow; a row of shares is shown.
TEST(SuppressionTest, RowUnitsOfTheCommitteeComparison) {
  Table t({Dim("noegletal"), Dim("enhed"), Num("kommune_vaerdi", ""), Num("land_vaerdi", ""),
           Num("aaret_foer", ""), Num("aendring", ""), Dim("tal_tekst")});
  t.AddRow({std::string("ledighedsydelse"), std::string("fuldtidspersoner"), 2.0, 900.0, 6.0,
            -4.0, std::string("Antal fuldtidspersoner: ledighedsydelse (2)")});
  t.AddRow({std::string("fleksjob"), std::string("fuldtidspersoner"), 40.0, 9000.0, 38.0, 2.0,
            std::string("Antal fuldtidspersoner: fleksjob (40)")});
  t.AddRow({std::string("ledighedsprocent"), std::string("pct"), 3.4, 3.7, 3.6, -0.2,
            std::string("Ledighedsprocent: Herning (3,4 %)")});
  SuppressionResult s = SuppressSmallNumbers(t, StandardSuppressionSpec(t, 5));
  EXPECT_TRUE(s.suppressed[0][2]);   // 2 full-time persons
  EXPECT_FALSE(s.suppressed[0][3]);  // the country's 900
  EXPECT_FALSE(s.suppressed[0][4]);  // a year earlier, 6
  EXPECT_TRUE(s.suppressed[0][5]);   // the change would give 6 - 4 = 2
  EXPECT_TRUE(s.suppressed[0][6]);   // the sentence names 2
  // A change of 2 is no count of persons.
  for (std::size_t c = 2; c <= 6; ++c) EXPECT_FALSE(s.suppressed[1][c]) << c;
  for (std::size_t c = 2; c <= 6; ++c) EXPECT_FALSE(s.suppressed[2][c]) << c;  // shares
  EXPECT_EQ(s.primary, 1);
}

// A share of the committee comparison is held to its numerator (kommune_fuldtidspersoner): under
// the threshold, the share, the figures beside it, the change and the sentences are hidden.
TEST(SuppressionTest, ShareOfTheCommitteeComparisonFollowsItsNumerator) {
  Table t({Dim("noegletal"), Dim("enhed"), Num("kommune_vaerdi", ""), Num("land_vaerdi", ""),
           Num("aendring", ""), Dim("tal_tekst"),
           Num("kommune_fuldtidspersoner", "fuldtidspersoner")});
  t.AddRow({std::string("revalidering"), std::string("pct"), 0.4, 0.3, 0.1,
            std::string("Revalidering: Herning (0,4 %)"), 3.5});
  t.AddRow({std::string("sygedagpenge"), std::string("pct"), 3.1, 3.0, 0.1,
            std::string("Sygedagpenge: Herning (3,1 %)"), 69.0});
  SuppressionResult s = SuppressSmallNumbers(t, StandardSuppressionSpec(t, 5));
  for (std::size_t c = 2; c <= 6; ++c) EXPECT_TRUE(s.suppressed[0][c]) << c;
  for (std::size_t c = 2; c <= 6; ++c) EXPECT_FALSE(s.suppressed[1][c]) << c;
}

// The reconciliation with jobindsats names each row's measure in `maal`.
TEST(SuppressionTest, RowMeasuresOfTheReconciliation) {
  Table t({Dim("maal"), Num("fremdrift_vaerdi", ""), Num("jobindsats_vaerdi", ""),
           Num("forskel", ""), Num("relativ_forskel", "pct")});
  t.AddRow({std::string("personer"), 3.0, 4.0, -1.0, -25.0});
  t.AddRow({std::string("andel_befolkning"), 0.3, 0.4, -0.1, -25.0});
  SuppressionResult s = SuppressSmallNumbers(t, StandardSuppressionSpec(t, 5));
  for (std::size_t c = 1; c <= 4; ++c) EXPECT_TRUE(s.suppressed[0][c]) << c;
  for (std::size_t c = 1; c <= 4; ++c) EXPECT_FALSE(s.suppressed[1][c]) << c;
}

TEST(SuppressionTest, MunicipalitiesUnderTheirRarArea) {
  auto ref = ReferenceData::LoadEmbedded();
  ASSERT_TRUE(ref.ok()) << ref.status().ToString();
  const auto& ms = ref->municipalities();
  // Two municipalities of one RAR area and the area's total.
  const Municipality* a = &ms[0];
  const Municipality* b = nullptr;
  for (const auto& m : ms) {
    if (&m != a && m.rar == a->rar) b = &m;
  }
  ASSERT_NE(b, nullptr);
  Table t({Dim("omraade"), Count("personer")});
  t.AddRow({fmt::format("{:03d}", a->code), std::int64_t{2}});
  t.AddRow({fmt::format("{:03d}", b->code), std::int64_t{50}});
  t.AddRow({ref->rar_names()[a->rar], std::int64_t{200}});
  SuppressionResult s = SuppressSmallNumbers(t, StandardSuppressionSpec(t, 5, &*ref));
  EXPECT_TRUE(s.suppressed[0][1]);
  EXPECT_TRUE(s.suppressed[1][1]);
  EXPECT_FALSE(s.suppressed[2][1]);
}

TEST(SuppressionTest, HierarchiesRepeatUntilNoLineRevealsACell) {
  // Two periods' breakdowns; in each, one category under 5; the complement chosen in one line
  // is itself a part of no other line, so each line ends with exactly two hidden cells.
  Table t({Dim("periode"), Dim("dimension"), Dim("kategori"), Count("antal", "forløb")});
  for (const char* p : {"2019-Q1", "2019-Q2"}) {
    t.AddRow({std::string(p), std::string("i_alt"), std::string(""), std::int64_t{30}});
    t.AddRow({std::string(p), std::string("alder"), std::string("under_40"), std::int64_t{4}});
    t.AddRow({std::string(p), std::string("alder"), std::string("40_og_over"), std::int64_t{26}});
  }
  SuppressionResult s = SuppressSmallNumbers(t, StandardSuppressionSpec(t, 5));
  for (std::size_t r : {1, 2, 4, 5}) EXPECT_TRUE(s.suppressed[r][3]) << r;
  EXPECT_FALSE(s.suppressed[0][3]);
  EXPECT_FALSE(s.suppressed[3][3]);
  EXPECT_EQ(s.primary, 2);
  EXPECT_EQ(s.secondary, 2);
}

TEST(SuppressionTest, PublicationMarksOrEmptiesAndNotes) {
  Table t = GroupTable();
  SuppressionSpec spec = StandardSuppressionSpec(t, 5);
  Table marked = SuppressForPublication(t, spec, SuppressedCell::kMarked);
  EXPECT_EQ(std::get<std::string>(marked.rows()[0][3]), "<5");
  EXPECT_TRUE(IsSuppressedMarker(marked.rows()[0][3]));
  EXPECT_FALSE(IsSuppressedMarker(Cell(std::string("<a"))));
  ASSERT_EQ(marked.notes().size(), 1u);
  EXPECT_NE(marked.notes()[0].find("Tal under 5 personer er ikke vist"), std::string::npos);
  Table empty = SuppressForPublication(t, spec, SuppressedCell::kEmpty);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(empty.rows()[0][3]));
  // Nothing suppressed: no note.
  Table plain = SuppressForPublication(t, StandardSuppressionSpec(t, 2), SuppressedCell::kMarked);
  EXPECT_TRUE(plain.notes().empty());
  EXPECT_EQ(FewerThanText(5), "færre end 5 personer");
}

}  // namespace
}  // namespace fremdrift
