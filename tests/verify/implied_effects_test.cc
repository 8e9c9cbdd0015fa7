#include "migrator/verify/implied_effects.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "migrator/script/sql_splitter.h"

namespace migrate::verify {
namespace {

using script::Postcondition;
using script::SplitterOptions;
using script::Statement;

const SplitterOptions kSqlite = SplitterOptions::Sqlite();
const SplitterOptions kPostgres = SplitterOptions::Postgresql();

// One line per postcondition: "<origin line>: <expect: syntax>".
std::string Show(const std::vector<Postcondition>& effects) {
  std::string out;
  for (const Postcondition& p : effects) {
    out += std::to_string(p.origin.line) + ": " + p.Describe() + "\n";
  }
  return out;
}

std::string Infer(std::string_view sql, const SplitterOptions& options) {
  auto statements = script::SplitStatements(sql, 1, options, "m.sql");
  if (!statements) return "split error: " + statements.error().ToString();
  return Show(InferEffects(*statements, options, "m.sql"));
}

// --- CREATE TABLE ------------------------------------------------------------

TEST(ImpliedEffectsTest, CreateTableListsColumnsAndSkipsConstraints) {
  EXPECT_EQ(Infer(R"sql(
CREATE TABLE orders (
    id          bigint GENERATED ALWAYS AS IDENTITY,
    customer_id uuid NOT NULL REFERENCES customers (id) ON DELETE CASCADE,
    qty         integer NOT NULL DEFAULT coalesce(nullif(1, 0), 2) CHECK (qty > 0 AND qty < 1000),
    price       numeric(8, 2) NOT NULL,
    total       numeric(10, 2) GENERATED ALWAYS AS (qty * price) STORED,
    during      tstzrange,
    PRIMARY KEY (id),
    CONSTRAINT orders_price_ok CHECK (price >= 0 AND price IN (1, 2, 3)),
    FOREIGN KEY (customer_id) REFERENCES customers (id),
    UNIQUE (customer_id, qty),
    CHECK (qty <> 13),
    EXCLUDE USING gist (customer_id WITH =, during WITH &&),
    LIKE order_template INCLUDING DEFAULTS
);)sql",
                  kPostgres),
            "2: table orders(id, customer_id, qty, price, total, during)\n");
}

TEST(ImpliedEffectsTest, CreateTableForms) {
  EXPECT_EQ(Infer("CREATE TABLE IF NOT EXISTS settings (key text PRIMARY KEY, value text);\n"
                  "CREATE UNLOGGED TABLE cache (k text);\n"
                  "CREATE TABLE app.accounts (id int);\n"
                  "CREATE TABLE \"Mixed Case\" (\"Id\" int, plain int);\n"
                  "CREATE TABLE totals AS SELECT customer_id, sum(qty) FROM orders GROUP BY 1;\n"
                  "CREATE TABLE named_totals (customer, total) AS SELECT 1, 2;\n"
                  "CREATE TABLE orders_2024 PARTITION OF orders FOR VALUES FROM ('2024-01-01') "
                  "TO ('2025-01-01');\n"
                  "CREATE TABLE empty ();\n"
                  "CREATE FOREIGN TABLE remote_users (id int) SERVER other;\n",
                  kPostgres),
            "1: table settings(key, value)\n"
            "2: table cache(k)\n"
            "3: table app.accounts(id)\n"
            "4: table \"Mixed Case\"(\"Id\", plain)\n"
            "5: table totals\n"
            "6: table named_totals(customer, total)\n"
            "7: table orders_2024\n"
            "8: table empty\n"
            "9: table remote_users(id)\n");
}

TEST(ImpliedEffectsTest, SqliteTablesWithoutTypesAndVirtualTables) {
  EXPECT_EQ(Infer("CREATE TABLE t (a, b PRIMARY KEY, [c d], `e`, 'f') WITHOUT ROWID;\n"
                  "CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize = 'porter');\n"
                  "CREATE TABLE IF NOT EXISTS main.kv (k TEXT, v TEXT) STRICT;\n",
                  kSqlite),
            "1: table t(a, b, \"c d\", \"e\", \"f\")\n"
            "2: table docs\n"
            "3: table main.kv(k, v)\n");
}

TEST(ImpliedEffectsTest, CreateIfNotExistsOnAKnownTableChangesNothing) {
  EXPECT_EQ(Infer("CREATE TABLE t (a int);\nCREATE TABLE IF NOT EXISTS t (b int);\n", kPostgres),
            "1: table t(a)\n");
  // An earlier ALTER TABLE showed that u exists, so the CREATE did nothing.
  EXPECT_EQ(
      Infer("ALTER TABLE u ADD COLUMN c int;\nCREATE TABLE IF NOT EXISTS u (d int);\n", kPostgres),
      "1: column u.c\n");
}

// --- Other CREATEs -----------------------------------------------------------

TEST(ImpliedEffectsTest, CreateIndexForms) {
  EXPECT_EQ(
      Infer("CREATE INDEX idx_a ON t (a);\n"
            "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_b ON ONLY t USING btree (lower(b)) "
            "WHERE b IS NOT NULL;\n"
            "CREATE INDEX ON t (c);\n"
            "CREATE INDEX idx_d ON app.t (d);\n"
            "CREATE INDEX idx_e ON t USING gin (e gin_trgm_ops);\n",
            kPostgres),
      "1: index idx_a\n"
      "2: index idx_b\n"
      "4: index app.idx_d\n"
      "5: index idx_e\n");
  // A renamed index stays in its schema.
  EXPECT_EQ(
      Infer("CREATE INDEX idx_d ON app.t (d);\nALTER INDEX idx_d RENAME TO idx_e;\n", kPostgres),
      "2: index app.idx_e\n2: no index idx_d\n");
  // SQLite writes the schema on the index name.
  EXPECT_EQ(Infer("CREATE UNIQUE INDEX IF NOT EXISTS main.idx_x ON t (x) WHERE x > 0;", kSqlite),
            "1: index main.idx_x\n");
}

TEST(ImpliedEffectsTest, CreateOtherObjects) {
  EXPECT_EQ(Infer(R"sql(
CREATE OR REPLACE VIEW active_users AS SELECT * FROM users WHERE active;
CREATE RECURSIVE VIEW tree (id) AS SELECT 1 UNION ALL SELECT id + 1 FROM tree WHERE id < 3;
CREATE MATERIALIZED VIEW IF NOT EXISTS stats AS SELECT count(*) FROM users WITH NO DATA;
CREATE SEQUENCE IF NOT EXISTS app.invoice_no START 1000;
CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
CREATE TYPE pair AS (a int, b text);
CREATE DOMAIN positive AS integer CHECK (VALUE > 0);
CREATE OR REPLACE FUNCTION app.add(a int, b int) RETURNS int LANGUAGE sql AS $$ SELECT a + b $$;
CREATE PROCEDURE tidy() LANGUAGE sql BEGIN ATOMIC DELETE FROM logs; END;
CREATE TRIGGER trg_touch BEFORE UPDATE ON app.users FOR EACH ROW EXECUTE FUNCTION touch();
CREATE SCHEMA IF NOT EXISTS reporting;
CREATE SCHEMA AUTHORIZATION alice;
CREATE SCHEMA AUTHORIZATION CURRENT_USER;
CREATE EXTENSION IF NOT EXISTS "uuid-ossp" WITH SCHEMA public;
CREATE EXTENSION pg_trgm;
)sql",
                  kPostgres),
            "2: view active_users\n"
            "3: view tree\n"
            "4: materialized view stats\n"
            "5: sequence app.invoice_no\n"
            "6: type mood\n"
            "7: type pair\n"
            "8: type positive\n"
            "9: function app.add\n"
            "10: function tidy\n"
            "11: trigger app.trg_touch\n"
            "12: schema reporting\n"
            "13: schema alice\n"
            "15: extension \"uuid-ossp\"\n"
            "16: extension pg_trgm\n");
}

