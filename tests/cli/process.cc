#include "tests/cli/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>

extern char** environ;

namespace migrate::cli_test {

namespace {

// argv[0] as execve needs it: unchanged if it has a '/', else the first
// executable of that name in PATH (resolved before fork, where it is safe).
std::string FindProgram(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return name;
}

std::vector<std::string> ChildEnvironment(
    const std::map<std::string, std::optional<std::string>>& changes) {
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string entry = *e;
    const std::string name = entry.substr(0, entry.find('='));
    if (changes.count(name) == 0) env.push_back(entry);
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

void CloseIfOpen(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

std::string ProcessResult::Describe() const {
  std::string text = "exit " + std::to_string(exit_code);
  if (!failure.empty()) text += " (" + failure + ")";
  return text + "\n--- stdout:\n" + out + "--- stderr:\n" + err + "---";
}

ProcessResult RunProcess(const std::vector<std::string>& argv, const ProcessOptions& options) {
  ProcessResult result;
  if (argv.empty()) {
    result.failure = "no program given";
    return result;
  }
  // A child that exits without reading its input must fail the write, not kill us.
  ::signal(SIGPIPE, SIG_IGN);

  std::vector<std::string> args = argv;
  args[0] = FindProgram(argv[0]);
  std::vector<std::string> env = ChildEnvironment(options.env);
  std::vector<char*> c_args = CStrings(args);
  std::vector<char*> c_env = CStrings(env);

  int in[2], out[2], err[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
    result.failure = std::string("pipe: ") + std::strerror(errno);
    return result;
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    result.failure = std::string("fork: ") + std::strerror(errno);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) ::close(fd);
    return result;
  }
  if (pid == 0) {
    // Child: only async-signal-safe calls from here on.
    ::signal(SIGPIPE, SIG_DFL);
    ::dup2(in[0], STDIN_FILENO);
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(err[1], STDERR_FILENO);
    if (!options.cwd.empty() && ::chdir(options.cwd.c_str()) != 0) {
      static const char kMessage[] = "RunProcess: cannot chdir to the working directory\n";
      (void)!::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
      ::_exit(127);
    }
    ::execve(c_args[0], c_args.data(), c_env.data());
    static const char kMessage[] = "RunProcess: execve failed\n";
    (void)!::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
    ::_exit(127);
  }

  ::close(in[0]);
  ::close(out[1]);
  ::close(err[1]);
  int stdin_fd = in[1], stdout_fd = out[0], stderr_fd = err[0];
  ::fcntl(stdin_fd, F_SETFL, O_NONBLOCK);
  std::size_t written = 0;
  if (options.stdin_text.empty()) CloseIfOpen(stdin_fd);

  const auto deadline = std::chrono::steady_clock::now() + options.timeout;
  bool timed_out = false;
  while (stdout_fd >= 0 || stderr_fd >= 0) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    pollfd fds[3];
    nfds_t n = 0;
    if (stdout_fd >= 0) fds[n++] = {stdout_fd, POLLIN, 0};
    if (stderr_fd >= 0) fds[n++] = {stderr_fd, POLLIN, 0};
    if (stdin_fd >= 0) fds[n++] = {stdin_fd, POLLOUT, 0};
    if (::poll(fds, n, static_cast<int>(left.count())) < 0) {
      if (errno == EINTR) continue;
      result.failure = std::string("poll: ") + std::strerror(errno);
      ::kill(pid, SIGKILL);
      break;
    }
    for (nfds_t i = 0; i < n; ++i) {
      if (fds[i].revents == 0) continue;
      if (fds[i].fd == stdin_fd) {
        const ssize_t w = ::write(stdin_fd, options.stdin_text.data() + written,
                                  options.stdin_text.size() - written);
        if (w > 0) written += static_cast<std::size_t>(w);
        if (w < 0 && errno != EAGAIN && errno != EINTR) CloseIfOpen(stdin_fd);
        if (written == options.stdin_text.size()) CloseIfOpen(stdin_fd);
        continue;
      }
      char buffer[65536];
      const ssize_t r = ::read(fds[i].fd, buffer, sizeof buffer);
      if (r > 0) {
        (fds[i].fd == stdout_fd ? result.out : result.err).append(buffer, static_cast<std::size_t>(r));
      } else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
        CloseIfOpen(fds[i].fd == stdout_fd ? stdout_fd : stderr_fd);
      }
    }
  }
  CloseIfOpen(stdin_fd);
  CloseIfOpen(stdout_fd);
  CloseIfOpen(stderr_fd);

  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(status)) {
    result.exit_code = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.exit_code = 128 + WTERMSIG(status);
  }
  if (timed_out) {
    result.failure = "killed after " + std::to_string(options.timeout.count()) + "s";
  }
  return result;
}

}  // namespace migrate::cli_test
