// Known answers, worked out by hand on tiny registers, for the documented notes and rules of
// docs/measurements.md that the data-driven cases (CSV, without notes) and the differential
// tests do not pin down: the incomplete-period note, the population year substitution (value
// and note), and sammenligning's comparison area (RAR until 2024, region from 2025),
// `region_vaerdi` and `aendring`. Calendar facts (which ISO weeks make up a month: the weeks
// whose Thursday lies in it) are written out by hand in the comments.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "common/file_util.h"
#include "measure/andel.h"
#include "measure/fuldtidspersoner.h"
#include "measure/known_register_testutil.h"
#include "measure/population.h"
#include "measure/sammenligning.h"
#include "registry/ingest.h"

namespace fremdrift {
namespace {

using known::Register;
using known::WeeksBetween;
using known::Wk;

class NotesKnownAnswers : public ::testing::Test {
 protected:
  void SetUp() override {
    ref_ = std::make_unique<ReferenceData>(*ReferenceData::LoadEmbedded());
    dir_ = ::testing::TempDir() + "/notes_known_" + std::to_string(getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ASSERT_EQ(std::system(("rm -rf " + dir_ + " && mkdir -p " + dir_).c_str()), 0);
  }
  void TearDown() override { [[maybe_unused]] int rc = std::system(("rm -rf " + dir_).c_str()); }

  SpellStore Store(const Register& reg) {
    EXPECT_TRUE(WriteStringToFile(dir_ + "/r.csv", reg.Csv()).ok());
    IngestOptions o;
    o.register_path = dir_ + "/r.csv";
    o.store_path = dir_ + "/s.store";
    auto r = IngestRegister(*ref_, o);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    auto st = SpellStore::Open(o.store_path);
    EXPECT_TRUE(st.ok()) << st.status().ToString();
    return std::move(*st);
  }
  Population Pop(const std::string& csv) {
    auto pop = Population::Parse("kommune;aar;aldersgruppe;befolkning;arbejdsstyrke\n" + csv,
                                 "population.csv", *ref_);
    EXPECT_TRUE(pop.ok()) << pop.status().ToString();
    return std::move(*pop);
  }

  std::unique_ptr<ReferenceData> ref_;
  std::string dir_;
};

// The row whose first `keys.size()` string columns (by name) equal `keys`; fails if not one.
const std::vector<Cell>* Row(const Table& t,
                             const std::vector<std::pair<std::string, std::string>>& keys) {
  const std::vector<Cell>* found = nullptr;
  int matches = 0;
  for (const auto& row : t.rows()) {
    bool all = true;
    for (const auto& [col, want] : keys) {
      const int c = t.ColumnIndex(col);
      all = all && c >= 0 && std::holds_alternative<std::string>(row[c]) &&
            std::get<std::string>(row[c]) == want;
    }
    if (all) {
      found = &row;
      ++matches;
    }
  }
  EXPECT_EQ(matches, 1) << "rows matching " << keys.front().second << " / " << keys.back().second;
  return matches == 1 ? found : nullptr;
}

double Num(const Table& t, const std::vector<Cell>& row, const std::string& col) {
  const int c = t.ColumnIndex(col);
  EXPECT_GE(c, 0) << col;
  return c < 0 ? NAN : CellToDouble(row[c]);
}
std::string Str(const Table& t, const std::vector<Cell>& row, const std::string& col) {
  const int c = t.ColumnIndex(col);
  EXPECT_GE(c, 0) << col;
  return c >= 0 && std::holds_alternative<std::string>(row[c]) ? std::get<std::string>(row[c])
                                                               : "<not a string>";
}
bool HasNote(const Table& t, const std::string& note) {
  return std::find(t.notes().begin(), t.notes().end(), note) != t.notes().end();
}
// The kind of the note with exactly this text; info when there is none (and a failure).
NoteKind KindOf(const Table& t, const std::string& note) {
  for (std::size_t i = 0; i < t.notes().size(); ++i) {
    if (t.notes()[i] == note) return t.note_kinds()[i];
  }
  ADD_FAILURE() << "no note " << note;
  return NoteKind::kInfo;
}
int NotesStartingWith(const Table& t, const std::string& prefix) {
  return static_cast<int>(std::count_if(t.notes().begin(), t.notes().end(),
                                        [&](const auto& n) { return n.rfind(prefix, 0) == 0; }));
}

// ---------------------------------------------------------------------------------------------
// A period reaching outside the register is divided by its full weeks(P), and a note says it is
// incomplete. The register holds 2019-W01 to 2019-W07.
//   January 2019 = weeks 01-05 (Thursdays 3, 10, 17, 24, 31 January): complete, 5 weeks.
//   February 2019 = weeks 06-09 (Thursdays 7, 14, 21, 28 February): only 06-07 in the register,
//   weeks(P) = 4.
//   December 2018 = 2018-W49..W52: entirely before the register.
// A: a-dagpenge (111) in weeks 01-07. B: sygedagpenge (890) in weeks 06-07. Both in Herning.
//   January:  a_dagpenge 5/5 = 1.0 (1 person); offentlig_forsoergelse 1.0.
//   February: a_dagpenge 2/4 = 0.5 (not 2/2 = 1.0); sygedagpenge 2/4 = 0.5;
//             offentlig_forsoergelse 4/4 = 1.0 with 2 persons.
TEST_F(NotesKnownAnswers, IncompletePeriodDividedByFullWeeksAndNoted) {
  Register reg(WeeksBetween({2019, 1}, {2019, 7}));
  const int a = reg.Add("A", "657");
  reg.Code(a, {2019, 1}, {2019, 7}, "111");
  const int b = reg.Add("B", "657");
  reg.Code(b, {2019, 6}, {2019, 7}, "890");
  SpellStore st = Store(reg);
  const std::string incomplete =
      "Registeret dækker 2019-W01 til 2019-W07; perioder uden for det er ufuldstændige.";
  const std::string age_note =
      "Aldersgruppe 16-66 år; en uge hører til den periode, der rummer dens torsdag.";

  FtpQuery q;
  q.levels = {AreaLevel::kLand};
  q.from = MakeMonth(2019, 1);
  q.to = MakeMonth(2019, 2);
  auto t = Fuldtidspersoner(st, *ref_, q);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->rows().size(), 5u);
  auto at = [&](const char* period, const char* group) {
    return Row(*t, {{"periode", period}, {"omraade", "Hele landet"}, {"ydelsesgruppe", group}});
  };
  const auto* jan = at("2019-01", "a_dagpenge");
  ASSERT_NE(jan, nullptr);
  EXPECT_DOUBLE_EQ(Num(*t, *jan, "fuldtidspersoner"), 1.0);
  EXPECT_EQ(Num(*t, *jan, "personer"), 1);
  const auto* feb = at("2019-02", "a_dagpenge");
  ASSERT_NE(feb, nullptr);
  EXPECT_DOUBLE_EQ(Num(*t, *feb, "fuldtidspersoner"), 0.5);
  const auto* feb_syg = at("2019-02", "sygedagpenge");
  ASSERT_NE(feb_syg, nullptr);
  EXPECT_DOUBLE_EQ(Num(*t, *feb_syg, "fuldtidspersoner"), 0.5);
  const auto* feb_total = at("2019-02", "offentlig_forsoergelse");
  ASSERT_NE(feb_total, nullptr);
  EXPECT_DOUBLE_EQ(Num(*t, *feb_total, "fuldtidspersoner"), 1.0);
  EXPECT_EQ(Num(*t, *feb_total, "personer"), 2);
  // The age band's note, the forløb break rule the age rule used (kind rule), the incomplete
  // period, and the preliminary months: the register ends in W07, in the middle of February, so
  // February (its latest month) is incomplete and January (the latest whole month) preliminary.
  const std::string rule = ForloebRuleNote(kDefaultAfbrydelse).text;
  const std::string preliminary =
      "Foreløbige tal: registeret slutter midt i februar 2019 (uge 2019-W07), så februar 2019 er "
      "ufuldstændig, og januar 2019, den seneste hele måned, er også foreløbig; sene "
      "registreringer hæver typisk tallene, når registeret opdateres næste gang.";
  EXPECT_EQ(t->notes(), (std::vector<std::string>{age_note, rule, incomplete, preliminary}));
  EXPECT_EQ(t->note_kinds(), (std::vector<NoteKind>{NoteKind::kInfo, NoteKind::kRule,
                                                    NoteKind::kPreliminary, NoteKind::kPreliminary}));

