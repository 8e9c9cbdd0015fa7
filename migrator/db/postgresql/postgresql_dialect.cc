#include "migrator/db/postgresql/postgresql_dialect.h"

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "migrator/base/duration.h"
#include "migrator/base/strings.h"
#include "migrator/db/lock_wait.h"
#include "migrator/db/postgresql/pg_parser.h"
#include "migrator/db/postgresql/postgresql_catalog.h"
#include "migrator/db/postgresql/postgresql_connection.h"

namespace migrate::db {

namespace {

using script::Identifier;
using script::ObjectKind;
using script::ObjectName;

// NAMEDATALEN - 1: the server truncates longer identifiers.
constexpr std::size_t kMaxIdentifierBytes = 63;

std::string Quote(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
  return out;
}

// The first value of the first row of `rows`, if any and not NULL.
std::optional<std::string> FirstValue(const Rows& rows) {
  if (rows.rows.empty() || rows.rows.front().empty()) return std::nullopt;
  return rows.rows.front().front();
}

// The names migrate accepts in `extensions:` for SQLite (sqlite_dialect.cc):
// not PostgreSQL's business.
bool IsSqliteFeature(std::string_view name) {
  return name == "fts5" || name == "json1" || name == "rtree" || name == "math";
}

// ---------------------------------------------------------------------------
// The migration lock.

class AdvisoryLock final : public MigrationLock {
 public:
  AdvisoryLock(Connection& conn, std::int64_t key) : conn_(conn), key_(key) {}
  ~AdvisoryLock() override {
    // Best effort: if this fails the lock goes when the session ends.
    (void)conn_.Query("SELECT pg_catalog.pg_advisory_unlock($1::bigint)",
                      {std::to_string(key_)});
  }

 private:
  Connection& conn_;
  std::int64_t key_;
};

// Who holds advisory lock `key` in this database, in words; "" if nobody
// does (any more).
base::Result<std::string> LockHolder(Connection& conn, std::int64_t key) {
  // A bigint advisory key is stored as classid = high half, objid = low
  // half, objsubid = 1.
  const auto bits = static_cast<std::uint64_t>(key);
  MIGRATE_ASSIGN_OR_RETURN(
      Rows rows,
      conn.Query("SELECT l.pid::text, a.application_name, a.usename::text, "
                 "pg_catalog.host(a.client_addr) "
                 "FROM pg_catalog.pg_locks l "
                 "LEFT JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid "
                 "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
                 "AND l.classid = $1::text::oid AND l.objid = $2::text::oid "
                 "AND l.database = (SELECT d.oid FROM pg_catalog.pg_database d "
                 "                  WHERE d.datname = pg_catalog.current_database()) "
                 "AND l.pid <> pg_catalog.pg_backend_pid() "
                 "LIMIT 1",
                 {std::to_string(bits >> 32), std::to_string(bits & 0xffffffffu)}));
  if (rows.rows.empty() || rows.rows[0].size() < 4 || !rows.rows[0][0]) return std::string();
  const std::vector<Value>& row = rows.rows[0];
  std::string holder = "PID " + *row[0];
  std::vector<std::string> about;
  if (row[1] && !row[1]->empty()) about.push_back("application_name '" + *row[1] + "'");
  if (row[2] && !row[2]->empty()) about.push_back("user " + *row[2]);
  if (row[3] && !row[3]->empty()) about.push_back("client " + *row[3]);
  if (!about.empty()) {
    holder += " (";
    for (std::size_t i = 0; i < about.size(); ++i) holder += (i > 0 ? ", " : "") + about[i];
    holder += ")";
  }
  return holder;
}

base::Result<bool> TryLock(Connection& conn, std::int64_t key) {
  MIGRATE_ASSIGN_OR_RETURN(
      Rows rows,
      conn.Query("SELECT pg_catalog.pg_try_advisory_lock($1::bigint)", {std::to_string(key)}));
  return FirstValue(rows) == std::optional<std::string>("t");
}

// ---------------------------------------------------------------------------

class PostgresqlDialectImpl final : public Dialect {
 public:
  std::string_view Name() const override { return "postgresql"; }

  script::SplitterOptions Splitter() const override {
    return script::SplitterOptions::Postgresql();
  }

  base::Result<std::vector<script::Statement>> SplitStatements(
      std::string_view body, int first_line, const std::string& path) const override {
    return SplitPostgresql(body, first_line, path);
  }

  base::Result<script::StatementIntent> Describe(
      Connection& /*conn*/, const script::Statement& statement) const override {
    return DescribePostgresql(statement.text);
  }

  bool DescribesWithoutDatabase() const override { return true; }

  std::vector<script::StatementIntent> DescribeOffline(
      const std::vector<script::Statement>& statements) const override {
    std::vector<script::StatementIntent> intents;
    intents.reserve(statements.size());
    for (const script::Statement& statement : statements) {
      intents.push_back(DescribePostgresql(statement.text));
    }
    return intents;
  }

