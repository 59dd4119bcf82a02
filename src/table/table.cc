// Table (see table.h).
#include "table/table.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace fremdrift {

std::string_view NoteKindName(NoteKind kind) {
  switch (kind) {
    case NoteKind::kInfo:
      return "info";
    case NoteKind::kRule:
      return "rule";
    case NoteKind::kPreliminary:
      return "preliminary";
    case NoteKind::kPartialCoverage:
      return "partial_coverage";
    case NoteKind::kSubstitution:
      return "substitution";
    case NoteKind::kHorizon:
      return "horizon";
    case NoteKind::kMissingData:
      return "missing_data";
  }
  return "info";
}

std::string HorizonNoteText(std::string_view iso_day) {
  return fmt::format("Opgjort til og med {}.", iso_day);
}

Result<NoteKind> ParseNoteKind(std::string_view name) {
  for (NoteKind k : {NoteKind::kInfo, NoteKind::kRule, NoteKind::kPreliminary,
                     NoteKind::kPartialCoverage, NoteKind::kSubstitution, NoteKind::kHorizon,
                     NoteKind::kMissingData}) {
    if (NoteKindName(k) == name) return k;
  }
  return InvalidArgument("'{}' is not a note kind", name.substr(0, 40));
}

int Table::ColumnIndex(std::string_view name) const {
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

namespace {
int CompareCells(const Cell& a, const Cell& b) {
  if (a.index() != b.index()) return a.index() < b.index() ? -1 : 1;
  if (const auto* s = std::get_if<std::string>(&a)) {
    return s->compare(std::get<std::string>(b));
  }
  double x = CellToDouble(a), y = CellToDouble(b);
  if (std::isnan(x) || std::isnan(y)) return 0;
  return x < y ? -1 : (x > y ? 1 : 0);
}
}  // namespace

void Table::SortBy(const std::vector<std::string>& column_names) {
  std::vector<int> idx;
  for (const auto& n : column_names) {
    int i = ColumnIndex(n);
    if (i >= 0) idx.push_back(i);
  }
  std::stable_sort(rows_.begin(), rows_.end(), [&](const auto& a, const auto& b) {
    for (int i : idx) {
      int c = CompareCells(a[i], b[i]);
      if (c != 0) return c < 0;
    }
    return false;
  });
}

std::string CellToString(const Cell& cell, int decimals) {
  struct Visitor {
    int decimals;
    std::string operator()(std::monostate) const { return ""; }
    std::string operator()(std::int64_t v) const { return fmt::format("{}", v); }
    std::string operator()(double v) const {
      if (std::isnan(v)) return "";
      if (decimals >= 0) return fmt::format("{:.{}f}", v, decimals);
      return fmt::format("{}", v);  // shortest round-trip form
    }
    std::string operator()(const std::string& v) const { return v; }
  };
  return std::visit(Visitor{decimals}, cell);
}

double CellToDouble(const Cell& cell) {
  if (const auto* i = std::get_if<std::int64_t>(&cell)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&cell)) return *d;
  return std::numeric_limits<double>::quiet_NaN();
}

}  // namespace fremdrift
