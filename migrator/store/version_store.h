// VersionStore: what the database remembers about migrations, in two tables
// (names configurable, always addressed schema-qualified and quoted):
//
//   migrate_version  one row per current head (column version_num), with
//                    Alembic's semantics: a linear history has one row, two
//                    unmerged branches two, a merge replaces its parents' rows.
//   migrate_history  one row per applied, reverted or stamped migration:
//                    checksum, timing, who ran it; a row whose finished_at is
//                    NULL marks a `transaction: none` migration that started
//                    and never finished (interrupted); rows_changed holds
//                    its data ledger as compact JSON,
//                    [{"table":"items","inserted":3,"updated":0,"deleted":2}],
//                    NULL when it changed no rows.
//
// Tables made by versions before the data ledger have no rows_changed: the
// store reads their rows with an empty ledger, and adds the column (inside
// the caller's transaction) the first time it writes a non-empty ledger.
//
// The store only reads and writes rows; which heads to write is the
// engine's decision (graph::RevisionGraph::HeadsOf). Writes happen inside the
// caller's transaction, so a migration and its version row commit together.
//
// Thread safety: uses one Connection; same rules as the Connection.

#ifndef MIGRATOR_STORE_VERSION_STORE_H_
#define MIGRATOR_STORE_VERSION_STORE_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "migrator/base/row_changes.h"
#include "migrator/base/status.h"
#include "migrator/db/connection.h"
#include "migrator/db/dialect.h"

namespace migrate::store {

/// kRedo is the upgrade half of `migrate redo`: the revision applied again,
/// from its file as it is now, right after its downgrade. Any other value
/// read back is taken as an upgrade (so an older version of migrate reads
/// a redo row as the upgrade it is).
enum class Direction { kUpgrade, kDowngrade, kStamp, kRedo };

/// "upgrade", "downgrade", "stamp", "redo": the values of migrate_history.direction.
const char* DirectionName(Direction direction);

/// Who ran a migration: the same for every row of one run.
struct RunInfo {
  std::string db_user;
  std::string host;
  std::int64_t pid = 0;
  std::string tool_version;
};

/// One row of migrate_history.
struct HistoryRecord {
  std::int64_t id = 0;  // assigned by the database
  std::string revision;
  Direction direction = Direction::kUpgrade;
  std::string checksum;  // "sha256:..."; "" for a stamp of an unknown file
  std::chrono::system_clock::time_point started_at;
  std::optional<std::chrono::system_clock::time_point> finished_at;  // nullopt = interrupted
  std::int64_t duration_ms = 0;
  bool success = true;
  std::string error;           // for a `transaction: none` migration that stopped part-way
  std::string error_location;  // "file:line" of the failing statement
  RunInfo run;
  /// The data ledger: rows changed per table (upgrade and downgrade runs).
  /// first_delete_statement is not stored: it reads back as -1.
  base::RowLedger rows;
};

class VersionStore {
 public:
  /// REQUIRES: `conn` outlives the store.
  VersionStore(db::Connection& conn, db::VersionTables tables);

  const db::VersionTables& tables() const { return tables_; }

  /// Whether the version table exists (a database without it is at base).
  base::Result<bool> Exists();
  /// The revisions in migrate_version; empty when the table does not exist.
  base::Result<std::set<std::string>> CurrentHeads();
  /// Creates both tables if they are missing. Runs inside the caller's
  /// transaction, so the tables appear with the first migration or not at all.
  base::Status EnsureTables();
  /// Replaces the head rows `from` with `to` (rows in both stay). Each row
  /// removed must exist: a mismatch means another process changed the heads
  /// concurrently, and is an error rather than a silent overwrite.
  base::Status ReplaceHeads(const std::set<std::string>& from, const std::set<std::string>& to);
  /// Removes every head row (stamp --purge).
  base::Status ClearHeads();

  /// Inserts `record` and returns its id. A non-empty ledger on a history
  /// table without rows_changed (made by an earlier version) adds the
  /// column first, in the caller's transaction.
  base::Result<std::int64_t> AppendHistory(const HistoryRecord& record);
  /// Updates the history row `id` of a `transaction: none` migration: when
  /// `finished_at` is given it completed; without it, it stopped with
  /// `error` at `error_location` and stays marked incomplete.
  base::Status FinishHistory(std::int64_t id,
                             std::optional<std::chrono::system_clock::time_point> finished_at,
                             std::int64_t duration_ms, bool success, const std::string& error,
                             const std::string& error_location);
  /// Closes the incomplete rows of `revision` (someone resolved it by hand
  /// and stamped it, or it is being re-run), noting `resolution` in `error`.
  base::Status ResolveIncomplete(const std::string& revision,
                                 std::chrono::system_clock::time_point at,
                                 const std::string& resolution);
  /// Every history row, oldest first; empty when the table does not exist.
  base::Result<std::vector<HistoryRecord>> History();
  /// The checksum each revision had when it was last applied successfully,
  /// for revisions whose latest successful row is an upgrade, redo or stamp.
  /// A revision a downward stamp left behind is still here: compare only
  /// those the heads hold.
  base::Result<std::map<std::string, std::string>> AppliedChecksums();
  /// Rows of migrations that started and never finished (finished_at NULL).
  base::Result<std::vector<HistoryRecord>> IncompleteRuns();

 private:
  std::string VersionTable() const;  // qualified and quoted
  std::string HistoryTable() const;  // qualified and quoted
  base::Result<std::vector<HistoryRecord>> SelectHistory(const std::string& where);
  /// The history table's columns; std::nullopt when it does not exist.
  /// Notes whether rows_changed is there.
  base::Result<std::optional<std::vector<std::string>>> HistoryColumns();
  /// Adds rows_changed to a history table that lacks it.
  base::Status EnsureRowsColumn();

  db::Connection& conn_;
  db::VersionTables tables_;
  /// rows_changed is known to be in the history table, so writes need not
  /// ask again. Set when a read finds it, never from a column this store
  /// added itself: that ALTER may still roll back with the caller's
  /// transaction, and the next ledger must then add the column again.
  bool rows_column_known_ = false;
  bool rows_column_added_ = false;  // this store ran the ALTER TABLE ... ADD COLUMN
};

/// ISO-8601 UTC with milliseconds, "2026-11-22T10:31:07.123Z": how timestamps
/// are written to and read from the history table in every dialect.
std::string FormatTimestamp(std::chrono::system_clock::time_point t);
/// Parses FormatTimestamp's output, and PostgreSQL's timestamptz text form
/// ("2026-11-22 10:31:07.123+00").
std::optional<std::chrono::system_clock::time_point> ParseTimestamp(const std::string& text);

}  // namespace migrate::store

#endif  // MIGRATOR_STORE_VERSION_STORE_H_
