// End-to-end tests of `fremdrift report`: every kind is produced by the real binary from real
// measurements, and every file is opened for real: PDFs through pdftotext (text), pdffonts
// (embedded) and pdftoppm (pages rendered; charts must have coloured ink), XLSX unzipped and
// read cell by cell (values and number formats), CSV parsed back (';', decimal comma). The
// expected figures are not written here: they come from the measurement commands
// (`measure sammenligning`, `measure ressourceforloeb`, `finance grants`) run on the same data.
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "common/csv.h"
#include "common/file_util.h"
#include "table/danish_format.h"
#include "report/test_files.h"

namespace fremdrift {
namespace {

using json = nlohmann::json;
using testing::PdfTextFlat;
using testing::ReadXlsxSheet;
using testing::RenderPdfPage;
using testing::RunCommand;
using testing::ShellQuote;

std::string SourceDir() {
  const char* env = std::getenv("FREMDRIFT_SOURCE_DIR");
  return env ? env : FREMDRIFT_SOURCE_DIR_DEFAULT;
}

// Artifacts (rendered pages) for a human to look at: $FREMDRIFT_BINARY_DIR/test-artifacts/report.
std::string ArtifactDir() {
  const char* env = std::getenv("FREMDRIFT_BINARY_DIR");
  std::string dir = std::string(env ? env : "/tmp") + "/test-artifacts/report";
  std::filesystem::create_directories(dir);
  return dir;
}

class ReportFilesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    const std::string shares = SourceDir() + "/tests/cases/shares_and_comparison";
    Run("ingest --register " + ShellQuote(shares + "/register.csv") + " --population " +
        ShellQuote(shares + "/population.csv") + " --out " + ShellQuote(File("s.store")));
    Run("ingest --register " + ShellQuote(SourceDir() + "/examples/register.csv") + " --out " +
        ShellQuote(File("e.store")));
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string File(const std::string& name) { return dir_->File(name); }
  // Runs fremdrift; returns stdout. Fails the test on a non-zero exit.
  static std::string Run(const std::string& args, int want = 0) {
    int rc = 0;
    std::string out = RunCommand(std::string(FREMDRIFT_BINARY) + " --quiet " + args + " 2>" +
                                     ShellQuote(dir_->File("stderr.txt")),
                                 &rc);
    EXPECT_EQ(rc, want) << args << "\n" << Stderr();
    return out;
  }
  static std::string Stderr() {
    auto text = ReadFileToString(dir_->File("stderr.txt"));
    return text.ok() ? *text : std::string();
  }

  // Every font embedded (pdffonts: the "emb" column).
  static void ExpectFontsEmbedded(const std::string& pdf) {
    std::string fonts = RunCommand("pdffonts " + ShellQuote(pdf));
    int lines = 0;
    std::istringstream in(fonts);
    std::string line;
    while (std::getline(in, line)) {
      if (++lines <= 2) continue;
      EXPECT_NE(line.find(" yes "), std::string::npos) << line;
    }
    EXPECT_GT(lines, 2) << fonts;
  }
  // Renders every page; pages whose text shows a figure must carry coloured chart ink.
  static void ExpectPagesDrawn(const std::string& pdf, const std::string& name) {
    const int pages = testing::PdfPageCount(pdf);
    ASSERT_GT(pages, 0);
    for (int p = 1; p <= pages; ++p) {
      auto ink =
          RenderPdfPage(pdf, p, 40, ArtifactDir() + "/" + name + "-" + std::to_string(p) + ".png");
      ASSERT_GT(ink.width, 0) << name << " page " << p;
      EXPECT_GT(ink.dark, 0.003) << name << " page " << p << " looks blank";
      std::string text = RunCommand("pdftotext -f " + std::to_string(p) + " -l " +
                                    std::to_string(p) + " " + ShellQuote(pdf) + " -");
      if (text.find("Figur ") != std::string::npos) {
        EXPECT_GT(ink.colour, 0.0005) << name << " page " << p << ": a figure without a chart";
      }
    }
  }
  // The CSV written for Danish Excel, parsed back.
  static CsvDocument ReadCsv(const std::string& path) {
    auto text = ReadFileToString(path);
    EXPECT_TRUE(text.ok());
    EXPECT_EQ(text->substr(0, 3), "\xEF\xBB\xBF") << "BOM";
    auto doc = ParseCsvDocument(StripBom(*text), path, ';');
    EXPECT_TRUE(doc.ok()) << doc.status().ToString();
    return doc.ok() ? *doc : CsvDocument{};
  }
  static double CsvNumber(std::string s) {
    for (char& c : s) {
      if (c == ',') c = '.';
    }
    return s.empty() ? std::nan("") : std::stod(s);
  }

