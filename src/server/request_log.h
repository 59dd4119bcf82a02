// The server's one log line per HTTP request (docs/security.md, Logging):
//   request method=GET path="/api/v1/borgere/{person}?as_of=…" status=200 ms=3.2 user=anna
// The path is made safe to keep: a citizen's id in the path becomes {person}, any other segment
// that is not a plain short name (or holds a long run of digits or hex digits) becomes
// {redacted}, and of the query only the names are kept, each value written as "…". The user is
// the logged-in user's name ("-" without a login), never a session id or cookie; no header, body,
// password, CPR number or pseudonym is logged.
// Thread-safety: the request user is per thread (each connection is served on its own thread).
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace fremdrift::server {

// The path and query names as they may be logged; `params` are the decoded query parameters.
std::string LoggablePath(std::string_view path,
                         const std::multimap<std::string, std::string>& params);

// The user the request being served on this thread was authenticated as (Api::Authenticate).
void SetRequestUser(std::string_view username);
// Returns that user ("" if none) and forgets it.
std::string TakeRequestUser();

// Logs the line at info (5xx at warn). `method` empty: the request line was never read.
void LogRequest(std::string_view method, std::string_view path,
                const std::multimap<std::string, std::string>& params, int status, double ms);

}  // namespace fremdrift::server
