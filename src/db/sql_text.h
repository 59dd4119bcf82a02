// SQL text helpers of the db layer: a statement's description for error messages, and '?'
// placeholders rewritten as PostgreSQL's $N. Pure functions; thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace fremdrift::db {

// "INSERT INTO events", "SELECT FROM users", "UPDATE sessions": the verb and the first table a
// statement names, for error messages (never a literal or a value); the verb alone when no table
// is named, "statement" for empty text.
std::string DescribeSql(std::string_view sql);

// The statement with its placeholders numbered for PostgreSQL: '?' becomes $N (N one more than the
// highest number so far, as SQLite counts) and '?N' becomes $N; question marks inside quotes
// ('...', "...") and comments (-- ...) stay. `*count` is the highest parameter number.
std::string NumberedPlaceholders(std::string_view sql, int* count);

}  // namespace fremdrift::db
