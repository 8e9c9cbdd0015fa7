// 32 `migrate` processes at once, mixing upgrade, downgrade, stamp and
// check, round after round on one database (SQLite with its rollback
// journal, SQLite in WAL mode, PostgreSQL). Whatever order the races take,
// each round must end consistent:
//   - every process ended on its own with 0, 1 or 2 (a refusal such as
//     `downgrade -1` at base is fine; a crash, a signal or an internal
//     error is not), and none failed for a lock it could not get;
//   - the version table holds at most one row (the chain is one line);
//   - each migration writes a row to `ledger` in its own transaction, so
//     the ledger, in order, is exactly the successful upgrade and downgrade
//     rows of migrate_history, in order: nothing ran unrecorded, nothing
//     recorded did not run, nothing ran twice;
//   - table tN exists exactly when rN's last ledger row is an upgrade;
//   - no migration is left marked incomplete.
// The commands of a round come from a generator seeded with the round's
// number, so a failing round can be run again as it was.

#include <map>
#include <memory>
#include <random>
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

constexpr int kWorkers = 32;
constexpr int kRounds = 10;
constexpr int kRevisions = 6;

enum class Journal { kRollback, kWal };

std::string Rev(int n) { return "r0" + std::to_string(n); }

// r01 <- ... <- r06; rN creates tN and logs its direction in `ledger`.
void WriteChain(const TempDir& project) {
  for (int n = 1; n <= kRevisions; ++n) {
    const std::string t = "t" + std::to_string(n);
    project.Write("migrations/" + Rev(n) + "_" + t + ".sql",
                  "-- " + t + "\n--\n-- revision: " + Rev(n) +
                      "\n-- down_revision: " + (n == 1 ? "" : Rev(n - 1)) +
                      "\n\n-- migrate:upgrade\nCREATE TABLE IF NOT EXISTS " + t +
                      " (id integer);\nINSERT INTO ledger (rev, dir) VALUES ('" + Rev(n) +
                      "', 'upgrade');\n\n-- migrate:downgrade\nDROP TABLE IF EXISTS " + t +
                      ";\nINSERT INTO ledger (rev, dir) VALUES ('" + Rev(n) + "', 'downgrade');\n");
  }
  project.Write("migrate.toml", "[migrate]\nscript_location = \"migrations\"\n");
}

// One worker's command, drawn with weights: mostly upgrades and downgrades,
// some checks, a few stamps.
std::vector<std::string> DrawCommand(std::mt19937& random) {
  const int roll = std::uniform_int_distribution<int>(0, 99)(random);
  const int target = std::uniform_int_distribution<int>(0, kRevisions)(random);
  const std::string revision = target == 0 ? "base" : Rev(target);
  if (roll < 30) return {"upgrade", "head"};
  if (roll < 45) return {"upgrade", "+1"};
  if (roll < 65) return {"downgrade", "-1"};
  if (roll < 75) return {"downgrade", target == kRevisions ? "base" : revision};
  if (roll < 95) return {"check"};
  return {"stamp", revision};
}

class MixedLoadTest : public ::testing::TestWithParam<std::tuple<Backend, Journal>> {};