  // January alone lies inside the register: no incomplete-period note, but it is preliminary.
  q.to = MakeMonth(2019, 1);
  t = Fuldtidspersoner(st, *ref_, q);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->notes(), (std::vector<std::string>{age_note, rule, preliminary}));
  // Without an age band the break rule plays no part: no rule note.
  q.age.all = true;
  t = Fuldtidspersoner(st, *ref_, q);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->notes(),
            (std::vector<std::string>{"Aldersgruppe alle år; en uge hører til den periode, der "
                                      "rummer dens torsdag.",
                                      preliminary}));
  q.age.all = false;

  // A period before the register is incomplete too.
  q.from = MakeMonth(2018, 12);
  t = Fuldtidspersoner(st, *ref_, q);
  ASSERT_TRUE(t.ok());
  EXPECT_TRUE(HasNote(*t, incomplete));
  EXPECT_EQ(t->rows().size(), 2u);  // January's a_dagpenge and total; December has no one
}

// ---------------------------------------------------------------------------------------------
// A year the population file lacks uses the nearest year it has, and the table says so.
// The register holds 2018-W01 to 2021-W10. A (Herning, born 1980) has a-dagpenge (111) all
// February: 2018 = W05-W08 (Thursday 1 February is in W05), 2019 = W06-W09, 2020 = W06-W09,
// 2021 = W05-W08. So every February counts 1.0 full-time person in Herning.
Register FebruaryRegister() {
  Register reg(WeeksBetween({2018, 1}, {2021, 10}));
  const int a = reg.Add("A", "657");
  reg.Code(a, {2018, 5}, {2018, 8}, "111");
  reg.Code(a, {2019, 6}, {2019, 9}, "111");
  reg.Code(a, {2020, 6}, {2020, 9}, "111");
  reg.Code(a, {2021, 5}, {2021, 8}, "111");
  return reg;
}

