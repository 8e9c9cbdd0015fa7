// The adversarial corpus, part 4: table rebuilds with foreign keys on. The
// recipe SQLite's docs give for schema changes ALTER TABLE cannot make
// (CREATE TABLE new_x; INSERT INTO new_x SELECT ...; DROP TABLE x; ALTER
// TABLE new_x RENAME TO x) drops a parent table: with foreign keys enforced,
// that DROP deletes every child row through ON DELETE CASCADE. `migrate`
// runs SQLite's own procedure instead (enforcement off before BEGIN,
// PRAGMA foreign_key_check before COMMIT, enforcement back on), so child
// rows survive and dangling references fail.

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/engine/adversarial_case.h"

namespace migrate::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;
using script::ObjectKind;

class AdversarialRebuildTest : public AdversarialTest {
 protected:
  // orders 1 and 2; items 1-3 of order 1, item 4 of order 2.
  void OrdersAndItems(const std::string& on_delete) {
    Setup({"CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER)",
           "CREATE TABLE items (id INTEGER PRIMARY KEY, "
           "order_id INTEGER REFERENCES orders (id) ON DELETE " + on_delete + ")",
           "INSERT INTO orders VALUES (1, 10)", "INSERT INTO orders VALUES (2, 20)",
           "INSERT INTO items VALUES (1, 1)", "INSERT INTO items VALUES (2, 1)",
           "INSERT INTO items VALUES (3, 1)", "INSERT INTO items VALUES (4, 2)"});
  }

  // The docs' recipe: orders rebuilt with a new column `note`, copying the
  // rows `where` selects.
  static std::string Rebuild(const std::string& where = "") {
    return "CREATE TABLE new_orders (id INTEGER PRIMARY KEY, total INTEGER, note TEXT);\n"
           "INSERT INTO new_orders (id, total) SELECT id, total FROM orders" + where + ";\n"
           "DROP TABLE orders;\n"
           "ALTER TABLE new_orders RENAME TO orders;\n";
  }
};

// The case: the rebuild succeeds and every child row survives.
TEST_P(AdversarialRebuildTest, TheDocsRecipeKeepsCascadingChildRows) {
  OrdersAndItems("CASCADE");
  WriteUpgrade("r001", "", Rebuild());
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(Columns("orders"), Optional(ElementsAre("id", "total", "note")));
  EXPECT_EQ(Count("orders"), "2");
  EXPECT_EQ(Count("items"), "4");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "new_orders"));
  ExpectApplied("r001");
}

// The case: a rebuild that leaves out a parent row the children
// need fails, naming the child table, and changes nothing.
TEST_P(AdversarialRebuildTest, ARebuildThatLeavesDanglingReferencesFails) {
  OrdersAndItems("CASCADE");
  WriteUpgrade("r001", "", Rebuild(" WHERE id = 2"));
  base::Status s = Upgrade();
  EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed) << s.ToString();
  EXPECT_THAT(s.ToString(), HasSubstr("items"));
  ExpectNotRecorded("r001");
  EXPECT_THAT(Columns("orders"), Optional(ElementsAre("id", "total")));
  EXPECT_EQ(Count("orders"), "2");
  EXPECT_EQ(Count("items"), "4");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "new_orders"));
}

// ON DELETE SET NULL: a cascading DROP would null every reference; the
// rebuild keeps them.
TEST_P(AdversarialRebuildTest, TheRecipeKeepsSetNullReferences) {
  OrdersAndItems("SET NULL");
  WriteUpgrade("r001", "", Rebuild());
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(One("SELECT count(*) FROM items WHERE order_id IS NULL"), "0");
  ExpectApplied("r001");
}

// ON DELETE RESTRICT: the DROP alone would fail with "FOREIGN KEY constraint
// failed"; done SQLite's way the rebuild passes.
TEST_P(AdversarialRebuildTest, TheRecipePassesOverARestrictingChild) {
  OrdersAndItems("RESTRICT");
  WriteUpgrade("r001", "", Rebuild());
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("items"), "4");
  EXPECT_THAT(Columns("orders"), Optional(ElementsAre("id", "total", "note")));
  ExpectApplied("r001");
}

