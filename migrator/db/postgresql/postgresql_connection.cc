#include "migrator/db/postgresql/postgresql_connection.h"

#include <libpq-fe.h>
#include <soci/postgresql/soci-postgresql.h>
#include <soci/soci.h>

#include <algorithm>
#include <cstdlib>
#include <exception>
#include <limits>
#include <utility>

#include "migrator/base/numbers.h"
#include "migrator/base/strings.h"
#include "migrator/db/postgresql/postgresql_dialect.h"
#include "migrator/db/redaction.h"

namespace migrate::db {

namespace {

// SQLSTATE class 08 "connection exception": connection_failure.
constexpr const char* kConnectionFailure = "08006";
// in_failed_sql_transaction.
constexpr const char* kInFailedTransaction = "25P02";

std::string Trim(std::string_view s) {
  size_t begin = 0;
  size_t end = s.size();
  while (begin < end && (s[begin] == ' ' || s[begin] == '\t' || s[begin] == '\n' ||
                         s[begin] == '\r')) {
    ++begin;
  }
  while (end > begin && (s[end - 1] == ' ' || s[end - 1] == '\t' || s[end - 1] == '\n' ||
                         s[end - 1] == '\r')) {
    --end;
  }
  return std::string(s.substr(begin, end - begin));
}

// The non-empty lines of `text`, trimmed.
std::vector<std::string> Lines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string line = Trim(text.substr(start, end - start));
    if (!line.empty()) lines.push_back(std::move(line));
    start = end + 1;
  }
  return lines;
}

// libpq echoes parts of a bad connection string in its messages; none of
// them may show the password, however it was spelled.
std::string Scrub(std::string text, const DatabaseUrl& url, const std::string& conninfo) {
  base::ReplaceAll(text, conninfo, url.Redacted());
  std::vector<std::string> secrets = {url.password()};
  for (const auto& [key, value] : url.params()) {
    if (IsPasswordKey(key)) secrets.push_back(value);  // sslpassword, ...
  }
  for (const std::string& secret : secrets) {
    if (secret.empty()) continue;
    base::ReplaceAll(text, secret, kPasswordMask);
    base::ReplaceAll(text, base::PercentEncode(secret), kPasswordMask);
  }
  return text;
}

// `conninfo` (a libpq URI) with `key=value` added unless the URL sets `key`.
void AddDefaultParam(std::string& conninfo, const DatabaseUrl& url, const std::string& key,
                     const std::string& value) {
  if (url.params().count(key) != 0) return;
  conninfo += conninfo.find('?') == std::string::npos ? '?' : '&';
  conninfo += key + "=" + base::PercentEncode(value);
}

std::string Field(const PGresult* result, int field) {
  const char* value = result != nullptr ? PQresultErrorField(result, field) : nullptr;
  return value != nullptr ? value : "";
}

bool Contains(const std::string& text, std::string_view needle) {
  return text.find(needle) != std::string::npos;
}

// What to check when the server refused the login, naming the role and the
// server (never the password); "" when `reason` is not about logging in.
std::string AuthenticationHint(const DatabaseUrl& url, const std::string& reason) {
  const std::string role = url.user().empty() ? "(libpq's default user)" : url.user();
  std::string server = url.host().empty() ? "the local server" : url.host();
  if (!url.port().empty()) server += ":" + url.port();
  const std::string database = url.database().empty() ? role : url.database();
  if (Contains(reason, "no password supplied")) {
    return "hint: the server wants a password from role " + role + " at " + server +
           " and the URL gives none: add it (postgresql://" + role +
           ":PASSWORD@...), or change the pg_hba.conf method for this role";
  }
  if (Contains(reason, "no pg_hba.conf entry")) {
    return "hint: no line of the server's pg_hba.conf lets role " + role + " connect to database " +
           database + " at " + server + " from this address: add one (e.g. host " + database +
           " " + role + " CLIENT_ADDRESS/32 scram-sha-256) and reload the server";
  }
  if (Contains(reason, "authentication failed for user") ||
      Contains(reason, "role \"" + role + "\" does not exist")) {
    return "hint: role " + role + " could not log in to " + server + " (database " + database +
           "): check that the role exists and the password in the URL (not shown), and the "
           "METHOD of the pg_hba.conf line that matches this role, database and client address "
           "(`migrate db status` tells a missing role from a wrong password)";
  }
  return "";
}

}  // namespace

