// PostgresqlConnection: a db::Connection to a PostgreSQL server. SOCI opens
// and owns the session; statements go through libpq on SOCI's PGconn, because
// only libpq keeps everything the server says about an error: the primary
// message, SQLSTATE, DETAIL, HINT and the error's position in the statement.
//
// Contract beyond db::Connection:
//  - Execute() and Query() use the extended query protocol, so a string with
//    two statements is refused by the server instead of half-run.
//  - A failed statement becomes Status::Database(<server's primary message>,
//    {sqlstate, detail, hint, position}); the message carries no "ERROR:"
//    prefix and no SOCI wrapper text. A connection that broke is reported as
//    "connection to the database was lost: ..." (SQLSTATE 08006 when the
//    server sent none).
//  - NOTICE/WARNING messages are never printed; the last few are kept
//    (RecentNotices()).
//  - InTransaction() is what libpq reports about the session, so it stays
//    right even if a statement runs COMMIT itself. Commit() of a transaction
//    in which a statement failed is an error (the server rolls it back).
//  - The password is never part of any message: connection errors quote the
//    redacted URL, and libpq's text is scrubbed of the password.
//  - CancelRunningStatement() sends libpq's cancel request (PQcancel) with a
//    PGcancel prepared when the connection opened, so the server stops the
//    statement instead of running it to the end after we are gone.
//
// Thread safety: one thread at a time, as every Connection.

#ifndef MIGRATOR_DB_POSTGRESQL_POSTGRESQL_CONNECTION_H_
#define MIGRATOR_DB_POSTGRESQL_POSTGRESQL_CONNECTION_H_

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "migrator/base/interrupt.h"
#include "migrator/base/status.h"
#include "migrator/db/connection.h"
#include "migrator/db/database_url.h"
#include "migrator/db/open.h"

namespace soci {
class session;
}  // namespace soci

struct pg_conn;
struct pg_result;
struct pg_cancel;

namespace migrate::db {

class PostgresqlConnection final : public Connection {
 public:
  /// How many NOTICE/WARNING messages RecentNotices() keeps.
  static constexpr std::size_t kKeptNotices = 16;

  /// Connects to `url` (REQUIRES: a postgresql:// URL) with libpq's
  /// connect_timeout = options.connect_timeout and application_name=migrate,
  /// unless the URL sets them. Returns Status::Database naming the redacted
  /// URL and libpq's reason on failure.
  static base::Result<std::unique_ptr<PostgresqlConnection>> Open(const DatabaseUrl& url,
                                                                  const OpenOptions& options);

  ~PostgresqlConnection() override;

  const Dialect& dialect() const override;
  base::Status Execute(std::string_view sql) override;
  base::Result<Rows> Query(std::string_view sql,
                           const std::vector<std::string>& params = {}) override;
  base::Status Begin() override;
  base::Status BeginReadOnly() override;
  base::Status Commit() override;
  base::Status Rollback() override;
  bool InTransaction() const override;
  std::string RedactedUrl() const override { return redacted_url_; }
  void CancelRunningStatement() noexcept override;

  /// Runs `statements` in one round trip (the simple query protocol, which
  /// runs them as one implicit transaction), for migrate's own fixed SQL
  /// such as the session reset between migrations. Returns the first
  /// failure, as Execute does. REQUIRES: no statement comes from a user.
  base::Status ExecuteBatch(const std::vector<std::string>& statements);

  /// `password` for `role` as the server stores it (per its
  /// password_encryption, normally SCRAM-SHA-256), computed here by libpq, so
  /// that CREATE ROLE carries the verifier and never the password itself into
  /// the server's statement log or pg_stat_activity. Status::Database when
  /// libpq cannot (the message never holds the password).
  base::Result<std::string> EncryptPassword(const std::string& role, const std::string& password);

  /// The last kKeptNotices NOTICE/WARNING messages the server sent, oldest
  /// first, each without its trailing newline (e.g. `NOTICE:  relation "t"
  /// already exists, skipping`).
  const std::deque<std::string>& RecentNotices() const { return notices_; }

 private:
  PostgresqlConnection(std::unique_ptr<soci::session> session, pg_conn* conn,
                       std::string redacted_url);

  // Runs `sql` with `params` (text, types inferred by the server) and returns
  // the result's rows; errors as described in the header comment.
  base::Result<Rows> Run(std::string_view sql, const std::vector<std::string>& params);
  // The Status::Database for a failed `result` (or libpq's own error when
  // it is null); clears `result`.
  base::Status ResultError(pg_result* result);
  static void OnNotice(void* self, const char* message);

  std::unique_ptr<soci::session> session_;
  pg_conn* conn_;  // owned by session_
  std::string redacted_url_;
  std::deque<std::string> notices_;
  pg_cancel* cancel_;  // PQgetCancel's, for CancelRunningStatement; may be null
  // Registered last, unregistered first (in the destructor's body).
  std::unique_ptr<base::CancelOnInterrupt> on_interrupt_;
};

/// Opens a PostgreSQL connection; see PostgresqlConnection::Open.
base::Result<std::unique_ptr<Connection>> OpenPostgresql(const DatabaseUrl& url,
                                                         const OpenOptions& options);

}  // namespace migrate::db

#endif  // MIGRATOR_DB_POSTGRESQL_POSTGRESQL_CONNECTION_H_
