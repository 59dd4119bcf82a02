// Parsing a jobindsats API v2 data response (jobindsats_response.h).
#include "official/jobindsats_response.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <tuple>

#include "domain/area.h"

namespace fremdrift::official {
namespace {

using nlohmann::json;

std::string Shown(std::string_view text) {
  return std::string(text.substr(0, 60)) + (text.size() > 60 ? "..." : "");
}

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// jobindsats' spelling of a municipality where the reference table (DAWA) spells it otherwise.
constexpr std::pair<std::string_view, std::string_view> kAreaAliases[] = {
    {"Vesthimmerland", "Vesthimmerlands"},
    {"Nordfyn", "Nordfyns"},
    {"Landsplan", "Hele landet"},
    {"Hele Landet", "Hele landet"},
};

Result<std::string> AreaLabel(const Areas& areas, std::string_view name) {
  std::string_view wanted = name;
  for (const auto& [alias, ours] : kAreaAliases) {
    if (alias == name) wanted = ours;
  }
  if (!wanted.empty() && std::isdigit(static_cast<unsigned char>(wanted.front()))) {
    return NotFound("an area is named, not numbered");
  }
  ASSIGN_OR_RETURN(int id, areas.Find(wanted));
  if (id == areas.unknown_id()) return NotFound("not an area");
  return areas.Label(id);
}

bool IsTotal(std::string_view value) {
  std::string v = LowerAscii(value);
  return v == "i alt" || (v.size() > 6 && v.ends_with(" i alt"));
}

// A dimension cell as text.
std::optional<std::string> CellText(const json& cell) {
  if (cell.is_string()) return cell.get<std::string>();
  if (cell.is_number_integer()) return std::to_string(cell.get<std::int64_t>());
  return std::nullopt;
}

// Collects every string (keys included) of a JSON document, for the bad-key check.
bool AnyStringHasBadKey(const json& j) {
  if (j.is_string()) return IsBadKeyAnswer(j.get<std::string>());
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (IsBadKeyAnswer(it.key()) || AnyStringHasBadKey(it.value())) return true;
    }
  }
  if (j.is_array()) {
    for (const json& e : j) {
      if (AnyStringHasBadKey(e)) return true;
    }
  }
  return false;
}

Status BadKey(std::string_view source) {
  return PermissionDenied(
      "{}: jobindsats refused the key (\"{}\"): the key is wrong or has expired; ask "
      "jobindsats@star.dk for a new one and write it to the key file",
      source, kBadKeySentence);
}

enum class ColumnKind { kArea, kPeriod, kMeasure, kBreakdown };
struct ColumnInfo {
  ColumnKind kind;
  std::string label;
  std::string measure;  // kMeasure
};

}  // namespace

bool IsBadKeyAnswer(std::string_view text) {
  std::string lower = LowerAscii(text);
  // The capitals Æ, Ø, Å (UTF-8 C3 86, C3 98, C3 85) to their small letters.
  for (std::size_t i = 0; i + 1 < lower.size(); ++i) {
    if (lower[i] != '\xC3') continue;
    char& next = lower[i + 1];
    if (next == '\x86' || next == '\x98' || next == '\x85') next = static_cast<char>(next + 0x20);
  }
  // UTF-8, or the JSON escapes of ø (\u00f8) and å (\u00e5) as a document holds them raw.
  for (std::string_view needle :
       {std::string_view("forkert nøgle eller nøglen er udløbet"),
        std::string_view("forkert n\\u00f8gle eller n\\u00f8glen er udl\\u00f8bet")}) {
    if (lower.find(needle) != std::string::npos) return true;
  }
  return false;
}

