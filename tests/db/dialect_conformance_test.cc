// The dialect conformance suite: every test runs on SQLite and on
// PostgreSQL, through the same Connection and Dialect interfaces, so the
// layers above db/ can rely on one behaviour. Where the backends must
// differ (their own error texts, case folding, the kinds of objects they
// have), the difference is spelled out in BackendFacts, not skipped.
//
// The PostgreSQL instantiation needs the test server (tests/support/
// pg_cluster.sh, started by ctest, or MIGRATE_TEST_POSTGRES_URL); without
// it every test FAILS with the reason, never skips.
//
// Test organization:
//   Statements   Execute/Query round trip, parameters, the database's own errors
//   Transactions Begin/Commit/Rollback, DDL rollback, failed statements, BeginReadOnly
//   Marker       ChangeMarker unchanged by reads, changed by DDL and by rows
//   Catalog      ObjectExists and TableColumns for every kind, quoting, schemas
//   Preflight    CheckExtension, RefusedInTransaction
//   Session      VersionTablesDdl, ResetSession, AcquireMigrationLock

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "migrator/db/connection.h"
#include "migrator/db/database_url.h"
#include "migrator/db/dialect.h"
#include "tests/support/test_database.h"

namespace migrate::db {
namespace {

using Availability = ExtensionState::Availability;
using script::Identifier;
using script::ObjectKind;
using script::ObjectName;
using testing::Backend;
using testing::BackendName;
using testing::TestDatabase;

// What legitimately differs between the backends.
struct BackendFacts {
  std::string name;  // Dialect::Name()
  // `SELECT * FROM no_such_table`: the database's message, SQLSTATE and
  // position (SQLite 3.40 reports none for an unknown table).
  std::string missing_table_message;
  std::string missing_table_sqlstate;
  int missing_table_position;
  // `SELECT no_such_column FROM items`.
  std::string missing_column_message;
  std::string missing_column_sqlstate;
  // `SELEC 1`.
  std::string syntax_error_message;
  std::string syntax_error_sqlstate;
  std::string default_schema;          // where unqualified tables go
  std::vector<std::string> make_other_schema;  // creates schema "Other"
  std::vector<std::string> make_trigger;       // creates trigger items_touch on items
  std::string function;                        // a function that exists after make_trigger
  bool folds_unquoted_names;                   // PostgreSQL: MixedCase means mixedcase
  bool has_sequences_types_matviews;
  std::string installed_extension;
  std::string creatable_extension;      // "" if the backend has no such thing
  std::string not_creatable_extension;  // available, but not to the test role; "" if none
  // What the dialect says of a name it has never heard of: SQLite takes it
  // for a PostgreSQL extension (`extensions:` is shared), PostgreSQL for a
  // missing one.
  ExtensionState::Availability unknown_extension;
  // The other dialect's extension, which this one must not check.
  std::string foreign_extension;
  // A session setting a migration may change, and how to read it.
  std::string change_setting;
  std::string show_setting;
};

BackendFacts Facts(Backend backend) {
  if (backend == Backend::kSqlite) {
    return BackendFacts{
        .name = "sqlite",
        .missing_table_message = "no such table: no_such_table",
        .missing_table_sqlstate = "",
        .missing_table_position = 0,
        .missing_column_message = "no such column: no_such_column",
        .missing_column_sqlstate = "",
        .syntax_error_message = "near \"SELEC\": syntax error",
        .syntax_error_sqlstate = "",
        .default_schema = "main",
        .make_other_schema = {"ATTACH DATABASE ':memory:' AS \"Other\""},
        .make_trigger = {"CREATE TRIGGER items_touch AFTER INSERT ON items BEGIN SELECT 1; END"},
        .function = "abs",
        .folds_unquoted_names = false,
        .has_sequences_types_matviews = false,
        .installed_extension = "json1",
        .creatable_extension = "",
        .not_creatable_extension = "",
        .unknown_extension = ExtensionState::Availability::kNotApplicable,
        .foreign_extension = "pg_trgm",
        .change_setting = "PRAGMA foreign_keys = off",
        .show_setting = "PRAGMA foreign_keys",
    };
  }
  return BackendFacts{
      .name = "postgresql",
      .missing_table_message = "relation \"no_such_table\" does not exist",
      .missing_table_sqlstate = "42P01",
      .missing_table_position = 15,
      .missing_column_message = "column \"no_such_column\" does not exist",
      .missing_column_sqlstate = "42703",
      .syntax_error_message = "syntax error at or near \"SELEC\"",
      .syntax_error_sqlstate = "42601",
      .default_schema = "public",
      .make_other_schema = {"CREATE SCHEMA \"Other\""},
      .make_trigger = {"CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS "
                       "$$ BEGIN RETURN NEW; END $$",
                       "CREATE TRIGGER items_touch BEFORE INSERT ON items FOR EACH ROW "
                       "EXECUTE FUNCTION touch()"},
      .function = "touch",
      .folds_unquoted_names = true,
      .has_sequences_types_matviews = true,
      .installed_extension = "plpgsql",
      .creatable_extension = "pg_trgm",   // trusted: the database owner may create it
      .not_creatable_extension = "file_fdw",  // untrusted: superusers only
      .unknown_extension = ExtensionState::Availability::kUnavailable,
      .foreign_extension = "fts5",
      .change_setting = "SET TIME ZONE 'Asia/Tokyo'",
      .show_setting = "SHOW TimeZone",
  };
}

ObjectName Name(std::string name, bool quoted = false) {
  return ObjectName{Identifier{}, Identifier{std::move(name), quoted}};
}

ObjectName Qualified(std::string schema, std::string name, bool quoted_schema = false) {
  return ObjectName{Identifier{std::move(schema), quoted_schema}, Identifier{std::move(name), false}};
}

class DialectConformanceTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    facts_ = Facts(GetParam());
    db_ = TestDatabase::Create(GetParam());
    ASSERT_NE(db_, nullptr) << "no " << BackendName(GetParam()) << " test database";
    conn_ = Connect();
    ASSERT_NE(conn_, nullptr);
    dialect_ = &conn_->dialect();
  }