  static testing::TempDir* dir_;
};
testing::TempDir* ReportFilesTest::dir_ = nullptr;

// Nøgletal for Herning, February 2019: the committee sentences of `measure sammenligning`, a
// chart per benefit group, the recommendation, and the 13 months as an XLSX appendix.
TEST_F(ReportFilesTest, Noegletal) {
  json cmp = json::parse(Run("measure sammenligning --store " + File("s.store") +
                             " --from 2018-02 --to 2019-02 --kommune 657 --format json"));
  ASSERT_FALSE(cmp["rows"].empty());
  const std::string common = "report noegletal --store " + File("s.store") +
                             " --kommune 657 --period 2019-02 --meeting-date 2019-04-24 "
                             "--case-number 00.00.00-P19-1719-10 --item 27 --min-persons 0 ";
  Run(common + "--format pdf --out " + File("n.pdf"));
  std::string text = PdfTextFlat(File("n.pdf"));
  for (const char* want :
       {"Punkt 27", "Nøgletal på beskæftigelsesområdet", "00.00.00-P19-1719-10", "Sagsresume",
        "Sagsfremstilling", "Indstilling", "at orienteringen tages til efterretning",
        "24. april 2019", "Ledighed:", "Sygedagpenge:", "Førtidspension:", "Figur 1: Ledighed"}) {
    EXPECT_NE(text.find(want), std::string::npos) << want;
  }
  int sentences = 0;
  for (const auto& row : cmp["rows"]) {
    if (row["periode"] != "2019-02") continue;
    for (const char* c : {"tekst", "tal_tekst"}) {
      std::string s = row[c].is_string() ? row[c].get<std::string>() : "";
      if (s.empty()) continue;
      ++sentences;
      EXPECT_NE(text.find(s), std::string::npos) << s;
    }
  }
  EXPECT_GE(sentences, 10);
  ExpectFontsEmbedded(File("n.pdf"));
  ExpectPagesDrawn(File("n.pdf"), "noegletal");

  // XLSX appendix: sheet 1 is Ledighed, one row per month, the municipality, its RAR and the
  // country as percentages.
  Run(common + "--format xlsx --out " + File("n.xlsx"));
  auto cells = ReadXlsxSheet(File("n.xlsx"), 1);
  ASSERT_FALSE(cells.empty());
  EXPECT_EQ(cells["A3"].value, "Periode");
  EXPECT_EQ(cells["B3"].value, "Herning");
  EXPECT_EQ(cells["D3"].value, "Hele landet");
  int checked = 0;
  for (int r = 4; cells.count("A" + std::to_string(r)); ++r) {
    const std::string month = cells["A" + std::to_string(r)].value;  // "februar 2019"
    for (const auto& row : cmp["rows"]) {
      if (row["noegletal"] != "ledighedsprocent") continue;
      auto words = FormatDanishPeriodText(row["periode"].get<std::string>());
      if (!words.ok() || *words != month) continue;
      const auto& b = cells["B" + std::to_string(r)];
      EXPECT_FALSE(b.is_string);
      EXPECT_EQ(b.num_format, "0.0%");
      EXPECT_NEAR(std::stod(b.value), row["kommune_vaerdi"].get<double>() / 100, 1e-9) << month;
      const auto& d = cells["D" + std::to_string(r)];
      EXPECT_NEAR(std::stod(d.value), row["land_vaerdi"].get<double>() / 100, 1e-9) << month;
      ++checked;
    }
  }
  EXPECT_EQ(checked, 13);

  // CSV: the comparison data, parsed back with ';' and decimal comma.
  Run(common + "--format csv --out " + File("n.csv"));
  CsvDocument csv = ReadCsv(File("n.csv"));
  ASSERT_EQ(csv.rows.size(), cmp["rows"].size());
  // The header carries the columns' Danish labels.
  std::string kv_label;
  for (const auto& c : cmp["columns"]) {
    if (c["name"] == "kommune_vaerdi") kv_label = c["label"].get<std::string>();
  }
  const int kv = csv.Column(kv_label);
  ASSERT_GE(kv, 0) << kv_label;
  for (size_t i = 0; i < csv.rows.size(); ++i) {
    EXPECT_NEAR(CsvNumber(csv.rows[i][kv]), cmp["rows"][i]["kommune_vaerdi"].get<double>(), 1e-5);
  }
  // HTML: one page with inline SVG charts and the same sentences.
  std::string html = Run(common + "--format html");
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("at orienteringen tages til efterretning"), std::string::npos);
  // Bad input is refused with a message.
  Run("report noegletal --store " + File("s.store") + " --kommune 999 --period 2019-02", 3);
  EXPECT_NE(Stderr().find("--kommune"), std::string::npos);
  Run(common + "--format xlsx", 2);
}

