// End-to-end tests of `migrate show REV` with a database URL configured,
// against a fresh SQLite file and a fresh PostgreSQL database: whether the
// database has the revision, and the rows its upgrade inserted, updated and
// deleted per table (its data ledger, from migrate_history), as text and as
// JSON. Without a URL, show reads the files alone (offline_commands_test.cc
// covers that output); a SQLite file that does not exist is an error, and is
// not created; an
// unreachable database is an error naming the URL without its password.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test.h"
#include "tests/support/test_database.h"

namespace migrate::cli_test {
namespace {

using ::testing::ElementsAre;
using migrate::testing::Backend;
using migrate::testing::TestDatabase;
using nlohmann::json;

// After create orders: rows inserted into, updated in and deleted from two tables.
constexpr const char* kSeedRev = "e5f6a7b8c9d0";

void WriteSeedMigration(const TempDir& dir) {
  dir.Write(
      std::string("migrations/") + kSeedRev + "_seed_customers.sql",
      MigrationText("seed customers", kSeedRev, kOrdersRev,
                    "INSERT INTO customers (id, name) VALUES (1, 'ana'), (2, 'bo'), (3, 'cy');\n"
                    "UPDATE customers SET name = 'ann' WHERE id = 1;\n"
                    "DELETE FROM customers WHERE id = 3;\n"
                    "INSERT INTO orders (id, customer_id) VALUES (10, 1), (11, 2);\n",
                    "DELETE FROM orders;\nDELETE FROM customers;\n"));
}

// The output of `show` for the seed revision, up to its message.
std::vector<std::string> SeedHeader(const std::string& markers) {
  return {"Rev: " + std::string(kSeedRev) + markers,
          "Parent: " + std::string(kOrdersRev),
          "Path: migrations/" + std::string(kSeedRev) + "_seed_customers.sql",
          "",
          "    seed customers",
          ""};
}

// What show prints of the seed revision's ledger.
std::vector<std::string> SeedLedger() {
  return {"Rows changed:", "    customers  +3 ~1 -1", "    orders     +2 ~0 -0"};
}

std::vector<std::string> Concat(std::vector<std::string> head,
                                const std::vector<std::string>& tail) {
  head.insert(head.end(), tail.begin(), tail.end());
  return head;
}

class ShowCliTest : public CliTest, public ::testing::WithParamInterface<Backend> {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create(GetParam());
    ASSERT_NE(db_, nullptr);
    WriteCustomersProject(dir_);
    WriteSeedMigration(dir_);
  }

  ProcessResult Run(const std::vector<std::string>& args) const {
    return MigrateWithUrl(db_->url(), args);
  }

  // `show REV`, which must succeed with nothing on stderr; its stdout lines.
  std::vector<std::string> Show(const std::string& revision) const {
    const ProcessResult r = Run({"show", revision});
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    EXPECT_EQ(r.err, "");
    return Lines(r.out);
  }

  // `--format json show REV`, which must succeed; its "revision" object.
  json ShowJson(const std::string& revision) const {
    const ProcessResult r = Run({"--format", "json", "show", revision});
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    const json doc = json::parse(r.out, nullptr, /*allow_exceptions=*/false);
    EXPECT_TRUE(doc.is_object()) << r.out;
    return doc.is_object() ? doc.value("revision", json()) : json();
  }