  std::unique_ptr<Connection> Connect() {
    base::Result<std::unique_ptr<Connection>> conn = db_->Connect();
    EXPECT_TRUE(conn.has_value()) << conn.status().ToString();
    return conn ? *std::move(conn) : nullptr;
  }

  void Run(const std::string& sql) {
    base::Status s = conn_->Execute(sql);
    ASSERT_TRUE(s.ok()) << sql << "\n" << s.ToString();
  }

  // Creates items(id, name, note) with one row, the view item_names and the
  // index idx_items_name.
  void MakeItems() {
    Run("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT)");
    Run("INSERT INTO items (id, name) VALUES (1, 'apple')");
    Run("CREATE VIEW item_names AS SELECT name FROM items");
    Run("CREATE INDEX idx_items_name ON items (name)");
  }

  bool Exists(ObjectKind kind, const ObjectName& object, const Identifier& column = {}) {
    base::Result<bool> r = dialect_->ObjectExists(*conn_, kind, object, column);
    EXPECT_TRUE(r.has_value()) << r.status().ToString();
    return r.has_value() && *r;
  }

  std::optional<std::vector<std::string>> Columns(const ObjectName& table) {
    base::Result<std::optional<std::vector<std::string>>> r = dialect_->TableColumns(*conn_, table);
    EXPECT_TRUE(r.has_value()) << r.status().ToString();
    return r.has_value() ? *r : std::nullopt;
  }

  std::string Marker() {
    base::Result<std::string> r = dialect_->ChangeMarker(*conn_);
    EXPECT_TRUE(r.has_value()) << r.status().ToString();
    return r.has_value() ? *r : "(error)";
  }

  std::string One(Connection& conn, const std::string& sql) {
    base::Result<Rows> rows = conn.Query(sql);
    EXPECT_TRUE(rows.has_value()) << sql << "\n" << rows.status().ToString();
    if (!rows || rows->rows.size() != 1 || !rows->rows[0][0]) return "(none)";
    return *rows->rows[0][0];
  }

  BackendFacts facts_;
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<Connection> conn_;
  const Dialect* dialect_ = nullptr;
};

// --- Statements -----------------------------------------------------------

TEST_P(DialectConformanceTest, ExecuteAndQueryRoundTripWithParameters) {
  Run("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, note TEXT)");
  base::Result<Rows> inserted =
      conn_->Query("INSERT INTO items (id, name, note) VALUES ($1, $2, NULL)", {"7", "apple"});
  ASSERT_TRUE(inserted.has_value()) << inserted.status().ToString();
  EXPECT_TRUE(inserted->empty());

  base::Result<Rows> rows =
      conn_->Query("SELECT id, name, note FROM items WHERE name = $1 AND id = $2", {"apple", "7"});
  ASSERT_TRUE(rows.has_value()) << rows.status().ToString();
  EXPECT_EQ(rows->columns, (std::vector<std::string>{"id", "name", "note"}));
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0], (std::vector<Value>{"7", "apple", std::nullopt}));

  base::Result<Rows> none = conn_->Query("SELECT id FROM items WHERE name = $1", {"pear"});
  ASSERT_TRUE(none.has_value()) << none.status().ToString();
  EXPECT_TRUE(none->empty());
  EXPECT_EQ(none->columns, (std::vector<std::string>{"id"}));
}

