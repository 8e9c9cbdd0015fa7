// Interrupts: what SIGINT, SIGTERM and SIGHUP (Ctrl-C, a CI job cancelled,
// a Kubernetes pod stopped, a terminal closed) do to a running `migrate`.
//
// The CLI installs the handler (InstallInterruptHandlers). The handler does
// only async-signal-safe work: it records the signal in an atomic, wakes
// SleepUnlessInterrupted through a pipe, and calls every registered cancel
// hook, each an open connection's "cancel the running statement" (libpq's
// PQcancel, documented safe in a signal handler; sqlite3_interrupt, one
// atomic store). Everything else happens on the normal path: the cancelled
// statement fails, the code that ran it rolls back as after any failure,
// destructors release the migration lock, and whoever sees Interrupted()
// says so; the CLI exits 128 + the signal's number.
//
// A second signal, while the first is still being handled, ends the process
// at once with the signal's default action: the way out when rolling back
// hangs (the server ends the session and its locks when it notices).
//
// Without the handler installed (the embedding library, unit tests),
// Interrupted() stays false unless a test calls SimulateInterrupt, and
// SleepUnlessInterrupted is a plain sleep.
//
// Thread safety: every function may be called from any thread. A cancel hook
// may run on any thread at any moment while it is registered, concurrently
// with whatever its connection is doing.

#ifndef MIGRATOR_BASE_INTERRUPT_H_
#define MIGRATOR_BASE_INTERRUPT_H_

#include <chrono>
#include <string>

#include "migrator/base/status.h"

namespace migrate::base {

/// Installs the handler for SIGINT, SIGTERM and SIGHUP (with SA_RESTART, so
/// interrupted reads and writes resume). Call once, early in main.
void InstallInterruptHandlers();

/// The signal that interrupted the process (SIGINT, SIGTERM, SIGHUP); 0 if
/// none came.
int InterruptSignal();
/// InterruptSignal() != 0.
bool Interrupted();
/// "SIGINT", "SIGTERM", "SIGHUP" for the signal that came; "" if none did.
std::string InterruptSignalName();

/// OK, or Status::Interrupted naming the signal when one came: for the
/// points between statements where work may stop cleanly.
Status CheckInterrupt();

/// Sleeps for `duration`, returning early when a signal comes (or has come).
/// Returns false if the process is interrupted.
bool SleepUnlessInterrupted(std::chrono::milliseconds duration);

/// While it lives, an interrupt calls `hook(context)` (from the signal
/// handler). REQUIRES: `hook` is async-signal-safe and `context` outlives
/// this object. A handful may be registered at once (an administrative and
/// an application connection); beyond that, registration is silently
/// skipped and only the interrupt flag tells.
class CancelOnInterrupt {
 public:
  using Hook = void (*)(void* context) noexcept;

  CancelOnInterrupt(Hook hook, void* context);
  /// Unregisters, waiting for a handler that is calling the hook right now
  /// on another thread, so `context` may be destroyed afterwards.
  ~CancelOnInterrupt();
  CancelOnInterrupt(const CancelOnInterrupt&) = delete;
  CancelOnInterrupt& operator=(const CancelOnInterrupt&) = delete;

 private:
  int slot_;  // -1 when every slot was taken
};

/// For tests: acts as if `signal` had arrived (the flag and the hooks, not
/// the second-signal exit), or with 0 forgets any interrupt.
void SimulateInterrupt(int signal);

}  // namespace migrate::base

#endif  // MIGRATOR_BASE_INTERRUPT_H_
