// The adversarial corpus, part 3: the data ledger, on both databases. The
// database counts the rows a migration inserted, updated and deleted per
// table, foreign-key actions and triggers included. A migration that
// deletes rows from a table it never names in a DELETE, TRUNCATE or DROP
// fails, naming the table and the count, unless its header declares
// `-- expect: rows deleted from <table>`. Inserts and updates elsewhere
// (an audit trigger, ON DELETE SET NULL) are fine.

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/engine/adversarial_case.h"

namespace migrate::testing {
namespace {

using ::testing::HasSubstr;
using script::ObjectKind;

class AdversarialLedgerTest : public AdversarialTest {
 protected:
  // orders 1 and 2; items 1-3 belong to order 1 and item 4 to order 2,
  // deleted with their order (`on_delete` is the child's action).
  void OrdersAndItems(const std::string& on_delete = "CASCADE") {
    Setup({"CREATE TABLE orders (id INTEGER PRIMARY KEY, status TEXT)",
           "CREATE TABLE items (id INTEGER PRIMARY KEY, "
           "order_id INTEGER REFERENCES orders (id) ON DELETE " + on_delete + ")",
           "INSERT INTO orders VALUES (1, 'open')", "INSERT INTO orders VALUES (2, 'open')",
           "INSERT INTO items VALUES (1, 1)", "INSERT INTO items VALUES (2, 1)",
           "INSERT INTO items VALUES (3, 1)", "INSERT INTO items VALUES (4, 2)"});
  }

  // A row trigger `name` that runs `body` (one statement, which may use NEW
  // and OLD) after each `event` on `table`.
  void Trigger(const std::string& name, const std::string& event, const std::string& table,
               const std::string& body) {
    if (postgresql()) {
      Setup({"CREATE FUNCTION " + name + "_fn() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN " +
                 body + "; RETURN NULL; END $$",
             "CREATE TRIGGER " + name + " AFTER " + event + " ON " + table +
                 " FOR EACH ROW EXECUTE FUNCTION " + name + "_fn()"});
    } else {
      Setup({"CREATE TRIGGER " + name + " AFTER " + event + " ON " + table + " BEGIN " + body +
             "; END"});
    }
  }

  // The migration failed on the ledger, naming `table` and the count of
  // its deleted rows ("3 rows"), and left nothing behind.
  void ExpectUndeclaredDelete(const base::Status& s, const std::string& revision,
                              const std::string& table, const std::string& count) {
    EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed) << s.ToString();
    EXPECT_THAT(s.ToString(), HasSubstr(Path(File(revision))));
    EXPECT_THAT(s.ToString(), HasSubstr(table));
    EXPECT_THAT(s.ToString(), HasSubstr(count + " row"));
    ExpectNotRecorded(revision);
  }
};

// The cascade: DELETE names orders, the database also deletes 3 items.
TEST_P(AdversarialLedgerTest, ACascadingDeleteFromTheParentFailsNamingTheChild) {
  OrdersAndItems();
  WriteUpgrade("r001", "", "DELETE FROM orders WHERE id = 1;\n");
  ExpectUndeclaredDelete(Upgrade(), "r001", "items", "3");
  EXPECT_EQ(Count("orders"), "2");
  EXPECT_EQ(Count("items"), "4");
}

// Declared, the same cascade is what the author meant.
TEST_P(AdversarialLedgerTest, ACascadingDeleteDeclaredInTheHeaderPasses) {
  OrdersAndItems();
  WriteUpgrade("r001", "", "DELETE FROM orders WHERE id = 1;\n",
               {"expect: rows deleted from items"});
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("orders"), "1");
  EXPECT_EQ(Count("items"), "1");
  ExpectApplied("r001");
}