// Ressourceforløb: the quarterly appendix for the municipality with the most forløb in the
// example register; every cell of table 1 equals the measurement's total.
TEST_F(ReportFilesTest, Ressourceforloeb) {
  json rf = json::parse(Run("measure ressourceforloeb --store " + File("e.store") +
                            " --period quarter --from 2018-Q1 --to 2019-Q4 --area kommune "
                            "--format json"));
  std::map<std::string, std::int64_t> started;
  for (const auto& row : rf["rows"]) {
    if (row["maal"] == "startede" && row["dimension"] == "i_alt") {
      started[row["omraade"].get<std::string>()] += row["antal"].get<std::int64_t>();
    }
  }
  ASSERT_FALSE(started.empty()) << "the example register has no ressourceforløb";
  std::string kommune;
  for (const auto& [k, n] : started) {
    if (k != "ukendt" && (kommune.empty() || n > started[kommune])) kommune = k;
  }
  const std::string common = "report ressourceforloeb --store " + File("e.store") + " --kommune " +
                             kommune + " --period 2019-Q4 --min-persons 0 ";
  Run(common + "--format pdf --out " + File("r.pdf"));
  std::string text = PdfTextFlat(File("r.pdf"));
  for (const char* want :
       {"Viden om ressourceforløb", "4. kvartal 2019", "1. kvartal 2018",
        "Påbegyndte, afsluttede og igangværende ressourceforløb", "efter alder og køn",
        "Under 40 år", "Kvinder", "efter forrige ydelse", "efter afgangsårsag", "Status 13 uger",
        "Status 26 uger", "at orienteringen tages til efterretning"}) {
    EXPECT_NE(text.find(want), std::string::npos) << want;
  }
  ExpectFontsEmbedded(File("r.pdf"));
  ExpectPagesDrawn(File("r.pdf"), "ressourceforloeb");
  Run(common + "--format xlsx --out " + File("r.xlsx"));
  auto cells = ReadXlsxSheet(File("r.xlsx"), 1);
  ASSERT_FALSE(cells.empty());
  EXPECT_EQ(cells["B3"].value, "1. kvartal 2018");
  EXPECT_EQ(cells["I3"].value, "4. kvartal 2019");
  const char* kMaal[] = {"startede", "afsluttede", "igangvaerende"};
  const char* kQuarters[] = {"2018-Q1", "2018-Q2", "2018-Q3", "2018-Q4",
                             "2019-Q1", "2019-Q2", "2019-Q3", "2019-Q4"};
  for (int m = 0; m < 3; ++m) {
    for (int q = 0; q < 8; ++q) {
      std::int64_t want = 0;
      for (const auto& row : rf["rows"]) {
        if (row["omraade"] == kommune && row["maal"] == kMaal[m] && row["dimension"] == "i_alt" &&
            row["periode"] == kQuarters[q]) {
          want += row["antal"].get<std::int64_t>();
        }
      }
      const std::string ref = std::string(1, static_cast<char>('B' + q)) + std::to_string(4 + m);
      EXPECT_EQ(cells[ref].value, std::to_string(want)) << kMaal[m] << " " << kQuarters[q];
      EXPECT_EQ(cells[ref].num_format, "#,##0") << ref;
      EXPECT_FALSE(cells[ref].is_string);
    }
  }
  Run(common + "--format csv --out " + File("r.csv"));
  CsvDocument csv = ReadCsv(File("r.csv"));
  std::int64_t csv_sum = 0, json_sum = 0;
  const int antal = csv.Column("Antal");
  ASSERT_GE(antal, 0);
  for (const auto& row : csv.rows) csv_sum += std::stoll(row[antal]);
  for (const auto& row : rf["rows"]) {
    if (row["omraade"] == kommune) json_sum += row["antal"].get<std::int64_t>();
  }
  EXPECT_EQ(csv_sum, json_sum);
}

