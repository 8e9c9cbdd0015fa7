// `migrate verify` and `migrate check` on real databases: drift is found,
// and the folded chain (later drops and renames) never invents any.

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/engine/engine_test.h"

namespace migrate::testing {
namespace {

using ::testing::ElementsAre;

class DriftTest : public EngineTest {
 protected:
  base::Status Verify() {
    reporter_.Clear();
    commands::Context ctx = ContextFor(reporter_);
    return commands::Verify(ctx);
  }
  base::Status Check() {
    reporter_.Clear();
    commands::Context ctx = ContextFor(reporter_);
    return commands::Check(ctx);
  }
};

constexpr const char* kItems = R"(-- create items
--
-- revision: r001
-- down_revision:
-- expect: index idx_items_name

-- migrate:upgrade
CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL, price integer NOT NULL);
CREATE INDEX idx_items_name ON items (name);

-- migrate:verify
SELECT count(*) = 0 FROM items WHERE price < 0;

-- migrate:downgrade
DROP TABLE items;
)";

constexpr const char* kRenameItems = R"(-- rename items to products
--
-- revision: r002
-- down_revision: r001

-- migrate:upgrade
ALTER TABLE items RENAME TO products;
DROP INDEX idx_items_name;

-- migrate:downgrade
CREATE INDEX idx_items_name ON products (name);
ALTER TABLE products RENAME TO items;
)";

TEST_P(DriftTest, NoDriftRightAfterUpgrade) {
  Put("r001_create_items.sql", kItems);
  ASSERT_TRUE(Upgrade().ok());
  EXPECT_TRUE(Verify().ok());
  EXPECT_THAT(reporter_.info(), ElementsAre("OK: 3 postconditions of 1 applied migration hold"));
  EXPECT_TRUE(Check().ok());
}

// The index is both declared and implied by the CREATE INDEX: it is
// reported once, as the statement that made it.
TEST_P(DriftTest, AnIndexDroppedByHandIsDrift) {
  Put("r001_create_items.sql", kItems);
  ASSERT_TRUE(Upgrade().ok());
  Exec("DROP INDEX idx_items_name");
  base::Status s = Verify();
  EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed);
  EXPECT_EQ(s.ToString(),
            "migrations/r001_create_items.sql:9: postcondition not met: index idx_items_name: the "
            "index does not exist\n"
            "  required by: CREATE INDEX idx_items_name ON items (name)\n"
            "  drift: the database no longer matches what its applied migrations did\n"
            "verify found 1 problem");
  EXPECT_EQ(Check().code(), base::StatusCode::kVerificationFailed);
}

TEST_P(DriftTest, BadDataIsCaughtByTheVerifySectionAgain) {
  Put("r001_create_items.sql", kItems);
  ASSERT_TRUE(Upgrade().ok());
  Exec("INSERT INTO items VALUES (1, 'x', -5)");
  base::Status s = Verify();
  EXPECT_EQ(s.ToString(),
            "migrations/r001_create_items.sql:12: verify statement returned " +
                std::string(postgresql() ? "f" : "0") +
                ", not true\n"
                "  SELECT count(*) = 0 FROM items WHERE price < 0\n"
                "  drift: the database no longer matches what its applied migrations did\n"
                "verify found 1 problem");
}

TEST_P(DriftTest, ALaterRenameAndDropSupersedeEarlierFacts) {
  Put("r001_create_items.sql", kItems);
  Put("r002_rename_items.sql", kRenameItems);
  ASSERT_TRUE(Upgrade().ok());
  // items, its index and r001's verify query (which reads items) are all
  // superseded by r002: nothing of them is drift.
  base::Status s = Verify();
  EXPECT_TRUE(s.ok()) << s.ToString();
  Exec("DROP TABLE products");
  EXPECT_EQ(Verify().ToString(),
            "migrations/r002_rename_items.sql:7: postcondition not met: table products(id, name, "
            "price): the table does not exist\n"
            "  required by: ALTER TABLE items RENAME TO products\n"
            "  drift: the database no longer matches what its applied migrations did\n"
            "verify found 1 problem");
}

// A later migration's `expect:` line about the object itself supersedes an
// earlier migration's effect: code the parser cannot read (a PostgreSQL DO
// block) dropped the table, and the line says so; it is no drift.
TEST_P(DriftTest, ALaterExpectLineSupersedesAnEarlierEffect) {
  Put("r001_create_legacy.sql", MigrationText("r001", "", {},
                                              "-- migrate:upgrade\n"
                                              "CREATE TABLE legacy (id INTEGER);\n"));
  Put("r002_drop_legacy.sql",
      MigrationText("r002", "r001", {"expect: no table legacy"},
                    "-- migrate:upgrade postgresql\n"
                    "DO $$ BEGIN DROP TABLE legacy; END $$;\n"
                    "-- migrate:upgrade sqlite\n"
                    "DROP TABLE legacy;\n"));
  ASSERT_TRUE(Upgrade().ok());
  base::Status s = Verify();
  EXPECT_TRUE(s.ok()) << s.ToString();
  Exec("CREATE TABLE legacy (id INTEGER)");
  EXPECT_THAT(Verify().ToString(), ::testing::HasSubstr("postcondition not met: no table legacy"));
}

