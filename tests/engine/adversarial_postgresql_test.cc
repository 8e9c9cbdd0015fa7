// The adversarial corpus, part 5: PostgreSQL only. Dollar quotes, DO blocks
// and functions whose effects no text shows, search_path and unqualified
// names, pg_temp and UNLOGGED tables, partitions, views versus materialized
// views, rules, sequences, TRUNCATE ... CASCADE, and the INVALID index a
// failed CREATE INDEX CONCURRENTLY leaves behind.

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/engine/adversarial_case.h"

namespace migrate::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

class AdversarialPostgresqlTest : public AdversarialTest {
 protected:
  // Whether `relation` (a name as regclass reads it) exists.
  bool Relation(const std::string& relation) {
    return One("SELECT to_regclass('" + relation + "') IS NOT NULL") == "t";
  }
  // pg_index's validity and uniqueness of index `name`: "valid unique",
  // "invalid unique", "valid", "invalid".
  std::string IndexState(const std::string& name) {
    return One("SELECT CASE WHEN indisvalid AND indisready THEN 'valid' ELSE 'invalid' END || "
               "CASE WHEN indisunique THEN ' unique' ELSE '' END "
               "FROM pg_index WHERE indexrelid = to_regclass('" + name + "')");
  }
  // The migration failed as a no-op and left nothing behind.
  void ExpectNoop(const base::Status& s, const std::string& revision) {
    EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed) << s.ToString();
    EXPECT_THAT(s.ToString(), HasSubstr("changed nothing"));
    ExpectNotRecorded(revision);
  }
  // users(id, email) with a duplicated email.
  void DuplicateEmails() {
    Setup({"CREATE TABLE users (id integer, email text)", "INSERT INTO users VALUES (1, 'a@x')",
           "INSERT INTO users VALUES (2, 'a@x')"});
  }
};

// --- No-ops the text hides ----------------------------------------------------

// The case: row locks are not writes.
TEST_P(AdversarialPostgresqlTest, SelectForUpdateAloneIsANoop) {
  Setup({"CREATE TABLE jobs (id integer)", "INSERT INTO jobs VALUES (1)"});
  WriteUpgrade("r001", "", "SELECT * FROM jobs FOR UPDATE;\n");
  ExpectNoop(Upgrade(), "r001");
  EXPECT_EQ(Count("jobs"), "1");
}

// FOR NO KEY UPDATE / FOR SHARE: other lock strengths, still no write.
TEST_P(AdversarialPostgresqlTest, SelectForShareAloneIsANoop) {
  Setup({"CREATE TABLE jobs (id integer)", "INSERT INTO jobs VALUES (1)"});
  WriteUpgrade("r001", "", "SELECT id FROM jobs FOR NO KEY UPDATE;\nSELECT id FROM jobs FOR SHARE;\n");
  ExpectNoop(Upgrade(), "r001");
}

// A sequence advanced by nextval() outlives any rollback but is no durable
// change a migration could be recorded for.
TEST_P(AdversarialPostgresqlTest, AdvancingASequenceIsANoop) {
  Setup({"CREATE SEQUENCE ticket_seq"});
  WriteUpgrade("r001", "", "SELECT nextval('ticket_seq');\n");
  ExpectNoop(Upgrade(), "r001");
}

// A table qualified with pg_temp is temporary without the word TEMP.
TEST_P(AdversarialPostgresqlTest, ATableInPgTempIsTemporary) {
  WriteUpgrade("r001", "",
               "CREATE TABLE pg_temp.scratch (id integer);\n"
               "INSERT INTO scratch VALUES (1);\n");
  ExpectNoop(Upgrade(), "r001");
  EXPECT_FALSE(Relation("public.scratch"));
}

// A rule turns the INSERT the text shows into nothing.
TEST_P(AdversarialPostgresqlTest, AnInsertARuleTurnsIntoNothingIsANoop) {
  Setup({"CREATE TABLE archive (id integer)",
         "CREATE RULE archive_is_frozen AS ON INSERT TO archive DO INSTEAD NOTHING"});
  WriteUpgrade("r001", "", "INSERT INTO archive VALUES (1);\n");
  ExpectNoop(Upgrade(), "r001");
  EXPECT_EQ(Count("archive"), "0");
}

