// Dialect: everything migrator needs to know about one kind of database,
// asked through a Connection. One stateless instance per backend
// (db/sqlite/sqlite_dialect.h, db/postgresql/postgresql_dialect.h); they all
// pass the same conformance suite (tests/dialect/).
//
// The catalog questions are about one named object at a time, never "read
// the whole schema", so the cost of verifying a migration does not grow with
// the size of the database.
//
// Thread safety: dialects hold no state; any thread may call them.

#ifndef MIGRATOR_DB_DIALECT_H_
#define MIGRATOR_DB_DIALECT_H_

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrator/base/row_changes.h"
#include "migrator/base/status.h"
#include "migrator/db/connection.h"
#include "migrator/script/intent.h"
#include "migrator/script/postcondition.h"
#include "migrator/script/statement.h"

namespace migrate::db {

/// Where an extension (PostgreSQL) or compile-time feature (SQLite) stands
/// for the current role on the current database.
struct ExtensionState {
  enum class Availability {
    kInstalled,     // usable now
    kCreatable,     // not installed, but CREATE EXTENSION by this role will work
    kNotCreatable,  // available on the server, but this role may not create it
    kUnavailable,   // not available on the server / not compiled into SQLite
    kNotApplicable, // another dialect's extension (`extensions:` is shared by
                    // both dialects, so SQLite ignores pg_trgm and PostgreSQL json1)
  };
  Availability availability = Availability::kUnavailable;
  std::string explanation;  // why, in a sentence, for kNotCreatable / kUnavailable
  std::string fix;          // what to run or install, e.g. "CREATE EXTENSION pg_trgm; (as a superuser)"
};

/// Names of the two version tables, already decided (configuration applied).
struct VersionTables {
  std::string schema;   // PostgreSQL: the schema holding them; SQLite: ""
  std::string version;  // default "migrate_version"
  std::string history;  // default "migrate_history"
};

/// What the catalog holds under one name, as a postcondition asks about it.
struct ObjectFinding {
  /// An object of exactly the kind asked for exists, durable and usable:
  /// not a temporary one, not in another (attached) database; an index
  /// valid and ready (and unique when asked); a view that compiles.
  bool exists = false;
  /// When !exists but something is there under that name, what it is, for
  /// the message: "it is a view", "it is a temporary table", "the index is
  /// not valid (a failed CREATE INDEX CONCURRENTLY leaves it so)", "the
  /// index is not unique", "the view does not compile: no such table: x".
  std::string instead;
};

/// Held while a process migrates; released when destroyed (and, for
/// PostgreSQL, by the server if the process dies).
class MigrationLock {
 public:
  virtual ~MigrationLock() = default;
};

struct LockOptions {
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};
  /// Called once, when the lock is found taken, with who holds it.
  std::function<void(const std::string& holder)> on_wait;
};

class Dialect {
 public:
  virtual ~Dialect() = default;

  /// "sqlite" or "postgresql": the word used in `-- migrate:upgrade <dialect>`.
  virtual std::string_view Name() const = 0;
  /// How the shared lexer (script/sql_lexer.h) reads this dialect's SQL,
  /// for what no database grammar tells: the names a verify section reads.
  /// Statements are split by SplitStatements, with the database's grammar.
  virtual script::SplitterOptions Splitter() const = 0;
  /// `name` as a quoted identifier ("a""b").
  virtual std::string QuoteIdentifier(std::string_view name) const = 0;
  /// `text` as a string literal that means exactly `text` on this database
  /// whatever its settings ('it''s'; PostgreSQL: E'a\\b' when `text` has a
  /// backslash, for standard_conforming_strings off).
  virtual std::string QuoteLiteral(std::string_view text) const = 0;

  // --- Catalog -----------------------------------------------------------