base::Result<std::unique_ptr<PostgresqlConnection>> PostgresqlConnection::Open(
    const DatabaseUrl& url, const OpenOptions& options) {
  if (url.scheme() != DatabaseUrl::Scheme::kPostgresql) {
    return base::Status::Internal("PostgresqlConnection::Open given a non-PostgreSQL URL " +
                                  url.Redacted());
  }
  std::string conninfo = url.LibpqConninfo();
  AddDefaultParam(conninfo, url, "connect_timeout",
                  std::to_string(std::max<long long>(1, options.connect_timeout.count())));
  AddDefaultParam(conninfo, url, "application_name", "migrate");

  const std::string prefix = "cannot connect to " + url.Redacted();
  std::unique_ptr<soci::session> session;
  try {
    session = std::make_unique<soci::session>(soci::postgresql, conninfo);
  } catch (const std::exception& e) {
    std::vector<std::string> lines = Lines(Scrub(e.what(), url, conninfo));
    // SOCI's own first line says nothing libpq's lines don't.
    if (!lines.empty() && lines.front() == "Cannot establish connection to the database.") {
      lines.erase(lines.begin());
    }
    if (lines.empty()) return base::Status::Database(prefix);
    const bool timed_out = std::any_of(lines.begin(), lines.end(), [](const std::string& line) {
      return line.find("timeout expired") != std::string::npos;
    });
    base::Status status =
        timed_out ? base::Status::Timeout(prefix + ": " + lines.front() + " (connect_timeout " +
                                          std::to_string(options.connect_timeout.count()) + "s)")
                  : base::Status::Database(prefix + ": " + lines.front());
    for (size_t i = 1; i < lines.size(); ++i) status = std::move(status).WithContext(lines[i]);
    if (std::string hint = AuthenticationHint(url, lines.front()); !hint.empty()) {
      status = std::move(status).WithContext(std::move(hint));
    }
    return status;
  }
  // static_cast after checking the name: libsoci_postgresql exports no
  // typeinfo for its backend, so dynamic_cast cannot link.
  soci::details::session_backend* generic = session->get_backend();
  if (generic == nullptr || generic->get_backend_name() != "postgresql") {
    return base::Status::Internal(prefix + ": SOCI returned no PostgreSQL session");
  }
  auto* backend = static_cast<soci::postgresql_session_backend*>(generic);
  if (backend->conn_ == nullptr) {
    return base::Status::Internal(prefix + ": SOCI returned no PostgreSQL session");
  }
  PGconn* conn = backend->conn_;
  auto connection = std::unique_ptr<PostgresqlConnection>(
      new PostgresqlConnection(std::move(session), conn, url.Redacted()));
  PQsetNoticeProcessor(conn, &PostgresqlConnection::OnNotice, connection.get());
  return connection;
}

PostgresqlConnection::PostgresqlConnection(std::unique_ptr<soci::session> session, pg_conn* conn,
                                           std::string redacted_url)
    : session_(std::move(session)),
      conn_(conn),
      redacted_url_(std::move(redacted_url)),
      cancel_(PQgetCancel(conn)),
      on_interrupt_(std::make_unique<base::CancelOnInterrupt>(
          [](void* self) noexcept {
            static_cast<PostgresqlConnection*>(self)->CancelRunningStatement();
          },
          this)) {}

