// Tests for pivoting and for turning measurement Tables into document inputs: the key-figure
// sections keep the measurement's sentences and chart the municipality, its RAR area and the
// country; the ressourceforløb tables put quarters in columns with Danish labels; errors when the
// columns are not those of the measurement.
#include "report/report_inputs.h"

#include <gtest/gtest.h>

#include "report/table_pivot.h"

namespace fremdrift {
namespace {

Table Long() {
  Table t({{"periode", ColumnType::kString, ColumnRole::kDimension, "", "Periode", -1},
           {"omraade", ColumnType::kString, ColumnRole::kDimension, "", "Område", -1},
           {"maal", ColumnType::kString, ColumnRole::kDimension, "", "Mål", -1},
           {"dimension", ColumnType::kString, ColumnRole::kDimension, "", "Baggrund", -1},
           {"kategori", ColumnType::kString, ColumnRole::kDimension, "", "Kategori", -1},
           {"antal", ColumnType::kInteger, ColumnRole::kValue, "forløb", "Antal", -1}});
  auto add = [&](const char* p, const char* a, const char* m, const char* d, const char* k,
                 std::int64_t n) {
    t.AddRow({std::string(p), std::string(a), std::string(m), std::string(d), std::string(k), n});
  };
  add("2018-Q1", "657", "startede", "i_alt", "", 4);
  add("2018-Q1", "657", "startede", "alder", "under_40", 3);
  add("2018-Q1", "657", "startede", "alder", "40_og_over", 1);
  add("2018-Q1", "657", "startede", "koen", "kvinde", 4);
  add("2018-Q1", "657", "startede", "forrige_ydelse", "Sygedagpenge", 4);
  add("2019-Q1", "657", "startede", "i_alt", "", 2);
  add("2019-Q1", "657", "afsluttede", "i_alt", "", 1);
  add("2019-Q1", "657", "afsluttede", "afgangsaarsag", "Førtidspension", 1);
  add("2019-Q1", "657", "igangvaerende", "i_alt", "", 9);
  add("2019-Q1", "217", "startede", "i_alt", "", 50);
  return t;
}

TEST(TablePivotTest, QuartersAsColumnsWithZerosFilled) {
  PivotSpec spec;
  spec.row_column = "maal";
  spec.column_column = "periode";
  spec.value_column = "antal";
  spec.row_order = {"startede", "afsluttede"};
  auto only = FilterRows(Long(), {{"omraade", "657"}, {"dimension", "i_alt"}});
  ASSERT_TRUE(only.ok());
  auto t = PivotTable(*only, spec);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->columns().size(), 3u);
  EXPECT_EQ(t->columns()[1].name, "2018-Q1");
  ASSERT_EQ(t->rows().size(), 3u);
  EXPECT_EQ(std::get<std::string>(t->rows()[1][0]), "afsluttede");
  EXPECT_EQ(std::get<std::int64_t>(t->rows()[1][1]), 0);  // filled
  EXPECT_EQ(std::get<std::int64_t>(t->rows()[2][2]), 9);
  spec.value_column = "maal";
  EXPECT_FALSE(PivotTable(*only, spec).ok());
  EXPECT_FALSE(FilterRows(Long(), {{"nope", "x"}}).ok());
}

TEST(ReportInputsTest, ResourceCourseTables) {
  MeetingInfo m{"Herning Kommune", "Beskæftigelsesudvalget", {2019, 4, 24}, "", ""};
  auto in = ResourceCourseFromMeasure(Long(), "657", m);
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  EXPECT_EQ(in->period_text, "1. kvartal 2019");
  ASSERT_GE(in->tables.size(), 8u);
  const Table& t1 = in->tables[0];
  EXPECT_EQ(t1.columns()[1].label, "1. kvartal 2018");
  EXPECT_EQ(std::get<std::string>(t1.rows()[0][0]), "Påbegyndte forløb");
  EXPECT_EQ(std::get<std::int64_t>(t1.rows()[0][1]), 4);
  EXPECT_EQ(std::get<std::int64_t>(t1.rows()[0][2]), 2);  // Helsingør's 50 are not here
  const Table& age = in->tables[1];
  EXPECT_EQ(std::get<std::string>(age.rows()[0][0]), "Under 40 år");
  EXPECT_EQ(std::get<std::int64_t>(age.rows()[0][1]), 3);
  EXPECT_EQ(std::get<std::string>(age.rows()[3][0]), "Mænd");
  EXPECT_EQ(std::get<std::int64_t>(age.rows()[3][1]), 0);
  ASSERT_EQ(in->charts.size(), 2u);
  EXPECT_EQ(in->charts[0].series.size(), 2u);  // started and ended
  EXPECT_EQ(in->charts[1].series.at(0).values.at(1), 9);
  EXPECT_FALSE(ResourceCourseFromMeasure(Long(), "101", m).ok());
  auto doc = BuildResourceCourseDocument(*in);
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->items[0].appendices[0].tables.size(), in->tables.size() + 1);
}