// Population 2019 (16-66: 200 + 800 = 1000 persons, 100 + 400 = 500 in the labour force) and
// 2020 (500 + 1500 = 2000; 200 + 600 = 800), Herning only.
//   2018-02 → 2019's figures: 100 × 1/1000 = 0.1 %; 100 × 1/500 = 0.2 %.
//   2019-02 → its own: the same figures, no note.
//   2021-02 → 2020's: 100 × 1/2000 = 0.05 %; 100 × 1/800 = 0.125 %.
TEST_F(NotesKnownAnswers, AndelUsesNearestPopulationYearAndSaysSo) {
  SpellStore st = Store(FebruaryRegister());
  Population pop =
      Pop("657;2019;16-29;200;100\n657;2019;30-66;800;400\n"
          "657;2020;16-29;500;200\n657;2020;30-66;1500;600\n");
  FtpQuery q;
  q.levels = {AreaLevel::kKommune};
  q.kommuner = {657};
  q.groups = {"a_dagpenge"};
  struct Case {
    int year;
    double befolkning, arbejdsstyrke, andel_bef, andel_arb;
    const char* note;  // nullptr: no substitution note
  };
  const Case cases[] = {
      {2018, 1000, 500, 0.1, 0.2,
       "Befolkning og arbejdsstyrke for 2018 findes ikke i befolkningsfilen; tallene for 2019 er "
       "brugt."},
      {2019, 1000, 500, 0.1, 0.2, nullptr},
      {2021, 2000, 800, 0.05, 0.125,
       "Befolkning og arbejdsstyrke for 2021 findes ikke i befolkningsfilen; tallene for 2020 er "
       "brugt."},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.year);
    q.from = q.to = MakeMonth(c.year, 2);
    auto t = Andel(st, *ref_, pop, q);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    ASSERT_EQ(t->rows().size(), 1u);
    const auto& row = t->rows()[0];
    EXPECT_EQ(Str(*t, row, "omraade"), "657");
    EXPECT_DOUBLE_EQ(Num(*t, row, "fuldtidspersoner"), 1.0);
    EXPECT_DOUBLE_EQ(Num(*t, row, "befolkning"), c.befolkning);
    EXPECT_DOUBLE_EQ(Num(*t, row, "arbejdsstyrke"), c.arbejdsstyrke);
    EXPECT_DOUBLE_EQ(Num(*t, row, "andel_befolkning"), c.andel_bef);
    EXPECT_DOUBLE_EQ(Num(*t, row, "andel_arbejdsstyrke"), c.andel_arb);
    if (c.note) {
      EXPECT_TRUE(HasNote(*t, c.note)) << ::testing::PrintToString(t->notes());
      EXPECT_EQ(KindOf(*t, c.note), NoteKind::kSubstitution);
      EXPECT_EQ(NotesStartingWith(*t, "Befolkning og arbejdsstyrke for"), 1);
    } else {
      EXPECT_EQ(NotesStartingWith(*t, "Befolkning og arbejdsstyrke for"), 0);
    }
  }

  // The gross unemployment rate says the same: 2021-02, 100 × 1/800 = 0.125 %.
  q.from = q.to = MakeMonth(2021, 2);
  auto led = Ledighedsprocent(st, *ref_, pop, q);
  ASSERT_TRUE(led.ok()) << led.status().ToString();
  ASSERT_EQ(led->rows().size(), 1u);
  EXPECT_DOUBLE_EQ(Num(*led, led->rows()[0], "ledighedsprocent"), 0.125);
  EXPECT_TRUE(HasNote(*led,
                      "Befolkning og arbejdsstyrke for 2021 findes ikke i befolkningsfilen; "
                      "tallene for 2020 er brugt."));
}

