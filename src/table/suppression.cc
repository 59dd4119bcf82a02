// Discretion of small numbers (see suppression.h).
#include "table/suppression.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "domain/reference.h"

namespace fremdrift {
namespace {

bool Numeric(const Column& c) { return c.type != ColumnType::kString; }

// The value of a numeric cell, NaN when missing or text.
double ValueOf(const Cell& cell) { return CellToDouble(cell); }

// Under the threshold: 0 < v < min (0 persons reveal no one and are shown).
bool Small(double v, int min_persons) {
  return !std::isnan(v) && v > 0 && v < static_cast<double>(min_persons);
}

std::string Join(const std::vector<Cell>& row, const std::vector<int>& cols) {
  std::string key;
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (i) key.push_back('\t');
    key += CellToString(row[static_cast<std::size_t>(cols[i])]);
  }
  return key;
}

// One line's groups: for each (other dimensions, margin key) the part rows and the margin row.
struct Group {
  std::vector<std::size_t> parts;
  std::optional<std::size_t> margin;
};

std::map<std::string, Group> GroupsOf(const Table& t, const SuppressionLine& line) {
  std::map<std::string, Group> groups;
  std::vector<int> part_cols, other_cols;
  for (const auto& name : line.part_columns) {
    int c = t.ColumnIndex(name);
    if (c < 0) return groups;  // the table has not this line's columns
    part_cols.push_back(c);
  }
  for (std::size_t c = 0; c < t.columns().size(); ++c) {
    const Column& col = t.columns()[c];
    if (col.role != ColumnRole::kDimension) continue;
    if (std::find(part_cols.begin(), part_cols.end(), static_cast<int>(c)) != part_cols.end()) {
      continue;
    }
    other_cols.push_back(static_cast<int>(c));
  }
  // Margin rows by (other dimensions, own part key).
  std::map<std::string, std::size_t> rows_by_key;
  for (std::size_t r = 0; r < t.rows().size(); ++r) {
    const auto& row = t.rows()[r];
    rows_by_key.emplace(Join(row, other_cols) + '\n' + Join(row, part_cols), r);
  }
  for (std::size_t r = 0; r < t.rows().size(); ++r) {
    const auto& row = t.rows()[r];
    std::optional<std::string> margin = line.margin_of(Join(row, part_cols));
    if (!margin) continue;
    const std::string key = Join(row, other_cols) + '\n' + *margin;
    Group& g = groups[key];
    g.parts.push_back(r);
    if (!g.margin) {
      auto it = rows_by_key.find(key);
      if (it != rows_by_key.end() && it->second != r) g.margin = it->second;
    }
  }
  return groups;
}

}  // namespace

SuppressionRole RoleOfColumn(const Column& c) {
  if (c.role != ColumnRole::kValue || !Numeric(c)) return SuppressionRole::kNone;
  if (c.unit == "personer" || c.unit == "forløb") return SuppressionRole::kCount;
  if (c.unit == "fuldtidspersoner") return SuppressionRole::kFullTime;
  if (c.unit == "kr.") return SuppressionRole::kNone;
  return SuppressionRole::kDerived;
}

SuppressionSpec StandardSuppressionSpec(const Table& t, int min_persons,
                                        const ReferenceData* ref) {
  SuppressionSpec spec;
  spec.min_persons = min_persons;
  // Benefit groups under offentlig forsørgelse (its full-time persons are their sum; its persons
  // count each person once, so the difference bounds a group's persons).
  if (t.ColumnIndex("ydelsesgruppe") >= 0) {
    std::set<std::string> members;
    if (ref != nullptr) {
      for (const auto& g : ref->groups()) {
        if (g.offentlig_forsoergelse) members.insert(g.id);
      }
    }
    spec.lines.push_back({{"ydelsesgruppe"}, [members](const std::string& g)
                                                 -> std::optional<std::string> {
                            if (g == "offentlig_forsoergelse") return std::nullopt;
                            if (!members.empty() && !members.count(g)) return std::nullopt;
                            return std::string("offentlig_forsoergelse");
                          }});
  }
  // Breakdowns: each dimension's categories add up to its "i_alt" row. The register
  // measurements' breakdowns (--by) name the total's category "i_alt" too; the ressourceforløb
  // table leaves it empty.
  const int dim_col = t.ColumnIndex("dimension"), kat_col = t.ColumnIndex("kategori");
  if (dim_col >= 0 && kat_col >= 0) {
    const bool named_total = std::any_of(t.rows().begin(), t.rows().end(), [&](const auto& r) {
      return CellToString(r[dim_col]) == "i_alt" && CellToString(r[kat_col]) == "i_alt";
    });
    const std::string margin = named_total ? "i_alt\ti_alt" : "i_alt\t";
    spec.lines.push_back({{"dimension", "kategori"},
                          [margin](const std::string& k) -> std::optional<std::string> {
                            if (k.rfind("i_alt\t", 0) == 0) return std::nullopt;
                            return margin;
                          }});
  }
  // Areas: municipalities under their RAR area and region, those and `ukendt` under the country.
  for (const char* area_col : {"omraade", "kommune"}) {
    if (t.ColumnIndex(area_col) < 0 || ref == nullptr) continue;
    std::map<std::string, std::pair<std::string, std::string>> up;  // code -> (RAR, region)
    std::set<std::string> rars, regions;
    for (const auto& m : ref->municipalities()) {
      std::string rar = m.rar >= 0 ? ref->rar_names()[m.rar] : "";
      std::string region = m.region >= 0 ? ref->region_names()[m.region] : "";
      up[fmt::format("{:03d}", m.code)] = {rar, region};
      rars.insert(rar);
      regions.insert(region);
    }
    for (int level : {0, 1}) {
      spec.lines.push_back(
          {{area_col}, [up, level](const std::string& a) -> std::optional<std::string> {
             auto it = up.find(a);
             if (it == up.end()) return std::nullopt;
             const std::string& m = level == 0 ? it->second.first : it->second.second;
             if (m.empty()) return std::nullopt;
             return m;
           }});
    }
    for (const auto* set : {&rars, &regions}) {
      spec.lines.push_back({{area_col}, [names = *set](const std::string& a)
                                            -> std::optional<std::string> {
                              if (a == "ukendt" || names.count(a)) {
                                return std::string("Hele landet");
                              }
                              return std::nullopt;
                            }});
    }
    spec.lines.push_back({{area_col}, [up](const std::string& a) -> std::optional<std::string> {
                            if (a == "ukendt" || up.count(a)) return std::string("Hele landet");
                            return std::nullopt;
                          }});
  }
  return spec;
}

