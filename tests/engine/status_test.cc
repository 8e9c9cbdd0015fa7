// `migrate status` on real databases: which revisions are applied, when and
// how, the heads and the database's position.

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "migrator/store/version_store.h"
#include "tests/engine/engine_test.h"

namespace migrate::testing {
namespace {

using ::testing::ElementsAre;

class StatusTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    Put("r001_items.sql", MigrationText("r001", "", {},
                                        "-- migrate:upgrade\nCREATE TABLE items (id integer);\n"
                                        "-- migrate:downgrade\nDROP TABLE items;\n"));
    Put("r002_tags.sql", MigrationText("r002", "r001", {},
                                       "-- migrate:upgrade\nCREATE TABLE tags (id integer);\n"
                                       "-- migrate:downgrade\nDROP TABLE tags;\n"));
    Put("r003_notes.sql", MigrationText("r003", "r002", {},
                                        "-- migrate:upgrade\nCREATE TABLE notes (id integer);\n"
                                        "-- migrate:downgrade\nDROP TABLE notes;\n"));
  }

  base::Status RunStatus() {
    reporter_.Clear();
    commands::Context ctx = ContextFor(reporter_);
    return commands::ShowStatus(ctx);
  }

  /// "id state applied_by current head" per row, newest first.
  std::vector<std::string> Summary() const {
    std::vector<std::string> lines;
    for (const report::StatusRow& row : reporter_.status_rows()) {
      std::string line = row.revision.id + (row.applied ? " applied" : " pending");
      if (!row.applied_by.empty()) line += " by " + row.applied_by;
      if (row.revision.is_current) line += " current";
      if (row.revision.is_head) line += " head";
      lines.push_back(std::move(line));
    }
    return lines;
  }
};

TEST_P(StatusTest, EverythingPendingOnAnEmptyDatabase) {
  EXPECT_TRUE(RunStatus().ok());
  EXPECT_THAT(Summary(), ElementsAre("r003 pending head", "r002 pending", "r001 pending"));
  for (const report::StatusRow& row : reporter_.status_rows()) {
    EXPECT_EQ(row.applied_at, "") << row.revision.id;
  }
}

TEST_P(StatusTest, AppliedRowsCarryTheirUpgradeTimeAndDuration) {
  const auto before = std::chrono::system_clock::now() - std::chrono::seconds(1);
  ASSERT_TRUE(Upgrade("r002").ok());
  const auto after = std::chrono::system_clock::now() + std::chrono::seconds(1);
  EXPECT_TRUE(RunStatus().ok());
  EXPECT_THAT(Summary(), ElementsAre("r003 pending head", "r002 applied by upgrade current",
                                     "r001 applied by upgrade"));
  for (std::size_t i = 1; i < 3; ++i) {
    const report::StatusRow& row = reporter_.status_rows()[i];
    auto at = store::ParseTimestamp(row.applied_at);
    ASSERT_TRUE(at.has_value()) << row.applied_at;
    EXPECT_GE(*at, before);
    EXPECT_LE(*at, after);
    EXPECT_GE(row.duration.count(), 0);
    EXPECT_EQ(row.duration.count(),
              std::stoll(One("SELECT duration_ms FROM migrate_history WHERE revision = $1",
                             {row.revision.id})));
  }
}

TEST_P(StatusTest, StampedAndDowngradedRevisions) {
  ASSERT_TRUE(Stamp("r001").ok());
  ASSERT_TRUE(Upgrade("head").ok());
  ASSERT_TRUE(Downgrade("r002").ok());
  EXPECT_TRUE(RunStatus().ok());
  // r003 was applied and reverted: pending, with no time; r001 came by stamp.
  EXPECT_THAT(Summary(), ElementsAre("r003 pending head", "r002 applied by upgrade current",
                                     "r001 applied by stamp"));
  EXPECT_EQ(reporter_.status_rows()[0].applied_at, "");
}

// The database ahead of the code: the unknown revision first, the known
// ones as the history records them (what that revision needed is unknown).
TEST_P(StatusTest, ARevisionUnknownToTheFilesComesFirstThenTheError) {
  ASSERT_TRUE(Upgrade("r001").ok());
  Exec("UPDATE migrate_version SET version_num = 'zzz999'");
  base::Status s = RunStatus();
  EXPECT_EQ(s.code(), base::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.ToString(),
            "the database is at revision zzz999, which is not in migrations: the database is "
            "ahead of this code (migrated from another branch or a newer version), or its file "
            "was deleted\n"
            "  check out the code that has zzz999 (the branch that added it) and run `migrate "
            "downgrade` there to take it out, or restore the file; if the schema is really at a "
            "revision of these files, record that with `migrate stamp --purge REV`");
  EXPECT_THAT(Summary(), ElementsAre("zzz999 applied current", "r003 pending head",
                                     "r002 pending", "r001 applied by upgrade"));
  EXPECT_TRUE(reporter_.status_rows()[0].unknown);
}

// After `stamp base` the history keeps r001's checksum; it no longer speaks
// for r001, which the version table does not record.
TEST_P(StatusTest, ARevisionStampedAwayIsPendingEvenWithItsFileEdited) {
  ASSERT_TRUE(Upgrade("r001").ok());
  ASSERT_TRUE(Stamp("base").ok());
  Put("r001_items.sql", MigrationText("r001", "", {},
                                      "-- migrate:upgrade\nCREATE TABLE items (id integer, n integer);\n"
                                      "-- migrate:downgrade\nDROP TABLE items;\n"));
  EXPECT_TRUE(RunStatus().ok());
  EXPECT_THAT(Summary(), ElementsAre("r003 pending head", "r002 pending", "r001 pending"));
  EXPECT_FALSE(reporter_.status_rows()[2].edited);
  Exec("DROP TABLE items");
  base::Status s = Upgrade("r001");
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(Columns("items"), ::testing::Optional(ElementsAre("id", "n")));
}

INSTANTIATE_TEST_SUITE_P(Backends, StatusTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         BackendParamName());

}  // namespace
}  // namespace migrate::testing