Result<std::string> PeriodFromJobindsats(std::string_view text) {
  auto digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(),
                                     [](char c) { return c >= '0' && c <= '9'; });
  };
  auto bad = [&] {
    return InvalidArgument(
        "period '{}' is not a jobindsats period (YYYYMmm, YYYYQn, YYYYHn, YYYY or YYYYQMATnn)",
        Shown(text));
  };
  if (text.size() < 4 || !digits(text.substr(0, 4))) return bad();
  std::string year(text.substr(0, 4));
  std::string_view rest = text.substr(4);
  if (rest.empty()) return year;
  if (rest.size() == 3 && rest[0] == 'M' && digits(rest.substr(1))) {
    int m = (rest[1] - '0') * 10 + (rest[2] - '0');
    if (m < 1 || m > 12) return bad();
    return year + "-" + std::string(rest.substr(1));
  }
  if (rest.size() == 2 && rest[0] == 'Q' && rest[1] >= '1' && rest[1] <= '4') {
    return year + "-Q" + rest[1];
  }
  if (rest.size() == 2 && rest[0] == 'H' && (rest[1] == '1' || rest[1] == '2')) {
    return year + "-H" + rest[1];
  }
  if (rest.size() == 6 && rest.substr(0, 4) == "QMAT" && digits(rest.substr(4))) {
    int q = (rest[4] - '0') * 10 + (rest[5] - '0');
    if (q < 1 || q > 4) return bad();
    return std::string(text);
  }
  return bad();
}

Result<double> ParseNumberText(std::string_view text) {
  auto bad = [&] {
    return InvalidArgument("'{}' is not a number (1234, 1234.5 or 1.234,5)", Shown(text));
  };
  std::string s(text);
  while (!s.empty() && s.front() == ' ') s.erase(s.begin());
  while (!s.empty() && s.back() == ' ') s.pop_back();
  if (s.empty()) return bad();
  std::string plain;
  std::size_t start = s[0] == '-' ? 1 : 0;
  if (start == 1) plain = "-";
  std::string_view body = std::string_view(s).substr(start);
  if (body.empty()) return bad();
  if (body.find(',') != std::string_view::npos) {
    // Danish: '.' groups thousands (groups of three), ',' is the decimal comma.
    std::size_t comma = body.find(',');
    if (body.find(',', comma + 1) != std::string_view::npos) return bad();
    std::string_view whole = body.substr(0, comma), frac = body.substr(comma + 1);
    if (whole.empty() || frac.empty()) return bad();
    std::size_t group = 0;
    for (std::size_t i = 0; i < whole.size(); ++i) {
      char c = whole[whole.size() - 1 - i];
      if (c == '.') {
        if (group != 3) return bad();
        group = 0;
        continue;
      }
      if (c < '0' || c > '9') return bad();
      ++group;
    }
    if (group == 0) return bad();
    for (char c : whole) {
      if (c != '.') plain += c;
    }
    for (char c : frac) {
      if (c < '0' || c > '9') return bad();
    }
    plain += ".";
    plain += frac;
  } else {
    int dots = 0;
    for (char c : body) {
      if (c == '.') {
        ++dots;
      } else if (c < '0' || c > '9') {
        return bad();
      }
    }
    if (dots > 1 || body.front() == '.' || body.back() == '.') return bad();
    plain += body;
  }
  double value = 0;
  auto [p, ec] = std::from_chars(plain.data(), plain.data() + plain.size(), value);
  if (ec != std::errc() || p != plain.data() + plain.size() || !std::isfinite(value)) return bad();
  return value;
}

