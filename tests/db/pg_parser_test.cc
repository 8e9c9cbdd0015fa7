// The PostgreSQL parser behind the PostgreSQL dialect (db/postgresql/pg_parser.h):
// SplitPostgresql against the splitter's contract (the PostgreSQL cases of
// the torture corpus, tests/fixtures/sql/, included), and DescribePostgresql
// statement class by statement class, with every field of the intent.

#include "migrator/db/postgresql/pg_parser.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/sql_corpus.h"

namespace migrate::db {
namespace {

using script::Identifier;
using script::Intent;
using script::NameUse;
using script::ObjectName;
using script::StatementIntent;

// --- SplitPostgresql ---------------------------------------------------------

std::string Split(std::string_view sql, int first_line = 1) {
  auto r = SplitPostgresql(sql, first_line, "m.sql");
  return r ? testing::ShowStatements(*r) : "error: " + r.error().ToString();
}

struct SplitCase {
  std::string name;
  std::string sql;
  std::string expected;  // Show() of the statements, or "error: " + the full error
};

TEST(PgParserSplitTest, CutsWhereTheServerWould) {
  const std::vector<SplitCase> cases = {
      {"two statements, the last ';' optional", "SELECT 1; SELECT 2",
       "=== 1\nSELECT 1\n=== 1\nSELECT 2\n"},
      {"empty statements and comment-only chunks dropped",
       ";;\n-- nothing\n;\nSELECT 1;;\n/* tail */", "=== 4\nSELECT 1\n"},
      {"comments before and after a statement belong to none, those inside stay",
       "-- lead\n/* block */\n  SELECT 1 -- inside\n  + 2 -- trailing\n;",
       "=== 3\nSELECT 1 -- inside\n  + 2\n"},
      {"dollar quotes",
       "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$;\nSELECT 2;",
       "=== 1\nCREATE FUNCTION f() RETURNS int LANGUAGE sql AS $$ SELECT 1; $$\n=== 2\nSELECT 2\n"},
      {"tagged dollar quotes holding $$",
       "SELECT $x$ a; $$ b; $x$;\nSELECT 2", "=== 1\nSELECT $x$ a; $$ b; $x$\n=== 2\nSELECT 2\n"},
      {"DO bodies", "DO $do$\nBEGIN\n  PERFORM 1;\nEND\n$do$;\nSELECT 1",
       "=== 1\nDO $do$\nBEGIN\n  PERFORM 1;\nEND\n$do$\n=== 6\nSELECT 1\n"},
      {"E'' strings with escaped quotes", "SELECT E'it\\'s; fine';\nSELECT 'a''b;'",
       "=== 1\nSELECT E'it\\'s; fine'\n=== 2\nSELECT 'a''b;'\n"},
      {"quoted identifiers and nested comments",
       "SELECT 1 AS \"a;b\" /* x /* y; */ z; */;\nSELECT 2",
       "=== 1\nSELECT 1 AS \"a;b\"\n=== 2\nSELECT 2\n"},
      {"BEGIN ATOMIC bodies",
       "CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT a;\n  SELECT "
       "CASE WHEN a > 0 THEN 1 END;\nEND;\nSELECT 3",
       "=== 1\nCREATE FUNCTION f(a int) RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT a;\n  "
       "SELECT CASE WHEN a > 0 THEN 1 END;\nEND\n=== 6\nSELECT 3\n"},
      {"CREATE RULE with a parenthesized action list",
       "CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO l VALUES (1); INSERT INTO l VALUES "
       "(2));\nSELECT 1",
       "=== 1\nCREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO l VALUES (1); INSERT INTO l "
       "VALUES (2))\n=== 2\nSELECT 1\n"},
      {"lines count from first_line, blank lines included", "\n\n  SELECT 1;\n\n\nSELECT\n2",
       "=== 3\nSELECT 1\n=== 6\nSELECT\n2\n"},
      // PostgreSQL 16 syntax (and real syntax errors) the parser rejects:
      // script::SplitStatements cuts them, and the server judges each one.
      {"syntax newer than PostgreSQL 15 falls back to our splitter",
       "CREATE TABLE t (a int);\nGRANT SELECT ON t TO r WITH INHERIT TRUE;\nSELECT 'x;y'",
       "=== 1\nCREATE TABLE t (a int)\n=== 2\nGRANT SELECT ON t TO r WITH INHERIT TRUE\n=== "
       "3\nSELECT 'x;y'\n"},
      {"a misspelt statement still reaches the server",
       "SELEC 1;\n-- c\nSELECT $$;$$", "=== 1\nSELEC 1\n=== 3\nSELECT $$;$$\n"},
      {"a syntax error keeps BEGIN ATOMIC bodies whole",
       "CREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; END;\n"
       "CREATE TABLE (oops);",
       "=== 1\nCREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT 2; "
       "END\n=== 2\nCREATE TABLE (oops)\n"},
      {"psql meta-command",
       "SELECT 1;\n\\connect other\nSELECT 2",
       "error: m.sql:2: psql meta-command '\\connect' is not SQL; migrate runs each statement "
       "itself, not through psql, so replace it with plain SQL\n\\connect other"},
      {"psql meta-command at the start of a statement after a comment",
       "-- setup\n  \\set ON_ERROR_STOP on\nSELECT 1",
       "error: m.sql:2: psql meta-command '\\set' is not SQL; migrate runs each statement itself, "
       "not through psql, so replace it with plain SQL\n  \\set ON_ERROR_STOP on"},
      {"a backslash inside a string is no meta-command", "SELECT '\n\\i x\n'",
       "=== 1\nSELECT '\n\\i x\n'\n"},
      {"COPY FROM STDIN",
       "COPY t (a) FROM STDIN;",
       "error: m.sql:1: COPY ... FROM STDIN reads data that psql sends after the statement, and "
       "migrate sends none: use INSERT statements (or COPY from a file on the server)\nCOPY t (a) "
       "FROM STDIN;"},
      {"unterminated string", "SELECT 1;\nSELECT 'abc",
       "error: m.sql:2: unterminated string literal: the ' here is never closed\nSELECT 'abc"},
      {"unterminated comment", "SELECT 1; /* open",
       "error: m.sql:1: unterminated comment: the /* here is never closed\nSELECT 1; /* open"},
      {"a NUL byte", std::string("SELECT 1;\nSELECT '\0'", 20),
       "error: m.sql:2: a NUL byte is not SQL: PostgreSQL cannot receive it\nSELECT '" +
           std::string(1, '\0') + "'"},
  };
  for (const SplitCase& c : cases) {
    EXPECT_EQ(Split(c.sql), c.expected) << c.name;
  }
}

TEST(PgParserSplitTest, LinesStartAtTheSectionsFirstLine) {
  EXPECT_EQ(Split("SELECT 1;\n\nSELECT 2", 10), "=== 10\nSELECT 1\n=== 12\nSELECT 2\n");
  EXPECT_EQ(Split("SELECT 1;\n\\i x", 10),
            "error: m.sql:11: psql meta-command '\\i' is not SQL; migrate runs each statement "
            "itself, not through psql, so replace it with plain SQL\n\\i x");
}

// The PostgreSQL cases of the splitter's torture corpus give the same
// statements, lines and errors.
class PgParserCorpus : public ::testing::TestWithParam<std::string> {};

TEST_P(PgParserCorpus, MatchesTheSplittersExpectedStatementsOrError) {
  const std::string stem = GetParam();
  const std::string sql = testing::ReadFile(testing::SqlCorpusDir() / (stem + ".sql"));
  testing::ExpectSplitAsCorpusSays(stem, SplitPostgresql(sql, 1, stem + ".sql"));
}

INSTANTIATE_TEST_SUITE_P(Fixtures, PgParserCorpus,
                         ::testing::ValuesIn(testing::SqlCorpusCases("postgresql")),
                         testing::SqlCorpusTestName);

// --- DescribePostgresql --------------------------------------------------------

// An identifier as the tests write it: quoted where it is reported quoted,
// which the parser does only for names an unquoted identifier cannot spell.
std::string Show(const Identifier& id) { return id.quoted ? "\"" + id.text + "\"" : id.text; }

std::string Show(const ObjectName& name) {
  if (name.schema.text.empty() && !name.schema.quoted) return Show(name.name);
  return Show(name.schema) + "." + Show(name.name);
}

const char* ActionName(Intent::Action action) {
  switch (action) {
    case Intent::Action::kCreate: return "create";
    case Intent::Action::kDrop: return "drop";
    case Intent::Action::kRename: return "rename";
    case Intent::Action::kAddColumn: return "add column";
    case Intent::Action::kDropColumn: return "drop column";
    case Intent::Action::kRenameColumn: return "rename column";
    case Intent::Action::kAlter: return "alter";
    case Intent::Action::kInsert: return "insert";
    case Intent::Action::kUpdate: return "update";
    case Intent::Action::kDelete: return "delete";
    case Intent::Action::kTruncate: return "truncate";
    case Intent::Action::kAttach: return "attach";
    case Intent::Action::kDetach: return "detach";
    case Intent::Action::kAttachPartition: return "attach partition";
    case Intent::Action::kDetachPartition: return "detach partition";
  }
  return "?";
}

// Every field of an intent that is not at its default, on one line.
std::string Show(const Intent& intent) {
  std::string out = std::string(ActionName(intent.action)) + " " +
                    script::ObjectKindName(intent.kind) + " " + Show(intent.object);
  if (!intent.column.text.empty()) out += " column=" + Show(intent.column);
  if (!intent.new_name.text.empty()) out += " to=" + Show(intent.new_name);
  if (!intent.columns.empty()) {
    out += " (";
    for (std::size_t i = 0; i < intent.columns.size(); ++i) {
      out += (i > 0 ? ", " : "") + Show(intent.columns[i]);
    }
    out += ")";
  }
  if (!intent.table.name.text.empty()) out += " on=" + Show(intent.table);
  for (const ObjectName& read : intent.reads) out += " reads=" + Show(read);
  for (const Identifier& column : intent.column_refs) out += " ref=" + Show(column);
  if (intent.temporary) out += " temporary";
  if (intent.if_exists) out += " if_exists";
  if (intent.cascade) out += " cascade";
  if (intent.unique) out += " unique";
  if (intent.concurrently) out += " concurrently";
  return out;
}

const char* UseName(NameUse::Kind kind) {
  switch (kind) {
    case NameUse::Kind::kOperatorClass: return "opclass";
    case NameUse::Kind::kFunction: return "function";
    case NameUse::Kind::kType: return "type";
  }
  return "?";
}

// The whole StatementIntent, one line per fact.
std::string Show(const StatementIntent& s) {
  std::string out;
  if (!s.understood) out += "not understood\n";
  if (s.maintenance) out += "maintenance\n";
  if (s.refused_in_transaction) out += "refused: " + *s.refused_in_transaction + "\n";
  for (const Intent& intent : s.intents) out += Show(intent) + "\n";
  for (const NameUse& use : s.uses) {
    out += std::string("uses ") + UseName(use.kind) + " " + Show(use.name) + "\n";
  }
  return out;
}

struct DescribeCase {
  std::string sql;
  std::string expected;  // Show() of the StatementIntent
};

void ExpectDescribed(const std::vector<DescribeCase>& cases) {
  for (const DescribeCase& c : cases) {
    EXPECT_EQ(Show(DescribePostgresql(c.sql)), c.expected) << c.sql;
  }
}

TEST(PgParserDescribeTest, CreateTables) {
  ExpectDescribed({
      {"CREATE TABLE items (id int PRIMARY KEY, \"Name\" text, CHECK (id > 0))",
       "create table items (id, \"Name\")\nuses type text\n"},
      {"create table IF NOT EXISTS Shop.Items (id bigint)",
       "create table shop.items (id) if_exists\n"},
      {"CREATE TEMP TABLE scratch (x int)", "create table scratch (x) temporary\n"},
      {"CREATE TEMPORARY TABLE IF NOT EXISTS s2 (x int) ON COMMIT DROP",
       "create table s2 (x) temporary if_exists\n"},
      {"CREATE TABLE pg_temp.scratch (x int)", "create table pg_temp.scratch (x) temporary\n"},
      {"CREATE UNLOGGED TABLE u (x int)", "create table u (x)\n"},
      {"CREATE TABLE p1 PARTITION OF p FOR VALUES IN (1)", "create table p1 on=p\n"},
      {"CREATE TABLE c (extra int) INHERITS (p)", "create table c (extra) reads=p\n"},
      {"CREATE TABLE t2 AS SELECT 1 AS a", "create table t2\n"},
      {"CREATE TABLE IF NOT EXISTS t3 (a, b) AS SELECT 1, 2", "create table t3 (a, b) if_exists\n"},
      {"CREATE TEMP TABLE t4 AS SELECT 1", "create table t4 temporary\n"},
      {"SELECT 1 AS a INTO TEMP t5", "create table t5 temporary\n"},
      {"SELECT * INTO archive.old_orders FROM orders", "create table archive.old_orders\n"},
      {"CREATE MATERIALIZED VIEW IF NOT EXISTS mv (x) AS SELECT 1",
       "create materialized view mv (x) if_exists\n"},
  });
}

TEST(PgParserDescribeTest, CreateViewsIndexesSequencesTypes) {
  ExpectDescribed({
      {"CREATE OR REPLACE VIEW v (a, b) AS SELECT 1, 2", "create view v (a, b)\n"},
      {"CREATE VIEW s.v AS SELECT 1", "create view s.v\n"},
      {"CREATE TEMP VIEW tv AS SELECT 1", "create view tv temporary\n"},
      {"CREATE INDEX idx ON s.t (a)", "create index s.idx on=s.t ref=a\nalter table s.t\n"},
      {"CREATE UNIQUE INDEX IF NOT EXISTS idx ON t (a)",
       "create index idx on=t ref=a if_exists unique\nalter table t\n"},
      {"CREATE UNIQUE INDEX CONCURRENTLY idx ON t (a)",
       "refused: CREATE INDEX CONCURRENTLY cannot run inside a transaction block\n"
       "create index idx on=t ref=a unique concurrently\nalter table t\n"},
      {"CREATE INDEX ON t (a)", "alter table t\n"},
      {"CREATE INDEX trgm ON t USING gin (name gin_trgm_ops, (lower(b)) public.my_ops)",
       "create index trgm on=t ref=name ref=b\nalter table t\nuses opclass gin_trgm_ops\n"
       "uses opclass public.my_ops\nuses function lower\n"},
      {"CREATE SEQUENCE IF NOT EXISTS s.q", "create sequence s.q if_exists\n"},
      {"CREATE TEMP SEQUENCE q", "create sequence q temporary\n"},
      {"CREATE TYPE mood AS ENUM ('sad', 'ok')", "create type mood\n"},
      {"CREATE TYPE s.pair AS (a int, b text)", "create type s.pair\nuses type text\n"},
      // An option's value is a bare word to the grammar: no use is read from it.
      {"CREATE TYPE floatrange AS RANGE (subtype = float8)", "create type floatrange\n"},
      {"CREATE DOMAIN posint AS integer CHECK (VALUE > 0)", "create type posint\n"},
      {"CREATE TYPE shell", "create type shell\n"},
      {"CREATE AGGREGATE agg (int) (sfunc = int4pl, stype = int)", ""},
  });
}

TEST(PgParserDescribeTest, CreateRoutinesTriggersSchemasExtensions) {
  ExpectDescribed({
      {"CREATE OR REPLACE FUNCTION s.f(a int) RETURNS text LANGUAGE sql AS $$ SELECT 'x' $$",
       "create function s.f reads=text\nuses type text\n"},
      {"CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (now()); END",
       "create function p\nuses function now\n"},
      {"CREATE TRIGGER tg BEFORE UPDATE ON s.items FOR EACH ROW EXECUTE FUNCTION touch()",
       "create trigger s.tg on=s.items\nuses function touch\n"},
      {"CREATE SCHEMA IF NOT EXISTS app", "create schema app if_exists\n"},
      {"CREATE SCHEMA AUTHORIZATION joe", "create schema joe\n"},
      {"CREATE SCHEMA app CREATE TABLE t (a int) CREATE VIEW v AS SELECT 1 "
       "CREATE INDEX i ON t (a)",
       "create schema app\ncreate table app.t (a)\ncreate view app.v\ncreate index app.i on=app.t ref=a\n"
       "alter table app.t\n"},
      {"CREATE EXTENSION IF NOT EXISTS pg_trgm", "create extension pg_trgm if_exists\n"},
      {"CREATE EXTENSION \"uuid-ossp\" SCHEMA ext", "create extension \"uuid-ossp\"\n"},
  });
}

TEST(PgParserDescribeTest, Drops) {
  ExpectDescribed({
      {"DROP TABLE IF EXISTS a, s.b CASCADE",
       "drop table a if_exists cascade\ndrop table s.b if_exists cascade\n"},
      {"DROP INDEX CONCURRENTLY IF EXISTS s.i",
       "refused: DROP INDEX CONCURRENTLY cannot run inside a transaction block\n"
       "drop index s.i if_exists concurrently\n"},
      {"DROP VIEW v", "drop view v\n"},
      {"DROP MATERIALIZED VIEW mv", "drop materialized view mv\n"},
      {"DROP SEQUENCE q", "drop sequence q\n"},
      {"DROP TYPE s.mood", "drop type s.mood\nuses type s.mood\n"},
      {"DROP DOMAIN posint", "drop type posint\nuses type posint\n"},
      {"DROP FUNCTION f(int), s.g", "drop function f\ndrop function s.g\n"},
      {"DROP PROCEDURE p", "drop function p\n"},
      {"DROP TRIGGER IF EXISTS tg ON s.items", "drop trigger s.tg on=s.items if_exists\n"},
      {"DROP SCHEMA app CASCADE", "drop schema app cascade\n"},
      {"DROP EXTENSION pg_trgm", "drop extension pg_trgm\n"},
      {"DROP POLICY p ON t", ""},
  });
}

TEST(PgParserDescribeTest, Renames) {
  ExpectDescribed({
      {"ALTER TABLE s.orders RENAME TO orders_old", "rename table s.orders to=orders_old\n"},
      {"ALTER TABLE IF EXISTS t RENAME COLUMN a TO \"B\"",
       "rename column table t column=a to=\"B\" if_exists\n"},
      {"ALTER TABLE t RENAME a TO b", "rename column table t column=a to=b\n"},
      {"ALTER VIEW v RENAME COLUMN a TO b", "rename column view v column=a to=b\n"},
      {"ALTER INDEX s.i RENAME TO j", "rename index s.i to=j\n"},
      {"ALTER VIEW IF EXISTS v RENAME TO w", "rename view v to=w if_exists\n"},
      {"ALTER MATERIALIZED VIEW mv RENAME TO mw", "rename materialized view mv to=mw\n"},
      {"ALTER SEQUENCE q RENAME TO r", "rename sequence q to=r\n"},
      {"ALTER FUNCTION s.f(int) RENAME TO g", "rename function s.f to=g\n"},
      {"ALTER TYPE mood RENAME TO feeling", "rename type mood to=feeling\n"},
      {"ALTER SCHEMA a RENAME TO b", "rename schema a to=b\n"},
      {"ALTER TRIGGER tg ON s.t RENAME TO tg2", "rename trigger s.tg to=tg2 on=s.t\n"},
      {"ALTER TABLE t RENAME CONSTRAINT c TO d", "alter table t\n"},
      {"ALTER TYPE pair RENAME ATTRIBUTE a TO b", "alter type pair\n"},
  });
}

TEST(PgParserDescribeTest, AlterTableSubcommands) {
  ExpectDescribed({
      {"ALTER TABLE IF EXISTS s.t ADD COLUMN IF NOT EXISTS c int, DROP COLUMN IF EXISTS d "
       "CASCADE, ADD CONSTRAINT u UNIQUE USING INDEX i, ALTER COLUMN x TYPE text",
       "add column table s.t column=c if_exists\n"
       "drop column table s.t column=d if_exists cascade\n"
       "alter table s.t if_exists\nrename index s.i to=u if_exists\nalter table s.t if_exists\n"
       "uses type text\n"},
      {"ALTER TABLE t ADD vector text", "add column table t column=vector\nuses type text\n"},
      {"ALTER TABLE t DROP c", "drop column table t column=c\n"},
      {"ALTER TABLE t ALTER COLUMN a SET DEFAULT 1, ALTER COLUMN a SET NOT NULL, "
       "ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES p",
       "alter table t\n"},
      {"ALTER TABLE p ATTACH PARTITION c FOR VALUES IN (2)",
       "alter table p\nattach partition table c on=p\n"},
      {"ALTER TABLE p DETACH PARTITION c", "alter table p\ndetach partition table c on=p\n"},
      {"ALTER TABLE p DETACH PARTITION c CONCURRENTLY",
       "refused: ALTER TABLE ... DETACH PARTITION ... CONCURRENTLY cannot run inside a "
       "transaction block\nalter table p\ndetach partition table c on=p\n"},
      {"ALTER INDEX i SET (fillfactor = 50)", "alter index i\n"},
      {"ALTER VIEW v ALTER COLUMN a SET DEFAULT 1", "alter view v\n"},
      {"ALTER TABLE t OWNER TO someone", "alter table t\n"},
  });
}

// What a created object depends on, so that what drops that takes it too.
TEST(PgParserDescribeTest, Dependencies) {
  ExpectDescribed({
      {"CREATE VIEW v AS SELECT a, t.b, u.* FROM t JOIN s.u ON true WHERE c > 0",
       "create view v reads=t reads=s.u ref=a ref=b ref=* ref=c\n"},
      {"CREATE MATERIALIZED VIEW mv AS SELECT x FROM (SELECT x FROM y) z",
       "create materialized view mv reads=y ref=x\n"},
      {"CREATE INDEX i ON t (a, (lower(b))) INCLUDE (d) WHERE c",
       "create index i on=t ref=a ref=b ref=d ref=c\nalter table t\nuses function lower\n"},
      {"CREATE TRIGGER g BEFORE UPDATE OF a ON t FOR EACH ROW WHEN (NEW.b > 0) EXECUTE "
       "FUNCTION f()",
       "create trigger g on=t ref=a ref=b\nuses function f\n"},
      {"CREATE SEQUENCE s OWNED BY app.t.id", "create sequence s on=app.t\n"},
      {"CREATE SEQUENCE s OWNED BY NONE", "create sequence s\n"},
      {"CREATE FUNCTION f(t) RETURNS SETOF u LANGUAGE sql AS 'SELECT NULL::u'",
       "create function f reads=t reads=u\nuses type t\nuses type u\n"},
      {"ALTER TABLE app.users ADD CONSTRAINT users_pkey PRIMARY KEY USING INDEX users_pkey, "
       "ADD UNIQUE USING INDEX i",
       "alter table app.users\n"},
  });
}

TEST(PgParserDescribeTest, SetSchemaMovesTheObject) {
  ExpectDescribed({
      {"ALTER TABLE t SET SCHEMA archive", "drop table t\ncreate table archive.t\n"},
      {"ALTER TABLE IF EXISTS s.t SET SCHEMA archive",
       "drop table s.t if_exists\ncreate table archive.t if_exists\n"},
      {"ALTER VIEW v SET SCHEMA s", "drop view v\ncreate view s.v\n"},
      {"ALTER FUNCTION f() SET SCHEMA s", "drop function f\ncreate function s.f\n"},
      {"ALTER TYPE mood SET SCHEMA s", "drop type mood\ncreate type s.mood\n"},
      {"ALTER EXTENSION pg_trgm SET SCHEMA ext", "alter extension pg_trgm\n"},
  });
}

TEST(PgParserDescribeTest, Writes) {
  ExpectDescribed({
      {"INSERT INTO s.t (a) VALUES (1)", "insert table s.t\n"},
      {"INSERT INTO t VALUES (1) ON CONFLICT (a) DO UPDATE SET b = 2",
       "insert table t\nupdate table t\n"},
      {"INSERT INTO t VALUES (1) ON CONFLICT DO NOTHING", "insert table t\n"},
      {"UPDATE t SET a = 1 FROM u WHERE u.id = t.id", "update table t\n"},
      {"DELETE FROM ONLY t WHERE a = 1", "delete table t\n"},
      {"WITH gone AS (DELETE FROM s.a RETURNING *) INSERT INTO b SELECT * FROM gone",
       "delete table s.a\ninsert table b\n"},
      {"WITH moved AS (UPDATE a SET x = 1 RETURNING *) SELECT * FROM moved", "update table a\n"},
      {"MERGE INTO t USING s ON t.id = s.id WHEN MATCHED AND s.gone THEN DELETE "
       "WHEN MATCHED THEN UPDATE SET v = s.v WHEN NOT MATCHED THEN INSERT VALUES (s.id)",
       "delete table t\nupdate table t\ninsert table t\n"},
      {"TRUNCATE a, s.b CASCADE", "truncate table a cascade\ntruncate table s.b cascade\n"},
      {"TRUNCATE TABLE a", "truncate table a\n"},
      {"COPY t FROM '/tmp/data.csv'", "insert table t\n"},
      {"COPY t TO '/tmp/data.csv'", ""},
      {"EXPLAIN ANALYZE DELETE FROM t", "delete table t\n"},
      {"EXPLAIN DELETE FROM t", ""},
      {"SELECT * FROM t FOR UPDATE", ""},
      {"SELECT * FROM t FOR SHARE SKIP LOCKED", ""},
      {"SELECT set_config('x', 'y', false)", "not understood\nuses function set_config\n"},
  });
}

TEST(PgParserDescribeTest, MaintenanceAndCode) {
  ExpectDescribed({
      {"VACUUM t",
       "maintenance\nrefused: VACUUM cannot run inside a transaction block\n"},
      {"VACUUM (ANALYZE) t",
       "maintenance\nrefused: VACUUM cannot run inside a transaction block\n"},
      {"ANALYZE t", "maintenance\n"},
      {"REINDEX TABLE t", "maintenance\n"},
      {"REINDEX INDEX CONCURRENTLY i",
       "maintenance\nrefused: REINDEX CONCURRENTLY cannot run inside a transaction block\n"},
      {"REINDEX SYSTEM d",
       "maintenance\nrefused: REINDEX SYSTEM cannot run inside a transaction block\n"},
      {"CLUSTER t USING i", "maintenance\n"},
      {"CLUSTER",
       "maintenance\nrefused: CLUSTER without a table name cannot run inside a transaction "
       "block\n"},
      {"REFRESH MATERIALIZED VIEW CONCURRENTLY mv", "maintenance\n"},
      {"CHECKPOINT", "maintenance\n"},
      {"DO $$ BEGIN CREATE TABLE x (a int); END $$", "not understood\n"},
      {"CALL s.archive(1)", "not understood\nuses function s.archive\n"},
      {"EXECUTE q(1)", "not understood\n"},
      {"CREATE TABLE t (a int) WITH BROKEN SYNTAX", "not understood\n"},
      {"GRANT SELECT ON t TO r WITH INHERIT TRUE", "not understood\n"},
      {"GRANT SELECT ON t TO r", ""},
      {"COMMENT ON TABLE t IS 'x'", ""},
      {"SET search_path = app", ""},
  });
}

TEST(PgParserDescribeTest, RefusedInTransaction) {
  const std::string ends =
      " would end (or be ignored inside) the transaction migrate runs the migration in\n";
  ExpectDescribed({
      {"BEGIN", "refused: BEGIN" + ends},
      {"start transaction read only", "refused: START TRANSACTION" + ends},
      {"COMMIT", "refused: COMMIT" + ends},
      {"-- done\nend", "refused: END" + ends},
      {"ROLLBACK", "refused: ROLLBACK" + ends},
      {"abort", "refused: ABORT" + ends},
      {"PREPARE TRANSACTION 'x'", "refused: PREPARE TRANSACTION" + ends},
      {"COMMIT PREPARED 'x'",
       "refused: COMMIT PREPARED cannot run inside a transaction block\n"},
      {"SAVEPOINT a", ""},
      {"RELEASE SAVEPOINT a", ""},
      {"ROLLBACK TO SAVEPOINT a", ""},
      {"CREATE DATABASE x", "refused: CREATE DATABASE cannot run inside a transaction block\n"},
      {"DROP DATABASE IF EXISTS x",
       "refused: DROP DATABASE cannot run inside a transaction block\n"},
      {"CREATE TABLESPACE ts LOCATION '/x'",
       "refused: CREATE TABLESPACE cannot run inside a transaction block\n"},
      {"DROP TABLESPACE ts", "refused: DROP TABLESPACE cannot run inside a transaction block\n"},
      {"ALTER SYSTEM SET work_mem = '8MB'",
       "refused: ALTER SYSTEM cannot run inside a transaction block\n"},
      {"ALTER DATABASE d SET TABLESPACE ts",
       "refused: ALTER DATABASE ... SET TABLESPACE cannot run inside a transaction block\n"},
      {"ALTER DATABASE d SET work_mem = '8MB'", ""},
      {"DISCARD ALL", "refused: DISCARD ALL cannot run inside a transaction block\n"},
      {"DISCARD TEMP", ""},
      {"CREATE SUBSCRIPTION s CONNECTION 'dbname=x' PUBLICATION p",
       "refused: CREATE SUBSCRIPTION (which creates a replication slot) cannot run inside a "
       "transaction block\n"},
      {"CREATE SUBSCRIPTION s CONNECTION 'dbname=x' PUBLICATION p WITH (create_slot = off)", ""},
      {"REINDEX (CONCURRENTLY false) TABLE t", "maintenance\n"},
      {"REINDEX (VERBOSE, CONCURRENTLY) TABLE t",
       "maintenance\nrefused: REINDEX CONCURRENTLY cannot run inside a transaction block\n"},
  });
}

TEST(PgParserDescribeTest, UsesKeepQualificationAndSkipPgCatalog) {
  ExpectDescribed({
      {"SELECT similarity(a, b), public.digest(c, 'sha256'), pg_catalog.now() FROM t",
       "not understood\nuses function similarity\nuses function public.digest\n"},
      {"SELECT x::ext.vector(3), y::int, z::\"Geo\" FROM t",
       "uses type ext.vector\nuses type \"Geo\"\n"},
      {"ALTER TABLE t ADD COLUMN geom geometry(Point, 4326), ADD COLUMN n numeric",
       "add column table t column=geom\nadd column table t column=n\nuses type geometry\n"},
      {"CREATE FUNCTION f(a t.x%TYPE) RETURNS void LANGUAGE sql AS ''",
       "create function f reads=void\nuses type void\n"},
      {"SELECT lower(a), lower(b) FROM t", "not understood\nuses function lower\n"},
      {"ALTER TABLE t ADD CONSTRAINT ex EXCLUDE USING gist (r range_ops WITH &&)",
       "alter table t\nuses opclass range_ops\n"},
  });
}

}  // namespace
}  // namespace migrate::db
