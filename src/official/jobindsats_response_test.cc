// The jobindsats response parser: periods, numbers, the key refusal in its wrappings, and each
// bad response refused with its place named.
#include "official/jobindsats_response.h"

#include <gtest/gtest.h>

namespace fremdrift::official {
namespace {

class ResponseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto ref = ReferenceData::LoadEmbedded();
    ASSERT_TRUE(ref.ok()) << ref.status().ToString();
    ref_ = std::move(ref).value();
  }
  Result<std::vector<OfficialFigure>> Parse(std::string_view text, std::string_view table) {
    auto t = FindJobindsatsTable(table);
    EXPECT_TRUE(t.ok());
    return ParseJobindsatsResponse(text, **t, "f.json", ref_);
  }
  ReferenceData ref_;
};

constexpr char kA02[] = R"J([{"Variables":[{"Label":"Area"},{"Label":"Periode"},
  {"Label":"Antal personer"},{"Label":"Antal fuldtidspersoner"},
  {"Label":"Fuldtidspersoner i pct. af arbejdsstyrken 16-66 år"}],
  "Data":[["Herning","2020M12",120,"85,5","1.234,5"],
          ["Vesthimmerland","2020M12",10,null,".."],
          ["Hele landet","2020Q4",5,4.25,0.5]]}])J";

TEST_F(ResponseTest, ReadsFiguresInFremdriftsTerms) {
  auto figures = Parse(kA02, "y07a02");
  ASSERT_TRUE(figures.ok()) << figures.status().ToString();
  // Row 1: three measures; row 2: persons only (null and ".." are not published); row 3: three.
  ASSERT_EQ(figures->size(), 7u);
  const OfficialFigure& f = (*figures)[1];
  EXPECT_EQ(f.table, "Y07A02");
  EXPECT_EQ(f.area, "657");
  EXPECT_EQ(f.area_official, "Herning");
  EXPECT_EQ(f.period, "2020-12");
  EXPECT_EQ(f.period_official, "2020M12");
  EXPECT_EQ(f.ydelsesgruppe, "sygedagpenge");
  EXPECT_EQ(f.measure, "fuldtidspersoner");
  EXPECT_DOUBLE_EQ(f.value, 85.5);
  EXPECT_DOUBLE_EQ((*figures)[2].value, 1234.5);
  EXPECT_EQ((*figures)[3].area, "820");  // Vesthimmerlands in the reference table
  EXPECT_EQ((*figures)[3].measure, "personer");
  EXPECT_EQ((*figures)[4].area, "Hele landet");
  EXPECT_EQ((*figures)[4].period, "2020-Q4");
  EXPECT_EQ((*figures)[4].row, 3);
}

TEST_F(ResponseTest, Periods) {
  EXPECT_EQ(*PeriodFromJobindsats("2019M02"), "2019-02");
  EXPECT_EQ(*PeriodFromJobindsats("2019Q1"), "2019-Q1");
  EXPECT_EQ(*PeriodFromJobindsats("2019H2"), "2019-H2");
  EXPECT_EQ(*PeriodFromJobindsats("2019"), "2019");
  EXPECT_EQ(*PeriodFromJobindsats("2023QMAT04"), "2023QMAT04");
  for (const char* bad : {"2019M13", "2019-02", "19M02", "2019Q5", "2023QMAT05", "februar"}) {
    EXPECT_FALSE(PeriodFromJobindsats(bad).ok()) << bad;
  }
}

TEST_F(ResponseTest, Numbers) {
  EXPECT_DOUBLE_EQ(*ParseNumberText("1234"), 1234);
  EXPECT_DOUBLE_EQ(*ParseNumberText("1234.5"), 1234.5);
  EXPECT_DOUBLE_EQ(*ParseNumberText("1.234,5"), 1234.5);
  EXPECT_DOUBLE_EQ(*ParseNumberText("-3,25"), -3.25);
  EXPECT_DOUBLE_EQ(*ParseNumberText("12.345.678,0"), 12345678);
  for (const char* bad : {"1,2,3", "1.23,4", "12 %", "1e5", "abc", "1.2.3", ",5", "-", "0x10"}) {
    EXPECT_FALSE(ParseNumberText(bad).ok()) << bad;
  }
}

TEST_F(ResponseTest, TheKeyRefusalInEveryWrapping) {
  const char* wrappings[] = {
      R"J({"Forkert nøgle eller nøglen er udløbet.":""})J",
      R"J("Forkert nøgle eller nøglen er udløbet.")J",
      "Forkert nøgle eller nøglen er udløbet.\n",
      R"J({"Message":"Forkert n\u00f8gle eller n\u00f8glen er udl\u00f8bet."})J",
      R"J([{"error":{"text":"FORKERT NØGLE ELLER NØGLEN ER UDLØBET"}}])J",
  };
  for (const char* w : wrappings) {
    auto r = Parse(w, "Y07A02");
    ASSERT_FALSE(r.ok()) << w;
    EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied) << w;
    EXPECT_NE(r.status().message().find("f.json"), std::string::npos);
    EXPECT_NE(r.status().message().find("refused the key"), std::string::npos);
  }
}

struct BadCase {
  const char* name;
  const char* table;
  const char* text;
  const char* message_part;
};