TEST(ImpliedEffectsTest, SqliteTriggersAndViews) {
  EXPECT_EQ(Infer("CREATE VIEW IF NOT EXISTS v AS SELECT 1;\n"
                  "CREATE TRIGGER IF NOT EXISTS trg AFTER UPDATE OF a, b ON t\n"
                  "WHEN new.a > 0 BEGIN UPDATE t SET c = CASE WHEN 1 THEN 2 END; END;\n",
                  kSqlite),
            "1: view v\n2: trigger trg\n");
}

// --- DROP --------------------------------------------------------------------

TEST(ImpliedEffectsTest, DropListsWithIfExistsAndCascade) {
  EXPECT_EQ(Infer("DROP TABLE IF EXISTS a, app.b, \"C\" CASCADE;\n"
                  "DROP VIEW v;\n"
                  "DROP MATERIALIZED VIEW IF EXISTS mv;\n"
                  "DROP INDEX CONCURRENTLY IF EXISTS app.idx;\n"
                  "DROP SEQUENCE s RESTRICT;\n"
                  "DROP TYPE IF EXISTS mood, pair;\n"
                  "DROP DOMAIN positive;\n"
                  "DROP SCHEMA old_stuff CASCADE;\n"
                  "DROP EXTENSION IF EXISTS hstore;\n",
                  kPostgres),
            "1: no table a\n"
            "1: no table app.b\n"
            "1: no table \"C\"\n"
            "2: no view v\n"
            "3: no materialized view mv\n"
            "4: no index app.idx\n"
            "5: no sequence s\n"
            "6: no type mood\n"
            "6: no type pair\n"
            "7: no type positive\n"
            "8: no schema old_stuff\n"
            "9: no extension hstore\n");
}

