#include "migrator/db/sqlite/sqlite_connection.h"

#include <soci/soci.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iterator>
#include <map>
#include <set>
#include <thread>
#include <utility>

#include "migrator/base/numbers.h"
#include "migrator/base/strings.h"
#include "migrator/db/sqlite/sqlite_compiler.h"
#include "migrator/db/sqlite/sqlite_dialect.h"
#include "migrator/db/sqlite/sqlite_statement.h"

namespace migrate::db {

namespace {

// SOCI's header puts the SQLite API in namespace sqlite_api.
using sqlite_api::sqlite3;
using sqlite_api::sqlite3_stmt;

// The pragmas applied first, in this order, unless the URL overrides them.
// busy_timeout goes first so that a later pragma needing the write lock
// (journal_mode=wal) waits for it.
const std::vector<std::pair<std::string, std::string>>& DefaultPragmas() {
  static const std::vector<std::pair<std::string, std::string>> kDefaults = {
      {"busy_timeout", std::to_string(SqliteConnection::kDefaultBusyTimeoutMs)},
      {"foreign_keys", "on"},
  };
  return kDefaults;
}

// Pragmas stored in the database file, not the session.
bool IsPersistentPragma(std::string_view name) {
  return name == "journal_mode" || name == "page_size" || name == "auto_vacuum";
}

// SQLite reports byte offsets; DatabaseDetail wants 1-based characters
// (as PostgreSQL reports them), so count UTF-8 lead bytes.
int CharacterPosition(std::string_view sql, int byte_offset) {
  if (byte_offset < 0) return 0;
  size_t end = std::min(sql.size(), static_cast<size_t>(byte_offset));
  int chars = 0;
  for (size_t i = 0; i < end; ++i) {
    if ((static_cast<unsigned char>(sql[i]) & 0xC0) != 0x80) ++chars;
  }
  return chars + 1;
}

// The byte offset in `tail` where SQL begins after whitespace, `;` and
// comments; npos if there is none. An unterminated /* comment runs to the
// end, as SQLite reads it.
size_t NextSql(std::string_view tail) {
  size_t i = 0;
  while (i < tail.size()) {
    char c = tail[i];
    if (c == ';' || std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (tail.compare(i, 2, "--") == 0) {
      size_t newline = tail.find('\n', i);
      if (newline == std::string_view::npos) return std::string_view::npos;
      i = newline + 1;
    } else if (tail.compare(i, 2, "/*") == 0) {
      size_t close = tail.find("*/", i + 2);
      if (close == std::string_view::npos) return std::string_view::npos;
      i = close + 2;
    } else {
      return i;
    }
  }
  return std::string_view::npos;
}

base::Status SqliteError(sqlite3* db, std::string_view sql) {
  base::DatabaseDetail detail;
  detail.position = CharacterPosition(sql, sqlite_api::sqlite3_error_offset(db));
  detail.sqlite_code = sqlite_api::sqlite3_extended_errcode(db);
  return base::Status::Database(sqlite_api::sqlite3_errmsg(db), std::move(detail));
}

// A SAVEPOINT, RELEASE or ROLLBACK TO, as SQLite's compiler reports it.
int NoteSavepoint(void* savepoint, int action, const char* verb, const char* name,
                  const char* /*database*/, const char* /*inner*/) {
  if (action == SQLITE_SAVEPOINT && verb != nullptr && name != nullptr) {
    *static_cast<SqliteConnection::Savepoint*>(savepoint) = {verb, name};
  }
  return SQLITE_OK;
}

// Binds params[k-1] to every `$k` in `stmt`, as text. Fails unless the
// statement uses exactly $1..$n for n = params.size().
base::Status BindParams(sqlite3_stmt* stmt, const std::vector<std::string>& params) {
  int count = sqlite_api::sqlite3_bind_parameter_count(stmt);
  std::set<size_t> used;
  for (int i = 1; i <= count; ++i) {
    const char* name = sqlite_api::sqlite3_bind_parameter_name(stmt, i);
    std::string_view text = name == nullptr ? std::string_view() : std::string_view(name);
    size_t k = 0;
    bool numbered = text.size() > 1 && text.front() == '$';
    if (numbered) {
      auto number = base::ParseInteger(text.substr(1), 1);
      numbered = number.has_value();
      if (numbered) k = static_cast<size_t>(*number);
    }
    if (!numbered) {
      return base::Status::Internal("statement parameter '" +
                                    std::string(name == nullptr ? "?" : name) +
                                    "' is not of the form $1, $2, ...");
    }
    if (k > params.size()) {
      return base::Status::Internal("statement uses $" + std::to_string(k) + " but " +
                                    std::to_string(params.size()) +
                                    " parameter values were given");
    }
    used.insert(k);
    // SQLITE_STATIC: `params` outlives the statement.
    int rc = sqlite_api::sqlite3_bind_text(stmt, i, params[k - 1].data(),
                                           static_cast<int>(params[k - 1].size()), SQLITE_STATIC);
    if (rc != SQLITE_OK) return base::Status::Internal("cannot bind $" + std::to_string(k));
  }
  if (used.size() != params.size()) {
    return base::Status::Internal(std::to_string(params.size()) +
                                  " parameter values were given but the statement uses " +
                                  std::to_string(used.size()));
  }
  return base::Status::OK();
}

// Steps `stmt` to its end, appending its rows to `rows` if non-null.
// Returns SQLite's last result code: SQLITE_DONE when it ran to the end.
int StepToEnd(sqlite3_stmt* stmt, Rows* rows) {
  const int columns = sqlite_api::sqlite3_column_count(stmt);
  int rc;
  while ((rc = sqlite_api::sqlite3_step(stmt)) == SQLITE_ROW) {
    if (rows == nullptr) continue;
    std::vector<Value>& row = rows->rows.emplace_back();
    row.reserve(static_cast<size_t>(columns));
    for (int i = 0; i < columns; ++i) {
      if (sqlite_api::sqlite3_column_type(stmt, i) == SQLITE_NULL) {
        row.emplace_back(std::nullopt);
        continue;
      }
      const unsigned char* text = sqlite_api::sqlite3_column_text(stmt, i);
      int size = sqlite_api::sqlite3_column_bytes(stmt, i);
      row.emplace_back(std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(size)));
    }
  }
  return rc;
}

// The connection's busy timeout as SQLite holds it now (the URL's, the lock
// wait's, or one a migration set); 0 if it cannot be read.
std::chrono::milliseconds BusyTimeout(sqlite3* db) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite_api::sqlite3_prepare_v2(db, "PRAGMA busy_timeout", -1, &raw, nullptr) != SQLITE_OK) {
    return std::chrono::milliseconds(0);
  }
  StatementPtr stmt(raw);
  if (sqlite_api::sqlite3_step(stmt.get()) != SQLITE_ROW) return std::chrono::milliseconds(0);
  return std::chrono::milliseconds(sqlite_api::sqlite3_column_int64(stmt.get(), 0));
}

