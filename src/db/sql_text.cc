// SQL text helpers (see sql_text.h).
#include "db/sql_text.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace fremdrift::db {
namespace {

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}

// The next word of `sql` from `pos` (letters, digits, '_', '.'), after blanks; empty if the next
// thing is not a word.
std::string_view NextWord(std::string_view sql, std::size_t& pos) {
  while (pos < sql.size() && std::isspace(static_cast<unsigned char>(sql[pos]))) ++pos;
  std::size_t start = pos;
  while (pos < sql.size() && IsWordChar(sql[pos])) ++pos;
  return sql.substr(start, pos - start);
}

std::string Upper(std::string_view word) {
  std::string out(word);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// The table after `pos`, past IF NOT EXISTS and ONLY.
std::string_view TableAfter(std::string_view sql, std::size_t& pos) {
  for (;;) {
    std::string_view word = NextWord(sql, pos);
    std::string upper = Upper(word);
    if (upper != "IF" && upper != "NOT" && upper != "EXISTS" && upper != "ONLY") return word;
  }
}

}  // namespace

std::string DescribeSql(std::string_view sql) {
  std::size_t pos = 0;
  std::string verb = Upper(NextWord(sql, pos));
  if (verb.empty()) return "statement";
  if (verb == "UPDATE") {
    std::string_view table = TableAfter(sql, pos);
    return table.empty() ? verb : fmt::format("UPDATE {}", table);
  }
  // The first table named after FROM, INTO or TABLE, outside quotes.
  char quote = 0;
  for (std::size_t i = pos; i < sql.size();) {
    char c = sql[i];
    if (quote != 0 || c == '\'' || c == '"') {
      quote = quote != 0 ? (c == quote ? 0 : quote) : c;
      ++i;
      continue;
    }
    if (!IsWordChar(c)) {
      ++i;
      continue;
    }
    std::string word = Upper(NextWord(sql, i));
    if (word != "FROM" && word != "INTO" && word != "TABLE") continue;
    std::string_view table = TableAfter(sql, i);
    if (table.empty()) break;
    return fmt::format("{} {} {}", verb, word, table);
  }
  return verb;
}

std::string NumberedPlaceholders(std::string_view sql, int* count) {
  std::string out;
  out.reserve(sql.size() + 16);
  int highest = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'' || c == '"') {  // a literal or quoted name, to its closing quote
      std::size_t end = sql.find(c, i + 1);
      if (end == std::string_view::npos) end = sql.size() - 1;
      out.append(sql.substr(i, end - i + 1));
      i = end;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {  // a comment, to the line end
      std::size_t end = sql.find('\n', i);
      if (end == std::string_view::npos) end = sql.size() - 1;
      out.append(sql.substr(i, end - i + 1));
      i = end;
    } else if (c == '?') {
      std::size_t j = i + 1;
      int number = 0;
      while (j < sql.size() && std::isdigit(static_cast<unsigned char>(sql[j])) &&
             number < 100000) {
        number = number * 10 + (sql[j] - '0');
        ++j;
      }
      if (j == i + 1) number = highest + 1;
      highest = std::max(highest, number);
      out += fmt::format("${}", number);
      i = j - 1;
    } else {
      out += c;
    }
  }
  *count = highest;
  return out;
}

}  // namespace fremdrift::db