PostgresqlConnection::~PostgresqlConnection() {
  on_interrupt_.reset();  // no handler may use cancel_ from here on
  if (cancel_ != nullptr) PQfreeCancel(cancel_);
  // The session (and with it the PGconn) outlives nothing that points here,
  // but a notice during its close must not reach a half-destroyed object.
  if (conn_ != nullptr) PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
  try {
    session_.reset();
  } catch (...) {
    // Closing a broken connection must not throw out of a destructor.
  }
}

void PostgresqlConnection::CancelRunningStatement() noexcept {
  // PQcancel only reads the PGcancel and opens a socket of its own: libpq
  // documents it as safe to call from a signal handler. A failure (the
  // server is gone) leaves nothing to cancel.
  char error[256];
  if (cancel_ != nullptr) (void)PQcancel(cancel_, error, sizeof error);
}

void PostgresqlConnection::OnNotice(void* self, const char* message) {
  auto* connection = static_cast<PostgresqlConnection*>(self);
  connection->notices_.push_back(Trim(message));
  while (connection->notices_.size() > kKeptNotices) connection->notices_.pop_front();
}

const Dialect& PostgresqlConnection::dialect() const { return PostgresqlDialect(); }

base::Result<Rows> PostgresqlConnection::Run(std::string_view sql,
                                             const std::vector<std::string>& params) {
  const std::string text(sql);
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const std::string& p : params) values.push_back(p.c_str());
  // Extended protocol even without parameters: the server then refuses a
  // string holding several statements instead of running them all.
  PGresult* result = PQexecParams(conn_, text.c_str(), static_cast<int>(values.size()),
                                  /*paramTypes=*/nullptr, values.data(), /*paramLengths=*/nullptr,
                                  /*paramFormats=*/nullptr, /*resultFormat=*/0);
  ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;

  if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT) {
    // No data will come from (or go to) a client here: end the COPY so the
    // connection stays usable, then report it.
    if (status == PGRES_COPY_IN) {
      PQputCopyEnd(conn_, "COPY FROM STDIN is not supported by migrate");
    } else {
      char* buffer = nullptr;
      while (PQgetCopyData(conn_, &buffer, 0) > 0) PQfreemem(buffer);
    }
    PQclear(result);
    while (PGresult* rest = PQgetResult(conn_)) PQclear(rest);
    return base::Status::Database(
        "COPY ... FROM STDIN / TO STDOUT is not supported in migrations; use COPY with a "
        "server-side file or INSERT statements");
  }

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) {
    Rows rows;
    const int columns = PQnfields(result);
    const int tuples = PQntuples(result);
    rows.columns.reserve(columns);
    for (int c = 0; c < columns; ++c) rows.columns.emplace_back(PQfname(result, c));
    rows.rows.reserve(tuples);
    for (int r = 0; r < tuples; ++r) {
      std::vector<Value> row;
      row.reserve(columns);
      for (int c = 0; c < columns; ++c) {
        if (PQgetisnull(result, r, c)) {
          row.emplace_back(std::nullopt);
        } else {
          row.emplace_back(std::string(PQgetvalue(result, r, c),
                                       static_cast<size_t>(PQgetlength(result, r, c))));
        }
      }
      rows.rows.push_back(std::move(row));
    }
    PQclear(result);
    return rows;
  }

  return ResultError(result);
}

base::Status PostgresqlConnection::ExecuteBatch(const std::vector<std::string>& statements) {
  std::string text;
  for (const std::string& statement : statements) {
    text += statement;
    text += ";\n";
  }
  PGresult* result = PQexec(conn_, text.c_str());
  const ExecStatusType status = result != nullptr ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK || status == PGRES_EMPTY_QUERY) {
    PQclear(result);
    return base::Status::OK();
  }
  return ResultError(result);
}

base::Result<std::string> PostgresqlConnection::EncryptPassword(const std::string& role,
                                                              const std::string& password) {
  char* verifier = PQencryptPasswordConn(conn_, password.c_str(), role.c_str(), nullptr);
  if (verifier == nullptr) {
    return base::Status::Database("cannot encrypt the password of role " + role + ": " +
                                  base::OneLine(PQerrorMessage(conn_)));
  }
  std::string text = verifier;
  PQfreemem(verifier);
  return text;
}