// Naming the child in a DELETE of its own is as good as declaring it; the
// cascade then finds nothing more to delete.
TEST_P(AdversarialLedgerTest, DeletingTheChildRowsFirstPasses) {
  OrdersAndItems();
  WriteUpgrade("r001", "",
               "DELETE FROM items WHERE order_id = 1;\n"
               "DELETE FROM orders WHERE id = 1;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("items"), "1");
  ExpectApplied("r001");
}

// Naming the child anywhere in the DELETE statement that cascades is not
// naming it as a table that loses rows: a subquery only reads it.
TEST_P(AdversarialLedgerTest, AChildNamedOnlyInASubqueryIsNotNamed) {
  OrdersAndItems();
  WriteUpgrade("r001", "",
               "DELETE FROM orders WHERE id IN (SELECT order_id FROM items WHERE id = 4);\n");
  ExpectUndeclaredDelete(Upgrade(), "r001", "items", "1");
  EXPECT_EQ(Count("orders"), "2");
  EXPECT_EQ(Count("items"), "4");
}

// A DELETE of the child with a subquery over the parent deletes child rows
// only: the parent it reads loses nothing.
TEST_P(AdversarialLedgerTest, ADeleteReadingAnotherTablePasses) {
  OrdersAndItems();
  WriteUpgrade("r001", "",
               "DELETE FROM items WHERE order_id IN (SELECT id FROM orders WHERE id = 2);\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("orders"), "2");
  EXPECT_EQ(Count("items"), "3");
  ExpectApplied("r001");
}

// Two cascading children, one declared: the other is named in the failure.
TEST_P(AdversarialLedgerTest, OnlyTheUndeclaredChildIsReported) {
  OrdersAndItems();
  Setup({"CREATE TABLE shipments (id INTEGER PRIMARY KEY, "
         "order_id INTEGER REFERENCES orders (id) ON DELETE CASCADE)",
         "INSERT INTO shipments VALUES (1, 1)", "INSERT INTO shipments VALUES (2, 1)"});
  WriteUpgrade("r001", "", "DELETE FROM orders WHERE id = 1;\n",
               {"expect: rows deleted from items"});
  base::Status s = Upgrade();
  ExpectUndeclaredDelete(s, "r001", "shipments", "2");
  EXPECT_EQ(Count("items"), "4");
  EXPECT_EQ(Count("shipments"), "2");
}

// ON DELETE SET NULL updates the children, it does not delete them.
TEST_P(AdversarialLedgerTest, OnDeleteSetNullUpdatesTheChildAndPasses) {
  OrdersAndItems("SET NULL");
  WriteUpgrade("r001", "", "DELETE FROM orders WHERE id = 1;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("items"), "4");
  EXPECT_EQ(One("SELECT count(*) FROM items WHERE order_id IS NULL"), "3");
  ExpectApplied("r001");
}

// ON UPDATE CASCADE rewrites the children's keys: updates elsewhere are fine.
TEST_P(AdversarialLedgerTest, OnUpdateCascadePasses) {
  Setup({"CREATE TABLE codes (code TEXT PRIMARY KEY)",
         "CREATE TABLE uses (id INTEGER PRIMARY KEY, "
         "code TEXT REFERENCES codes (code) ON UPDATE CASCADE)",
         "INSERT INTO codes VALUES ('a')", "INSERT INTO uses VALUES (1, 'a')"});
  WriteUpgrade("r001", "", "UPDATE codes SET code = 'b' WHERE code = 'a';\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(One("SELECT code FROM uses"), "b");
  ExpectApplied("r001");
}

// The case: a trigger on `a` deletes from `b`. The migration names
// only `a`, in an INSERT.
TEST_P(AdversarialLedgerTest, ATriggerThatDeletesElsewhereFailsNamingThatTable) {
  Setup({"CREATE TABLE a (id INTEGER)", "CREATE TABLE b (id INTEGER)",
         "INSERT INTO b VALUES (1)", "INSERT INTO b VALUES (2)", "INSERT INTO b VALUES (3)"});
  Trigger("a_clears_b", "INSERT", "a", "DELETE FROM b");
  WriteUpgrade("r001", "", "INSERT INTO a VALUES (1);\n");
  ExpectUndeclaredDelete(Upgrade(), "r001", "b", "3");
  EXPECT_EQ(Count("a"), "0");
  EXPECT_EQ(Count("b"), "3");
}

// The same trigger, declared.
TEST_P(AdversarialLedgerTest, ATriggerThatDeletesElsewhereDeclaredPasses) {
  Setup({"CREATE TABLE a (id INTEGER)", "CREATE TABLE b (id INTEGER)",
         "INSERT INTO b VALUES (1)"});
  Trigger("a_clears_b", "INSERT", "a", "DELETE FROM b");
  WriteUpgrade("r001", "", "INSERT INTO a VALUES (1);\n", {"expect: rows deleted from b"});
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("a"), "1");
  EXPECT_EQ(Count("b"), "0");
  ExpectApplied("r001");
}

// A delete trigger chained to a delete: the migration names `carts`, the
// trigger empties `cart_lines` as well.
TEST_P(AdversarialLedgerTest, ADeleteTriggerThatDeletesElsewhereFails) {
  Setup({"CREATE TABLE carts (id INTEGER)", "CREATE TABLE cart_lines (cart_id INTEGER)",
         "INSERT INTO carts VALUES (1)", "INSERT INTO cart_lines VALUES (1)",
         "INSERT INTO cart_lines VALUES (1)"});
  Trigger("carts_cleanup", "DELETE", "carts", "DELETE FROM cart_lines WHERE cart_id = OLD.id");
  WriteUpgrade("r001", "", "DELETE FROM carts;\n");
  ExpectUndeclaredDelete(Upgrade(), "r001", "cart_lines", "2");
  EXPECT_EQ(Count("carts"), "1");
  EXPECT_EQ(Count("cart_lines"), "2");
}

// An audit trigger inserts elsewhere: fine, and the audit rows are real.
TEST_P(AdversarialLedgerTest, ATriggerThatInsertsElsewherePasses) {
  Setup({"CREATE TABLE prices (id INTEGER, amount INTEGER)",
         "CREATE TABLE price_audit (price_id INTEGER, amount INTEGER)",
         "INSERT INTO prices VALUES (1, 10)", "INSERT INTO prices VALUES (2, 20)"});
  Trigger("prices_audit", "UPDATE", "prices",
          "INSERT INTO price_audit VALUES (NEW.id, NEW.amount)");
  WriteUpgrade("r001", "", "UPDATE prices SET amount = amount * 2;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("price_audit"), "2");
  EXPECT_EQ(One("SELECT sum(amount) FROM price_audit"), "60");
  ExpectApplied("r001");
}

// A trigger that updates a counter elsewhere: fine.
TEST_P(AdversarialLedgerTest, ATriggerThatUpdatesElsewherePasses) {
  Setup({"CREATE TABLE events (id INTEGER)", "CREATE TABLE counters (name TEXT, n INTEGER)",
         "INSERT INTO counters VALUES ('events', 0)"});
  Trigger("events_count", "INSERT", "events", "UPDATE counters SET n = n + 1");
  WriteUpgrade("r001", "", "INSERT INTO events VALUES (1); INSERT INTO events VALUES (2);\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(One("SELECT n FROM counters"), "2");
  ExpectApplied("r001");
}

// A trigger created by the migration itself, then fired by it: the rows it
// deletes are still rows of a table the migration never names in a DELETE.
TEST_P(AdversarialLedgerTest, ATriggerTheMigrationCreatesIsJudgedTheSame) {
  Setup({"CREATE TABLE a (id INTEGER)", "CREATE TABLE b (id INTEGER)", "INSERT INTO b VALUES (1)"});
  WriteMigration("r001", "",
                 "-- migrate:upgrade postgresql\n"
                 "CREATE FUNCTION a_clears_b_fn() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                 "BEGIN DELETE FROM b; RETURN NULL; END $$;\n"
                 "CREATE TRIGGER a_clears_b AFTER INSERT ON a\n"
                 "  FOR EACH ROW EXECUTE FUNCTION a_clears_b_fn();\n"
                 "INSERT INTO a VALUES (1);\n"
                 "-- migrate:upgrade sqlite\n"
                 "CREATE TRIGGER a_clears_b AFTER INSERT ON a BEGIN DELETE FROM b; END;\n"
                 "INSERT INTO a VALUES (1);\n");
  ExpectUndeclaredDelete(Upgrade(), "r001", "b", "1");
  EXPECT_EQ(Count("b"), "1");
  EXPECT_EQ(Count("a"), "0");
}

// DELETE through a view with an INSTEAD OF trigger: the text names the
// view; the rows go from the table behind it.
TEST_P(AdversarialLedgerTest, ADeleteThroughAViewTriggerFailsNamingTheTable) {
  Setup({"CREATE TABLE accounts (id INTEGER, active INTEGER)",
         "INSERT INTO accounts VALUES (1, 1)", "INSERT INTO accounts VALUES (2, 0)",
         "CREATE VIEW active_accounts AS SELECT id FROM accounts WHERE active = 1"});
  if (postgresql()) {
    Setup({"CREATE FUNCTION active_accounts_delete() RETURNS trigger LANGUAGE plpgsql AS $$ "
           "BEGIN DELETE FROM accounts WHERE id = OLD.id; RETURN OLD; END $$",
           "CREATE TRIGGER active_accounts_delete INSTEAD OF DELETE ON active_accounts "
           "FOR EACH ROW EXECUTE FUNCTION active_accounts_delete()"});
  } else {
    Setup({"CREATE TRIGGER active_accounts_delete INSTEAD OF DELETE ON active_accounts "
           "BEGIN DELETE FROM accounts WHERE id = OLD.id; END"});
  }
  WriteUpgrade("r001", "", "DELETE FROM active_accounts;\n");
  ExpectUndeclaredDelete(Upgrade(), "r001", "accounts", "1");
  EXPECT_EQ(Count("accounts"), "2");
}

// DROP TABLE of a referenced parent: PostgreSQL refuses it (a constraint
// depends on it); SQLite would delete the children through the cascade, and
// must instead fail naming the child whose references dangle. Either way
// the parent and every child row stay.
TEST_P(AdversarialLedgerTest, DroppingAReferencedParentFailsAndKeepsTheChildren) {
  OrdersAndItems();
  WriteUpgrade("r001", "", "DROP TABLE orders;\n");
  base::Status s = Upgrade();
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(s.ToString(), HasSubstr("items"));
  ExpectNotRecorded("r001");
  EXPECT_EQ(Count("orders"), "2");
  EXPECT_EQ(Count("items"), "4");
}

// Dropping the child first and then the parent is a plain, named drop.
TEST_P(AdversarialLedgerTest, DroppingTheChildThenTheParentPasses) {
  OrdersAndItems();
  WriteUpgrade("r001", "", "DROP TABLE items;\nDROP TABLE orders;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_FALSE(Exists(ObjectKind::kTable, "items"));
  EXPECT_FALSE(Exists(ObjectKind::kTable, "orders"));
  ExpectApplied("r001");
}

// A declaration for a table that loses no rows is not an error: `expect:
// rows deleted from` allows, it does not demand.
TEST_P(AdversarialLedgerTest, ADeclaredDeleteThatDoesNotHappenIsFine) {
  OrdersAndItems();
  WriteUpgrade("r001", "", "UPDATE orders SET status = 'closed' WHERE id = 2;\n",
               {"expect: rows deleted from items"});
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("items"), "4");
  EXPECT_EQ(One("SELECT status FROM orders WHERE id = 2"), "closed");
  ExpectApplied("r001");
}

// A ledger failure in the second migration keeps the first applied.
TEST_P(AdversarialLedgerTest, ALedgerFailureKeepsTheEarlierMigrations) {
  OrdersAndItems();
  WriteUpgrade("r001", "", "ALTER TABLE orders ADD COLUMN note TEXT;\n");
  WriteUpgrade("r002", "r001", "DELETE FROM orders WHERE id = 2;\n");
  base::Status s = Upgrade();
  ExpectUndeclaredDelete(s, "r002", "items", "1");
  ExpectApplied("r001");
  EXPECT_EQ(Count("items"), "4");
  EXPECT_EQ(Count("orders"), "2");
}

INSTANTIATE_TEST_SUITE_P(Backends, AdversarialLedgerTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         BackendParamName());

// --- SQLite ------------------------------------------------------------------

class AdversarialSqliteLedgerTest : public AdversarialLedgerTest {};

// INSERT OR REPLACE deletes the conflicting row, and with it, through ON
// DELETE CASCADE, its children. The text holds only an INSERT.
TEST_P(AdversarialSqliteLedgerTest, InsertOrReplaceCascadesToTheChildrenAndFails) {
  OrdersAndItems();
  WriteUpgrade("r001", "", "INSERT OR REPLACE INTO orders VALUES (1, 'reopened');\n");
  ExpectUndeclaredDelete(Upgrade(), "r001", "items", "3");
  EXPECT_EQ(One("SELECT status FROM orders WHERE id = 1"), "open");
  EXPECT_EQ(Count("items"), "4");
}

// An upsert updates in place: no row is deleted anywhere.
TEST_P(AdversarialSqliteLedgerTest, AnUpsertUpdatesInPlaceAndPasses) {
  OrdersAndItems();
  WriteUpgrade("r001", "",
               "INSERT INTO orders VALUES (1, 'reopened')\n"
               "  ON CONFLICT (id) DO UPDATE SET status = excluded.status;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(One("SELECT status FROM orders WHERE id = 1"), "reopened");
  EXPECT_EQ(Count("items"), "4");
  ExpectApplied("r001");
}

INSTANTIATE_TEST_SUITE_P(Sqlite, AdversarialSqliteLedgerTest,
                         ::testing::Values(Backend::kSqlite), BackendParamName());

}  // namespace
}  // namespace migrate::testing
