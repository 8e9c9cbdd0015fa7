// `migrate verify` after ordinary, correct migrations whose statements drop
// or rename objects the database takes with them implicitly (issue 15,
// part 3): an index absorbed by ADD CONSTRAINT ... USING INDEX, the indexes
// of a dropped column, the views a DROP COLUMN ... CASCADE removes, the
// partitions of a dropped parent, the indexes and triggers of a dropped
// table (also one a DO block dropped, declared by `expect: no table`).
// Each test checks both halves: no false alarm after the migrations, and a
// real drift next to the implicitly dropped objects is still reported.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/engine/engine_test.h"

namespace migrate::testing {
namespace {

class DriftImpliedTest : public EngineTest {
 protected:
  base::Status Verify() {
    reporter_.Clear();
    commands::Context ctx = ContextFor(reporter_);
    return commands::Verify(ctx);
  }

  // Verify finds no drift; on failure, the test names what it reported.
  void ExpectNoDrift() {
    base::Status s = Verify();
    EXPECT_TRUE(s.ok()) << s.ToString();
  }

  // The first line of the one drift Verify reports ("" if it reports
  // none, or more than one).
  std::string OnlyDrift() {
    base::Status s = Verify();
    EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed) << s.ToString();
    const std::vector<std::string> problems = AllProblems(s);
    if (problems.size() != 1) {
      ADD_FAILURE() << ::testing::PrintToString(problems);
      return "";
    }
    return problems[0].substr(0, problems[0].find('\n'));
  }
};

using DriftImpliedPostgresqlTest = DriftImpliedTest;

// --- Both databases -------------------------------------------------------

// A dropped table takes its indexes and triggers with it, also an index an
// earlier migration declared with an `expect:` line.
TEST_P(DriftImpliedTest, ADroppedTableTakesItsIndexesAndTriggers) {
  const std::string trigger =
      postgresql()
          ? "CREATE FUNCTION audit_touch() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RETURN NEW; END $$;\n"
            "CREATE TRIGGER trg_audit BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION "
            "audit_touch();\n"
          : "CREATE TRIGGER trg_audit AFTER INSERT ON audit BEGIN SELECT 1; END;\n";
  Put("r001_audit.sql",
      MigrationText("r001", "", {"expect: index idx_audit_at"},
                    "-- migrate:upgrade\n"
                    "CREATE TABLE audit (id integer PRIMARY KEY, at text);\n"
                    "CREATE TABLE keep (id integer PRIMARY KEY, at text);\n"
                    "CREATE INDEX idx_audit_at ON audit (at);\n"
                    "CREATE INDEX idx_keep_at ON keep (at);\n" +
                        trigger));
  Put("r002_drop_audit.sql",
      MigrationText("r002", "r001", {}, "-- migrate:upgrade\nDROP TABLE audit;\n"));
  base::Status upgraded = Upgrade();
  ASSERT_TRUE(upgraded.ok()) << ::testing::PrintToString(AllProblems(upgraded));
  ExpectNoDrift();
  Exec("DROP INDEX idx_keep_at");
  EXPECT_EQ(OnlyDrift(),
            "migrations/r001_audit.sql:11: postcondition not met: index idx_keep_at: the index "
            "does not exist");
}

// SQLite cannot drop an indexed column; its way is the table rebuild, whose
// DROP TABLE takes the old table's indexes. The same migration on
// PostgreSQL drops the column, and the index on it goes with it.
TEST_P(DriftImpliedTest, DroppingAnIndexedColumnTakesItsIndexes) {
  Put("r001_t.sql", MigrationText("r001", "", {"expect: index idx_t_b"},
                                  "-- migrate:upgrade\n"
                                  "CREATE TABLE t (a integer, b integer, c integer);\n"
                                  "CREATE INDEX idx_t_a ON t (a);\n"
                                  "CREATE INDEX idx_t_b ON t (b);\n"
                                  "CREATE INDEX idx_t_cb ON t (c, b);\n"));
  const std::string drop_b = postgresql()
                                 ? "ALTER TABLE t DROP COLUMN b;\n"
                                 : "CREATE TABLE new_t (a integer, c integer);\n"
                                   "INSERT INTO new_t SELECT a, c FROM t;\n"
                                   "DROP TABLE t;\n"
                                   "ALTER TABLE new_t RENAME TO t;\n"
                                   "CREATE INDEX idx_t_a ON t (a);\n";
  Put("r002_drop_b.sql", MigrationText("r002", "r001", {}, "-- migrate:upgrade\n" + drop_b));
  ASSERT_TRUE(Upgrade().ok());
  ExpectNoDrift();
  Exec("DROP INDEX idx_t_a");
  EXPECT_EQ(OnlyDrift(),
            postgresql() ? "migrations/r001_t.sql:9: postcondition not met: index idx_t_a: the "
                           "index does not exist"
                         : "migrations/r002_drop_b.sql:11: postcondition not met: index idx_t_a: "
                           "the index does not exist");
}

// --- PostgreSQL only ------------------------------------------------------

// ADD CONSTRAINT ... USING INDEX renames the index to the constraint's name.
TEST_P(DriftImpliedPostgresqlTest, UsingIndexRenamesTheIndexToTheConstraint) {
  Put("r001_users.sql",
      MigrationText("r001", "", {"expect: index idx_users_email"},
                    "-- migrate:upgrade\n"
                    "CREATE TABLE users (id integer, email text, login text);\n"
                    "CREATE UNIQUE INDEX idx_users_email ON users (email);\n"
                    "CREATE UNIQUE INDEX idx_users_id ON users (id);\n"
                    "CREATE UNIQUE INDEX users_login_key ON users (login);\n"));
  Put("r002_constraints.sql",
      MigrationText("r002", "r001", {},
                    "-- migrate:upgrade\n"
                    "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX "
                    "idx_users_email;\n"
                    "ALTER TABLE users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX "
                    "idx_users_id, ADD UNIQUE USING INDEX users_login_key;\n"));
  ASSERT_TRUE(Upgrade().ok());
  ExpectNoDrift();
  Exec("ALTER TABLE users DROP CONSTRAINT users_email_key");
  EXPECT_EQ(OnlyDrift(),
            "migrations/r002_constraints.sql:7: postcondition not met: unique index "
            "users_email_key: the index does not exist");
}

// DROP COLUMN ... CASCADE removes the views that read the column, and the
// views that read those; a view that does not read it stays expected.
TEST_P(DriftImpliedPostgresqlTest, DropColumnCascadeTakesTheViewsThatReadIt) {
  Put("r001_t.sql", MigrationText("r001", "", {"expect: view v_b"},
                                  "-- migrate:upgrade\n"
                                  "CREATE TABLE t (a integer, b integer);\n"
                                  "CREATE VIEW v_b AS SELECT a, b FROM t;\n"
                                  "CREATE VIEW v_all AS SELECT * FROM t;\n"
                                  "CREATE VIEW v_of_v AS SELECT a FROM v_b;\n"
                                  "CREATE VIEW v_a AS SELECT a FROM t;\n"));
  Put("r002_drop_b.sql", MigrationText("r002", "r001", {},
                                       "-- migrate:upgrade\n"
                                       "ALTER TABLE t DROP COLUMN b CASCADE;\n"));
  ASSERT_TRUE(Upgrade().ok());
  ASSERT_FALSE(Exists(script::ObjectKind::kView, "v_of_v"));
  ExpectNoDrift();
  Exec("DROP VIEW v_a");
  EXPECT_EQ(OnlyDrift(),
            "migrations/r001_t.sql:12: postcondition not met: view v_a: the view does not exist");
}

// Dropping a partitioned table drops its partitions (made by PARTITION OF
// or attached later) and theirs, with their indexes.
TEST_P(DriftImpliedPostgresqlTest, ADroppedPartitionedTableTakesItsPartitions) {
  Put("r001_events.sql",
      MigrationText("r001", "", {"expect: table events_2025"},
                    "-- migrate:upgrade\n"
                    "CREATE TABLE events (id integer, at date) PARTITION BY RANGE (at);\n"
                    "CREATE TABLE events_2024 PARTITION OF events\n"
                    "  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01') PARTITION BY RANGE (at);\n"
                    "CREATE TABLE events_2024_h1 PARTITION OF events_2024\n"
                    "  FOR VALUES FROM ('2024-01-01') TO ('2024-07-01');\n"
                    "CREATE INDEX idx_events_2024_h1 ON events_2024_h1 (id);\n"
                    "CREATE TABLE events_2025 (id integer, at date);\n"
                    "ALTER TABLE events ATTACH PARTITION events_2025\n"
                    "  FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');\n"
                    "CREATE TABLE kept (id integer);\n"));
  Put("r002_drop_events.sql", MigrationText("r002", "r001", {},
                                            "-- migrate:upgrade\nDROP TABLE events;\n"));
  ASSERT_TRUE(Upgrade().ok());
  ExpectNoDrift();
  Exec("DROP TABLE kept");
  EXPECT_EQ(OnlyDrift(),
            "migrations/r001_events.sql:17: postcondition not met: table kept(id): the table does "
            "not exist");
}

// A DO block dropped the table, and `expect: no table` says so: its
// indexes, and earlier `expect:` lines about them, go with it.
TEST_P(DriftImpliedPostgresqlTest, ExpectNoTableAfterADoBlockTakesItsIndexes) {
  Put("r001_legacy.sql", MigrationText("r001", "", {"expect: index idx_legacy_code"},
                                       "-- migrate:upgrade\n"
                                       "CREATE TABLE legacy (id integer, code text);\n"
                                       "CREATE INDEX idx_legacy_code ON legacy (code);\n"
                                       "CREATE INDEX idx_legacy_id ON legacy (id);\n"
                                       "CREATE TABLE current_codes (code text);\n"));
  Put("r002_drop_legacy.sql", MigrationText("r002", "r001", {"expect: no table legacy"},
                                            "-- migrate:upgrade\n"
                                            "DO $$ BEGIN DROP TABLE legacy; END $$;\n"));
  ASSERT_TRUE(Upgrade().ok());
  ExpectNoDrift();
  Exec("DROP TABLE current_codes");
  EXPECT_EQ(OnlyDrift(),
            "migrations/r001_legacy.sql:11: postcondition not met: table current_codes(code): the "
            "table does not exist");
}

INSTANTIATE_TEST_SUITE_P(Backends, DriftImpliedTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         BackendParamName());
INSTANTIATE_TEST_SUITE_P(Backends, DriftImpliedPostgresqlTest,
                         ::testing::Values(Backend::kPostgresql), BackendParamName());

}  // namespace
}  // namespace migrate::testing
