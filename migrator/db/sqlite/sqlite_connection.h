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
// SQLite has no SQLSTATE; DatabaseDetail::sqlstate is always "".
//
// Session settings. When the connection opens, these pragmas are applied,
// in this order, the URL's query parameters overriding the defaults:
//   busy_timeout = 5000   wait up to 5 s for another process's write lock
//                         (BEGIN IMMEDIATE queues behind it) before failing
//                         with "database is locked";
//   foreign_keys = on     SQLite's default is off, but users writing
//                         REFERENCES expect them enforced, as most tools do;
//   then every other URL pragma in name order.
// ReapplySessionPragmas() applies them again (the dialect's ResetSession
// does, after a migration that may have changed them).
//
// Transactions: Begin() runs BEGIN IMMEDIATE, which takes the write lock at
// once, so concurrent migrators serialize there. SOCI opens no implicit
// transactions; outside Begin()/Commit() every statement autocommits.
//
// Thread safety: one thread at a time, as every Connection.

#ifndef MIGRATOR_DB_SQLITE_SQLITE_CONNECTION_H_
#define MIGRATOR_DB_SQLITE_SQLITE_CONNECTION_H_

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "migrator/base/status.h"
#include "migrator/db/connection.h"
#include "migrator/db/database_url.h"

namespace soci {
class session;
}  // namespace soci

namespace sqlite_api {  // where SOCI's header puts the SQLite API
struct sqlite3;
}  // namespace sqlite_api

namespace migrate::db {

/// Opens the SQLite database `url` names (creating the file if it does not
/// exist) and applies its pragmas. Returns kDatabase with SQLite's reason if
/// the file cannot be opened or a pragma is refused.
/// REQUIRES: url.scheme() == DatabaseUrl::Scheme::kSqlite.
base::Result<std::unique_ptr<Connection>> OpenSqlite(const DatabaseUrl& url);

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
  base::Status Commit() override;
  base::Status Rollback() override;
  bool InTransaction() const override { return in_transaction_; }
  std::string RedactedUrl() const override { return redacted_url_; }

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

 private:
  friend base::Result<std::unique_ptr<Connection>> OpenSqlite(const DatabaseUrl& url);
  SqliteConnection(std::unique_ptr<soci::session> session, std::string redacted_url,
                   std::vector<std::pair<std::string, std::string>> pragmas);

  // Runs `sql` (one statement); appends its rows to `rows` if non-null.
  base::Status Run(std::string_view sql, const std::vector<std::string>& params, Rows* rows);
  base::Status ApplyPragmas(bool include_persistent);
  // The native handle SOCI opened; owned by session_.
  sqlite_api::sqlite3* Handle() const;

  std::unique_ptr<soci::session> session_;
  std::string redacted_url_;
  std::vector<std::pair<std::string, std::string>> pragmas_;
  bool in_transaction_ = false;
};

}  // namespace migrate::db

#endif  // MIGRATOR_DB_SQLITE_SQLITE_CONNECTION_H_
