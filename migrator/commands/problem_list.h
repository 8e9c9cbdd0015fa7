// Commands that find several problems at once (preflight, check, verify)
// report all of them, and end with the last one as the command's error,
// carrying the totals, so text and JSON output list every problem once.

#ifndef MIGRATOR_COMMANDS_PROBLEM_LIST_H_
#define MIGRATOR_COMMANDS_PROBLEM_LIST_H_

#include <algorithm>
#include <string>
#include <vector>

#include "migrator/base/status.h"
#include "migrator/report/reporter.h"

namespace migrate::commands {

/// Reports every problem but the last, and returns the last with the line
/// "<what> found N problem(s)<consequence>" appended. Its code is
/// kInvalidInput (exit 2) if any problem is bad input, so the exit status
/// does not depend on the order problems were found in.
/// REQUIRES: !problems.empty().
inline base::Status ReportProblems(report::Reporter& reporter, std::vector<base::Status> problems,
                                   const std::string& what, const std::string& consequence) {
  const bool bad_input =
      std::any_of(problems.begin(), problems.end(), [](const base::Status& p) {
        return p.code() == base::StatusCode::kInvalidInput;
      });
  for (std::size_t i = 0; i + 1 < problems.size(); ++i) reporter.Problem(problems[i]);
  const std::size_t n = problems.size();
  base::Status last = std::move(problems.back())
                          .WithContext(what + " found " + std::to_string(n) +
                                       (n == 1 ? " problem" : " problems") + consequence);
  return bad_input ? std::move(last).WithCode(base::StatusCode::kInvalidInput) : last;
}

}  // namespace migrate::commands

#endif  // MIGRATOR_COMMANDS_PROBLEM_LIST_H_
