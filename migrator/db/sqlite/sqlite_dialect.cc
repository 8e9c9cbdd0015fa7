#include "migrator/db/sqlite/sqlite_dialect.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <string>
#include <utility>

#include "migrator/base/strings.h"
#include "migrator/db/sqlite/sqlite_compiler.h"
#include "migrator/db/sqlite/sqlite_connection.h"
#include "migrator/db/sqlite/sqlite_migration_lock.h"
#include "migrator/db/sqlite/sqlite_splitter.h"

namespace migrate::db {

namespace {

using script::Identifier;
using script::ObjectKind;
using script::ObjectName;

// SQLite folds ASCII letters only, as COLLATE NOCASE does.
bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && base::AsciiLower(a) == base::AsciiLower(b);
}

// One feature a migration may declare in `extensions:`, and how to see it.
struct Feature {
  std::string_view name;
  std::string_view query;  // returns a row iff the feature is usable
  std::string_view missing;
  std::string_view fix;
};

constexpr std::array<Feature, 4> kFeatures = {{
    {"fts5", "SELECT 1 FROM pragma_module_list WHERE name = 'fts5'",
     "this SQLite has no FTS5 (no fts5 module is registered)",
     "use a SQLite built with SQLITE_ENABLE_FTS5, or load the fts5 extension"},
    {"json1", "SELECT 1 FROM pragma_function_list WHERE name = 'json'",
     "this SQLite has no JSON functions (built with SQLITE_OMIT_JSON, or older than 3.38 "
     "without SQLITE_ENABLE_JSON1)",
     "use SQLite 3.38 or later built without SQLITE_OMIT_JSON"},
    {"rtree", "SELECT 1 FROM pragma_module_list WHERE name = 'rtree'",
     "this SQLite has no R*Tree (no rtree module is registered)",
     "use a SQLite built with SQLITE_ENABLE_RTREE, or load the rtree extension"},
    {"math", "SELECT 1 FROM pragma_function_list WHERE name = 'sqrt'",
     "this SQLite has no math functions (no sqrt() is registered)",
     "use a SQLite built with SQLITE_ENABLE_MATH_FUNCTIONS"},
}};

// "fts5, json1, rtree, math", for messages.
std::string KnownFeatures() {
  std::string known;
  for (const Feature& feature : kFeatures) {
    if (!known.empty()) known += ", ";
    known += feature.name;
  }
  return known;
}

// "a table", "an index", ...
std::string WithArticle(std::string_view noun) {
  const bool vowel =
      !noun.empty() && std::string_view("aeiou").find(noun.front()) != std::string_view::npos;
  return (vowel ? "an " : "a ") + std::string(noun);
}

// The connection's own SQLite handle, for what only it can answer (the
// compiler, the pre-update counters), behind a wrapper too; null for any
// other Connection.
SqliteConnection* Native(Connection& conn) {
  return dynamic_cast<SqliteConnection*>(&conn.Unwrapped());
}

class SqliteDialectImpl final : public Dialect {
 public:
  std::string_view Name() const override { return "sqlite"; }

  script::SplitterOptions Splitter() const override { return script::SplitterOptions::Sqlite(); }

  std::string QuoteLiteral(std::string_view text) const override {
    return base::SqlStringLiteral(text);
  }

  std::string QuoteIdentifier(std::string_view name) const override {
    std::string out = "\"";
    for (char c : name) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
    return out;
  }

  base::Result<ObjectFinding> FindObject(Connection& conn, ObjectKind kind,
                                         const ObjectName& object, const Identifier& column,
                                         bool unique) const override {
    switch (kind) {
      case ObjectKind::kTable:
      case ObjectKind::kView:
      case ObjectKind::kIndex:
      case ObjectKind::kTrigger:
        return FindSchemaObject(conn, kind, object, unique);
      default: {
        MIGRATE_ASSIGN_OR_RETURN(bool exists, OtherObjectExists(conn, kind, object, column));
        return ObjectFinding{exists, ""};
      }
    }
  }