SuppressionResult SuppressSmallNumbers(const Table& t, const SuppressionSpec& spec) {
  SuppressionResult out;
  out.table = t;
  const auto& cols = t.columns();
  const auto& rows = t.rows();
  out.suppressed.assign(rows.size(), std::vector<bool>(cols.size(), false));
  if (spec.min_persons <= 1) return out;

  std::vector<SuppressionRole> role(cols.size());
  for (std::size_t c = 0; c < cols.size(); ++c) role[c] = RoleOfColumn(cols[c]);
  const int persons = t.ColumnIndex("personer");
  const bool has_persons = persons >= 0 && role[persons] == SuppressionRole::kCount;
  // The columns held to the threshold and to the lines: counts, and full-time persons without a
  // persons column beside them (fewer than 5 full-time persons may be fewer than 5 persons).
  std::vector<std::size_t> held;
  for (std::size_t c = 0; c < cols.size(); ++c) {
    if (role[c] == SuppressionRole::kCount ||
        (role[c] == SuppressionRole::kFullTime && !has_persons)) {
      held.push_back(c);
    }
  }
  auto& sup = out.suppressed;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c : held) {
      if (c < rows[r].size() && Small(ValueOf(rows[r][c]), spec.min_persons)) {
        sup[r][c] = true;
        ++out.primary;
      }
    }
  }
  // A table whose unit is the row's (an `enhed` column, as the committee comparison has): its
  // numeric value columns without a unit of their own count in the row's unit, so a row of
  // full-time persons holds each of them to the threshold. A change (`aendring`) or difference
  // (`forskel`) of such figures follows them, as a share does.
  // The reconciliation with jobindsats (`maal`) names each row's measure the same way.
  const int enhed = t.ColumnIndex("enhed") >= 0 ? t.ColumnIndex("enhed") : t.ColumnIndex("maal");
  std::vector<std::size_t> row_unit;  // the columns that take the row's unit
  if (enhed >= 0) {
    for (std::size_t c = 0; c < cols.size(); ++c) {
      if (role[c] == SuppressionRole::kDerived && cols[c].unit.empty() &&
          cols[c].name != "aendring" && cols[c].name != "forskel") {
        row_unit.push_back(c);
      }
    }
  }
  std::vector<bool> row_held(rows.size(), false);  // rows whose own unit holds `row_unit`
  for (std::size_t r = 0; r < rows.size() && !row_unit.empty(); ++r) {
    Column as_unit;
    as_unit.type = ColumnType::kNumber;
    as_unit.role = ColumnRole::kValue;
    as_unit.unit = static_cast<std::size_t>(enhed) < rows[r].size()
                       ? CellToString(rows[r][static_cast<std::size_t>(enhed)])
                       : "";
    const SuppressionRole rr = RoleOfColumn(as_unit);
    if (rr != SuppressionRole::kCount && rr != SuppressionRole::kFullTime) continue;
    row_held[r] = true;
    for (std::size_t c : row_unit) {
      if (c < rows[r].size() && Small(ValueOf(rows[r][c]), spec.min_persons)) {
        sup[r][c] = true;
        ++out.primary;
      }
    }
  }

  // Complementary suppression: in a line with a shown margin, one hidden part would be the margin
  // minus the others; hide the next-smallest part too (a non-zero one first), or the margin when
  // there is no other part. Repeated until no line changes (a cell hidden for one line can leave
  // another line with one hidden part).
  std::vector<std::map<std::string, Group>> groups;
  for (const auto& line : spec.lines) groups.push_back(GroupsOf(t, line));
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& line_groups : groups) {
      for (const auto& [key, g] : line_groups) {
        if (!g.margin) continue;
        for (std::size_t c : held) {
          if (sup[*g.margin][c]) continue;
          int hidden = 0;
          for (std::size_t r : g.parts) hidden += sup[r][c] ? 1 : 0;
          if (hidden != 1) continue;
          std::optional<std::size_t> pick;
          auto better = [&](std::size_t r) {
            if (!pick) return true;
            double a = ValueOf(rows[r][c]), b = ValueOf(rows[*pick][c]);
            if (std::isnan(a)) a = std::numeric_limits<double>::infinity();
            if (std::isnan(b)) b = std::numeric_limits<double>::infinity();
            const bool az = a == 0, bz = b == 0;
            if (az != bz) return bz;  // a non-zero cell before a zero
            return a < b;
          };
          for (std::size_t r : g.parts) {
            if (!sup[r][c] && better(r)) pick = r;
          }
          sup[pick ? *pick : *g.margin][c] = true;
          ++out.secondary;
          changed = true;
        }
      }
    }
  }

  // The row's full-time persons follow its persons; shares and averages follow any hidden count.
  for (std::size_t r = 0; r < rows.size(); ++r) {
    bool any = false;
    for (std::size_t c : held) any = any || sup[r][c];
    if (row_held[r]) {
      for (std::size_t c : row_unit) any = any || sup[r][c];
    }
    for (std::size_t c = 0; c < cols.size(); ++c) {
      bool hide = false;
      if (role[c] == SuppressionRole::kFullTime && has_persons) hide = sup[r][persons];
      if (hide && !sup[r][c]) {
        sup[r][c] = true;
        ++out.secondary;
        any = true;
      }
    }
    if (!any) continue;
    for (std::size_t c = 0; c < cols.size(); ++c) {
      // A count in the row's unit stands on its own (it is held to the threshold above).
      if (row_held[r] && std::find(row_unit.begin(), row_unit.end(), c) != row_unit.end()) {
        continue;
      }
      if (role[c] == SuppressionRole::kDerived && !sup[r][c] && c < rows[r].size() &&
          !std::holds_alternative<std::monostate>(rows[r][c])) {
        sup[r][c] = true;
        ++out.secondary;
      }
    }
    // The row's committee sentences (`tekst`, `tal_tekst`) are written with its figures.
    for (const char* name : {"tekst", "tal_tekst"}) {
      const int c = t.ColumnIndex(name);
      if (enhed >= 0 && c >= 0 && static_cast<std::size_t>(c) < rows[r].size() &&
          !sup[r][static_cast<std::size_t>(c)] &&
          !std::holds_alternative<std::monostate>(rows[r][static_cast<std::size_t>(c)])) {
        sup[r][static_cast<std::size_t>(c)] = true;
        ++out.secondary;
      }
    }
  }
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < cols.size() && c < rows[r].size(); ++c) {
      if (sup[r][c]) out.table.mutable_rows()[r][c] = Cell();
    }
  }
  return out;
}