TEST_P(DialectConformanceTest, ErrorsKeepTheDatabasesMessageAndPosition) {
  base::Status missing = conn_->Execute("SELECT * FROM no_such_table");
  EXPECT_EQ(missing.code(), base::StatusCode::kDatabase);
  EXPECT_EQ(missing.ToString(), facts_.missing_table_message);
  ASSERT_TRUE(missing.database().has_value());
  EXPECT_EQ(missing.database()->sqlstate, facts_.missing_table_sqlstate);
  EXPECT_EQ(missing.database()->position, facts_.missing_table_position);

  MakeItems();
  base::Status column = conn_->Execute("SELECT no_such_column FROM items");
  EXPECT_EQ(column.code(), base::StatusCode::kDatabase);
  EXPECT_EQ(column.ToString(), facts_.missing_column_message);
  ASSERT_TRUE(column.database().has_value());
  EXPECT_EQ(column.database()->sqlstate, facts_.missing_column_sqlstate);
  EXPECT_EQ(column.database()->position, 8);

  base::Status syntax = conn_->Execute("SELEC 1");
  EXPECT_EQ(syntax.code(), base::StatusCode::kDatabase);
  EXPECT_EQ(syntax.ToString(), facts_.syntax_error_message);
  ASSERT_TRUE(syntax.database().has_value());
  EXPECT_EQ(syntax.database()->sqlstate, facts_.syntax_error_sqlstate);
  EXPECT_EQ(syntax.database()->position, 1);

  // The connection stays usable after an error outside a transaction.
  EXPECT_EQ(One(*conn_, "SELECT 1"), "1");
}

TEST_P(DialectConformanceTest, ErrorsFromQueryToo) {
  base::Result<Rows> rows = conn_->Query("SELECT * FROM no_such_table WHERE 1 = $1", {"1"});
  ASSERT_FALSE(rows.has_value());
  EXPECT_EQ(rows.error().ToString(), facts_.missing_table_message);
}

TEST_P(DialectConformanceTest, RedactedUrlHidesThePassword) {
  base::Result<DatabaseUrl> url = DatabaseUrl::Parse(db_->url(), "/");
  ASSERT_TRUE(url.has_value()) << url.status().ToString();
  EXPECT_EQ(conn_->RedactedUrl(), url->Redacted());
  if (!url->password().empty()) {
    EXPECT_NE(conn_->RedactedUrl().find(":***@"), std::string::npos) << conn_->RedactedUrl();
  }
}

// --- Transactions ---------------------------------------------------------

TEST_P(DialectConformanceTest, OutsideATransactionEveryStatementCommits) {
  Run("CREATE TABLE at_once (x INTEGER)");
  Run("INSERT INTO at_once VALUES (1)");
  EXPECT_FALSE(conn_->InTransaction());
  std::unique_ptr<Connection> other = Connect();
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(One(*other, "SELECT count(*) FROM at_once"), "1");
}

TEST_P(DialectConformanceTest, RollbackUndoesDdl) {
  ASSERT_TRUE(conn_->Begin().ok());
  EXPECT_TRUE(conn_->InTransaction());
  Run("CREATE TABLE doomed (x INTEGER)");
  Run("INSERT INTO doomed VALUES (1)");
  EXPECT_TRUE(Exists(ObjectKind::kTable, Name("doomed")));
  ASSERT_TRUE(conn_->Rollback().ok());
  EXPECT_FALSE(conn_->InTransaction());
  EXPECT_FALSE(Exists(ObjectKind::kTable, Name("doomed")));
  // A rollback with no transaction open is a no-op.
  EXPECT_TRUE(conn_->Rollback().ok());
}

TEST_P(DialectConformanceTest, CommitKeepsDdlForOtherConnections) {
  ASSERT_TRUE(conn_->Begin().ok());
  Run("CREATE TABLE kept (x INTEGER)");
  ASSERT_TRUE(conn_->Commit().ok());
  EXPECT_FALSE(conn_->InTransaction());
  std::unique_ptr<Connection> other = Connect();
  ASSERT_NE(other, nullptr);
  base::Result<bool> seen = dialect_->ObjectExists(*other, ObjectKind::kTable, Name("kept"));
  ASSERT_TRUE(seen.has_value()) << seen.status().ToString();
  EXPECT_TRUE(*seen);
}

