// End-to-end tests that `migrate verify` and `migrate check` never write, on
// SQLite and on the test PostgreSQL server: everything they run, verify
// sections included, runs in a read-only transaction that is rolled back.
// A verify section that writes is an error at its file:line (exit 2) and
// the row it tried to change is unchanged; one that would end the
// transaction (COMMIT) is refused before any of it runs; a verify section
// that fails is drift and leaves the others to run.
//
// The migrations with verify sections are recorded with `stamp`, not run,
// so that upgrade (which runs a verify section inside the migration's own
// transaction) never runs them: what changes afterwards is only what
// verify and check did.

#include <memory>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/cli/cli_test.h"
#include "tests/cli/database_probe.h"
#include "tests/support/test_database.h"

namespace migrate::cli_test {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using migrate::testing::Backend;
using migrate::testing::TestDatabase;

constexpr const char* kCountersRev = "4d5e6f7a8b90";
constexpr const char* kCheckedRev = "5e6f7a8b9ca0";
constexpr const char* kCheckedFile = "migrations/5e6f7a8b9ca0_checked.sql";

// The last line of the error for a verify section that may not run read-only.
constexpr const char* kOnlyReads =
    "  a verify section must only read: `migrate verify` and `migrate check` run it in a "
    "read-only transaction that is rolled back";

// A database with a counters table holding one row (n = 1), made by the
// first migration.
class ReadOnlyChecksBase : public CliTest {
 protected:
  void Start(Backend backend) {
    db_ = TestDatabase::Create(backend);
    ASSERT_NE(db_, nullptr);
    dir_.Write(std::string("migrations/") + kCountersRev + "_counters.sql",
               MigrationText("counters", kCountersRev, "",
                             "CREATE TABLE counters (n integer NOT NULL);\n"
                             "INSERT INTO counters VALUES (1);\n",
                             ""));
    MigrateOkWithUrl(db_->url(), {"upgrade", "head"});
  }

  bool postgresql() const { return db_->backend() == Backend::kPostgresql; }

  // A second migration whose verify section is `verify`, recorded as
  // applied without running. Returns the number of the first line of the
  // file that contains `line_of_interest`.
  int StampCheckedMigration(const std::string& verify, const std::string& line_of_interest) {
    const std::string text = MigrationText("checked", kCheckedRev, kCountersRev,
                                           "UPDATE counters SET n = n;\n", "") +
                             "\n-- migrate:verify\n" + verify;
    dir_.Write(kCheckedFile, text);
    MigrateOkWithUrl(db_->url(), {"stamp", "head"});
    return LineNumberOf(text, line_of_interest);
  }

  // The counter, and how many rows the history table holds (a command that
  // wrote nothing leaves both as they were).
  std::vector<std::string> State() const {
    const DatabaseProbe probe = DatabaseProbe::ForUrl(db_->url());
    std::vector<std::string> state = probe.Query("SELECT n FROM counters");
    for (const std::string& row : probe.Query("SELECT count(*) FROM migrate_history")) {
      state.push_back("history rows: " + row);
    }
    return state;
  }