  std::unique_ptr<TestDatabase> db_;
};

TEST_P(ShowCliTest, AnAppliedRevisionShowsTheRowsItsUpgradeChangedPerTable) {
  const ProcessResult up = Run({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.Describe();

  EXPECT_EQ(Show(kSeedRev), Concat(SeedHeader(" (head) (current)"), SeedLedger()));
  // Creating a table changes no rows.
  EXPECT_THAT(Show(kOrdersRev),
              ElementsAre("Rev: c08b5e3f7a30", "Parent: 7d4e2a1c9b20", "Children: e5f6a7b8c9d0",
                          "Path: migrations/c08b5e3f7a30_create_orders.sql", "",
                          "    create orders", "", "Rows changed: none"));
}

TEST_P(ShowCliTest, JsonAddsAppliedAndTheLedgerToTheRevision) {
  const json pending = ShowJson(kSeedRev);
  EXPECT_EQ(pending["revision"], kSeedRev);
  EXPECT_EQ(pending["applied"], false);
  EXPECT_EQ(pending["rows"], json::array());
  EXPECT_EQ(pending["is_current"], false);

  ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
  const json applied = ShowJson(kSeedRev);
  EXPECT_EQ(applied["applied"], true);
  EXPECT_EQ(applied["is_current"], true);
  EXPECT_EQ(applied["rows"], json::parse(R"([
      {"table": "customers", "inserted": 3, "updated": 1, "deleted": 1},
      {"table": "orders", "inserted": 2, "updated": 0, "deleted": 0}])"));
  EXPECT_EQ(ShowJson(kCustomersRev)["rows"], json::array());
  EXPECT_EQ(ShowJson(kCustomersRev)["applied"], true);
}

// Whether a revision is applied comes from the version table; its ledger
// from the history row that applied it: none after a downgrade, and a stamp
// changed no rows.
TEST_P(ShowCliTest, PendingRevertedAndStampedRevisions) {
  EXPECT_EQ(Show(kSeedRev), Concat(SeedHeader(" (head)"), {"Not applied on this database."}));

  ASSERT_EQ(Run({"upgrade", "head"}).exit_code, 0);
  const ProcessResult down = Run({"downgrade", "-1"});
  ASSERT_EQ(down.exit_code, 0) << down.Describe();
  EXPECT_EQ(Show(kSeedRev), Concat(SeedHeader(" (head)"), {"Not applied on this database."}));

  const ProcessResult stamp = Run({"stamp", "head"});
  ASSERT_EQ(stamp.exit_code, 0) << stamp.Describe();
  EXPECT_EQ(Show(kSeedRev), Concat(SeedHeader(" (head) (current)"), {"Rows changed: none"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, ShowCliTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const ::testing::TestParamInfo<Backend>& param) {
                           return migrate::testing::BackendName(param.param);
                         });

// --- Where the URL comes from, and when there is none ----------------------

class ShowConfigTest : public CliTest {
 protected:
  void SetUp() override {
    WriteCustomersProject(dir_);
    WriteSeedMigration(dir_);
  }
};

TEST_F(ShowConfigTest, WithoutAUrlShowReadsOnlyTheFiles) {
  const ProcessResult r = Migrate({"show", kSeedRev});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.err, "");
  std::vector<std::string> expected = SeedHeader(" (head)");
  expected.pop_back();  // nothing follows the message
  EXPECT_EQ(Lines(r.out), expected);

  const ProcessResult j = Migrate({"--format", "json", "show", kSeedRev});
  ASSERT_EQ(j.exit_code, 0) << j.Describe();
  const json revision = json::parse(j.out)["revision"];
  EXPECT_FALSE(revision.contains("applied")) << revision.dump();
  EXPECT_FALSE(revision.contains("rows")) << revision.dump();
}

TEST_F(ShowConfigTest, TheUrlComesFromMigrateTomlOrDatabaseUrl) {
  dir_.Write("migrate.toml", "[migrate]\nurl = \"sqlite:///app.db\"\n");
  ASSERT_EQ(Migrate({"upgrade", "head"}).exit_code, 0);
  ProcessResult r = Migrate({"show", kSeedRev});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(Lines(r.out), Concat(SeedHeader(" (head) (current)"), SeedLedger()));

  // DATABASE_URL wins over the file: that database has nothing applied.
  ASSERT_EQ(Migrate({"db", "create"}, {{"DATABASE_URL", "sqlite:///other.db"}}).exit_code, 0);
  r = Migrate({"show", kSeedRev}, {{"DATABASE_URL", "sqlite:///other.db"}});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(Lines(r.out).back(), "Not applied on this database.");
}

// Showing reads; it must not leave an empty database file behind.
TEST_F(ShowConfigTest, AMissingSqliteFileIsAnErrorAndIsNotCreated) {
  const ProcessResult r = Migrate({"--url", "sqlite:///missing.db", "show", kSeedRev});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "error: the SQLite database 'missing.db' does not exist\n"
            "  nothing was created: this command only reads; check the URL (from --url), or "
            "create the database with `migrate upgrade head`\n");
  EXPECT_FALSE(dir_.Exists("missing.db"));
}

TEST_F(ShowConfigTest, AnUnreachableDatabaseIsAnErrorNamingTheUrlWithoutItsPassword) {
  const std::string url = "postgresql://u:secret@127.0.0.1:1/db";
  const ProcessResult r = Migrate({"--url", url, "show", kSeedRev});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "error: cannot connect to postgresql://u:***@127.0.0.1:1/db: connection to server at "
            "\"127.0.0.1\", port 1 failed: Connection refused\n"
            "Is the server running on that host and accepting TCP/IP connections?\n");

  const ProcessResult j = Migrate({"--url", url, "--format", "json", "show", kSeedRev});
  EXPECT_EQ(j.exit_code, 1) << j.Describe();
  const json doc = json::parse(j.out);
  ASSERT_EQ(doc["problems"].size(), 1u) << j.out;
  EXPECT_EQ(doc["problems"][0]["code"], "database");
  EXPECT_FALSE(doc.contains("revision")) << j.out;
  EXPECT_THAT(j.out, ::testing::Not(::testing::HasSubstr("secret")));

  // A revision the files do not have is bad input, found before connecting.
  const ProcessResult unknown = Migrate({"--url", url, "show", "nope"});
  EXPECT_EQ(unknown.exit_code, 2) << unknown.Describe();
  EXPECT_EQ(unknown.err, "error: Unknown revision or branch label 'nope'\n");
}

}  // namespace
}  // namespace migrate::cli_test
