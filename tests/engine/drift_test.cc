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

INSTANTIATE_TEST_SUITE_P(Backends, DriftTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         BackendParamName());

}  // namespace
}  // namespace migrate::testing
