// The logging facade (see log.h): one spdlog logger whose only sink is a distributing sink, so a
// test's LogCapture can take the place of stderr while other threads log.
#include "common/log.h"

#include <spdlog/logger.h>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/dist_sink.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <atomic>
#include <cmath>
#include <ctime>
#include <mutex>

namespace fremdrift {

namespace {

spdlog::level::level_enum ToSpdlog(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return spdlog::level::debug;
    case LogLevel::kInfo:
      return spdlog::level::info;
    case LogLevel::kWarn:
      return spdlog::level::warn;
    case LogLevel::kError:
      return spdlog::level::err;
    case LogLevel::kOff:
      break;
  }
  return spdlog::level::off;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// Length of the valid UTF-8 sequence at s[i], or 0.
std::size_t Utf8Length(std::string_view s, std::size_t i) {
  const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  std::size_t n = c < 0x80           ? 1
                  : (c >> 5) == 0x6  ? 2
                  : (c >> 4) == 0xE  ? 3
                  : (c >> 3) == 0x1E ? 4
                                     : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  }
  if (n == 2 && c < 0xC2) return 0;                                      // overlong
  if (n == 3 && c == 0xE0 && b(i + 1) < 0xA0) return 0;                  // overlong
  if (n == 3 && c == 0xED && b(i + 1) >= 0xA0) return 0;                 // surrogate
  if (n == 4 && (c > 0xF4 || (c == 0xF0 && b(i + 1) < 0x90))) return 0;  // range, overlong
  if (n == 4 && c == 0xF4 && b(i + 1) >= 0x90) return 0;
  return n;
}

// A JSON string literal: quotes, backslashes and control characters escaped, invalid UTF-8 as
// U+FFFD.
void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\u{:04x}", c);
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (std::size_t n = Utf8Length(s, i); n > 0) {
      out.append(s.substr(i, n));
      i += n;
      continue;
    } else {
      out += "\\ufffd";
    }
    ++i;
  }
  out += '"';
}

// Text with control characters as \n, \r, \t or \xNN, so it stays on one line.
void AppendText(std::string& out, std::string_view s) {
  for (char ch : s) {
    const unsigned char c = static_cast<unsigned char>(ch);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7F) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += ch;
    }
  }
}

// A field value in text: as it is when it is one plain word, else quoted.
void AppendTextValue(std::string& out, std::string_view v) {
  bool plain = !v.empty() && v.find_first_of(" \"=\\") == std::string_view::npos;
  if (plain) {
    AppendText(out, v);
    return;
  }
  out += '"';
  for (char ch : v) {
    if (ch == '"' || ch == '\\') out += '\\';
    AppendText(out, std::string_view(&ch, 1));
  }
  out += '"';
}

std::string FieldKey(std::string_view key) {
  std::string k = key.empty() ? std::string("field") : Lower(key);
  for (char& c : k) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) c = '_';
  }
  return k;
}

// Formats a whole line: the UTC time, then the payload LogEvent built for the format in force.
class LineFormatter final : public spdlog::formatter {
 public:
  explicit LineFormatter(LogFormat format) : format_(format) {}
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const auto since_epoch = msg.time.time_since_epoch();
    const auto secs = std::chrono::duration_cast<std::chrono::seconds>(since_epoch);
    const auto millis = std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - secs);
    std::time_t t = static_cast<std::time_t>(secs.count());
    std::tm tm{};
    gmtime_r(&t, &tm);
    const std::string_view payload(msg.payload.data(), msg.payload.size());
    if (format_ == LogFormat::kJson) {
      fmt::format_to(std::back_inserter(dest),
                     R"({{"time":"{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}.{:03d}Z",{}}})",
                     tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                     static_cast<int>(millis.count()), payload);
    } else {
      fmt::format_to(std::back_inserter(dest),
                     "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}.{:03d}Z {}", tm.tm_year + 1900,
                     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                     static_cast<int>(millis.count()), payload);
    }
    dest.push_back('\n');
  }
  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<LineFormatter>(format_);
  }

 private:
  LogFormat format_;
};

struct LoggerState {
  LoggerState()
      : dist(std::make_shared<spdlog::sinks::dist_sink_mt>()),
        stderr_sink(std::make_shared<spdlog::sinks::stderr_sink_mt>()),
        logger(std::make_shared<spdlog::logger>("fremdrift", dist)) {
    stderr_sink->set_formatter(std::make_unique<LineFormatter>(LogFormat::kText));
    dist->set_sinks({stderr_sink});
    logger->set_level(spdlog::level::info);
    logger->flush_on(spdlog::level::debug);
  }
  std::shared_ptr<spdlog::sinks::dist_sink_mt> dist;
  std::shared_ptr<spdlog::sinks::sink> stderr_sink;
  std::shared_ptr<spdlog::logger> logger;
  std::atomic<LogLevel> level{LogLevel::kInfo};
  std::atomic<LogFormat> format{LogFormat::kText};
  std::mutex capture_mu;
  std::shared_ptr<spdlog::sinks::sink> capture;  // the active LogCapture's sink
};

// Never destroyed: threads may still log while the process exits.
LoggerState& State() {
  static LoggerState* state = new LoggerState();
  return *state;
}

}  // namespace

