// `migrate`'s output as a terminal and as a CI log see it: under a
// pseudo-terminal (forkpty) with and without TERM=dumb and NO_COLOR, and
// through a pipe while a migration still runs, where each line must arrive
// as it happens. Also --help wrapped to COLUMNS.

#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/temp_dir.h"

namespace migrate::cli_test {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using migrate::testing::TempDir;
using Env = std::map<std::string, std::optional<std::string>>;
using Clock = std::chrono::steady_clock;

struct Finished {
  int exit_code = -1;  // 128 + N when killed by signal N
  std::string output;
};

// In the child, after fork: applies `env` and execs `argv`; never returns.
[[noreturn]] void Exec(const std::vector<std::string>& argv, const Env& env) {
  for (const auto& [name, value] : env) {
    if (value) {
      setenv(name.c_str(), value->c_str(), 1);
    } else {
      unsetenv(name.c_str());
    }
  }
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  execv(args[0], args.data());
  _exit(127);
}

int ExitCode(int status) {
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

// Runs `argv` on a new pseudo-terminal (stdin, stdout and stderr all on
// it), 80x24, and returns what it wrote there and its exit status.
Finished RunOnTerminal(const std::vector<std::string>& argv, const Env& env) {
  int master = -1;
  winsize size = {};
  size.ws_row = 24;
  size.ws_col = 80;
  const pid_t pid = forkpty(&master, nullptr, nullptr, &size);
  if (pid == 0) Exec(argv, env);
  Finished finished;
  if (pid < 0) {
    ADD_FAILURE() << "forkpty: " << std::strerror(errno);
    return finished;
  }
  char buffer[4096];
  while (true) {
    const ssize_t n = read(master, buffer, sizeof buffer);
    if (n > 0) {
      finished.output.append(buffer, static_cast<size_t>(n));
    } else if (n < 0 && errno == EINTR) {
      continue;
    } else {
      break;  // EIO: the child closed the terminal
    }
  }
  close(master);
  int status = 0;
  waitpid(pid, &status, 0);
  finished.exit_code = ExitCode(status);
  return finished;
}

// A child whose stdout and stderr go to one pipe that the test reads while
// it runs, as a CI runner reads a job's log.
class PipedChild {
 public:
  PipedChild(const std::vector<std::string>& argv, const Env& env) {
    int fds[2];
    if (pipe(fds) != 0) {
      ADD_FAILURE() << "pipe: " << std::strerror(errno);
      return;
    }
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], STDOUT_FILENO);
      dup2(fds[1], STDERR_FILENO);
      close(fds[0]);
      close(fds[1]);
      Exec(argv, env);
    }
    close(fds[1]);
    read_end_ = fds[0];
  }
  ~PipedChild() {
    if (pid_ > 0 && !reaped_) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    if (read_end_ >= 0) close(read_end_);
  }

  /// Reads until `text` has arrived (true) or the pipe closes (false).
  bool ReadUntil(const std::string& text) {
    char buffer[4096];
    while (output_.find(text) == std::string::npos) {
      const ssize_t n = read(read_end_, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      output_.append(buffer, static_cast<size_t>(n));
    }
    return true;
  }
  bool Running() {
    if (reaped_) return false;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == 0) return true;
    Reaped(status);
    return false;
  }
  void Signal(int signal) { kill(pid_, signal); }
  /// Reads to the end and waits for the child.
  Finished Finish() {
    ReadUntil(std::string(1, '\0'));  // never written: reads until the pipe closes
    Finished finished;
    finished.output = output_;
    int status = 0;
    if (!reaped_) {
      waitpid(pid_, &status, 0);
      Reaped(status);
    }
    finished.exit_code = exit_code_;
    return finished;
  }
  const std::string& output() const { return output_; }

 private:
  void Reaped(int status) {
    reaped_ = true;
    exit_code_ = ExitCode(status);
  }
  pid_t pid_ = -1;
  int read_end_ = -1;
  bool reaped_ = false;
  int exit_code_ = -1;
  std::string output_;
};

class TerminalOutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_.Write("migrate.toml", "[migrate]\nscript_location = \"migrations\"\n");
    dir_.Write("migrations/a1_customers.sql",
               "-- create customers\n--\n-- revision: a1\n-- down_revision:\n\n"
               "-- migrate:upgrade\nCREATE TABLE customers (id integer PRIMARY KEY);\n");
    dir_.Write("migrations/a2_orders.sql",
               "-- create orders\n--\n-- revision: a2\n-- down_revision: a1\n\n"
               "-- migrate:upgrade\nCREATE TABLE orders (id integer PRIMARY KEY);\n");
  }

  std::vector<std::string> Upgrade(std::vector<std::string> before = {}) const {
    std::vector<std::string> argv = {MIGRATE_BINARY, "-c", dir_.Path("migrate.toml"), "--url",
                                     "sqlite:///" + dir_.Path("app.db")};
    argv.insert(argv.end(), before.begin(), before.end());
    argv.push_back("upgrade");
    argv.push_back("head");
    return argv;
  }

  TempDir dir_;
};

TEST_F(TerminalOutputTest, ATerminalGetsColourAndTheStartLineRewritten) {
  Finished run = RunOnTerminal(Upgrade(), {{"TERM", "xterm"}, {"NO_COLOR", std::nullopt}});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  // The start line is left open and erased by the result line.
  EXPECT_THAT(run.output, HasSubstr("→ a1 create customers\r\033[K"));
  EXPECT_THAT(run.output, HasSubstr("\033[32m✓\033[0m applied  \033[1ma1\033[0m  "));
}

TEST_F(TerminalOutputTest, TermDumbGetsNoControlCodes) {
  Finished run = RunOnTerminal(Upgrade(), {{"TERM", "dumb"}, {"NO_COLOR", std::nullopt}});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output.find('\033'), std::string::npos) << run.output;
  // A terminal turns "\n" into "\r\n"; no other carriage return is written.
  EXPECT_THAT(run.output, HasSubstr("→ a1 create customers\r\n✓ applied  a1  "));
  EXPECT_THAT(run.output, HasSubstr("→ a2 create orders\r\n✓ applied  a2  "));
}

TEST_F(TerminalOutputTest, NoColorKeepsTheTerminalButDropsTheColours) {
  Finished run = RunOnTerminal(Upgrade(), {{"TERM", "xterm"}, {"NO_COLOR", "1"}});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_THAT(run.output, Not(HasSubstr("\033[3")));  // no foreground colour
  EXPECT_THAT(run.output, Not(HasSubstr("\033[1m")));
  EXPECT_THAT(run.output, HasSubstr("\r\033[K✓ applied  a1  "));
}

TEST_F(TerminalOutputTest, VerboseOnATerminalPrintsStatementsBeforeTheResultLine) {
  Finished run = RunOnTerminal(Upgrade({"-v"}), {{"TERM", "dumb"}});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  const std::size_t started = run.output.find("→ a1 create customers\r\n");
  const std::size_t statement = run.output.find("line 7: CREATE TABLE customers");
  const std::size_t result = run.output.find("✓ applied  a1");
  ASSERT_NE(started, std::string::npos) << run.output;
  ASSERT_NE(statement, std::string::npos) << run.output;
  ASSERT_NE(result, std::string::npos) << run.output;
  EXPECT_LT(started, statement);
  EXPECT_LT(statement, result);
}