// FSM2: Herning's stored grant and a project in the case store; the tier and the money at
// stake in the document are those `finance grants` computes.
TEST_F(ReportFilesTest, Fsm2) {
  const std::string db = "sqlite:" + File("fsm2.db");
  {
    std::ofstream ev(File("events.csv"));
    ev << "event_id;person;kommune;date;type;attributes;recorded_by;recorded_at;supersedes\n";
    int n = 0;
    for (int i = 0; i < 20; ++i) {
      auto e = [&](const std::string& day, const std::string& type, const std::string& attrs) {
        ev << "f" << ++n << ";P" << i << ";657;" << day << ";" << type << ";" << attrs << ";sb;"
           << day << "T12:00:00;\n";
      };
      e("2019-12-02", "target_group_start", "project=fsm2");
      e("2019-12-02", "visitation", "project=fsm2|group=1");
      if (i % 2) e("2020-01-10", "jobformidler_assigned", "jobformidler=jf1");
      if (i < 2) e("2020-03-02", "paid_hours", "month=2020-02|hours=8");
      if (i < 3) e("2020-04-02", "paid_hours", "month=2020-03|hours=12");
      if (i < 5 && i > 1) e("2020-05-04", "paid_hours", "month=2020-04|hours=20");
    }
  }
  // The file holds the events up to the end of June 2020 (the data's horizon): June is measured.
  Run("events import --db " + db + " " + File("events.csv") + " --user test --as-of 2020-06-30");
  const std::string grants = SourceDir() + "/data/examples/grants/";
  Run("finance import --db " + db + " --user økonomi " + grants + "fsm2_herning.csv " + grants +
      "fsm2_herning_bevillinger.csv " + grants + "fsm2_herning_rater.csv");
  EXPECT_NE(Stderr().find("forskel 1 kr."), std::string::npos) << Stderr();
  json overview = json::parse(Run("finance grants --db " + db + " --kommune 657 --format json"));
  ASSERT_EQ(overview["rows"].size(), 1u);
  const json& g = overview["rows"][0];
  json tiers = json::parse(
      Run("finance grants --db " + db + " --grant herning-fsm2 --del trin --format json"));
  ASSERT_EQ(tiers["rows"].size(), 3u);

  const std::string common =
      "report fsm2 --db " + db + " --kommune 657 --period 2020-06 --meeting-date 2020-08-26 "
      "--min-persons 0 ";
  Run(common + "--format pdf --out " + File("f.pdf"));
  std::string text = PdfTextFlat(File("f.pdf"));
  auto best = FormatDanishPeriodText(g["bedste_maaned"].get<std::string>());
  ASSERT_TRUE(best.ok());
  for (std::string want :
       {std::string("Status på projekt \"Flere skal med 2\""), std::string("2.235.074 kr."),
        "Den bedste måned indtil nu er " + *best, FormatDanishPercent(g["andel"].get<double>(), 1),
        "Projektet har nået mål " + std::to_string(g["trin"].get<int>()),
        FormatDanishKroner(g["udbetaling"].get<std::int64_t>()),
        FormatDanishKroner(g["paa_spil"].get<std::int64_t>()), std::string("631.215"),
        std::string("858.805"), std::string("745.053"),
        std::string("Kontrol: årsbeløbene summer til 2.235.073 kr."),
        std::string("Indikatorerne i juni 2020"), std::string("Landsplan")}) {
    EXPECT_NE(text.find(want), std::string::npos) << want;
  }
  ExpectFontsEmbedded(File("f.pdf"));
  ExpectPagesDrawn(File("f.pdf"), "fsm2");
  // XLSX: sheet 1 is the payout at each tier, as `finance grants --del trin` computes it.
  Run(common + "--format xlsx --out " + File("f.xlsx"));
  auto cells = ReadXlsxSheet(File("f.xlsx"), 1);
  for (int r = 0; r < 3; ++r) {
    const json& row = tiers["rows"][r];
    const std::string n = std::to_string(4 + r);
    EXPECT_EQ(cells["A" + n].value, row["trin"].get<std::string>());
    EXPECT_EQ(cells["D" + n].value, std::to_string(row["i_alt"].get<std::int64_t>()));
    EXPECT_EQ(cells["D" + n].num_format, "#,##0");
    EXPECT_EQ(cells["E" + n].value, std::to_string(row["ikke_udbetalt"].get<std::int64_t>()));
  }
  // The grant's appropriations sheet: income negative, expense positive.
  auto apps = ReadXlsxSheet(File("f.xlsx"), 2);
  EXPECT_EQ(apps["C4"].value, "-631215");
  EXPECT_EQ(apps["D4"].value, "631215");
  Run(common + "--format csv --out " + File("f.csv"));
  CsvDocument csv = ReadCsv(File("f.csv"));
  EXPECT_GT(csv.rows.size(), 0u);
  const int share = csv.Column("Andel");
  ASSERT_GE(share, 0);
  for (const auto& row : csv.rows) {
    if (!row[share].empty()) EXPECT_NE(row[share].find(','), std::string::npos) << row[share];
  }
  // Without a stored grant the report says how to add one.
  Run("report fsm2 --db " + db + " --kommune 217", 1);
  EXPECT_NE(Stderr().find("finance import"), std::string::npos) << Stderr();
}

