// SqliteConnection: a Connection to one SQLite database file (or a private
// in-memory database), opened through SOCI's sqlite3 backend.
//
// SOCI only opens and closes the database. Statements run through the
// native sqlite3 handle SOCI holds, with sqlite3_prepare_v2/sqlite3_step,
// because only that way
//   - exactly one statement runs per call: if the SQL holds a second
//     statement (the splitter should have cut it off), nothing runs and the
//     call fails with an internal error;
//   - errors carry SQLite's own message (sqlite3_errmsg, e.g.
//     `no such table: t`) and, where SQLite reports one, the 1-based
//     character position within the statement (sqlite3_error_offset: syntax
//     errors, unknown columns and functions; SQLite 3.40 gives none for an
//     unknown table or for errors while the statement runs);
//   - `$1`, `$2`, ... bind by name, as text, so the same query text works
//     on PostgreSQL.
// SQLite has no SQLSTATE; DatabaseDetail::sqlstate is "" (but for a write
// refused in BeginReadOnly's transaction: kReadOnlySqlstate), and
// DatabaseDetail::sqlite_code holds SQLite's extended result code
// (SQLITE_FULL, SQLITE_READONLY, SQLITE_IOERR_WRITE, ...; db/error_cause.h
// reads it).
//
// Session settings. When the connection opens, these pragmas are applied,
// in this order, the URL's query parameters overriding the defaults:
//   busy_timeout = 5000   wait up to 5 s for another process's write lock
//                         (BEGIN IMMEDIATE queues behind it) before failing
//                         with "database is locked"; every statement outside
//                         an explicit transaction waits so, including those
//                         SQLite's busy handler skips (`PRAGMA journal_mode
//                         = wal` while another process writes: tried again
//                         until the timeout has passed);
//   foreign_keys = on     SQLite's default is off, but users writing
//                         REFERENCES expect them enforced, as most tools do;
//   then every other URL pragma in name order.
// ReapplySessionPragmas() applies them again (the dialect's ResetSession
// does, after a migration that may have changed them).
//
// Transactions: Begin() runs BEGIN IMMEDIATE, which takes the write lock at
// once, so concurrent migrators serialize there. BeginReadOnly() runs a
// deferred BEGIN and refuses each statement sqlite3_stmt_readonly() says
// writes (sqlstate kReadOnlySqlstate) before it runs. SOCI opens no implicit
// transactions; outside Begin()/Commit() every statement autocommits.
//
// Observing (the dialect's BeginObserving, RowChanges, CatalogChanged).
// SQLite's pre-update hook, registered when the connection opens and always
// on (a counter bump per row), counts the rows inserted, updated and deleted
// in each table of `main`, however they changed: the statement itself, a
// trigger, a foreign-key action (ON DELETE CASCADE, SET NULL), an INSERT OR
// REPLACE deleting the row it replaces, the implicit DELETE of a DROP TABLE
// while foreign keys are enforced. Tables of `temp` and attached databases,
// and SQLite's own sqlite_% tables, are not counted. Each Execute() or
// Query() call is one statement, numbered from 0 at BeginObserving(), and
// each table remembers the first statement that deleted rows of it.
// Checked on SQLite 3.40 (tests/db/sqlite_observe_test.cc): rows of WITHOUT
// ROWID tables are counted; a DELETE without WHERE is counted row by row
// (SQLite skips its truncate shortcut while a pre-update hook is
// registered); a virtual table is not seen, but an FTS5 table's shadow
// tables are, as ordinary tables; a DROP TABLE with foreign keys off
// removes its rows unseen (with them on, its implicit DELETE and the
// cascades it fires are counted). A ROLLBACK TO a savepoint puts the
// counters back as they were at its SAVEPOINT (Execute/Query follow the
// savepoint statements, which SQLite's compiler reports to an authorizer).
// CatalogChanged() compares main's schema_version, user_version and
// application_id with their values at BeginObserving(): a temporary object
// moves temp's schema_version, not main's, so it does not count.
//
// CancelRunningStatement() is sqlite3_interrupt: the running statement
// stops with SQLITE_INTERRUPT ("interrupted"), and SQLite rolls back the
// transaction it was writing in.
//
// Thread safety: one thread at a time, as every Connection.

#ifndef MIGRATOR_DB_SQLITE_SQLITE_CONNECTION_H_
#define MIGRATOR_DB_SQLITE_SQLITE_CONNECTION_H_

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "migrator/base/interrupt.h"
#include "migrator/base/row_changes.h"
#include "migrator/base/status.h"
#include "migrator/db/connection.h"
#include "migrator/db/database_url.h"
#include "migrator/db/sqlite/sqlite_compiler.h"
#include "migrator/script/intent.h"

namespace soci {
class session;
}  // namespace soci

namespace sqlite_api {  // where SOCI's header puts the SQLite API
struct sqlite3;
}  // namespace sqlite_api