  base::Result<std::optional<std::vector<std::string>>> TableColumns(
      Connection& conn, const ObjectName& table) const override {
    MIGRATE_ASSIGN_OR_RETURN(std::optional<Located> located,
                             Resolve(conn, table, {"table", "view"}));
    if (!located) return std::optional<std::vector<std::string>>();
    // hidden: 0 an ordinary column, 1 a virtual table's hidden column,
    // 2 and 3 generated columns (which users do see).
    MIGRATE_ASSIGN_OR_RETURN(
        Rows rows, conn.Query("SELECT name FROM pragma_table_xinfo($1, $2) "
                              "WHERE hidden <> 1 ORDER BY cid",
                              {located->name, located->schema}));
    std::vector<std::string> names;
    for (const std::vector<Value>& row : rows.rows) names.push_back(row[0].value_or(""));
    return std::optional<std::vector<std::string>>(std::move(names));
  }

  base::Result<std::string> ChangeMarker(Connection& conn) const override {
    // schema_version moves with every schema change, user_version and
    // application_id are header fields a migration may set, and
    // total_changes() counts the rows this connection has changed.
    MIGRATE_ASSIGN_OR_RETURN(
        Rows rows,
        conn.Query("SELECT (SELECT schema_version FROM pragma_schema_version) || ':' || "
                   "(SELECT user_version FROM pragma_user_version) || ':' || "
                   "(SELECT application_id FROM pragma_application_id) || ':' || "
                   "total_changes()"));
    if (rows.rows.size() != 1 || !rows.rows[0][0]) {
      return base::Status::Internal("SQLite change marker query returned no value");
    }
    return *rows.rows[0][0];
  }

  base::Result<std::vector<script::Statement>> SplitStatements(
      std::string_view body, int first_line, const std::string& path) const override {
    return SplitSqliteStatements(body, first_line, path);
  }

  base::Result<script::StatementIntent> Describe(
      Connection& conn, const script::Statement& statement) const override {
    SqliteConnection* sqlite = Native(conn);
    script::StatementIntent intent = sqlite != nullptr
                                         ? sqlite->Describe(statement.text)
                                         : script::StatementIntent{.understood = false};
    // The compiler agrees (SQLITE_TRANSACTION, SQLITE_PRAGMA with a value);
    // the wording is RefusedInTransaction's.
    intent.refused_in_transaction = RefusedInTransaction(statement.text);
    return intent;
  }

  std::vector<script::StatementIntent> DescribeOffline(
      const std::vector<script::Statement>& statements) const override {
    std::vector<script::StatementIntent> intents = CompileIntentsOffline(statements);
    for (size_t i = 0; i < intents.size(); ++i) {
      intents[i].refused_in_transaction = RefusedInTransaction(statements[i].text);
    }
    return intents;
  }

  base::Status BeginObserving(Connection& conn) const override {
    SqliteConnection* sqlite = Native(conn);
    if (sqlite == nullptr) return base::Status::Internal("observing needs a SQLite connection");
    return sqlite->BeginObserving();
  }

  base::Result<base::RowLedger> RowChanges(Connection& conn) const override {
    SqliteConnection* sqlite = Native(conn);
    if (sqlite == nullptr) return base::Status::Internal("observing needs a SQLite connection");
    return sqlite->RowChanges();
  }

  base::Result<bool> CatalogChanged(Connection& conn) const override {
    SqliteConnection* sqlite = Native(conn);
    if (sqlite == nullptr) return base::Status::Internal("observing needs a SQLite connection");
    return sqlite->CatalogChanged();
  }

  base::Result<bool> SuspendForeignKeysForRebuild(
      Connection& conn, const std::vector<script::Statement>& statements) const override {
    SqliteConnection* sqlite = Native(conn);
    if (sqlite == nullptr) return false;
    MIGRATE_ASSIGN_OR_RETURN(Rows enforced, conn.Query("PRAGMA foreign_keys"));
    if (enforced.empty() || enforced.rows[0][0].value_or("0") != "1") return false;
    for (const script::Statement& statement : statements) {
      // Compiled against the schema as it is before the migration: a
      // statement about a table the migration has not created yet does
      // not compile, and drops nothing that exists now.
      const script::StatementIntent intent = sqlite->Describe(statement.text, TableColumns::kSkip);
      for (const script::Intent& i : intent.intents) {
        if (i.action != script::Intent::Action::kDrop || i.kind != ObjectKind::kTable ||
            i.temporary || !i.object.schema.text.empty()) {
          continue;
        }
        MIGRATE_ASSIGN_OR_RETURN(bool referenced, IsReferenced(conn, i.object.name.text));
        if (referenced) {
          MIGRATE_TRY(conn.Execute("PRAGMA foreign_keys = OFF"));
          return true;
        }
      }
    }
    return false;
  }

