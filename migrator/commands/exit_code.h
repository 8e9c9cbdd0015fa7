// Exit statuses, per the contract: 0 success; 1 the command ran and found a
// problem (a failed migration, `check` not at head, drift); 2 bad usage or
// bad input files. The one place a Status becomes an exit status.

#ifndef MIGRATOR_COMMANDS_EXIT_CODE_H_
#define MIGRATOR_COMMANDS_EXIT_CODE_H_

#include "migrator/base/status.h"

namespace migrate::commands {

enum class ExitCode { kOk = 0, kProblem = 1, kBadInput = 2 };

inline ExitCode ExitCodeFor(const base::Status& status) {
  if (status.ok()) return ExitCode::kOk;
  return status.code() == base::StatusCode::kInvalidInput ? ExitCode::kBadInput : ExitCode::kProblem;
}

}  // namespace migrate::commands

#endif  // MIGRATOR_COMMANDS_EXIT_CODE_H_
