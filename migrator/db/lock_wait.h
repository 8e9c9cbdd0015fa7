// WaitForLock: the waiting loop both migration locks share. A try that
// finds the lock taken is repeated after a pause that doubles up to a
// ceiling, until the lock is taken, the timeout passes, or a signal comes;
// the first holder named is reported once through LockOptions::on_wait.

#ifndef MIGRATOR_DB_LOCK_WAIT_H_
#define MIGRATOR_DB_LOCK_WAIT_H_

#include <chrono>
#include <functional>
#include <string>

#include "migrator/base/status.h"
#include "migrator/db/dialect.h"

namespace migrate::db {

/// One try: true once the lock is taken; otherwise sets `holder` to who has
/// it, in words ("" if that is not known).
using LockTry = std::function<base::Result<bool>(std::string& holder)>;

/// Tries `try_lock` until it takes the lock (true) or options.timeout has
/// passed (false; `holder` is the last holder named), pausing `first_pause`,
/// doubling up to `longest_pause`, between tries. Interrupted when a signal
/// comes while it waits; a try's own error is returned as it is.
base::Result<bool> WaitForLock(const LockOptions& options, std::chrono::milliseconds first_pause,
                               std::chrono::milliseconds longest_pause, const LockTry& try_lock,
                               std::string& holder);

}  // namespace migrate::db

#endif  // MIGRATOR_DB_LOCK_WAIT_H_
