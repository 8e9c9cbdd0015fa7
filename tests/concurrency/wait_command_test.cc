// `migrate wait` and `--wait` against databases that are not there yet: a
// port where nothing listens (exit 1 once the wait is over, saying how many
// attempts over how long), a password the server refuses (not retried), a
// private PostgreSQL server that only starts seconds after `migrate wait`
// and `migrate upgrade head` (both then succeed), and SQLite (ready at once).

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/dozen_migrations.h"
#include "tests/support/private_cluster.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_database.h"

namespace migrate::testing {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using ::testing::HasSubstr;
using ::testing::MatchesRegex;

std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (std::string("\\.^$|()[]{}*+?").find(c) != std::string::npos) out += '\\';
    out += c;
  }
  return out;
}

class WaitTest : public ::testing::Test {
 protected:
  struct Outcome {
    int exit_code = -1;
    std::string output;
    milliseconds took{0};
  };

  // Runs `migrate args...` to completion (at most `limit`).
  Outcome Migrate(const std::vector<std::string>& args, seconds limit = seconds(60)) {
    const auto start = std::chrono::steady_clock::now();
    auto child = Start(args);
    if (child == nullptr) return {};
    std::optional<int> status = child->Wait(limit);
    EXPECT_TRUE(status.has_value()) << "migrate still runs after " << limit.count() << "s";
    return Outcome{
        status.value_or(-1), child->Output(),
        std::chrono::duration_cast<milliseconds>(std::chrono::steady_clock::now() - start)};
  }

  std::unique_ptr<ChildProcess> Start(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {MIGRATE_BINARY};
    argv.insert(argv.end(), args.begin(), args.end());
    return ChildProcess::Start(argv, dir_.Path("run" + std::to_string(++runs_) + ".log"),
                               {{"NO_COLOR", "1"}, {"DATABASE_URL", std::nullopt}});
  }

  TempDir dir_;
  int runs_ = 0;
};

TEST_F(WaitTest, NothingListensExit1AfterTheWait) {
  const std::string port = UnusedPort();
  Outcome run = Migrate(
      {"--url", "postgresql://app:s3cret@127.0.0.1:" + port + "/shop", "--wait", "2", "wait"});
  EXPECT_EQ(run.exit_code, 1) << run.output;
  EXPECT_GE(run.took, milliseconds(1900));
  EXPECT_LT(run.took, seconds(10));
  const std::string url = "postgresql://app:\\*\\*\\*@127\\.0\\.0\\.1:" + port + "/shop";
  const std::string refused =
      "connection to server at \"127\\.0\\.0\\.1\", port " + port + " failed: Connection refused";
  EXPECT_THAT(
      run.output,
      MatchesRegex(
          "Waiting: for the database at " + url +
          " to accept connections \\(up to 2s, --wait\\); first attempt: " + refused +
          "\n"
          "error: cannot connect to " +
          url + ": [0-9]+ attempts over 2\\.[0-9]s failed \\(--wait 2s\\); last error: " + refused +
          "\n"
          "Is the server running on that host and accepting TCP/IP "
          "connections\\?\n"));
  EXPECT_EQ(run.output.find("s3cret"), std::string::npos);
}

