// End-to-end tests of the commands that use a database (upgrade, downgrade,
// current, stamp, upgrade --sql), run once against SQLite and once against
// the test PostgreSQL server, on a fresh database each. What reached the
// database is checked with sqlite3 / psql, not with migrator's own code.

#include <chrono>
#include <regex>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test.h"
#include "tests/cli/database_probe.h"
#include "tests/support/test_database.h"

namespace migrate::cli_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using migrate::testing::Backend;
using migrate::testing::TestDatabase;

// The last line of every failed migration's error.
constexpr const char* kNextAfterFailure =
    "  next: fix the migration and run the same command again; it resumes at this migration";

constexpr const char* kBrokenRev = "e5a9d7c3b140";
constexpr const char* kBrokenFile = "migrations/e5a9d7c3b140_add_audit_log.sql";

// The lines `upgrade` prints for each migration of the customers project.
constexpr const char* kAppliedCustomers =
    "✓ applied  3f1c0a9e2b10  TIME  create customers  ✓ 1 table verified";
constexpr const char* kAppliedEmail =
    "✓ applied  7d4e2a1c9b20  TIME  add email  ✓ 1 column verified";
constexpr const char* kAppliedOrders =
    "✓ applied  c08b5e3f7a30  TIME  create orders  ✓ 1 index, 1 table verified";

// ... and `downgrade`, which verifies that what the upgrade created is gone.
constexpr const char* kRevertedOrders =
    "✓ reverted c08b5e3f7a30  TIME  create orders  ✓ 1 absent table verified";
constexpr const char* kRevertedEmail =
    "✓ reverted 7d4e2a1c9b20  TIME  add email  ✓ 1 absent column verified";
constexpr const char* kRevertedCustomers =
    "✓ reverted 3f1c0a9e2b10  TIME  create customers  ✓ 1 absent table verified";

class OnlineTest : public CliTest, public ::testing::WithParamInterface<Backend> {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create(GetParam());
    ASSERT_NE(db_, nullptr);
    WriteCustomersProject(dir_);
  }

  // `migrate --url URL args...` against this test's database.
  ProcessResult Run(const std::vector<std::string>& args) const {
    return MigrateWithUrl(db_->url(), args);
  }

  // Runs a command that must succeed; returns its stdout with durations masked.
  std::string Ok(const std::vector<std::string>& args) const {
    return MigrateOkWithUrl(db_->url(), args);
  }

  DatabaseProbe Probe() const { return DatabaseProbe::ForUrl(db_->url()); }

  std::vector<std::string> UserTables() const {
    std::vector<std::string> tables;
    for (const std::string& t : Probe().Tables()) {
      if (t != "migrate_version" && t != "migrate_history") tables.push_back(t);
    }
    return tables;
  }

  std::unique_ptr<TestDatabase> db_;
};

TEST_P(OnlineTest, CurrentOfAFreshDatabaseIsBase) {
  EXPECT_THAT(Lines(Ok({"current"})), ElementsAre("<base> (no migrations applied)"));
}

TEST_P(OnlineTest, UpgradeHeadPrintsOneLinePerMigrationThenASummary) {
  EXPECT_THAT(ResultLines(Ok({"upgrade", "head"})),
              ElementsAre(kAppliedCustomers, kAppliedEmail, kAppliedOrders,
                          "Applied 3 migrations in TIME."));
  EXPECT_THAT(Probe().Tables(),
              ElementsAre("customers", "migrate_history", "migrate_version", "orders"));
  EXPECT_THAT(Probe().VersionRows(), ElementsAre(kOrdersRev));
  EXPECT_THAT(Probe().Query("SELECT revision || ' ' || direction FROM migrate_history "
                            "WHERE success = '1' ORDER BY id"),
              ElementsAre("3f1c0a9e2b10 upgrade", "7d4e2a1c9b20 upgrade", "c08b5e3f7a30 upgrade"));

  // Again: nothing left to do.
  EXPECT_THAT(ResultLines(Ok({"upgrade", "head"})),
              ElementsAre("Nothing to upgrade: the database is already at the target."));
}

