// Progress reporting for long work: a bar with rate and ETA redrawn on stderr when stderr is a
// terminal, otherwise silent (or a line every few seconds when `log_lines` is set). Thread-safe:
// Update() may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

namespace fremdrift {

class Progress {
 public:
  // `total` in the unit of `unit` ("MB", "personer"); 0 = unknown.
  Progress(std::string label, std::uint64_t total, std::string unit, bool enabled);
  ~Progress();
  void Update(std::uint64_t done);
  void Finish();
  static bool StderrIsTerminal();

 private:
  void Draw(bool final);
  std::string label_, unit_;
  std::uint64_t total_;
  std::atomic<std::uint64_t> done_{0};
  bool enabled_;
  bool finished_ = false;
  std::mutex mu_;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace fremdrift