TEST_P(DialectConformanceTest, AFailedStatementLeavesTheTransactionOpenUntilRollback) {
  ASSERT_TRUE(conn_->Begin().ok());
  Run("CREATE TABLE partial (x INTEGER)");
  EXPECT_FALSE(conn_->Execute("SELECT * FROM no_such_table").ok());
  EXPECT_TRUE(conn_->InTransaction());
  ASSERT_TRUE(conn_->Rollback().ok());
  EXPECT_FALSE(conn_->InTransaction());
  EXPECT_FALSE(Exists(ObjectKind::kTable, Name("partial")));
}

TEST_P(DialectConformanceTest, AReadOnlyTransactionReadsAndRefusesEveryWrite) {
  MakeItems();
  ASSERT_TRUE(conn_->BeginReadOnly().ok());
  EXPECT_TRUE(conn_->InTransaction());
  EXPECT_EQ(One(*conn_, "SELECT name FROM items"), "apple");
  EXPECT_TRUE(Exists(ObjectKind::kView, Name("item_names")));
  for (const std::string& write :
       {std::string("UPDATE items SET name = 'pear'"),
        std::string("INSERT INTO items (id, name) VALUES (2, 'fig')"), std::string("DELETE FROM items"),
        std::string("CREATE TABLE more (x INTEGER)"), std::string("DROP INDEX idx_items_name")}) {
    // Each in a savepoint: a refused statement aborts a PostgreSQL transaction.
    Run("SAVEPOINT attempt");
    base::Status refused = conn_->Execute(write);
    EXPECT_FALSE(refused.ok()) << write;
    ASSERT_TRUE(refused.database().has_value()) << write << "\n" << refused.ToString();
    EXPECT_EQ(refused.database()->sqlstate, kReadOnlySqlstate) << write;
    Run("ROLLBACK TO SAVEPOINT attempt");
  }
  EXPECT_EQ(conn_->BeginReadOnly().code(), base::StatusCode::kInternal);
  ASSERT_TRUE(conn_->Rollback().ok());
  EXPECT_FALSE(conn_->InTransaction());
  EXPECT_EQ(One(*conn_, "SELECT name FROM items"), "apple");
  EXPECT_TRUE(Exists(ObjectKind::kIndex, Name("idx_items_name")));
  EXPECT_FALSE(Exists(ObjectKind::kTable, Name("more")));
  // After it, writes work again.
  Run("UPDATE items SET name = 'pear'");
  EXPECT_EQ(One(*conn_, "SELECT name FROM items"), "pear");
}

TEST_P(DialectConformanceTest, AReadOnlyTransactionDoesNotBlockAWriter) {
  MakeItems();
  ASSERT_TRUE(conn_->BeginReadOnly().ok());
  EXPECT_EQ(One(*conn_, "SELECT count(*) FROM items"), "1");
  // A reader holds no write lock (a second BEGIN IMMEDIATE would fail here).
  std::unique_ptr<Connection> writer = Connect();
  ASSERT_NE(writer, nullptr);
  ASSERT_TRUE(writer->Begin().ok());
  ASSERT_TRUE(writer->Execute("CREATE TABLE written (x INTEGER)").ok());
  ASSERT_TRUE(writer->Rollback().ok());
  ASSERT_TRUE(conn_->Rollback().ok());
}

// --- Marker ---------------------------------------------------------------

TEST_P(DialectConformanceTest, ChangeMarkerIgnoresReadsAndSeesDdl) {
  MakeItems();
  ASSERT_TRUE(conn_->Begin().ok());
  std::string before = Marker();
  EXPECT_TRUE(conn_->Query("SELECT * FROM items").has_value());
  EXPECT_TRUE(Exists(ObjectKind::kTable, Name("items")));
  EXPECT_EQ(Marker(), before);
  Run("CREATE TABLE more (x INTEGER)");
  EXPECT_NE(Marker(), before);
  ASSERT_TRUE(conn_->Rollback().ok());
}

