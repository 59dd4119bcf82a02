#include "table/table.h"

#include <gtest/gtest.h>

#include <sstream>

#include "table/table_format.h"

namespace fremdrift {
namespace {

Table Sample() {
  Table t({{"period", ColumnType::kString},
           {"area", ColumnType::kString},
           {"v", ColumnType::kNumber, ColumnRole::kValue, "", "", 2},
           {"n", ColumnType::kInteger, ColumnRole::kValue}});
  t.AddRow({std::string("2019-02"), std::string("657"), 1.5, std::int64_t{3}});
  t.AddRow({std::string("2019-01"), std::string("a,b"), std::monostate{}, std::int64_t{1}});
  return t;
}

TEST(TableTest, SortAndCsv) {
  Table t = Sample();
  t.SortBy({"period"});
  std::ostringstream out;
  WriteTableCsv(t, out);
  EXPECT_EQ(out.str(), "period,area,v,n\n2019-01,\"a,b\",,1\n2019-02,657,1.50,3\n");
}

TEST(TableTest, Json) {
  std::ostringstream out;
  WriteTableJson(Sample(), out);
  EXPECT_NE(out.str().find("\"v\": 1.5"), std::string::npos);
  EXPECT_NE(out.str().find("\"v\": null"), std::string::npos);
  EXPECT_EQ(Sample().ColumnIndex("n"), 3);
  EXPECT_EQ(Sample().ColumnIndex("x"), -1);
}

}  // namespace
}  // namespace fremdrift