// DDL in a dollar-quoted string is data: a SELECT of it creates nothing.
TEST_P(AdversarialPostgresqlTest, DdlInADollarQuotedStringIsNotAnEffect) {
  Setup({"CREATE TABLE t (id integer)", "INSERT INTO t VALUES (1)"});
  WriteUpgrade("r001", "", "SELECT $ddl$ CREATE TABLE ghosts (id int); DROP TABLE t; $ddl$;\n");
  ExpectNoop(Upgrade(), "r001");
  EXPECT_FALSE(Relation("ghosts"));
  EXPECT_EQ(Count("t"), "1");
}

// A tagged dollar quote that contains `$$`: a reader that pairs every `$$`
// ends the string too early and finds a DROP outside it.
TEST_P(AdversarialPostgresqlTest, ATaggedDollarQuoteContainingDollarDollarIsOneString) {
  Setup({"CREATE TABLE t (id integer)", "INSERT INTO t VALUES (1)"});
  WriteUpgrade("r001", "", "SELECT $outer$ $$; DROP TABLE t; $$ $outer$;\n");
  ExpectNoop(Upgrade(), "r001");
  EXPECT_EQ(Count("t"), "1");
}

// An escape string: `\'` is a quote inside E'...', so the CREATE TABLE is
// inside the string (the opposite of a standard string).
TEST_P(AdversarialPostgresqlTest, AnEscapedQuoteInAnEscapeStringHidesTheDdl) {
  WriteUpgrade("r001", "", "SELECT E'it\\'s; CREATE TABLE ghosts (id int); --';\n");
  ExpectNoop(Upgrade(), "r001");
  EXPECT_FALSE(Relation("ghosts"));
}

// The case: a DO block that created a table and swallowed its own
// error. The subtransaction rolled the table back: nothing changed.
TEST_P(AdversarialPostgresqlTest, ADoBlockThatSwallowsItsErrorIsANoop) {
  WriteUpgrade("r001", "",
               "DO $$\n"
               "BEGIN\n"
               "  CREATE TABLE x (id integer);\n"
               "  PERFORM 1 / 0;\n"
               "EXCEPTION WHEN others THEN NULL;\n"
               "END\n"
               "$$;\n");
  ExpectNoop(Upgrade(), "r001");
  EXPECT_FALSE(Relation("x"));
  EXPECT_FALSE(VersionTablesExist());
}

// A block whose CREATE TABLE fails (a missing parent) and is swallowed, with
// no `expect:` line: the "documented limitation", now a no-op.
TEST_P(AdversarialPostgresqlTest, ADoBlockWhoseCreateFailsAndIsSwallowedIsANoop) {
  WriteUpgrade("r001", "",
               "DO $$\n"
               "BEGIN\n"
               "  CREATE TABLE x (id integer REFERENCES no_such_parent (id));\n"
               "EXCEPTION WHEN others THEN NULL;\n"
               "END\n"
               "$$;\n");
  ExpectNoop(Upgrade(), "r001");
  EXPECT_FALSE(Relation("x"));
}

// A function that swallows its error, called for its effect.
TEST_P(AdversarialPostgresqlTest, AFunctionThatSwallowsItsErrorIsANoop) {
  Setup({"CREATE FUNCTION try_make() RETURNS void LANGUAGE plpgsql AS $$ BEGIN "
         "CREATE TABLE made (id integer); PERFORM 1 / 0; "
         "EXCEPTION WHEN others THEN NULL; END $$"});
  WriteUpgrade("r001", "", "SELECT try_make();\n");
  ExpectNoop(Upgrade(), "r001");
  EXPECT_FALSE(Relation("made"));
}

// --- Effects the text hides ------------------------------------------------------

