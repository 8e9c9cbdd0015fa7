// Child processes for the tests that run programs the way a shell user
// would: the built `migrate`, the example embedding program, and the sqlite3
// and psql clients that check what `migrate` did. One spawner serves two
// uses:
//
//   ChildProcess::Start  starts a child in the background, its standard
//                        output and error both to one file, so that sixteen
//                        children never block on a full pipe; the test
//                        decides when to wait for it, or to signal it.
//   RunProcess           runs a child and waits for it, with `stdin_text`
//                        on its standard input and its standard output and
//                        error captured separately.
//
// A child gets its own working directory if asked, and an environment
// derived from ours with explicit changes (a value sets a variable, nullopt
// removes it). It starts with SIGPIPE at its default and no signal blocked,
// as from a shell, whatever the test's threads do.
//
// A child that outlives its ChildProcess, or RunProcess's timeout, is killed
// (SIGKILL, by pid) and reaped, so a hung `migrate` fails one test instead
// of the run and a failed test leaves no process behind.
//
// Thread safety: Start and RunProcess may be called from several threads at
// once (posix_spawn; every descriptor we open is close-on-exec, so one child
// never holds another's files); one ChildProcess is used by one thread.

#ifndef MIGRATOR_TESTS_SUPPORT_PROCESS_H_
#define MIGRATOR_TESTS_SUPPORT_PROCESS_H_

#include <sys/types.h>

#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace migrate::testing {

/// Changes to our environment for a child: a value sets the variable, nullopt removes it.
using ProcessEnv = std::map<std::string, std::optional<std::string>>;

class ChildProcess {
 public:
  using Env = ProcessEnv;

  /// Where a child runs and what its standard streams are.
  struct Setup {
    /// The child's working directory; "" = ours.
    std::string cwd;
    Env env;
    /// Open descriptors that become the child's stdin, stdout and stderr
    /// (ours stay open); -1 = /dev/null.
    int stdin_fd = -1;
    int stdout_fd = -1;
    int stderr_fd = -1;
  };

  /// Starts `argv` (argv[0] a path, or a name looked up in our PATH) as
  /// `setup` says. Returns nullptr and sets `*error` if it cannot start.
  static std::unique_ptr<ChildProcess> Spawn(const std::vector<std::string>& argv,
                                             const Setup& setup, std::string* error);

  /// Starts `argv` in the background with our environment changed by
  /// `env`, its stdout and stderr to `output_file` (created or truncated),
  /// stdin from /dev/null. Returns nullptr and records a gtest failure if
  /// it cannot start.
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
  /// SIGKILL unless the child has ended, then reaps it. Returns its exit status.
  int Kill();
  /// What the child printed so far to the output file of Start (stdout and
  /// stderr, interleaved); "" for a child of Spawn.
  std::string Output() const;

 private:
  ChildProcess(pid_t pid, int pidfd) : pid_(pid), pidfd_(pidfd) {}

  pid_t pid_;
  int pidfd_;  // readable once the child ends; -1 if the kernel gave none
  std::string output_file_;
  std::optional<int> exit_status_;
};

struct ProcessOptions {
  /// The child's working directory; "" = ours.
  std::string cwd;
  ProcessEnv env;
  /// Written to the child's standard input, which then ends.
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

/// Runs `argv` (argv[0] a path, or a name looked up in PATH) and waits for
/// it, killing it after `options.timeout`. Never throws; a child that cannot
/// start has exit_code -1 and `failure` set.
ProcessResult RunProcess(const std::vector<std::string>& argv, const ProcessOptions& options);

}  // namespace migrate::testing

#endif  // MIGRATOR_TESTS_SUPPORT_PROCESS_H_