// "Nearest" also inside the file's range: a file with 2017 and 2020 only.
//   2018 → 2017 (1 year away, 2020 is 2): 100 + 300 = 400 persons, 50 + 150 = 200 in the labour
//   force → 100 × 1/400 = 0.25 %, 100 × 1/200 = 0.5 %.
//   2019 → 2020 (1 year away, 2017 is 2): 2000 and 800 → 0.05 % and 0.125 %.
TEST_F(NotesKnownAnswers, AndelUsesNearestYearInsideTheFilesRange) {
  SpellStore st = Store(FebruaryRegister());
  Population pop =
      Pop("657;2017;16-29;100;50\n657;2017;30-66;300;150\n"
          "657;2020;16-29;500;200\n657;2020;30-66;1500;600\n");
  FtpQuery q;
  q.levels = {AreaLevel::kKommune};
  q.kommuner = {657};
  q.groups = {"a_dagpenge"};
  const struct {
    int year, used;
    double andel_bef, andel_arb;
  } cases[] = {{2018, 2017, 0.25, 0.5}, {2019, 2020, 0.05, 0.125}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.year);
    q.from = q.to = MakeMonth(c.year, 2);
    auto t = Andel(st, *ref_, pop, q);
    ASSERT_TRUE(t.ok()) << t.status().ToString();
    ASSERT_EQ(t->rows().size(), 1u);
    EXPECT_DOUBLE_EQ(Num(*t, t->rows()[0], "andel_befolkning"), c.andel_bef);
    EXPECT_DOUBLE_EQ(Num(*t, t->rows()[0], "andel_arbejdsstyrke"), c.andel_arb);
    EXPECT_TRUE(HasNote(*t, fmt::format("Befolkning og arbejdsstyrke for {} findes ikke i "
                                        "befolkningsfilen; tallene for {} er brugt.",
                                        c.year, c.used)))
        << ::testing::PrintToString(t->notes());
  }
}