TEST_F(ResponseTest, BadResponsesNameTheirPlace) {
  const BadCase cases[] = {
      {"not json", "Y07A02", "[{\"Variables\":", "not valid JSON (at byte"},
      {"no list", "Y07A02", "{\"rows\":[]}", "expected an object with"},
      {"missing area", "Y07A02",
       R"J([{"Variables":[{"Label":"Periode"},{"Label":"Antal fuldtidspersoner"}],"Data":[]}])J",
       "no column 'Area'"},
      {"missing measure", "Y07A02",
       R"J([{"Variables":[{"Label":"Area"},{"Label":"Periode"},{"Label":"Antal personer"}],
           "Data":[]}])J",
       "no column 'Antal fuldtidspersoner'"},
      {"unknown column", "Y07A02",
       R"J([{"Variables":[{"Label":"Area"},{"Label":"Periode"},{"Label":"Antal fuldtidspersoner"},
           {"Label":"Farve"}],"Data":[]}])J",
       "column 4 'Farve' is not a column of table Y07A02"},
      {"benchmark as benefit", "Y07A02",
       R"J([{"Variables":[{"Label":"Area"},{"Label":"Periode"},{"Label":"Ydelsesgrupper"},
           {"Label":"Placering på benchmarkranglisten"}],"Data":[]}])J",
       "is this the response for another table"},
      {"short row", "Y07A02",
       R"J([{"Variables":[{"Label":"Area"},{"Label":"Periode"},{"Label":"Antal fuldtidspersoner"}],
           "Data":[["Herning","2020M12",1],["Herning","2020M11"]]}])J",
       "f.json: row 2: 2 values"},
      {"number format", "Y07A02",
       R"J([{"Variables":[{"Label":"Area"},{"Label":"Periode"},{"Label":"Antal fuldtidspersoner"}],
           "Data":[["Herning","2020M12","12 %"]]}])J",
       "f.json: row 1, column 'Antal fuldtidspersoner': '12 %' is not a number"},
      {"unknown area", "Y07A02",
       R"J([{"Variables":[{"Label":"Area"},{"Label":"Periode"},{"Label":"Antal fuldtidspersoner"}],
           "Data":[["Herning","2020M12",1],["Atlantis","2020M12",2]]}])J",
       "f.json: row 2, column 'Area': 'Atlantis' is not a municipality"},
      {"bad period", "Y07A02",
       R"J([{"Variables":[{"Label":"Area"},{"Label":"Periode"},{"Label":"Antal fuldtidspersoner"}],
           "Data":[["Herning","december",1]]}])J",
       "row 1, column 'Periode': period 'december'"},
      {"repeated figure", "Y07A02",
       R"J([{"Variables":[{"Label":"Area"},{"Label":"Periode"},{"Label":"Antal fuldtidspersoner"}],
           "Data":[["Herning","2020M12",1],["Herning","2020M12",2]]}])J",
       "row 2 repeats the figure of row 1"},
      {"unknown benchmark group", "Y30R21",
       R"J([{"Variables":[{"Label":"Area"},{"Label":"Periode"},{"Label":"Ydelsesgrupper"},
           {"Label":"Forventet antal"},{"Label":"Faktisk antal"},{"Label":"Forventet andel (pct.)"},
           {"Label":"Faktisk andel (pct.)"},{"Label":"Placering på benchmarkranglisten"}],
           "Data":[["Herning","2023QMAT04","Fleksjob",1,1,1,1,1]]}])J",
       "'Fleksjob' is not a benchmark group"},
  };
  for (const BadCase& c : cases) {
    auto r = Parse(c.text, c.table);
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << c.name;
    EXPECT_NE(r.status().message().find(c.message_part), std::string::npos)
        << c.name << ": " << r.status().message();
    EXPECT_EQ(r.status().message().rfind("f.json", 0), 0u) << c.name;
  }
}

TEST_F(ResponseTest, UnknownTableNamesTheKnownOnes) {
  auto t = FindJobindsatsTable("Y99A02");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("Y07A02"), std::string::npos);
  EXPECT_TRUE(FindJobindsatsTable("ptva02").ok());
}

TEST_F(ResponseTest, BreakdownsAndBenchmarkGroups) {
  auto figures = Parse(
      R"J([{"Variables":[{"Label":"Area"},{"Label":"Periode"},{"Label":"Køn"},
          {"Label":"Antal fuldtidspersoner"}],
          "Data":[["Herning","2020M12","I alt",10],["Herning","2020M12","Kvinder",6]]}])J",
      "Y07A02");
  ASSERT_TRUE(figures.ok()) << figures.status().ToString();
  ASSERT_EQ(figures->size(), 2u);
  EXPECT_EQ((*figures)[0].breakdown, "");
  EXPECT_EQ((*figures)[1].breakdown, "Køn=Kvinder");
  auto bench = Parse(
      R"J([{"Variables":[{"Label":"Area"},{"Label":"Periode"},{"Label":"Ydelsesgrupper"},
      {"Label":"Forventet og faktisk antal fuldtidspersoner på offentlig forsørgelse: Forventet antal"},
      {"Label":"Forventet og faktisk antal fuldtidspersoner på offentlig forsørgelse: Faktisk antal"},
      {"Label":"Forventet og faktisk andel fuldtidspersoner på offentlig forsørgelse: Forventet andel (pct.)"},
      {"Label":"Forventet og faktisk andel fuldtidspersoner på offentlig forsørgelse: Faktisk andel (pct.)"},
      {"Label":"Placering på benchmarkranglisten"}],
      "Data":[["Herning","2023QMAT04","Sygedagpenge mv.",100,90,2.5,2.25,"3"]]}])J",
      "Y30R21");
  ASSERT_TRUE(bench.ok()) << bench.status().ToString();
  ASSERT_EQ(bench->size(), 5u);
  EXPECT_EQ((*bench)[0].ydelsesgruppe, "sygedagpenge");
  EXPECT_EQ((*bench)[4].measure, "placering");
  EXPECT_DOUBLE_EQ((*bench)[4].value, 3);
}

}  // namespace
}  // namespace fremdrift::official
