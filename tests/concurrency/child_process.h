// ChildProcess: a `migrate` (or any program) running in the background,
// for the tests that start many at once or kill one in the middle of its
// work. Unlike tests/cli's RunProcess, starting does not wait: the test
// decides when to wait for it, or when to send it a signal.
//
// The child's standard output and standard error both go to one file
// (`output_file`), so sixteen children never block on a full pipe, and the
// test reads what each printed after it ended. The child gets our
// environment with explicit changes.
//
// A ChildProcess that is destroyed while its child still runs kills it
// (SIGKILL, by pid) and reaps it, so a failed test leaves no process behind.
//
// Thread safety: Start may be called from several threads at once
// (posix_spawn); one ChildProcess is used by one thread.

#ifndef MIGRATOR_TESTS_CONCURRENCY_CHILD_PROCESS_H_
#define MIGRATOR_TESTS_CONCURRENCY_CHILD_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace migrate::testing {

class ChildProcess {
 public:
  using Env = std::map<std::string, std::optional<std::string>>;

  /// Starts `argv` (argv[0] an absolute path) with our environment changed
  /// by `env` (a value sets, nullopt removes), its output to `output_file`.
  /// Returns nullptr and records a gtest failure if it cannot start.
  static std::unique_ptr<ChildProcess> Start(const std::vector<std::string>& argv,
                                             const std::string& output_file, const Env& env = {});

  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  /// Kills and reaps the child if it still runs.
  ~ChildProcess();

  pid_t pid() const { return pid_; }

  /// Waits at most `timeout` for the child to end. Returns its exit status
  /// (128 + N when killed by signal N), or nullopt if it still runs.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  /// True while the child has not ended (it is reaped if it has).
  bool Running();
  /// Sends `signal` to the child. REQUIRES: the child has not been reaped.
  void Signal(int signal);
  /// What the child printed so far (stdout and stderr, interleaved).
  std::string Output() const;

 private:
  ChildProcess(pid_t pid, std::string output_file)
      : pid_(pid), output_file_(std::move(output_file)) {}

  pid_t pid_;
  std::string output_file_;
  std::optional<int> exit_status_;
};

/// `text` with every line "Waiting: ..." left out: what a migrate process
/// printed, minus the notes that depend on who won a race.
std::string WithoutWaitingLines(const std::string& text);

/// Starts `count` processes of `migrate -c <project>/migrate.toml --url <url>
/// --lock-timeout 2min upgrade head` at once (the `migrate` binary at
/// `binary`), each writing to <project>/worker<i>.log, without DATABASE_URL
/// and with NO_COLOR. A process that cannot start is a gtest failure and a
/// nullptr in the result.
std::vector<std::unique_ptr<ChildProcess>> StartUpgradeWorkers(const std::string& binary,
                                                               const std::string& project,
                                                               const std::string& url, int count);

}  // namespace migrate::testing

#endif  // MIGRATOR_TESTS_CONCURRENCY_CHILD_PROCESS_H_