// ---------------------------------------------------------------------------------------------
// sammenligning for Herning (657; RAR Vestjylland, Region Midtjylland), December 2024 and
// January 2025, with the same months a year earlier. The register holds 2023-W49 to 2025-W05:
//   December 2023 = 2023-W49..W52; January 2024 = 2024-W01..W04;
//   December 2024 = 2024-W49..W52; January 2025 = 2025-W01..W05 (Thursdays 2, 9, ..., 30 Jan).
// Population (16-66), every year 2023-2025 and every municipality (so no area is covered in
// part): labour force Herning 100, Holstebro (661, RAR Vestjylland) 100, Aarhus (751, RAR
// Østjylland, Region Midtjylland) 300, København (101) 400, all others 0.
//   RAR Vestjylland = 200; Region Midtjylland = 500; Hele landet = 900.
//
// Gross unemployed (code 111, whole months):
//   Dec 2023: Herning H1                       → Herning 1/100 = 1 %
//   Jan 2024: Herning H3, H4, H5               → Herning 3 %
//   Dec 2024: Herning H1, H2; Holstebro S1; Aarhus A1, A2; København K1, K2, K3
//             Herning 2/100 = 2 %; RAR (2 + 1)/200 = 1.5 %; region (2 + 1 + 2)/500 = 1 %;
//             country 8/900 = 0.888... %. Comparison area: RAR Vestjylland (before 2025).
//             Year earlier 1 %, change +1. Herning is higher than the country and than the RAR.
//   Jan 2025: Herning H1; Aarhus A1..A5
//             Herning 1 %; RAR 1/200 = 0.5 %; region (1 + 5)/500 = 1.2 %; country 6/900 =
//             0.666... %. Comparison area: Region Midtjylland (from 2025), so omraade_vaerdi is
//             1.2, not the RAR's 0.5. Year earlier 3 %, change -2. Herning is higher than the
//             country and 0.2 points lower than the region.
// Fleksjob (code 771, full-time persons):
//   Dec 2023: Herning F1 (4 of 4 weeks)        → 1
//   Jan 2024: Aarhus F4 (W01-W02: 2 of 4)      → Herning 0
//   Dec 2024: Herning F1, F2; Holstebro F3     → Herning 2; RAR 3; region 3; country 3;
//             change 2 - 1 = +1: "1 fuldtidsperson mere".
//   Jan 2025: Herning F1 (5 of 5), F2 (W01-W02: 2 of 5 = 0.4); Aarhus F4 (5 of 5)
//             → Herning 1.4; RAR 1.4; region 2.4; country 2.4; comparison area = region 2.4;
//             change 1.4 - 0 = +1.4; in whole persons round(1.4) - round(0) = 1: "1 fuldtidsperson mere".
class SammenligningKnownAnswers : public NotesKnownAnswers {
 protected:
  SpellStore ComparisonStore() {
    Register reg(WeeksBetween({2023, 49}, {2025, 5}));
    const Wk dec23a{2023, 49}, dec23b{2023, 52}, jan24a{2024, 1}, jan24b{2024, 4};
    const Wk dec24a{2024, 49}, dec24b{2024, 52}, jan25a{2025, 1}, jan25b{2025, 5};
    auto person = [&](const char* id, const char* kom) { return reg.Add(id, kom); };
    const int h1 = person("H1", "657"), h2 = person("H2", "657");
    reg.Code(h1, dec23a, dec23b, "111");
    reg.Code(h1, dec24a, dec24b, "111");
    reg.Code(h1, jan25a, jan25b, "111");
    reg.Code(h2, dec24a, dec24b, "111");
    for (const char* id : {"H3", "H4", "H5"}) reg.Code(person(id, "657"), jan24a, jan24b, "111");
    reg.Code(person("S1", "661"), dec24a, dec24b, "111");
    for (int i = 1; i <= 5; ++i) {
      const int p = person(("A" + std::to_string(i)).c_str(), "751");
      if (i <= 2) reg.Code(p, dec24a, dec24b, "111");
      reg.Code(p, jan25a, jan25b, "111");
    }
    for (const char* id : {"K1", "K2", "K3"}) reg.Code(person(id, "101"), dec24a, dec24b, "111");
    const int f1 = person("F1", "657"), f2 = person("F2", "657"), f3 = person("F3", "661"),
              f4 = person("F4", "751");
    reg.Code(f1, dec23a, dec23b, "771");
    reg.Code(f1, dec24a, jan25b, "771");
    reg.Code(f2, dec24a, dec24b, "771");
    reg.Code(f2, jan25a, {2025, 2}, "771");
    reg.Code(f3, dec24a, dec24b, "771");
    reg.Code(f4, jan24a, {2024, 2}, "771");
    reg.Code(f4, jan25a, jan25b, "771");
    return Store(reg);
  }
  // Every municipality, the given years, one band 16-66; population = 2 × labour force.
  Population ComparisonPopulation(const std::vector<int>& years) {
    std::string csv;
    for (int year : years) {
      for (const auto& m : ref_->municipalities()) {
        const int labour = m.code == 657   ? 100
                           : m.code == 661 ? 100
                           : m.code == 751 ? 300
                           : m.code == 101 ? 400
                                           : 0;
        csv += fmt::format("{:03d};{};16-66;{};{}\n", m.code, year, 2 * labour, labour);
      }
    }
    return Pop(csv);
  }
  ComparisonQuery Query() {
    ComparisonQuery q;
    q.kommune = 657;
    q.from = MakeMonth(2024, 12);
    q.to = MakeMonth(2025, 1);
    q.figures = {"ledighedsprocent", "fleksjob"};
    return q;
  }
};

