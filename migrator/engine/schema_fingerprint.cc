#include "migrator/engine/schema_fingerprint.h"

#include <algorithm>
#include <iterator>

namespace migrate::engine {

namespace {

std::string Text(const db::Value& value) { return value ? *value : std::string("NULL"); }

base::Result<SchemaFingerprint> SqliteFingerprint(db::Connection& conn,
                                                  const db::VersionTables& tables) {
  // sqlite_master rather than sqlite_schema: the latter needs SQLite 3.33.
  MIGRATE_ASSIGN_OR_RETURN(
      db::Rows objects,
      conn.Query("SELECT type, name, tbl_name, sql FROM sqlite_master "
                 "WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND tbl_name NOT IN ($1, $2)",
                 {tables.version, tables.history}));
  SchemaFingerprint lines;
  for (const auto& row : objects.rows) {
    const std::string type = Text(row[0]);
    const std::string name = "main." + Text(row[1]);
    if (type == "table" || type == "view") {
      lines.push_back(type + " " + name);
      MIGRATE_ASSIGN_OR_RETURN(
          db::Rows columns,
          conn.Query("SELECT name, type, \"notnull\" FROM pragma_table_info($1)", {Text(row[1])}));
      for (const auto& column : columns.rows) {
        lines.push_back("column " + name + "." + Text(column[0]) + " " + Text(column[1]) +
                        (Text(column[2]) == "1" ? " not null" : " null"));
      }
    } else {
      // Indexes and triggers: their SQL is their definition.
      lines.push_back(type + " " + name + " on " + Text(row[2]) + ": " + Text(row[3]));
    }
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

base::Result<SchemaFingerprint> PostgresqlFingerprint(db::Connection& conn,
                                                      const db::VersionTables& tables) {
  // $1 schema, $2 and $3 the version tables: left out wherever they would show.
  const std::vector<std::string> params{tables.schema, tables.version, tables.history};
  const std::string not_version = "NOT (s = $1 AND t IN ($2, $3))";
  const std::string query =
      "SELECT line FROM ("
      " SELECT CASE table_type WHEN 'VIEW' THEN 'view ' ELSE 'table ' END"
      "        || table_schema || '.' || table_name AS line, table_schema AS s, table_name AS t"
      " FROM information_schema.tables WHERE table_schema = ANY (current_schemas(false))"
      " UNION ALL"
      " SELECT 'materialized_view ' || schemaname || '.' || matviewname, schemaname, matviewname"
      " FROM pg_catalog.pg_matviews WHERE schemaname = ANY (current_schemas(false))"
      " UNION ALL"
      " SELECT 'column ' || table_schema || '.' || table_name || '.' || column_name || ' '"
      "        || data_type || CASE is_nullable WHEN 'NO' THEN ' not null' ELSE ' null' END,"
      "        table_schema, table_name"
      " FROM information_schema.columns WHERE table_schema = ANY (current_schemas(false))"
      " UNION ALL"
      " SELECT 'index ' || schemaname || '.' || indexname || ' on ' || tablename || ': ' || indexdef,"
      "        schemaname, tablename"
      " FROM pg_catalog.pg_indexes WHERE schemaname = ANY (current_schemas(false))"
      " UNION ALL"
      " SELECT 'trigger ' || n.nspname || '.' || tg.tgname || ' on ' || c.relname || ': '"
      "        || pg_catalog.pg_get_triggerdef(tg.oid), n.nspname::text, c.relname::text"
      " FROM pg_catalog.pg_trigger tg JOIN pg_catalog.pg_class c ON c.oid = tg.tgrelid"
      " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
      " WHERE NOT tg.tgisinternal AND n.nspname = ANY (current_schemas(false))"
      " UNION ALL"
      // Sequences owned by a column (serial, identity) show as that column.
      " SELECT 'sequence ' || n.nspname || '.' || c.relname, n.nspname::text, c.relname::text"
      " FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
      " WHERE c.relkind = 'S' AND n.nspname = ANY (current_schemas(false)) AND NOT EXISTS ("
      "   SELECT 1 FROM pg_catalog.pg_depend d WHERE d.classid = 'pg_catalog.pg_class'::regclass"
      "   AND d.objid = c.oid AND d.deptype IN ('a', 'i'))"
      ") objects WHERE " + not_version + " ORDER BY line COLLATE \"C\"";
  MIGRATE_ASSIGN_OR_RETURN(db::Rows rows, conn.Query(query, params));
  SchemaFingerprint lines;
  for (const auto& row : rows.rows) lines.push_back(Text(row[0]));
  std::sort(lines.begin(), lines.end());
  return lines;
}

}  // namespace

base::Result<SchemaFingerprint> FingerprintSchema(db::Connection& conn,
                                                  const db::VersionTables& tables) {
  const std::string_view dialect = conn.dialect().Name();
  if (dialect == "sqlite") return SqliteFingerprint(conn, tables);
  if (dialect == "postgresql") return PostgresqlFingerprint(conn, tables);
  return base::Status::Internal("no schema fingerprint for dialect " + std::string(dialect));
}

std::vector<std::string> FingerprintDiff(const SchemaFingerprint& before,
                                         const SchemaFingerprint& after) {
  std::vector<std::string> removed;
  std::vector<std::string> added;
  std::set_difference(before.begin(), before.end(), after.begin(), after.end(),
                      std::back_inserter(removed));
  std::set_difference(after.begin(), after.end(), before.begin(), before.end(),
                      std::back_inserter(added));
  std::vector<std::string> diff;
  for (const std::string& line : removed) diff.push_back("- " + line);
  for (const std::string& line : added) diff.push_back("+ " + line);
  return diff;
}

}  // namespace migrate::engine
