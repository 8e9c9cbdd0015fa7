// The example program (tests/embed/example/upgrade_at_startup.cc), built
// against the build tree, run as an application would be started: twice on
// a new SQLite database, then with a migration that fails.

#include <string>

#include <gtest/gtest.h>

#include "tests/support/dozen_migrations.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace migrate::testing {
namespace {

struct ExampleRun {
  int exit_code = -1;
  std::string output;
};

ExampleRun RunExample(const TempDir& dir, const std::string& log) {
  auto child = ChildProcess::Start(
      {EXAMPLE_BINARY, "sqlite:///" + dir.Path("app.db"), dir.Path("migrations")}, dir.Path(log));
  if (child == nullptr) return {};
  std::optional<int> status = child->Wait(std::chrono::seconds(60));
  EXPECT_TRUE(status.has_value()) << "the example still runs after 60s";
  return ExampleRun{status.value_or(-1), child->Output()};
}

TEST(ExampleProgramTest, MigratesAtStartupThenFindsNothingToDo) {
  TempDir dir;
  WriteDozenMigrations(dir);
  ExampleRun first = RunExample(dir, "first.log");
  EXPECT_EQ(first.exit_code, 0) << first.output;
  std::string expected;
  for (const std::string& revision : DozenRevisions()) expected += "applied " + revision + "\n";
  EXPECT_EQ(first.output, expected + "database is up to date\n");

  ExampleRun second = RunExample(dir, "second.log");
  EXPECT_EQ(second.exit_code, 0) << second.output;
  EXPECT_EQ(second.output, "database is up to date\n");
}

TEST(ExampleProgramTest, AFailedMigrationStopsTheApplication) {
  TempDir dir;
  WriteDozenMigrations(dir);
  dir.Write("migrations/r13_broken.sql",
            "-- broken\n"
            "--\n"
            "-- revision: r13\n"
            "-- down_revision: r12\n"
            "\n"
            "-- migrate:upgrade\n"
            "CREATE TABLE t13 (id INTEGER PRIMARY KEY);\n"
            "SELECT nonsense FROM nowhere;\n");
  ExampleRun run = RunExample(dir, "broken.log");
  EXPECT_EQ(run.exit_code, 1);
  std::string expected;
  for (const std::string& revision : DozenRevisions()) expected += "applied " + revision + "\n";
  EXPECT_EQ(run.output, expected + "problem: " + dir.Path("migrations") +
                            "/r13_broken.sql:8: migration r13 failed: no such table: nowhere\n"
                            "  statement: SELECT nonsense FROM nowhere\n"
                            "  nothing of revision r13 was recorded; the migrations before it "
                            "stay applied\n  next: fix the migration and run the same command again; it resumes at this migration\n");
}

}  // namespace
}  // namespace migrate::testing
