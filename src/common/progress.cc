// Progress bar or progress log lines (see progress.h).
#include "common/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

#include "common/log.h"

namespace fremdrift {

Progress::Progress(std::string label, std::uint64_t total, std::string unit, bool enabled)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_(total),
      enabled_(enabled),
      bar_(enabled && StderrIsTerminal()),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

Progress::~Progress() { End(false); }

bool Progress::StderrIsTerminal() { return isatty(STDERR_FILENO) == 1; }

void Progress::Update(std::uint64_t done) {
  done_.store(done, std::memory_order_relaxed);
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  std::unique_lock lock(mu_, std::try_to_lock);
  const auto interval = bar_ ? std::chrono::steady_clock::duration(std::chrono::milliseconds(200))
                             : std::chrono::steady_clock::duration(kLogInterval);
  if (!lock.owns_lock() || now - last_draw_ < interval) return;
  last_draw_ = now;
  if (bar_) {
    Draw(false);
  } else {
    LogLine(false);
  }
}

void Progress::Finish() { End(true); }

void Progress::End(bool completed) {
  std::lock_guard lock(mu_);
  if (finished_) return;
  finished_ = true;
  if (!enabled_) return;
  if (bar_) {
    Draw(true);  // the bar ends its line either way
  } else if (completed) {
    LogLine(true);
  }
}

void Progress::LogLine(bool final) {
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const std::uint64_t done = done_.load(std::memory_order_relaxed);
  const double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
  const char* message = final ? "progress finished" : "progress";
  if (total_ > 0) {
    LogEvent(LogLevel::kInfo, message,
             {{"task", label_},
              {"done", done},
              {"total", total_},
              {"unit", unit_},
              {"per_s", rate},
              {"s", secs}});
  } else {
    LogEvent(LogLevel::kInfo, message,
             {{"task", label_}, {"done", done}, {"unit", unit_}, {"per_s", rate}, {"s", secs}});
  }
}

void Progress::Draw(bool final) {
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::uint64_t done = done_.load(std::memory_order_relaxed);
  double rate = secs > 0 ? static_cast<double>(done) / secs : 0;
  std::string line;
  if (total_ > 0) {
    double frac = std::min(1.0, static_cast<double>(done) / static_cast<double>(total_));
    int filled = static_cast<int>(frac * 30);
    double eta = rate > 0 ? static_cast<double>(total_ - std::min(done, total_)) / rate : 0;
    line = fmt::format("\r{} [{}{}] {:5.1f}% {} / {} {}  {:.1f} {}/s  ETA {:.0f}s ", label_,
                       std::string(filled, '#'), std::string(30 - filled, '.'), frac * 100, done,
                       total_, unit_, rate, unit_, eta);
  } else {
    line = fmt::format("\r{} {} {}  {:.1f} {}/s ", label_, done, unit_, rate, unit_);
  }
  if (final) line += fmt::format(" {:.1f}s\n", secs);
  std::fputs(line.c_str(), stderr);
  std::fflush(stderr);
}

}  // namespace fremdrift
