// TableRowChanges: how many rows of one table a migration inserted, updated
// and deleted, as the database counted them (PostgreSQL's per-transaction
// statistics, SQLite's pre-update hook), foreign-key actions and triggers
// included. A migration's list of them is its data ledger: recorded in
// migrate_history and shown by `-v`, `--format json`, `show` and `status`.

#ifndef MIGRATOR_BASE_ROW_CHANGES_H_
#define MIGRATOR_BASE_ROW_CHANGES_H_

#include <cstdint>
#include <string>
#include <vector>

namespace migrate::base {

struct TableRowChanges {
  std::string table;  // as the catalog names it: "items", or "sales.items" outside the default schema
  std::int64_t inserted = 0;
  std::int64_t updated = 0;
  std::int64_t deleted = 0;
  /// Index (0-based, in execution order since observing began) of the first
  /// statement that deleted rows of this table, where the database can tell
  /// (SQLite); -1 where it cannot (PostgreSQL counts per transaction).
  int first_delete_statement = -1;
  /// PostgreSQL: for a partition, the partitioned table it belongs to (its
  /// root, named like `table`), so a DELETE through that table names it;
  /// "" otherwise.
  std::string partition_of;

  friend bool operator==(const TableRowChanges&, const TableRowChanges&) = default;
};

/// A migration's data ledger: one entry per table with any change, ordered by table.
using RowLedger = std::vector<TableRowChanges>;

}  // namespace migrate::base

#endif  // MIGRATOR_BASE_ROW_CHANGES_H_