Result<std::vector<OfficialFigure>> ParseJobindsatsResponse(std::string_view text,
                                                            const JobindsatsTable& table,
                                                            std::string_view source,
                                                            const ReferenceData& reference) {
  if (IsBadKeyAnswer(text)) return BadKey(source);
  json doc = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    // Where it goes wrong: parse again with exceptions, caught here (the adapter).
    std::string where;
    try {
      (void)json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
      where = fmt::format(" (at byte {})", e.byte);
    } catch (const std::exception&) {
    }
    return InvalidArgument("{}: not a jobindsats response: not valid JSON{}", source, where);
  }
  if (AnyStringHasBadKey(doc)) return BadKey(source);
  std::vector<const json*> parts;
  if (doc.is_array()) {
    for (const json& e : doc) parts.push_back(&e);
  } else if (doc.is_object()) {
    parts.push_back(&doc);
  }
  if (parts.empty()) {
    return InvalidArgument(
        "{}: not a jobindsats response: expected a list of objects with \"Variables\" and "
        "\"Data\"",
        source);
  }
  const Areas areas(reference);
  const std::vector<MeasureColumn>& measures = MeasureColumns(table.kind);
  const std::vector<MeasureColumn>& other_measures = MeasureColumns(
      table.kind == TableKind::kBenefit ? TableKind::kBenchmark : TableKind::kBenefit);
  std::vector<OfficialFigure> out;
  // (period, area, group, breakdown, measure) → row, to refuse a figure given twice.
  std::map<std::tuple<std::string, std::string, std::string, std::string, std::string>, int> seen;
  int row_base = 0;
  for (std::size_t part_index = 0; part_index < parts.size(); ++part_index) {
    const json& part = *parts[part_index];
    std::string where = parts.size() > 1 ? fmt::format(" (element {})", part_index + 1) : "";
    if (!part.is_object() || !part.contains("Variables") || !part.contains("Data")) {
      return InvalidArgument(
          "{}{}: not a jobindsats response: expected an object with \"Variables\" and \"Data\"",
          source, where);
    }
    const json& variables = part["Variables"];
    const json& data = part["Data"];
    if (!variables.is_array() || !data.is_array()) {
      return InvalidArgument("{}{}: \"Variables\" and \"Data\" must be lists", source, where);
    }
    // A label that only the other kind of table has: the response of another table.
    auto matches = [](const MeasureColumn& m, std::string_view label) {
      std::string_view full = m.label;
      std::size_t colon = full.rfind(": ");
      return label == full ||
             (colon != std::string_view::npos && label == full.substr(colon + 2));
    };
    for (const json& v : variables) {
      if (!v.is_object() || !v.contains("Label") || !v["Label"].is_string()) continue;
      const std::string label = v["Label"].get<std::string>();
      bool own = std::any_of(measures.begin(), measures.end(),
                             [&](const MeasureColumn& m) { return matches(m, label); });
      bool other = std::any_of(other_measures.begin(), other_measures.end(),
                               [&](const MeasureColumn& m) { return matches(m, label); });
      if (other && !own) {
        return InvalidArgument(
            "{}{}: column '{}' belongs to a {} table, not to {}: is this the response for "
            "another table?",
            source, where, Shown(label),
            table.kind == TableKind::kBenefit ? "benchmark (Y30R21)" : "benefit", table.id);
      }
    }
    std::vector<ColumnInfo> columns;
    std::vector<std::string> labels;
    for (std::size_t i = 0; i < variables.size(); ++i) {
      const json& v = variables[i];
      if (!v.is_object() || !v.contains("Label") || !v["Label"].is_string()) {
        return InvalidArgument("{}{}: variable {} has no \"Label\"", source, where, i + 1);
      }
      std::string label = v["Label"].get<std::string>();
      labels.push_back(label);
      ColumnInfo info{ColumnKind::kBreakdown, label, ""};
      if (label == "Area" || label == "Område") {
        info.kind = ColumnKind::kArea;
      } else if (label == "Periode" || label == "Period") {
        info.kind = ColumnKind::kPeriod;
      } else {
        bool known = false;
        for (const MeasureColumn& m : measures) {
          // The benchmark's labels also come short: the part after "...: ".
          std::string_view full = m.label;
          std::size_t colon = full.rfind(": ");
          std::string_view short_label =
              colon == std::string_view::npos ? full : full.substr(colon + 2);
          if (label == full || label == short_label) {
            info.kind = ColumnKind::kMeasure;
            info.measure = std::string(m.id);
            known = true;
          }
        }
        if (!known && std::find(table.breakdowns.begin(), table.breakdowns.end(), label) ==
                          table.breakdowns.end()) {
          return InvalidArgument("{}{}: column {} '{}' is not a column of table {}", source,
                                 where, i + 1, Shown(label), table.id);
        }
      }
      columns.push_back(std::move(info));
    }
    auto has = [&](ColumnKind kind) {
      return std::any_of(columns.begin(), columns.end(),
                         [&](const ColumnInfo& c) { return c.kind == kind; });
    };
    std::string all_labels;
    for (const auto& l : labels) all_labels += (all_labels.empty() ? "'" : ", '") + l + "'";
    if (!has(ColumnKind::kArea)) {
      return InvalidArgument("{}{}: no column 'Area' (or 'Område'); the columns are {}", source,
                             where, all_labels);
    }
    if (!has(ColumnKind::kPeriod)) {
      return InvalidArgument("{}{}: no column 'Periode'; the columns are {}", source, where,
                             all_labels);
    }
    for (const MeasureColumn& m : measures) {
      if (!m.required) continue;
      bool found = std::any_of(columns.begin(), columns.end(), [&](const ColumnInfo& c) {
        return c.kind == ColumnKind::kMeasure && c.measure == m.id;
      });
      if (!found) {
        return InvalidArgument("{}{}: no column '{}' (table {}); the columns are {}", source,
                               where, m.label, table.id, all_labels);
      }
    }
    if (table.kind == TableKind::kBenchmark &&
        std::none_of(columns.begin(), columns.end(),
                     [](const ColumnInfo& c) { return c.label == "Ydelsesgrupper"; })) {
      return InvalidArgument("{}{}: no column 'Ydelsesgrupper' (table {}); the columns are {}",
                             source, where, table.id, all_labels);
    }
    for (std::size_t r = 0; r < data.size(); ++r) {
      const int row = row_base + static_cast<int>(r) + 1;
      const json& values = data[r];
      if (!values.is_array() || values.size() != columns.size()) {
        return InvalidArgument("{}: row {}: {} values where the Variables name {} columns", source,
                               row, values.is_array() ? values.size() : 1, columns.size());
      }
      OfficialFigure base;
      base.table = std::string(table.id);
      base.ydelsesgruppe = std::string(table.ydelsesgruppe);
      base.row = row;
      std::vector<std::pair<std::string, double>> figures;
      for (std::size_t c = 0; c < columns.size(); ++c) {
        const ColumnInfo& col = columns[c];
        const json& cell = values[c];
        auto at = [&] { return fmt::format("{}: row {}, column '{}'", source, row, col.label); };
        if (col.kind == ColumnKind::kMeasure) {
          if (cell.is_null()) continue;  // not published
          if (cell.is_number()) {
            double v = cell.get<double>();
            if (!std::isfinite(v)) return InvalidArgument("{}: not a finite number", at());
            figures.emplace_back(col.measure, v);
            continue;
          }
          if (cell.is_string()) {
            std::string s = cell.get<std::string>();
            if (s.empty() || s == ".." || s == "-") continue;  // not published / suppressed
            auto v = ParseNumberText(s);
            if (!v.ok()) return InvalidArgument("{}: {}", at(), v.status().message());
            figures.emplace_back(col.measure, *v);
            continue;
          }
          return InvalidArgument("{}: a number was expected", at());
        }
        std::optional<std::string> t = CellText(cell);
        if (!t) return InvalidArgument("{}: text was expected", at());
        if (col.kind == ColumnKind::kArea) {
          auto label = AreaLabel(areas, *t);
          if (!label.ok()) {
            return InvalidArgument(
                "{}: '{}' is not a municipality, RAR area, region or 'Hele landet' of the "
                "reference data",
                at(), Shown(*t));
          }
          base.area = *label;
          base.area_official = *t;
        } else if (col.kind == ColumnKind::kPeriod) {
          auto p = PeriodFromJobindsats(*t);
          if (!p.ok()) return InvalidArgument("{}: {}", at(), p.status().message());
          base.period = *p;
          base.period_official = *t;
        } else if (table.kind == TableKind::kBenchmark && col.label == "Ydelsesgrupper") {
          std::string_view g = BenchmarkGroup(*t);
          if (g.empty()) {
            return InvalidArgument(
                "{}: '{}' is not a benchmark group (Ydelsesgrupper i alt, A-dagpenge mv., "
                "Sygedagpenge mv., Kontanthjælp mv.)",
                at(), Shown(*t));
          }
          base.ydelsesgruppe = std::string(g);
        } else if (!IsTotal(*t)) {
          base.breakdown += (base.breakdown.empty() ? "" : "; ") + col.label + "=" + *t;
        }
      }
      for (auto& [measure, value] : figures) {
        OfficialFigure f = base;
        f.measure = measure;
        f.value = value;
        auto key = std::make_tuple(f.period, f.area, f.ydelsesgruppe, f.breakdown, f.measure);
        auto [it, inserted] = seen.emplace(key, row);
        if (!inserted) {
          return InvalidArgument("{}: row {} repeats the figure of row {} ({} {} {})", source, row,
                                 it->second, f.area_official, f.period_official, f.measure);
        }
        out.push_back(std::move(f));
      }
    }
    row_base += static_cast<int>(data.size());
  }
  return out;
}

}  // namespace fremdrift::official