TEST_P(DialectConformanceTest, ChangeMarkerSeesRowChanges) {
  MakeItems();
  ASSERT_TRUE(conn_->Begin().ok());
  std::string before = Marker();
  Run("UPDATE items SET note = 'x' WHERE id = 999");  // matches nothing
  if (GetParam() == Backend::kSqlite) {
    EXPECT_EQ(Marker(), before);
  }
  Run("INSERT INTO items (id, name) VALUES (2, 'pear')");
  EXPECT_NE(Marker(), before);
  ASSERT_TRUE(conn_->Rollback().ok());
}

// --- Catalog --------------------------------------------------------------

TEST_P(DialectConformanceTest, TablesViewsIndexesAndColumns) {
  MakeItems();
  EXPECT_TRUE(Exists(ObjectKind::kTable, Name("items")));
  EXPECT_FALSE(Exists(ObjectKind::kTable, Name("item_names")));  // a view, not a table
  EXPECT_FALSE(Exists(ObjectKind::kTable, Name("nothing")));
  EXPECT_TRUE(Exists(ObjectKind::kView, Name("item_names")));
  EXPECT_FALSE(Exists(ObjectKind::kView, Name("items")));
  EXPECT_TRUE(Exists(ObjectKind::kIndex, Name("idx_items_name")));
  EXPECT_FALSE(Exists(ObjectKind::kIndex, Name("idx_nothing")));
  EXPECT_TRUE(Exists(ObjectKind::kColumn, Name("items"), Identifier{"note", false}));
  EXPECT_FALSE(Exists(ObjectKind::kColumn, Name("items"), Identifier{"price", false}));
  EXPECT_FALSE(Exists(ObjectKind::kColumn, Name("nothing"), Identifier{"note", false}));

  EXPECT_EQ(Columns(Name("items")), (std::vector<std::string>{"id", "name", "note"}));
  EXPECT_EQ(Columns(Name("item_names")), (std::vector<std::string>{"name"}));
  EXPECT_EQ(Columns(Name("nothing")), std::nullopt);
}

TEST_P(DialectConformanceTest, TriggersAndFunctions) {
  MakeItems();
  for (const std::string& sql : facts_.make_trigger) Run(sql);
  EXPECT_TRUE(Exists(ObjectKind::kTrigger, Name("items_touch")));
  EXPECT_FALSE(Exists(ObjectKind::kTrigger, Name("no_trigger")));
  EXPECT_TRUE(Exists(ObjectKind::kFunction, Name(facts_.function)));
  EXPECT_FALSE(Exists(ObjectKind::kFunction, Name("no_such_function")));
}

TEST_P(DialectConformanceTest, QuotedMixedCaseNames) {
  Run("CREATE TABLE \"MixedCase\" (\"CamelCol\" INTEGER, plain INTEGER)");
  EXPECT_TRUE(Exists(ObjectKind::kTable, Name("MixedCase", /*quoted=*/true)));
  EXPECT_EQ(Exists(ObjectKind::kTable, Name("MixedCase")), !facts_.folds_unquoted_names);
  EXPECT_EQ(Exists(ObjectKind::kTable, Name("mixedcase")), !facts_.folds_unquoted_names);
  EXPECT_TRUE(Exists(ObjectKind::kColumn, Name("MixedCase", true), Identifier{"CamelCol", true}));
  EXPECT_EQ(Exists(ObjectKind::kColumn, Name("MixedCase", true), Identifier{"CamelCol", false}),
            !facts_.folds_unquoted_names);
  EXPECT_TRUE(Exists(ObjectKind::kColumn, Name("MixedCase", true), Identifier{"PLAIN", false}));
  EXPECT_EQ(Columns(Name("MixedCase", true)), (std::vector<std::string>{"CamelCol", "plain"}));

  Run("CREATE TABLE lower_case (x INTEGER)");
  EXPECT_TRUE(Exists(ObjectKind::kTable, Name("LOWER_CASE")));  // folds (PG) or ignores case
  EXPECT_EQ(Exists(ObjectKind::kTable, Name("LOWER_CASE", true)), !facts_.folds_unquoted_names);
}