// StepToEnd, waiting up to the busy timeout for another connection's lock
// even where SQLite itself does not. SQLite calls the busy handler only for
// a statement that holds no lock yet; one that takes a shared lock and then
// needs an exclusive one (`PRAGMA journal_mode = wal`, and back, change the
// file's header) gets SQLITE_BUSY at once. Outside an explicit transaction
// SQLite documents such a statement as safe to run again (it has rolled
// back), so it is, until the busy timeout has passed since the first try;
// inside one, SQLITE_BUSY stands (waiting there could deadlock).
int StepWaitingWhileBusy(sqlite3* db, sqlite3_stmt* stmt, Rows* rows) {
  using std::chrono::milliseconds;
  const auto start = std::chrono::steady_clock::now();
  const bool retryable = sqlite_api::sqlite3_get_autocommit(db) != 0;
  const size_t kept_rows = rows == nullptr ? 0 : rows->rows.size();
  int rc = StepToEnd(stmt, rows);
  if (!retryable || (rc & 0xFF) != SQLITE_BUSY) return rc;
  const auto deadline = start + BusyTimeout(db);
  milliseconds pause(1);  // doubling up to 50 ms, as SQLite's own busy handler backs off
  while ((rc & 0xFF) == SQLITE_BUSY && std::chrono::steady_clock::now() < deadline) {
    const auto left = std::chrono::duration_cast<milliseconds>(deadline - std::chrono::steady_clock::now());
    std::this_thread::sleep_for(std::min(pause, left));
    pause = std::min(pause * 2, milliseconds(50));
    (void)sqlite_api::sqlite3_reset(stmt);  // returns the SQLITE_BUSY just seen
    if (rows != nullptr) rows->rows.resize(kept_rows);
    rc = StepToEnd(stmt, rows);
  }
  // BusyTimeout's own statement replaced the connection's error message
  // ("not an error"); resetting this statement puts its own back.
  if ((rc & 0xFF) == SQLITE_BUSY) (void)sqlite_api::sqlite3_reset(stmt);
  return rc;
}

}  // namespace

