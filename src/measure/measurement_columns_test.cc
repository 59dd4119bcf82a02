// Every register measurement's Table names its columns from the one vocabulary
// (table/vocabulary.h, docs/formats/table.md), has a kind for every note, and marks the notes
// that qualify its figures (incomplete period, population year substitution, partial coverage).
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>

#include "common/file_util.h"
#include "measure/andel.h"
#include "measure/forloeb.h"
#include "measure/fuldtidspersoner.h"
#include "measure/known_register_testutil.h"
#include "measure/population.h"
#include "measure/sammenligning.h"
#include "registry/ingest.h"
#include "table/vocabulary.h"

namespace fremdrift {
namespace {

using known::Register;
using known::WeeksBetween;

class MeasurementColumns : public ::testing::Test {
 protected:
  void SetUp() override {
    ref_ = std::make_unique<ReferenceData>(*ReferenceData::LoadEmbedded());
    dir_ = ::testing::TempDir() + "/measurement_columns_" + std::to_string(getpid());
    ASSERT_EQ(std::system(("rm -rf " + dir_ + " && mkdir -p " + dir_).c_str()), 0);
    // 2018-W01..2019-W10. Herning (657): A a-dagpenge (111) 2019-W01..W10, R ressourceforløb
    // (810) 2018-W40..2019-W05. Holstebro (661): B sygedagpenge (890) 2019-W02..W05.
    Register reg(WeeksBetween({2018, 1}, {2019, 10}));
    const int a = reg.Add("A", "657");
    reg.Code(a, {2019, 1}, {2019, 10}, "111");
    const int r = reg.Add("R", "657");
    reg.Code(r, {2018, 40}, {2019, 5}, "810");
    const int b = reg.Add("B", "661");
    reg.Code(b, {2019, 2}, {2019, 5}, "890");
    ASSERT_TRUE(WriteStringToFile(dir_ + "/r.csv", reg.Csv()).ok());
    IngestOptions o;
    o.register_path = dir_ + "/r.csv";
    o.store_path = dir_ + "/s.store";
    auto ingested = IngestRegister(*ref_, o);
    ASSERT_TRUE(ingested.ok()) << ingested.status().ToString();
    auto st = SpellStore::Open(o.store_path);
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    store_ = std::make_unique<SpellStore>(std::move(*st));
    // Herning only, 2019 only: RAR Vestjylland is covered in part, 2018 is substituted.
    auto pop = Population::Parse(
        "kommune;aar;aldersgruppe;befolkning;arbejdsstyrke\n"
        "657;2019;16-29;200;100\n657;2019;30-66;800;400\n",
        "population.csv", *ref_);
    ASSERT_TRUE(pop.ok()) << pop.status().ToString();
    pop_ = std::make_unique<Population>(std::move(*pop));
  }
  void TearDown() override { [[maybe_unused]] int rc = std::system(("rm -rf " + dir_).c_str()); }

  FtpQuery Query() const {
    FtpQuery q;
    q.from = MakeMonth(2019, 1);
    q.to = MakeMonth(2019, 3);  // March reaches past the register's last week
    q.levels = {AreaLevel::kKommune, AreaLevel::kRar, AreaLevel::kLand};
    q.age = AgeBand{16, 66, false};
    return q;
  }

  std::unique_ptr<ReferenceData> ref_;
  std::unique_ptr<SpellStore> store_;
  std::unique_ptr<Population> pop_;
  std::string dir_;
};

bool HasKind(const Table& t, NoteKind kind) {
  for (NoteKind k : t.note_kinds()) {
    if (k == kind) return true;
  }
  return false;
}

void ExpectContract(const Result<Table>& t, const char* what) {
  SCOPED_TRACE(what);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_TRUE(CheckColumnVocabulary(*t).ok()) << CheckColumnVocabulary(*t).ToString();
  EXPECT_EQ(t->note_kinds().size(), t->notes().size());
  EXPECT_FALSE(t->rows().empty());
  // Every register measurement has its time period first.
  ASSERT_FALSE(t->columns().empty());
  EXPECT_EQ(t->columns()[0].name, col::kPeriode);
}

TEST_F(MeasurementColumns, EveryRegisterMeasurementUsesTheVocabulary) {
  FtpQuery q = Query();
  auto ftp = Fuldtidspersoner(*store_, *ref_, q);
  ExpectContract(ftp, "fuldtidspersoner");
  EXPECT_TRUE(HasKind(*ftp, NoteKind::kPreliminary));  // March is incomplete
  EXPECT_GE(ftp->ColumnIndex(col::kOmraade), 0);
  EXPECT_GE(ftp->ColumnIndex(col::kYdelsesgruppe), 0);

  auto andel = Andel(*store_, *ref_, *pop_, q);
  ExpectContract(andel, "andel");
  EXPECT_TRUE(HasKind(*andel, NoteKind::kPartialCoverage));  // RAR Vestjylland: Herning only

  auto led = Ledighedsprocent(*store_, *ref_, *pop_, q);
  ExpectContract(led, "ledighedsprocent");
  EXPECT_TRUE(HasKind(*led, NoteKind::kPartialCoverage));

  ComparisonQuery cq;
  cq.kommune = 657;
  cq.from = cq.to = MakeMonth(2019, 2);
  auto cmp = Sammenligning(*store_, *ref_, *pop_, cq);
  ExpectContract(cmp, "sammenligning");
  EXPECT_TRUE(HasKind(*cmp, NoteKind::kSubstitution));  // February 2018 uses 2019's figures

  FtpQuery all_ages = q;
  all_ages.age = AgeBand{};
  all_ages.age.all = true;
  ExpectContract(ForloebTable(*store_, *ref_, all_ages), "forloeb");
  ExpectContract(AfgangTable(*store_, *ref_, all_ages), "afgang");
  FtpQuery quarters = all_ages;
  quarters.period = PeriodKind::kQuarter;
  quarters.from = MakeMonth(2018, 10);
  ExpectContract(RessourceforloebTable(*store_, *ref_, quarters), "ressourceforloeb");
}

}  // namespace
}  // namespace fremdrift