base::Status PostgresqlConnection::ResultError(PGresult* result) {
  base::DatabaseDetail detail;
  detail.sqlstate = Field(result, PG_DIAG_SQLSTATE);
  detail.detail = Field(result, PG_DIAG_MESSAGE_DETAIL);
  detail.hint = Field(result, PG_DIAG_MESSAGE_HINT);
  // Absent (no position) or, in theory, garbled: either way no position.
  auto position = base::ParseInteger(Field(result, PG_DIAG_STATEMENT_POSITION), 0,
                                     std::numeric_limits<int>::max());
  detail.position = position ? static_cast<int>(*position) : 0;
  std::string message = Field(result, PG_DIAG_MESSAGE_PRIMARY);
  std::vector<std::string> extra;
  if (message.empty()) {
    // No server error: libpq's own (connection trouble, out of memory).
    std::vector<std::string> lines = Lines(PQerrorMessage(conn_));
    if (!lines.empty()) {
      message = lines.front();
      // A server message that libpq read outside a result ("FATAL:  ...").
      for (std::string_view severity : {"FATAL:  ", "ERROR:  ", "PANIC:  "}) {
        if (message.rfind(severity, 0) == 0) message.erase(0, severity.size());
      }
      extra.assign(lines.begin() + 1, lines.end());
    } else {
      message = "the statement failed without an error message";
    }
  }
  PQclear(result);
  if (PQstatus(conn_) == CONNECTION_BAD) {
    message = "connection to the database was lost: " + message;
    if (detail.sqlstate.empty()) detail.sqlstate = kConnectionFailure;
  }
  base::Status error = base::Status::Database(std::move(message), std::move(detail));
  for (std::string& line : extra) error = std::move(error).WithContext(std::move(line));
  return error;
}

base::Status PostgresqlConnection::Execute(std::string_view sql) {
  return Run(sql, {}).status();
}

base::Result<Rows> PostgresqlConnection::Query(std::string_view sql,
                                               const std::vector<std::string>& params) {
  return Run(sql, params);
}

base::Status PostgresqlConnection::Begin() {
  if (InTransaction()) return base::Status::Internal("Begin() called inside a transaction");
  return Execute("BEGIN");
}

base::Status PostgresqlConnection::BeginReadOnly() {
  if (InTransaction()) return base::Status::Internal("BeginReadOnly() called inside a transaction");
  return Execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

base::Status PostgresqlConnection::Commit() {
  if (!InTransaction()) return base::Status::Internal("Commit() called outside a transaction");
  if (PQtransactionStatus(conn_) == PQTRANS_INERROR) {
    // COMMIT would "succeed" by rolling back; say what really happens.
    MIGRATE_TRY(Execute("ROLLBACK"));
    base::DatabaseDetail detail;
    detail.sqlstate = kInFailedTransaction;
    return base::Status::Database(
        "the transaction was rolled back, not committed: a statement in it had failed",
        std::move(detail));
  }
  return Execute("COMMIT");
}

base::Status PostgresqlConnection::Rollback() {
  if (!InTransaction()) return base::Status::OK();
  return Execute("ROLLBACK");
}

bool PostgresqlConnection::InTransaction() const {
  switch (PQtransactionStatus(conn_)) {
    case PQTRANS_INTRANS:
    case PQTRANS_INERROR:
    case PQTRANS_ACTIVE:
      return true;
    case PQTRANS_IDLE:
    case PQTRANS_UNKNOWN:
      return false;
  }
  return false;
}

base::Result<std::unique_ptr<Connection>> OpenPostgresql(const DatabaseUrl& url,
                                                         const OpenOptions& options) {
  MIGRATE_ASSIGN_OR_RETURN(std::unique_ptr<PostgresqlConnection> connection,
                           PostgresqlConnection::Open(url, options));
  return std::unique_ptr<Connection>(std::move(connection));
}

}  // namespace migrate::db