base::Result<std::unique_ptr<Connection>> OpenSqlite(const DatabaseUrl& url, bool create_file) {
  std::string path = url.sqlite_memory() ? ":memory:" : url.sqlite_path();
  // SOCI always opens with SQLITE_OPEN_CREATE, so the file is looked for first.
  std::error_code error;
  if (!create_file && !url.sqlite_memory() && !std::filesystem::exists(path, error)) {
    return base::Status::NotFound("the SQLite database '" + path + "' does not exist");
  }
  // SOCI takes a whole connection string without '=' as the file name; with
  // one it wants db="..." (and cannot quote a '"' inside it).
  std::string connect_string = path;
  if (path.find('=') != std::string::npos) {
    if (path.find('"') != std::string::npos) {
      return base::Status::InvalidInput("cannot open SQLite database '" + path +
                                        "': a path with both '=' and '\"' cannot be passed to "
                                        "SOCI; rename the file");
    }
    connect_string = "db=\"" + path + "\"";
  }

  std::unique_ptr<soci::session> session;
  try {
    session = std::make_unique<soci::session>(*soci::factory_sqlite3(), connect_string);
  } catch (const soci::sqlite3_soci_error& e) {
    return base::Status::Database("cannot open SQLite database '" + path +
                                  "': " + sqlite_api::sqlite3_errstr(e.result()));
  } catch (const soci::soci_error& e) {
    return base::Status::Database("cannot open SQLite database '" + path +
                                  "': " + e.get_error_message());
  }

  std::vector<std::pair<std::string, std::string>> pragmas;
  std::map<std::string, std::string> rest = url.params();
  for (const auto& [name, value] : DefaultPragmas()) {
    auto it = rest.find(name);
    pragmas.emplace_back(name, it == rest.end() ? value : it->second);
    if (it != rest.end()) rest.erase(it);
  }
  for (auto& [name, value] : rest) pragmas.emplace_back(name, value);

  std::unique_ptr<SqliteConnection> conn(
      new SqliteConnection(std::move(session), url.Redacted(), std::move(pragmas)));
  if (base::Status s = conn->ApplyPragmas(/*include_persistent=*/true); !s.ok()) {
    return std::move(s).Prefixed("cannot open SQLite database '" + path + "'");
  }
  return std::unique_ptr<Connection>(std::move(conn));
}

SqliteConnection::SqliteConnection(std::unique_ptr<soci::session> session,
                                   std::string redacted_url,
                                   std::vector<std::pair<std::string, std::string>> pragmas)
    : session_(std::move(session)),
      redacted_url_(std::move(redacted_url)),
      pragmas_(std::move(pragmas)),
      handle_(Handle()),
      on_interrupt_(std::make_unique<base::CancelOnInterrupt>(
          [](void* self) noexcept {
            static_cast<SqliteConnection*>(self)->CancelRunningStatement();
          },
          this)) {
  sqlite_api::sqlite3_preupdate_hook(Handle(), &SqliteConnection::OnPreupdate, this);
}

// Closing the database rolls back an open transaction.
SqliteConnection::~SqliteConnection() = default;

// sqlite3_interrupt sets a flag the running statement polls; SQLite allows
// it from any thread, and it takes no lock.
void SqliteConnection::CancelRunningStatement() noexcept { sqlite_api::sqlite3_interrupt(handle_); }

const Dialect& SqliteConnection::dialect() const { return SqliteDialect(); }

base::Status SqliteConnection::Run(std::string_view sql, const std::vector<std::string>& params,
                                   Rows* rows) {
  if (sql.empty()) sql = " ";  // SQLite refuses a null text pointer
  sqlite3* db = Handle();
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  Savepoint savepoint;
  sqlite_api::sqlite3_set_authorizer(db, &NoteSavepoint, &savepoint);
  int rc = sqlite_api::sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &raw,
                                          &tail);
  sqlite_api::sqlite3_set_authorizer(db, nullptr, nullptr);
  StatementPtr stmt(raw);
  if (rc != SQLITE_OK) return SqliteError(db, sql);

  std::string_view rest = sql.substr(static_cast<size_t>(tail - sql.data()));
  if (size_t next = NextSql(rest); next != std::string_view::npos) {
    size_t offset = sql.size() - rest.size() + next;
    std::string_view second = sql.substr(offset, 40);
    return base::Status::Internal(
        "more than one statement in one call (the statement splitter should have split "
        "them); the second starts at character " +
        std::to_string(CharacterPosition(sql, static_cast<int>(offset))) + ": " +
        std::string(second.substr(0, second.find('\n'))));
  }
  if (stmt == nullptr) {
    // Only comments or whitespace: SQLite has nothing to run.
    if (!params.empty()) return BindParams(nullptr, params);
    return base::Status::OK();
  }
  if (read_only_ && sqlite_api::sqlite3_stmt_readonly(stmt.get()) == 0) {
    base::DatabaseDetail detail;
    detail.sqlstate = std::string(kReadOnlySqlstate);
    return base::Status::Database("cannot execute a statement that writes in a read-only transaction",
                                  std::move(detail));
  }
  MIGRATE_TRY(BindParams(stmt.get(), params));

  if (rows != nullptr) {
    for (int i = 0; i < sqlite_api::sqlite3_column_count(stmt.get()); ++i) {
      rows->columns.emplace_back(sqlite_api::sqlite3_column_name(stmt.get(), i));
    }
  }
  rc = StepWaitingWhileBusy(db, stmt.get(), rows);
  if (rc != SQLITE_DONE) return SqliteError(db, sql);
  if (!savepoint.verb.empty()) FollowSavepoint(savepoint);
  return base::Status::OK();
}