TEST_P(DialectConformanceTest, SchemaQualifiedNames) {
  MakeItems();
  for (const std::string& sql : facts_.make_other_schema) Run(sql);
  Run("CREATE TABLE \"Other\".audit (at TEXT, what TEXT)");

  EXPECT_TRUE(Exists(ObjectKind::kTable, Qualified(facts_.default_schema, "items")));
  EXPECT_TRUE(Exists(ObjectKind::kView, Qualified(facts_.default_schema, "item_names")));
  EXPECT_TRUE(Exists(ObjectKind::kIndex, Qualified(facts_.default_schema, "idx_items_name")));
  EXPECT_TRUE(Exists(ObjectKind::kColumn, Qualified(facts_.default_schema, "items"),
                     Identifier{"name", false}));
  EXPECT_FALSE(Exists(ObjectKind::kTable, Qualified("no_such_schema", "items")));
  EXPECT_TRUE(Exists(ObjectKind::kTable, Qualified("Other", "audit", /*quoted_schema=*/true)));
  EXPECT_FALSE(Exists(ObjectKind::kTable, Qualified("Other", "items", true)));
  EXPECT_EQ(Columns(Qualified("Other", "audit", true)), (std::vector<std::string>{"at", "what"}));

  EXPECT_TRUE(Exists(ObjectKind::kSchema, Name(facts_.default_schema)));
  EXPECT_TRUE(Exists(ObjectKind::kSchema, Name("Other", true)));
  EXPECT_FALSE(Exists(ObjectKind::kSchema, Name("no_such_schema")));
}

TEST_P(DialectConformanceTest, SequencesTypesAndMaterializedViews) {
  if (!facts_.has_sequences_types_matviews) {
    for (ObjectKind kind :
         {ObjectKind::kSequence, ObjectKind::kType, ObjectKind::kMaterializedView}) {
      base::Result<bool> r = dialect_->ObjectExists(*conn_, kind, Name("x"));
      ASSERT_FALSE(r.has_value());
      EXPECT_EQ(r.error().code(), base::StatusCode::kInvalidInput);
    }
    return;
  }
  MakeItems();
  Run("CREATE SEQUENCE order_numbers");
  Run("CREATE TYPE mood AS ENUM ('ok', 'meh')");
  Run("CREATE MATERIALIZED VIEW item_count AS SELECT count(*) AS n FROM items");
  EXPECT_TRUE(Exists(ObjectKind::kSequence, Name("order_numbers")));
  EXPECT_FALSE(Exists(ObjectKind::kSequence, Name("items")));
  EXPECT_TRUE(Exists(ObjectKind::kType, Name("mood")));
  EXPECT_FALSE(Exists(ObjectKind::kType, Name("no_mood")));
  EXPECT_TRUE(Exists(ObjectKind::kMaterializedView, Name("item_count")));
  EXPECT_FALSE(Exists(ObjectKind::kMaterializedView, Name("item_names")));
}

TEST_P(DialectConformanceTest, FindObjectWantsExactlyTheKindAskedFor) {
  MakeItems();
  Run("CREATE UNIQUE INDEX idx_items_id_name ON items (id, name)");
  Run("CREATE TEMP TABLE scratch (x INTEGER)");
  auto finding = [&](ObjectKind kind, const std::string& name, bool unique = false) {
    base::Result<ObjectFinding> r = dialect_->FindObject(*conn_, kind, Name(name), {}, unique);
    EXPECT_TRUE(r.has_value()) << r.status().ToString();
    if (!r) return std::string("(error)");
    return r->exists ? std::string("exists") : r->instead.empty() ? "absent" : r->instead;
  };
  EXPECT_EQ(finding(ObjectKind::kTable, "items"), "exists");
  EXPECT_EQ(finding(ObjectKind::kTable, "item_names"), "it is a view");
  EXPECT_EQ(finding(ObjectKind::kTable, "idx_items_name"), "it is an index");
  EXPECT_EQ(finding(ObjectKind::kTable, "scratch"), "it is a temporary table");
  EXPECT_EQ(finding(ObjectKind::kTable, "nothing"), "absent");
  EXPECT_EQ(finding(ObjectKind::kView, "items"), "it is a table");
  EXPECT_EQ(finding(ObjectKind::kIndex, "idx_items_name"), "exists");
  EXPECT_EQ(finding(ObjectKind::kIndex, "idx_items_name", /*unique=*/true),
            "the index is not unique");
  EXPECT_EQ(finding(ObjectKind::kIndex, "idx_items_id_name", true), "exists");
  EXPECT_FALSE(Exists(ObjectKind::kTable, Name("scratch")));
}

// --- Preflight ------------------------------------------------------------

