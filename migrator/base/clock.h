// Clock: where migrator reads the time (history timestamps, durations, wait
// deadlines). Injected so tests can use a fixed clock.
//
// Thread safety: implementations must be safe to call from any thread.

#ifndef MIGRATOR_BASE_CLOCK_H_
#define MIGRATOR_BASE_CLOCK_H_

#include <chrono>

namespace migrate::base {

class Clock {
 public:
  virtual ~Clock() = default;
  /// Wall-clock time, for timestamps users read.
  virtual std::chrono::system_clock::time_point WallNow() const = 0;
  /// Monotonic time, for durations and deadlines.
  virtual std::chrono::steady_clock::time_point SteadyNow() const = 0;
};

/// The host's clocks.
class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point WallNow() const override {
    return std::chrono::system_clock::now();
  }
  std::chrono::steady_clock::time_point SteadyNow() const override {
    return std::chrono::steady_clock::now();
  }
};

}  // namespace migrate::base

#endif  // MIGRATOR_BASE_CLOCK_H_
