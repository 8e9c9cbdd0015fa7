#include "migrator/verify/required_extensions.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "migrator/script/sql_splitter.h"

namespace migrate::verify {
namespace {

using script::SplitterOptions;

const SplitterOptions kSqlite = SplitterOptions::Sqlite();
const SplitterOptions kPostgres = SplitterOptions::Postgresql();

// One line per extension: "<where>: <name> (<reason>)".
std::string Required(std::string_view sql, const SplitterOptions& options,
                     const std::vector<std::string>& declared = {}) {
  auto statements = script::SplitStatements(sql, 1, options, "m.sql");
  if (!statements) return "split error: " + statements.error().ToString();
  std::string out;
  for (const RequiredExtension& e : RequiredExtensions(*statements, declared, options, "m.sql")) {
    out += e.where.ToString() + ": " + e.name + " (" + e.reason + ")\n";
  }
  return out;
}

TEST(RequiredExtensionsTest, TheContractsExample) {
  EXPECT_EQ(
      Required("CREATE TABLE services (id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),\n"
               "                       name text NOT NULL, price numeric NOT NULL);\n"
               "CREATE INDEX idx_services_name_trgm ON services USING gin (name gin_trgm_ops);\n",
               kPostgres, {"pg_trgm", "uuid-ossp"}),
      "m.sql: pg_trgm (declared in the header)\n"
      "m.sql: uuid-ossp (declared in the header)\n");
  EXPECT_EQ(
      Required("CREATE TABLE services (id uuid PRIMARY KEY DEFAULT uuid_generate_v4(),\n"
               "                       name text NOT NULL, price numeric NOT NULL);\n"
               "CREATE INDEX idx_services_name_trgm ON services USING gin (name gin_trgm_ops);\n",
               kPostgres),
      "m.sql:1: uuid-ossp (calls uuid_generate_v4())\n"
      "m.sql:3: pg_trgm (uses gin_trgm_ops)\n");
}

TEST(RequiredExtensionsTest, DeclaredFirstThenEvidenceEachOnce) {
  EXPECT_EQ(Required("SELECT similarity(a, b) FROM t;\n"
                     "SELECT crypt('x', gen_salt('bf'));\n"
                     "SELECT digest('x', 'sha256');\n",
                     kPostgres, {"pgcrypto", "pgcrypto", "hstore"}),
            "m.sql: pgcrypto (declared in the header)\n"
            "m.sql: hstore (declared in the header)\n"
            "m.sql:1: pg_trgm (calls similarity())\n");
}

TEST(RequiredExtensionsTest, CreateExtensionForms) {
  EXPECT_EQ(Required("CREATE EXTENSION IF NOT EXISTS \"uuid-ossp\";\n"
                     "CREATE EXTENSION PG_TRGM WITH SCHEMA public;\n"
                     "create extension if not exists citext cascade;\n"
                     "SELECT uuid_generate_v4();\n",
                     kPostgres),
            "m.sql:1: uuid-ossp (runs CREATE EXTENSION uuid-ossp)\n"
            "m.sql:2: pg_trgm (runs CREATE EXTENSION pg_trgm)\n"
            "m.sql:3: citext (runs CREATE EXTENSION citext)\n");
}

TEST(RequiredExtensionsTest, CreatedHereSticksWhateverTheFirstEvidence) {
  auto statements = script::SplitStatements(
      "CREATE INDEX i ON t USING gin (name gin_trgm_ops);\n"
      "CREATE EXTENSION IF NOT EXISTS pg_trgm;\n"
      "SELECT uuid_generate_v4();\n",
      1, kPostgres, "m.sql");
  ASSERT_TRUE(statements.has_value());
  std::vector<RequiredExtension> required =
      RequiredExtensions(*statements, {"citext"}, kPostgres, "m.sql");
  ASSERT_EQ(required.size(), 3u);
  EXPECT_EQ(required[0].name, "citext");
  EXPECT_FALSE(required[0].created_here);
  EXPECT_EQ(required[1].name, "pg_trgm");
  EXPECT_EQ(required[1].reason, "uses gin_trgm_ops");
  EXPECT_TRUE(required[1].created_here);
  EXPECT_EQ(required[2].name, "uuid-ossp");
  EXPECT_FALSE(required[2].created_here);
}

TEST(RequiredExtensionsTest, StringsCommentsAndQuotedNamesAreNotEvidence) {
  EXPECT_EQ(Required("-- uses gin_trgm_ops and uuid_generate_v4()\n"
                     "/* CREATE EXTENSION hstore; */\n"
                     "SELECT 'similarity(a, b)', $$ crypt('x') $$, \"citext\" FROM t;\n"
                     "COMMENT ON TABLE t IS 'CREATE EXTENSION postgis';\n",
                     kPostgres),
            "");
}

TEST(RequiredExtensionsTest, NamesFollowedByParenthesesAreNotAlwaysCalls) {
  EXPECT_EQ(Required("CREATE TABLE digest (id int, body text);\n"
                     "CREATE TABLE IF NOT EXISTS hmac (id int);\n"
                     "INSERT INTO similarity (a) VALUES (1);\n"
                     "CREATE TABLE x (d int REFERENCES crypt (id));\n"
                     "CREATE INDEX ON armor (id);\n"
                     "CREATE OR REPLACE FUNCTION app.soundex(t text) RETURNS text LANGUAGE sql "
                     "AS 'SELECT t';\n"
                     "WITH unaccent (x) AS (SELECT 1) SELECT x FROM unaccent;\n"
                     "ALTER TABLE ONLY levenshtein (a);\n",
                     kPostgres),
            "");
  EXPECT_EQ(Required("SELECT public.similarity(a, b) FROM t;", kPostgres),
            "m.sql:1: pg_trgm (calls similarity())\n");
}

TEST(RequiredExtensionsTest, TypesCountInTypePositionsOnly) {
  EXPECT_EQ(Required("CREATE TABLE users (\n"
                     "    id int,\n"
                     "    email citext NOT NULL,\n"
                     "    attrs hstore,\n"
                     "    path ltree,\n"
                     "    embedding vector(3),\n"
                     "    location geography(Point, 4326)\n"
                     ");\n",
                     kPostgres),
            "m.sql:3: citext (uses type citext)\n"
            "m.sql:4: hstore (uses type hstore)\n"
            "m.sql:5: ltree (uses type ltree)\n"
            "m.sql:6: vector (uses type vector)\n"
            "m.sql:7: postgis (uses type geography)\n");
  EXPECT_EQ(Required("ALTER TABLE t ALTER COLUMN c TYPE citext;\n"
                     "SELECT x::hstore FROM t;\n"
                     "ALTER TABLE t ADD COLUMN g public.geometry;\n"
                     "ALTER TABLE t ADD v vector;\n"
                     "CREATE FUNCTION f(p cube) RETURNS ltree LANGUAGE sql AS 'SELECT 1';\n",
                     kPostgres),
            "m.sql:1: citext (uses type citext)\n"
            "m.sql:2: hstore (uses type hstore)\n"
            "m.sql:3: postgis (uses type geometry)\n"
            "m.sql:4: vector (uses type vector)\n"
            "m.sql:5: cube (uses type cube)\n"
            "m.sql:5: ltree (uses type ltree)\n");
  // Columns that merely have those names.
  EXPECT_EQ(Required("CREATE TABLE t (vector text, citext int, hstore text);\n"
                     "INSERT INTO t (vector, hstore) VALUES ('a', 'b');\n"
                     "SELECT hstore, citext FROM t;\n",
                     kPostgres),
            "");
}

TEST(RequiredExtensionsTest, DependenciesAndOperatorClasses) {
  EXPECT_EQ(Required("CREATE INDEX idx_near ON shops USING gist (ll_to_earth(lat, lon));\n"
                     "ALTER TABLE rooms ADD CONSTRAINT no_overlap EXCLUDE USING gist\n"
                     "    (room_id gist_int4_ops WITH =, during WITH &&);\n"
                     "CREATE INDEX idx_names ON t USING gist (name gist_trgm_ops);\n",
                     kPostgres),
            "m.sql:1: earthdistance (calls ll_to_earth())\n"
            "m.sql:1: cube (needed by earthdistance)\n"
            "m.sql:3: btree_gist (uses gist_int4_ops)\n"
            "m.sql:4: pg_trgm (uses gist_trgm_ops)\n");
}

TEST(RequiredExtensionsTest, SqliteFeatures) {
  EXPECT_EQ(Required("CREATE VIRTUAL TABLE docs USING fts5(title, body);\n"
                     "CREATE VIRTUAL TABLE boxes USING rtree(id, minx, maxx);\n"
                     "CREATE TABLE policies (content TEXT CHECK (json_valid(content)));\n"
                     "SELECT sqrt(2), floor(1.5);\n",
                     kSqlite),
            "m.sql:1: fts5 (creates a fts5 virtual table)\n"
            "m.sql:2: rtree (creates a rtree virtual table)\n"
            "m.sql:3: json1 (calls json_valid())\n"
            "m.sql:4: math (calls sqrt())\n");
  EXPECT_EQ(Required("SELECT doc ->> '$.a' FROM t;", kSqlite),
            "m.sql:1: json1 (uses the ->> operator)\n");
  // Tables named like functions, and strings.
  EXPECT_EQ(Required("CREATE TABLE log (id INTEGER, exp TEXT);\n"
                     "INSERT INTO log(id) VALUES (1);\n"
                     "CREATE INDEX idx ON log (exp);\n"
                     "SELECT 'json_extract(x)' FROM [pow];\n",
                     kSqlite),
            "");
}

TEST(RequiredExtensionsTest, EachDialectHasItsOwnRules) {
  // sqrt() is built into PostgreSQL; gin_trgm_ops means nothing to SQLite.
  EXPECT_EQ(Required("SELECT sqrt(2), json_extract(a, b) FROM t;", kPostgres), "");
  EXPECT_EQ(Required("SELECT similarity(a, b), uuid_generate_v4();", kSqlite), "");
}

TEST(RequiredExtensionsTest, EvidenceLineIsTheTokensLine) {
  const std::vector<script::Statement> statements = {
      {"CREATE TABLE t (\n  id int,\n\n  email citext\n)", 40},
      {"SELECT broken('", 50}};  // does not lex: no evidence, no failure
  const std::vector<RequiredExtension> required =
      RequiredExtensions(statements, {}, kPostgres, "migrations/x.sql");
  ASSERT_EQ(required.size(), 1u);
  EXPECT_EQ(required[0], (RequiredExtension{"citext", base::Location{"migrations/x.sql", 43},
                                            "uses type citext"}));
}

}  // namespace
}  // namespace migrate::verify
