#include "migrator/verify/implied_effects.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/verify/described_migration.h"

namespace migrate::verify {
namespace {

using namespace described;  // NOLINT(google-build-using-namespace): the builders read as SQL
using script::Postcondition;
using Action = script::Intent::Action;

// One line per postcondition: "<origin>: <expect: syntax>".
std::string Show(const std::vector<Postcondition>& effects) {
  std::string out;
  for (const Postcondition& p : effects) out += p.origin.ToString() + ": " + p.Describe() + "\n";
  return out;
}

std::string Infer(const DescribedMigration& m) { return Show(InferEffects(m.statements())); }

// --- create, drop, rename ----------------------------------------------------

TEST(ImpliedEffectsTest, CreateImpliesTheObjectWithTheColumnsTheGrammarReported) {
  DescribedMigration m;
  m.Run("CREATE TABLE orders (id int, total int)", {CreateTable("orders", {"id", "total"})});
  m.Run("CREATE TABLE totals AS SELECT 1", {Create(ObjectKind::kTable, "totals")});
  m.Run("CREATE VIEW big AS SELECT * FROM orders", {Create(ObjectKind::kView, "big")});
  m.Run("CREATE SEQUENCE app.seq", {Create(ObjectKind::kSequence, "app.seq")});
  m.Run("CREATE TYPE mood AS ENUM ('ok')", {Create(ObjectKind::kType, "mood")});
  m.Run("CREATE SCHEMA billing", {Create(ObjectKind::kSchema, "billing")});
  m.Run("CREATE MATERIALIZED VIEW daily AS SELECT 1", {Create(ObjectKind::kMaterializedView, "daily")});
  m.Run("CREATE EXTENSION pg_trgm", {Create(ObjectKind::kExtension, "pg_trgm")});
  m.Run("CREATE FUNCTION f() ...", {Create(ObjectKind::kFunction, "f")});
  m.Run("CREATE TABLE \"Mixed\" (\"Id\" int)", {CreateTable("\"Mixed\"", {"\"Id\""})});
  EXPECT_EQ(Infer(m),
            "m.sql:1: table orders(id, total)\n"
            "m.sql:2: table totals\n"
            "m.sql:3: view big\n"
            "m.sql:4: sequence app.seq\n"
            "m.sql:5: type mood\n"
            "m.sql:6: schema billing\n"
            "m.sql:7: materialized view daily\n"
            "m.sql:8: extension pg_trgm\n"
            "m.sql:9: function f\n"
            "m.sql:10: table \"Mixed\"(\"Id\")\n");
}

TEST(ImpliedEffectsTest, DropImpliesAbsence) {
  DescribedMigration m;
  m.Run("DROP TABLE old_orders", {Drop(ObjectKind::kTable, "old_orders")});
  m.Run("DROP VIEW IF EXISTS v", {IfExists(Drop(ObjectKind::kView, "v"))});
  m.Run("DROP INDEX app.idx", {Drop(ObjectKind::kIndex, "app.idx")});
  EXPECT_EQ(Infer(m),
            "m.sql:1: no table old_orders\n"
            "m.sql:2: no view v\n"
            "m.sql:3: no index app.idx\n");
}

TEST(ImpliedEffectsTest, ALaterStatementSupersedesAnEarlierOne) {
  DescribedMigration m;
  m.Run("CREATE TABLE a (id int)", {CreateTable("a", {"id"})});
  m.Run("CREATE TABLE b (id int)", {CreateTable("b", {"id"})});
  m.Run("DROP TABLE a", {Drop(ObjectKind::kTable, "a")});
  m.Run("DROP VIEW c", {Drop(ObjectKind::kView, "c")});
  m.Run("CREATE VIEW c AS SELECT 1", {Create(ObjectKind::kView, "c")});
  EXPECT_EQ(Infer(m),
            "m.sql:2: table b(id)\n"
            "m.sql:3: no table a\n"
            "m.sql:5: view c\n");
}

TEST(ImpliedEffectsTest, RenameImpliesTheNewNameAndNotTheOld) {
  DescribedMigration m;
  m.Run("CREATE VIEW v AS SELECT 1", {Create(ObjectKind::kView, "v")});
  m.Run("ALTER VIEW v RENAME TO w", {Rename(ObjectKind::kView, "v", "w")});
  m.Run("ALTER INDEX i RENAME TO j", {Rename(ObjectKind::kIndex, "i", "j")});
  m.Run("ALTER TABLE app.t RENAME TO u", {Rename(ObjectKind::kTable, "app.t", "u")});
  EXPECT_EQ(Infer(m),
            "m.sql:2: no view v\n"
            "m.sql:2: view w\n"
            "m.sql:3: no index i\n"
            "m.sql:3: index j\n"
            "m.sql:4: no table app.t\n"
            "m.sql:4: table app.u\n");
}

TEST(ImpliedEffectsTest, RenameIfExistsOfAnObjectNotCreatedHereImpliesNothing) {
  DescribedMigration m;
  m.Run("ALTER TABLE IF EXISTS t RENAME TO u", {IfExists(Rename(ObjectKind::kTable, "t", "u"))});
  EXPECT_EQ(Infer(m), "");

  DescribedMigration created;
  created.Run("CREATE TABLE t (id int)", {CreateTable("t", {"id"})});
  created.Run("ALTER TABLE IF EXISTS t RENAME TO u", {IfExists(Rename(ObjectKind::kTable, "t", "u"))});
  EXPECT_EQ(Infer(created),
            "m.sql:2: no table t\n"
            "m.sql:2: table u(id)\n");
}

TEST(ImpliedEffectsTest, SqliteTableRebuildImpliesTheTableWithTheNewColumns) {
  // sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes".
  DescribedMigration m;
  m.Run("CREATE TABLE new_orders (id INTEGER PRIMARY KEY, total INTEGER, note TEXT)",
        {CreateTable("new_orders", {"id", "total", "note"})});
  m.Run("INSERT INTO new_orders SELECT id, total, '' FROM orders",
        {Write(Action::kInsert, "new_orders")});
  m.Run("DROP TABLE orders", {Drop(ObjectKind::kTable, "orders")});
  m.Run("ALTER TABLE new_orders RENAME TO orders", {Rename(ObjectKind::kTable, "new_orders", "orders")});
  m.Run("CREATE INDEX orders_total ON orders (total)", {CreateIndex("orders_total", "orders")});
  EXPECT_EQ(Infer(m),
            "m.sql:4: no table new_orders\n"
            "m.sql:4: table orders(id, total, note)\n"
            "m.sql:5: index orders_total\n");
}

TEST(ImpliedEffectsTest, RebuildMovesTheNewTablesIndexesAndColumnsWithIt) {
  DescribedMigration m;
  m.Run("CREATE TABLE new_t (id int)", {CreateTable("new_t", {"id"})});
  m.Run("CREATE INDEX t_id ON new_t (id)", {CreateIndex("t_id", "new_t")});
  m.Run("ALTER TABLE new_t ADD COLUMN extra int", {AddColumn("new_t", "extra")});
  m.Run("DROP TABLE t", {Drop(ObjectKind::kTable, "t")});
  m.Run("ALTER TABLE new_t RENAME TO t", {Rename(ObjectKind::kTable, "new_t", "t")});
  m.Run("DROP TABLE t", {Drop(ObjectKind::kTable, "t")});
  // The index and the column moved to t, so dropping t takes them along.
  EXPECT_EQ(Infer(m),
            "m.sql:5: no table new_t\n"
            "m.sql:6: no table t\n");
}

TEST(ImpliedEffectsTest, RebuildKeepsTheMovedIndexAndColumn) {
  DescribedMigration m;
  m.Run("CREATE TABLE new_t (id int)", {CreateTable("new_t", {"id"})});
  m.Run("CREATE INDEX t_id ON new_t (id)", {CreateIndex("t_id", "new_t")});
  m.Run("ALTER TABLE new_t ADD COLUMN extra int", {AddColumn("new_t", "extra")});
  m.Run("ALTER TABLE new_t RENAME TO t", {Rename(ObjectKind::kTable, "new_t", "t")});
  EXPECT_EQ(Infer(m),
            "m.sql:2: index t_id\n"
            "m.sql:3: column t.extra\n"
            "m.sql:4: no table new_t\n"
            "m.sql:4: table t(id)\n");
}

TEST(ImpliedEffectsTest, PostgresqlTableSwap) {
  // PostgreSQL's parser reports every name quoted (already folded).
  DescribedMigration m;
  m.Run("ALTER TABLE orders RENAME TO orders_old",
        {Rename(ObjectKind::kTable, "\"orders\"", "\"orders_old\"")});
  m.Run("ALTER TABLE orders_new RENAME TO orders",
        {Rename(ObjectKind::kTable, "\"orders_new\"", "\"orders\"")});
  EXPECT_EQ(Infer(m),
            "m.sql:1: table \"orders_old\"\n"
            "m.sql:2: no table \"orders_new\"\n"
            "m.sql:2: table \"orders\"\n");
}

TEST(ImpliedEffectsTest, PostgresqlTableSwapOfATableCreatedHere) {
  DescribedMigration m;
  m.Run("CREATE TABLE orders_new (id int, total int)", {CreateTable("orders_new", {"id", "total"})});
  m.Run("ALTER TABLE orders RENAME TO orders_old", {Rename(ObjectKind::kTable, "orders", "orders_old")});
  m.Run("ALTER TABLE orders_new RENAME TO orders", {Rename(ObjectKind::kTable, "orders_new", "orders")});
  m.Run("DROP TABLE orders_old", {Drop(ObjectKind::kTable, "orders_old")});
  EXPECT_EQ(Infer(m),
            "m.sql:3: no table orders_new\n"
            "m.sql:3: table orders(id, total)\n"
            "m.sql:4: no table orders_old\n");
}

// --- temporary objects ---------------------------------------------------------

TEST(ImpliedEffectsTest, TemporaryObjectsImplyNothing) {
  DescribedMigration m;
  m.Run("CREATE TEMP TABLE scratch (id int)", {Temporary(CreateTable("scratch", {"id"}))});
  m.Run("INSERT INTO scratch VALUES (1)", {Write(Action::kInsert, "scratch")});
  m.Run("CREATE INDEX scratch_id ON scratch (id)", {CreateIndex("scratch_id", "scratch")});
  m.Run("ALTER TABLE scratch ADD COLUMN x int", {AddColumn("scratch", "x")});
  m.Run("ALTER TABLE scratch DROP COLUMN id", {DropColumn("scratch", "id")});
  m.Run("CREATE TEMP VIEW tv AS SELECT 1", {Temporary(Create(ObjectKind::kView, "tv"))});
  EXPECT_EQ(Infer(m), "");
}

TEST(ImpliedEffectsTest, RenamingOrDroppingATemporaryObjectImpliesNothing) {
  DescribedMigration m;
  m.Run("CREATE TEMP TABLE a (id int)", {Temporary(CreateTable("a", {"id"}))});
  m.Run("ALTER TABLE a RENAME TO b", {Rename(ObjectKind::kTable, "a", "b")});
  m.Run("CREATE INDEX b_id ON b (id)", {CreateIndex("b_id", "b")});
  m.Run("DROP TABLE b", {Drop(ObjectKind::kTable, "b")});
  m.Run("CREATE TEMP VIEW v AS SELECT 1", {Temporary(Create(ObjectKind::kView, "v"))});
  m.Run("DROP VIEW v", {Drop(ObjectKind::kView, "v")});
  EXPECT_EQ(Infer(m), "");
}

TEST(ImpliedEffectsTest, ADurableObjectAfterATemporaryOneOfTheSameNameIsImplied) {
  DescribedMigration m;
  m.Run("CREATE TEMP TABLE t (id int)", {Temporary(CreateTable("t", {"id"}))});
  m.Run("DROP TABLE t", {Drop(ObjectKind::kTable, "t")});
  m.Run("CREATE TABLE t (id int, name text)", {CreateTable("t", {"id", "name"})});
  m.Run("CREATE TEMP TABLE u (id int)", {Temporary(CreateTable("u", {"id"}))});
  EXPECT_EQ(Infer(m), "m.sql:3: table t(id, name)\n");
}

// --- indexes ---------------------------------------------------------------------

TEST(ImpliedEffectsTest, AUniqueIndexMustBeUnique) {
  DescribedMigration m;
  m.Run("CREATE UNIQUE INDEX users_email ON users (email)",
        {Unique(CreateIndex("users_email", "users"))});
  m.Run("CREATE INDEX users_name ON users (name)", {CreateIndex("users_name", "users")});
  const std::vector<Postcondition> effects = InferEffects(m.statements());
  ASSERT_EQ(effects.size(), 2u);
  EXPECT_TRUE(effects[0].unique);
  EXPECT_FALSE(effects[1].unique);
  EXPECT_EQ(Show(effects),
            "m.sql:1: unique index users_email\n"
            "m.sql:2: index users_name\n");
}

TEST(ImpliedEffectsTest, AnIndexLivesInItsTablesSchema) {
  DescribedMigration m;
  m.Run("CREATE INDEX orders_total ON sales.orders (total)", {CreateIndex("orders_total", "sales.orders")});
  m.Run("CREATE INDEX main.idx ON orders (total)", {CreateIndex("main.idx", "orders")});  // SQLite
  m.Run("CREATE INDEX plain ON orders (total)", {CreateIndex("plain", "orders")});
  Intent trigger = Create(ObjectKind::kTrigger, "orders_audit");
  trigger.table = Name("sales.orders");
  m.Run("CREATE TRIGGER orders_audit ...", {trigger});
  EXPECT_EQ(Infer(m),
            "m.sql:1: index sales.orders_total\n"
            "m.sql:2: index main.idx\n"
            "m.sql:3: index plain\n"
            "m.sql:4: trigger sales.orders_audit\n");
}

TEST(ImpliedEffectsTest, DroppingATableForgetsItsIndexesAndColumns) {
  DescribedMigration m;
  m.Run("CREATE INDEX t_id ON t (id)", {CreateIndex("t_id", "t")});
  m.Run("ALTER TABLE t ADD COLUMN c int", {AddColumn("t", "c")});
  m.Run("CREATE INDEX u_id ON u (id)", {CreateIndex("u_id", "u")});
  m.Run("DROP TABLE t", {Drop(ObjectKind::kTable, "t")});
  EXPECT_EQ(Infer(m),
            "m.sql:3: index u_id\n"
            "m.sql:4: no table t\n");
}

// --- CASCADE, functions, triggers --------------------------------------------

// What an object depends on, as the grammar reports it.
Intent Reading(Intent intent, const std::vector<std::string_view>& relations,
               const std::vector<std::string_view>& columns = {}) {
  for (std::string_view relation : relations) intent.reads.push_back(Name(relation));
  for (std::string_view column : columns) intent.column_refs.push_back(Id(column));
  return intent;
}

// Nothing in the tree says what a type's CASCADE takes.
TEST(ImpliedEffectsTest, DropTypeCascadeForgetsEveryDependentKind) {
  DescribedMigration m;
  m.Run("CREATE TABLE keep (id int)", {CreateTable("keep", {"id"})});
  m.Run("CREATE VIEW v AS SELECT * FROM base", {Create(ObjectKind::kView, "v")});
  m.Run("CREATE MATERIALIZED VIEW mv AS SELECT 1", {Create(ObjectKind::kMaterializedView, "mv")});
  m.Run("CREATE INDEX other_idx ON keep (id)", {CreateIndex("other_idx", "keep")});
  m.Run("CREATE FUNCTION f() ...", {Create(ObjectKind::kFunction, "f")});
  m.Run("CREATE TYPE mood AS ENUM ('ok')", {Create(ObjectKind::kType, "mood")});
  m.Run("ALTER TABLE other ADD COLUMN ref int", {AddColumn("other", "ref")});
  m.Run("CREATE SEQUENCE s", {Create(ObjectKind::kSequence, "s")});
  m.Run("DROP VIEW gone", {Drop(ObjectKind::kView, "gone")});
  m.Run("DROP TYPE base CASCADE", {Cascade(Drop(ObjectKind::kType, "base"))});
  // Tables and sequences do not depend on a dropped type, but a table's
  // column may (a column of a dropped type goes with it), so tables keep no
  // column list; what was already absent stays absent.
  EXPECT_EQ(Infer(m),
            "m.sql:1: table keep\n"
            "m.sql:8: sequence s\n"
            "m.sql:9: no view gone\n"
            "m.sql:10: no type base\n");
}

// A relation's CASCADE takes what reads it, and what depends on that, and
// nothing else: another view missing would still be drift.
TEST(ImpliedEffectsTest, DropTableCascadeTakesWhatDependsOnIt) {
  DescribedMigration m;
  m.Run("CREATE TABLE keep (id int)", {CreateTable("keep", {"id"})});
  m.Run("CREATE VIEW v ...", {Reading(Create(ObjectKind::kView, "v"), {"base"}, {"*"})});
  m.Run("CREATE MATERIALIZED VIEW mv ...",
        {Reading(Create(ObjectKind::kMaterializedView, "mv"), {"v"}, {"id"})});
  m.Run("CREATE INDEX mv_id ON mv (id)", {CreateIndex("mv_id", "mv")});
  m.Run("CREATE FUNCTION f(base) ...", {Reading(Create(ObjectKind::kFunction, "f"), {"base"})});
  m.Run("CREATE TABLE child () INHERITS (base)",
        {Reading(CreateTable("child", {}), {"base"})});
  m.Run("CREATE VIEW other ...", {Reading(Create(ObjectKind::kView, "other"), {"keep"}, {"*"})});
  m.Run("DROP TABLE base CASCADE", {Cascade(Drop(ObjectKind::kTable, "base"))});
  EXPECT_EQ(Infer(m),
            "m.sql:1: table keep(id)\n"
            "m.sql:7: view other\n"
            "m.sql:8: no table base\n");
}

// DROP COLUMN takes the indexes on the column; with CASCADE the views that
// may read it (by name or `*`), and theirs.
TEST(ImpliedEffectsTest, DropColumnTakesWhatReadsTheColumn) {
  DescribedMigration m;
  m.Run("CREATE TABLE t (a int, b int)", {CreateTable("t", {"a", "b"})});
  m.Run("CREATE INDEX t_b ON t (a, b)", {Reading(CreateIndex("t_b", "t"), {}, {"a", "b"})});
  m.Run("CREATE INDEX t_a ON t (a)", {Reading(CreateIndex("t_a", "t"), {}, {"a"})});
  m.Run("CREATE VIEW vb ...", {Reading(Create(ObjectKind::kView, "vb"), {"t"}, {"b"})});
  m.Run("CREATE VIEW vstar ...", {Reading(Create(ObjectKind::kView, "vstar"), {"t"}, {"*"})});
  m.Run("CREATE VIEW vv ...", {Reading(Create(ObjectKind::kView, "vv"), {"vb"}, {"x"})});
  m.Run("CREATE VIEW va ...", {Reading(Create(ObjectKind::kView, "va"), {"t"}, {"a"})});
  m.Run("ALTER TABLE t DROP COLUMN b CASCADE", {Cascade(DropColumn("t", "b"))});
  EXPECT_EQ(Infer(m),
            "m.sql:1: table t(a)\n"
            "m.sql:3: index t_a\n"
            "m.sql:7: view va\n"
            "m.sql:8: no column t.b\n");
}

// A partition (PARTITION OF, or attached later) goes with its parent; a
// detached one stays.
TEST(ImpliedEffectsTest, PartitionsGoWithTheirParent) {
  DescribedMigration m;
  auto of_p = [](Intent intent) {
    intent.table = Name("p");
    return intent;
  };
  m.Run("CREATE TABLE p1 PARTITION OF p ...", {of_p(CreateTable("p1", {}))});
  m.Run("CREATE INDEX p1_x ON p1 (x)", {Reading(CreateIndex("p1_x", "p1"), {}, {"x"})});
  m.Run("CREATE TABLE p2 (x int)", {CreateTable("p2", {"x"})});
  m.Run("ALTER TABLE p ATTACH PARTITION p2 ...",
        {of_p(Make(Action::kAttachPartition, ObjectKind::kTable, "p2"))});
  m.Run("CREATE TABLE p3 (x int)", {CreateTable("p3", {"x"})});
  m.Run("ALTER TABLE p ATTACH PARTITION p3 ...",
        {of_p(Make(Action::kAttachPartition, ObjectKind::kTable, "p3"))});
  m.Run("ALTER TABLE p DETACH PARTITION p3",
        {of_p(Make(Action::kDetachPartition, ObjectKind::kTable, "p3"))});
  m.Run("DROP TABLE p", {Drop(ObjectKind::kTable, "p")});
  EXPECT_EQ(Infer(m),
            "m.sql:5: table p3(x)\n"
            "m.sql:8: no table p\n");
}

// ADD CONSTRAINT ... USING INDEX, as the grammar reports it: a rename that
// keeps the index unique.
TEST(ImpliedEffectsTest, AnIndexRenamedByAConstraintStaysUnique) {
  DescribedMigration m;
  Intent index = CreateIndex("idx_email", "users");
  index.unique = true;
  m.Run("CREATE UNIQUE INDEX idx_email ON users (email)", {index});
  m.Run("ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE USING INDEX idx_email",
        {Rename(ObjectKind::kIndex, "idx_email", "users_email_key")});
  EXPECT_EQ(Infer(m),
            "m.sql:2: no index idx_email\n"
            "m.sql:2: unique index users_email_key\n");
}

// What the fold took back, for the drift check: as it was, from the
// statement that took it.
TEST(ImpliedEffectsTest, TakenFactsNameTheStatementThatTookThem) {
  DescribedMigration m;
  m.Run("CREATE INDEX t_id ON t (id)", {CreateIndex("t_id", "t")});
  m.Run("DROP TABLE t", {Drop(ObjectKind::kTable, "t")});
  EXPECT_EQ(Show(FoldEffects(m.statements()).taken), "m.sql:2: index t_id\n");
}

TEST(ImpliedEffectsTest, DropWithoutCascadeKeepsOtherObjects) {
  DescribedMigration m;
  m.Run("CREATE VIEW v AS SELECT 1", {Create(ObjectKind::kView, "v")});
  m.Run("DROP TABLE base", {Drop(ObjectKind::kTable, "base")});
  EXPECT_EQ(Infer(m),
            "m.sql:1: view v\n"
            "m.sql:2: no table base\n");
}

TEST(ImpliedEffectsTest, DroppingAFunctionOrATriggerImpliesNothing) {
  DescribedMigration m;
  m.Run("DROP FUNCTION f(int)", {Drop(ObjectKind::kFunction, "f")});
  m.Run("DROP TRIGGER tg ON t", {Drop(ObjectKind::kTrigger, "tg")});
  EXPECT_EQ(Infer(m), "");

  // Not even the function or trigger this migration created: it is simply forgotten.
  DescribedMigration created;
  created.Run("CREATE FUNCTION f() ...", {Create(ObjectKind::kFunction, "f")});
  Intent trigger = Create(ObjectKind::kTrigger, "tg");
  trigger.table = Name("t");
  created.Run("CREATE TRIGGER tg ...", {trigger});
  created.Run("DROP FUNCTION f()", {Drop(ObjectKind::kFunction, "f")});
  created.Run("DROP TRIGGER tg ON t", {Drop(ObjectKind::kTrigger, "tg")});
  EXPECT_EQ(Infer(created), "");
}

// --- columns ------------------------------------------------------------------------

TEST(ImpliedEffectsTest, ColumnChanges) {
  DescribedMigration m;
  m.Run("ALTER TABLE t ADD COLUMN c int", {AddColumn("t", "c")});
  m.Run("ALTER TABLE app.t DROP COLUMN d", {DropColumn("app.t", "d")});
  m.Run("ALTER TABLE t RENAME COLUMN a TO b", {RenameColumn("t", "a", "b")});
  EXPECT_EQ(Infer(m),
            "m.sql:1: column t.c\n"
            "m.sql:2: no column app.t.d\n"
            "m.sql:3: no column t.a\n"
            "m.sql:3: column t.b\n");
}

// Drops and renames take columns off a created table's list; an added column
// is its own fact (the CREATE did not make it), so the list never grows.
TEST(ImpliedEffectsTest, ACreatedTablesColumnListFollowsLaterColumnChanges) {
  DescribedMigration m;
  m.Run("CREATE TABLE t (a int, b int)", {CreateTable("t", {"a", "b"})});
  m.Run("ALTER TABLE t ADD COLUMN c int", {AddColumn("t", "c")});
  m.Run("ALTER TABLE t DROP COLUMN a", {DropColumn("t", "a")});
  m.Run("ALTER TABLE T RENAME COLUMN B TO bb", {RenameColumn("T", "B", "bb")});
  EXPECT_EQ(Infer(m),
            "m.sql:1: table t\n"
            "m.sql:2: column t.c\n"
            "m.sql:3: no column t.a\n"
            "m.sql:4: no column T.B\n"
            "m.sql:4: column T.bb\n");
}

TEST(ImpliedEffectsTest, AColumnDroppedAndAddedAgainIsListedOnce) {
  DescribedMigration m;
  m.Run("CREATE TABLE t (a int, b int)", {CreateTable("t", {"a", "b"})});
  m.Run("ALTER TABLE t DROP COLUMN a", {DropColumn("t", "a")});
  m.Run("ALTER TABLE t ADD COLUMN a text", {AddColumn("t", "a")});
  m.Run("ALTER TABLE t ADD COLUMN A text", {AddColumn("t", "A")});
  EXPECT_EQ(Infer(m),
            "m.sql:1: table t(b)\n"
            "m.sql:4: column t.A\n");
}

TEST(ImpliedEffectsTest, ATableWithoutAColumnListGetsNoneFromColumnChanges) {
  DescribedMigration m;
  m.Run("CREATE TABLE t AS SELECT 1 AS a", {Create(ObjectKind::kTable, "t")});
  m.Run("ALTER TABLE t ADD COLUMN c int", {AddColumn("t", "c")});
  EXPECT_EQ(Infer(m),
            "m.sql:1: table t\n"
            "m.sql:2: column t.c\n");
}

// --- what the grammar could not read ------------------------------------------------

TEST(ImpliedEffectsTest, AStatementNotUnderstoodImpliesNothing) {
  DescribedMigration m;
  StatementIntent unread = NotUnderstood();
  unread.intents = {CreateTable("t", {"id"})};
  m.Run("DO $$ BEGIN CREATE TABLE t (id int); END $$", unread);
  m.Run("CALL make_things()", NotUnderstood());
  EXPECT_EQ(Infer(m), "");
}

TEST(ImpliedEffectsTest, WritesAlterAndAttachImplyNoSchemaFact) {
  DescribedMigration m;
  m.Run("INSERT INTO t VALUES (1)", {Write(Action::kInsert, "t")});
  m.Run("UPDATE t SET a = 1", {Write(Action::kUpdate, "t")});
  m.Run("DELETE FROM t", {Write(Action::kDelete, "t")});
  m.Run("TRUNCATE t", {Write(Action::kTruncate, "t")});
  m.Run("ALTER TABLE t ADD CONSTRAINT c CHECK (a > 0)", {Make(Action::kAlter, ObjectKind::kTable, "t")});
  m.Run("ATTACH DATABASE 'x.db' AS x", {Make(Action::kAttach, ObjectKind::kSchema, "x")});
  m.Run("VACUUM", Maintenance());
  EXPECT_EQ(Infer(m), "");
}

// --- names ------------------------------------------------------------------------------

TEST(ImpliedEffectsTest, FoldName) {
  EXPECT_EQ(FoldName(Id("Orders")), "orders");
  EXPECT_EQ(FoldName(Id("\"Orders\"")), "Orders");
  EXPECT_EQ(FoldName(Id("ÉTÉ")), "ÉtÉ");  // ASCII only, as both databases fold
}

TEST(ImpliedEffectsTest, UnquotedNamesAreOneObjectWhateverTheirCase) {
  DescribedMigration m;
  m.Run("CREATE TABLE Orders (id int)", {CreateTable("Orders", {"id"})});
  m.Run("DROP TABLE ORDERS", {Drop(ObjectKind::kTable, "ORDERS")});
  EXPECT_EQ(Infer(m), "m.sql:2: no table ORDERS\n");
}

TEST(ImpliedEffectsTest, QuotedNamesThatDifferInCaseAreTwoObjects) {
  DescribedMigration m;
  m.Run("CREATE TABLE \"Orders\" (id int)", {CreateTable("\"Orders\"", {"\"id\""})});
  m.Run("DROP TABLE orders", {Drop(ObjectKind::kTable, "\"orders\"")});
  EXPECT_EQ(Infer(m),
            "m.sql:1: table \"Orders\"(\"id\")\n"
            "m.sql:2: no table \"orders\"\n");
}

TEST(ImpliedEffectsTest, AQualifiedAndAnUnqualifiedNameAreTheSameObject) {
  DescribedMigration m;
  m.Run("CREATE TABLE app.t (id int)", {CreateTable("app.t", {"id"})});
  m.Run("DROP TABLE t", {Drop(ObjectKind::kTable, "t")});
  EXPECT_EQ(Infer(m), "m.sql:2: no table t\n");
}

TEST(ImpliedEffectsTest, ObjectsOfDifferentKindsDoNotSupersedeEachOther) {
  DescribedMigration m;
  m.Run("CREATE TABLE x (id int)", {CreateTable("x", {"id"})});
  m.Run("DROP VIEW x", {Drop(ObjectKind::kView, "x")});
  EXPECT_EQ(Infer(m),
            "m.sql:1: table x(id)\n"
            "m.sql:2: no view x\n");
}

// --- origins, order, chains ---------------------------------------------------------------

TEST(ImpliedEffectsTest, OriginAndSourceAreTheStatementThatImpliesIt) {
  DescribedMigration m;
  m.Run("CREATE TABLE t (\n    id int,\n    name text\n)", {CreateTable("t", {"id", "name"})});
  m.Run("ALTER TABLE t\n  RENAME TO u", {Rename(ObjectKind::kTable, "t", "u")});
  const std::vector<Postcondition> effects = InferEffects(m.statements());
  ASSERT_EQ(effects.size(), 2u);
  EXPECT_EQ(effects[0].Describe(), "no table t");
  EXPECT_EQ(effects[0].origin, (base::Location{"m.sql", 2}));
  EXPECT_EQ(effects[0].source, "ALTER TABLE t RENAME TO u");
  // A renamed table's origin is the rename, which is where its name comes from.
  EXPECT_EQ(effects[1].Describe(), "table u(id, name)");
  EXPECT_EQ(effects[1].origin, (base::Location{"m.sql", 2}));
  EXPECT_EQ(effects[1].source, "ALTER TABLE t RENAME TO u");
}

TEST(ImpliedEffectsTest, ALongStatementIsShortenedInTheSource) {
  DescribedMigration m;
  const std::string text = "CREATE VIEW v AS SELECT " + std::string(300, 'x');
  m.Run(text, {Create(ObjectKind::kView, "v")});
  const std::vector<Postcondition> effects = InferEffects(m.statements());
  ASSERT_EQ(effects.size(), 1u);
  EXPECT_EQ(effects[0].source, text.substr(0, 200) + " …");
}

TEST(ImpliedEffectsTest, SeveralIntentsOfOneStatementApplyInOrder) {
  DescribedMigration m;
  m.Run("ALTER TABLE t ADD COLUMN a int, DROP COLUMN a, ADD COLUMN b int",
        {AddColumn("t", "a"), DropColumn("t", "a"), AddColumn("t", "b")});
  EXPECT_EQ(Infer(m),
            "m.sql:1: no column t.a\n"
            "m.sql:1: column t.b\n");
}

TEST(ImpliedEffectsTest, AChainAcrossFilesFoldsAsOneMigration) {
  DescribedMigration m;
  m.File("migrations/a.sql");
  m.Run("CREATE TABLE t (id int)", {CreateTable("t", {"id"})});
  m.Run("CREATE VIEW v AS SELECT 1", {Create(ObjectKind::kView, "v")});
  m.File("migrations/b.sql");
  m.Run("ALTER TABLE t ADD COLUMN name text", {AddColumn("t", "name")});
  m.Run("ALTER TABLE t RENAME TO u", {Rename(ObjectKind::kTable, "t", "u")});
  EXPECT_EQ(Infer(m),
            "migrations/a.sql:2: view v\n"
            "migrations/b.sql:1: column u.name\n"
            "migrations/b.sql:2: no table t\n"
            "migrations/b.sql:2: table u(id)\n");
}

TEST(ImpliedEffectsTest, NoStatementsImplyNothing) {
  DescribedMigration m;
  EXPECT_TRUE(InferEffects(m.statements()).empty());
}

}  // namespace
}  // namespace migrate::verify
