// Tests of the types, COPY rows, comments and printable connections of publish (pg_text.h).
#include "publish/pg_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace fremdrift::publish {
namespace {

TEST(PgTextTest, ColumnTypes) {
  EXPECT_EQ(SqlType(ColumnType::kString), "text");
  EXPECT_EQ(SqlType(ColumnType::kInteger), "bigint");
  EXPECT_EQ(SqlType(ColumnType::kNumber), "double precision");
}

TEST(PgTextTest, CopyRowsEscapeAndMarkMissingCells) {
  struct Case {
    Cell cell;
    std::string copy;
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const double inf = std::numeric_limits<double>::infinity();
  const Case cases[] = {
      {std::monostate{}, "\\N"},
      {std::int64_t{-42}, "-42"},
      {0.1, "0.1"},
      {1.0 / 3.0, "0.3333333333333333"},
      {nan, "\\N"},
      {inf, "Infinity"},
      {-inf, "-Infinity"},
      {std::string("Herning"), "Herning"},
      {std::string("a\tb\nc\rd\\e"), "a\\tb\\nc\\rd\\\\e"},
      {std::string("\\N"), "\\\\N"},  // the text \N, not a missing cell
      {std::string("Køge 'x' \"y\""), "Køge 'x' \"y\""},
      {std::string(""), ""},
  };
  for (const Case& c : cases) {
    std::string out;
    AppendCopyRow(out, {c.cell});
    EXPECT_EQ(out, c.copy + "\n");
  }
  std::string row;
  AppendCopyRow(row, {std::string("657"), std::int64_t{3}, 2.5, std::monostate{}});
  EXPECT_EQ(row, "657\t3\t2.5\t\\N\n");
}

TEST(PgTextTest, DoublesRoundTrip) {
  for (double v : {1e-300, 123456789.125, 0.07, -2.5e17}) {
    std::string out;
    AppendCopyRow(out, {v});
    out.pop_back();
    EXPECT_EQ(std::stod(out), v) << out;
  }
}

TEST(PgTextTest, ColumnCommentIsTheLabelWithTheUnit) {
  Column c{"andel_arbejdsstyrke", ColumnType::kNumber, ColumnRole::kValue, "pct",
           "Andel af arbejdsstyrken"};
  EXPECT_EQ(ColumnComment(c), "Andel af arbejdsstyrken (pct)");
  c.unit.clear();
  EXPECT_EQ(ColumnComment(c), "Andel af arbejdsstyrken");
  c.label.clear();
  EXPECT_EQ(ColumnComment(c), "andel_arbejdsstyrke");
}

TEST(PgTextTest, ConnectionsAreShownWithoutTheirPassword) {
  struct Case {
    std::string conninfo, shown;
  };
  const Case cases[] = {
      {"postgresql://anna:hemmelig-kode@db.example:5433/rapport?sslmode=require",
       "postgresql://anna@db.example:5433/rapport"},
      {"postgres://anna@db.example/rapport?password=hemmelig-kode",
       "postgresql://anna@db.example/rapport"},
      {"host=db.example user=anna password='hemmelig-kode' dbname=rapport",
       "postgresql://anna@db.example/rapport"},
      {"postgresql://%zz:hemmelig-kode@", "(connection string not understood)"},
  };
  for (const Case& c : cases) {
    std::string shown = DescribeConnection(c.conninfo);
    EXPECT_EQ(shown, c.shown);
    EXPECT_EQ(shown.find("hemmelig"), std::string::npos);
  }
  EXPECT_EQ(PasswordOf(cases[0].conninfo), "hemmelig-kode");
  EXPECT_EQ(PasswordOf(cases[2].conninfo), "hemmelig-kode");
  EXPECT_EQ(PasswordOf("postgresql://anna@db.example/rapport"), "");
}

TEST(PgTextTest, ScrubRemovesEveryCopyOfTheSecret) {
  EXPECT_EQ(Scrub("x hemmelig y hemmelig", "hemmelig"), "x *** y ***");
  EXPECT_EQ(Scrub("a b c", "a"), "a b c");  // too short to scrub
  EXPECT_EQ(Scrub("nothing here", ""), "nothing here");
}

}  // namespace
}  // namespace fremdrift::publish