// Budget follow-up from budget lines stored in the case store: the same document as from the
// file, and the derived columns of Helsingør's table 1 (Social- og Beskæftigelsesudvalget,
// 6.11.2019) in the XLSX.
TEST_F(ReportFilesTest, BudgetFromStoredLines) {
  const std::string db = "sqlite:" + File("budget.db");
  const std::string file = SourceDir() + "/data/examples/budget/sbu_2019-09.csv";
  Run("finance import --db " + db + " " + file);
  const std::string opts = " --meeting-date 2019-11-06 --case-number 19/9394 --item 2";
  Run("report budgetopfoelgning --budget " + file + opts + " --out " + File("b1.pdf"));
  Run("report budgetopfoelgning --db " + db + " --kommune 217 --period 2019-09" + opts + " --out " +
      File("b2.pdf"));
  std::string from_file = PdfTextFlat(File("b1.pdf")), from_db = PdfTextFlat(File("b2.pdf"));
  EXPECT_EQ(from_file, from_db);
  EXPECT_NE(from_db.find("-24.846"), std::string::npos);
  ExpectFontsEmbedded(File("b2.pdf"));
  ExpectPagesDrawn(File("b2.pdf"), "budgetopfoelgning");
  Run("report budgetopfoelgning --db " + db + " --kommune 217 --format xlsx --out " +
      File("b.xlsx"));
  auto cells = ReadXlsxSheet(File("b.xlsx"), 1);
  auto derived =
      ReadFileToString(SourceDir() + "/src/finance/testdata/helsingoer_table1_derived.csv");
  ASSERT_TRUE(derived.ok());
  std::string body;
  std::istringstream in(*derived);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("#", 0) != 0) body += line + "\n";
  }
  auto doc = ParseCsvDocument(body, "derived", ';');
  ASSERT_TRUE(doc.ok());
  auto number = [](std::string s) {
    s.erase(std::remove(s.begin(), s.end(), '.'), s.end());
    return s;
  };
  // Find the first data row (the total) by its label.
  int first = 0;
  for (int r = 1; r < 10 && !first; ++r) {
    if (cells["A" + std::to_string(r)].value.rfind("Social- og", 0) == 0) first = r;
  }
  ASSERT_GT(first, 0);
  int row = first;
  for (const auto& want : doc->rows) {
    // "Heraf:" label rows carry no numbers; skip them.
    while (cells["A" + std::to_string(row)].value == "Heraf:") ++row;
    const std::string n = std::to_string(row++);
    EXPECT_EQ(cells["F" + n].value, number(want[doc->Column("change")])) << n;
    EXPECT_EQ(cells["G" + n].value, number(want[doc->Column("vs_original")])) << n;
    EXPECT_EQ(cells["H" + n].value, number(want[doc->Column("vs_corrected")])) << n;
    EXPECT_EQ(cells["H" + n].num_format, "#,##0") << n;
  }
  Run("report budgetopfoelgning --db " + db + " --kommune 217 --format csv --out " + File("b.csv"));
  CsvDocument csv = ReadCsv(File("b.csv"));
  ASSERT_EQ(csv.rows.size(), doc->rows.size());
  ASSERT_EQ(csv.header.size(), 8u);
  for (size_t i = 0; i < csv.rows.size(); ++i) {
    // The last column: afvigelse ift. korrigeret budget.
    EXPECT_EQ(csv.rows[i][7], number(doc->rows[i][doc->Column("vs_corrected")]));
  }
  // As of before the import there is no budget.
  Run("report budgetopfoelgning --db " + db + " --kommune 217 --as-of 2000-01-01", 1);
}

