// Guarantee 4, smoke-sized: several workers start `upgrade head` on the same
// fresh database at once. Each migration must be applied exactly once; the
// workers that lose the race wait, then find nothing (or less) to do. (The
// 16-process version of this test lives with the CLI tests.)

#include <latch>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/engine/engine_test.h"

namespace migrate::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr int kWorkers = 4;

class ConcurrencyTest : public EngineTest {};

TEST_P(ConcurrencyTest, WorkersUpgradingAtOnceApplyEachMigrationExactlyOnce) {
  Put("r001_users.sql", MigrationText("r001", "", {},
                                      "-- migrate:upgrade\n"
                                      "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT);\n"));
  Put("r002_posts.sql", MigrationText("r002", "r001", {},
                                      "-- migrate:upgrade\n"
                                      "CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT);\n"));
  Put("r003_seed.sql", MigrationText("r003", "r002", {},
                                     "-- migrate:upgrade\n"
                                     "INSERT INTO users (id, name) VALUES (1, 'ada');\n"));

  std::vector<RecordingReporter> reporters(kWorkers);
  std::vector<base::Status> results(kWorkers);
  std::latch start(kWorkers);
  std::vector<std::thread> workers;
  for (int i = 0; i < kWorkers; ++i) {
    workers.emplace_back([&, i] {
      commands::Context ctx = ContextFor(reporters[i]);
      commands::UpgradeArgs args;
      args.target = "head";
      start.arrive_and_wait();
      results[i] = commands::Upgrade(ctx, args);
    });
  }
  for (std::thread& worker : workers) worker.join();

  std::map<std::string, int> applied;  // revision -> workers that ran it
  for (int i = 0; i < kWorkers; ++i) {
    SCOPED_TRACE("worker " + std::to_string(i));
    EXPECT_TRUE(results[i].ok()) << results[i].ToString();
    EXPECT_THAT(reporters[i].problems(), IsEmpty());
    for (const report::StepOutcome& outcome : reporters[i].outcomes()) {
      if (!outcome.skipped) ++applied[outcome.revision];
    }
  }
  EXPECT_THAT(applied, ElementsAre(std::pair<const std::string, int>("r001", 1),
                                   std::pair<const std::string, int>("r002", 1),
                                   std::pair<const std::string, int>("r003", 1)));
  EXPECT_THAT(History(), ElementsAre("r001 upgrade ok", "r002 upgrade ok", "r003 upgrade ok"));
  EXPECT_THAT(VersionRows(), ElementsAre("r003"));
  EXPECT_EQ(One("SELECT count(*) FROM users"), "1");
}

INSTANTIATE_TEST_SUITE_P(Backends, ConcurrencyTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         BackendParamName());

}  // namespace
}  // namespace migrate::testing