TEST(ImpliedEffectsTest, DroppedFunctionsAndPostgresqlTriggersImplyNoAbsence) {
  // Another overload of f, or a trigger of the same name on another table, may remain.
  EXPECT_EQ(Infer("CREATE FUNCTION f(a int) RETURNS int LANGUAGE sql RETURN a;\n"
                  "CREATE TRIGGER trg BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION g();\n"
                  "DROP FUNCTION f(int), h(text);\n"
                  "DROP TRIGGER IF EXISTS trg ON t;\n"
                  "DROP TRIGGER other ON u;\n"
                  "DROP PROCEDURE IF EXISTS p;\n",
                  kPostgres),
            "");
  // SQLite trigger names are unique in their schema.
  EXPECT_EQ(Infer("DROP TRIGGER IF EXISTS main.trg;", kSqlite), "1: no trigger main.trg\n");
}

TEST(ImpliedEffectsTest, CreateThenDropLeavesOnlyTheAbsence) {
  EXPECT_EQ(Infer("CREATE TABLE scratch (a int);\n"
                  "CREATE INDEX idx_scratch ON scratch (a);\n"
                  "ALTER TABLE scratch ADD COLUMN b int;\n"
                  "DROP TABLE scratch;\n",
                  kPostgres),
            "4: no table scratch\n");
}

TEST(ImpliedEffectsTest, DropThenCreateLeavesTheNewObject) {
  EXPECT_EQ(Infer("DROP VIEW IF EXISTS v;\nCREATE VIEW v AS SELECT 2;\n", kPostgres),
            "2: view v\n");
}

TEST(ImpliedEffectsTest, DropTableForgetsItsIndexesTriggersAndOwnedSequences) {
  EXPECT_EQ(Infer("CREATE INDEX idx_t_a ON t (a);\n"
                  "CREATE TRIGGER trg_t AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();\n"
                  "CREATE SEQUENCE t_seq OWNED BY t.id;\n"
                  "CREATE SEQUENCE later_seq;\n"
                  "ALTER SEQUENCE later_seq OWNED BY public.t.id;\n"
                  "CREATE INDEX idx_u_a ON u (a);\n"
                  "DROP TABLE t;\n",
                  kPostgres),
            "6: index idx_u_a\n7: no table t\n");
}