  /// Whether an object of exactly `kind` exists under `object`, durable and
  /// usable (ObjectFinding), and if not, what is there instead. For kColumn,
  /// whether `column` exists in table `object`. For kIndex with `unique`,
  /// the index must also be unique. Unqualified names resolve as the
  /// database would resolve them now.
  virtual base::Result<ObjectFinding> FindObject(Connection& conn, script::ObjectKind kind,
                                                 const script::ObjectName& object,
                                                 const script::Identifier& column = {},
                                                 bool unique = false) const = 0;
  /// FindObject(...).exists.
  base::Result<bool> ObjectExists(Connection& conn, script::ObjectKind kind,
                                  const script::ObjectName& object,
                                  const script::Identifier& column = {}) const {
    MIGRATE_ASSIGN_OR_RETURN(ObjectFinding found, FindObject(conn, kind, object, column));
    return found.exists;
  }
  /// The column names of table (or view) `table`, in order; std::nullopt if it does not exist.
  virtual base::Result<std::optional<std::vector<std::string>>> TableColumns(
      Connection& conn, const script::ObjectName& table) const = 0;
  /// A value that changes whenever the current transaction writes anything
  /// (catalog or rows); outside a transaction, one that changes when a
  /// statement of this connection commits a write (it may also move with
  /// other sessions' writes). PostgreSQL: the transaction id once assigned,
  /// or the next one to be assigned; SQLite: schema_version and total_changes().
  virtual base::Result<std::string> ChangeMarker(Connection& conn) const = 0;

  // --- Statements, as the database's own grammar reads them --------------

  /// Splits a section body, whose first line is line `first_line` of
  /// `path`, into statements with the database's own grammar (PostgreSQL:
  /// libpg_query's splitter; SQLite: sqlite3_complete). InvalidInput at
  /// `path:line` for what no statement may be: a psql meta-command, an
  /// unterminated quote or comment.
  virtual base::Result<std::vector<script::Statement>> SplitStatements(
      std::string_view body, int first_line, const std::string& path) const = 0;
  /// What `statement` will do, read before it runs. PostgreSQL: its parse
  /// tree (`conn` is not used). SQLite: the authorizer's reports while the
  /// statement compiles against `conn`'s current schema, so call it right
  /// before running the statement, once the statements before it have run.
  /// Fails only if the connection fails; a statement the grammar cannot
  /// read gives `understood = false` (the database then reports the error
  /// when it runs).
  virtual base::Result<script::StatementIntent> Describe(
      Connection& conn, const script::Statement& statement) const = 0;
  /// Whether Describe reads a statement without the database (a parser), so
  /// preflight can know what every pending statement uses before anything
  /// runs. SQLite compiles statements against the live schema instead.
  virtual bool DescribesWithoutDatabase() const { return false; }
  /// What each of `statements` (a chain of migrations, in the order they
  /// ran) does, without touching any user database: PostgreSQL parses each;
  /// SQLite runs them in a private in-memory database with the authorizer.
  /// One StatementIntent per statement, in order.
  virtual std::vector<script::StatementIntent> DescribeOffline(
      const std::vector<script::Statement>& statements) const = 0;

  // --- What a transaction did ----------------------------------------------

  /// Starts counting what the current transaction changes (SQLite: zeroes
  /// the pre-update counters and notes the schema markers; PostgreSQL: its
  /// statistics are per transaction already). REQUIRES: conn.InTransaction().
  virtual base::Status BeginObserving(Connection& conn) const = 0;
  /// The data ledger of the current transaction since BeginObserving: rows
  /// changed per durable table (not temporary ones), foreign-key actions and
  /// triggers included, tables without changes left out, ordered by table.
  /// REQUIRES: conn.InTransaction().
  virtual base::Result<base::RowLedger> RowChanges(Connection& conn) const = 0;
  /// Whether the current transaction has, since BeginObserving, created,
  /// altered or dropped a durable object of the catalog, or changed a grant,
  /// a comment, a role or a setting of the database. Temporary objects and
  /// writes undone by a rolled-back subtransaction do not count. May cost a
  /// scan of the catalogs the transaction wrote to: ask only when the answer
  /// decides something. REQUIRES: conn.InTransaction().
  virtual base::Result<bool> CatalogChanged(Connection& conn) const = 0;

  // --- Table rebuilds (SQLite's procedure) ---------------------------------

  /// SQLite: if foreign keys are enforced and `statements` drop a table that
  /// another table references, turns enforcement off (before BEGIN, the only
  /// place SQLite allows it) and returns true: the caller then runs the
  /// migration, calls CheckForeignKeys before COMMIT and RestoreForeignKeys
  /// afterwards (sqlite.org/lang_altertable.html, "Making Other Kinds Of
  /// Table Schema Changes"), so a rebuild keeps the child rows that a
  /// cascading DROP TABLE would delete. PostgreSQL: false.
  /// REQUIRES: !conn.InTransaction().
  virtual base::Result<bool> SuspendForeignKeysForRebuild(
      Connection& /*conn*/, const std::vector<script::Statement>& /*statements*/) const {
    return false;
  }
  /// VerificationFailed naming the first table, row and parent that violate
  /// a foreign key (PRAGMA foreign_key_check); OK when none does.
  virtual base::Status CheckForeignKeys(Connection& /*conn*/) const { return base::Status::OK(); }
  /// Turns enforcement back on after SuspendForeignKeysForRebuild.
  /// REQUIRES: !conn.InTransaction().
  virtual base::Status RestoreForeignKeys(Connection& /*conn*/) const { return base::Status::OK(); }