// Text typed into finance files reaches the CSV exports. A budget line label and a grant's funder
// that a spreadsheet would run as a formula come out with a leading apostrophe, while the
// negative amounts beside them stay numbers.
TEST_F(ReportFilesTest, CsvExportsDoNotCarryFormulas) {
  const std::string db = "sqlite:" + File("hostile.db");
  auto sbu = ReadFileToString(SourceDir() + "/data/examples/budget/sbu_2019-09.csv");
  ASSERT_TRUE(sbu.ok());
  std::string budget = *sbu;
  const std::string label = ";714 UU Øresund;";
  ASSERT_NE(budget.find(label), std::string::npos);
  budget.replace(budget.find(label), label.size(), ";\"=HYPERLINK(\"\"http://x\"\")\";");
  ASSERT_TRUE(WriteStringToFile(File("hostile_budget.csv"), budget).ok());
  ASSERT_TRUE(WriteStringToFile(File("hostile_grant.csv"),
                                "id;municipality;funder;pool;amount;start;end;service_area\n"
                                "g1;217;\"=HYPERLINK(\"\"http://x\"\")\";@pool;1000;2019-01-01;"
                                "2019-12-31;-17\n")
                  .ok());
  Run("finance import --db " + db + " " + File("hostile_budget.csv") + " " +
      File("hostile_grant.csv"));
  Run("report budgetopfoelgning --db " + db + " --kommune 217 --format csv --out " +
      File("hostile.csv"));
  CsvDocument csv = ReadCsv(File("hostile.csv"));
  ASSERT_GT(csv.rows.size(), 2u);
  bool found = false;
  int negative = 0;
  for (const auto& row : csv.rows) {
    found = found || row[0] == "'=HYPERLINK(\"http://x\")";
    EXPECT_NE(row[0].substr(0, 1), "=") << row[0];
    for (size_t c = 1; c < row.size(); ++c) {
      // Amounts: numbers, a minus sign in front when negative, never an apostrophe.
      EXPECT_EQ(row[c].find('\''), std::string::npos) << row[c];
      negative += !row[c].empty() && row[c][0] == '-';
    }
  }
  EXPECT_TRUE(found);
  EXPECT_GT(negative, 0);  // Helsingør's table 1 has overspending (e.g. -24846 on the total)
  EXPECT_EQ(csv.rows[0][7], "-24846");
  // `finance grants --format csv` (the plain CSV) guards its text cells the same way.
  auto grants = ParseCsvDocument(Run("finance grants --db " + db + " --kommune 217"), "g", ',');
  ASSERT_TRUE(grants.ok()) << grants.status().ToString();
  ASSERT_EQ(grants->rows.size(), 1u);
  EXPECT_EQ(grants->rows[0][grants->Column("tilskudsgiver")], "'=HYPERLINK(\"http://x\")");
  EXPECT_EQ(grants->rows[0][grants->Column("pulje")], "'@pool");
  EXPECT_EQ(grants->rows[0][grants->Column("tilskud")], "1000");
}

