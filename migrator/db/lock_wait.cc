#include "migrator/db/lock_wait.h"

#include <algorithm>

#include "migrator/base/interrupt.h"

namespace migrate::db {

base::Result<bool> WaitForLock(const LockOptions& options, std::chrono::milliseconds first_pause,
                               std::chrono::milliseconds longest_pause, const LockTry& try_lock,
                               std::string& holder) {
  using Clock = std::chrono::steady_clock;
  const Clock::time_point deadline = Clock::now() + options.timeout;
  std::chrono::milliseconds pause = first_pause;
  bool reported = false;
  while (true) {
    std::string now_holding;
    MIGRATE_ASSIGN_OR_RETURN(bool taken, try_lock(now_holding));
    if (taken) return true;
    if (!now_holding.empty()) holder = now_holding;
    if (!reported && !holder.empty()) {
      reported = true;
      if (options.on_wait) options.on_wait(holder);
    }
    const Clock::time_point now = Clock::now();
    if (now >= deadline) return false;
    const auto nap = std::chrono::ceil<std::chrono::milliseconds>(
        std::min<Clock::duration>(pause, deadline - now));
    if (!base::SleepUnlessInterrupted(nap)) {
      return base::Status::Interrupted("received " + base::InterruptSignalName() +
                                       " while waiting for the migration lock; nothing was changed");
    }
    pause = std::min(pause * 2, longest_pause);
  }
}

}  // namespace migrate::db
