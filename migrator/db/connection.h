// Connection: one open session to one database, as the rest of migrator sees
// it. Implementations (db/sqlite/, db/postgresql/) are the only code that
// talks to SOCI or libpq, and the only place where their exceptions are
// caught: every method returns a Status or Result.
//
// Transactions are explicit. A new connection is in autocommit mode; Begin()
// starts a transaction that lasts until Commit() or Rollback(). Nothing is
// ever committed implicitly.
//
// Thread safety: a Connection is used by one thread at a time.

#ifndef MIGRATOR_DB_CONNECTION_H_
#define MIGRATOR_DB_CONNECTION_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrator/base/status.h"

namespace migrate::db {

class Dialect;

/// The sqlstate of a write refused inside BeginReadOnly's transaction:
/// PostgreSQL's read_only_sql_transaction, which the SQLite connection
/// reports too for the same refusal, so callers treat both alike.
inline constexpr std::string_view kReadOnlySqlstate = "25006";

/// One value of a result row, as text; std::nullopt is SQL NULL.
using Value = std::optional<std::string>;

struct Rows {
  std::vector<std::string> columns;
  std::vector<std::vector<Value>> rows;

  bool empty() const { return rows.empty(); }
};

class Connection {
 public:
  virtual ~Connection() = default;

  /// The dialect of this connection's database. Lives as long as the program.
  virtual const Dialect& dialect() const = 0;

  /// Runs exactly one statement (no trailing ';' needed) and discards any rows.
  /// On failure returns Status::Database with the server's own message and,
  /// where the database reports them, SQLSTATE, DETAIL, HINT and the error's
  /// position within `sql`.
  virtual base::Status Execute(std::string_view sql) = 0;

  /// Runs one statement and returns its rows. `params` bind to `$1`, `$2`, ...
  /// in `sql` (both dialects), as text.
  virtual base::Result<Rows> Query(std::string_view sql,
                                   const std::vector<std::string>& params = {}) = 0;

  /// Starts a transaction. SQLite: BEGIN IMMEDIATE, so writers queue here
  /// rather than failing at their first write. REQUIRES: !InTransaction().
  virtual base::Status Begin() = 0;
  /// Starts a transaction that may only read, for commands that promise to
  /// change nothing: every statement that would write fails with kDatabase
  /// and sqlstate kReadOnlySqlstate (both dialects), before it changes
  /// anything. PostgreSQL: `BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY`
  /// (one snapshot for the whole check). SQLite: a deferred BEGIN (no write
  /// lock), and each statement refused unless sqlite3_stmt_readonly says it
  /// only reads. End it with Rollback(). REQUIRES: !InTransaction().
  virtual base::Status BeginReadOnly() = 0;
  /// REQUIRES: InTransaction().
  virtual base::Status Commit() = 0;
  /// Rolls back if a transaction is open; OK (and a no-op) otherwise.
  virtual base::Status Rollback() = 0;
  /// True between Begin() and Commit()/Rollback(), including when a statement
  /// inside the transaction failed.
  virtual bool InTransaction() const = 0;

  /// The database URL this connection was opened with, password masked.
  virtual std::string RedactedUrl() const = 0;

  /// The connection that talks to the database: this one, or the one a
  /// wrapper (the tests' fault-injecting FaultyConnection) forwards to.
  /// Dialects reach their own connection type through it, for what only
  /// that type can do (SQLite's compiler and row counters, PostgreSQL's
  /// batches).
  virtual Connection& Unwrapped() { return *this; }

  /// Asks the database to stop the statement running on this connection
  /// now; that statement then fails (PostgreSQL: SQLSTATE 57014; SQLite:
  /// "interrupted") and the transaction can be rolled back as after any
  /// failure. A no-op when nothing runs. The exception to "one thread at a
  /// time": async-signal-safe and callable from any thread, while the
  /// connection lives. Each connection registers it with the interrupt
  /// handler (base/interrupt.h) for as long as it is open.
  virtual void CancelRunningStatement() noexcept = 0;
};

}  // namespace migrate::db

#endif  // MIGRATOR_DB_CONNECTION_H_
