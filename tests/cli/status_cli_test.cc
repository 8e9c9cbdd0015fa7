// End-to-end tests of `migrate status` and `migrate test` against a fresh
// SQLite file and a fresh PostgreSQL database: the table people read, the
// JSON programs read (data ledgers included), and the round trip's lines and
// exit statuses.

#include <algorithm>
#include <regex>
#include <set>

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

class StatusCliTest : public CliTest, public ::testing::WithParamInterface<Backend> {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create(GetParam());
    ASSERT_NE(db_, nullptr);
    WriteCustomersProject(dir_);
  }

  ProcessResult Run(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {"--url", db_->url()};
    argv.insert(argv.end(), args.begin(), args.end());
    return Migrate(argv);
  }

  // stdout's lines with timestamps as WHEN, durations as TIME and runs of
  // spaces as one (the column widths follow what was masked).
  static std::vector<std::string> Table(const std::string& out) {
    std::string text = std::regex_replace(
        MaskDurations(out), std::regex(R"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ)"), "WHEN");
    return Lines(std::regex_replace(text, std::regex(" +"), " "));
  }

  std::unique_ptr<TestDatabase> db_;
};

TEST_P(StatusCliTest, TableBeforeAndAfterAnUpgrade) {
  ProcessResult r = Run({"status"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.err, "");
  EXPECT_THAT(Table(r.out), ElementsAre(" REVISION STATE APPLIED AT TOOK MESSAGE",
                                        " c08b5e3f7a30 pending create orders (head)",
                                        " 7d4e2a1c9b20 pending add email",
                                        " 3f1c0a9e2b10 pending create customers", "",
                                        "Database at <base>; 3 migrations pending (head c08b5e3f7a30)."));

  ASSERT_EQ(Run({"upgrade", kEmailRev}).exit_code, 0);
  r = Run({"status"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_THAT(Table(r.out), ElementsAre(" REVISION STATE APPLIED AT TOOK MESSAGE",
                                        " c08b5e3f7a30 pending create orders (head)",
                                        "> 7d4e2a1c9b20 applied WHEN TIME add email (current)",
                                        " 3f1c0a9e2b10 applied WHEN TIME create customers", "",
                                        "Database at 7d4e2a1c9b20; 1 migration pending (head c08b5e3f7a30)."));
}

TEST_P(StatusCliTest, JsonHasOneEntryPerRevisionNewestFirst) {
  ASSERT_EQ(Run({"upgrade", kCustomersRev}).exit_code, 0);
  ProcessResult r = Run({"--format", "json", "status"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["exit_code"], 0);
  EXPECT_EQ(doc["problems"], nlohmann::json::array());
  ASSERT_EQ(doc["status"].size(), 3u);
  const std::set<std::string> keys{"revision", "parents", "children", "branch_labels", "depends_on",
                                   "message", "path", "is_head", "is_base", "is_branch_point",
                                   "is_merge_point", "is_current", "applied", "applied_at",
                                   "applied_by", "duration_ms", "rows", "state", "edited",
                                   "drift", "incomplete"};
  for (const nlohmann::json& row : doc["status"]) {
    std::set<std::string> have;
    for (const auto& item : row.items()) have.insert(item.key());
    EXPECT_EQ(have, keys);
  }
  EXPECT_EQ(doc["status"][0]["revision"], kOrdersRev);
  EXPECT_EQ(doc["status"][0]["applied"], false);
  EXPECT_EQ(doc["status"][0]["applied_at"], nullptr);
  EXPECT_EQ(doc["status"][0]["is_head"], true);
  EXPECT_EQ(doc["status"][2]["revision"], kCustomersRev);
  EXPECT_EQ(doc["status"][2]["applied"], true);
  EXPECT_EQ(doc["status"][2]["applied_by"], "upgrade");
  EXPECT_EQ(doc["status"][2]["is_current"], true);
  EXPECT_TRUE(std::regex_match(doc["status"][2]["applied_at"].get<std::string>(),
                               std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)")))
      << doc["status"][2]["applied_at"];
  EXPECT_TRUE(doc["status"][2]["duration_ms"].is_number_integer());
}

// The rows a migration changed, as the database counted them: per table
// under -v and in JSON steps, recorded in the history, summed by status.
TEST_P(StatusCliTest, TheLedgerShowsUnderVerboseInJsonAndInStatus) {
  dir_.Write("migrations/e5f6a7b8c9d0_seed_customers.sql",
             MigrationText("seed customers", "e5f6a7b8c9d0", kOrdersRev,
                           "INSERT INTO customers (id, name) VALUES (1, 'ana'), (2, 'bo'), (3, 'cy');\n"
                           "UPDATE customers SET name = 'ann' WHERE id = 1;\n"
                           "DELETE FROM customers WHERE id = 3;\n",
                           "DELETE FROM customers;\n"));
  ProcessResult r = Run({"-v", "upgrade", "head"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  const std::vector<std::string> lines = Lines(r.out);
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "    rows  customers  +3 ~1 -1"), 1) << r.out;
  EXPECT_EQ(std::count_if(lines.begin(), lines.end(),
                          [](const std::string& line) { return line.rfind("    rows", 0) == 0; }),
            1)
      << r.out;

  r = Run({"status"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  ASSERT_GE(Table(r.out).size(), 2u);
  EXPECT_EQ(Table(r.out)[1], "> e5f6a7b8c9d0 applied WHEN TIME seed customers (head) (current) rows +3 ~1 -1");

  const nlohmann::json one_customer =
      nlohmann::json::parse(R"([{"table": "customers", "inserted": 3, "updated": 1, "deleted": 1}])");
  r = Run({"--format", "json", "status"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["status"][0]["rows"], one_customer);
  EXPECT_EQ(doc["status"][1]["rows"], nlohmann::json::array());

  r = Run({"--format", "json", "downgrade", "-1"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["steps"][0]["rows"],
            nlohmann::json::parse(R"([{"table": "customers", "inserted": 0, "updated": 0, "deleted": 2}])"));
}

TEST_P(StatusCliTest, RoundTripOnAScratchDatabaseThenRefusesToRunAgain) {
  ProcessResult r = Run({"test"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.err, "");
  EXPECT_THAT(Lines(r.out),
              ElementsAre("✓ 3f1c0a9e2b10  upgrade, downgrade, upgrade: schema restored",
                          "✓ 7d4e2a1c9b20  upgrade, downgrade, upgrade: schema restored",
                          "✓ c08b5e3f7a30  upgrade, downgrade, upgrade: schema restored",
                          "OK: 3 migrations round-tripped; the database is at head"));

  r = Run({"test"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_EQ(r.out, "");
  const std::string url = std::regex_replace(db_->url(), std::regex(":[^:@/]*@"), ":***@");
  EXPECT_THAT(Lines(r.err),
              ElementsAre("error: `migrate test` needs a scratch database, and " + url +
                          " records revision(s) c08b5e3f7a30: it upgrades and downgrades every "
                          "migration; point --url at a scratch database, or pass --force to walk "
                          "from where it is"));

  r = Run({"test", "--force"});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_THAT(Lines(r.out),
              ElementsAre("OK: 0 migrations round-tripped; the database is at head"));
}

TEST_P(StatusCliTest, RoundTripFailureExitsOneNamingTheRevision) {
  // The orders downgrade forgets the index the upgrade made on customers.
  dir_.Write("migrations/d1e2f3a4b5c6_index_names.sql",
            MigrationText("index names", "d1e2f3a4b5c6", kOrdersRev,
                          "CREATE TABLE labels (id integer PRIMARY KEY);\n"
                          "CREATE INDEX IF NOT EXISTS ix_customers_name ON customers (name);\n",
                          "DROP TABLE labels;\n"));
  ProcessResult r = Run({"--format", "json", "test"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["exit_code"], 1);
  ASSERT_EQ(doc["problems"].size(), 1u);
  EXPECT_EQ(doc["problems"][0]["code"], "verification_failed");
  EXPECT_EQ(doc["problems"][0]["file"], "migrations/d1e2f3a4b5c6_index_names.sql");
  EXPECT_EQ(doc["problems"][0]["message"],
            "revision d1e2f3a4b5c6: downgrade does not restore the schema (1 difference; - before "
            "the upgrade only, + after the downgrade only)");
}

INSTANTIATE_TEST_SUITE_P(Backends, StatusCliTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const ::testing::TestParamInfo<Backend>& param) {
                           return migrate::testing::BackendName(param.param);
                         });

}  // namespace
}  // namespace migrate::cli_test