  std::unique_ptr<TestDatabase> db_;
};

class ReadOnlyChecksTest : public ReadOnlyChecksBase, public ::testing::WithParamInterface<Backend> {
 protected:
  void SetUp() override { Start(GetParam()); }
};

class PostgresqlReadOnlyChecksTest : public ReadOnlyChecksBase {
 protected:
  void SetUp() override { Start(Backend::kPostgresql); }
};

TEST_P(ReadOnlyChecksTest, AVerifySectionThatWritesIsAnErrorAtItsLineAndChangesNothing) {
  const int line = StampCheckedMigration(
      "SELECT count(*) = 1 FROM counters;\nUPDATE counters SET n = n + 1;\n",
      "UPDATE counters SET n = n + 1;");
  const std::vector<std::string> before = State();
  ASSERT_THAT(before, ElementsAre("1", "history rows: 2"));
  const std::string refused = postgresql()
                                  ? "cannot execute UPDATE in a read-only transaction"
                                  : "cannot execute a statement that writes in a read-only "
                                    "transaction";
  for (const std::string command : {"verify", "check", "verify"}) {
    const ProcessResult r = MigrateWithUrl(db_->url(), {command});
    EXPECT_EQ(r.exit_code, 2) << r.Describe();
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(Lines(r.err),
                ElementsAre(std::string("error: ") + kCheckedFile + ":" + std::to_string(line) +
                                ": the verify section writes to the database: " + refused,
                            "  UPDATE counters SET n = n + 1", kOnlyReads,
                            command + " found 1 problem"));
    EXPECT_EQ(State(), before) << command;
  }
}

TEST_P(ReadOnlyChecksTest, AVerifySectionThatWouldEndTheTransactionIsRefusedBeforeItRuns) {
  const int line = StampCheckedMigration("COMMIT;\nUPDATE counters SET n = n + 1;\n", "COMMIT;");
  const std::vector<std::string> before = State();
  for (const std::string command : {"verify", "check"}) {
    const ProcessResult r = MigrateWithUrl(db_->url(), {command});
    EXPECT_EQ(r.exit_code, 2) << r.Describe();
    const std::vector<std::string> lines = Lines(r.err);
    ASSERT_EQ(lines.size(), 4u) << r.err;
    EXPECT_EQ(lines[0].rfind(std::string("error: ") + kCheckedFile + ":" + std::to_string(line) +
                                 ": ",
                             0),
              0u)
        << lines[0];
    EXPECT_EQ(lines[1], "  COMMIT");
    EXPECT_EQ(lines[2], kOnlyReads);
    EXPECT_EQ(State(), before) << command;
  }
}

TEST_P(ReadOnlyChecksTest, AFailingVerifySectionIsDriftAndTheNextStillRuns) {
  // The first section fails (its table is gone); the second must still get
  // a usable transaction, where a failed statement aborts PostgreSQL's.
  dir_.Write(std::string("migrations/") + kCheckedRev + "_checked.sql",
             MigrationText("checked", kCheckedRev, kCountersRev,
                           "CREATE TABLE scratch (id integer);\n", "") +
                 "\n-- migrate:verify\nSELECT count(*) = 0 FROM scratch;\n");
  dir_.Write("migrations/6f7a8b9cadb0_last.sql",
             MigrationText("last", "6f7a8b9cadb0", kCheckedRev, "INSERT INTO counters VALUES (2);\n",
                           "") +
                 "\n-- migrate:verify\nSELECT count(*) = 1 FROM counters WHERE n = 2;\n");
  MigrateOkWithUrl(db_->url(), {"upgrade", "head"});
  const DatabaseProbe probe = DatabaseProbe::ForUrl(db_->url());
  probe.Query("DROP TABLE scratch");
  probe.Query("DELETE FROM counters WHERE n = 2");

  const ProcessResult r = MigrateWithUrl(db_->url(), {"verify"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  const std::string drift =
      "  drift: the database no longer matches what its applied migrations did";
  const std::vector<std::string> lines = Lines(r.err);
  EXPECT_THAT(lines, Contains(std::string("error: ") + kCheckedFile +
                              ":11: verify statement failed: " +
                              (postgresql() ? "relation \"scratch\" does not exist"
                                            : "no such table: scratch")));
  EXPECT_THAT(lines, Contains("error: migrations/6f7a8b9cadb0_last.sql:11: verify statement "
                              "returned " + std::string(postgresql() ? "f" : "0") + ", not true"));
  EXPECT_THAT(lines, Contains("  SELECT count(*) = 1 FROM counters WHERE n = 2"));
  EXPECT_EQ(lines.back(), "verify found 3 problems") << r.err;
}

TEST_P(ReadOnlyChecksTest, VerifyAndCheckPassAndLeaveEverythingAsItWas) {
  StampCheckedMigration("SELECT n = 1 FROM counters;\n", "SELECT n = 1 FROM counters;");
  const std::vector<std::string> before = State();
  EXPECT_EQ(MigrateOkWithUrl(db_->url(), {"verify"}),
            "OK: 2 postconditions of 2 applied migrations hold\n");
  EXPECT_EQ(MigrateOkWithUrl(db_->url(), {"check"}),
            std::string("OK: the database is at head ") + kCheckedRev +
                ", files unchanged, no drift\n");
  EXPECT_EQ(State(), before);
}

// The server refuses writes that no grammar shows: a function that writes.
TEST_F(PostgresqlReadOnlyChecksTest, AVerifySectionCallingAWritingFunctionIsRefused) {
  const DatabaseProbe probe = DatabaseProbe::Postgresql(db_->url());
  probe.Query("CREATE SEQUENCE ticket");
  const int line = StampCheckedMigration("SELECT nextval('ticket') > 0;\n", "nextval");
  for (const std::string command : {"verify", "check"}) {
    const ProcessResult r = MigrateWithUrl(db_->url(), {command});
    EXPECT_EQ(r.exit_code, 2) << r.Describe();
    EXPECT_THAT(Lines(r.err),
                ElementsAre(std::string("error: ") + kCheckedFile + ":" + std::to_string(line) +
                                ": the verify section writes to the database: cannot execute "
                                "nextval() in a read-only transaction",
                            "  SELECT nextval('ticket') > 0", kOnlyReads,
                            command + " found 1 problem"));
  }
  EXPECT_THAT(probe.Query("SELECT last_value || ' ' || is_called FROM ticket"),
              ElementsAre("1 false"));
}

INSTANTIATE_TEST_SUITE_P(Backends, ReadOnlyChecksTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const ::testing::TestParamInfo<Backend>& param) {
                           return migrate::testing::BackendName(param.param);
                         });

}  // namespace
}  // namespace migrate::cli_test