// After the rebuild, foreign keys are enforced again: the next migration of
// the same run cannot insert a dangling child.
TEST_P(AdversarialRebuildTest, ForeignKeysAreEnforcedAgainAfterARebuild) {
  OrdersAndItems("CASCADE");
  WriteUpgrade("r001", "", Rebuild());
  WriteUpgrade("r002", "r001", "INSERT INTO items VALUES (5, 99);\n");
  base::Status s = Upgrade();
  EXPECT_EQ(s.code(), base::StatusCode::kDatabase) << s.ToString();
  EXPECT_THAT(s.ToString(), HasSubstr("FOREIGN KEY"));
  EXPECT_THAT(VersionRows(), ElementsAre("r001"));
  ExpectNotRecorded("r002");
  EXPECT_EQ(Count("items"), "4");
}

// Rebuilding the child to add a foreign key its rows violate fails at the
// check, naming the child; a reader of the text sees only a copy.
TEST_P(AdversarialRebuildTest, ARebuildAddingAViolatedForeignKeyFails) {
  Setup({"CREATE TABLE orders (id INTEGER PRIMARY KEY)", "INSERT INTO orders VALUES (1)",
         "CREATE TABLE items (id INTEGER PRIMARY KEY, order_id INTEGER)",
         "INSERT INTO items VALUES (1, 1)", "INSERT INTO items VALUES (2, 7)",
         "CREATE TABLE lines (item_id INTEGER REFERENCES items (id) ON DELETE CASCADE)",
         "INSERT INTO lines VALUES (1)"});
  WriteUpgrade("r001", "",
               "CREATE TABLE new_items (id INTEGER PRIMARY KEY,\n"
               "                        order_id INTEGER REFERENCES orders (id));\n"
               "INSERT INTO new_items SELECT id, order_id FROM items;\n"
               "DROP TABLE items;\n"
               "ALTER TABLE new_items RENAME TO items;\n");
  base::Status s = Upgrade();
  EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed) << s.ToString();
  EXPECT_THAT(s.ToString(), HasSubstr("items"));
  ExpectNotRecorded("r001");
  EXPECT_EQ(Count("items"), "2");
  EXPECT_EQ(Count("lines"), "1");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "new_items"));
}

// Rebuilding a child that references a parent (and is referenced by none)
// keeps every row on both sides.
TEST_P(AdversarialRebuildTest, RebuildingTheChildKeepsItsRows) {
  OrdersAndItems("CASCADE");
  WriteUpgrade("r001", "",
               "CREATE TABLE new_items (id INTEGER PRIMARY KEY,\n"
               "  order_id INTEGER REFERENCES orders (id) ON DELETE CASCADE, qty INTEGER DEFAULT 1);\n"
               "INSERT INTO new_items (id, order_id) SELECT id, order_id FROM items;\n"
               "DROP TABLE items;\n"
               "ALTER TABLE new_items RENAME TO items;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("items"), "4");
  EXPECT_EQ(Count("orders"), "2");
  EXPECT_EQ(One("SELECT sum(qty) FROM items"), "4");
  ExpectApplied("r001");
}

// A rebuild whose copy deletes rows from the parent it names (a DELETE
// before the DROP) and whose children are deleted by a named DELETE too:
// everything is named, dangling nothing, so it passes.
TEST_P(AdversarialRebuildTest, ARebuildThatDeletesNamedRowsFirstPasses) {
  OrdersAndItems("CASCADE");
  WriteUpgrade("r001", "",
               "DELETE FROM items WHERE order_id = 1;\n"
               "DELETE FROM orders WHERE id = 1;\n" +
                   Rebuild());
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("orders"), "1");
  EXPECT_EQ(Count("items"), "1");
  ExpectApplied("r001");
}

INSTANTIATE_TEST_SUITE_P(Sqlite, AdversarialRebuildTest, ::testing::Values(Backend::kSqlite),
                         BackendParamName());

// --- Both databases -------------------------------------------------------------

class AdversarialRenameParentTest : public AdversarialRebuildTest {};

// Renaming a referenced parent carries the references along (both
// databases rewrite the children's foreign keys); no row moves.
TEST_P(AdversarialRenameParentTest, RenamingAReferencedParentKeepsTheChildren) {
  OrdersAndItems("CASCADE");
  WriteUpgrade("r001", "", "ALTER TABLE orders RENAME TO purchases;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("purchases"), "2");
  EXPECT_EQ(Count("items"), "4");
  EXPECT_FALSE(Exists(ObjectKind::kTable, "orders"));
  EXPECT_FALSE(Db().Execute("INSERT INTO items VALUES (9, 99)").ok());
  ExpectApplied("r001");
}

INSTANTIATE_TEST_SUITE_P(Backends, AdversarialRenameParentTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         BackendParamName());

}  // namespace
}  // namespace migrate::testing