  // --- Preflight ---------------------------------------------------------

  /// Where extension (or SQLite feature) `name` stands for this connection.
  virtual base::Result<ExtensionState> CheckExtension(Connection& conn,
                                                      std::string_view name) const = 0;
  /// Why this role cannot create objects where unqualified names go (the
  /// first schema of the search_path), or std::nullopt if it can. SQLite has
  /// no privileges.
  virtual base::Result<std::optional<std::string>> CreatePrivilegeProblem(
      Connection& /*conn*/) const {
    return std::optional<std::string>();
  }
  /// If `statement` cannot run inside a transaction (or is silently ignored
  /// there), why; else std::nullopt. Decided from the text alone.
  virtual std::optional<std::string> RefusedInTransaction(std::string_view statement) const = 0;

  // --- Session -----------------------------------------------------------

  /// Limits how long the current migration may wait for a lock and run one
  /// statement (the `lock_timeout` and `statement_timeout` keys), until the
  /// transaction ends (`local`) or the session is reset. A limit left out
  /// keeps the database's setting. SQLite: the lock timeout becomes its
  /// busy_timeout; it has no statement timeout, so that one is not enforced.
  virtual base::Status ApplyTimeouts(Connection& conn,
                                     std::optional<std::chrono::milliseconds> lock_timeout,
                                     std::optional<std::chrono::milliseconds> statement_timeout,
                                     bool local) const = 0;
  /// The SQL that undoes session state a migration may have set, without
  /// releasing the migration lock; ResetSession runs it, and `upgrade --sql`
  /// writes it between migrations. Empty where the session is restored
  /// another way (SQLite re-applies its URL pragmas).
  virtual std::vector<std::string> SessionResetStatements() const { return {}; }
  /// Undoes session state a migration may have set (search_path, role,
  /// timezone, ...) without releasing the migration lock.
  /// REQUIRES: !conn.InTransaction().
  virtual base::Status ResetSession(Connection& conn) const = 0;
  /// The database role this connection acts as, for the history table;
  /// "" where the database has no users (SQLite).
  virtual base::Result<std::string> CurrentUser(Connection& /*conn*/) const { return std::string(); }
  /// The schema version tables are created in when none is configured and
  /// none exist yet (PostgreSQL: the first schema of the search_path now;
  /// SQLite: "").
  virtual base::Result<std::string> DefaultVersionSchema(Connection& conn) const = 0;
  /// Every schema holding a durable table named exactly `table`, in byte order,
  /// whatever the search_path (PostgreSQL: from pg_catalog, temporary
  /// schemas left out; SQLite: none, its tables are in the one database).
  virtual base::Result<std::vector<std::string>> SchemasWithTable(
      Connection& /*conn*/, const std::string& /*table*/) const {
    return std::vector<std::string>();
  }
  /// Takes the lock that serializes migrating processes, held until the
  /// returned object is destroyed: PostgreSQL's is a session advisory lock,
  /// SQLite's a file lock beside the database (db/sqlite/
  /// sqlite_migration_lock.h), which also raises the connection's busy
  /// timeout to options.timeout for the other writers.
  virtual base::Result<std::unique_ptr<MigrationLock>> AcquireMigrationLock(
      Connection& conn, const VersionTables& tables, const LockOptions& options) const = 0;

  // --- Version tables ----------------------------------------------------

  /// `CREATE TABLE IF NOT EXISTS` statements for both version tables.
  virtual std::vector<std::string> VersionTablesDdl(const VersionTables& tables) const = 0;
  /// `table` in `tables.schema`, quoted and qualified as this dialect needs.
  virtual std::string QualifiedTable(const VersionTables& tables,
                                     const std::string& table) const = 0;
};

}  // namespace migrate::db

#endif  // MIGRATOR_DB_DIALECT_H_
