// The official figures' store on both backends: an import is kept beside a later one, reads
// take the latest publication up to an "as of" time, one bad source stores nothing, and the
// rows cannot be changed.
#include "official/official_store.h"

#include <gtest/gtest.h>

#include "eventstore/backend_test.h"

namespace fremdrift::official {
namespace {

OfficialFigure Figure(std::string period, std::string area, std::string measure, double value) {
  OfficialFigure f;
  f.table = "Y07A02";
  f.period = period;
  f.period_official = period;
  f.area = area;
  f.area_official = area;
  f.ydelsesgruppe = "sygedagpenge";
  f.measure = std::move(measure);
  f.value = value;
  f.row = 1;
  return f;
}

class OfficialStoreTest : public cases::BackendTest {
 protected:
  void SetUp() override {
    BackendTest::SetUp();
    if (NotReady()) return;
    auto s = OfficialStore::Open(db_->url());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_official_ = std::move(s).value();
  }
  std::unique_ptr<OfficialStore> store_official_;
};

TEST_P(OfficialStoreTest, LaterPublicationKeptBesideTheEarlier) {
  EXPECT_EQ(*store_official_->LatestImport(), 0);
  SourceFigures first{"a.json",
                      {Figure("2020-12", "657", "fuldtidspersoner", 10),
                       Figure("2020-12", "657", "personer", 14)}};
  auto r1 = store_official_->Import({first}, {"test", "2021-01-15T10:00:00"});
  ASSERT_TRUE(r1.ok()) << r1.status().ToString();
  const std::int64_t after_first = *store_official_->LatestImport();
  EXPECT_GT(after_first, 0);
  SourceFigures second{"b.json", {Figure("2020-12", "657", "fuldtidspersoner", 12)}};
  auto r2 = store_official_->Import({second}, {"test", "2021-02-15T10:00:00"});
  ASSERT_TRUE(r2.ok()) << r2.status().ToString();
  // Every import changes it (the server's cache key of the tables built on the figures).
  EXPECT_GT(*store_official_->LatestImport(), after_first);

  auto now = store_official_->Figures({});
  ASSERT_TRUE(now.ok()) << now.status().ToString();
  ASSERT_EQ(now->size(), 2u);
  EXPECT_EQ((*now)[0].figure.measure, "fuldtidspersoner");
  EXPECT_DOUBLE_EQ((*now)[0].figure.value, 12);
  EXPECT_EQ((*now)[0].source, "b.json");
  EXPECT_DOUBLE_EQ((*now)[1].figure.value, 14);  // not republished: the earlier stands

  FigureQuery then;
  then.as_of = "2021-01-31";
  auto earlier = store_official_->Figures(then);
  ASSERT_TRUE(earlier.ok());
  ASSERT_EQ(earlier->size(), 2u);
  EXPECT_DOUBLE_EQ((*earlier)[0].figure.value, 10);
  EXPECT_EQ((*earlier)[0].imported_at, "2021-01-15T10:00:00");

  FigureQuery other_area;
  other_area.areas = {"661"};
  EXPECT_TRUE(store_official_->Figures(other_area)->empty());
}

TEST_P(OfficialStoreTest, RowsCannotBeChanged) {
  ASSERT_TRUE(store_official_->Import({{"a.json", {Figure("2020-12", "657", "personer", 1)}}},
                                      {"test", ""})
                  .ok());
  EXPECT_FALSE(store_official_->ExecuteForTest("UPDATE official_figures SET value = 2").ok());
  EXPECT_FALSE(store_official_->ExecuteForTest("DELETE FROM official_imports").ok());
  EXPECT_DOUBLE_EQ(store_official_->Figures({})->front().figure.value, 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, OfficialStoreTest,
                         ::testing::ValuesIn(cases::TestDatabase::Backends()));

}  // namespace
}  // namespace fremdrift::official