TEST(ImpliedEffectsTest, CascadeForgetsWhatMentionsTheDroppedObject) {
  EXPECT_EQ(Infer("CREATE TABLE t (a int);\n"
                  "CREATE VIEW v AS SELECT a FROM t;\n"
                  "CREATE VIEW w AS SELECT 1;\n"
                  "CREATE TYPE mood AS ENUM ('ok');\n"
                  "CREATE TABLE person (name text, feeling mood);\n"
                  "DROP TABLE t CASCADE;\n"
                  "DROP TYPE mood CASCADE;\n",
                  kPostgres),
            "3: view w\n5: table person\n6: no table t\n7: no type mood\n");
  // An extension's CASCADE may take any column, index, view or function.
  EXPECT_EQ(Infer("CREATE TABLE u (email citext, id int);\n"
                  "CREATE INDEX idx_u ON u (email);\n"
                  "CREATE VIEW uv AS SELECT 1;\n"
                  "CREATE SEQUENCE s;\n"
                  "DROP EXTENSION citext CASCADE;\n",
                  kPostgres),
            "1: table u\n4: sequence s\n5: no extension citext\n");
}

// --- ALTER -------------------------------------------------------------------

TEST(ImpliedEffectsTest, AlterTableColumnsOnPostgresql) {
  EXPECT_EQ(Infer("ALTER TABLE ONLY users\n"
                  "    ADD COLUMN IF NOT EXISTS nickname text DEFAULT lower('X, Y'),\n"
                  "    ADD CONSTRAINT users_nick CHECK (length(nickname) < 30),\n"
                  "    ALTER COLUMN email SET NOT NULL,\n"
                  "    DROP COLUMN IF EXISTS legacy CASCADE,\n"
                  "    ADD score int;\n"
                  "ALTER TABLE users RENAME COLUMN name TO full_name;\n"
                  "ALTER TABLE users RENAME CONSTRAINT a TO b;\n"
                  "ALTER TABLE users DROP CONSTRAINT users_nick;\n",
                  kPostgres),
            "1: column users.nickname\n"
            "1: no column users.legacy\n"
            "1: column users.score\n"
            "7: no column users.name\n"
            "7: column users.full_name\n");
}

TEST(ImpliedEffectsTest, AlterTableColumnsOnSqlite) {
  EXPECT_EQ(Infer("ALTER TABLE t ADD c TEXT NOT NULL DEFAULT '';\n"
                  "ALTER TABLE t ADD COLUMN [d e] INTEGER;\n"
                  "ALTER TABLE t DROP COLUMN old;\n"
                  "ALTER TABLE t RENAME a TO b;\n",
                  kSqlite),
            "1: column t.c\n"
            "2: column t.\"d e\"\n"
            "3: no column t.old\n"
            "4: no column t.a\n"
            "4: column t.b\n");
}

TEST(ImpliedEffectsTest, ColumnsOfATableCreatedHereFoldIntoIt) {
  EXPECT_EQ(Infer("CREATE TABLE t (a int, b int, c int);\n"
                  "ALTER TABLE t ADD COLUMN d int;\n"
                  "ALTER TABLE t DROP COLUMN b;\n"
                  "ALTER TABLE t ADD COLUMN b text;\n"
                  "ALTER TABLE t DROP COLUMN d;\n",
                  kPostgres),
            "1: table t(a, c)\n4: column t.b\n5: no column t.d\n");
}

