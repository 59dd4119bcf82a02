// The request log line (see request_log.h).
#include "server/request_log.h"

#include <algorithm>
#include <vector>

#include "common/log.h"
#include "domain/cpr.h"

namespace fremdrift::server {

namespace {

constexpr std::string_view kPerson = "{person}";
constexpr std::string_view kRedacted = "{redacted}";
constexpr std::string_view kValue = "…";
constexpr std::size_t kMaxSegment = 64;
constexpr std::size_t kMaxKey = 32;
constexpr std::size_t kMaxLogged = 400;

// Collections whose next path segment names a citizen.
bool IsPersonCollection(std::string_view segment) {
  return segment == "borgere" || segment == "citizens" || segment == "persons";
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsHex(char c) { return IsDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// Longest run of characters satisfying `pred`.
template <typename Pred>
std::size_t LongestRun(std::string_view s, Pred pred) {
  std::size_t best = 0, run = 0;
  for (char c : s) {
    run = pred(c) ? run + 1 : 0;
    best = std::max(best, run);
  }
  return best;
}

// A word that cannot hide an id: letters, digits and ._~- only, short, no long run of digits
// (a CPR number, a lobenr) or of hex digits (a pseudonym, a token).
bool IsPlainWord(std::string_view s, std::size_t max_size) {
  if (s.empty() || s.size() > max_size) return false;
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || IsDigit(c) || c == '.' ||
              c == '_' || c == '~' || c == '-';
    if (!ok) return false;
  }
  return LongestRun(s, IsDigit) < 6 && LongestRun(s, IsHex) < 16 && !ContainsCprShape(s);
}

thread_local std::string t_user;

}  // namespace

std::string LoggablePath(std::string_view path,
                         const std::multimap<std::string, std::string>& params) {
  if (path.empty() || path.front() != '/') return "-";
  std::string out;
  std::vector<std::string_view> segments;
  for (std::size_t pos = 1;;) {
    std::size_t slash = path.find('/', pos);
    segments.push_back(path.substr(pos, slash == std::string_view::npos ? slash : slash - pos));
    if (slash == std::string_view::npos) break;
    pos = slash + 1;
  }
  bool after_person_collection = false;
  for (std::string_view segment : segments) {
    out += '/';
    if (after_person_collection && !segment.empty()) {
      out += kPerson;
    } else if (segment.empty() || IsPlainWord(segment, kMaxSegment)) {
      out += segment;
    } else {
      out += kRedacted;
    }
    after_person_collection = IsPersonCollection(segment);
    if (out.size() > kMaxLogged) break;
  }
  char sep = '?';
  for (const auto& [key, value] : params) {
    if (out.size() > kMaxLogged) break;
    out += sep;
    sep = '&';
    out += IsPlainWord(key, kMaxKey) ? std::string_view(key) : kRedacted;
    out += '=';
    out += kValue;
  }
  if (out.size() > kMaxLogged) {
    out.resize(kMaxLogged);
    out += "…";
  }
  return out;
}

void SetRequestUser(std::string_view username) { t_user.assign(username); }

std::string TakeRequestUser() {
  std::string user = std::move(t_user);
  t_user.clear();
  return user;
}

void LogRequest(std::string_view method, std::string_view path,
                const std::multimap<std::string, std::string>& params, int status, double ms) {
  const LogLevel level = status >= 500 ? LogLevel::kWarn : LogLevel::kInfo;
  std::string user = TakeRequestUser();
  if (!LogEnabled(level)) return;
  std::string_view shown_method = method.empty() ? std::string_view("-") : method;
  if (shown_method.size() > 16 ||
      shown_method.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ-") != std::string_view::npos) {
    shown_method = kRedacted;
  }
  if (!IsPlainWord(user, 64)) user = user.empty() ? "-" : std::string(kRedacted);
  LogEvent(level, "request",
           {{"method", shown_method},
            {"path", method.empty() ? std::string("-") : LoggablePath(path, params)},
            {"status", status},
            {"ms", ms, 1},
            {"user", user}});
}

}  // namespace fremdrift::server
