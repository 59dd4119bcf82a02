// The logging facade: one logger (spdlog) writing diagnostics to stderr, one line per event, at
// four levels (debug, info, warn, error). The CLI configures it once from its global flags
// (--log-level, --log-format, --quiet, --verbose) and the environment (FREMDRIFT_LOG_LEVEL,
// FREMDRIFT_LOG_FORMAT); libraries only log. A line is either text
//   2024-05-01T10:00:00.123Z info request method=GET path=/api/v1/me status=200 ms=1.4
// or, with --log-format json, one JSON object (JSON lines) for a service's log collector:
//   {"time":"2024-05-01T10:00:00.123Z","level":"info","msg":"request","method":"GET",...}
// Control characters are escaped in both, so a logged value can never start a line of its own.
// Callers never log CPR numbers, pseudonyms, passwords or cookies (docs/security.md, Logging).
// User-facing command output and error reports do not go through here.
// Thread-safety: logging is safe from any thread; ConfigureLogging() once at start, before
// threads log; LogCapture (tests) swaps where lines go while others may be logging.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace fremdrift {

enum class LogLevel { kDebug, kInfo, kWarn, kError, kOff };
enum class LogFormat { kText, kJson };

// "debug", "info", "warn" (or "warning"), "error", "off"; case-insensitive.
Result<LogLevel> ParseLogLevel(std::string_view text);
std::string_view LogLevelName(LogLevel level);
// "text" or "json".
Result<LogFormat> ParseLogFormat(std::string_view text);
std::string_view LogFormatName(LogFormat format);

struct LogOptions {
  LogLevel level = LogLevel::kInfo;
  LogFormat format = LogFormat::kText;
};

// What the command line said; empty strings: not given.
struct LogFlags {
  std::string level;     // --log-level
  std::string format;    // --log-format
  bool quiet = false;    // --quiet: warnings and errors only
  bool verbose = false;  // --verbose: debug
};

// The options in force: --log-level, else --quiet (warn) or --verbose (debug), else the
// environment's level (`env_level`, may be null or empty), else info; the format from
// --log-format, else `env_format`, else text. An unknown name is an error naming its source.
Result<LogOptions> ResolveLogOptions(const LogFlags& flags, const char* env_level,
                                     const char* env_format);

// Sets the level and format of the process's logger (stderr). Callable again (tests).
void ConfigureLogging(const LogOptions& options);
LogOptions CurrentLogOptions();
bool LogEnabled(LogLevel level);

// A named value on a log line: text as `key=value` (quoted when needed), JSON as a member.
struct LogField {
  LogField(std::string_view k, std::string_view v) : key(k), value(v) {}
  LogField(std::string_view k, const char* v) : key(k), value(v ? v : "") {}
  LogField(std::string_view k, const std::string& v) : key(k), value(v) {}
  LogField(std::string_view k, std::int64_t v) : key(k), value(std::to_string(v)), number(true) {}
  LogField(std::string_view k, int v) : LogField(k, std::int64_t{v}) {}
  LogField(std::string_view k, std::uint64_t v) : key(k), value(std::to_string(v)), number(true) {}
  // Fixed-point with `decimals` places (latencies, rates).
  LogField(std::string_view k, double v, int decimals = 1);
  std::string key;  // an identifier: [a-z0-9_]
  std::string value;
  bool number = false;
};

// One line at `level`: the message, then the fields in order.
void LogEvent(LogLevel level, std::string_view message,
              std::initializer_list<LogField> fields = {});

template <typename... Args>
void LogDebug(fmt::format_string<Args...> f, Args&&... args) {
  if (LogEnabled(LogLevel::kDebug)) {
    LogEvent(LogLevel::kDebug, fmt::format(f, std::forward<Args>(args)...));
  }
}
template <typename... Args>
void LogInfo(fmt::format_string<Args...> f, Args&&... args) {
  if (LogEnabled(LogLevel::kInfo)) {
    LogEvent(LogLevel::kInfo, fmt::format(f, std::forward<Args>(args)...));
  }
}
template <typename... Args>
void LogWarn(fmt::format_string<Args...> f, Args&&... args) {
  if (LogEnabled(LogLevel::kWarn)) {
    LogEvent(LogLevel::kWarn, fmt::format(f, std::forward<Args>(args)...));
  }
}
template <typename... Args>
void LogError(fmt::format_string<Args...> f, Args&&... args) {
  if (LogEnabled(LogLevel::kError)) {
    LogEvent(LogLevel::kError, fmt::format(f, std::forward<Args>(args)...));
  }
}

// For tests: while alive, log lines go to memory instead of stderr (in the configured format,
// without the trailing newline). One at a time.
class LogCapture {
 public:
  LogCapture();
  ~LogCapture();
  LogCapture(const LogCapture&) = delete;
  LogCapture& operator=(const LogCapture&) = delete;
  std::vector<std::string> Lines() const;

 private:
  struct Sink;
  std::shared_ptr<Sink> sink_;
};

}  // namespace fremdrift