  base::Status CheckForeignKeys(Connection& conn) const override {
    // One row per violation: table, rowid (NULL for WITHOUT ROWID), parent, fkid.
    MIGRATE_ASSIGN_OR_RETURN(Rows rows, conn.Query("PRAGMA foreign_key_check"));
    if (rows.empty()) return base::Status::OK();
    constexpr size_t kShown = 3;
    std::string message = "foreign keys violated after the table rebuild: ";
    for (size_t i = 0; i < rows.rows.size() && i < kShown; ++i) {
      const std::vector<Value>& row = rows.rows[i];
      if (i > 0) message += "; ";
      message += row[1] ? "row " + *row[1] + " of " + row[0].value_or("?")
                        : "a row of " + row[0].value_or("?");
      message += " references a missing row of " + row[2].value_or("?");
    }
    if (rows.rows.size() > kShown) {
      message += "; and " + std::to_string(rows.rows.size() - kShown) + " more (" +
                 std::to_string(rows.rows.size()) + " in all)";
    }
    return base::Status::VerificationFailed(std::move(message));
  }

  base::Status RestoreForeignKeys(Connection& conn) const override {
    return conn.Execute("PRAGMA foreign_keys = ON");
  }

  base::Result<ExtensionState> CheckExtension(Connection& conn,
                                              std::string_view name) const override {
    std::string wanted = base::AsciiLower(name);
    ExtensionState state;
    for (const Feature& feature : kFeatures) {
      if (feature.name != wanted) continue;
      MIGRATE_ASSIGN_OR_RETURN(Rows rows, conn.Query(feature.query));
      if (!rows.empty()) {
        state.availability = ExtensionState::Availability::kInstalled;
      } else {
        state.availability = ExtensionState::Availability::kUnavailable;
        state.explanation = std::string(feature.missing);
        state.fix = std::string(feature.fix);
      }
      return state;
    }
    // `extensions:` is shared by both dialects, so a name SQLite does not
    // know is taken to be a PostgreSQL extension (pg_trgm, uuid-ossp, ...).
    state.availability = ExtensionState::Availability::kNotApplicable;
    state.explanation = "'" + std::string(name) + "' is not a SQLite feature (SQLite checks " +
                        KnownFeatures() + "); taken to be a PostgreSQL extension";
    return state;
  }

  std::optional<std::string> RefusedInTransaction(std::string_view statement) const override {
    return TransactionRefusal(statement);
  }

  base::Status ApplyTimeouts(Connection& conn,
                             std::optional<std::chrono::milliseconds> lock_timeout,
                             std::optional<std::chrono::milliseconds> /*statement_timeout*/,
                             bool /*local*/) const override {
    // The busy_timeout outlives the transaction; ResetSession restores the URL's.
    if (!lock_timeout) return base::Status::OK();
    return conn.Execute("PRAGMA busy_timeout = " + std::to_string(lock_timeout->count()));
  }

  base::Status ResetSession(Connection& conn) const override {
    if (auto* sqlite = Native(conn); sqlite != nullptr) {
      return sqlite->ReapplySessionPragmas();
    }
    return base::Status::OK();
  }

  base::Result<std::string> DefaultVersionSchema(Connection& /*conn*/) const override {
    return std::string();
  }

  base::Result<std::unique_ptr<MigrationLock>> AcquireMigrationLock(
      Connection& conn, const VersionTables& /*tables*/,
      const LockOptions& options) const override {
    auto* sqlite = Native(conn);
    if (sqlite == nullptr) {
      return base::Status::Internal("the SQLite dialect was given another database's connection");
    }
    // The lock file excludes other migrating processes from planning to the
    // last step; each migration's BEGIN IMMEDIATE then waits, as long, for
    // writers that are not migrating (the application).
    MIGRATE_TRY(sqlite->WaitForWriteLockUpTo(options.timeout));
    return AcquireSqliteMigrationLock(sqlite->MainFilename(), options);
  }

  std::vector<std::string> VersionTablesDdl(const VersionTables& tables) const override {
    return {
        "CREATE TABLE IF NOT EXISTS " + QualifiedTable(tables, tables.version) +
            " (version_num VARCHAR(64) NOT NULL PRIMARY KEY)",
        "CREATE TABLE IF NOT EXISTS " + QualifiedTable(tables, tables.history) +
            " (id INTEGER PRIMARY KEY AUTOINCREMENT,"
            " revision TEXT NOT NULL,"
            " direction TEXT NOT NULL,"
            " checksum TEXT,"
            " started_at TEXT NOT NULL,"
            " finished_at TEXT,"
            " duration_ms BIGINT,"
            " success INTEGER NOT NULL,"
            " error TEXT,"
            " error_location TEXT,"
            " db_user TEXT,"
            " host TEXT,"
            " pid INTEGER,"
            " tool_version TEXT,"
            " rows_changed TEXT)",
    };
  }

