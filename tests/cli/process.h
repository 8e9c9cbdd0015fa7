// RunProcess: runs a program as a child process the way a shell user would,
// for the end-to-end tests of the `migrate` binary (and of the sqlite3 and
// psql clients that check what it did). The child gets its own working
// directory, an environment derived from ours with explicit changes, and
// `stdin_text` on its standard input; its standard output, standard error
// and exit status are captured separately.
//
// A child that runs longer than the timeout is killed (by its pid) and the
// result says so, so a hung `migrate` fails one test instead of the run.
//
// Thread safety: RunProcess may be called from several threads at once (to
// run processes concurrently): between fork and exec the child makes only
// async-signal-safe calls, and every pipe is close-on-exec, so one child
// never holds another's pipe open.

#ifndef MIGRATOR_TESTS_CLI_PROCESS_H_
#define MIGRATOR_TESTS_CLI_PROCESS_H_

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace migrate::cli_test {

struct ProcessOptions {
  /// The child's working directory; "" = ours.
  std::string cwd;
  /// Changes to our environment: a value sets the variable, nullopt removes it.
  std::map<std::string, std::optional<std::string>> env;
  /// Written to the child's standard input, which is then closed.
  std::string stdin_text;
  std::chrono::seconds timeout{120};
};

struct ProcessResult {
  /// The exit status; 128 + N when killed by signal N; -1 when it could not start.
  int exit_code = -1;
  std::string out;
  std::string err;
  /// Why the process did not run to completion ("" when it did).
  std::string failure;

  /// "exit N", stdout and stderr, for assertion messages.
  std::string Describe() const;
};

/// Runs `argv` (argv[0] is a path, or a name looked up in PATH) and waits for
/// it. Never throws; a child that cannot start has exit_code -1 and `failure` set.
ProcessResult RunProcess(const std::vector<std::string>& argv, const ProcessOptions& options);

}  // namespace migrate::cli_test

#endif  // MIGRATOR_TESTS_CLI_PROCESS_H_