TEST_P(DialectConformanceTest, CheckExtension) {
  base::Result<ExtensionState> installed =
      dialect_->CheckExtension(*conn_, facts_.installed_extension);
  ASSERT_TRUE(installed.has_value()) << installed.status().ToString();
  EXPECT_EQ(installed->availability, Availability::kInstalled);
  EXPECT_TRUE(Exists(ObjectKind::kExtension, Name(facts_.installed_extension)));

  base::Result<ExtensionState> unknown = dialect_->CheckExtension(*conn_, "no_such_extension");
  ASSERT_TRUE(unknown.has_value()) << unknown.status().ToString();
  EXPECT_EQ(unknown->availability, facts_.unknown_extension);
  EXPECT_NE(unknown->explanation, "");

  base::Result<ExtensionState> foreign = dialect_->CheckExtension(*conn_, facts_.foreign_extension);
  ASSERT_TRUE(foreign.has_value()) << foreign.status().ToString();
  EXPECT_EQ(foreign->availability, Availability::kNotApplicable);
  EXPECT_FALSE(Exists(ObjectKind::kExtension, Name("no_such_extension")));

  if (!facts_.creatable_extension.empty()) {
    base::Result<ExtensionState> creatable =
        dialect_->CheckExtension(*conn_, facts_.creatable_extension);
    ASSERT_TRUE(creatable.has_value()) << creatable.status().ToString();
    EXPECT_EQ(creatable->availability, Availability::kCreatable);
    EXPECT_FALSE(Exists(ObjectKind::kExtension, Name(facts_.creatable_extension)));
  }
  if (!facts_.not_creatable_extension.empty()) {
    base::Result<ExtensionState> refused =
        dialect_->CheckExtension(*conn_, facts_.not_creatable_extension);
    ASSERT_TRUE(refused.has_value()) << refused.status().ToString();
    EXPECT_EQ(refused->availability, Availability::kNotCreatable);
    EXPECT_NE(refused->explanation, "");
    EXPECT_NE(refused->fix, "");
  }
}

TEST_P(DialectConformanceTest, CheckExtensionChangesNothing) {
  ASSERT_TRUE(conn_->Begin().ok());
  std::string before = Marker();
  for (const std::string& name : {facts_.installed_extension, facts_.creatable_extension,
                                  std::string("no_such_extension")}) {
    if (name.empty()) continue;
    EXPECT_TRUE(dialect_->CheckExtension(*conn_, name).has_value()) << name;
  }
  EXPECT_EQ(Marker(), before);
  ASSERT_TRUE(conn_->Rollback().ok());
}

TEST_P(DialectConformanceTest, RefusedInTransaction) {
  EXPECT_TRUE(dialect_->RefusedInTransaction("VACUUM").has_value());
  EXPECT_EQ(dialect_->RefusedInTransaction("CREATE TABLE t (x INTEGER)"), std::nullopt);
  EXPECT_EQ(dialect_->RefusedInTransaction("INSERT INTO t VALUES (1)"), std::nullopt);
}

TEST_P(DialectConformanceTest, NameAndQuoting) {
  EXPECT_EQ(dialect_->Name(), facts_.name);
  EXPECT_EQ(dialect_->QuoteIdentifier("plain"), "\"plain\"");
  EXPECT_EQ(dialect_->QuoteIdentifier("say \"hi\""), "\"say \"\"hi\"\"\"");
  // A quoted identifier round-trips through the database.
  Run("CREATE TABLE " + dialect_->QuoteIdentifier("we\"ird Name") + " (x INTEGER)");
  EXPECT_TRUE(Exists(ObjectKind::kTable, Name("we\"ird Name", true)));
}

// --- Session --------------------------------------------------------------

