// The tagged structure of every kind of committee PDF that `fremdrift report` writes (noegletal,
// ressourceforloeb, fsm2, budgetopfoelgning), made by the real binary from real data and read
// back with `qpdf --json` and libqpdf's content parser (src/report/pdf_structure_check.h):
// /MarkInfo Marked, /Lang da-DK, a title shown by viewers, a structure tree with headings in
// order and paragraphs, TH cells with a scope in every table, a non-empty /Alt on every figure
// (naming the chart's title), and no page content outside the tree but artifacts.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "common/file_util.h"
#include "report/pdf_structure_check.h"
#include "report/test_files.h"

namespace fremdrift {
namespace {

using json = nlohmann::json;
using testing::ReadPdfStructure;
using testing::RunCommand;
using testing::ShellQuote;
using testing::TaggedPdfProblems;

std::string SourceDir() {
  const char* env = std::getenv("FREMDRIFT_SOURCE_DIR");
  return env ? env : FREMDRIFT_SOURCE_DIR_DEFAULT;
}

class PdfStructureTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = std::make_unique<testing::TempDir>(); }
  std::string File(const std::string& name) const { return dir_->File(name); }
  std::string Run(const std::string& args) {
    int rc = 0;
    std::string out = RunCommand(
        std::string(FREMDRIFT_BINARY) + " --quiet " + args + " 2>" + ShellQuote(File("stderr.txt")),
        &rc);
    auto err = ReadFileToString(File("stderr.txt"));
    EXPECT_EQ(rc, 0) << args << "\n" << (err.ok() ? *err : "");
    return out;
  }
  // The checks every committee PDF must pass; returns the structure for more.
  testing::PdfStructure ExpectTagged(const std::string& pdf, int min_tables, int min_figures) {
    auto s = ReadPdfStructure(pdf);
    for (const auto& problem : TaggedPdfProblems(s)) ADD_FAILURE() << pdf << ": " << problem;
    EXPECT_EQ(s.elements["Document"], 1) << pdf;
    EXPECT_EQ(s.elements["H1"], 1) << pdf;
    EXPECT_GE(s.elements["H2"], 1) << pdf;
    EXPECT_GE(s.tables, min_tables) << pdf;
    EXPECT_GE(static_cast<int>(s.figure_alt.size()), min_figures) << pdf;
    EXPECT_GT(s.artifacts, 0) << pdf << ": running header and footer are artifacts";
    for (const auto& alt : s.figure_alt) {
      EXPECT_NE(alt.find("diagram: "), std::string::npos) << alt;
      EXPECT_NE(alt.find("Seneste tal"), std::string::npos) << alt;
    }
    return s;
  }

  std::unique_ptr<testing::TempDir> dir_;
};

TEST_F(PdfStructureTest, Noegletal) {
  const std::string shares = SourceDir() + "/tests/cases/shares_and_comparison";
  Run("ingest --register " + ShellQuote(shares + "/register.csv") + " --population " +
      ShellQuote(shares + "/population.csv") + " --out " + ShellQuote(File("s.store")));
  Run("report noegletal --store " + File("s.store") +
      " --kommune 657 --period 2019-02 --meeting-date 2019-04-24 --out " + File("n.pdf"));
  auto s = ExpectTagged(File("n.pdf"), 0, 1);
  // Each chart's alternative gives the latest figures of the month reported on, in Danish.
  for (const auto& alt : s.figure_alt) {
    EXPECT_NE(alt.find("Seneste tal (februar 2019):"), std::string::npos) << alt;
  }
}

TEST_F(PdfStructureTest, Ressourceforloeb) {
  Run("ingest --register " + ShellQuote(SourceDir() + "/examples/register.csv") + " --out " +
      ShellQuote(File("e.store")));
  json rf = json::parse(Run("measure ressourceforloeb --store " + File("e.store") +
                            " --period quarter --from 2018-Q1 --to 2019-Q4 --area kommune "
                            "--format json"));
  std::map<std::string, std::int64_t> started;
  for (const auto& row : rf["rows"]) {
    if (row["maal"] == "startede" && row["dimension"] == "i_alt" && row["omraade"] != "ukendt") {
      started[row["omraade"].get<std::string>()] += row["antal"].get<std::int64_t>();
    }
  }
  ASSERT_FALSE(started.empty());
  std::string kommune = started.begin()->first;
  for (const auto& [k, n] : started) {
    if (n > started[kommune]) kommune = k;
  }
  Run("report ressourceforloeb --store " + File("e.store") + " --kommune " + kommune +
      " --period 2019-Q4 --out " + File("r.pdf"));
  ExpectTagged(File("r.pdf"), 1, 1);
}

TEST_F(PdfStructureTest, Fsm2) {
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
      if (i < 3) e("2020-04-02", "paid_hours", "month=2020-03|hours=12");
    }
  }
  const std::string db = "sqlite:" + File("fsm2.db");
  Run("events import --db " + db + " " + File("events.csv") + " --user test --as-of 2020-06-30");
  const std::string grants = SourceDir() + "/data/examples/grants/";
  Run("finance import --db " + db + " --user okonomi " + grants + "fsm2_herning.csv " + grants +
      "fsm2_herning_bevillinger.csv " + grants + "fsm2_herning_rater.csv");
  Run("report fsm2 --db " + db + " --kommune 657 --period 2020-06 --out " + File("f.pdf"));
  ExpectTagged(File("f.pdf"), 1, 1);
}

TEST_F(PdfStructureTest, Budgetopfoelgning) {
  Run("report budgetopfoelgning --budget " + SourceDir() +
      "/data/examples/budget/sbu_2019-09.csv --meeting-date 2019-11-06 --out " + File("b.pdf"));
  auto s = ExpectTagged(File("b.pdf"), 1, 0);
  // The budget table's rows are labelled by their first cell: row headers besides the header row.
  EXPECT_GT(s.elements["TH"], s.elements["TR"] / 2);
}

}  // namespace
}  // namespace fremdrift