TEST(ImpliedEffectsTest, AlterTableIfExistsImpliesNothingAboutAnUnknownTable) {
  EXPECT_EQ(Infer("ALTER TABLE IF EXISTS maybe ADD COLUMN c int;\n"
                  "ALTER TABLE IF EXISTS maybe RENAME TO surely;\n"
                  "CREATE TABLE known (a int);\n"
                  "ALTER TABLE IF EXISTS known ADD COLUMN b int;\n",
                  kPostgres),
            "3: table known(a)\n4: column known.b\n");
}

TEST(ImpliedEffectsTest, SqliteTableRebuild) {
  // https://www.sqlite.org/lang_altertable.html#otheralter, as migrations write it.
  EXPECT_EQ(Infer(R"sql(
PRAGMA foreign_keys = OFF;
CREATE TABLE new_items (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL,
    price NUMERIC NOT NULL CHECK (price >= 0)
);
INSERT INTO new_items (id, name, price) SELECT id, name, coalesce(price, 0) FROM items;
DROP TABLE items;
ALTER TABLE new_items RENAME TO items;
CREATE INDEX idx_items_name ON items (name);
PRAGMA foreign_key_check;
PRAGMA foreign_keys = ON;
)sql",
                  kSqlite),
            "10: table items(id, name, price)\n"
            "10: no table new_items\n"
            "11: index idx_items_name\n");
}

constexpr const char* kRenameScript =
    "CREATE TABLE a (x int);\n"
    "CREATE INDEX idx_a_x ON a (x);\n"
    "CREATE TRIGGER trg_a BEFORE UPDATE ON a FOR EACH ROW EXECUTE FUNCTION f();\n"
    "CREATE TRIGGER trg_keep AFTER UPDATE ON a FOR EACH ROW EXECUTE FUNCTION f();\n"
    "ALTER TABLE a ADD COLUMN y int;\n"
    "ALTER TABLE a RENAME TO b;\n"
    "ALTER INDEX idx_a_x RENAME TO idx_b_x;\n"
    "ALTER TRIGGER trg_a ON b RENAME TO trg_b;\n";

TEST(ImpliedEffectsTest, RenameMovesColumnsIndexesAndTriggers) {
  EXPECT_EQ(Infer(kRenameScript, kPostgres),
            "4: trigger trg_keep\n"
            "5: column b.y\n"
            "6: table b(x)\n"
            "6: no table a\n"
            "7: index idx_b_x\n"
            "7: no index idx_a_x\n"
            "8: trigger trg_b\n");
  // They went with the table, so dropping it under its new name forgets them.
  EXPECT_EQ(Infer(std::string(kRenameScript) + "DROP TABLE b;\n", kPostgres),
            "6: no table a\n"
            "7: no index idx_a_x\n"
            "9: no table b\n");
}

TEST(ImpliedEffectsTest, RenameOfObjectsThisMigrationDidNotCreate) {
  EXPECT_EQ(Infer("ALTER INDEX i RENAME TO j;\n"
                  "ALTER VIEW IF EXISTS v RENAME TO w;\n"
                  "ALTER SEQUENCE app.s RENAME TO t;\n"
                  "ALTER TYPE mood RENAME TO feeling;\n"
                  "ALTER FUNCTION f(int) RENAME TO g;\n"
                  "ALTER SCHEMA old RENAME TO new;\n"
                  "ALTER MATERIALIZED VIEW mv RENAME TO mv2;\n",
                  kPostgres),
            "1: index j\n1: no index i\n"
            "3: sequence app.t\n3: no sequence app.s\n"
            "4: type feeling\n4: no type mood\n"
            "5: function g\n"
            "6: schema new\n6: no schema old\n"
            "7: materialized view mv2\n7: no materialized view mv\n");
  // On PostgreSQL, ALTER TABLE renames any relation: the new name's kind is unknown.
  EXPECT_EQ(Infer("ALTER TABLE r RENAME TO s;", kPostgres), "1: no table r\n");
  // On SQLite it is a table.
  EXPECT_EQ(Infer("ALTER TABLE r RENAME TO s;", kSqlite), "1: table s\n1: no table r\n");
}

