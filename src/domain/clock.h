// The clock the case rules, pools and measurements read "today" from, set in one place: the
// system clock by default; a fixed clock from `fremdrift --today YYYY-MM-DD` or FREMDRIFT_TODAY
// (tests and reproducible reports), or from a test's ScopedClock. Code asks CurrentClock() rather
// than the wall clock, so that a rule's "today" and a report's figures are the same on a rerun.
// Log timestamps and session expiry are wall-clock time and do not use it.
// Thread-safety: clocks are immutable; SetCurrentClock() may run while others read (each reader
// holds the clock it got until it is done with it).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"
#include "domain/date.h"

namespace fremdrift {

class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since 1970-01-01T00:00:00Z.
  virtual std::int64_t UnixSeconds() const = 0;
  // Today's date (UTC) as a day number.
  DayNumber Today() const;
  // The time as UTC text, "2024-05-01T10:00:00Z".
  std::string Now() const;
};

class SystemClock final : public Clock {
 public:
  std::int64_t UnixSeconds() const override;
};

class FixedClock final : public Clock {
 public:
  explicit FixedClock(std::int64_t unix_seconds) : seconds_(unix_seconds) {}
  // Midnight (UTC) at the start of `day`.
  static FixedClock AtDay(DayNumber day) { return FixedClock(std::int64_t{day} * 86400); }
  std::int64_t UnixSeconds() const override { return seconds_; }

 private:
  std::int64_t seconds_;
};

// "YYYY-MM-DDTHH:MM:SSZ" of a unix time.
std::string FormatUnixUtc(std::int64_t unix_seconds);

// The process's clock (the system clock unless set).
std::shared_ptr<const Clock> CurrentClock();
// Sets the process's clock; nullptr: the system clock again.
void SetCurrentClock(std::shared_ptr<const Clock> clock);

// The clock `--today` / FREMDRIFT_TODAY ask for: a fixed clock at midnight UTC of the date
// ("YYYY-MM-DD"); empty text: the system clock.
Result<std::shared_ptr<const Clock>> ClockForToday(std::string_view text);

// For tests: the process's clock is `clock` while this lives; the previous one after.
class ScopedClock {
 public:
  explicit ScopedClock(std::shared_ptr<const Clock> clock);
  explicit ScopedClock(DayNumber today);
  ~ScopedClock();
  ScopedClock(const ScopedClock&) = delete;
  ScopedClock& operator=(const ScopedClock&) = delete;

 private:
  std::shared_ptr<const Clock> previous_;
};

}  // namespace fremdrift
