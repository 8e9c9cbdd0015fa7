#include "tests/support/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

extern char** environ;

namespace migrate::testing {

namespace {

std::vector<std::string> ChildEnvironment(const ProcessEnv& changes) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    if (changes.count(entry.substr(0, entry.find('='))) == 0) env.push_back(entry);
  }
  for (const auto& [name, value] : changes) {
    if (value) env.push_back(name + "=" + *value);
  }
  return env;
}

std::vector<char*> CStrings(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

int DecodeStatus(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// An anonymous in-memory file (close-on-exec) for one standard stream of a
// RunProcess child: files, unlike pipes, need nobody to drain them while
// the child runs. Closed when destroyed.
class MemoryFile {
 public:
  MemoryFile() : fd_(::memfd_create("migrate-test-stream", MFD_CLOEXEC)) {}
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  ~MemoryFile() {
    if (fd_ >= 0) ::close(fd_);
  }

  /// -1 if the file could not be made (errno says why).
  int fd() const { return fd_; }

  /// Writes `text` and rewinds, so a child reading the file starts at its
  /// beginning. Returns false on a write error (errno says why).
  bool Fill(const std::string& text) const {
    for (std::size_t written = 0; written < text.size();) {
      const ssize_t w = ::write(fd_, text.data() + written, text.size() - written);
      if (w < 0 && errno != EINTR) return false;
      if (w > 0) written += static_cast<std::size_t>(w);
    }
    return ::lseek(fd_, 0, SEEK_SET) == 0;
  }

  /// Everything in the file.
  std::string Contents() const {
    std::string text;
    char buffer[65536];
    for (off_t offset = 0;;) {
      const ssize_t r = ::pread(fd_, buffer, sizeof buffer, offset);
      if (r < 0 && errno == EINTR) continue;
      if (r <= 0) return text;
      text.append(buffer, static_cast<std::size_t>(r));
      offset += r;
    }
  }

 private:
  int fd_;
};

}  // namespace

std::unique_ptr<ChildProcess> ChildProcess::Spawn(const std::vector<std::string>& argv,
                                                  const Setup& setup, std::string* error) {
  if (argv.empty()) {
    *error = "no program given";
    return nullptr;
  }
  std::vector<std::string> args = argv;
  std::vector<std::string> environment = ChildEnvironment(setup.env);
  std::vector<char*> c_args = CStrings(args);
  std::vector<char*> c_env = CStrings(environment);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  if (!setup.cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions, setup.cwd.c_str());
  const int streams[] = {setup.stdin_fd, setup.stdout_fd, setup.stderr_fd};
  for (int target = 0; target < 3; ++target) {
    if (streams[target] >= 0) {
      posix_spawn_file_actions_adddup2(&actions, streams[target], target);
    } else {
      posix_spawn_file_actions_addopen(&actions, target, "/dev/null",
                                       target == 0 ? O_RDONLY : O_WRONLY, 0);
    }
  }
  // As from a shell: no signal blocked, SIGPIPE not ignored even if we ignore it.
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  sigset_t signals;
  sigemptyset(&signals);
  posix_spawnattr_setsigmask(&attributes, &signals);
  sigaddset(&signals, SIGPIPE);
  posix_spawnattr_setsigdefault(&attributes, &signals);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

  pid_t pid = 0;
  const int rc = posix_spawnp(&pid, c_args[0], &actions, &attributes, c_args.data(), c_env.data());
  posix_spawnattr_destroy(&attributes);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) {
    *error = "cannot start " + argv[0] + (setup.cwd.empty() ? "" : " in " + setup.cwd) + ": " +
             std::strerror(rc);
    return nullptr;
  }
  // Close-on-exec by definition; lets Wait sleep until the child ends.
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  return std::unique_ptr<ChildProcess>(new ChildProcess(pid, pidfd));
}

std::unique_ptr<ChildProcess> ChildProcess::Start(const std::vector<std::string>& argv,
                                                  const std::string& output_file, const Env& env) {
  const int output = ::open(output_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (output < 0) {
    ADD_FAILURE() << "cannot create " << output_file << ": " << std::strerror(errno);
    return nullptr;
  }
  std::string error;
  std::unique_ptr<ChildProcess> child =
      Spawn(argv, {.env = env, .stdout_fd = output, .stderr_fd = output}, &error);
  ::close(output);
  if (child == nullptr) {
    ADD_FAILURE() << error;
    return nullptr;
  }
  child->output_file_ = output_file;
  return child;
}

ChildProcess::~ChildProcess() {
  Kill();
  if (pidfd_ >= 0) ::close(pidfd_);
}

std::optional<int> ChildProcess::Wait(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!exit_status_) {
    int status = 0;
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    if (done == pid_) {
      exit_status_ = DecodeStatus(status);
      break;
    }
    if (done < 0 && errno != EINTR) {
      ADD_FAILURE() << "waitpid(" << pid_ << "): " << std::strerror(errno);
      exit_status_ = -1;
      break;
    }
    const long long left = std::chrono::duration_cast<std::chrono::milliseconds>(
                               deadline - std::chrono::steady_clock::now())
                               .count();
    if (left <= 0) break;
    // The pidfd becomes readable as the child ends; without one, look again soon.
    pollfd ended{pidfd_, POLLIN, 0};
    ::poll(&ended, 1, static_cast<int>(std::min<long long>(left, pidfd_ >= 0 ? INT_MAX : 5)));
  }
  return exit_status_;
}

bool ChildProcess::Running() { return !Wait(std::chrono::milliseconds(0)).has_value(); }

void ChildProcess::Signal(int signal) { ::kill(pid_, signal); }

int ChildProcess::Kill() {
  if (!exit_status_) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    pid_t done = 0;
    while ((done = ::waitpid(pid_, &status, 0)) < 0 && errno == EINTR) {
    }
    exit_status_ = done == pid_ ? DecodeStatus(status) : -1;
  }
  return *exit_status_;
}

std::string ChildProcess::Output() const {
  return output_file_.empty() ? "" : ReadFile(output_file_);
}

std::string ProcessResult::Describe() const {
  std::string text = "exit " + std::to_string(exit_code);
  if (!failure.empty()) text += " (" + failure + ")";
  return text + "\n--- stdout:\n" + out + "--- stderr:\n" + err + "---";
}

ProcessResult RunProcess(const std::vector<std::string>& argv, const ProcessOptions& options) {
  ProcessResult result;
  const MemoryFile in, out, err;
  for (const MemoryFile* file : {&in, &out, &err}) {
    if (file->fd() < 0) {
      result.failure = std::string("memfd_create: ") + std::strerror(errno);
      return result;
    }
  }
  if (!in.Fill(options.stdin_text)) {
    result.failure = std::string("cannot write the standard input: ") + std::strerror(errno);
    return result;
  }
  std::string error;
  std::unique_ptr<ChildProcess> child = ChildProcess::Spawn(
      argv, {options.cwd, options.env, in.fd(), out.fd(), err.fd()}, &error);
  if (child == nullptr) {
    result.failure = error;
    return result;
  }
  std::optional<int> status = child->Wait(options.timeout);
  if (!status) {
    status = child->Kill();
    result.failure = "killed after " + std::to_string(options.timeout.count()) + "s";
  }
  result.exit_code = *status;
  result.out = out.Contents();
  result.err = err.Contents();
  return result;
}

}  // namespace migrate::testing