  std::string QuoteIdentifier(std::string_view name) const override { return Quote(name); }
  std::string QuoteLiteral(std::string_view text) const override {
    return base::PostgresqlStringLiteral(text);
  }

  base::Result<ObjectFinding> FindObject(Connection& conn, ObjectKind kind,
                                         const ObjectName& object, const Identifier& column,
                                         bool unique) const override {
    return FindObjectPostgresql(conn, kind, object, column, unique);
  }

  base::Result<std::optional<std::vector<std::string>>> TableColumns(
      Connection& conn, const ObjectName& table) const override {
    return TableColumnsPostgresql(conn, table);
  }

  base::Result<std::string> ChangeMarker(Connection& conn) const override {
    // Inside a transaction: its id, assigned at its first write. Between
    // autocommitted statements: the next transaction id to be handed out,
    // which every committed write moves (another session's writes move it
    // too, so there it can only miss a no-op, never invent one).
    MIGRATE_ASSIGN_OR_RETURN(
        Rows rows,
        conn.Query(conn.InTransaction()
                       ? "SELECT coalesce(pg_catalog.pg_current_xact_id_if_assigned()::text, '')"
                       : "SELECT pg_catalog.pg_snapshot_xmax(pg_catalog.pg_current_snapshot())::text"));
    return FirstValue(rows).value_or("");
  }

  base::Status BeginObserving(Connection& conn) const override {
    return BeginObservingPostgresql(conn);
  }

  base::Result<base::RowLedger> RowChanges(Connection& conn) const override {
    return RowChangesPostgresql(conn);
  }

  base::Result<bool> CatalogChanged(Connection& conn) const override {
    return CatalogChangedPostgresql(conn);
  }

  base::Result<ExtensionState> CheckExtension(Connection& conn,
                                              std::string_view name) const override {
    MIGRATE_ASSIGN_OR_RETURN(
        Rows rows,
        conn.Query(
            "SELECT (SELECT e.extversion FROM pg_catalog.pg_extension e "
            "        WHERE e.extname = $1::text), "
            "       x.default_version, v.superuser::text, v.trusted::text, "
            "       pg_catalog.current_setting('is_superuser'), "
            "       pg_catalog.has_database_privilege(pg_catalog.current_database(), "
            "                                         'CREATE')::text, "
            "       current_user::text, pg_catalog.current_database()::text, "
            "       pg_catalog.current_setting('server_version_num') "
            "FROM (SELECT 1) AS one "
            "LEFT JOIN pg_catalog.pg_available_extensions x ON x.name = $1::text "
            "LEFT JOIN pg_catalog.pg_available_extension_versions v "
            "       ON v.name = x.name AND v.version = x.default_version",
            {std::string(name)}));
    if (rows.rows.size() != 1 || rows.rows[0].size() != 9) {
      return base::Status::Internal("CheckExtension: unexpected result shape");
    }
    const std::vector<Value>& r = rows.rows[0];
    const std::string ext(name);
    const std::string quoted = IsPlainWord(ext) && ext == FoldIdentifier({ext, false})
                                   ? ext
                                   : Quote(ext);
    const std::string role = r[6].value_or("?");
    const std::string database = r[7].value_or("?");
    ExtensionState state;
    if (r[0]) {
      state.availability = ExtensionState::Availability::kInstalled;
      state.explanation = "version " + *r[0] + " is installed";
      return state;
    }
    if (!r[1] && IsSqliteFeature(ext)) {
      state.availability = ExtensionState::Availability::kNotApplicable;
      state.explanation = ext + " is a SQLite feature";
      return state;
    }
    if (!r[1]) {
      const std::string major = r[8] ? r[8]->substr(0, r[8]->size() - 4) : "15";
      state.availability = ExtensionState::Availability::kUnavailable;
      state.explanation =
          "it is not available on the database server (not in pg_available_extensions)";
      state.fix = "install the package that provides it on the database server (contrib "
                  "modules come with postgresql-contrib; others are usually named postgresql-" +
                  major + "-" + ext + "), then run CREATE EXTENSION " + quoted + ";";
      return state;
    }
    const bool superuser = r[4] == std::optional<std::string>("on");
    const bool needs_superuser = r[2] != std::optional<std::string>("false");
    const bool trusted = r[3] == std::optional<std::string>("true");
    const bool can_create_in_db = r[5] == std::optional<std::string>("true");
    if (superuser || !needs_superuser) {
      state.availability = ExtensionState::Availability::kCreatable;
      state.explanation = "version " + *r[1] + " is available and role " + role +
                          " may create it";
      return state;
    }
    if (trusted && can_create_in_db) {
      state.availability = ExtensionState::Availability::kCreatable;
      state.explanation = "version " + *r[1] + " is trusted and role " + role +
                          " has the CREATE privilege on database " + database;
      return state;
    }
    state.availability = ExtensionState::Availability::kNotCreatable;
    if (trusted) {
      state.explanation = "it is trusted, but role " + role +
                          " lacks the CREATE privilege on database " + database;
      state.fix = "ask the owner of database " + database + " to run: GRANT CREATE ON DATABASE " +
                  Quote(database) + " TO " + Quote(role) + "; (or a superuser to run: " +
                  "CREATE EXTENSION " + quoted + ";)";
    } else {
      state.explanation = "it is available, but only a superuser may create it, and role " +
                          role + " is not one";
      state.fix = "ask a superuser to run, in database " + database + ": CREATE EXTENSION " +
                  quoted + ";";
    }
    return state;
  }