namespace migrate::db {

/// Opens the SQLite database `url` names and applies its pragmas. A file
/// that does not exist is created when `create_file`, and otherwise is
/// NotFound naming it, with no file left behind (checked before opening:
/// what the read-only commands need). Returns kDatabase with SQLite's reason
/// if the file cannot be opened or a pragma is refused.
/// REQUIRES: url.scheme() == DatabaseUrl::Scheme::kSqlite.
base::Result<std::unique_ptr<Connection>> OpenSqlite(const DatabaseUrl& url, bool create_file);

class SqliteConnection : public Connection {
 public:
  /// The default busy timeout, in milliseconds, when the URL sets none.
  static constexpr int kDefaultBusyTimeoutMs = 5000;

  ~SqliteConnection() override;

  const Dialect& dialect() const override;
  base::Status Execute(std::string_view sql) override;
  base::Result<Rows> Query(std::string_view sql,
                           const std::vector<std::string>& params = {}) override;
  base::Status Begin() override;
  base::Status BeginReadOnly() override;
  base::Status Commit() override;
  base::Status Rollback() override;
  bool InTransaction() const override { return in_transaction_; }
  std::string RedactedUrl() const override { return redacted_url_; }
  void CancelRunningStatement() noexcept override;

  /// The pragmas applied at open, in order, as (name, value).
  const std::vector<std::pair<std::string, std::string>>& session_pragmas() const {
    return pragmas_;
  }
  /// Applies the session pragmas again, skipping those that are stored in
  /// the database file rather than the session (journal_mode, page_size,
  /// auto_vacuum), which a migration may have changed on purpose.
  /// REQUIRES: !InTransaction() (SQLite ignores foreign_keys in a transaction).
  base::Status ReapplySessionPragmas();
  /// Waits up to `timeout` (instead of the URL's busy_timeout) for another
  /// connection's write lock, for as long as this connection lives, session
  /// resets included: the SQLite form of waiting for the migration lock.
  base::Status WaitForWriteLockUpTo(std::chrono::milliseconds timeout);
  /// The absolute path of the main database file, as SQLite resolved it;
  /// "" for an in-memory or temporary database.
  std::string MainFilename() const;

  /// What `sql` (one statement) will do, compiled against this database's
  /// current schema and not run (db/sqlite/sqlite_compiler.h).
  script::StatementIntent Describe(std::string_view sql,
                                   TableColumns columns = TableColumns::kRead);

  /// Zeroes the row counters and the statement numbering, and notes main's
  /// schema_version, user_version and application_id.
  base::Status BeginObserving();
  /// The rows changed per table of main since BeginObserving(), ordered by
  /// table, tables without changes left out.
  base::RowLedger RowChanges() const;
  /// Whether main's schema_version, user_version or application_id moved
  /// since BeginObserving().
  base::Result<bool> CatalogChanged();

  /// A savepoint statement as SQLite's compiler reports it (SQLITE_SAVEPOINT).
  struct Savepoint {
    std::string verb;  // "BEGIN", "RELEASE" or "ROLLBACK"
    std::string name;
  };

 private:
  friend base::Result<std::unique_ptr<Connection>> OpenSqlite(const DatabaseUrl& url,
                                                                 bool create_file);
  SqliteConnection(std::unique_ptr<soci::session> session, std::string redacted_url,
                   std::vector<std::pair<std::string, std::string>> pragmas);

  // Runs `sql` (one statement); appends its rows to `rows` if non-null.
  base::Status Run(std::string_view sql, const std::vector<std::string>& params, Rows* rows);
  base::Status ApplyPragmas(bool include_persistent);
  // Keeps the row counters in step with a savepoint statement that ran.
  void FollowSavepoint(const Savepoint& savepoint);
  // main's schema_version:user_version:application_id.
  base::Result<std::string> CatalogMarkers();
  // The pre-update hook: one call per row about to change.
  static void OnPreupdate(void* self, sqlite_api::sqlite3* db, int op, const char* database,
                          const char* table, long long old_rowid,  // sqlite3_int64
                          long long new_rowid);
  // The native handle SOCI opened; owned by session_.
  sqlite_api::sqlite3* Handle() const;

  std::unique_ptr<soci::session> session_;
  std::string redacted_url_;
  std::vector<std::pair<std::string, std::string>> pragmas_;
  bool in_transaction_ = false;
  // Set by BeginReadOnly() until Commit() or Rollback(), even if a statement
  // ended the transaction itself: every statement that writes is refused.
  bool read_only_ = false;

  // Observing: see the file comment.
  std::map<std::string, base::TableRowChanges, std::less<>> row_changes_;
  base::TableRowChanges* last_changed_ = nullptr;  // the hook's last table: rows come in runs
  int statements_ = 0;                             // Execute/Query calls since BeginObserving
  // Open savepoints since BeginObserving, innermost last, each with the
  // counters as they were when it began.
  std::vector<std::pair<std::string, std::map<std::string, base::TableRowChanges, std::less<>>>>
      savepoints_;
  std::string markers_at_begin_;

  sqlite_api::sqlite3* handle_;  // Handle(), read once for CancelRunningStatement
  // Registered last, so it is unregistered before anything else goes.
  std::unique_ptr<base::CancelOnInterrupt> on_interrupt_;
};

}  // namespace migrate::db

#endif  // MIGRATOR_DB_SQLITE_SQLITE_CONNECTION_H_
