// Exit statuses, per the contract: 0 success; 1 the command ran and found a
// problem (a failed migration, `check` not at head, drift); 2 bad usage or
// bad input files; 128 + N when signal N (SIGINT, SIGTERM, SIGHUP)
// interrupted it, as a shell reports a process the signal killed. The one
// place a Status becomes an exit status.

#ifndef MIGRATOR_COMMANDS_EXIT_CODE_H_
#define MIGRATOR_COMMANDS_EXIT_CODE_H_

#include <csignal>

#include "migrator/base/interrupt.h"
#include "migrator/base/status.h"

namespace migrate::commands {

enum class ExitCode {
  kOk = 0,
  kProblem = 1,
  kBadInput = 2,
  kInternalError = 70,  // EX_SOFTWARE: an exception escaped, a bug in migrate (cli/main.cc)
  kSignalBase = 128,
};

/// kInvalidInput and kNotFound (an unknown revision, file or folder the user
/// named) are bad input; kInterrupted is 128 + the signal that came (SIGINT
/// when none did: a test's status); everything else is a problem found while
/// working.
inline ExitCode ExitCodeFor(const base::Status& status) {
  switch (status.code()) {
    case base::StatusCode::kOk: return ExitCode::kOk;
    case base::StatusCode::kInvalidInput:
    case base::StatusCode::kNotFound: return ExitCode::kBadInput;
    case base::StatusCode::kInterrupted: {
      const int signal = base::Interrupted() ? base::InterruptSignal() : SIGINT;
      return static_cast<ExitCode>(static_cast<int>(ExitCode::kSignalBase) + signal);
    }
    default: return ExitCode::kProblem;
  }
}

/// `status` once the command is over: a failure that came after a signal is
/// the interrupt's doing (a cancelled statement, a wait cut short), so it
/// becomes kInterrupted, its message and context kept. Anything else as is:
/// a command that finished before the signal could stop it did its work.
inline base::Status AfterInterrupt(base::Status status) {
  if (status.ok() || !base::Interrupted() || status.code() == base::StatusCode::kInterrupted) {
    return status;
  }
  return std::move(status).WithCode(base::StatusCode::kInterrupted);
}

}  // namespace migrate::commands

#endif  // MIGRATOR_COMMANDS_EXIT_CODE_H_
