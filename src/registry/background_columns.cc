// Background columns kept in the spell store (see background_columns.h).
#include "registry/background_columns.h"

#include <algorithm>
#include <numeric>

#include "domain/cpr.h"
#include "registry/herkomst.h"

namespace fremdrift {

Status CheckKeepColumnName(std::string_view name, std::string_view id_column) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  std::string id(id_column);
  for (char& c : id) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (lower == "cpr" || lower == "pnr" || lower == "lobenr" || lower == "id" ||
      (!id.empty() && lower == id)) {
    return InvalidArgument(
        "--keep-column {}: a person id column is never kept in the store (CPR numbers are "
        "replaced by keyed pseudonyms)",
        name);
  }
  if (lower == "koen" || lower == "kon" || lower == "alder" || lower == "visitation" ||
      lower == "i_alt" || lower == "kommune") {
    return InvalidArgument(
        "--keep-column {}: the store has this already (sex, age and visitation come from the "
        "register's own columns)",
        name);
  }
  if (lower.empty() || lower.size() > 64 ||
      !std::all_of(lower.begin(), lower.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      })) {
    return InvalidArgument(
        "--keep-column '{}': a column name of at most 64 letters (a-z), digits and '_'",
        name.size() > 64 ? name.substr(0, 64) : name);
  }
  return Status::Ok();
}

int AttributeCode(AttributeColumn& column, std::string_view value) {
  if (value.empty()) return 0;
  for (std::size_t i = 0; i < column.values.size(); ++i) {
    if (column.values[i] == value) return static_cast<int>(i + 1);
  }
  if (column.values.size() >= kMaxKeptValues) return -1;
  column.values.emplace_back(value);
  return static_cast<int>(column.values.size());
}

std::string CheckKeptValue(std::string_view value) {
  if (value.size() > kMaxKeptValueBytes) {
    return fmt::format("is longer than {} characters: not a background category",
                       kMaxKeptValueBytes);
  }
  if (ContainsCprShape(value)) return "looks like a CPR number: it is never kept in the store";
  return {};
}

Status AppendAttributes(std::vector<AttributeColumn>& all, std::size_t all_persons,
                        const std::vector<AttributeColumn>& more, std::size_t more_persons) {
  for (const AttributeColumn& m : more) {
    auto it = std::find_if(all.begin(), all.end(),
                           [&](const AttributeColumn& a) { return a.name == m.name; });
    if (it == all.end()) {
      all.push_back({m.name, {}, std::vector<std::uint8_t>(all_persons, 0)});
      it = all.end() - 1;
    }
    std::vector<std::uint8_t> recode(m.values.size() + 1, 0);
    for (std::size_t v = 0; v < m.values.size(); ++v) {
      const int c = AttributeCode(*it, m.values[v]);
      if (c < 0) {
        return FailedPrecondition(
            "column '{}' has more than {} different values: too many to keep as a background "
            "column",
            m.name, kMaxKeptValues);
      }
      recode[v + 1] = static_cast<std::uint8_t>(c);
    }
    for (std::uint8_t c : m.codes) it->codes.push_back(recode[c < recode.size() ? c : 0]);
  }
  for (AttributeColumn& a : all) {
    if (a.codes.size() < all_persons + more_persons) a.codes.resize(all_persons + more_persons, 0);
  }
  return Status::Ok();
}

void SortAttributeValues(std::vector<AttributeColumn>& columns) {
  for (AttributeColumn& a : columns) {
    if (a.name == kHerkomstColumn) continue;
    std::vector<std::size_t> order(a.values.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t x, std::size_t y) { return a.values[x] < a.values[y]; });
    std::vector<std::uint8_t> recode(a.values.size() + 1, 0);
    std::vector<std::string> values;
    for (std::size_t k = 0; k < order.size(); ++k) {
      recode[order[k] + 1] = static_cast<std::uint8_t>(k + 1);
      values.push_back(std::move(a.values[order[k]]));
    }
    a.values = std::move(values);
    for (std::uint8_t& c : a.codes) c = recode[c < recode.size() ? c : 0];
  }
}

}  // namespace fremdrift