  std::optional<std::string> RefusedInTransaction(std::string_view statement) const override {
    return DescribePostgresql(statement).refused_in_transaction;
  }

  base::Status ResetSession(Connection& conn) const override {
    if (conn.InTransaction()) {
      return base::Status::Internal("ResetSession() called inside a transaction");
    }
    // One round trip for all of them on a real connection: the reset runs
    // after every migration, and nine round trips cost more than the
    // statements themselves.
    if (auto* postgresql = dynamic_cast<PostgresqlConnection*>(&conn.Unwrapped())) {
      if (base::Status s = postgresql->ExecuteBatch(SessionResetStatements()); !s.ok()) {
        return std::move(s).Prefixed("resetting the session");
      }
      return base::Status::OK();
    }
    for (const std::string& sql : SessionResetStatements()) {
      if (base::Status s = conn.Execute(sql); !s.ok()) {
        return std::move(s).Prefixed("resetting the session (" + sql + ")");
      }
    }
    return base::Status::OK();
  }

  std::vector<std::string> SessionResetStatements() const override {
    // DISCARD ALL, minus pg_advisory_unlock_all(): the migration lock stays.
    return {
        "SET SESSION AUTHORIZATION DEFAULT",
        "RESET ROLE",
        "RESET ALL",
        "CLOSE ALL",
        "DEALLOCATE ALL",
        "UNLISTEN *",
        "DISCARD PLANS",
        "DISCARD SEQUENCES",
        "DISCARD TEMP",
    };
  }

  base::Result<std::string> CurrentUser(Connection& conn) const override {
    MIGRATE_ASSIGN_OR_RETURN(Rows rows, conn.Query("SELECT current_user::text"));
    return FirstValue(rows).value_or("");
  }

  base::Status ApplyTimeouts(Connection& conn,
                             std::optional<std::chrono::milliseconds> lock_timeout,
                             std::optional<std::chrono::milliseconds> statement_timeout,
                             bool local) const override {
    const std::string set = local ? "SET LOCAL " : "SET ";
    if (lock_timeout) {
      MIGRATE_TRY(conn.Execute(set + "lock_timeout = '" + std::to_string(lock_timeout->count()) + "ms'"));
    }
    if (statement_timeout) {
      MIGRATE_TRY(conn.Execute(set + "statement_timeout = '" +
                               std::to_string(statement_timeout->count()) + "ms'"));
    }
    return base::Status::OK();
  }

  base::Result<std::optional<std::string>> CreatePrivilegeProblem(
      Connection& conn) const override {
    MIGRATE_ASSIGN_OR_RETURN(
        Rows rows,
        conn.Query("SELECT s, current_user::text, "
                   "s IS NOT NULL AND pg_catalog.has_schema_privilege(s, 'CREATE') "
                   "FROM (SELECT pg_catalog.current_schema()::text AS s) AS current"));
    const std::vector<Value>& r = rows.rows.at(0);
    if (r[2] == std::optional<std::string>("t")) return std::optional<std::string>();
    const std::string role = r[1].value_or("?");
    if (!r[0]) {
      return std::optional<std::string>(
          "the search_path of role " + role +
          " names no existing schema, so unqualified objects have nowhere to go; set a "
          "search_path (options=-c search_path=... in the URL)");
    }
    return std::optional<std::string>(
        "role " + role + " may not create objects in schema " + *r[0] +
        " (PostgreSQL 15 no longer grants CREATE on public to everyone); as its owner or a "
        "superuser run: GRANT CREATE ON SCHEMA " + QuoteIdentifier(*r[0]) + " TO " +
        QuoteIdentifier(role) + ";");
  }