// The committee documents as they are published (default --min-persons 5): the ressourceforløb
// statistics of the municipality with the most forløb show no count from 1 to 4 in any sheet,
// table or CSV row, mark them "<5" instead, and in no breakdown leave a single hidden category
// beside its shown total; the CSV equals `measure ressourceforloeb --min-persons 5` cell by cell.
TEST_F(ReportFilesTest, SmallNumbersNotShown) {
  json rf = json::parse(Run("measure ressourceforloeb --store " + File("e.store") +
                            " --period quarter --from 2018-Q1 --to 2019-Q4 --area kommune "
                            "--format json"));
  std::map<std::string, std::int64_t> started;
  for (const auto& row : rf["rows"]) {
    if (row["maal"] == "startede" && row["dimension"] == "i_alt") {
      started[row["omraade"].get<std::string>()] += row["antal"].get<std::int64_t>();
    }
  }
  std::string kommune;
  for (const auto& [k, n] : started) {
    if (k != "ukendt" && (kommune.empty() || n > started[kommune])) kommune = k;
  }
  ASSERT_FALSE(kommune.empty());
  int small = 0;  // exact counts of 1-4 in the municipality's rows
  for (const auto& row : rf["rows"]) {
    const auto n = row["antal"].get<std::int64_t>();
    if (row["omraade"] == kommune && n > 0 && n < 5) ++small;
  }
  ASSERT_GT(small, 0) << "the example register gives no small count to hide";
  const std::string common = "report ressourceforloeb --store " + File("e.store") + " --kommune " +
                             kommune + " --period 2019-Q4 ";
  // CSV: the data, as published.
  Run(common + "--format csv --out " + File("rs.csv"));
  CsvDocument csv = ReadCsv(File("rs.csv"));
  const int antal = csv.Column("Antal"), periode = csv.Column("Periode"),
            maal = csv.Column("Mål"), dim = csv.Column("Baggrund");
  ASSERT_GE(antal, 0);
  int marked = 0;
  std::map<std::string, std::pair<int, int>> lines;  // (period, maal, dimension) -> hidden, shown
  std::set<std::string> totals_shown;
  for (const auto& row : csv.rows) {
    const std::string& v = row[antal];
    if (v == "<5") {
      ++marked;
    } else {
      const double n = CsvNumber(v);
      EXPECT_FALSE(n > 0 && n < 5) << "a count of " << v << " is shown";
    }
    if (periode < 0 || maal < 0 || dim < 0) continue;
    const std::string key = row[periode] + "|" + row[maal];
    if (row[dim] == "i_alt") {
      if (v != "<5") totals_shown.insert(key);
      continue;
    }
    auto& [hidden, shown] = lines[key + "|" + row[dim]];
    (v == "<5" ? hidden : shown) += 1;
  }
  EXPECT_GE(marked, small);
  for (const auto& [key, counts] : lines) {
    const std::string total = key.substr(0, key.rfind('|'));
    EXPECT_FALSE(counts.first == 1 && totals_shown.count(total))
        << key << ": one hidden category beside its shown total";
  }
  // The note says why.
  std::string html = Run(common + "--format html");
  EXPECT_NE(html.find("Tal under 5 personer er ikke vist"), std::string::npos);
  EXPECT_NE(html.find("&lt;5"), std::string::npos);
  // XLSX: every sheet of the appendix; no number from 1 to 4.
  Run(common + "--format xlsx --out " + File("rs.xlsx"));
  int sheets = 0, marked_cells = 0;
  for (int sheet = 1;; ++sheet) {
    auto cells = ReadXlsxSheet(File("rs.xlsx"), sheet);
    if (cells.empty()) break;
    ++sheets;
    for (const auto& [ref, cell] : cells) {
      if (cell.is_string) {
        marked_cells += cell.value == "<5";
        continue;
      }
      if (cell.value.empty()) continue;  // a blank cell that only carries a style
      char* end = nullptr;
      const double n = std::strtod(cell.value.c_str(), &end);
      EXPECT_EQ(*end, '\0') << "sheet " << sheet << " " << ref << ": '" << cell.value << "'";
      EXPECT_FALSE(n > 0 && n < 5) << "sheet " << sheet << " " << ref << ": " << cell.value;
    }
  }
  EXPECT_GE(sheets, 8);
  EXPECT_GT(marked_cells, 0);
  // PDF: the note under the tables.
  Run(common + "--format pdf --out " + File("rs.pdf"));
  EXPECT_NE(PdfTextFlat(File("rs.pdf")).find("Tal under 5 personer er ikke vist"),
            std::string::npos);
  // --min-persons is the threshold: with 2 only the ones are hidden.
  Run(common + "--format csv --min-persons 2 --out " + File("rs2.csv"));
  CsvDocument csv2 = ReadCsv(File("rs2.csv"));
  int ones = 0, marked2 = 0;
  for (const auto& row : rf["rows"]) {
    if (row["omraade"] == kommune && row["antal"].get<std::int64_t>() == 1) ++ones;
  }
  for (const auto& row : csv2.rows) marked2 += row[antal] == "<2";
  EXPECT_GE(marked2, ones);
  EXPECT_LT(marked2, marked);
}


}  // namespace
}  // namespace fremdrift