void SqliteConnection::FollowSavepoint(const Savepoint& savepoint) {
  const auto named = [&](const auto& entry) {
    return base::AsciiLower(entry.first) == base::AsciiLower(savepoint.name);
  };
  if (savepoint.verb == "BEGIN") {
    savepoints_.emplace_back(savepoint.name, row_changes_);
    return;
  }
  auto it = std::find_if(savepoints_.rbegin(), savepoints_.rend(), named);
  if (it == savepoints_.rend()) return;  // begun before BeginObserving
  if (savepoint.verb == "ROLLBACK") {
    // ROLLBACK TO undoes the rows changed since, and keeps the savepoint.
    row_changes_ = it->second;
    last_changed_ = nullptr;
    savepoints_.erase(it.base(), savepoints_.end());
  } else {  // RELEASE
    savepoints_.erase(std::prev(it.base()), savepoints_.end());
  }
}

sqlite3* SqliteConnection::Handle() const {
  return static_cast<soci::sqlite3_session_backend*>(session_->get_backend())->conn_;
}

base::Status SqliteConnection::Execute(std::string_view sql) {
  ++statements_;
  return Run(sql, {}, nullptr);
}

base::Result<Rows> SqliteConnection::Query(std::string_view sql,
                                           const std::vector<std::string>& params) {
  ++statements_;
  Rows rows;
  MIGRATE_TRY(Run(sql, params, &rows));
  return rows;
}

base::Status SqliteConnection::Begin() {
  if (in_transaction_) return base::Status::Internal("Begin() inside a transaction");
  MIGRATE_TRY(Run("BEGIN IMMEDIATE", {}, nullptr));
  in_transaction_ = true;
  return base::Status::OK();
}

base::Status SqliteConnection::BeginReadOnly() {
  if (in_transaction_) return base::Status::Internal("BeginReadOnly() inside a transaction");
  // Deferred: a reader takes no write lock, so it neither waits for nor
  // blocks a migrating process longer than its reads take.
  MIGRATE_TRY(Run("BEGIN DEFERRED", {}, nullptr));
  in_transaction_ = true;
  read_only_ = true;
  return base::Status::OK();
}

base::Status SqliteConnection::Commit() {
  if (!in_transaction_) return base::Status::Internal("Commit() outside a transaction");
  read_only_ = false;
  base::Status s = Run("COMMIT", {}, nullptr);
  // A failed COMMIT (a deferred foreign key, SQLITE_BUSY) leaves the
  // transaction open; SQLite knows whether it still is.
  sqlite3* db = Handle();
  in_transaction_ = sqlite_api::sqlite3_get_autocommit(db) == 0;
  return s;
}

base::Status SqliteConnection::Rollback() {
  read_only_ = false;
  sqlite3* db = Handle();
  // Some errors (SQLITE_FULL, SQLITE_IOERR, ...) roll back on their own; a
  // transaction: none migration may have left its own BEGIN open.
  if (sqlite_api::sqlite3_get_autocommit(db) != 0) {
    in_transaction_ = false;
    return base::Status::OK();
  }
  base::Status s = Run("ROLLBACK", {}, nullptr);
  in_transaction_ = sqlite_api::sqlite3_get_autocommit(db) == 0;
  return s;
}