  std::string QualifiedTable(const VersionTables& tables, const std::string& table) const override {
    if (tables.schema.empty()) return QuoteIdentifier(table);
    return QuoteIdentifier(tables.schema) + "." + QuoteIdentifier(table);
  }

 private:
  // Where a named object was found: its database and its name as stored.
  struct Located {
    std::string schema;
    std::string name;
  };

  base::Result<bool> OtherObjectExists(Connection& conn, ObjectKind kind, const ObjectName& object,
                                       const Identifier& column) const {
    switch (kind) {
      case ObjectKind::kTable:
      case ObjectKind::kView:
      case ObjectKind::kIndex:
      case ObjectKind::kTrigger:
        return base::Status::Internal("schema objects are found by FindSchemaObject");
      case ObjectKind::kColumn: {
        MIGRATE_ASSIGN_OR_RETURN(auto columns, TableColumns(conn, object));
        if (!columns) return false;
        return std::any_of(columns->begin(), columns->end(), [&](const std::string& name) {
          return EqualsNoCase(name, column.text);
        });
      }
      case ObjectKind::kFunction: {
        if (!object.schema.text.empty()) {
          return base::Status::InvalidInput("SQLite functions belong to the connection, not to a "
                                            "schema: write '" + object.name.text + "' without '" +
                                            object.schema.text + ".'");
        }
        MIGRATE_ASSIGN_OR_RETURN(
            Rows rows, conn.Query("SELECT 1 FROM pragma_function_list WHERE name = $1 "
                                  "COLLATE NOCASE LIMIT 1",
                                  {object.name.text}));
        return !rows.empty();
      }
      case ObjectKind::kSchema: {
        if (!object.schema.text.empty()) {
          return base::Status::InvalidInput("a SQLite schema (attached database) name has no "
                                            "qualifier: '" + object.ToString() + "'");
        }
        MIGRATE_ASSIGN_OR_RETURN(std::optional<std::string> schema,
                                 FindSchema(conn, object.name.text));
        return schema.has_value();
      }
      case ObjectKind::kExtension: {
        MIGRATE_ASSIGN_OR_RETURN(ExtensionState state, CheckExtension(conn, object.name.text));
        return state.availability == ExtensionState::Availability::kInstalled;
      }
      case ObjectKind::kSequence:
        return base::Status::InvalidInput("SQLite has no sequences");
      case ObjectKind::kType:
        return base::Status::InvalidInput("SQLite has no types");
      case ObjectKind::kMaterializedView:
        return base::Status::InvalidInput("SQLite has no materialized views");
    }
    return base::Status::Internal("unknown object kind");
  }

  // An object of a schema: what is there under `object`'s name (in the
  // namespace tables, views and indexes share, or the triggers'), as SQLite
  // would resolve it now, and whether it is exactly a usable `kind`.
  base::Result<ObjectFinding> FindSchemaObject(Connection& conn, ObjectKind kind,
                                               const ObjectName& object, bool unique) const {
    MIGRATE_ASSIGN_OR_RETURN(std::optional<Sighting> seen, Sight(conn, object, kind));
    if (!seen) return ObjectFinding{};
    const std::string wanted = script::ObjectKindName(kind);
    if (seen->schema == "temp") return ObjectFinding{false, "it is a temporary " + seen->type};
    if (seen->type != wanted) return ObjectFinding{false, "it is " + WithArticle(seen->type)};
    if (object.schema.text.empty() && seen->schema != "main") {
      return ObjectFinding{false, "it is in the attached database '" + seen->schema +
                                      "', not in main"};
    }
    const std::string qualified = QuoteIdentifier(seen->schema) + "." + QuoteIdentifier(seen->name);
    if (kind == ObjectKind::kView) {
      // SQLite compiles a view only when it is used: a view over a table
      // that does not exist is created without complaint.
      base::Result<Rows> used = conn.Query("SELECT * FROM " + qualified + " LIMIT 0");
      if (!used) {
        return ObjectFinding{false, "the view does not compile: " + used.error().message()};
      }
    }
    if (kind == ObjectKind::kIndex && unique) {
      MIGRATE_ASSIGN_OR_RETURN(
          Rows rows, conn.Query("SELECT l.\"unique\" FROM " + QuoteIdentifier(seen->schema) +
                                    ".sqlite_master AS m, pragma_index_list(m.tbl_name, $2) AS l "
                                    "WHERE m.type = 'index' AND m.name = $1 COLLATE NOCASE "
                                    "AND l.name = $1 COLLATE NOCASE",
                                {seen->name, seen->schema}));
      if (rows.empty() || rows.rows[0][0].value_or("0") != "1") {
        return ObjectFinding{false, "the index is not unique"};
      }
    }
    return ObjectFinding{true, ""};
  }