TEST(ImpliedEffectsTest, SetSchemaForgetsTheObject) {
  EXPECT_EQ(Infer("CREATE TABLE t (a int);\nALTER TABLE t SET SCHEMA archive;\n"
                  "CREATE VIEW v AS SELECT 1;\nALTER VIEW v SET SCHEMA archive;\n",
                  kPostgres),
            "");
}

// --- Temporary objects -------------------------------------------------------

TEST(ImpliedEffectsTest, TemporaryObjectsImplyNothing) {
  EXPECT_EQ(Infer("CREATE TEMP TABLE scratch (a int);\n"
                  "CREATE LOCAL TEMPORARY TABLE scratch2 (a int);\n"
                  "CREATE TABLE pg_temp.scratch3 (a int);\n"
                  "CREATE INDEX idx_scratch ON scratch (a);\n"
                  "ALTER TABLE scratch ADD COLUMN b int;\n"
                  "CREATE VIEW scratch_view AS SELECT a FROM scratch;\n"
                  "CREATE TEMP VIEW tv AS SELECT 1;\n"
                  "CREATE TEMPORARY SEQUENCE ts;\n"
                  "CREATE TABLE kept AS SELECT * FROM scratch;\n"
                  "DROP TABLE scratch;\n",
                  kPostgres),
            "9: table kept\n");
  EXPECT_EQ(Infer("CREATE TEMP TABLE x (a);\n"
                  "CREATE TABLE temp.y (a);\n"
                  "CREATE TEMP TRIGGER trg AFTER INSERT ON x BEGIN SELECT 1; END;\n"
                  "CREATE INDEX idx_y ON y (a);\n"
                  "DROP TABLE x;\n",
                  kSqlite),
            "");
}

// --- Names -------------------------------------------------------------------

TEST(ImpliedEffectsTest, PostgresqlFoldsUnquotedNamesOnly) {
  EXPECT_EQ(Infer("CREATE TABLE Users (ID int);\n"
                  "CREATE TABLE \"Orders\" (a int);\n"
                  "DROP TABLE USERS;\n"
                  "DROP TABLE orders;\n",
                  kPostgres),
            "2: table \"Orders\"(a)\n3: no table USERS\n4: no table orders\n");
}

TEST(ImpliedEffectsTest, SqliteNamesAreCaseInsensitiveEvenQuoted) {
  EXPECT_EQ(Infer("CREATE TABLE \"Orders\" (a);\nDROP TABLE orders;\n", kSqlite),
            "2: no table orders\n");
  EXPECT_EQ(Infer("CREATE TABLE main.T (a);\nALTER TABLE t ADD COLUMN b;\n", kSqlite),
            "1: table main.T(a)\n2: column main.T.b\n");
}

TEST(ImpliedEffectsTest, QualifiedAndUnqualifiedNamesMeetTheSameObject) {
  EXPECT_EQ(Infer("CREATE TABLE app.t (a int);\nDROP TABLE t;\n", kPostgres), "2: no table t\n");
  EXPECT_EQ(Infer("CREATE TABLE t (a int);\nALTER TABLE app.t ADD COLUMN b int;\n", kPostgres),
            "1: table t(a)\n2: column t.b\n");
  // Different schemas are different objects.
  EXPECT_EQ(Infer("CREATE TABLE a.t (x int);\nDROP TABLE b.t;\n", kPostgres),
            "1: table a.t(x)\n2: no table b.t\n");
}

// --- What adds nothing -------------------------------------------------------

