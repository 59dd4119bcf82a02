// The text `fremdrift publish` sends to PostgreSQL besides the SQL verbs: column types, COPY rows
// (text format), the Danish comments on tables and columns, and the connection as it may be shown
// (never with its password). Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "table/table.h"

namespace fremdrift::publish {

// text, bigint or double precision.
std::string_view SqlType(ColumnType type);

// One row in COPY text format (tab-separated, '\N' for a missing cell or NaN, backslash escapes,
// "Infinity" for infinities, doubles in shortest round-trip form), ending in '\n'.
void AppendCopyRow(std::string& out, const std::vector<Cell>& row);

// The column's comment: its Danish label (or name), with the unit in brackets when it has one:
// "Andel af arbejdsstyrken (pct)".
std::string ColumnComment(const Column& column);

// `conninfo` (postgresql://user:secret@host:5432/db?... or "host=... password=...") as it may be
// printed: "postgresql://user@host:5432/db", without password or other options; "(connection
// string not understood)" when libpq cannot parse it.
std::string DescribeConnection(const std::string& conninfo);

// The password of `conninfo`, or empty (to scrub it from messages, should a server echo it).
std::string PasswordOf(const std::string& conninfo);

// `message` with every occurrence of `secret` replaced by "***" (secrets under 4 characters are
// left: scrubbing them would garble the message and they are not secret in any case).
std::string Scrub(std::string message, std::string_view secret);

}  // namespace fremdrift::publish