TEST_P(DriftTest, CheckListsEveryReason) {
  Put("r001_create_items.sql", kItems);
  ASSERT_TRUE(Upgrade().ok());
  Put("r002_rename_items.sql", kRenameItems);
  Exec("DROP INDEX idx_items_name");
  base::Status s = Check();
  EXPECT_THAT(AllProblems(s),
              ElementsAre("the database is not at head: 1 migration is pending (r002); run "
                          "`migrate upgrade heads`",
                          "migrations/r001_create_items.sql:9: postcondition not met: index "
                          "idx_items_name: the index does not exist\n"
                          "  required by: CREATE INDEX idx_items_name ON items (name)\n"
                          "  drift: the database no longer matches what its applied migrations "
                          "did\n"
                          "check found 2 problems"));
}

// Every other way `check` fails, one at a time; each exits 1 (kind
// kFailedPrecondition), and a bad file exits 2.
TEST_P(DriftTest, CheckFailsWithTwoHeads) {
  Put("r001_create_items.sql", kItems);
  ASSERT_TRUE(Upgrade().ok());
  Put("r002_a.sql", MigrationText("r002", "r001", {}, "-- migrate:upgrade\n"));
  Put("r003_b.sql", MigrationText("r003", "r001", {}, "-- migrate:upgrade\n"));
  ASSERT_TRUE(Upgrade("heads").ok());
  base::Status s = Check();
  EXPECT_EQ(s.code(), base::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.ToString(),
            "the script directory has 2 heads (r002, r003); join them with `migrate merge -m MSG "
            "heads`\n"
            "check found 1 problem");
}

TEST_P(DriftTest, CheckFailsWhenTheDatabaseIsAheadOfTheCode) {
  Put("r001_create_items.sql", kItems);
  ASSERT_TRUE(Upgrade().ok());
  Exec("UPDATE migrate_version SET version_num = 'f00d'");
  base::Status s = Check();
  EXPECT_EQ(s.code(), base::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.ToString(),
            "the database is at revision f00d, which is not in migrations: the database is "
            "ahead of this code (migrated from another branch or a newer version), or its file "
            "was deleted\n"
            "  check out the code that has f00d (the branch that added it) and run `migrate "
            "downgrade` there to take it out, or restore the file; if the schema is really at a "
            "revision of these files, record that with `migrate stamp --purge REV`\n"
            "check found 1 problem");
}

TEST_P(DriftTest, CheckFailsWhenAnAppliedFileWasEdited) {
  Put("r001_create_items.sql", kItems);
  ASSERT_TRUE(Upgrade().ok());
  std::string edited = kItems;
  edited.replace(edited.find("price integer"), 13, "price bigint");
  Put("r001_create_items.sql", edited);
  base::Status s = Check();
  EXPECT_EQ(s.code(), base::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(), "revision r001 was edited after it was applied (checksum mismatch)");
}

TEST_P(DriftTest, CheckFailsWhileAMigrationIsMarkedIncomplete) {
  Put("r001_index_later.sql",
      MigrationText("r001", "", {"transaction: none"},
                    "-- migrate:upgrade\nCREATE TABLE t (id integer);\nINSERT INTO nope VALUES (1);\n"));
  ASSERT_FALSE(Upgrade().ok());
  base::Status s = Check();
  EXPECT_EQ(s.code(), base::StatusCode::kFailedPrecondition);
  const std::vector<std::string> problems = AllProblems(s);
  ASSERT_EQ(problems.size(), 2u) << s.ToString();
  EXPECT_EQ(problems[0].rfind("migration r001 is marked incomplete", 0), 0u) << problems[0];
  EXPECT_EQ(problems[1],
            "the database is not at head: 1 migration is pending (r001); run `migrate upgrade "
            "heads`\ncheck found 2 problems");
}

TEST_P(DriftTest, CheckOfABadFileIsBadInput) {
  Put("r001_create_items.sql", "-- x\n--\n-- revision: r001\n-- expext: table t\n\n-- migrate:upgrade\n");
  base::Status s = Check();
  EXPECT_EQ(s.code(), base::StatusCode::kInvalidInput);
  EXPECT_EQ(s.location(), base::Location({"migrations/r001_create_items.sql", 4})) << s.ToString();
}

INSTANTIATE_TEST_SUITE_P(Backends, DriftTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         BackendParamName());

}  // namespace
}  // namespace migrate::testing