TEST_P(MixedLoadTest, EveryRoundEndsConsistent) {
  const auto [backend, journal] = GetParam();
  auto database = TestDatabase::Create(backend);
  ASSERT_NE(database, nullptr);
  const std::string url = database->url() + (journal == Journal::kWal ? "?journal_mode=wal" : "");
  auto connected = database->Connect();
  ASSERT_TRUE(connected.has_value()) << connected.error().ToString();
  db::Connection& conn = **connected;
  ASSERT_TRUE(conn.Execute(backend == Backend::kSqlite
                               ? "CREATE TABLE ledger (id INTEGER PRIMARY KEY AUTOINCREMENT, "
                                 "rev TEXT, dir TEXT)"
                               : "CREATE TABLE ledger (id bigserial PRIMARY KEY, rev text, "
                                 "dir text)")
                  .ok());
  TempDir project;
  WriteChain(project);

  for (int round = 0; round < kRounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    std::mt19937 random(static_cast<unsigned>(round));
    std::vector<std::vector<std::string>> commands;
    std::vector<std::unique_ptr<ChildProcess>> workers;
    for (int i = 0; i < kWorkers; ++i) {
      commands.push_back(DrawCommand(random));
      std::vector<std::string> argv = {MIGRATE_BINARY, "-c", project.path() + "/migrate.toml",
                                       "--url", url, "--lock-timeout", "2min"};
      argv.insert(argv.end(), commands.back().begin(), commands.back().end());
      workers.push_back(ChildProcess::Start(
          argv, project.path() + "/worker" + std::to_string(i) + ".log",
          {{"NO_COLOR", "1"}, {"DATABASE_URL", std::nullopt}}));
      ASSERT_NE(workers.back(), nullptr);
    }
    for (int i = 0; i < kWorkers; ++i) {
      std::optional<int> status = workers[i]->Wait(std::chrono::seconds(120));
      const std::string output = workers[i]->Output();
      std::string what = "worker " + std::to_string(i) + " (";
      for (const std::string& word : commands[i]) what += " " + word;
      what += "):\n" + output;
      ASSERT_TRUE(status.has_value()) << "still running after 120s: " << what;
      EXPECT_THAT(*status, ::testing::AnyOf(0, 1, 2)) << what;
      EXPECT_THAT(output, ::testing::Not(::testing::HasSubstr("locked"))) << what;
      EXPECT_THAT(output, ::testing::Not(::testing::HasSubstr("internal"))) << what;
    }

    EXPECT_LE(QueryLines(conn, "SELECT version_num FROM migrate_version").size(), 1u);
    const std::vector<std::string> ledger =
        QueryLines(conn, "SELECT rev || ' ' || dir FROM ledger ORDER BY id");
    EXPECT_EQ(ledger, QueryLines(conn,
                                 "SELECT revision || ' ' || direction FROM migrate_history "
                                 "WHERE success AND direction IN ('upgrade', 'downgrade') "
                                 "ORDER BY id"));
    EXPECT_FALSE(ledger.empty()) << "no migration ran: the round tested nothing";
    std::map<std::string, std::string> last;
    for (const std::string& line : ledger) last[line.substr(0, 3)] = line.substr(4);
    for (int n = 1; n <= kRevisions; ++n) {
      const std::string table = "t" + std::to_string(n);
      const bool exists = !QueryLines(conn, backend == Backend::kSqlite
                                                ? "SELECT 1 FROM sqlite_master WHERE name = '" +
                                                      table + "'"
                                                : "SELECT 1 FROM pg_tables WHERE tablename = '" +
                                                      table + "'")
                               .empty();
      EXPECT_EQ(exists, last[Rev(n)] == "upgrade") << table;
    }
    EXPECT_THAT(QueryLines(conn, "SELECT revision FROM migrate_history WHERE NOT success"),
                ::testing::IsEmpty());
    if (::testing::Test::HasFailure()) break;  // later rounds start from a broken state
  }
}

INSTANTIATE_TEST_SUITE_P(
    Databases, MixedLoadTest,
    ::testing::Values(std::make_tuple(Backend::kSqlite, Journal::kRollback),
                      std::make_tuple(Backend::kSqlite, Journal::kWal),
                      std::make_tuple(Backend::kPostgresql, Journal::kRollback)),
    [](const ::testing::TestParamInfo<std::tuple<Backend, Journal>>& database) {
      if (std::get<0>(database.param) == Backend::kPostgresql) return std::string("postgresql");
      return std::string(std::get<1>(database.param) == Journal::kWal ? "sqlite_wal"
                                                                      : "sqlite_rollback");
    });

}  // namespace
}  // namespace migrate::testing