Result<LogLevel> ParseLogLevel(std::string_view text) {
  const std::string t = Lower(text);
  if (t == "debug") return LogLevel::kDebug;
  if (t == "info") return LogLevel::kInfo;
  if (t == "warn" || t == "warning") return LogLevel::kWarn;
  if (t == "error") return LogLevel::kError;
  if (t == "off") return LogLevel::kOff;
  return InvalidArgument("'{}' is not a log level (debug, info, warn, error, off)",
                         text.substr(0, 40));
}

std::string_view LogLevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kDebug:
      return "debug";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarn:
      return "warn";
    case LogLevel::kError:
      return "error";
    case LogLevel::kOff:
      break;
  }
  return "off";
}

Result<LogFormat> ParseLogFormat(std::string_view text) {
  const std::string t = Lower(text);
  if (t == "text") return LogFormat::kText;
  if (t == "json") return LogFormat::kJson;
  return InvalidArgument("'{}' is not a log format (text, json)", text.substr(0, 40));
}

std::string_view LogFormatName(LogFormat format) {
  return format == LogFormat::kJson ? "json" : "text";
}

Result<LogOptions> ResolveLogOptions(const LogFlags& flags, const char* env_level,
                                     const char* env_format) {
  LogOptions out;
  if (!flags.level.empty()) {
    auto level = ParseLogLevel(flags.level);
    if (!level.ok()) return level.status().WithContext("--log-level");
    out.level = *level;
  } else if (flags.quiet) {
    out.level = LogLevel::kWarn;
  } else if (flags.verbose) {
    out.level = LogLevel::kDebug;
  } else if (env_level != nullptr && *env_level != 0) {
    auto level = ParseLogLevel(env_level);
    if (!level.ok()) return level.status().WithContext("FREMDRIFT_LOG_LEVEL");
    out.level = *level;
  }
  if (!flags.format.empty()) {
    auto format = ParseLogFormat(flags.format);
    if (!format.ok()) return format.status().WithContext("--log-format");
    out.format = *format;
  } else if (env_format != nullptr && *env_format != 0) {
    auto format = ParseLogFormat(env_format);
    if (!format.ok()) return format.status().WithContext("FREMDRIFT_LOG_FORMAT");
    out.format = *format;
  }
  return out;
}

void ConfigureLogging(const LogOptions& options) {
  LoggerState& s = State();
  s.level = options.level;
  s.format = options.format;
  s.logger->set_level(ToSpdlog(options.level));
  s.stderr_sink->set_formatter(std::make_unique<LineFormatter>(options.format));
  std::lock_guard lock(s.capture_mu);
  if (s.capture) s.capture->set_formatter(std::make_unique<LineFormatter>(options.format));
}

LogOptions CurrentLogOptions() {
  const LoggerState& s = State();
  return {s.level.load(), s.format.load()};
}

bool LogEnabled(LogLevel level) {
  return level != LogLevel::kOff && State().logger->should_log(ToSpdlog(level));
}

LogField::LogField(std::string_view k, double v, int decimals) : key(k) {
  if (std::isfinite(v)) {
    value = fmt::format("{:.{}f}", v, std::max(0, decimals));
    number = true;
  } else {
    value = std::isnan(v) ? "nan" : v > 0 ? "inf" : "-inf";
  }
}

void LogEvent(LogLevel level, std::string_view message, std::initializer_list<LogField> fields) {
  if (!LogEnabled(level)) return;
  LoggerState& s = State();
  std::string payload;
  payload.reserve(message.size() + 32 * fields.size() + 32);
  if (s.format.load() == LogFormat::kJson) {
    payload += R"("level":)";
    AppendJsonString(payload, LogLevelName(level));
    payload += R"(,"msg":)";
    AppendJsonString(payload, message);
    for (const LogField& f : fields) {
      payload += ',';
      AppendJsonString(payload, FieldKey(f.key));
      payload += ':';
      if (f.number) {
        payload += f.value;
      } else {
        AppendJsonString(payload, f.value);
      }
    }
  } else {
    payload += LogLevelName(level);
    payload += ' ';
    AppendText(payload, message);
    for (const LogField& f : fields) {
      payload += ' ';
      payload += FieldKey(f.key);
      payload += '=';
      AppendTextValue(payload, f.value);
    }
  }
  s.logger->log(ToSpdlog(level), spdlog::string_view_t(payload.data(), payload.size()));
}

// ---- LogCapture ----

struct LogCapture::Sink final : spdlog::sinks::base_sink<std::mutex> {
  std::vector<std::string> Lines() {
    std::lock_guard lock(mutex_);
    return lines;
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t buf;
    formatter_->format(msg, buf);
    std::string line(buf.data(), buf.size());
    if (!line.empty() && line.back() == '\n') line.pop_back();
    lines.push_back(std::move(line));
  }
  void flush_() override {}

 private:
  std::vector<std::string> lines;
};

LogCapture::LogCapture() : sink_(std::make_shared<Sink>()) {
  LoggerState& s = State();
  sink_->set_formatter(std::make_unique<LineFormatter>(s.format.load()));
  std::lock_guard lock(s.capture_mu);
  s.capture = sink_;
  s.dist->set_sinks({sink_});
}

LogCapture::~LogCapture() {
  LoggerState& s = State();
  std::lock_guard lock(s.capture_mu);
  s.capture = nullptr;
  s.dist->set_sinks({s.stderr_sink});
}

std::vector<std::string> LogCapture::Lines() const { return sink_->Lines(); }

}  // namespace fremdrift
