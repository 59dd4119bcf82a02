// Clocks (see clock.h).
#include "domain/clock.h"

#include <fmt/format.h>

#include <chrono>
#include <mutex>

namespace fremdrift {

namespace {

struct CurrentClockState {
  std::mutex mu;
  std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>();
};

// Never destroyed: threads may still read it while the process exits.
CurrentClockState& State() {
  static CurrentClockState* state = new CurrentClockState();
  return *state;
}

// Floor division, so times before 1970 fall on the right day.
std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

}  // namespace

DayNumber Clock::Today() const { return static_cast<DayNumber>(FloorDiv(UnixSeconds(), 86400)); }

std::string Clock::Now() const { return FormatUnixUtc(UnixSeconds()); }

std::int64_t SystemClock::UnixSeconds() const {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string FormatUnixUtc(std::int64_t unix_seconds) {
  const std::int64_t day = FloorDiv(unix_seconds, 86400);
  const std::int64_t secs = unix_seconds - day * 86400;
  const CivilDate d = CivilFromDays(static_cast<DayNumber>(day));
  return fmt::format("{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z", d.year, d.month, d.day,
                     secs / 3600, secs / 60 % 60, secs % 60);
}

std::shared_ptr<const Clock> CurrentClock() {
  CurrentClockState& s = State();
  std::lock_guard lock(s.mu);
  return s.clock;
}

void SetCurrentClock(std::shared_ptr<const Clock> clock) {
  if (!clock) clock = std::make_shared<SystemClock>();
  CurrentClockState& s = State();
  std::lock_guard lock(s.mu);
  s.clock = std::move(clock);
}

Result<std::shared_ptr<const Clock>> ClockForToday(std::string_view text) {
  if (text.empty()) return std::shared_ptr<const Clock>(std::make_shared<SystemClock>());
  auto date = ParseIsoDate(text);
  if (!date.ok()) return InvalidArgument("'{}' is not a date YYYY-MM-DD", text.substr(0, 40));
  return std::shared_ptr<const Clock>(
      std::make_shared<FixedClock>(FixedClock::AtDay(DaysFromCivil(*date))));
}

ScopedClock::ScopedClock(std::shared_ptr<const Clock> clock) : previous_(CurrentClock()) {
  SetCurrentClock(std::move(clock));
}

ScopedClock::ScopedClock(DayNumber today)
    : ScopedClock(std::make_shared<FixedClock>(FixedClock::AtDay(today))) {}

ScopedClock::~ScopedClock() { SetCurrentClock(std::move(previous_)); }

}  // namespace fremdrift