TEST_F(SammenligningKnownAnswers, ComparisonAreaRegionValueAndChange) {
  SpellStore st = ComparisonStore();
  Population pop = ComparisonPopulation({2023, 2024, 2025});
  auto t = Sammenligning(st, *ref_, pop, Query());
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->rows().size(), 4u);
  auto at = [&](const char* period, const char* figure) {
    return Row(*t, {{"periode", period}, {"noegletal", figure}});
  };

  const auto* led_dec = at("2024-12", "ledighedsprocent");
  ASSERT_NE(led_dec, nullptr);
  EXPECT_EQ(Str(*t, *led_dec, "kommune"), "657");
  EXPECT_EQ(Str(*t, *led_dec, "enhed"), "pct");
  EXPECT_DOUBLE_EQ(Num(*t, *led_dec, "kommune_vaerdi"), 2.0);
  EXPECT_EQ(Str(*t, *led_dec, "sammenligningsomraade"), "RAR Vestjylland");
  EXPECT_DOUBLE_EQ(Num(*t, *led_dec, "omraade_vaerdi"), 1.5);
  EXPECT_DOUBLE_EQ(Num(*t, *led_dec, "region_vaerdi"), 1.0);
  EXPECT_DOUBLE_EQ(Num(*t, *led_dec, "land_vaerdi"), 100.0 * 8 / 900);
  EXPECT_DOUBLE_EQ(Num(*t, *led_dec, "aaret_foer"), 1.0);
  EXPECT_DOUBLE_EQ(Num(*t, *led_dec, "aendring"), 1.0);
  EXPECT_EQ(Str(*t, *led_dec, "niveau_land"), "højere");
  EXPECT_EQ(Str(*t, *led_dec, "niveau_omraade"), "højere");
  EXPECT_EQ(Str(*t, *led_dec, "tekst"),
            "Herning har i december 2024 en højere bruttoledighedsprocent end landet som helhed "
            "og en højere end RAR Vestjylland.");
  EXPECT_EQ(Str(*t, *led_dec, "tal_tekst"),
            "Ledighedsprocent december 2024: Herning (2,0 %). RAR Vestjylland (1,5 %). "
            "Hele landet (0,9 %)");

  const auto* led_jan = at("2025-01", "ledighedsprocent");
  ASSERT_NE(led_jan, nullptr);
  EXPECT_DOUBLE_EQ(Num(*t, *led_jan, "kommune_vaerdi"), 1.0);
  EXPECT_EQ(Str(*t, *led_jan, "sammenligningsomraade"), "Region Midtjylland");
  EXPECT_DOUBLE_EQ(Num(*t, *led_jan, "omraade_vaerdi"), 1.2);
  EXPECT_DOUBLE_EQ(Num(*t, *led_jan, "region_vaerdi"), 1.2);
  EXPECT_DOUBLE_EQ(Num(*t, *led_jan, "land_vaerdi"), 100.0 * 6 / 900);
  EXPECT_DOUBLE_EQ(Num(*t, *led_jan, "aaret_foer"), 3.0);
  EXPECT_DOUBLE_EQ(Num(*t, *led_jan, "aendring"), -2.0);
  EXPECT_EQ(Str(*t, *led_jan, "niveau_land"), "højere");
  EXPECT_EQ(Str(*t, *led_jan, "niveau_omraade"), "lavere");
  EXPECT_EQ(Str(*t, *led_jan, "tekst"),
            "Herning har i januar 2025 en højere bruttoledighedsprocent end landet som helhed "
            "og en lavere end Region Midtjylland. Tallene for januar 2025 er foreløbige og kan "
            "stige ved næste opdatering af registeret.");
  EXPECT_EQ(Str(*t, *led_jan, "tal_tekst"),
            "Ledighedsprocent januar 2025: Herning (1,0 %). Region Midtjylland (1,2 %). "
            "Hele landet (0,7 %)");

  const auto* flex_dec = at("2024-12", "fleksjob");
  ASSERT_NE(flex_dec, nullptr);
  EXPECT_EQ(Str(*t, *flex_dec, "enhed"), "fuldtidspersoner");
  EXPECT_DOUBLE_EQ(Num(*t, *flex_dec, "kommune_vaerdi"), 2.0);
  EXPECT_EQ(Str(*t, *flex_dec, "sammenligningsomraade"), "RAR Vestjylland");
  EXPECT_DOUBLE_EQ(Num(*t, *flex_dec, "omraade_vaerdi"), 3.0);
  EXPECT_DOUBLE_EQ(Num(*t, *flex_dec, "region_vaerdi"), 3.0);
  EXPECT_DOUBLE_EQ(Num(*t, *flex_dec, "land_vaerdi"), 3.0);
  EXPECT_DOUBLE_EQ(Num(*t, *flex_dec, "aaret_foer"), 1.0);
  EXPECT_DOUBLE_EQ(Num(*t, *flex_dec, "aendring"), 1.0);
  EXPECT_EQ(Str(*t, *flex_dec, "niveau_land"), "");
  EXPECT_EQ(Str(*t, *flex_dec, "tekst"),
            "Der var 1 fuldtidsperson mere på fleksjob i december 2024 end samme måned "
            "sidste år.");
  EXPECT_EQ(Str(*t, *flex_dec, "tal_tekst"), "Antal fuldtidspersoner december 2024: fleksjob (2)");

  const auto* flex_jan = at("2025-01", "fleksjob");
  ASSERT_NE(flex_jan, nullptr);
  EXPECT_DOUBLE_EQ(Num(*t, *flex_jan, "kommune_vaerdi"), 1.4);
  EXPECT_EQ(Str(*t, *flex_jan, "sammenligningsomraade"), "Region Midtjylland");
  EXPECT_DOUBLE_EQ(Num(*t, *flex_jan, "omraade_vaerdi"), 2.4);
  EXPECT_DOUBLE_EQ(Num(*t, *flex_jan, "region_vaerdi"), 2.4);
  EXPECT_DOUBLE_EQ(Num(*t, *flex_jan, "land_vaerdi"), 2.4);
  EXPECT_DOUBLE_EQ(Num(*t, *flex_jan, "aaret_foer"), 0.0);
  EXPECT_DOUBLE_EQ(Num(*t, *flex_jan, "aendring"), 1.4);

  // Every area is covered and every year present: no coverage or substitution note.
  EXPECT_EQ(NotesStartingWith(*t, "Befolkningsfilen"), 0) << ::testing::PrintToString(t->notes());
}

