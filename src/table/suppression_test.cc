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