TEST_F(TerminalOutputTest, ThroughAPipeEachLineArrivesWhileTheMigrationRuns) {
  // a3 counts for minutes (a recursive CTE): its start line must be in the
  // log long before the process ends.
  dir_.Write("migrations/a3_backfill.sql",
             "-- backfill order totals\n--\n-- revision: a3\n-- down_revision: a2\n\n"
             "-- migrate:upgrade\nCREATE TABLE totals (n integer);\n"
             "INSERT INTO totals SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION "
             "ALL SELECT x + 1 FROM c WHERE x < 10000000000) SELECT x FROM c);\n");
  PipedChild child(Upgrade(), {{"NO_COLOR", std::nullopt}, {"TERM", "xterm"}});
  ASSERT_TRUE(child.ReadUntil("→ a3 backfill order totals\n")) << child.output();
  EXPECT_TRUE(child.Running()) << child.output();
  // Whole lines, in order, no control codes (a pipe is no terminal).
  EXPECT_EQ(child.output().find('\033'), std::string::npos) << child.output();
  EXPECT_THAT(child.output(), ::testing::StartsWith("→ a1 create customers\n✓ applied  a1  "));
  EXPECT_THAT(child.output(), HasSubstr("\n→ a2 create orders\n✓ applied  a2  "));
  child.Signal(SIGINT);
  Finished run = child.Finish();
  EXPECT_EQ(run.exit_code, 130) << run.output;
  EXPECT_THAT(run.output, HasSubstr("→ a3 backfill order totals\ninterrupted: a3 rolled back, "
                                    "nothing recorded\n"));
}

TEST_F(TerminalOutputTest, ResultLinesAreColumnsAndSubMillisecondTimesSayLessThan1ms) {
  dir_.Write("migrations/a3_longer_id_create_notes.sql",
             "-- create notes\n--\n-- revision: a3_longer_id\n-- down_revision: a2\n\n"
             "-- migrate:upgrade\nCREATE TABLE notes (id integer PRIMARY KEY);\n");
  PipedChild child(Upgrade(), {});
  Finished run = child.Finish();
  ASSERT_EQ(run.exit_code, 0) << run.output;
  std::vector<std::string> results;
  std::istringstream lines(run.output);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("✓ applied", 0) == 0) results.push_back(line);
  }
  ASSERT_EQ(results.size(), 3u) << run.output;
  // The message column starts at the same place on every line, whatever
  // the id's length and the time taken.
  const std::size_t column = results[0].find("create customers");
  EXPECT_EQ(results[1].find("create orders"), column) << run.output;
  EXPECT_EQ(results[2].find("create notes"), column) << run.output;
  EXPECT_THAT(run.output, Not(HasSubstr(" 0ms")));
}

// The display width of `line`: its UTF-8 lead bytes.
std::size_t Columns(const std::string& line) {
  std::size_t columns = 0;
  for (unsigned char c : line) columns += (c & 0xC0) != 0x80;
  return columns;
}

// `migrate ARGS` with COLUMNS=60 through a pipe: its lines, each checked
// to fit in 60 columns.
std::vector<std::string> HelpLines(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {MIGRATE_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  PipedChild child(argv, {{"COLUMNS", "60"}});
  Finished run = child.Finish();
  EXPECT_EQ(run.exit_code, 0) << run.output;
  std::vector<std::string> lines;
  std::istringstream text(run.output);
  for (std::string line; std::getline(text, line);) lines.push_back(line);
  for (const std::string& line : lines) EXPECT_LE(Columns(line), 60u) << line;
  EXPECT_GT(lines.size(), 5u) << run.output;
  return lines;
}

TEST(HelpWrapTest, CommandHelpFitsInColumns) { HelpLines({"upgrade", "--help"}); }

TEST(HelpWrapTest, WrapsToColumnsWithAHangingIndent) {
  const std::vector<std::string> lines = HelpLines({"--help"});
  // --lock-timeout's description is longer than the 30 columns left for it:
  // it goes on under itself, not at the start of the line.
  bool found = false;
  for (std::size_t i = 0; i + 1 < lines.size(); ++i) {
    if (lines[i].find("--lock-timeout") == std::string::npos) continue;
    found = true;
    EXPECT_EQ(lines[i].find("How long"), 30u) << lines[i];
    EXPECT_EQ(lines[i + 1].find_first_not_of(' '), 30u) << lines[i + 1];
  }
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace migrate::cli_test