TEST_P(OnlineTest, CurrentMarksTheHead) {
  Ok({"upgrade", "head"});
  EXPECT_THAT(Lines(Ok({"current"})), ElementsAre("c08b5e3f7a30 (head), create orders"));
}

TEST_P(OnlineTest, CurrentAsJson) {
  Ok({"upgrade", "+2"});
  const ProcessResult r = Run({"--format", "json", "current"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.err, "");
  const nlohmann::json doc = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << r.out;
  EXPECT_EQ(doc["exit_code"], 0);
  EXPECT_EQ(doc["problems"], nlohmann::json::array());
  ASSERT_EQ(doc["current"].size(), 1u) << doc.dump(2);
  EXPECT_EQ(doc["current"][0]["revision"], kEmailRev);
  EXPECT_EQ(doc["current"][0]["message"], "add email");
  // RevisionInfo::is_current: "recorded in the database's version table (when
  // known)"; `current` knows, and these are exactly the recorded revisions.
  EXPECT_EQ(doc["current"][0]["is_current"], true);
  EXPECT_EQ(doc["current"][0]["is_head"], false);
  EXPECT_EQ(doc["current"][0]["children"], nlohmann::json::array({kOrdersRev}));
}

TEST_P(OnlineTest, UpgradeAsJsonListsTheSteps) {
  const ProcessResult r = Run({"--format", "json", "upgrade", "head"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  const nlohmann::json doc = nlohmann::json::parse(r.out, nullptr, false);
  ASSERT_FALSE(doc.is_discarded()) << r.out;
  EXPECT_EQ(doc["exit_code"], 0);
  EXPECT_EQ(doc["direction"], "upgrade");
  ASSERT_EQ(doc["steps"].size(), 3u) << doc.dump(2);
  EXPECT_EQ(doc["steps"][0]["revision"], kCustomersRev);
  EXPECT_EQ(doc["steps"][0]["message"], "create customers");
  EXPECT_EQ(doc["steps"][0]["direction"], "upgrade");
  EXPECT_EQ(doc["steps"][0]["statements"], 1);
  EXPECT_EQ(doc["steps"][0]["verified"], nlohmann::json::array({"1 table"}));
  EXPECT_EQ(doc["steps"][2]["revision"], kOrdersRev);
  EXPECT_EQ(doc["steps"][2]["statements"], 2);
  EXPECT_EQ(doc["steps"][2]["skipped"], false);
}

TEST_P(OnlineTest, DowngradeMinusOneRevertsTheLastMigration) {
  Ok({"upgrade", "head"});
  EXPECT_THAT(ResultLines(Ok({"downgrade", "-1"})),
              ElementsAre(kRevertedOrders,
                          "Reverted 1 migration in TIME."));
  EXPECT_THAT(UserTables(), ElementsAre("customers"));
  EXPECT_THAT(Probe().VersionRows(), ElementsAre(kEmailRev));
  EXPECT_THAT(Lines(Ok({"current"})), ElementsAre("7d4e2a1c9b20, add email"));
}

TEST_P(OnlineTest, DowngradeBaseRevertsEverythingNewestFirst) {
  Ok({"upgrade", "head"});
  EXPECT_THAT(ResultLines(Ok({"downgrade", "base"})),
              ElementsAre(kRevertedOrders,
                          kRevertedEmail,
                          kRevertedCustomers,
                          "Reverted 3 migrations in TIME."));
  EXPECT_THAT(UserTables(), IsEmpty());
  EXPECT_THAT(Probe().VersionRows(), IsEmpty());
  EXPECT_THAT(Lines(Ok({"current"})), ElementsAre("<base> (no migrations applied)"));
  EXPECT_THAT(ResultLines(Ok({"downgrade", "base"})),
              ElementsAre("Nothing to downgrade: the database is already at the target."));
}

TEST_P(OnlineTest, UpgradeByRelativeSteps) {
  EXPECT_THAT(ResultLines(Ok({"upgrade", "+2"})),
              ElementsAre(kAppliedCustomers, kAppliedEmail, "Applied 2 migrations in TIME."));
  EXPECT_THAT(Probe().VersionRows(), ElementsAre(kEmailRev));
  EXPECT_THAT(ResultLines(Ok({"upgrade", "+1"})),
              ElementsAre(kAppliedOrders, "Applied 1 migration in TIME."));
  EXPECT_THAT(Probe().VersionRows(), ElementsAre(kOrdersRev));
}

TEST_P(OnlineTest, UpgradeAndDowngradeToARevisionPrefix) {
  EXPECT_THAT(ResultLines(Ok({"upgrade", "7d4e"})),
              ElementsAre(kAppliedCustomers, kAppliedEmail, "Applied 2 migrations in TIME."));
  Ok({"upgrade", "head"});
  EXPECT_THAT(ResultLines(Ok({"downgrade", "3f1c0a"})),
              ElementsAre(kRevertedOrders,
                          kRevertedEmail,
                          "Reverted 2 migrations in TIME."));
  EXPECT_THAT(Probe().VersionRows(), ElementsAre(kCustomersRev));
}

TEST_P(OnlineTest, StampRecordsTheRevisionWithoutRunningIt) {
  EXPECT_THAT(Lines(Ok({"stamp", "head"})), ElementsAre("Stamped the database at head."));
  EXPECT_THAT(UserTables(), IsEmpty());
  EXPECT_THAT(Probe().VersionRows(), ElementsAre(kOrdersRev));
  EXPECT_THAT(Lines(Ok({"current"})), ElementsAre("c08b5e3f7a30 (head), create orders"));
  EXPECT_THAT(Lines(Ok({"stamp", "base"})), ElementsAre("Stamped the database at base."));
  EXPECT_THAT(Probe().VersionRows(), IsEmpty());
}

TEST_P(OnlineTest, SqlScriptBuildsTheSameDatabaseAsADirectUpgrade) {
  const ProcessResult script = Run({"upgrade", "head", "--sql"});
  ASSERT_EQ(script.exit_code, 0) << script.Describe();
  EXPECT_EQ(script.err, "");
  // --sql does not touch the database.
  EXPECT_THAT(Probe().Tables(), IsEmpty());

  std::unique_ptr<TestDatabase> scripted = TestDatabase::Create(GetParam());
  ASSERT_NE(scripted, nullptr);
  const DatabaseProbe scripted_probe = DatabaseProbe::ForUrl(scripted->url());
  const ProcessResult applied = scripted_probe.RunScript(script.out);
  ASSERT_EQ(applied.exit_code, 0) << applied.Describe() << "\nscript:\n" << script.out;

  Ok({"upgrade", "head"});
  EXPECT_EQ(scripted_probe.Schema(), Probe().Schema());
  EXPECT_EQ(scripted_probe.Indexes(), Probe().Indexes());
  EXPECT_THAT(scripted_probe.VersionRows(), ElementsAre(kOrdersRev));
  EXPECT_THAT(scripted_probe.Query("SELECT revision FROM migrate_history ORDER BY id"),
              ElementsAre(kCustomersRev, kEmailRev, kOrdersRev));
}

TEST_P(OnlineTest, AFailingMigrationIsRolledBackAndNamesFileLineStatementAndError) {
  Ok({"upgrade", "head"});
  dir_.Write(kBrokenFile, MigrationText("add audit log", kBrokenRev, kOrdersRev,
                                        "CREATE TABLE audit_log (id integer PRIMARY KEY);\n"
                                        "INSERT INTO no_such_table (id) VALUES (1);\n",
                                        "DROP TABLE audit_log;\n"));
  const ProcessResult r = Run({"upgrade", "head"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  // Only the line saying which migration started; no result line.
  EXPECT_EQ(r.out, "\xE2\x86\x92 " + std::string(kBrokenRev) + " add audit log\n");
  const std::string database_says = GetParam() == Backend::kSqlite
                                        ? "no such table: no_such_table"
                                        : "relation \"no_such_table\" does not exist";
  std::vector<std::string> expected = {
      std::string("error: ") + kBrokenFile + ":9: migration e5a9d7c3b140 failed: " + database_says,
      "  statement: INSERT INTO no_such_table (id) VALUES (1)"};
  if (GetParam() == Backend::kPostgresql) expected.push_back("  SQLSTATE: 42P01");
  expected.push_back("  nothing of revision e5a9d7c3b140 was recorded");
  expected.push_back(kNextAfterFailure);
  EXPECT_EQ(Lines(r.err), expected);

  // Rolled back: the table its first statement created is gone, nothing recorded.
  EXPECT_THAT(UserTables(), ElementsAre("customers", "orders"));
  EXPECT_THAT(Probe().VersionRows(), ElementsAre(kOrdersRev));
  EXPECT_THAT(Probe().Query("SELECT revision FROM migrate_history WHERE revision = 'e5a9d7c3b140'"),
              IsEmpty());
}

TEST_P(OnlineTest, AFailureAfterEarlierStepsKeepsThemApplied) {
  dir_.Write(kBrokenFile, MigrationText("add audit log", kBrokenRev, kOrdersRev,
                                        "CREATE TABLE audit_log (id integer PRIMARY KEY);\n"
                                        "INSERT INTO no_such_table (id) VALUES (1);\n",
                                        "DROP TABLE audit_log;\n"));
  const ProcessResult r = Run({"upgrade", "head"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_THAT(ResultLines(MaskDurations(r.out)), ElementsAre(kAppliedCustomers, kAppliedEmail, kAppliedOrders));
  const std::vector<std::string> err = Lines(r.err);
  ASSERT_FALSE(err.empty());
  ASSERT_GE(err.size(), 2u);
  EXPECT_EQ(err[err.size() - 2],
            "  nothing of revision e5a9d7c3b140 was recorded; the migrations before it stay applied");
  EXPECT_EQ(err.back(), kNextAfterFailure);
  EXPECT_THAT(UserTables(), ElementsAre("customers", "orders"));
  EXPECT_THAT(Probe().VersionRows(), ElementsAre(kOrdersRev));
}

TEST_P(OnlineTest, AMigrationThatChangesNothingFails) {
  Ok({"upgrade", "head"});
  const std::string file = "migrations/e5a9d7c3b140_create_audit_log.sql";
  dir_.Write(file, MigrationText("create audit log", kBrokenRev, kOrdersRev,
                                 "SELECT 'CREATE TABLE audit_log (id integer PRIMARY KEY)';\n",
                                 "DROP TABLE audit_log;\n"));
  const ProcessResult r = Run({"upgrade", "head"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_EQ(r.out, "\xE2\x86\x92 " + std::string(kBrokenRev) + " create audit log\n");
  const std::vector<std::string> err = Lines(r.err);
  ASSERT_GE(err.size(), 2u) << r.err;
  EXPECT_EQ(err.front(), "error: " + file +
                             ": the migration ran 1 statement but changed nothing in the database "
                             "(no catalog change, no row written)");
  EXPECT_THAT(r.err, HasSubstr("`-- noop: allowed`"));
  EXPECT_EQ(err[err.size() - 2], "  nothing of revision e5a9d7c3b140 was recorded");
  EXPECT_EQ(err.back(), kNextAfterFailure);
  EXPECT_THAT(Probe().VersionRows(), ElementsAre(kOrdersRev));

  // Declared harmless, it is recorded.
  std::string text = dir_.Read(file);
  text.replace(text.find("-- create_date:"), 0, "-- noop: allowed\n");
  dir_.Write(file, text);
  EXPECT_THAT(ResultLines(Ok({"upgrade", "head"})),
              ElementsAre("✓ applied  e5a9d7c3b140  TIME  create audit log",
                          "Applied 1 migration in TIME."));
  EXPECT_THAT(Probe().VersionRows(), ElementsAre(kBrokenRev));
}

TEST_P(OnlineTest, AnAppliedMigrationThatWasEditedStopsUpgradeBeforeAnythingRuns) {
  Ok({"upgrade", "+2"});
  const std::string file = std::string("migrations/") + kCustomersRev + "_create_customers.sql";
  dir_.Write(file, dir_.Read(file) + "-- edited afterwards\n");
  const ProcessResult r = Run({"upgrade", "head"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_EQ(r.out, "");
  const std::vector<std::string> err = Lines(r.err);
  ASSERT_EQ(err.size(), 5u) << r.err;
  EXPECT_EQ(err[0], "error: " + file +
                        ": revision 3f1c0a9e2b10 was edited after it was applied (checksum mismatch)");
  EXPECT_THAT(err[1], ::testing::StartsWith("  recorded: sha256:"));
  EXPECT_THAT(err[2], ::testing::StartsWith("  file:     sha256:"));
  EXPECT_NE(err[1].substr(12), err[2].substr(12));
  EXPECT_EQ(err[3], "  an applied migration must not change: undo the edit and put the change in a "
                    "new revision (`migrate revision -m ...`)");
  EXPECT_EQ(err[4], "preflight found 1 problem; nothing was changed");
  EXPECT_THAT(UserTables(), ElementsAre("customers"));
  EXPECT_THAT(Probe().VersionRows(), ElementsAre(kEmailRev));
}

TEST_P(OnlineTest, DowngradeStopsBeforeAnIrreversibleMigration) {
  const std::string file = std::string("migrations/") + kBrokenRev + "_create_audit_log.sql";
  dir_.Write(file, MigrationText("create audit log", kBrokenRev, kOrdersRev,
                                 "CREATE TABLE audit_log (id integer PRIMARY KEY);\n", ""));
  Ok({"upgrade", "head"});
  const ProcessResult r = Run({"downgrade", "base"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(Lines(r.err),
              ElementsAre("error: " + file +
                              ": revision e5a9d7c3b140 has no downgrade section, so it is "
                              "irreversible: a downgrade cannot go past it (to revert its effects, write "
                              "a new revision that undoes them)",
                          "preflight found 1 problem; nothing was changed"));
  EXPECT_THAT(Probe().VersionRows(), ElementsAre(kBrokenRev));
  EXPECT_THAT(UserTables(), ElementsAre("audit_log", "customers", "orders"));
}

TEST_P(OnlineTest, AnUnknownTargetIsBadInput) {
  Ok({"upgrade", "+1"});
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"upgrade", "nope"}, {"downgrade", "nope"}, {"stamp", "nope"}}) {
    SCOPED_TRACE(args[0]);
    const ProcessResult r = Run(args);
    EXPECT_EQ(r.exit_code, 2) << r.Describe();
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, "error: Unknown revision or branch label 'nope'\n");
  }
  EXPECT_THAT(Probe().VersionRows(), ElementsAre(kCustomersRev));
}

TEST_P(OnlineTest, RelativeTargetsPastTheEndsAreBadInput) {
  Ok({"upgrade", "+1"});
  const ProcessResult down = Run({"downgrade", "-5"});
  EXPECT_EQ(down.exit_code, 2) << down.Describe();
  EXPECT_EQ(down.err,
            "error: '-5' goes past base: only 1 step down is possible from '3f1c0a9e2b10'\n");
  const ProcessResult up = Run({"upgrade", "+3"});
  EXPECT_EQ(up.exit_code, 2) << up.Describe();
  EXPECT_THAT(up.err, HasSubstr("'+3' goes past the head"));
  EXPECT_THAT(Probe().VersionRows(), ElementsAre(kCustomersRev));
}

TEST_P(OnlineTest, CurrentReportsARevisionMissingFromTheFiles) {
  Ok({"upgrade", "head"});
  Probe().Query("INSERT INTO migrate_version (version_num) VALUES ('zzzz9999')");
  const ProcessResult r = Run({"current"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_EQ(r.out,
            "c08b5e3f7a30 (head), create orders\n"
            "zzzz9999 (no migration file: the database is ahead of this code)\n");
  EXPECT_EQ(r.err,
            "error: the database is at revision zzzz9999, which is not in migrations: the "
            "database is ahead of this code (migrated from another branch or a newer version), "
            "or its file was deleted\n"
            "  check out the code that has zzzz9999 (the branch that added it) and run `migrate "
            "downgrade` there to take it out, or restore the file; if the schema is really at a "
            "revision of these files, record that with `migrate stamp --purge REV`\n");
}

TEST_P(OnlineTest, StampPurgeReplacesARevisionMissingFromTheFiles) {
  Ok({"upgrade", "head"});
  Probe().Query("INSERT INTO migrate_version (version_num) VALUES ('zzzz9999')");
  // `stamp --purge` is the repair the other commands' errors point to.
  EXPECT_THAT(Lines(Ok({"stamp", "--purge", "head"})),
              ElementsAre("Stamped the database at head."));
  EXPECT_THAT(Probe().VersionRows(), ElementsAre(kOrdersRev));
}

TEST_P(OnlineTest, StampOverARevisionMissingFromTheFilesPointsToPurge) {
  Ok({"upgrade", "head"});
  Probe().Query("INSERT INTO migrate_version (version_num) VALUES ('zzzz9999')");
  const ProcessResult r = Run({"stamp", "head"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  // The advice must lead somewhere: a plain `migrate stamp` fails the same way.
  EXPECT_THAT(r.err, HasSubstr("--purge"));
  EXPECT_THAT(Probe().VersionRows(), ElementsAre(kOrdersRev, "zzzz9999"));
}

TEST_P(OnlineTest, QuietPrintsNothingAndVerboseShowsThePlanAndEachStatement) {
  EXPECT_EQ(Ok({"-q", "upgrade", "head"}), "");
  EXPECT_THAT(Probe().VersionRows(), ElementsAre(kOrdersRev));
  EXPECT_THAT(Lines(Ok({"-v", "downgrade", "-1"})),
              ElementsAre("Planning to downgrade 1 migration",
                          "\xE2\x86\x92 " + std::string(kOrdersRev) + " create orders",
                          ::testing::MatchesRegex(" +TIME  line 13: DROP TABLE orders"),
                          kRevertedOrders, "Reverted 1 migration in TIME."));
}

TEST_P(OnlineTest, CheckPassesOnlyAtHead) {
  Ok({"upgrade", "+2"});
  const ProcessResult behind = Run({"check"});
  EXPECT_EQ(behind.exit_code, 1) << behind.Describe();
  EXPECT_EQ(behind.out, "");
  EXPECT_EQ(behind.err,
            "error: the database is not at head: 1 migration is pending (c08b5e3f7a30); run "
            "`migrate upgrade heads`\ncheck found 1 problem\n");

  Ok({"upgrade", "head"});
  EXPECT_EQ(Ok({"check"}), "OK: the database is at head c08b5e3f7a30, files unchanged, no drift\n");
}

TEST_P(OnlineTest, VerifyAndCheckReportDrift) {
  Ok({"upgrade", "head"});
  EXPECT_EQ(Ok({"verify"}), "OK: 4 postconditions of 3 applied migrations hold\n");

  Probe().Query("DROP INDEX idx_orders_customer_id");
  const std::vector<std::string> drift = {
      "error: migrations/c08b5e3f7a30_create_orders.sql:10: postcondition not met: index "
      "idx_orders_customer_id: the index does not exist",
      "  required by: CREATE INDEX idx_orders_customer_id ON orders (customer_id)",
      "  drift: the database no longer matches what its applied migrations did"};
  const ProcessResult verify = Run({"verify"});
  EXPECT_EQ(verify.exit_code, 1) << verify.Describe();
  EXPECT_EQ(verify.out, "");
  std::vector<std::string> expected = drift;
  expected.push_back("verify found 1 problem");
  EXPECT_EQ(Lines(verify.err), expected);

  const ProcessResult check = Run({"check"});
  EXPECT_EQ(check.exit_code, 1) << check.Describe();
  expected = drift;
  expected.push_back("check found 1 problem");
  EXPECT_EQ(Lines(check.err), expected);
}

// --- PostgreSQL only ---------------------------------------------------------

// The contract's per-migration limits: `statement_timeout` in the header, or
// as the default in migrate.toml, makes a statement that runs too long fail
// cleanly (rolled back, nothing recorded) instead of holding locks.
class PostgresqlTimeoutTest : public CliTest {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create(Backend::kPostgresql);
    ASSERT_NE(db_, nullptr);
  }

  void WriteSlowMigration(const std::string& extra_header) {
    dir_.Write(kSlowFile,
               "-- slow\n"
               "--\n"
               "-- revision: 5a5a5a5a5a5a\n"
               "-- down_revision:\n" +
                   extra_header +
                   "-- create_date: 2026-03-01 10:00:00\n"
                   "\n"
                   "-- migrate:upgrade\n"
                   "CREATE TABLE slow (id integer);\n"
                   "SELECT pg_sleep(5);\n");
  }

  // Runs `upgrade head`, which must fail at the pg_sleep statement.
  void ExpectTimedOut() {
    const ProcessResult r = Migrate({"--url", db_->url(), "upgrade", "head"});
    EXPECT_EQ(r.exit_code, 1) << r.Describe();
    EXPECT_EQ(r.out, "\xE2\x86\x92 5a5a5a5a5a5a slow\n");
    const int line = LineNumberOf(dir_.Read(kSlowFile), "SELECT pg_sleep(5);");
    EXPECT_THAT(Lines(r.err),
                ElementsAre(std::string("error: ") + kSlowFile + ":" + std::to_string(line) +
                                ": migration 5a5a5a5a5a5a failed: canceling statement due to "
                                "statement timeout",
                            "  statement: SELECT pg_sleep(5)", "  SQLSTATE: 57014",
                            "  nothing of revision 5a5a5a5a5a5a was recorded", kNextAfterFailure));
    const DatabaseProbe probe = DatabaseProbe::Postgresql(db_->url());
    EXPECT_THAT(probe.Query("SELECT count(*) FROM pg_tables WHERE tablename = 'slow'"),
                ElementsAre("0"));
  }

  static constexpr const char* kSlowFile = "migrations/5a5a5a5a5a5a_slow.sql";
  std::unique_ptr<TestDatabase> db_;
};

TEST_F(PostgresqlTimeoutTest, StatementTimeoutInTheHeaderStopsALongStatement) {
  WriteSlowMigration("-- statement_timeout: 200ms\n");
  ExpectTimedOut();
}

TEST_F(PostgresqlTimeoutTest, StatementTimeoutInTheConfigIsTheDefault) {
  dir_.Write("migrate.toml", "[migrate]\nstatement_timeout = \"200ms\"\n");
  WriteSlowMigration("");
  ExpectTimedOut();
}

TEST(PostgresqlWaitTest, AWrongPasswordIsNotRetried) {
  std::unique_ptr<TestDatabase> db = TestDatabase::Create(Backend::kPostgresql);
  ASSERT_NE(db, nullptr);
  std::string url = db->url();
  const std::string credentials = "migrate_test:migrate_test@";
  ASSERT_NE(url.find(credentials), std::string::npos) << url;
  // A password no message could contain by chance.
  url.replace(url.find(credentials), credentials.size(), "migrate_test:Xq7-not-it@");

  TempDir dir;
  ProcessOptions options;
  options.cwd = dir.path();
  options.env = {{"NO_COLOR", "1"}, {"DATABASE_URL", std::nullopt}};
  const auto start = std::chrono::steady_clock::now();
  const ProcessResult r = RunProcess({MigrateBinary(), "--url", url, "--wait", "30", "wait"}, options);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(10));
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr("password authentication failed for user \"migrate_test\""));
  EXPECT_THAT(r.err, HasSubstr("not retried: authentication failed"));
  EXPECT_THAT(r.err, Not(HasSubstr("Xq7-not-it")));
  EXPECT_THAT(r.err, Not(HasSubstr("Waiting")));
}

// Concurrent runs: the migration lock (guarantee 4 of the contract).
class PostgresqlLockTest : public CliTest {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create(Backend::kPostgresql);
    ASSERT_NE(db_, nullptr);
  }

  // Starts `upgrade head` of a migration that sleeps `seconds` on another
  // thread, and returns once it holds the lock (its pg_sleep is running), so
  // the next run is sure to find the lock taken.
  void StartSlowUpgrade(int seconds) {
    sleep_ = "SELECT pg_sleep(" + std::to_string(seconds) + ")";
    dir_.Write("migrations/6b6b6b6b6b6b_slow.sql",
               MigrationText("slow", "6b6b6b6b6b6b", "",
                             "CREATE TABLE slow (id integer);\n" + sleep_ + ";\n",
                             "DROP TABLE slow;\n"));
    first_ = std::thread([this] { first_result_ = Migrate({"--url", db_->url(), "upgrade", "head"}); });
    const DatabaseProbe probe = DatabaseProbe::Postgresql(db_->url());
    for (int i = 0; i < 200; ++i) {
      if (probe.Query("SELECT count(*) FROM pg_stat_activity WHERE query = '" + sleep_ +
                      "' AND state = 'active'") == std::vector<std::string>{"1"}) {
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    ADD_FAILURE() << "the first upgrade never reached its pg_sleep";
  }

  ProcessResult FinishSlowUpgrade() {
    if (first_.joinable()) first_.join();
    return first_result_;
  }

  void TearDown() override { FinishSlowUpgrade(); }

  std::unique_ptr<TestDatabase> db_;
  std::string sleep_;  // the slow migration's statement
  std::thread first_;
  ProcessResult first_result_;
};

// Said once, on stderr, by the run that waits; names the session holding the lock.
const std::regex kWaitingLine(
    R"(Waiting: another process holds the migration lock: PID \d+ \(application_name )"
    R"('migrate', user migrate_test, client 127\.0\.0\.1\))");

TEST_F(PostgresqlLockTest, ASecondUpgradeWaitsForTheLockThenFindsNothingToDo) {
  // Long enough for the second run to start and find the lock taken even on a busy machine.
  StartSlowUpgrade(5);
  const ProcessResult second = Migrate({"--url", db_->url(), "upgrade", "head"});
  const ProcessResult first = FinishSlowUpgrade();
  EXPECT_EQ(first.exit_code, 0) << first.Describe();
  EXPECT_THAT(ResultLines(MaskDurations(first.out)),
              ElementsAre("✓ applied  6b6b6b6b6b6b  TIME  slow  ✓ 1 table verified",
                          "Applied 1 migration in TIME."));
  EXPECT_EQ(second.exit_code, 0) << second.Describe();
  EXPECT_EQ(second.out, "Nothing to upgrade: the database is already at the target.\n");
  const std::vector<std::string> err = Lines(second.err);
  ASSERT_EQ(err.size(), 1u) << second.err;
  EXPECT_TRUE(std::regex_match(err[0], kWaitingLine)) << err[0];
  EXPECT_THAT(DatabaseProbe::Postgresql(db_->url()).Query(
                  "SELECT count(*) FROM migrate_history WHERE revision = '6b6b6b6b6b6b'"),
              ElementsAre("1"));
}

TEST_F(PostgresqlLockTest, LockTimeoutGivesUpAndNamesTheHolder) {
  // Far longer than the timeout; cancelled once the second run has given up.
  StartSlowUpgrade(60);
  const ProcessResult second =
      Migrate({"--url", db_->url(), "--lock-timeout", "300ms", "upgrade", "head"});
  EXPECT_EQ(second.exit_code, 1) << second.Describe();
  EXPECT_EQ(second.out, "");
  const std::vector<std::string> err = Lines(second.err);
  ASSERT_EQ(err.size(), 2u) << second.err;
  EXPECT_TRUE(std::regex_match(err[0], kWaitingLine)) << err[0];
  EXPECT_TRUE(std::regex_match(
      err[1], std::regex(R"(error: timed out after 300ms waiting for the migration lock on )"
                         R"("public"\."migrate_version", held by PID (\d+)[^:]*: another migrate )"
                         R"(is still running, or an interrupted one left its session open; wait )"
                         R"(for it, or end that session with SELECT pg_terminate_backend\(\d+\);)")))
      << err[1];

  DatabaseProbe::Postgresql(db_->url())
      .Query("SELECT count(pg_cancel_backend(pid)) FROM pg_stat_activity WHERE query = '" +
             sleep_ + "'");
  const ProcessResult first = FinishSlowUpgrade();
  EXPECT_EQ(first.exit_code, 1) << first.Describe();
  EXPECT_THAT(first.err, HasSubstr("canceling statement due to user request"));
}

INSTANTIATE_TEST_SUITE_P(Backends, OnlineTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const ::testing::TestParamInfo<Backend>& param) {
                           return migrate::testing::BackendName(param.param);
                         });

}  // namespace
}  // namespace migrate::cli_test