TEST(ImpliedEffectsTest, StatementsItDoesNotUnderstandAddNothing) {
  EXPECT_EQ(Infer(R"sql(
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_tables WHERE tablename = 'x') THEN
        CREATE TABLE x (a int);
    END IF;
END
$$;
SELECT 'CREATE TABLE printed_only (a int)';
INSERT INTO audit VALUES ('DROP TABLE users');
UPDATE t SET a = 1;
DELETE FROM t;
SELECT create_partition('2024');
GRANT SELECT ON users TO reader;
COMMENT ON TABLE users IS 'people';
CREATE POLICY p ON users USING (true);
CREATE RULE r AS ON INSERT TO t DO NOTHING;
CREATE ROLE app_reader;
CREATE FOREIGN DATA WRAPPER w;
ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users ALTER COLUMN a TYPE bigint, ALTER COLUMN b SET DEFAULT 0;
ALTER EXTENSION pg_trgm UPDATE;
CREATE FUNCTION make_table() RETURNS void LANGUAGE plpgsql AS $f$
BEGIN
    CREATE TABLE made_by_function (a int);
END
$f$;
SELECT make_table();
VACUUM ANALYZE users;
)sql",
                  kPostgres),
            "23: function make_table\n");
}

TEST(ImpliedEffectsTest, StatementsThatDoNotLexAddNothing) {
  const std::vector<Statement> statements = {{"CREATE TABLE broken (a text DEFAULT 'oops", 3},
                                             {"CREATE TABLE fine (a int)", 5}};
  EXPECT_EQ(Show(InferEffects(statements, kPostgres, "m.sql")), "5: table fine(a)\n");
}

TEST(ImpliedEffectsTest, EmptyAndTruncatedStatementsAddNothing) {
  const std::vector<Statement> statements = {{"CREATE", 1},
                                             {"CREATE TABLE", 2},
                                             {"DROP TABLE", 3},
                                             {"ALTER TABLE t RENAME TO", 4},
                                             {"CREATE INDEX i ON", 5},
                                             {"ALTER TABLE t ADD", 6},
                                             {"", 7}};
  EXPECT_EQ(Show(InferEffects(statements, kPostgres, "m.sql")), "");
}

// A broad corpus of ordinary DDL: every implied postcondition is true after it runs.
TEST(ImpliedEffectsTest, OrdinaryPostgresqlDdlImpliesOnlyWhatHolds) {
  EXPECT_EQ(Infer(R"sql(
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE TYPE booking_status AS ENUM ('pending', 'confirmed', 'cancelled');
CREATE TABLE bookings (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    status      booking_status NOT NULL DEFAULT 'pending',
    starts_at   timestamptz NOT NULL,
    ends_at     timestamptz NOT NULL,
    seats       int NOT NULL CHECK (seats BETWEEN 1 AND 10),
    search      tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(note, ''))) STORED,
    note        text,
    CONSTRAINT bookings_time_ok CHECK (ends_at > starts_at AND (ends_at - starts_at) < interval '1 day')
);
CREATE INDEX idx_bookings_open ON bookings (starts_at) WHERE status <> 'cancelled';
CREATE INDEX idx_bookings_day ON bookings ((starts_at::date), (lower(note)));
CREATE OR REPLACE FUNCTION bookings_touch() RETURNS trigger
LANGUAGE plpgsql AS $body$
BEGIN
    NEW.note := trim(NEW.note);  -- CREATE TABLE inside a body; ignored
    RETURN NEW;
END;
$body$;
CREATE TRIGGER trg_bookings_touch BEFORE INSERT OR UPDATE ON bookings
    FOR EACH ROW EXECUTE FUNCTION bookings_touch();
CREATE VIEW upcoming AS
    SELECT id, starts_at FROM bookings WHERE starts_at > now() AND status = 'confirmed';
COMMENT ON VIEW upcoming IS 'bookings still to come; for the front desk';
)sql",
                  kPostgres),
            "2: extension pgcrypto\n"
            "3: type booking_status\n"
            "4: table bookings(id, status, starts_at, ends_at, seats, search, note)\n"
            "14: index idx_bookings_open\n"
            "15: index idx_bookings_day\n"
            "16: function bookings_touch\n"
            "23: trigger trg_bookings_touch\n"
            "25: view upcoming\n");
}