  base::Result<std::string> DefaultVersionSchema(Connection& conn) const override {
    MIGRATE_ASSIGN_OR_RETURN(
        Rows rows,
        conn.Query("SELECT pg_catalog.current_schema()::text, "
                   "pg_catalog.current_setting('search_path')"));
    if (rows.rows.size() != 1 || rows.rows[0].size() != 2) {
      return base::Status::Internal("DefaultVersionSchema: unexpected result shape");
    }
    if (!rows.rows[0][0]) {
      return base::Status::FailedPrecondition(
          "the search_path (" + rows.rows[0][1].value_or("") +
          ") names no existing schema, so there is no default schema for the version tables; "
          "create one of its schemas, fix the search_path, or set version_table_schema");
    }
    return *rows.rows[0][0];
  }

  base::Result<std::vector<std::string>> SchemasWithTable(Connection& conn,
                                                          const std::string& table) const override {
    // pg_class lists every relation whatever the role's privileges, so a
    // schema it may not use still counts: better an error than a second copy.
    MIGRATE_ASSIGN_OR_RETURN(
        Rows rows,
        conn.Query("SELECT n.nspname::text FROM pg_catalog.pg_class c "
                   "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                   "WHERE c.relname = $1 AND c.relkind IN ('r', 'p') AND c.relpersistence <> 't' "
                   "ORDER BY n.nspname::text COLLATE \"C\"",
                   {table}));
    std::vector<std::string> schemas;
    for (const std::vector<Value>& row : rows.rows) {
      if (!row.empty() && row[0]) schemas.push_back(*row[0]);
    }
    return schemas;
  }

  base::Result<std::unique_ptr<MigrationLock>> AcquireMigrationLock(
      Connection& conn, const VersionTables& tables, const LockOptions& options) const override {
    const std::int64_t key = MigrationLockKey(tables);
    std::string holder;
    const LockTry try_lock = [&](std::string& now_holding) -> base::Result<bool> {
      MIGRATE_ASSIGN_OR_RETURN(bool locked, TryLock(conn, key));
      if (locked) return true;
      MIGRATE_ASSIGN_OR_RETURN(now_holding, LockHolder(conn, key));
      return false;
    };
    MIGRATE_ASSIGN_OR_RETURN(bool locked, WaitForLock(options, std::chrono::milliseconds(20),
                                                      std::chrono::milliseconds(500), try_lock,
                                                      holder));
    if (locked) return std::unique_ptr<MigrationLock>(new AdvisoryLock(conn, key));
    std::string message = "timed out after " + base::FormatDuration(options.timeout) +
                          " waiting for the migration lock on " +
                          QualifiedTable(tables, tables.version);
    if (holder.empty()) return base::Status::Timeout(message);
    const std::string pid = holder.substr(4, holder.find(' ', 4) - 4);
    return base::Status::Timeout(
        message + ", held by " + holder +
        ": another migrate is still running, or an interrupted one left its session open; "
        "wait for it, or end that session with SELECT pg_terminate_backend(" + pid + ");");
  }

  std::vector<std::string> VersionTablesDdl(const VersionTables& tables) const override {
    return {
        "CREATE TABLE IF NOT EXISTS " + QualifiedTable(tables, tables.version) +
            " (version_num VARCHAR(64) NOT NULL PRIMARY KEY)",
        "CREATE TABLE IF NOT EXISTS " + QualifiedTable(tables, tables.history) +
            " (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
            " revision TEXT NOT NULL,"
            " direction TEXT NOT NULL,"
            " checksum TEXT,"
            " started_at TIMESTAMPTZ NOT NULL,"
            " finished_at TIMESTAMPTZ,"
            " duration_ms BIGINT,"
            " success BOOLEAN NOT NULL,"
            " error TEXT,"
            " error_location TEXT,"
            " db_user TEXT,"
            " host TEXT,"
            " pid INTEGER,"
            " tool_version TEXT,"
            " rows_changed TEXT)",
    };
  }

  std::string QualifiedTable(const VersionTables& tables,
                             const std::string& table) const override {
    if (tables.schema.empty()) return Quote(table);
    return Quote(tables.schema) + "." + Quote(table);
  }

};

}  // namespace

const Dialect& PostgresqlDialect() {
  static const PostgresqlDialectImpl dialect;
  return dialect;
}

std::int64_t MigrationLockKey(const VersionTables& tables) {
  // FNV-1a, 64 bit: fixed forever, so every migrate version agrees.
  std::uint64_t hash = 0xcbf29ce484222325ull;
  const std::string text = "migrate:" + tables.schema + "." + tables.version;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return static_cast<std::int64_t>(hash);
}

std::string FoldIdentifier(const Identifier& id) {
  std::string out = id.text;
  if (!id.quoted) {
    for (char& c : out) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
  }
  if (out.size() > kMaxIdentifierBytes) {
    std::size_t cut = kMaxIdentifierBytes;
    // Back up to the start of a UTF-8 character.
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
  return out;
}

bool IsPlainWord(std::string_view word) {
  if (word.empty()) return false;
  return std::all_of(word.begin(), word.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_';
  });
}

}  // namespace migrate::db