base::Status SqliteConnection::WaitForWriteLockUpTo(std::chrono::milliseconds timeout) {
  const std::string value = std::to_string(timeout.count());
  auto busy = std::find_if(pragmas_.begin(), pragmas_.end(),
                           [](const auto& pragma) { return pragma.first == "busy_timeout"; });
  if (busy == pragmas_.end()) {
    pragmas_.emplace(pragmas_.begin(), "busy_timeout", value);
  } else if (auto current = base::ParseInteger(busy->second);  // a number: DatabaseUrl::Parse
             !current || *current < timeout.count()) {
    busy->second = value;  // never shorten what the URL asked for
  }
  return Execute("PRAGMA busy_timeout = " + value);
}

std::string SqliteConnection::MainFilename() const {
  const char* name = sqlite3_db_filename(Handle(), "main");
  return name != nullptr ? name : "";
}

base::Status SqliteConnection::ReapplySessionPragmas() {
  return ApplyPragmas(/*include_persistent=*/false);
}

base::Status SqliteConnection::ApplyPragmas(bool include_persistent) {
  for (const auto& [name, value] : pragmas_) {
    if (!include_persistent && IsPersistentPragma(name)) continue;
    // Names and values were checked by DatabaseUrl::Parse: letters, digits, '_', '-'.
    std::string sql = "PRAGMA " + name + " = " + value;
    MIGRATE_ASSIGN_OR_RETURN(Rows rows, Query(sql));
    if (name == "journal_mode" && !rows.empty() && rows.rows[0][0].has_value()) {
      // SQLite answers with the mode it kept, and does not fail when it
      // cannot switch (an in-memory database cannot use wal).
      std::string kept = *rows.rows[0][0];
      std::string wanted = value;
      std::transform(wanted.begin(), wanted.end(), wanted.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (kept != wanted) {
        return base::Status::Database("SQLite kept journal_mode '" + kept + "' instead of '" +
                                      value + "'");
      }
    }
  }
  return base::Status::OK();
}

script::StatementIntent SqliteConnection::Describe(std::string_view sql, TableColumns columns) {
  return CompileIntent(Handle(), sql, columns);
}

void SqliteConnection::OnPreupdate(void* self, sqlite3* /*db*/, int op, const char* database,
                                   const char* table, long long /*old_rowid*/,
                                   long long /*new_rowid*/) {
  auto* conn = static_cast<SqliteConnection*>(self);
  const std::string_view name(table);
  if (std::string_view(database) != "main" || IsSqliteInternal(name)) return;
  base::TableRowChanges* changes = conn->last_changed_;
  if (changes == nullptr || changes->table != name) {
    auto it = conn->row_changes_.find(name);
    if (it == conn->row_changes_.end()) {
      it = conn->row_changes_.emplace(std::string(name), base::TableRowChanges{}).first;
      it->second.table = std::string(name);
    }
    changes = conn->last_changed_ = &it->second;
  }
  switch (op) {
    case SQLITE_INSERT:
      ++changes->inserted;
      break;
    case SQLITE_UPDATE:
      ++changes->updated;
      break;
    case SQLITE_DELETE:
      ++changes->deleted;
      // The hook runs inside the statement's own Execute/Query call.
      if (changes->first_delete_statement < 0) {
        changes->first_delete_statement = conn->statements_ - 1;
      }
      break;
    default:
      break;
  }
}

base::Result<std::string> SqliteConnection::CatalogMarkers() {
  // Unqualified, these pragmas read main. Run(), not Query(): the dialect's
  // own question is not one of the statements being numbered.
  Rows rows;
  MIGRATE_TRY(Run("SELECT (SELECT schema_version FROM pragma_schema_version) || ':' || "
                       "(SELECT user_version FROM pragma_user_version) || ':' || "
                  "(SELECT application_id FROM pragma_application_id)",
                  {}, &rows));
  if (rows.rows.size() != 1 || !rows.rows[0][0]) {
    return base::Status::Internal("SQLite schema markers query returned no value");
  }
  return *rows.rows[0][0];
}

base::Status SqliteConnection::BeginObserving() {
  MIGRATE_ASSIGN_OR_RETURN(markers_at_begin_, CatalogMarkers());
  row_changes_.clear();
  last_changed_ = nullptr;
  savepoints_.clear();
  statements_ = 0;
  return base::Status::OK();
}

base::RowLedger SqliteConnection::RowChanges() const {
  base::RowLedger ledger;
  ledger.reserve(row_changes_.size());
  for (const auto& [table, changes] : row_changes_) ledger.push_back(changes);
  return ledger;
}

base::Result<bool> SqliteConnection::CatalogChanged() {
  MIGRATE_ASSIGN_OR_RETURN(std::string markers, CatalogMarkers());
  return markers != markers_at_begin_;
}

}  // namespace migrate::db