  // What one name is, and where.
  struct Sighting {
    std::string schema;  // as pragma_database_list spells it
    std::string type;    // "table", "view", "index" or "trigger"
    std::string name;    // as stored
  };

  // The first object called `object` in the search order (or its own
  // database, if qualified) in the namespace of `kind`: triggers have their
  // own; tables, views and indexes share one. Virtual and shadow tables are
  // tables.
  base::Result<std::optional<Sighting>> Sight(Connection& conn, const ObjectName& object,
                                              ObjectKind kind) const {
    MIGRATE_ASSIGN_OR_RETURN(const std::vector<std::string> schemas, SchemasFor(conn, object));
    if (kind == ObjectKind::kTrigger) {
      for (const std::string& schema : schemas) {
        MIGRATE_ASSIGN_OR_RETURN(
            Rows rows, conn.Query("SELECT name FROM " + QuoteIdentifier(schema) +
                                      ".sqlite_master WHERE name = $1 COLLATE NOCASE AND "
                                      "type = 'trigger' LIMIT 1",
                                  {object.name.text}));
        if (!rows.empty()) {
          return std::optional<Sighting>(Sighting{schema, "trigger", rows.rows[0][0].value_or("")});
        }
      }
      return std::optional<Sighting>();
    }
    // SQLite's in-memory schema answers these without scanning
    // sqlite_master (see Resolve): one query for the relations of every
    // database, then pragma_index_info per database where there is none.
    MIGRATE_ASSIGN_OR_RETURN(Rows relations,
                             conn.Query("SELECT schema, type, name FROM pragma_table_list($1)",
                                        {object.name.text}));
    for (const std::string& schema : schemas) {
      for (const std::vector<Value>& row : relations.rows) {
        if (row[0].value_or("") != schema) continue;
        const std::string type = row[1].value_or("") == "view" ? "view" : "table";
        return std::optional<Sighting>(Sighting{schema, type, row[2].value_or("")});
      }
      MIGRATE_ASSIGN_OR_RETURN(Rows columns,
                               conn.Query("SELECT 1 FROM pragma_index_info($1, $2) LIMIT 1",
                                          {object.name.text, schema}));
      if (!columns.empty()) {
        return std::optional<Sighting>(Sighting{schema, "index", object.name.text});
      }
    }
    return std::optional<Sighting>();
  }

  // Whether another table of main references table `table` of main
  // through a foreign key. Only tables whose SQL says REFERENCES (every
  // foreign key does) are asked for their foreign-key list.
  static base::Result<bool> IsReferenced(Connection& conn, const std::string& table) {
    MIGRATE_ASSIGN_OR_RETURN(
        Rows rows,
        conn.Query("SELECT 1 FROM main.sqlite_master AS s, "
                   "pragma_foreign_key_list(s.name, 'main') AS f "
                   "WHERE s.type = 'table' AND s.sql LIKE '%references%' "
                   "AND s.name <> $1 COLLATE NOCASE AND f.\"table\" = $1 COLLATE NOCASE LIMIT 1",
                   {table}));
    return !rows.empty();
  }

  // The databases of this connection in name-resolution order: temp, main,
  // then attached ones in the order they were attached.
  static base::Result<std::vector<std::string>> SearchOrder(Connection& conn) {
    // The bare pragma, ordered here: SQLite compiles it several times faster
    // than a SELECT over pragma_database_list with an ORDER BY, and the
    // verifier asks for the order for every object it resolves.
    MIGRATE_ASSIGN_OR_RETURN(Rows rows, conn.Query("PRAGMA database_list"));  // seq, name, file
    std::vector<std::pair<long long, std::string>> ranked;
    for (const std::vector<Value>& row : rows.rows) {
      std::string name = row.size() > 1 ? row[1].value_or("") : "";
      const long long seq = row.empty() ? 0 : std::atoll(row[0].value_or("0").c_str());
      const long long group = name == "temp" ? 0 : name == "main" ? 1 : 2;
      ranked.emplace_back(group * (1LL << 40) + seq, std::move(name));
    }
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<std::string> names;
    for (auto& entry : ranked) names.push_back(std::move(entry.second));
    return names;
  }

