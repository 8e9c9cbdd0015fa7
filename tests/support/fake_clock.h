// FakeClock: a base::Clock whose time moves only when the test says so, for
// tests of what depends on the time (retry deadlines, the create_date a new
// migration file gets) that must neither sleep nor depend on when they run.
// It starts at a fixed wall time and an arbitrary steady time; Advance
// moves both by the same amount.
//
// Thread safety: every member may be called from any thread (a command
// under test may read the time while the test advances it).

#ifndef MIGRATOR_TESTS_SUPPORT_FAKE_CLOCK_H_
#define MIGRATOR_TESTS_SUPPORT_FAKE_CLOCK_H_

#include <chrono>
#include <mutex>

#include "migrator/base/clock.h"

namespace migrate::testing {

class FakeClock final : public base::Clock {
 public:
  /// 2026-11-18 11:06:40 UTC: a time no test runs at by chance.
  static constexpr std::chrono::seconds kStartWallTime{1795000000};

  std::chrono::system_clock::time_point WallNow() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::chrono::system_clock::time_point(kStartWallTime) +
           std::chrono::duration_cast<std::chrono::system_clock::duration>(elapsed_);
  }
  std::chrono::steady_clock::time_point SteadyNow() const override {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::chrono::steady_clock::time_point(std::chrono::seconds(1000)) + elapsed_;
  }

  /// Moves both clocks forward by `d`.
  void Advance(std::chrono::steady_clock::duration d) {
    std::lock_guard<std::mutex> lock(mutex_);
    elapsed_ += d;
  }

 private:
  mutable std::mutex mutex_;
  std::chrono::steady_clock::duration elapsed_{0};
};

}  // namespace migrate::testing

#endif  // MIGRATOR_TESTS_SUPPORT_FAKE_CLOCK_H_
