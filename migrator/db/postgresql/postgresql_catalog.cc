#include "migrator/db/postgresql/postgresql_catalog.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "migrator/base/numbers.h"
#include "migrator/db/postgresql/postgresql_dialect.h"

namespace migrate::db {

namespace {

using script::Identifier;
using script::ObjectKind;
using script::ObjectName;

// The schemas that hold temporary objects: pg_temp_N and pg_toast_temp_N
// (no other schema may start with pg_).
constexpr std::string_view kTemporarySchemas = "'^pg_(toast_)?temp_[0-9]+$'";

std::string Quote(std::string_view name) { return PostgresqlDialect().QuoteIdentifier(name); }

// `name` quoted and qualified exactly as the server would store it, for
// to_regclass() and friends, which then resolve it like any statement would.
std::string RegName(const ObjectName& name) {
  std::string out;
  if (!name.schema.text.empty()) out = Quote(FoldIdentifier(name.schema)) + ".";
  return out + Quote(FoldIdentifier(name.name));
}

// The type name for to_regtype(): an unquoted, unqualified plain word goes as
// written so that built-in spellings (`integer`, `int4`) resolve as in SQL.
std::string RegTypeName(const ObjectName& name) {
  if (name.schema.text.empty() && !name.name.quoted && IsPlainWord(name.name.text)) {
    return name.name.text;
  }
  return RegName(name);
}

// A condition on pg_namespace `n` for "in schema $N, or in the search_path
// when $N is empty" (the server searches the path the same way for
// functions and types).
std::string InSchemaOrPath(int param) {
  const std::string p = "$" + std::to_string(param) + "::text";
  return "CASE WHEN " + p + " = '' THEN n.nspname = ANY (pg_catalog.current_schemas(true)) " +
         "ELSE n.nspname = " + p + " END";
}

base::Result<bool> AnyRow(Connection& conn, const std::string& sql,
                          const std::vector<std::string>& params) {
  MIGRATE_ASSIGN_OR_RETURN(Rows rows, conn.Query(sql, params));
  return !rows.rows.empty();
}

bool IsTrue(const Value& value) { return value == Value("t"); }

// ---------------------------------------------------------------------------
// Relations: tables, views, materialized views, sequences, indexes.

// What one relation is, as pg_class and pg_index describe it.
struct Relation {
  char kind = 0;                // relkind
  bool temporary = false;       // relpersistence 't'
  bool valid = false;           // indexes only: indisvalid
  bool ready = false;           // indexes only: indisready
  bool unique = false;          // indexes only: indisunique
};

// The relation `name` stands for. A name that resolves to a temporary
// relation (pg_temp is searched first) stands for the durable relation of
// that name further along the search_path when there is one, since that is
// the object a migration's effect lives in; otherwise for the temporary one.
// The columns of a relation row: kind, persistence, and the index flags.
constexpr std::string_view kRelationColumns =
    "SELECT c.relkind::text, c.relpersistence::text, i.indisvalid::text, "
    "       i.indisready::text, i.indisunique::text "
    "FROM pg_catalog.pg_class c "
    "LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid ";

std::optional<Relation> RelationFrom(const Rows& rows) {
  if (rows.rows.empty() || rows.rows[0].size() != 5 || !rows.rows[0][0] ||
      rows.rows[0][0]->empty()) {
    return std::nullopt;
  }
  const std::vector<Value>& r = rows.rows[0];
  return Relation{
      .kind = (*r[0])[0],
      .temporary = r[1] == Value("t"),
      .valid = r[2] == Value("true"),
      .ready = r[3] == Value("true"),
      .unique = r[4] == Value("true"),
  };
}

base::Result<std::optional<Relation>> FindRelation(Connection& conn, const ObjectName& name) {
  // One indexed lookup in the common case; the search past a temporary
  // relation only when the name resolved to one.
  MIGRATE_ASSIGN_OR_RETURN(
      Rows resolved, conn.Query(std::string(kRelationColumns) +
                                    "WHERE c.oid = pg_catalog.to_regclass($1::text)",
                                {RegName(name)}));
  std::optional<Relation> found = RelationFrom(resolved);
  if (!found || !found->temporary || !name.schema.text.empty()) return found;
  MIGRATE_ASSIGN_OR_RETURN(
      Rows durable,
      conn.Query(std::string(kRelationColumns) +
                     "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                     "JOIN unnest(pg_catalog.current_schemas(true)) "
                     "     WITH ORDINALITY AS p(nspname, position) ON p.nspname = n.nspname "
                     "WHERE c.relname = $1::name AND c.relpersistence <> 't' "
                     "ORDER BY p.position LIMIT 1",
                     {FoldIdentifier(name.name)}));
  std::optional<Relation> shadowed = RelationFrom(durable);
  return shadowed ? shadowed : found;
}

// "table", "view", ... for relkind `kind`, with its article.
std::string RelationWord(char kind) {
  switch (kind) {
    case 'r': return "a table";
    case 'p': return "a partitioned table";
    case 'v': return "a view";
    case 'm': return "a materialized view";
    case 'S': return "a sequence";
    case 'i': return "an index";
    case 'I': return "a partitioned index";
    case 'f': return "a foreign table";
    case 'c': return "a composite type";
    case 't': return "a TOAST table";
  }
  return std::string("a relation of kind '") + kind + "'";
}

// The relkinds that are a `kind` (a partitioned table is a table, a
// partitioned index an index).
std::string_view RelKinds(ObjectKind kind) {
  switch (kind) {
    case ObjectKind::kTable: return "rp";
    case ObjectKind::kIndex: return "iI";
    case ObjectKind::kView: return "v";
    case ObjectKind::kMaterializedView: return "m";
    case ObjectKind::kSequence: return "S";
    default: return "";
  }
}

// Why an index cannot serve its purpose, or "" if it can.
std::string IndexProblem(const Relation& index, bool unique) {
  if (!index.valid && index.kind == 'I') {
    return "the partitioned index is not valid (some partition has no index attached to it; "
           "create one and attach it with ALTER INDEX ... ATTACH PARTITION)";
  }
  if (!index.valid) {
    return "the index is not valid (a failed CREATE INDEX CONCURRENTLY leaves an invalid index "
           "behind; drop it and create it again)";
  }
  if (!index.ready) {
    return "the index is not ready (a CREATE INDEX CONCURRENTLY is still building it, or a "
           "DROP INDEX CONCURRENTLY stopped halfway; drop it and create it again)";
  }
  if (unique && !index.unique) return "the index is not unique";
  return "";
}

base::Result<ObjectFinding> FindRelationOfKind(Connection& conn, ObjectKind kind,
                                               const ObjectName& name, bool unique) {
  MIGRATE_ASSIGN_OR_RETURN(std::optional<Relation> found, FindRelation(conn, name));
  if (!found) return ObjectFinding{};
  const Relation& r = *found;
  if (r.temporary) {
    std::string word = RelationWord(r.kind);
    word = word.substr(word.find(' ') + 1);
    return ObjectFinding{false, "it is a temporary " + word};
  }
  if (RelKinds(kind).find(r.kind) == std::string_view::npos) {
    return ObjectFinding{false, "it is " + RelationWord(r.kind)};
  }
  if (kind == ObjectKind::kIndex) {
    std::string problem = IndexProblem(r, unique);
    if (!problem.empty()) return ObjectFinding{false, std::move(problem)};
  }
  return ObjectFinding{true, ""};
}

// Kinds that are not relations: as the server resolves them now.
base::Result<bool> OtherObjectExists(Connection& conn, ObjectKind kind, const ObjectName& object,
                                     const Identifier& column) {
  switch (kind) {
    case ObjectKind::kColumn:
      return AnyRow(conn,
                    "SELECT 1 FROM pg_catalog.pg_attribute a "
                    "JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
                    "WHERE a.attrelid = pg_catalog.to_regclass($1::text) "
                    "AND c.relkind IN ('r', 'p', 'f', 'v', 'm') "
                    "AND a.attname = $2::text AND a.attnum > 0 AND NOT a.attisdropped",
                    {RegName(object), FoldIdentifier(column)});
    case ObjectKind::kType:
      // A table's row type is not what `type x` means; a composite type's is.
      return AnyRow(conn,
                    "SELECT 1 FROM pg_catalog.pg_type t "
                    "WHERE t.oid = pg_catalog.to_regtype($1::text) "
                    "AND (t.typrelid = 0 OR EXISTS (SELECT 1 FROM pg_catalog.pg_class c "
                    "     WHERE c.oid = t.typrelid AND c.relkind = 'c'))",
                    {RegTypeName(object)});
    case ObjectKind::kFunction:
      return AnyRow(conn,
                    "SELECT 1 FROM pg_catalog.pg_proc p "
                    "JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace "
                    "WHERE p.proname = $1::text AND " + InSchemaOrPath(2),
                    {FoldIdentifier(object.name), FoldIdentifier(object.schema)});
    case ObjectKind::kTrigger:
      if (!column.text.empty()) {
        return AnyRow(conn,
                      "SELECT 1 FROM pg_catalog.pg_trigger t "
                      "WHERE NOT t.tgisinternal AND t.tgname = $1::text "
                      "AND t.tgrelid = pg_catalog.to_regclass($2::text)",
                      {FoldIdentifier(column), RegName(object)});
      }
      return AnyRow(conn,
                    "SELECT 1 FROM pg_catalog.pg_trigger t "
                    "JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid "
                    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE NOT t.tgisinternal AND t.tgname = $1::text AND " +
                        InSchemaOrPath(2),
                    {FoldIdentifier(object.name), FoldIdentifier(object.schema)});
    case ObjectKind::kSchema:
      return AnyRow(conn, "SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1::text",
                    {FoldIdentifier(object.name)});
    case ObjectKind::kExtension:
      return AnyRow(conn, "SELECT 1 FROM pg_catalog.pg_extension WHERE extname = $1::text",
                    {FoldIdentifier(object.name)});
    default:
      break;
  }
  return base::Status::Internal("FindObject: unknown object kind");
}

// ---------------------------------------------------------------------------
// CatalogChanged: which catalog rows the transaction wrote.

// How to tell that a row of a catalog (alias `x`) describes a temporary
// object, which is no effect of a migration.
enum class Owner {
  kItself,     // `test` is the condition on the row itself
  kRelation,   // `test` is the column holding the oid of the relation it belongs to
  kNamespace,  // `test` is the column holding the oid of its schema
  kType,       // `test` is the column holding the oid of its type
  kObject,     // `test` lists the (class, object, sub-object) columns of the object it is about
  kDependency,  // a dependency (pg_depend): of a temporary object, or on one; `test` is unused
};

struct CatalogRows {
  std::string_view catalog;
  Owner owner;
  std::string_view test;
};

// The catalogs in which temporary objects leave rows. A catalog that is not
// here holds no temporary objects (roles, databases, extensions, grants'
// default privileges, settings, ...): every row written there counts.
constexpr CatalogRows kCatalogsWithTemporaryRows[] = {
    {"pg_class", Owner::kItself, "x.relpersistence = 't'"},
    {"pg_namespace", Owner::kItself, "x.nspname ~ '^pg_(toast_)?temp_[0-9]+$'"},
    {"pg_attribute", Owner::kRelation, "x.attrelid"},
    {"pg_attrdef", Owner::kRelation, "x.adrelid"},
    {"pg_index", Owner::kRelation, "x.indexrelid"},
    {"pg_trigger", Owner::kRelation, "x.tgrelid"},
    {"pg_rewrite", Owner::kRelation, "x.ev_class"},
    {"pg_sequence", Owner::kRelation, "x.seqrelid"},
    {"pg_policy", Owner::kRelation, "x.polrelid"},
    {"pg_inherits", Owner::kRelation, "x.inhrelid"},
    {"pg_partitioned_table", Owner::kRelation, "x.partrelid"},
    {"pg_statistic_ext", Owner::kRelation, "x.stxrelid"},
    {"pg_constraint", Owner::kNamespace, "x.connamespace"},
    {"pg_type", Owner::kNamespace, "x.typnamespace"},
    {"pg_proc", Owner::kNamespace, "x.pronamespace"},
    {"pg_operator", Owner::kNamespace, "x.oprnamespace"},
    {"pg_collation", Owner::kNamespace, "x.collnamespace"},
    {"pg_enum", Owner::kType, "x.enumtypid"},
    {"pg_range", Owner::kType, "x.rngtypid"},
    {"pg_description", Owner::kObject, "x.classoid, x.objoid, x.objsubid"},
    {"pg_seclabel", Owner::kObject, "x.classoid, x.objoid, x.objsubid"},
    {"pg_init_privs", Owner::kObject, "x.classoid, x.objoid, x.objsubid"},
    {"pg_depend", Owner::kDependency, ""},
    {"pg_shdepend", Owner::kObject, "x.classid, x.objid, x.objsubid"},
};

// SQL that is true when row `x` of `catalog` belongs to a temporary object.
std::string TemporaryRow(std::string_view catalog) {
  const std::string in_temporary_schema = "t.nspname ~ " + std::string(kTemporarySchemas);
  for (const CatalogRows& c : kCatalogsWithTemporaryRows) {
    if (c.catalog != catalog) continue;
    const std::string test(c.test);
    switch (c.owner) {
      case Owner::kItself:
        return test;
      case Owner::kRelation:
        return "EXISTS (SELECT 1 FROM pg_catalog.pg_class r WHERE r.oid = " + test +
               " AND r.relpersistence = 't')";
      case Owner::kNamespace:
        return "EXISTS (SELECT 1 FROM pg_catalog.pg_namespace t WHERE t.oid = " + test +
               " AND " + in_temporary_schema + ")";
      case Owner::kType:
        return "EXISTS (SELECT 1 FROM pg_catalog.pg_type y "
               "JOIN pg_catalog.pg_namespace t ON t.oid = y.typnamespace WHERE y.oid = " +
               test + " AND " + in_temporary_schema + ")";
      case Owner::kObject:
        return "(pg_catalog.pg_identify_object(" + test + ")).schema ~ " +
               std::string(kTemporarySchemas);
      case Owner::kDependency:
        // Column defaults and view rules have no schema of their own; what
        // they depend on (the table, the view) does.
        // A rule (a temporary view's query) and a column default have no
        // schema of their own: their relation says whether they are temporary.
        return "(pg_catalog.pg_identify_object(x.classid, x.objid, x.objsubid)).schema ~ " +
               std::string(kTemporarySchemas) +
               " OR (pg_catalog.pg_identify_object(x.refclassid, x.refobjid, "
               "x.refobjsubid)).schema ~ " + std::string(kTemporarySchemas) +
               " OR (x.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND EXISTS ("
               "SELECT 1 FROM pg_catalog.pg_rewrite w JOIN pg_catalog.pg_class r "
               "ON r.oid = w.ev_class WHERE w.oid = x.objid AND r.relpersistence = 't'))"
               " OR (x.classid = 'pg_catalog.pg_attrdef'::pg_catalog.regclass AND EXISTS ("
               "SELECT 1 FROM pg_catalog.pg_attrdef a JOIN pg_catalog.pg_class r "
               "ON r.oid = a.adrelid WHERE a.oid = x.objid AND r.relpersistence = 't'))";
    }
  }
  return "false";
}

// The current transaction's top-level id and the catalogs it may have
// written rows to; std::nullopt when it can have written none (it has no
// id: it wrote nothing at all, not even a row lock; or it is read-only).
struct WrittenCatalogs {
  std::string top_xid;  // xid8, as text
  std::vector<std::string> catalogs;
};

base::Result<std::optional<WrittenCatalogs>> FindWrittenCatalogs(Connection& conn) {
  // The server's counters say which catalogs were written to. (Relation
  // locks cannot tell: the server releases its catalog locks as soon as
  // each change is made.) They also count rows of subtransactions that
  // rolled back, and may include earlier transactions of the session (see
  // the header): that only costs a scan. Statistics written by ANALYZE are
  // no change of the schema. Catalogs have fixed oids below
  // FirstNormalObjectId (16384), which keeps this an index scan however many
  // tables the database has. The smallest catalogs are scanned first; the
  // dependency catalogs last, since they change alone only for extension
  // membership.
  MIGRATE_ASSIGN_OR_RETURN(
      Rows rows,
      conn.Query(
          "SELECT x.xid::text, w.relname "
          "FROM (SELECT CASE WHEN pg_catalog.current_setting('transaction_read_only') = 'off' "
          "             THEN pg_catalog.pg_current_xact_id_if_assigned() END AS xid) AS x "
          "LEFT JOIN LATERAL ( "
          "  SELECT c.relname::text AS relname, c.relpages FROM pg_catalog.pg_class c "
          "  WHERE x.xid IS NOT NULL AND c.oid < 16384 "
          "  AND c.relnamespace = 'pg_catalog'::pg_catalog.regnamespace AND c.relkind = 'r' "
          "  AND c.relname NOT IN ('pg_statistic', 'pg_statistic_ext_data') "
          "  AND pg_catalog.pg_stat_get_xact_tuples_inserted(c.oid) "
          "    + pg_catalog.pg_stat_get_xact_tuples_updated(c.oid) "
          "    + pg_catalog.pg_stat_get_xact_tuples_deleted(c.oid) > 0 "
          ") AS w ON true "
          "ORDER BY w.relname IN ('pg_depend', 'pg_shdepend'), w.relpages, w.relname"));
  if (rows.rows.empty() || !rows.rows[0][0]) return std::optional<WrittenCatalogs>();
  WrittenCatalogs written{.top_xid = *rows.rows[0][0], .catalogs = {}};
  for (const std::vector<Value>& row : rows.rows) {
    if (row.size() == 2 && row[1]) written.catalogs.push_back(*row[1]);
  }
  return std::optional<WrittenCatalogs>(std::move(written));
}

// Makes every id of the current transaction tree older than the xmax of
// the snapshots that follow (the first id no transaction had completed
// with). A committed subtransaction keeps its id but releases the lock on
// it, and may be the newest transaction of the server, so nothing else
// bounds it; a subtransaction that rolls back advances xmax past its own
// id, which is newer than all of them. The one write needed to get it an id
// is a transactional logical-decoding message, undone with it.
base::Status MoveSnapshotsPastOwnIds(Connection& conn) {
  MIGRATE_TRY(conn.Execute("SAVEPOINT migrate_catalog_probe"));
  base::Status probe =
      conn.Execute("SELECT pg_catalog.pg_logical_emit_message(true, 'migrate', '')");
  base::Status undo = conn.Execute("ROLLBACK TO SAVEPOINT migrate_catalog_probe");
  if (undo.ok()) undo = conn.Execute("RELEASE SAVEPOINT migrate_catalog_probe");
  if (!probe.ok()) return std::move(probe).Prefixed("checking what the transaction wrote");
  return undo;
}

// SQL that is true when the row `x` was written by the current transaction
// tree, whose top-level id is `top_xid` (an xid8, as text), and does not
// pass `temporary` (SQL on `x`). REQUIRES: MoveSnapshotsPastOwnIds ran.
//
// A row's xmin is 32 bits. The transaction's own ids (its subtransactions'
// are assigned after it) lie within 2^31 after the top-level one, so adding
// the 32-bit distance from it gives each one's full xid8. Among the rows a
// query can see, only the current transaction tree's are reported "in
// progress" by pg_xact_status: another session's uncommitted rows are
// invisible, and so are the rows of our subtransactions that rolled back.
// The tests run in CASE order, cheapest first. age(xmin) <= 0 (not older
// than this transaction) leaves the transaction's own rows, those of
// transactions that committed since it began, and frozen rows whose raw
// xmin only looks new (the server keeps it when it freezes a row). Of
// those, a full id not visible in the current snapshot is not ours: either
// another running transaction's, or beyond any id assigned yet, which
// pg_xact_status would reject.
base::Result<std::string> WrittenByThisTransaction(const std::string& top_xid,
                                                   const std::string& temporary) {
  // A full xid8 is 64 bits, and the server hands them out from 3 upwards:
  // 2^63 of them would take millennia.
  auto top = base::ParseInteger(top_xid, 0);
  if (!top) return base::Status::Internal("CatalogChanged: unexpected transaction id " + top_xid);
  const std::string low = std::to_string(*top & 0xffffffff);
  const std::string xid8 = "((" + top_xid + "::bigint + (x.xmin::text::bigint - " + low +
                           " + 4294967296) % 4294967296)::text::pg_catalog.xid8)";
  return "CASE WHEN pg_catalog.age(x.xmin) > 0 THEN false "
         "WHEN NOT pg_catalog.pg_visible_in_snapshot(" + xid8 +
         ", pg_catalog.pg_current_snapshot()) THEN false "
         "WHEN pg_catalog.pg_xact_status(" + xid8 + ") IS DISTINCT FROM 'in progress' "
         "THEN false "
         "ELSE NOT coalesce(" + temporary + ", false) END";
}

}  // namespace

base::Result<ObjectFinding> FindObjectPostgresql(Connection& conn, ObjectKind kind,
                                                 const ObjectName& object,
                                                 const Identifier& column, bool unique) {
  if (object.name.text.empty()) return ObjectFinding{};
  if (!RelKinds(kind).empty()) return FindRelationOfKind(conn, kind, object, unique);
  MIGRATE_ASSIGN_OR_RETURN(bool exists, OtherObjectExists(conn, kind, object, column));
  return ObjectFinding{exists, ""};
}

base::Result<std::optional<std::vector<std::string>>> TableColumnsPostgresql(
    Connection& conn, const ObjectName& table) {
  using Columns = std::optional<std::vector<std::string>>;
  if (table.name.text.empty()) return Columns();
  // LEFT JOIN: a table without columns (CREATE TABLE t ()) still yields a
  // row, with a NULL name.
  MIGRATE_ASSIGN_OR_RETURN(
      Rows rows,
      conn.Query("SELECT a.attname::text FROM pg_catalog.pg_class c "
                 "LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid "
                 "     AND a.attnum > 0 AND NOT a.attisdropped "
                 "WHERE c.oid = pg_catalog.to_regclass($1::text) "
                 "AND c.relkind IN ('r', 'p', 'f', 'v', 'm') "
                 "ORDER BY a.attnum",
                 {RegName(table)}));
  if (rows.rows.empty()) return Columns();
  std::vector<std::string> columns;
  for (const std::vector<Value>& row : rows.rows) {
    if (!row.empty() && row[0]) columns.push_back(*row[0]);
  }
  return Columns(std::move(columns));
}

base::Status BeginObservingPostgresql(Connection& conn) {
  // pg_stat_force_next_flush() (PostgreSQL 15) makes the server flush this
  // session's pending counters when the transaction ends, rather than up to
  // a second later. Through PL/pgSQL, which resolves the function only if
  // the branch runs, so that older servers skip it instead of failing.
  return conn.Execute(
      "DO $$ BEGIN "
      "IF pg_catalog.current_setting('server_version_num')::int >= 150000 THEN "
      "PERFORM pg_catalog.pg_stat_force_next_flush(); "
      "END IF; "
      "END $$");
}

base::Result<base::RowLedger> RowChangesPostgresql(Connection& conn) {
  // Tables in pg_catalog, information_schema and pg_toast are the server's;
  // temporary ones (relpersistence 't', in pg_temp_N) are no effect.
  MIGRATE_ASSIGN_OR_RETURN(
      Rows rows,
      conn.Query(
          "SELECT s.name, s.inserted::text, s.updated::text, s.deleted::text, s.root FROM ( "
          "  SELECT CASE WHEN n.nspname = pg_catalog.current_schema() THEN c.relname::text "
          "              ELSE n.nspname::text || '.' || c.relname::text END AS name, "
          "         CASE WHEN c.relispartition THEN ( "
          "           SELECT CASE WHEN rn.nspname = pg_catalog.current_schema() THEN rc.relname::text "
          "                       ELSE rn.nspname::text || '.' || rc.relname::text END "
          "           FROM pg_catalog.pg_class rc "
          "           JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace "
          "           WHERE rc.oid = pg_catalog.pg_partition_root(c.oid)) ELSE '' END AS root, "
          "         pg_catalog.pg_stat_get_xact_tuples_inserted(c.oid) AS inserted, "
          "         pg_catalog.pg_stat_get_xact_tuples_updated(c.oid) AS updated, "
          "         pg_catalog.pg_stat_get_xact_tuples_deleted(c.oid) AS deleted "
          "  FROM (SELECT DISTINCT l.relation FROM pg_catalog.pg_locks l "
          "        WHERE l.locktype = 'relation' AND l.pid = pg_catalog.pg_backend_pid() "
          "        AND l.mode = 'RowExclusiveLock') AS l "
          "  JOIN pg_catalog.pg_class c ON c.oid = l.relation "
          "  JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
          "  WHERE c.relkind = 'r' AND c.relpersistence <> 't' "
          "  AND n.nspname NOT IN ('pg_catalog', 'information_schema') "
          "  AND n.nspname !~ '^pg_toast' "
          ") AS s "
          "WHERE s.inserted + s.updated + s.deleted > 0 "
          "ORDER BY s.name COLLATE \"C\""));
  base::RowLedger ledger;
  for (const std::vector<Value>& row : rows.rows) {
    if (row.size() != 5 || !row[0] || !row[1] || !row[2] || !row[3] || !row[4]) {
      return base::Status::Internal("RowChanges: unexpected result shape");
    }
    base::TableRowChanges changes;
    changes.table = *row[0];
    MIGRATE_ASSIGN_OR_RETURN(changes.inserted, base::ParseInteger(*row[1]));
    MIGRATE_ASSIGN_OR_RETURN(changes.updated, base::ParseInteger(*row[2]));
    MIGRATE_ASSIGN_OR_RETURN(changes.deleted, base::ParseInteger(*row[3]));
    changes.partition_of = *row[4];
    ledger.push_back(std::move(changes));
  }
  return ledger;
}

base::Result<bool> CatalogChangedPostgresql(Connection& conn) {
  MIGRATE_ASSIGN_OR_RETURN(std::optional<WrittenCatalogs> written, FindWrittenCatalogs(conn));
  if (!written || written->catalogs.empty()) return false;
  MIGRATE_TRY(MoveSnapshotsPastOwnIds(conn));
  // A row is the transaction's effect when it wrote it and it does not
  // describe a temporary object. Rows it deleted are invisible. One EXISTS
  // per catalog, tried in order: CASE guarantees that order and skips the
  // scans after the first catalog that has such a row.
  std::string sql = "SELECT CASE";
  for (const std::string& catalog : written->catalogs) {
    MIGRATE_ASSIGN_OR_RETURN(std::string mine,
                             WrittenByThisTransaction(written->top_xid, TemporaryRow(catalog)));
    sql += " WHEN EXISTS (SELECT 1 FROM pg_catalog." + Quote(catalog) + " x WHERE " + mine +
           ") THEN true";
  }
  sql += " ELSE false END";
  MIGRATE_ASSIGN_OR_RETURN(Rows rows, conn.Query(sql));
  return !rows.rows.empty() && !rows.rows[0].empty() && IsTrue(rows.rows[0][0]);
}

}  // namespace migrate::db
