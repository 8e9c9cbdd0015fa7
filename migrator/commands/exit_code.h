// Exit statuses, per the contract: 0 success; 1 the command ran and found a
// problem (a failed migration, `check` not at head, drift); 2 bad usage or
// bad input files. The one place a Status becomes an exit status.

#ifndef MIGRATOR_COMMANDS_EXIT_CODE_H_
#define MIGRATOR_COMMANDS_EXIT_CODE_H_

#include "migrator/base/status.h"

namespace migrate::commands {

enum class ExitCode { kOk = 0, kProblem = 1, kBadInput = 2 };

/// kInvalidInput and kNotFound (an unknown revision, file or folder the user
/// named) are bad input; everything else is a problem found while working.
inline ExitCode ExitCodeFor(const base::Status& status) {
  switch (status.code()) {
    case base::StatusCode::kOk: return ExitCode::kOk;
    case base::StatusCode::kInvalidInput:
    case base::StatusCode::kNotFound: return ExitCode::kBadInput;
    default: return ExitCode::kProblem;
  }
}

}  // namespace migrate::commands

#endif  // MIGRATOR_COMMANDS_EXIT_CODE_H_
