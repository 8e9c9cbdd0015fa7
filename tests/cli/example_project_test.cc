// End-to-end tests on the repository's own example project (migrate.toml and
// migrations/ at the repository root: a salon-booking schema with a labelled
// branch and a merge). Runs from a temporary directory with -c pointing at
// the example's config, so the source tree is never written to; databases
// are a temporary SQLite file and a fresh PostgreSQL database.


#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/cli/cli_test.h"
#include "tests/cli/database_probe.h"
#include "tests/support/test_database.h"

namespace migrate::cli_test {
namespace {

using ::testing::ElementsAre;
using migrate::testing::Backend;
using migrate::testing::TestDatabase;

// The example's revisions in upgrade order, with their summaries.
const std::vector<std::pair<std::string, std::string>> kUpgradeOrder = {
    {"abde199b0d25", "create customers and stylists"},
    {"a412ec748e43", "create services with trigram search"},
    {"98ab8c2c55ea", "add packs"},
    {"e41767822e06", "add stylist specialties"},
    {"bea19103e23f", "merge packs and stylist specialties"},
    {"a578722d6b1a", "create appointments"},
    {"be0d23aa7ffa", "create policies"},
    {"39cb1635bced", "insert default policies"},
};

const std::vector<std::string> kExampleTables = {
    "appointments",    "customers", "migrate_history", "migrate_version",     "pack_services",
    "packs",           "policies",  "services",        "stylist_specialties", "stylists"};

class ExampleProjectTest : public CliTest {
 protected:
  ProcessResult Example(const std::vector<std::string>& args) const {
    std::vector<std::string> argv = {"-c", SourceDir() + "/migrate.toml"};
    argv.insert(argv.end(), args.begin(), args.end());
    return Migrate(argv);
  }