  // The databases `object` may be in, in the order SQLite looks: its own
  // if qualified (none if no database has that name), else SearchOrder.
  static base::Result<std::vector<std::string>> SchemasFor(Connection& conn,
                                                           const ObjectName& object) {
    if (object.schema.text.empty()) return SearchOrder(conn);
    MIGRATE_ASSIGN_OR_RETURN(std::optional<std::string> schema,
                             FindSchema(conn, object.schema.text));
    if (!schema) return std::vector<std::string>();
    return std::vector<std::string>{*schema};
  }

  // The database called `name` (compared as SQLite does), as it is spelled
  // in pragma_database_list; std::nullopt if there is none.
  static base::Result<std::optional<std::string>> FindSchema(Connection& conn,
                                                             std::string_view name) {
    MIGRATE_ASSIGN_OR_RETURN(std::vector<std::string> schemas, SearchOrder(conn));
    for (const std::string& schema : schemas) {
      if (EqualsNoCase(schema, name)) return std::optional<std::string>(schema);
    }
    return std::optional<std::string>();
  }

  // Finds `object`, one of `types` in sqlite_schema, in its own database if
  // qualified, else in the first database of the search order that has it.
  base::Result<std::optional<Located>> Resolve(Connection& conn, const ObjectName& object,
                                               std::initializer_list<std::string_view> types) const {
    MIGRATE_ASSIGN_OR_RETURN(const std::vector<std::string> schemas, SchemasFor(conn, object));
    const auto wanted = [&](std::string_view type) {
      return std::find(types.begin(), types.end(), type) != types.end();
    };
    const bool relations_only = std::all_of(types.begin(), types.end(), [](std::string_view type) {
      return type == "table" || type == "view";
    });
    std::string type_list;
    for (std::string_view type : types) {
      if (!type_list.empty()) type_list += ", ";
      type_list += "'" + std::string(type) + "'";
    }
    for (const std::string& schema : schemas) {
      if (relations_only || (types.size() == 1 && wanted("index"))) {
        // SQLite's in-memory schema answers these without reading the
        // catalog: a query on sqlite_master visits every row of it, which at
        // 10,000 tables made each verified migration milliseconds slower.
        // pragma_table_list types virtual and shadow tables apart; to
        // sqlite_master they are tables. index_info also answers for a
        // WITHOUT ROWID table (its primary key), hence the second query.
        MIGRATE_ASSIGN_OR_RETURN(Rows relations,
                                 conn.Query("SELECT type, name FROM pragma_table_list($1) WHERE schema = $2",
                                            {object.name.text, schema}));
        if (relations_only) {
          for (const std::vector<Value>& row : relations.rows) {
            const std::string type = row[0].value_or("") == "view" ? "view" : "table";
            if (wanted(type)) return std::optional<Located>(Located{schema, row[1].value_or("")});
          }
          continue;
        }
        if (!relations.empty()) continue;
        MIGRATE_ASSIGN_OR_RETURN(Rows columns,
                                 conn.Query("SELECT 1 FROM pragma_index_info($1, $2) LIMIT 1",
                                            {object.name.text, schema}));
        if (!columns.empty()) return std::optional<Located>(Located{schema, object.name.text});
        continue;
      }
      MIGRATE_ASSIGN_OR_RETURN(
          Rows rows, conn.Query("SELECT name FROM " + QuoteIdentifier(schema) +
                                    ".sqlite_master WHERE name = $1 COLLATE NOCASE AND type IN (" +
                                    type_list + ") LIMIT 1",
                                {object.name.text}));
      if (!rows.empty()) {
        return std::optional<Located>(Located{schema, rows.rows[0][0].value_or("")});
      }
    }
    return std::optional<Located>();
  }
};

}  // namespace

const Dialect& SqliteDialect() {
  static const SqliteDialectImpl kDialect;
  return kDialect;
}

}  // namespace migrate::db
