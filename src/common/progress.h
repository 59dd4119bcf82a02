// Progress reporting for long work: a bar with rate and ETA redrawn on stderr when stderr is a
// terminal; otherwise info lines through the log facade (common/log.h) with counts and rates,
// one every kLogInterval and one when Finish() is called (none when the work is abandoned, i.e.
// the object is destroyed without Finish()). Thread-safe: Update() may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace fremdrift {

class Progress {
 public:
  static constexpr std::chrono::seconds kLogInterval{10};
  // `total` in the unit of `unit` ("MB", "personer"); 0 = unknown. `enabled` false: silent.
  Progress(std::string label, std::uint64_t total, std::string unit, bool enabled);
  ~Progress();
  void Update(std::uint64_t done);
  // The work is done: the final bar or log line.
  void Finish();
  static bool StderrIsTerminal();

 private:
  void End(bool completed);
  void Draw(bool final);
  void LogLine(bool final);
  std::string label_, unit_;
  std::uint64_t total_;
  std::atomic<std::uint64_t> done_{0};
  bool enabled_;
  bool bar_;  // stderr is a terminal: draw a bar; else log lines
  bool finished_ = false;
  std::mutex mu_;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace fremdrift
