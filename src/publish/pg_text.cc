// Types, COPY rows, comments and printable connections for publish (pg_text.h).
#include "publish/pg_text.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <cmath>
#include <map>
#include <variant>

namespace fremdrift::publish {
namespace {

void AppendEscaped(std::string& out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\0':
        break;  // text cannot hold NUL
      default:
        out += c;
    }
  }
}

// The options libpq reads from `conninfo` (URL or key=value), or empty when it cannot parse it.
std::map<std::string, std::string> ParseConninfo(const std::string& conninfo) {
  std::map<std::string, std::string> out;
  char* err = nullptr;
  PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &err);
  if (err != nullptr) PQfreemem(err);  // may quote parts of the string: never shown
  if (opts == nullptr) return out;
  for (PQconninfoOption* o = opts; o->keyword != nullptr; ++o) {
    if (o->val != nullptr && *o->val != '\0') out[o->keyword] = o->val;
  }
  PQconninfoFree(opts);
  out.emplace("", "");  // parsed (possibly with no option at all)
  return out;
}

}  // namespace

std::string_view SqlType(ColumnType type) {
  switch (type) {
    case ColumnType::kString:
      return "text";
    case ColumnType::kInteger:
      return "bigint";
    case ColumnType::kNumber:
      return "double precision";
  }
  return "text";
}

void AppendCopyRow(std::string& out, const std::vector<Cell>& row) {
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (i > 0) out += '\t';
    const Cell& cell = row[i];
    if (std::holds_alternative<std::monostate>(cell)) {
      out += "\\N";
    } else if (const auto* n = std::get_if<std::int64_t>(&cell)) {
      out += fmt::format("{}", *n);
    } else if (const auto* d = std::get_if<double>(&cell)) {
      if (std::isnan(*d)) {
        out += "\\N";
      } else if (std::isinf(*d)) {
        out += *d > 0 ? "Infinity" : "-Infinity";
      } else {
        out += fmt::format("{}", *d);
      }
    } else {
      AppendEscaped(out, std::get<std::string>(cell));
    }
  }
  out += '\n';
}

std::string ColumnComment(const Column& column) {
  std::string out = column.label.empty() ? column.name : column.label;
  if (!column.unit.empty()) out += " (" + column.unit + ")";
  return out;
}

std::string DescribeConnection(const std::string& conninfo) {
  auto opts = ParseConninfo(conninfo);
  if (opts.empty()) return "(connection string not understood)";
  auto get = [&](const char* key) {
    auto it = opts.find(key);
    return it == opts.end() ? std::string() : it->second;
  };
  std::string out = "postgresql://";
  if (!get("user").empty()) out += get("user") + "@";
  out +=
      get("host").empty() ? (get("hostaddr").empty() ? "localhost" : get("hostaddr")) : get("host");
  if (!get("port").empty()) out += ":" + get("port");
  if (!get("dbname").empty()) out += "/" + get("dbname");
  return out;
}

std::string PasswordOf(const std::string& conninfo) {
  auto opts = ParseConninfo(conninfo);
  auto it = opts.find("password");
  return it == opts.end() ? std::string() : it->second;
}

std::string Scrub(std::string message, std::string_view secret) {
  if (secret.size() < 4) return message;
  for (std::size_t at = message.find(secret); at != std::string::npos;
       at = message.find(secret, at + 3)) {
    message.replace(at, secret.size(), "***");
  }
  return message;
}

}  // namespace fremdrift::publish
