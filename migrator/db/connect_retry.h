// ConnectWithRetry: connecting to a database that may not be up yet (a
// container starting next to the application, a server restarting).
//
// The first attempt is made at once. While attempts fail and the wait
// budget (`ConnectOptions::wait`, the user's `--wait` / `wait_timeout`) is
// not spent, the next attempt follows after an exponentially growing delay
// with jitter: attempt n (n = 1, 2, ...) waits a random time in
// [d/2, d] with d = min(max_backoff, initial_backoff * 2^(n-1)), cut short so
// that one last attempt is made when the budget runs out. A wait of 0 makes
// exactly one attempt, and its error is returned unchanged.
//
// Errors that waiting cannot cure are not retried: authentication failures
// (PostgreSQL SQLSTATE 28P01 / 28000, or libpq's "password authentication
// failed", "no pg_hba.conf entry", "no password supplied") and connection
// parameters libpq rejects ("invalid ... value", "invalid connection
// option"): their error is returned at once, with a context line saying it
// was not retried and why. Errors that are not about the database (code
// other than kDatabase or kTimeout: a bad URL, a bug) are returned at once,
// unchanged.
//
// An interrupt (base/interrupt.h) ends the wait: SleepFor returns early,
// and the loop returns kInterrupted instead of trying again.
//
// When the budget is spent, the error names the URL (redacted), how many
// attempts were made over how long, and the last attempt's error, and has
// code kTimeout.
//
// Time comes from an injected base::Clock and waiting from an injected
// sleep function, so tests run the loop without sleeping: the budget counts
// as spent when the clock says so or when the sleeps alone add up to it.
//
// Thread safety: ConnectWithRetry may be called from several threads at
// once; the callbacks must allow that if they are shared.

#ifndef MIGRATOR_DB_CONNECT_RETRY_H_
#define MIGRATOR_DB_CONNECT_RETRY_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "migrator/base/clock.h"
#include "migrator/base/status.h"
#include "migrator/db/connection.h"
#include "migrator/db/database_url.h"
#include "migrator/db/open.h"

namespace migrate::db {

struct ConnectOptions {
  /// How each attempt connects; `open.connect_timeout` bounds one attempt
  /// (cut to what is left of `wait` when that is less, but never below 1s).
  OpenOptions open;
  /// How long to keep trying after the first attempt fails. 0 = one attempt.
  std::chrono::milliseconds wait{0};
  /// The first delay between attempts, before jitter.
  std::chrono::milliseconds initial_backoff{100};
  /// The longest delay between attempts, before jitter.
  std::chrono::milliseconds max_backoff{2000};
  /// Called once, before the first delay, with the first attempt's error
  /// (its message without the "cannot connect to URL: " prefix).
  std::function<void(const std::string& first_error)> on_wait;
};

/// Makes one connection attempt. db::Open in production; a fake in tests.
using Opener = std::function<base::Result<std::unique_ptr<Connection>>(const DatabaseUrl&,
                                                                       const OpenOptions&)>;
/// Blocks for the given time. std::this_thread::sleep_for in production.
using Sleeper = std::function<void(std::chrono::milliseconds)>;
/// Returns a number in [0, 1): where in [d/2, d] a delay falls.
using Jitter = std::function<double()>;

/// Connects to `url` through `open`, retrying as described above. Returns
/// the connection, or the first error that is not retried, or (when the
/// wait budget is spent) a kTimeout status describing every attempt.
base::Result<std::unique_ptr<Connection>> ConnectWithRetry(
    const DatabaseUrl& url, const ConnectOptions& options, const base::Clock& clock,
    const Sleeper& sleep, const Opener& open = Open, const Jitter& jitter = nullptr);

/// Why an error from connecting will not go away by waiting ("authentication
/// failed", "the connection parameters are invalid"); "" when retrying may help.
std::string PermanentConnectFailure(const base::Status& error);

/// The real sleep, for callers outside tests; returns early on an interrupt.
void SleepFor(std::chrono::milliseconds duration);

}  // namespace migrate::db

#endif  // MIGRATOR_DB_CONNECT_RETRY_H_