TEST(ImpliedEffectsTest, OrdinarySqliteDdlImpliesOnlyWhatHolds) {
  EXPECT_EQ(Infer(R"sql(
CREATE TABLE IF NOT EXISTS items (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    sku      TEXT NOT NULL COLLATE NOCASE UNIQUE,
    qty      INTEGER NOT NULL DEFAULT 0 CHECK (qty >= 0 AND qty < max(1000, 2000)),
    price    REAL CHECK (price IS NULL OR price IN (1.5, 2.5)),
    total    REAL GENERATED ALWAYS AS (qty * coalesce(price, 0)) VIRTUAL,
    doc      TEXT CHECK (json_valid(doc)),
    FOREIGN KEY (sku) REFERENCES skus (code) ON DELETE CASCADE,
    UNIQUE (sku, qty) ON CONFLICT REPLACE
);
CREATE INDEX idx_items_in_stock ON items (sku) WHERE qty > 0;
CREATE INDEX idx_items_lower ON items (lower(sku), qty DESC);
CREATE VIEW IF NOT EXISTS in_stock AS SELECT sku, qty FROM items WHERE qty > 0;
CREATE TRIGGER items_audit AFTER UPDATE OF qty ON items
WHEN old.qty <> new.qty
BEGIN
    INSERT INTO audit (what) VALUES (CASE WHEN new.qty = 0 THEN 'sold out' ELSE 'changed' END);
END;
INSERT INTO items (sku) VALUES ('A-1');
)sql",
                  kSqlite),
            "2: table items(id, sku, qty, price, total, doc)\n"
            "12: index idx_items_in_stock\n"
            "13: index idx_items_lower\n"
            "14: view in_stock\n"
            "15: trigger items_audit\n");
}

// --- Origin and source -------------------------------------------------------

TEST(ImpliedEffectsTest, OriginIsTheStatementAndSourceItsShortenedText) {
  const std::string long_statement =
      "CREATE TABLE wide (" + std::string(300, 'c') + " int, \xC3\xA9 int)";
  const std::vector<Statement> statements = {
      {"CREATE TABLE a (x int)", 12}, {"ALTER TABLE a RENAME TO b", 15}, {long_statement, 20}};
  const std::vector<Postcondition> effects =
      InferEffects(statements, kSqlite, "migrations/1f73_x.sql");
  ASSERT_EQ(effects.size(), 3u);
  EXPECT_EQ(effects[0].origin, (base::Location{"migrations/1f73_x.sql", 15}));
  EXPECT_EQ(effects[0].source, "ALTER TABLE a RENAME TO b");
  EXPECT_EQ(effects[0].Describe(), "table b(x)");
  EXPECT_EQ(effects[1].Describe(), "no table a");
  EXPECT_EQ(effects[2].origin, (base::Location{"migrations/1f73_x.sql", 20}));
  EXPECT_EQ(effects[2].source, long_statement.substr(0, 197) + "...");
  ASSERT_EQ(effects[2].columns.size(), 2u);
  EXPECT_EQ(effects[2].columns[1].text, "\xC3\xA9");
}

TEST(ImpliedEffectsTest, IdentifiersKeepTheirQuotedFlagAndSchema) {
  const std::vector<Statement> statements = {
      {"CREATE TABLE \"App\".\"Users\" (\"Id\" int, name text)", 1}};
  const std::vector<Postcondition> effects = InferEffects(statements, kPostgres, "m.sql");
  ASSERT_EQ(effects.size(), 1u);
  EXPECT_EQ(effects[0].kind, Postcondition::Kind::kExists);
  EXPECT_EQ(effects[0].object_kind, script::ObjectKind::kTable);
  EXPECT_EQ(effects[0].object, (script::ObjectName{script::Identifier{"App", true},
                                                   script::Identifier{"Users", true}}));
  EXPECT_EQ(effects[0].columns, (std::vector<script::Identifier>{{"Id", true}, {"name", false}}));
}

}  // namespace
}  // namespace migrate::verify
