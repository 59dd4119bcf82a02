// Table: the one result type of every measurement. Named dimension columns (period, area, group,
// ...) and value columns (fuldtidspersoner, personer, share, ...), each with a type and a unit,
// plus free-text notes. CSV, JSON, XLSX, HTML, charts and committee texts are renderings of a
// Table. Thread-safety: a value type; not synchronised.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/status.h"

namespace fremdrift {

enum class ColumnType { kString, kInteger, kNumber };
enum class ColumnRole { kDimension, kValue };

struct Column {
  std::string name;  // machine name, snake_case Danish domain term ("fuldtidspersoner")
  ColumnType type = ColumnType::kString;
  ColumnRole role = ColumnRole::kDimension;
  std::string unit;   // "personer", "pct", "uger", "kr." or empty
  std::string label;  // Danish display label ("Fuldtidspersoner"); falls back to name
  int decimals = -1;  // digits to show; -1 = full precision
};

// A missing cell (no value: e.g. a share whose denominator is unknown) is std::monostate.
using Cell = std::variant<std::monostate, std::int64_t, double, std::string>;

class Table {
 public:
  Table() = default;
  explicit Table(std::vector<Column> columns) : columns_(std::move(columns)) {}

  const std::vector<Column>& columns() const { return columns_; }
  const std::vector<std::vector<Cell>>& rows() const { return rows_; }
  std::vector<std::vector<Cell>>& mutable_rows() { return rows_; }
  const std::vector<std::string>& notes() const { return notes_; }
  std::string title;  // Danish title for documents, e.g. "Fuldtidspersoner pr. ydelsesgruppe"

  // Index of a column by name, or -1.
  int ColumnIndex(std::string_view name) const;
  void AddRow(std::vector<Cell> row) { rows_.push_back(std::move(row)); }
  void AddNote(std::string note) { notes_.push_back(std::move(note)); }
  // Sorts rows by the given columns, ascending (strings lexicographic, numbers numeric).
  void SortBy(const std::vector<std::string>& column_names);

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<Cell>> rows_;
  std::vector<std::string> notes_;
};

// Cell helpers.
std::string CellToString(const Cell& cell, int decimals = -1);  // plain, '.' decimal point
double CellToDouble(const Cell& cell);                          // NaN when missing or a string

}  // namespace fremdrift
