// Guarantee 4 with real processes: 16 `migrate upgrade head` started at
// once on a fresh database with a dozen migrations, on a real SQLite file
// and on the real PostgreSQL test server, round after round (each round is
// its own test, so one slow round shows up by name). Every process must exit
// 0, each migration must be applied exactly once (by exactly one of them,
// once in migrate_history, once in the ledger), and the schema must be
// complete.
//
// What serializes the workers for the whole run: PostgreSQL's session
// advisory lock; SQLite's lock file beside the database
// (tests/concurrency/sqlite_migration_lock_test.cc tests its races).

#include <algorithm>
#include <memory>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/support/dozen_migrations.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_database.h"

namespace migrate::testing {
namespace {

constexpr int kProcesses = 16;
constexpr int kRounds = 20;

// Lines "✓ applied rNN ..." in `output`: the migrations this process ran.
int AppliedLines(const std::string& output) {
  std::istringstream in(output);
  std::string line;
  int count = 0;
  while (std::getline(in, line)) {
    if (line.rfind("\xE2\x9C\x93 applied ", 0) == 0) ++count;
  }
  return count;
}

class UpgradeProcessesTest : public ::testing::TestWithParam<std::tuple<Backend, int>> {};

TEST_P(UpgradeProcessesTest, SixteenProcessesApplyEachMigrationExactlyOnce) {
  const Backend backend = std::get<0>(GetParam());
  auto database = TestDatabase::Create(backend);
  ASSERT_NE(database, nullptr);
  TempDir project;
  WriteDozenMigrations(project);

  std::vector<std::unique_ptr<ChildProcess>> workers =
      StartUpgradeWorkers(MIGRATE_BINARY, project.path(), database->url(), kProcesses);
  for (const auto& worker : workers) ASSERT_NE(worker, nullptr);
  int applied = 0;
  for (int i = 0; i < kProcesses; ++i) {
    SCOPED_TRACE("worker " + std::to_string(i));
    std::optional<int> status = workers[i]->Wait(std::chrono::seconds(90));
    ASSERT_TRUE(status.has_value()) << "still running after 90s:\n" << workers[i]->Output();
    const std::string output = workers[i]->Output();
    EXPECT_EQ(*status, 0) << output;
    EXPECT_EQ(output.find("error"), std::string::npos) << output;
    applied += AppliedLines(output);
  }
  EXPECT_EQ(applied, 12) << "each migration is applied by exactly one process";

  auto conn = database->Connect();
  ASSERT_TRUE(conn.has_value()) << conn.error().ToString();
  ExpectDozenAppliedOnce(**conn, backend);
}

INSTANTIATE_TEST_SUITE_P(Rounds, UpgradeProcessesTest,
                         ::testing::Combine(::testing::Values(Backend::kSqlite,
                                                              Backend::kPostgresql),
                                            ::testing::Range(0, kRounds)),
                         RoundName);

}  // namespace
}  // namespace migrate::testing
