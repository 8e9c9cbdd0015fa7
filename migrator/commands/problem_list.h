// Commands that find several problems at once (preflight, check, verify)
// report all of them, and end with the last one as the command's error,
// carrying the totals, so text and JSON output list every problem once.

#ifndef MIGRATOR_COMMANDS_PROBLEM_LIST_H_
#define MIGRATOR_COMMANDS_PROBLEM_LIST_H_

#include <string>
#include <vector>

#include "migrator/base/status.h"
#include "migrator/report/reporter.h"

namespace migrate::commands {

/// Reports every problem but the last, and returns the last with the line
/// "<what> found N problem(s)<consequence>" appended.
/// REQUIRES: !problems.empty().
inline base::Status ReportProblems(report::Reporter& reporter, std::vector<base::Status> problems,
                                   const std::string& what, const std::string& consequence) {
  for (std::size_t i = 0; i + 1 < problems.size(); ++i) reporter.Problem(problems[i]);
  const std::size_t n = problems.size();
  return std::move(problems.back())
      .WithContext(what + " found " + std::to_string(n) + (n == 1 ? " problem" : " problems") +
                   consequence);
}

}  // namespace migrate::commands

#endif  // MIGRATOR_COMMANDS_PROBLEM_LIST_H_