  // upgrade head then downgrade base against `url`, checking each line and the tables.
  void UpgradeThenDowngrade(const std::string& url) {
    const DatabaseProbe probe = DatabaseProbe::ForUrl(url);
    const ProcessResult up = Example({"--url", url, "upgrade", "head"});
    ASSERT_EQ(up.exit_code, 0) << up.Describe();
    EXPECT_EQ(up.err, "");
    const std::vector<std::string> up_lines = ResultLines(MaskDurations(up.out));
    ASSERT_EQ(up_lines.size(), kUpgradeOrder.size() + 1) << up.out;
    for (std::size_t i = 0; i < kUpgradeOrder.size(); ++i) {
      const auto& [revision, summary] = kUpgradeOrder[i];
      const std::string start = "✓ applied  " + revision + "  TIME  " + summary;
      EXPECT_EQ(up_lines[i].substr(0, start.size()), start) << up_lines[i];
    }
    EXPECT_EQ(up_lines.back(), "Applied 8 migrations in TIME.");
    EXPECT_EQ(probe.Tables(), kExampleTables);
    EXPECT_THAT(probe.VersionRows(), ElementsAre("39cb1635bced"));
    EXPECT_THAT(probe.Query("SELECT count(*) FROM policies"), ElementsAre("5"));
    const ProcessResult check = Example({"--url", url, "check"});
    EXPECT_EQ(check.exit_code, 0) << check.Describe();
    EXPECT_EQ(check.out, "OK: the database is at head 39cb1635bced, files unchanged, no drift\n");

    const ProcessResult down = Example({"--url", url, "downgrade", "base"});
    ASSERT_EQ(down.exit_code, 0) << down.Describe();
    EXPECT_EQ(down.err, "");
    const std::vector<std::string> down_lines = ResultLines(MaskDurations(down.out));
    ASSERT_EQ(down_lines.size(), kUpgradeOrder.size() + 1) << down.out;
    EXPECT_EQ(down_lines.front(), "✓ reverted 39cb1635bced  TIME  insert default policies");
    EXPECT_EQ(down_lines[down_lines.size() - 2],
              "✓ reverted abde199b0d25  TIME  create customers and stylists  ✓ 2 absent tables verified");
    EXPECT_EQ(down_lines.back(), "Reverted 8 migrations in TIME.");
    EXPECT_THAT(probe.Tables(), ElementsAre("migrate_history", "migrate_version"));
    EXPECT_THAT(probe.VersionRows(), ::testing::IsEmpty());
  }
};

TEST_F(ExampleProjectTest, HistoryShowsTheBranchAndTheMerge) {
  const ProcessResult r = Example({"history"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.err, "");
  EXPECT_THAT(
      Lines(r.out),
      ElementsAre(
          "be0d23aa7ffa -> 39cb1635bced (head), insert default policies",
          "a578722d6b1a -> be0d23aa7ffa, create policies",
          "bea19103e23f -> a578722d6b1a, create appointments",
          "(98ab8c2c55ea, e41767822e06) -> bea19103e23f (mergepoint), merge packs and stylist "
          "specialties",
          "a412ec748e43 -> e41767822e06, add stylist specialties",
          "a412ec748e43 -> 98ab8c2c55ea (packs), add packs",
          "abde199b0d25 -> a412ec748e43 (branchpoint), create services with trigram search",
          "<base> -> abde199b0d25, create customers and stylists"));
}

TEST_F(ExampleProjectTest, BranchesShowsTheBranchPoint) {
  const ProcessResult r = Example({"branches"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_THAT(Lines(r.out),
              ElementsAre("a412ec748e43 (branchpoint), create services with trigram search",
                          "    -> 98ab8c2c55ea (packs), add packs",
                          "    -> e41767822e06, add stylist specialties"));
}

TEST_F(ExampleProjectTest, BranchLabelNamesItsRevision) {
  // show also asks the configured database, which must exist (it reads only).
  const std::string url = "sqlite:///" + dir_.Path("example.db");
  ASSERT_EQ(Example({"--url", url, "db", "create"}).exit_code, 0);
  const ProcessResult r = Example({"--url", url, "show", "packs"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  const std::vector<std::string> lines = Lines(r.out);
  ASSERT_GE(lines.size(), 4u) << r.out;
  EXPECT_EQ(lines[0], "Rev: 98ab8c2c55ea (packs)");
  EXPECT_EQ(lines[1], "Parent: a412ec748e43");
  EXPECT_EQ(lines[2], "Children: bea19103e23f");
  EXPECT_EQ(lines[3], "Branch names: packs");
}

// A bare branch label names the revision that declares it (Alembic's rule).
TEST_F(ExampleProjectTest, UpgradeToABranchLabel) {
  const std::string url = "sqlite:///" + dir_.Path("example.db");
  const ProcessResult r = Example({"--url", url, "upgrade", "packs"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  const std::vector<std::string> lines = ResultLines(MaskDurations(r.out));
  ASSERT_EQ(lines.size(), 4u) << r.out;
  EXPECT_EQ(lines[0].substr(0, 25), "✓ applied  abde199b0d25");
  EXPECT_EQ(lines[1].substr(0, 25), "✓ applied  a412ec748e43");
  EXPECT_EQ(lines[2].substr(0, 25), "✓ applied  98ab8c2c55ea");
  EXPECT_EQ(lines[3], "Applied 3 migrations in TIME.");
  EXPECT_THAT(DatabaseProbe::ForUrl(url).VersionRows(), ElementsAre("98ab8c2c55ea"));
}

TEST_F(ExampleProjectTest, CheckOfflinePasses) {
  const ProcessResult r = Example({"check", "--offline"});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, "OK: 8 revisions, head 39cb1635bced\n");
}

TEST_F(ExampleProjectTest, UpgradeHeadThenDowngradeBaseOnSqlite) {
  UpgradeThenDowngrade("sqlite:///" + dir_.Path("example.db"));
}

TEST_F(ExampleProjectTest, UpgradeHeadThenDowngradeBaseOnPostgresql) {
  std::unique_ptr<TestDatabase> db = TestDatabase::Create(Backend::kPostgresql);
  ASSERT_NE(db, nullptr);
  UpgradeThenDowngrade(db->url());
}

TEST_F(ExampleProjectTest, SqlScriptForPostgresqlRunsInPsql) {
  std::unique_ptr<TestDatabase> db = TestDatabase::Create(Backend::kPostgresql);
  ASSERT_NE(db, nullptr);
  const ProcessResult script = Example({"--url", db->url(), "upgrade", "head", "--sql"});
  ASSERT_EQ(script.exit_code, 0) << script.Describe();
  const DatabaseProbe probe = DatabaseProbe::Postgresql(db->url());
  const ProcessResult applied = probe.RunScript(script.out);
  ASSERT_EQ(applied.exit_code, 0) << applied.Describe();
  EXPECT_EQ(probe.Tables(), kExampleTables);
  EXPECT_THAT(probe.VersionRows(), ElementsAre("39cb1635bced"));
}

}  // namespace
}  // namespace migrate::cli_test