// The case: a DO block that creates a table succeeds.
TEST_P(AdversarialPostgresqlTest, ADoBlockThatCreatesATablePasses) {
  WriteUpgrade("r001", "",
               "DO $$\n"
               "BEGIN\n"
               "  IF to_regclass('public.flags') IS NULL THEN\n"
               "    CREATE TABLE flags (name text PRIMARY KEY);\n"
               "  END IF;\n"
               "END\n"
               "$$;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(Relation("public.flags"));
  ExpectApplied("r001");
}

// Dynamic SQL: the table's name is assembled at run time.
TEST_P(AdversarialPostgresqlTest, ADoBlockWithDynamicSqlPasses) {
  WriteUpgrade("r001", "",
               "DO $$ BEGIN EXECUTE format('CREATE TABLE %I (id int)', 'events_' || 2024); END $$;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(Relation("events_2024"));
  ExpectApplied("r001");
}

// A DO block that drops a table.
TEST_P(AdversarialPostgresqlTest, ADoBlockThatDropsATablePassesWithItsAbsenceDeclared) {
  Setup({"CREATE TABLE legacy (id integer)"});
  WriteUpgrade("r001", "", "DO $$ BEGIN DROP TABLE legacy; END $$;\n", {"expect: no table legacy"});
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_FALSE(Relation("legacy"));
  ExpectApplied("r001");
}

// Undeclared, the same block is refused: a transaction's own deletions leave
// no visible row in the catalog, so the drop inside code the parser cannot
// read cannot be told from a block that did nothing. Nothing changes.
TEST_P(AdversarialPostgresqlTest, ADoBlockThatOnlyDropsNeedsItsAbsenceDeclared) {
  Setup({"CREATE TABLE legacy (id integer)"});
  WriteUpgrade("r001", "", "DO $$ BEGIN DROP TABLE legacy; END $$;\n");
  base::Status s = Upgrade();
  EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed) << s.ToString();
  EXPECT_THAT(s.ToString(), HasSubstr("changed nothing"));
  EXPECT_TRUE(Relation("legacy"));
  ExpectNotRecorded("r001");
}

// A function that creates a table when called: the text of the migration is
// only a SELECT.
TEST_P(AdversarialPostgresqlTest, CallingAFunctionThatCreatesATablePasses) {
  WriteUpgrade("r001", "",
               "CREATE FUNCTION make_reports() RETURNS void LANGUAGE plpgsql AS $$\n"
               "BEGIN CREATE TABLE reports (id integer); END $$;\n");
  WriteUpgrade("r002", "r001", "SELECT make_reports();\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(Relation("reports"));
  ExpectApplied("r002");
}

// A procedure that drops a table, run with CALL.
TEST_P(AdversarialPostgresqlTest, CallingAProcedureThatDropsATablePassesWithItsAbsenceDeclared) {
  Setup({"CREATE TABLE legacy (id integer)",
         "CREATE PROCEDURE drop_legacy() LANGUAGE plpgsql AS $$ BEGIN DROP TABLE legacy; END $$"});
  WriteUpgrade("r001", "", "CALL drop_legacy();\n", {"expect: no table legacy"});
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_FALSE(Relation("legacy"));
  ExpectApplied("r001");
}

// A function body (dollar-quoted) that holds a CREATE TABLE: defining the
// function creates a function, not the table.
TEST_P(AdversarialPostgresqlTest, DdlInAFunctionBodyIsNotRunByDefiningIt) {
  WriteUpgrade("r001", "",
               "CREATE FUNCTION later() RETURNS void LANGUAGE sql AS $body$\n"
               "  CREATE TABLE not_yet (id int);\n"
               "$body$;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_FALSE(Relation("not_yet"));
  EXPECT_EQ(One("SELECT count(*) FROM pg_proc WHERE proname = 'later'"), "1");
  ExpectApplied("r001");
}

// The case: the project's own similarity() and digest(), defined in
// an earlier migration, need neither pg_trgm nor pgcrypto.
TEST_P(AdversarialPostgresqlTest, TheProjectsOwnSimilarityAndDigestNeedNoExtension) {
  WriteUpgrade("r001", "",
               "CREATE FUNCTION similarity(a text, b text) RETURNS real LANGUAGE sql IMMUTABLE\n"
               "  AS $$ SELECT CASE WHEN a = b THEN 1.0 ELSE 0.0 END::real $$;\n"
               "CREATE FUNCTION digest(data text, algo text) RETURNS text LANGUAGE sql IMMUTABLE\n"
               "  AS $$ SELECT md5(data) $$;\n");
  WriteUpgrade("r002", "r001",
               "CREATE TABLE names (id integer, name text, hash text);\n"
               "INSERT INTO names VALUES (1, 'a', digest('a', 'md5'));\n"
               "CREATE INDEX idx_names_hash ON names (hash);\n"
               "CREATE VIEW close_names AS SELECT id FROM names WHERE similarity(name, 'a') > 0.5;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(One("SELECT count(*) FROM close_names"), "1");
  EXPECT_EQ(One("SELECT count(*) FROM pg_extension WHERE extname IN ('pg_trgm', 'pgcrypto')"), "0");
  ExpectApplied("r002");
}

// COMMENT ON and GRANT change the catalog, not a table: real effects.
TEST_P(AdversarialPostgresqlTest, CommentAndGrantAreCatalogChanges) {
  Setup({"CREATE TABLE t (id integer)"});
  WriteUpgrade("r001", "",
               "COMMENT ON TABLE t IS 'the t table';\n"
               "GRANT SELECT ON t TO PUBLIC;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(One("SELECT obj_description('t'::regclass, 'pg_class')"), "the t table");
  ExpectApplied("r001");
}

// A unicode-escaped identifier is the name it spells.
TEST_P(AdversarialPostgresqlTest, AUnicodeEscapedNameIsTheNameItSpells) {
  WriteUpgrade("r001", "", "CREATE TABLE U&\"d\\0061ta\" (id integer);\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(Relation("public.data"));
  ExpectApplied("r001");
}

// --- search_path and unqualified names --------------------------------------

// The table goes where search_path says: app.orders, not public.orders.
TEST_P(AdversarialPostgresqlTest, AnUnqualifiedCreateFollowsSearchPathSetInTheMigration) {
  WriteUpgrade("r001", "",
               "CREATE SCHEMA app;\n"
               "SET LOCAL search_path TO app;\n"
               "CREATE TABLE orders (id integer);\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(Relation("app.orders"));
  EXPECT_FALSE(Relation("public.orders"));
  ExpectApplied("r001");
}

// CREATE TABLE IF NOT EXISTS orders with search_path `app, public`: a
// public.orders does not satisfy it; app.orders is made.
TEST_P(AdversarialPostgresqlTest, AnUnqualifiedIfNotExistsLooksOnlyInTheCreationSchema) {
  Setup({"CREATE TABLE orders (id integer)", "CREATE SCHEMA app"});
  WriteUpgrade("r001", "",
               "SET LOCAL search_path TO app, public;\n"
               "CREATE TABLE IF NOT EXISTS orders (id integer, note text);\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(One("SELECT count(*) FROM information_schema.columns "
                "WHERE table_schema = 'app' AND table_name = 'orders'"),
            "2");
  ExpectApplied("r001");
}

// search_path set for the session does not leak into the next migration:
// its unqualified table lands in public.
TEST_P(AdversarialPostgresqlTest, SearchPathDoesNotLeakIntoTheNextMigration) {
  WriteUpgrade("r001", "",
               "CREATE SCHEMA app;\n"
               "SET search_path TO app;\n"
               "CREATE TABLE first (id integer);\n");
  WriteUpgrade("r002", "r001", "CREATE TABLE second (id integer);\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_TRUE(Relation("app.first"));
  EXPECT_TRUE(Relation("public.second"));
  EXPECT_FALSE(Relation("app.second"));
  ExpectApplied("r002");
}

// A DROP of an unqualified name under a changed search_path drops the
// table it resolves to, and the other schema's table of that name stays.
TEST_P(AdversarialPostgresqlTest, AnUnqualifiedDropResolvesThroughSearchPath) {
  Setup({"CREATE SCHEMA app", "CREATE TABLE app.cache (id integer)",
         "CREATE TABLE public.cache (id integer)", "INSERT INTO public.cache VALUES (1)"});
  WriteUpgrade("r001", "",
               "SET LOCAL search_path TO app;\n"
               "DROP TABLE cache;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_FALSE(Relation("app.cache"));
  EXPECT_EQ(Count("public.cache"), "1");
  ExpectApplied("r001");
}

// --- Kinds: unlogged, partitions, views -----------------------------------------

// UNLOGGED is durable in the catalog: a real table.
TEST_P(AdversarialPostgresqlTest, AnUnloggedTableIsARealTable) {
  WriteUpgrade("r001", "", "CREATE UNLOGGED TABLE cache (k text PRIMARY KEY, v text);\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(One("SELECT relpersistence FROM pg_class WHERE oid = 'cache'::regclass"), "u");
  ExpectApplied("r001");
}

// A partitioned table and a partition of it.
TEST_P(AdversarialPostgresqlTest, APartitionedTableAndItsPartitionPass) {
  WriteUpgrade("r001", "",
               "CREATE TABLE events (id integer, at date) PARTITION BY RANGE (at);\n"
               "CREATE TABLE events_2024 PARTITION OF events\n"
               "  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n"
               "INSERT INTO events VALUES (1, '2024-06-01');\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(One("SELECT relkind FROM pg_class WHERE oid = 'events'::regclass"), "p");
  EXPECT_EQ(Count("events_2024"), "1");
  ExpectApplied("r001");
}

// Partitioned events with two partitions, one row in each.
class AdversarialPartitionTest : public AdversarialPostgresqlTest {
 protected:
  void SetUp() override {
    AdversarialPostgresqlTest::SetUp();
    Setup({"CREATE TABLE events (id integer, at date) PARTITION BY RANGE (at)",
           "CREATE TABLE events_2023 PARTITION OF events "
           "FOR VALUES FROM ('2023-01-01') TO ('2024-01-01')",
           "CREATE TABLE events_2024 PARTITION OF events "
           "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')",
           "INSERT INTO events VALUES (1, '2023-06-01')", "INSERT INTO events VALUES (2, '2024-06-01')"});
  }
};

// DETACH moves the rows out of the parent without deleting any.
TEST_P(AdversarialPartitionTest, DetachingAPartitionKeepsItsRows) {
  WriteUpgrade("r001", "", "ALTER TABLE events DETACH PARTITION events_2023;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("events"), "1");
  EXPECT_EQ(Count("events_2023"), "1");
  EXPECT_EQ(One("SELECT relispartition FROM pg_class WHERE oid = 'events_2023'::regclass"), "f");
  ExpectApplied("r001");
}

// ATTACH makes a plain table a partition.
TEST_P(AdversarialPartitionTest, AttachingATableMakesItAPartition) {
  Setup({"CREATE TABLE events_2025 (id integer, at date)", "INSERT INTO events_2025 VALUES (3, '2025-02-01')"});
  WriteUpgrade("r001", "",
               "ALTER TABLE events ATTACH PARTITION events_2025\n"
               "  FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("events"), "3");
  EXPECT_EQ(One("SELECT relispartition FROM pg_class WHERE oid = 'events_2025'::regclass"), "t");
  ExpectApplied("r001");
}

// A DELETE through the partitioned parent: the database counts the deleted
// rows against the partition, a table the text never names, yet the DELETE
// on its parent names it.
TEST_P(AdversarialPartitionTest, ADeleteThroughTheParentNamesItsPartitions) {
  WriteUpgrade("r001", "", "DELETE FROM events WHERE at < '2024-01-01';\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("events_2023"), "0");
  EXPECT_EQ(Count("events_2024"), "1");
  ExpectApplied("r001");
}

// Dropping a partition drops its rows: named by the DROP.
TEST_P(AdversarialPartitionTest, DroppingAPartitionPasses) {
  WriteUpgrade("r001", "", "DROP TABLE events_2023;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("events"), "1");
  EXPECT_FALSE(Relation("events_2023"));
  ExpectApplied("r001");
}

// CREATE MATERIALIZED VIEW IF NOT EXISTS over a plain view of that name:
// skipped, and a view is not a materialized view.
TEST_P(AdversarialPostgresqlTest, AMaterializedViewIfNotExistsOverAViewFails) {
  Setup({"CREATE TABLE sales (amount integer)", "INSERT INTO sales VALUES (5)",
         "CREATE VIEW totals AS SELECT sum(amount) AS total FROM sales"});
  WriteUpgrade("r001", "",
               "CREATE MATERIALIZED VIEW IF NOT EXISTS totals AS SELECT sum(amount) AS total FROM sales;\n");
  base::Status s = Upgrade();
  EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed) << s.ToString();
  EXPECT_THAT(s.ToString(), HasSubstr("totals"));
  ExpectNotRecorded("r001");
  EXPECT_EQ(One("SELECT relkind FROM pg_class WHERE oid = 'totals'::regclass"), "v");
}

// REFRESH MATERIALIZED VIEW alone: maintenance.
TEST_P(AdversarialPostgresqlTest, RefreshMaterializedViewAlonePasses) {
  Setup({"CREATE TABLE sales (amount integer)",
         "CREATE MATERIALIZED VIEW totals AS SELECT sum(amount) AS total FROM sales",
         "INSERT INTO sales VALUES (5)"});
  WriteUpgrade("r001", "", "REFRESH MATERIALIZED VIEW totals;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(One("SELECT total FROM totals"), "5");
  ExpectApplied("r001");
}

// ADD CONSTRAINT ... USING INDEX renames the index to the constraint's name:
// a reader expecting the old index name finds it gone.
TEST_P(AdversarialPostgresqlTest, AConstraintUsingAnIndexTakesItOver) {
  Setup({"CREATE TABLE users (id integer, email text)",
         "CREATE UNIQUE INDEX idx_users_email ON users (email)"});
  WriteUpgrade("r001", "",
               "ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX idx_users_email;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_FALSE(Relation("idx_users_email"));
  EXPECT_EQ(IndexState("users_email_key"), "valid unique");
  ExpectApplied("r001");
}

// --- The data ledger ------------------------------------------------------------

// TRUNCATE ... CASCADE empties the referencing tables too. PostgreSQL does
// not count truncated rows (the table gets new storage), so they are not in
// the ledger; the CASCADE written in the statement is the author's word.
TEST_P(AdversarialPostgresqlTest, TruncateCascadeIsTheStatementsOwnWord) {
  Setup({"CREATE TABLE orders (id integer PRIMARY KEY)",
         "CREATE TABLE items (order_id integer REFERENCES orders (id))",
         "INSERT INTO orders VALUES (1)", "INSERT INTO items VALUES (1)",
         "INSERT INTO items VALUES (1)"});
  WriteUpgrade("r001", "", "TRUNCATE orders CASCADE;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  ExpectApplied("r001");
  EXPECT_EQ(Count("items"), "0");
  EXPECT_EQ(Count("orders"), "0");
}

// Listing both tables names both.
TEST_P(AdversarialPostgresqlTest, TruncateListingEveryTablePasses) {
  Setup({"CREATE TABLE orders (id integer PRIMARY KEY)",
         "CREATE TABLE items (order_id integer REFERENCES orders (id))",
         "INSERT INTO orders VALUES (1)", "INSERT INTO items VALUES (1)"});
  WriteUpgrade("r001", "", "TRUNCATE orders, items;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("items"), "0");
  EXPECT_EQ(Count("orders"), "0");
  ExpectApplied("r001");
}

// TRUNCATE ... CASCADE declared in the header.
TEST_P(AdversarialPostgresqlTest, TruncateCascadeDeclaredPasses) {
  Setup({"CREATE TABLE orders (id integer PRIMARY KEY)",
         "CREATE TABLE items (order_id integer REFERENCES orders (id))",
         "INSERT INTO orders VALUES (1)", "INSERT INTO items VALUES (1)"});
  WriteUpgrade("r001", "", "TRUNCATE orders CASCADE;\n", {"expect: rows deleted from items"});
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("items"), "0");
  ExpectApplied("r001");
}

// A data-modifying CTE: the statement begins WITH and ends in a SELECT, but
// it deletes, from the table it names in its DELETE.
TEST_P(AdversarialPostgresqlTest, ADeleteInsideACtePasses) {
  Setup({"CREATE TABLE sessions (id integer, expired boolean)",
         "INSERT INTO sessions VALUES (1, true)", "INSERT INTO sessions VALUES (2, false)"});
  WriteUpgrade("r001", "",
               "WITH gone AS (DELETE FROM sessions WHERE expired RETURNING id)\n"
               "SELECT count(*) FROM gone;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(Count("sessions"), "1");
  ExpectApplied("r001");
}

// DROP TABLE ... CASCADE of a parent drops the children's constraints, not
// their rows.
TEST_P(AdversarialPostgresqlTest, DropTableCascadeKeepsTheChildRows) {
  Setup({"CREATE TABLE orders (id integer PRIMARY KEY)",
         "CREATE TABLE items (order_id integer REFERENCES orders (id) ON DELETE CASCADE)",
         "INSERT INTO orders VALUES (1)", "INSERT INTO items VALUES (1)"});
  WriteUpgrade("r001", "", "DROP TABLE orders CASCADE;\n");
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_FALSE(Relation("orders"));
  EXPECT_EQ(Count("items"), "1");
  ExpectApplied("r001");
}

// --- CONCURRENTLY ---------------------------------------------------------------

// The case: CREATE UNIQUE INDEX CONCURRENTLY fails on duplicates and
// leaves an INVALID index. After the data is fixed, a retry whose statement
// says IF NOT EXISTS skips the index, which is still invalid: it must not be
// verified.
TEST_P(AdversarialPostgresqlTest, ARetryDoesNotVerifyTheInvalidIndexAFailedConcurrentBuildLeft) {
  DuplicateEmails();
  WriteUpgrade("r001", "",
               "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS idx_users_email ON users (email);\n",
               {"transaction: none"});
  base::Status s = Upgrade();
  EXPECT_EQ(s.code(), base::StatusCode::kDatabase) << s.ToString();
  EXPECT_EQ(IndexState("idx_users_email"), "invalid unique");
  EXPECT_THAT(History(), ElementsAre("r001 upgrade incomplete"));

  Exec("DELETE FROM users WHERE id = 2");
  reporter_.Clear();
  s = Upgrade("head", /*retry_incomplete=*/true);
  EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed) << s.ToString();
  EXPECT_THAT(s.ToString(), HasSubstr("idx_users_email"));
  EXPECT_THAT(s.ToString(), HasSubstr("not valid"));
  ExpectNotRecorded("r001");
  EXPECT_EQ(IndexState("idx_users_email"), "invalid unique");
}

// The same, when an INVALID index of that name was there before the
// migration, and the migration is a normal transactional one.
TEST_P(AdversarialPostgresqlTest, APreExistingInvalidIndexDoesNotSatisfyCreateIfNotExists) {
  DuplicateEmails();
  EXPECT_FALSE(Db().Execute("CREATE UNIQUE INDEX CONCURRENTLY idx_users_email ON users (email)").ok());
  ASSERT_EQ(IndexState("idx_users_email"), "invalid unique");
  Exec("DELETE FROM users WHERE id = 2");
  WriteUpgrade("r001", "", "CREATE UNIQUE INDEX IF NOT EXISTS idx_users_email ON users (email);\n");
  base::Status s = Upgrade();
  EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed) << s.ToString();
  EXPECT_THAT(s.ToString(), HasSubstr("idx_users_email"));
  EXPECT_THAT(s.ToString(), HasSubstr("not valid"));
  ExpectNotRecorded("r001");
  EXPECT_EQ(IndexState("idx_users_email"), "invalid unique");
}

// An `expect: index` line over an invalid index fails the same way.
TEST_P(AdversarialPostgresqlTest, AnExpectIndexLineIsNotMetByAnInvalidIndex) {
  DuplicateEmails();
  EXPECT_FALSE(Db().Execute("CREATE UNIQUE INDEX CONCURRENTLY idx_users_email ON users (email)").ok());
  WriteUpgrade("r001", "", "ALTER TABLE users ADD COLUMN note text;\n",
               {"expect: index idx_users_email"});
  base::Status s = Upgrade();
  EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed) << s.ToString();
  EXPECT_THAT(s.ToString(), HasSubstr(Path(File("r001")) + ":5"));
  EXPECT_THAT(s.ToString(), HasSubstr("idx_users_email"));
  ExpectNotRecorded("r001");
  EXPECT_THAT(Columns("users"), ::testing::Optional(ElementsAre("id", "email")));
}

// The documented repair: drop the invalid index concurrently, build it again.
TEST_P(AdversarialPostgresqlTest, DroppingAndRebuildingTheInvalidIndexPasses) {
  DuplicateEmails();
  EXPECT_FALSE(Db().Execute("CREATE UNIQUE INDEX CONCURRENTLY idx_users_email ON users (email)").ok());
  Exec("DELETE FROM users WHERE id = 2");
  WriteUpgrade("r001", "",
               "DROP INDEX CONCURRENTLY IF EXISTS idx_users_email;\n"
               "CREATE UNIQUE INDEX CONCURRENTLY idx_users_email ON users (email);\n",
               {"transaction: none"});
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(IndexState("idx_users_email"), "valid unique");
  ExpectApplied("r001");
}

// A concurrent build on clean data: valid, ready and unique.
TEST_P(AdversarialPostgresqlTest, AConcurrentUniqueIndexOnCleanDataPasses) {
  Setup({"CREATE TABLE users (id integer, email text)", "INSERT INTO users VALUES (1, 'a@x')"});
  WriteUpgrade("r001", "", "CREATE UNIQUE INDEX CONCURRENTLY idx_users_email ON users (email);\n",
               {"transaction: none"});
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(IndexState("idx_users_email"), "valid unique");
  ExpectApplied("r001");
}

// CONCURRENTLY in a transactional migration is refused before anything runs.
TEST_P(AdversarialPostgresqlTest, ConcurrentlyInATransactionalMigrationIsRefused) {
  Setup({"CREATE TABLE users (id integer, email text)"});
  WriteUpgrade("r001", "",
               "ALTER TABLE users ADD COLUMN note text;\n"
               "CREATE INDEX CONCURRENTLY idx_users_email ON users (email);\n");
  base::Status s = Upgrade();
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(s.ToString(), HasSubstr(Path(File("r001")) + ":8"));
  EXPECT_THAT(s.ToString(), HasSubstr("CONCURRENTLY"));
  EXPECT_FALSE(Relation("idx_users_email"));
  EXPECT_THAT(Columns("users"), ::testing::Optional(ElementsAre("id", "email")));
  EXPECT_FALSE(VersionTablesExist());
}

// A DROP INDEX CONCURRENTLY IF EXISTS of an absent index is vouched for by
// the absence it names.
TEST_P(AdversarialPostgresqlTest, DropIndexConcurrentlyIfExistsOfNothingPasses) {
  Setup({"CREATE TABLE users (id integer)"});
  WriteUpgrade("r001", "", "DROP INDEX CONCURRENTLY IF EXISTS idx_gone;\n", {"transaction: none"});
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_FALSE(Relation("idx_gone"));
  ExpectApplied("r001");
}

// REINDEX ... CONCURRENTLY in a `transaction: none` migration: maintenance.
TEST_P(AdversarialPostgresqlTest, ReindexConcurrentlyIsMaintenance) {
  Setup({"CREATE TABLE users (id integer, email text)",
         "CREATE UNIQUE INDEX idx_users_email ON users (email)"});
  WriteUpgrade("r001", "", "REINDEX INDEX CONCURRENTLY idx_users_email;\n", {"transaction: none"});
  base::Status s = Upgrade();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(IndexState("idx_users_email"), "valid unique");
  ExpectApplied("r001");
}

INSTANTIATE_TEST_SUITE_P(Postgresql, AdversarialPostgresqlTest,
                         ::testing::Values(Backend::kPostgresql), BackendParamName());
INSTANTIATE_TEST_SUITE_P(Postgresql, AdversarialPartitionTest,
                         ::testing::Values(Backend::kPostgresql), BackendParamName());

}  // namespace
}  // namespace migrate::testing