TEST_P(DialectConformanceTest, VersionTablesDdlIsIdempotentAndTakesTextParameters) {
  base::Result<std::string> schema = dialect_->DefaultVersionSchema(*conn_);
  ASSERT_TRUE(schema.has_value()) << schema.status().ToString();
  EXPECT_EQ(*schema, GetParam() == Backend::kSqlite ? "" : "public");
  VersionTables tables{*schema, "migrate_version", "migrate_history"};
  // The second round finds the tables there; PostgreSQL says so in a
  // NOTICE, which must not reach the terminal.
  ::testing::internal::CaptureStdout();
  ::testing::internal::CaptureStderr();
  for (int round = 0; round < 2; ++round) {
    EXPECT_TRUE(conn_->Begin().ok());
    for (const std::string& sql : dialect_->VersionTablesDdl(tables)) {
      base::Status s = conn_->Execute(sql);
      EXPECT_TRUE(s.ok()) << sql << "\n" << s.ToString();
    }
    EXPECT_TRUE(conn_->Commit().ok());
  }
  EXPECT_EQ(::testing::internal::GetCapturedStdout(), "");
  EXPECT_EQ(::testing::internal::GetCapturedStderr(), "");
  ObjectName version{Identifier{*schema, true}, Identifier{"migrate_version", true}};
  ObjectName history{Identifier{*schema, true}, Identifier{"migrate_history", true}};
  if (schema->empty()) {
    version.schema = {};
    history.schema = {};
  }
  EXPECT_EQ(Columns(version), (std::vector<std::string>{"version_num"}));
  EXPECT_EQ(Columns(history),
            (std::vector<std::string>{"id", "revision", "direction", "checksum", "started_at",
                                      "finished_at", "duration_ms", "success", "error",
                                      "error_location", "db_user", "host", "pid",
                                      "tool_version", "rows_changed"}));

  // The engine writes every value as text.
  std::string history_table = dialect_->QualifiedTable(tables, tables.history);
  std::string version_table = dialect_->QualifiedTable(tables, tables.version);
  base::Result<Rows> inserted = conn_->Query(
      "INSERT INTO " + history_table +
          " (revision, direction, checksum, started_at, finished_at, duration_ms, success, "
          "error, error_location, db_user, host, pid, tool_version) VALUES "
          "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
      {"1f737760963f", "upgrade", "sha256:00", "2026-11-22T10:31:07.123Z",
       "2026-11-22T10:31:07.456Z", "333", "1", "", "", "ana", "build-7", "4242", "0.1.0"});
  ASSERT_TRUE(inserted.has_value()) << inserted.status().ToString();
  base::Result<Rows> version_row =
      conn_->Query("INSERT INTO " + version_table + " (version_num) VALUES ($1)", {"1f737760963f"});
  ASSERT_TRUE(version_row.has_value()) << version_row.status().ToString();
  base::Result<Rows> rows = conn_->Query("SELECT id, revision, duration_ms, pid FROM " +
                                         history_table + " WHERE success AND finished_at IS NOT NULL");
  ASSERT_TRUE(rows.has_value()) << rows.status().ToString();
  ASSERT_EQ(rows->rows.size(), 1u);
  EXPECT_EQ(rows->rows[0], (std::vector<Value>{"1", "1f737760963f", "333", "4242"}));

  // A running `transaction: none` migration: no finish time yet, not successful.
  ASSERT_TRUE(conn_->Query("INSERT INTO " + history_table +
                               " (revision, direction, started_at, success) VALUES ($1, $2, $3, $4)",
                           {"2b", "upgrade", "2026-11-22T10:32:00Z", "0"})
                  .has_value());
  EXPECT_EQ(One(*conn_, "SELECT count(*) FROM " + history_table + " WHERE finished_at IS NULL"), "1");
}

TEST_P(DialectConformanceTest, ResetSessionUndoesSessionSettings) {
  std::string before = One(*conn_, facts_.show_setting);
  Run(facts_.change_setting);
  ASSERT_NE(One(*conn_, facts_.show_setting), before);
  base::Status s = dialect_->ResetSession(*conn_);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(One(*conn_, facts_.show_setting), before);
  EXPECT_EQ(One(*conn_, "SELECT 1"), "1");
}

TEST_P(DialectConformanceTest, MigrationLock) {
  VersionTables tables{GetParam() == Backend::kSqlite ? "" : "public", "migrate_version",
                       "migrate_history"};
  LockOptions options;
  options.timeout = std::chrono::milliseconds(300);
  base::Result<std::unique_ptr<MigrationLock>> first =
      dialect_->AcquireMigrationLock(*conn_, tables, options);
  ASSERT_TRUE(first.has_value()) << first.status().ToString();
  ASSERT_NE(*first, nullptr);

  std::unique_ptr<Connection> other = Connect();
  ASSERT_NE(other, nullptr);
  base::Result<std::unique_ptr<MigrationLock>> second =
      dialect_->AcquireMigrationLock(*other, tables, options);
  ASSERT_FALSE(second.has_value());
  EXPECT_EQ(second.error().code(), base::StatusCode::kTimeout);

  // Once released, the lock can be taken again.
  first->reset();
  base::Result<std::unique_ptr<MigrationLock>> third =
      dialect_->AcquireMigrationLock(*other, tables, options);
  EXPECT_TRUE(third.has_value()) << third.status().ToString();
}

INSTANTIATE_TEST_SUITE_P(Backends, DialectConformanceTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const ::testing::TestParamInfo<Backend>& param_info) {
                           return BackendName(param_info.param);
                         });

}  // namespace
}  // namespace migrate::db
