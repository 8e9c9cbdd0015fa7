#include "migrator/verify/row_ledger.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tests/verify/described_migration.h"

namespace migrate::verify {
namespace {

using namespace described;  // NOLINT(google-build-using-namespace): the builders read as SQL
using base::TableRowChanges;
using script::Postcondition;
using Action = script::Intent::Action;

TableRowChanges Deleted(std::string table, std::int64_t count, int first_delete_statement = -1) {
  TableRowChanges changes;
  changes.table = std::move(table);
  changes.deleted = count;
  changes.first_delete_statement = first_delete_statement;
  return changes;
}

Postcondition RowsDeletedFrom(std::string_view table) {
  Postcondition p;
  p.kind = Postcondition::Kind::kRowsDeleted;
  p.object = Name(table);
  return p;
}

// "OK" or the full error text.
std::string Check(const base::RowLedger& ledger, const DescribedMigration& m,
                  const std::vector<Postcondition>& declared = {}) {
  return CheckDeletedRows(ledger, m.statements(), declared, "m.sql").ToString();
}

// The SQLite table rebuild of the docs, on a parent whose child table
// `items` has ON DELETE CASCADE: statement 3 (index 2) deletes every item.
void Rebuild(DescribedMigration& m) {
  m.Run("CREATE TABLE new_orders (id INTEGER PRIMARY KEY, total INTEGER)",
        {CreateTable("new_orders", {"id", "total"})});
  m.Run("INSERT INTO new_orders SELECT id, total FROM orders", {Write(Action::kInsert, "new_orders")});
  m.Run("DROP TABLE orders", {Drop(ObjectKind::kTable, "orders")});
  m.Run("ALTER TABLE new_orders RENAME TO orders", {Rename(ObjectKind::kTable, "new_orders", "orders")});
}

TEST(RowLedgerTest, ACascadeIntoATableTheMigrationNeverNamesFails) {
  DescribedMigration m;
  Rebuild(m);
  const base::Status status = CheckDeletedRows({Deleted("items", 3, 2)}, m.statements(), {}, "m.sql");
  EXPECT_EQ(status.code(), base::StatusCode::kVerificationFailed);
  EXPECT_EQ(status.location(), (base::Location{"m.sql", 3}));
  EXPECT_EQ(status.ToString(),
            "m.sql:3: the migration deleted 3 rows from items, a table none of its statements names "
            "in a DELETE, TRUNCATE or DROP TABLE\n"
            "  caused by line 3: DROP TABLE orders\n"
            "  a foreign-key action (ON DELETE CASCADE) or a trigger deletes these rows\n"
            "  if that is intended, declare it in the header: `-- expect: rows deleted from items`");
}

TEST(RowLedgerTest, OneRowIsSingular) {
  DescribedMigration m;
  Rebuild(m);
  EXPECT_EQ(CheckDeletedRows({Deleted("items", 1, 2)}, m.statements(), {}, "m.sql").message(),
            "the migration deleted 1 row from items, a table none of its statements names in a "
            "DELETE, TRUNCATE or DROP TABLE");
}

TEST(RowLedgerTest, WithoutTheCausingStatementEverySuspectIsListed) {
  // PostgreSQL counts per transaction: it cannot tell which statement deleted.
  DescribedMigration m;
  m.Run("CREATE TABLE log (id int)", {CreateTable("log", {"id"})});
  m.Run("DELETE FROM customers WHERE inactive", {Write(Action::kDelete, "customers")});
  m.Run("INSERT INTO log VALUES (1)", {Write(Action::kInsert, "log")});
  m.Run("UPDATE accounts SET closed = true", {Write(Action::kUpdate, "accounts")});
  m.Run("SELECT purge_old()", NotUnderstood());
  EXPECT_EQ(Check({Deleted("orders", 12)}, m),
            "m.sql: the migration deleted 12 rows from orders, a table none of its statements names "
            "in a DELETE, TRUNCATE or DROP TABLE\n"
            "  possibly caused by line 2: DELETE FROM customers WHERE inactive\n"
            "  possibly caused by line 4: UPDATE accounts SET closed = true\n"
            "  possibly caused by line 5: SELECT purge_old()\n"
            "  a foreign-key action (ON DELETE CASCADE) or a trigger deletes these rows\n"
            "  if that is intended, declare it in the header: `-- expect: rows deleted from orders`");
}

TEST(RowLedgerTest, ASingleSuspectIsTheCause) {
  DescribedMigration m;
  m.Run("CREATE TABLE log (id int)", {CreateTable("log", {"id"})});
  m.Run("DELETE FROM customers\nWHERE inactive", {Write(Action::kDelete, "customers")});
  const base::Status status = CheckDeletedRows({Deleted("orders", 2)}, m.statements(), {}, "m.sql");
  EXPECT_EQ(status.location(), (base::Location{"m.sql", 2}));
  EXPECT_EQ(status.context().at(0), "  caused by line 2: DELETE FROM customers WHERE inactive");
}

TEST(RowLedgerTest, ACausingStatementOutOfRangeFallsBackToTheSuspects) {
  DescribedMigration m;
  Rebuild(m);
  const base::Status status = CheckDeletedRows({Deleted("items", 3, 9)}, m.statements(), {}, "m.sql");
  EXPECT_EQ(status.location(), (base::Location{"m.sql", 3}));
  EXPECT_EQ(status.context().at(0), "  caused by line 3: DROP TABLE orders");
}

TEST(RowLedgerTest, TablesTheMigrationNamesMayLoseRows) {
  for (const Action action : {Action::kDelete, Action::kTruncate}) {
    DescribedMigration m;
    m.Run("DELETE FROM items", {Write(action, "items")});
    EXPECT_EQ(Check({Deleted("items", 40, 0)}, m), "OK");
  }
  DescribedMigration dropped;
  Rebuild(dropped);
  EXPECT_EQ(Check({Deleted("orders", 5, 2)}, dropped), "OK");
}

TEST(RowLedgerTest, OnlyADropOfATableNamesIt) {
  DescribedMigration m;
  m.Run("DROP VIEW items", {Drop(ObjectKind::kView, "items")});
  m.Run("UPDATE items SET x = 1", {Write(Action::kUpdate, "items")});
  m.Run("INSERT INTO items VALUES (1)", {Write(Action::kInsert, "items")});
  EXPECT_EQ(CheckDeletedRows({Deleted("items", 1, 1)}, m.statements(), {}, "m.sql").message(),
            "the migration deleted 1 row from items, a table none of its statements names in a "
            "DELETE, TRUNCATE or DROP TABLE");
}

TEST(RowLedgerTest, ADeclarationAllowsTheDeletion) {
  DescribedMigration m;
  Rebuild(m);
  EXPECT_EQ(Check({Deleted("items", 3, 2)}, m, {RowsDeletedFrom("items")}), "OK");
  EXPECT_EQ(Check({Deleted("items", 3, 2)}, m, {RowsDeletedFrom("ITEMS")}), "OK");
  // Other postconditions about the table declare nothing.
  Postcondition exists;
  exists.object = Name("items");
  EXPECT_NE(Check({Deleted("items", 3, 2)}, m, {exists, RowsDeletedFrom("other")}), "OK");
}

TEST(RowLedgerTest, SchemasAreComparedOnlyWhereBothGiveOne) {
  DescribedMigration unqualified;
  unqualified.Run("DELETE FROM items", {Write(Action::kDelete, "items")});
  EXPECT_EQ(Check({Deleted("sales.items", 2)}, unqualified), "OK");

  DescribedMigration same;
  same.Run("DELETE FROM sales.items", {Write(Action::kDelete, "\"sales\".\"items\"")});
  EXPECT_EQ(Check({Deleted("sales.items", 2)}, same), "OK");
  EXPECT_EQ(Check({Deleted("items", 2)}, same), "OK");

  DescribedMigration other;
  other.Run("DELETE FROM archive.items", {Write(Action::kDelete, "archive.items")});
  EXPECT_EQ(CheckDeletedRows({Deleted("sales.items", 2)}, other.statements(), {}, "m.sql").message(),
            "the migration deleted 2 rows from sales.items, a table none of its statements names "
            "in a DELETE, TRUNCATE or DROP TABLE");
  EXPECT_EQ(Check({Deleted("sales.items", 2)}, other, {RowsDeletedFrom("sales.items")}), "OK");
  EXPECT_NE(Check({Deleted("sales.items", 2)}, other, {RowsDeletedFrom("archive.items")}), "OK");
}

TEST(RowLedgerTest, UnquotedNamesMatchWhateverTheirCase) {
  DescribedMigration m;
  m.Run("DELETE FROM Items", {Write(Action::kDelete, "Items")});
  EXPECT_EQ(Check({Deleted("items", 2)}, m), "OK");
}

TEST(RowLedgerTest, InsertsAndUpdatesAnywhereAreFine) {
  DescribedMigration m;
  m.Run("UPDATE orders SET total = 0", {Write(Action::kUpdate, "orders")});
  TableRowChanges audit;
  audit.table = "audit";
  audit.inserted = 7;
  audit.updated = 2;
  EXPECT_EQ(Check({audit, Deleted("orders", 0)}, m), "OK");
  EXPECT_EQ(Check({}, m), "OK");
}

TEST(RowLedgerTest, TheFirstUnnamedTableInTheLedgerIsReported) {
  DescribedMigration m;
  m.Run("DELETE FROM orders", {Write(Action::kDelete, "orders")});
  const base::Status status = CheckDeletedRows(
      {Deleted("invoices", 4), Deleted("items", 9), Deleted("orders", 2)}, m.statements(), {}, "m.sql");
  EXPECT_EQ(status.message(),
            "the migration deleted 4 rows from invoices, a table none of its statements names in a "
            "DELETE, TRUNCATE or DROP TABLE");
}

TEST(RowLedgerTest, DescribeRowChanges) {
  TableRowChanges changes;
  changes.table = "sales.items";
  changes.inserted = 3;
  changes.updated = 1;
  changes.deleted = 2;
  EXPECT_EQ(DescribeRowChanges(changes), "sales.items +3 ~1 -2");
  EXPECT_EQ(DescribeRowChanges(TableRowChanges{.table = "t"}), "t +0 ~0 -0");
}

}  // namespace
}  // namespace migrate::verify