// Without 2023 in the population file, December 2023 (the year before December 2024) uses the
// nearest year, 2024 (the same figures here, so the values stay), and the note names both years.
// 2024 is the file's earliest year, not its newest (2025).
TEST_F(SammenligningKnownAnswers, YearEarlierUsesNearestPopulationYearAndSaysSo) {
  SpellStore st = ComparisonStore();
  Population pop = ComparisonPopulation({2024, 2025});
  ComparisonQuery q = Query();
  q.to = q.from;  // December 2024 only
  auto t = Sammenligning(st, *ref_, pop, q);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  const auto* led = Row(*t, {{"periode", "2024-12"}, {"noegletal", "ledighedsprocent"}});
  ASSERT_NE(led, nullptr);
  EXPECT_DOUBLE_EQ(Num(*t, *led, "aaret_foer"), 1.0);
  EXPECT_DOUBLE_EQ(Num(*t, *led, "aendring"), 1.0);
  EXPECT_TRUE(HasNote(*t, "Befolkningsfilen har ikke 2023; tallene for 2024 er brugt."))
      << ::testing::PrintToString(t->notes());
  EXPECT_EQ(KindOf(*t, "Befolkningsfilen har ikke 2023; tallene for 2024 er brugt."),
            NoteKind::kSubstitution);
  EXPECT_EQ(NotesStartingWith(*t, "Befolkningsfilen"), 1);
}

}  // namespace
}  // namespace fremdrift