TEST(ReportInputsTest, KeyFiguresKeepTheMeasurementsSentences) {
  Table t({{"periode", ColumnType::kString, ColumnRole::kDimension, "", ""},
           {"kommune", ColumnType::kString, ColumnRole::kDimension, "", ""},
           {"noegletal", ColumnType::kString, ColumnRole::kDimension, "", ""},
           {"enhed", ColumnType::kString, ColumnRole::kDimension, "", ""},
           {"kommune_vaerdi", ColumnType::kNumber, ColumnRole::kValue, "", "", 6},
           {"sammenligningsomraade", ColumnType::kString, ColumnRole::kDimension, "", ""},
           {"omraade_vaerdi", ColumnType::kNumber, ColumnRole::kValue, "", "", 6},
           {"region_vaerdi", ColumnType::kNumber, ColumnRole::kValue, "", "", 6},
           {"land_vaerdi", ColumnType::kNumber, ColumnRole::kValue, "", "", 6},
           {"aaret_foer", ColumnType::kNumber, ColumnRole::kValue, "", "", 6},
           {"aendring", ColumnType::kNumber, ColumnRole::kValue, "", "", 6},
           {"niveau_land", ColumnType::kString, ColumnRole::kDimension, "", ""},
           {"niveau_omraade", ColumnType::kString, ColumnRole::kDimension, "", ""},
           {"tekst", ColumnType::kString, ColumnRole::kDimension, "", ""},
           {"tal_tekst", ColumnType::kString, ColumnRole::kDimension, "", ""}});
  auto row = [&](const char* p, const char* f, const char* unit, double k, const char* text) {
    t.AddRow({std::string(p), std::string("657"), std::string(f), std::string(unit), k,
              std::string("RAR Vestjylland"), k + 1, Cell(), k + 2, Cell(), Cell(), std::string(),
              std::string(), std::string(text), std::string("tal ") + f});
  };
  row("2019-01", "ledighedsprocent", "pct", 3.5, "januar");
  row("2019-02", "ledighedsprocent", "pct", 3.6, "Herning har i februar 2019 ...");
  row("2019-02", "fleksjob", "fuldtidspersoner", 1400, "Der var 3 flere ...");
  row("2019-02", "ressourceforloeb", "fuldtidspersoner", 322, "");
  t.AddNote("På niveau med: ...");
  MeetingInfo m{"Herning Kommune", "Beskæftigelsesudvalget", {2019, 4, 24}, "", ""};
  auto in = KeyFiguresFromComparison(t, "Herning", m);
  ASSERT_TRUE(in.ok()) << in.status().ToString();
  EXPECT_EQ(in->period_text, "februar 2019");
  ASSERT_EQ(in->sections.size(), 2u);  // fleksjob and ressourceforløb share a section
  const KeyFigureSection& s = in->sections[0];
  EXPECT_EQ(s.heading, "Ledighed");
  EXPECT_EQ(s.sentences,
            (std::vector<std::string>{"Herning har i februar 2019 ...", "tal ledighedsprocent"}));
  EXPECT_EQ(s.table.rows().size(), 6u);  // 2 months x Herning, RAR, Hele landet
  EXPECT_EQ(in->sections[1].heading, "Fleksjob, ledighedsydelse og ressourceforløb");
  EXPECT_EQ(in->sections[1].sentences.size(), 3u);
  EXPECT_EQ(in->data_notes, (std::vector<std::string>{"På niveau med: ..."}));
  auto doc = BuildKeyFiguresDocument(*in);
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  const Table& sheet = doc->items[0].appendices[0].tables[0];
  EXPECT_EQ(sheet.columns()[1].label, "Herning");
  EXPECT_EQ(sheet.columns()[3].label, "Hele landet");
  EXPECT_EQ(std::get<std::string>(sheet.rows()[1][0]), "februar 2019");
  EXPECT_DOUBLE_EQ(std::get<double>(sheet.rows()[1][1]), 3.6);
  Table wrong = t;
  wrong = Table({{"x", ColumnType::kString, ColumnRole::kDimension, "", ""}});
  EXPECT_FALSE(KeyFiguresFromComparison(wrong, "Herning", m).ok());

  // A share whose numerator is under the threshold: the comparison as published hides the share,
  // the figures beside it and its sentences, and the document says so in words.
  Table small = t;
  small.mutable_rows()[1][4] = std::string("<5");   // kommune_vaerdi, February
  small.mutable_rows()[1][13] = std::string("<5");  // tekst
  small.mutable_rows()[1][14] = std::string("<5");  // tal_tekst
  auto hidden = KeyFiguresFromComparison(small, "Herning", m);
  ASSERT_TRUE(hidden.ok()) << hidden.status().ToString();
  EXPECT_EQ(hidden->sections[0].sentences,
            (std::vector<std::string>{
                "Ledighedsprocent februar 2019: tallet bygger på færre end 5 personer og vises "
                "ikke."}));
  auto small_doc = BuildKeyFiguresDocument(*hidden);
  ASSERT_TRUE(small_doc.ok()) << small_doc.status().ToString();
}

}  // namespace
}  // namespace fremdrift
