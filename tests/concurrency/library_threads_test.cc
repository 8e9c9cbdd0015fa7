// Guarantee 4 through the library: 16 threads of one process each call
// commands::Upgrade with a Context of their own (configuration, reporter)
// on the same fresh database, round after round, on SQLite and PostgreSQL.
// As with processes, every call must succeed, each migration must be applied
// by exactly one thread, and the schema must be complete.

#include <latch>
#include <map>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "migrator/base/clock.h"
#include "migrator/base/filesystem.h"
#include "migrator/commands/commands.h"
#include "migrator/config/config.h"
#include "migrator/embed/collecting_reporter.h"
#include "tests/support/dozen_migrations.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_database.h"

namespace migrate::testing {
namespace {

constexpr int kThreads = 16;
constexpr int kRounds = 20;

class LibraryThreadsTest : public ::testing::TestWithParam<std::tuple<Backend, int>> {};

TEST_P(LibraryThreadsTest, SixteenThreadsApplyEachMigrationExactlyOnce) {
  const Backend backend = std::get<0>(GetParam());
  auto database = TestDatabase::Create(backend);
  ASSERT_NE(database, nullptr);
  TempDir project;
  WriteDozenMigrations(project);

  base::RealFileSystem fs;
  base::SystemClock clock;
  std::vector<embed::CollectingReporter> reporters(kThreads);
  std::vector<base::Status> results(kThreads);
  std::latch start(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      config::Config config;
      config.url = database->url();
      config.url_source = "test";
      config.script_location = project.Path("migrations");
      config.lock_wait_timeout = std::chrono::minutes(2);
      commands::Context context{config, fs, clock, reporters[i], ""};
      start.arrive_and_wait();
      results[i] = commands::Upgrade(context, commands::UpgradeArgs{.target = "head"});
    });
  }
  for (std::thread& t : threads) t.join();

  std::map<std::string, int> applied;
  for (int i = 0; i < kThreads; ++i) {
    SCOPED_TRACE("thread " + std::to_string(i));
    EXPECT_TRUE(results[i].ok()) << results[i].ToString();
    EXPECT_THAT(reporters[i].problems(), ::testing::IsEmpty());
    for (const std::string& revision : reporters[i].Ran()) ++applied[revision];
  }
  std::map<std::string, int> once;
  for (const std::string& revision : DozenRevisions()) once[revision] = 1;
  EXPECT_EQ(applied, once) << "each migration is applied by exactly one thread";

  auto conn = database->Connect();
  ASSERT_TRUE(conn.has_value()) << conn.error().ToString();
  ExpectDozenAppliedOnce(**conn, backend);
}

INSTANTIATE_TEST_SUITE_P(Rounds, LibraryThreadsTest,
                         ::testing::Combine(::testing::Values(Backend::kSqlite,
                                                              Backend::kPostgresql),
                                            ::testing::Range(0, kRounds)),
                         RoundName);

}  // namespace
}  // namespace migrate::testing
