// migrate::embed::Upgrade, the call an application makes at start-up: what
// its result holds when it applies migrations, finds nothing to do, fails
// (problems as the CLI prints them, with file:line, and the CLI's exit
// code), waits for a database that is not there, and runs from 16 threads at
// once on one database.

#include "migrator/embed/migrator.h"

#include <latch>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/dozen_migrations.h"
#include "tests/support/private_cluster.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_database.h"

namespace migrate::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;
using ::testing::IsEmpty;

class EmbedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    database_ = TestDatabase::Create(Backend::kSqlite);
    ASSERT_NE(database_, nullptr);
    WriteDozenMigrations(project_);
  }

  std::string Migrations() const { return project_.Path("migrations"); }

  std::unique_ptr<TestDatabase> database_;
  TempDir project_;
};

TEST_F(EmbedTest, AppliesEverythingThenFindsNothingToDo) {
  embed::UpgradeResult first = embed::Upgrade(database_->url(), Migrations());
  EXPECT_EQ(first.exit_code, 0);
  EXPECT_TRUE(first.ok());
  EXPECT_THAT(first.applied, ElementsAreArray(DozenRevisions()));
  EXPECT_THAT(first.skipped, IsEmpty());
  EXPECT_THAT(first.problems, IsEmpty());
  EXPECT_THAT(first.waited_for, IsEmpty());

  embed::UpgradeResult second = embed::Upgrade(database_->url(), Migrations());
  EXPECT_EQ(second.exit_code, 0);
  EXPECT_THAT(second.applied, IsEmpty());
  EXPECT_THAT(second.problems, IsEmpty());

  auto conn = database_->Connect();
  ASSERT_TRUE(conn.has_value()) << conn.error().ToString();
  ExpectDozenAppliedOnce(**conn, Backend::kSqlite);
}

TEST_F(EmbedTest, TargetStopsPartWay) {
  embed::UpgradeResult result = embed::Upgrade(database_->url(), Migrations(), "r03");
  EXPECT_EQ(result.exit_code, 0);
  EXPECT_THAT(result.applied, ElementsAre("r01", "r02", "r03"));
}

TEST_F(EmbedTest, AFailingMigrationIsExit1WithFileAndLine) {
  project_.Write("migrations/r13_broken.sql",
                 "-- broken\n"
                 "--\n"
                 "-- revision: r13\n"
                 "-- down_revision: r12\n"
                 "\n"
                 "-- migrate:upgrade\n"
                 "CREATE TABLE t13 (id INTEGER PRIMARY KEY);\n"
                 "INSERT INTO no_such_table VALUES (1);\n");
  embed::UpgradeResult result = embed::Upgrade(database_->url(), Migrations());
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_FALSE(result.ok());
  EXPECT_THAT(result.applied, ElementsAreArray(DozenRevisions()));
  EXPECT_THAT(result.problems,
              ElementsAre(Migrations() +
                          "/r13_broken.sql:8: migration r13 failed: no such table: no_such_table\n"
                          "  statement: INSERT INTO no_such_table VALUES (1)\n"
                          "  nothing of revision r13 was recorded; the migrations before it stay "
                          "applied\n  next: fix the migration and run the same command again; it resumes at this migration"));
}

TEST_F(EmbedTest, BadInputIsExit2) {
  embed::UpgradeResult target = embed::Upgrade(database_->url(), Migrations(), "+x");
  EXPECT_EQ(target.exit_code, 2);
  EXPECT_THAT(target.problems,
              ElementsAre("invalid revision target '+x': expected a number of steps after '+'"));

  embed::UpgradeResult url = embed::Upgrade("mysql://localhost/x", Migrations());
  EXPECT_EQ(url.exit_code, 2);
  ASSERT_EQ(url.problems.size(), 1u);
  EXPECT_THAT(url.problems[0],
              ::testing::StartsWith("database URL from migrate::embed::Upgrade: "));
}

TEST_F(EmbedTest, WaitsForTheDatabaseThenGivesUp) {
  const std::string port = UnusedPort();
  embed::Options options;
  options.wait = std::chrono::seconds(1);
  const auto start = std::chrono::steady_clock::now();
  embed::UpgradeResult result = embed::Upgrade("postgresql://app:pw@127.0.0.1:" + port + "/shop",
                                               Migrations(), "head", options);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(950));
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.waited_for,
              ElementsAre("for the database at postgresql://app:***@127.0.0.1:" + port +
                          "/shop to accept connections (up to 1s, --wait); first attempt: "
                          "connection to server at \"127.0.0.1\", port " +
                          port + " failed: Connection refused"));
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_THAT(result.problems[0],
              ::testing::MatchesRegex(
                  "cannot connect to postgresql://app:\\*\\*\\*@127\\.0\\.0\\.1:" + port +
                  "/shop: [0-9]+ attempts over 1\\.[0-9]s failed \\(--wait 1s\\); last error: "
                  "connection to server at \"127\\.0\\.0\\.1\", port " +
                  port +
                  " failed: Connection refused\n"
                  "Is the server running on that host and accepting TCP/IP connections\\?"));
}

class EmbedThreadsTest : public ::testing::TestWithParam<Backend> {};

TEST_P(EmbedThreadsTest, SixteenThreadsApplyEachMigrationOnce) {
  auto database = TestDatabase::Create(GetParam());
  ASSERT_NE(database, nullptr);
  TempDir project;
  WriteDozenMigrations(project);

  constexpr int kThreads = 16;
  std::vector<embed::UpgradeResult> results(kThreads);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      results[i] = embed::Upgrade(database->url(), project.Path("migrations"));
    });
  }
  for (std::thread& t : threads) t.join();

  std::map<std::string, int> applied;
  for (int i = 0; i < kThreads; ++i) {
    SCOPED_TRACE("thread " + std::to_string(i));
    EXPECT_EQ(results[i].exit_code, 0);
    EXPECT_THAT(results[i].problems, IsEmpty());
    for (const std::string& revision : results[i].applied) ++applied[revision];
  }
  std::map<std::string, int> once;
  for (const std::string& revision : DozenRevisions()) once[revision] = 1;
  EXPECT_EQ(applied, once);
  auto conn = database->Connect();
  ASSERT_TRUE(conn.has_value()) << conn.error().ToString();
  ExpectDozenAppliedOnce(**conn, GetParam());
}

INSTANTIATE_TEST_SUITE_P(Backends, EmbedThreadsTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const ::testing::TestParamInfo<Backend>& backend) {
                           return BackendName(backend.param);
                         });

}  // namespace
}  // namespace migrate::testing