TEST_F(WaitTest, WaitZeroMakesOneAttempt) {
  const std::string port = UnusedPort();
  Outcome run =
      Migrate({"--url", "postgresql://app@127.0.0.1:" + port + "/shop", "--wait", "0", "wait"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_EQ(run.output, "error: cannot connect to postgresql://app@127.0.0.1:" + port +
                            "/shop: connection to server at \"127.0.0.1\", port " + port +
                            " failed: Connection refused\n"
                            "Is the server running on that host and accepting TCP/IP "
                            "connections?\n");
}

TEST_F(WaitTest, OtherOnlineCommandsWaitWhenAsked) {
  WriteDozenMigrations(dir_);
  const std::string port = UnusedPort();
  Outcome run = Migrate({"-c", dir_.Path("migrate.toml"), "--url",
                         "postgresql://app@127.0.0.1:" + port + "/shop", "--wait", "1", "current"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.output,
              MatchesRegex("Waiting: for the database at .* to accept connections "
                           "\\(up to 1s, --wait\\); first attempt: .*\n"
                           "error: cannot connect to postgresql://app@127\\.0\\.0\\.1:" +
                           port +
                           "/shop: [0-9]+ attempts over 1\\.[0-9]s failed "
                           "\\(--wait 1s\\); last error: .*\n.*\n"));
}

TEST_F(WaitTest, WaitTimeoutFromMigrateToml) {
  const std::string port = UnusedPort();
  dir_.Write("migrate.toml", "[migrate]\nurl = \"postgresql://app@127.0.0.1:" + port +
                                 "/shop\"\nwait_timeout = 1\n");
  Outcome run = Migrate({"-c", dir_.Path("migrate.toml"), "wait"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.output, HasSubstr("(--wait 1s); last error: "));
  EXPECT_LT(run.took, seconds(10));
}

TEST_F(WaitTest, WrongPasswordIsNotRetried) {
  auto database = TestDatabase::Create(Backend::kPostgresql);
  ASSERT_NE(database, nullptr);
  std::string url = database->url();
  const std::string good = ":migrate_test@";
  ASSERT_NE(url.find(good), std::string::npos) << url;
  url.replace(url.find(good), good.size(), ":wrong-password@");
  Outcome run = Migrate({"--url", url, "--wait", "30", "wait"});
  EXPECT_EQ(run.exit_code, 1);
  EXPECT_LT(run.took, seconds(10)) << "an authentication failure must not be retried";
  EXPECT_THAT(run.output,
              MatchesRegex("error: cannot connect to postgresql://migrate_test:\\*\\*\\*@[^ ]*: "
                           "connection to server at .* failed: FATAL:  password authentication "
                           "failed for user \"migrate_test\"\n"
                           "hint: role migrate_test could not log in to 127\\.0\\.0\\.1:[0-9]+ "
                           "\\(database [a-z0-9_]+\\): check that the role exists and the "
                           "password in the URL \\(not shown\\), and the METHOD of the "
                           "pg_hba\\.conf line that matches this role, database and client "
                           "address \\(`migrate db status` tells a missing role from a wrong "
                           "password\\)\n"
                           "not retried: authentication failed \\(waiting would not help; "
                           "attempt 1 after [0-9]+ms\\)\n"));
  EXPECT_EQ(run.output.find("wrong-password"), std::string::npos);
}

TEST_F(WaitTest, SqliteIsReadyAtOnce) {
  const std::string url = "sqlite:///" + dir_.Path("app.db");
  Outcome run = Migrate({"--url", url, "wait"});
  EXPECT_EQ(run.exit_code, 0) << run.output;
  EXPECT_EQ(run.output, "The database at " + url + " accepts connections\n");
}

TEST_F(WaitTest, AServerThatStartsLaterIsWaitedFor) {
  PrivateCluster cluster(dir_.Path("cluster"));
  ASSERT_TRUE(cluster.started());
  const std::string url = cluster.url();
  ASSERT_FALSE(url.empty());
  ASSERT_TRUE(cluster.Stop());

  // migrate wait, started while the server is down.
  auto waiting = Start({"--url", url, "--wait", "60", "wait"});
  ASSERT_NE(waiting, nullptr);
  std::this_thread::sleep_for(seconds(3));
  EXPECT_TRUE(waiting->Running()) << waiting->Output();
  ASSERT_TRUE(cluster.Start());
  std::optional<int> status = waiting->Wait(seconds(30));
  ASSERT_TRUE(status.has_value()) << "migrate wait did not notice the server:\n"
                                  << waiting->Output();
  EXPECT_EQ(*status, 0) << waiting->Output();
  EXPECT_THAT(waiting->Output(),
              MatchesRegex("Waiting: for the database at " + Escape(url) +
                           " to accept connections \\(up to 1min, --wait\\); first attempt: "
                           "connection to server at .* failed: Connection refused\n"
                           "The database at " +
                           Escape(url) + " accepts connections\n"));

  // The same for upgrade: it connects once the server is back, then migrates.
  WriteDozenMigrations(dir_);
  ASSERT_TRUE(cluster.Stop());
  auto upgrading =
      Start({"-c", dir_.Path("migrate.toml"), "--url", url, "--wait", "60", "upgrade", "head"});
  ASSERT_NE(upgrading, nullptr);
  std::this_thread::sleep_for(seconds(2));
  EXPECT_TRUE(upgrading->Running()) << upgrading->Output();
  ASSERT_TRUE(cluster.Start());
  status = upgrading->Wait(seconds(60));
  ASSERT_TRUE(status.has_value()) << upgrading->Output();
  EXPECT_EQ(*status, 0) << upgrading->Output();
  EXPECT_THAT(upgrading->Output(), HasSubstr("Applied 12 migrations"));
}

}  // namespace
}  // namespace migrate::testing