Table SuppressForPublication(const Table& t, const SuppressionSpec& spec, SuppressedCell how) {
  SuppressionResult s = SuppressSmallNumbers(t, spec);
  if (!s.any()) return std::move(s.table);
  if (how == SuppressedCell::kMarked) {
    const std::string mark = SuppressedText(spec.min_persons);
    for (std::size_t r = 0; r < s.suppressed.size(); ++r) {
      for (std::size_t c = 0; c < s.suppressed[r].size(); ++c) {
        if (s.suppressed[r][c]) s.table.mutable_rows()[r][c] = mark;
      }
    }
  }
  s.table.AddNote(SuppressionNote(spec.min_persons), NoteKind::kInfo);
  return std::move(s.table);
}

std::string SuppressedText(int min_persons) { return fmt::format("<{}", min_persons); }

bool IsSuppressedMarker(const Cell& cell) {
  const auto* s = std::get_if<std::string>(&cell);
  if (s == nullptr || s->size() < 2 || (*s)[0] != '<') return false;
  return std::all_of(s->begin() + 1, s->end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string SuppressionNote(int min_persons) {
  return fmt::format(
      "Tal under {0} personer er ikke vist (de står som {1} eller som tom celle), og heller ikke "
      "tal, som de kunne regnes ud fra: andre tal i samme opgørelse med en total, andele og "
      "fuldtidspersoner.",
      min_persons, SuppressedText(min_persons));
}

std::string FewerThanText(int min_persons) {
  return fmt::format("færre end {} personer", min_persons);
}

}  // namespace fremdrift
