// Table: the one result type of every measurement (the results contract, docs/formats/table.md).
// Named dimension columns (periode, omraade, ydelsesgruppe, ...) and value columns
// (fuldtidspersoner, personer, andel, ...), each with a type and a unit, column names from one
// vocabulary (table/vocabulary.h), plus Danish notes, each of a kind. CSV, JSON, XLSX, HTML, charts
// and committee texts are renderings of a Table. Thread-safety: a value type; not synchronised.
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

// What a note tells the reader (docs/formats/table.md). The JSON names are the snake_case forms.
enum class NoteKind {
  kInfo,             // "info": how the figures are counted, definitions, the data's date
  kRule,             // "rule": a rule or model the figures apply, with its (legal) source
  kPreliminary,      // "preliminary": some figures are incomplete and may still change
  kPartialCoverage,  // "partial_coverage": an area's figures cover only part of it
  kSubstitution,     // "substitution": data of another year (or source) stands in
  kHorizon,          // "horizon": the day up to which the data hold events ("Opgjort til og med
                     // YYYY-MM-DD."); nothing after it is judged or shown
  kMissingData,      // "missing_data": the input lacks what a figure needs (e.g. an extract
                     // without employment columns); those cells are empty, never 0
};
std::string_view NoteKindName(NoteKind kind);
// The text of a horizon note: "Opgjort til og med 2019-12-31." (`iso_day` is "YYYY-MM-DD").
std::string HorizonNoteText(std::string_view iso_day);
Result<NoteKind> ParseNoteKind(std::string_view name);

struct Note {
  NoteKind kind = NoteKind::kInfo;
  std::string text;  // Danish, one or more sentences
  bool operator==(const Note&) const = default;
};

class Table {
 public:
  Table() = default;
  explicit Table(std::vector<Column> columns) : columns_(std::move(columns)) {}

  const std::vector<Column>& columns() const { return columns_; }
  const std::vector<std::vector<Cell>>& rows() const { return rows_; }
  std::vector<std::vector<Cell>>& mutable_rows() { return rows_; }
  // The notes' texts in order, and their kinds (the same length; JSON writes both so).
  const std::vector<std::string>& notes() const { return notes_; }
  const std::vector<NoteKind>& note_kinds() const { return note_kinds_; }
  std::string title;  // Danish title for documents, e.g. "Fuldtidspersoner pr. ydelsesgruppe"

  // Index of a column by name, or -1.
  int ColumnIndex(std::string_view name) const;
  void AddRow(std::vector<Cell> row) { rows_.push_back(std::move(row)); }
  void AddNote(std::string text, NoteKind kind = NoteKind::kInfo) {
    notes_.push_back(std::move(text));
    note_kinds_.push_back(kind);
  }
  void AddNote(Note note) { AddNote(std::move(note.text), note.kind); }
  // Note i (0 <= i < notes().size()) with its kind.
  Note note(std::size_t i) const { return {note_kinds_[i], notes_[i]}; }
  // Sorts rows by the given columns, ascending (strings lexicographic, numbers numeric).
  void SortBy(const std::vector<std::string>& column_names);

 private:
  std::vector<Column> columns_;
  std::vector<std::vector<Cell>> rows_;
  std::vector<std::string> notes_;
  std::vector<NoteKind> note_kinds_;  // parallel to notes_
};

// Cell helpers.
std::string CellToString(const Cell& cell, int decimals = -1);  // plain, '.' decimal point
double CellToDouble(const Cell& cell);                          // NaN when missing or a string

}  // namespace fremdrift
