// `migrate test` on real databases: each migration goes up, down and up
// again, and a downgrade that leaves something behind is named.

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/engine/engine_test.h"

namespace migrate::testing {
namespace {

using ::testing::ElementsAre;

constexpr const char* kItems =
    "-- migrate:upgrade\n"
    "CREATE TABLE items (id integer PRIMARY KEY, name text NOT NULL);\n"
    "-- migrate:downgrade\n"
    "DROP TABLE items;\n";

// The downgrade drops the table but forgets the index (line 9: the marker).
constexpr const char* kTagsForgetsIndex =
    "-- migrate:upgrade\n"
    "CREATE TABLE tags (id integer PRIMARY KEY, label text);\n"
    "CREATE INDEX idx_items_name ON items (name);\n"
    "-- migrate:downgrade\n"
    "DROP TABLE tags;\n";

constexpr const char* kNotes =
    "-- migrate:upgrade\n"
    "CREATE TABLE notes (id integer PRIMARY KEY, body text);\n"
    "-- migrate:downgrade\n"
    "DROP TABLE notes;\n";

constexpr const char* kIrreversible =
    "-- migrate:upgrade\n"
    "ALTER TABLE items ADD COLUMN price integer;\n";

class RoundTripTest : public EngineTest {
 protected:
  base::Status RoundTrip(bool force = false) {
    reporter_.Clear();
    commands::Context ctx = ContextFor(reporter_);
    return commands::RoundTrip(ctx, commands::RoundTripArgs{.force = force});
  }
};

TEST_P(RoundTripTest, AGoodChainPassesAndEndsAtHead) {
  Put("r001_items.sql", MigrationText("r001", "", {}, kItems));
  Put("r003_notes.sql", MigrationText("r003", "r001", {}, kNotes));
  base::Status s = RoundTrip();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(reporter_.info(),
              ElementsAre("✓ r001  upgrade, downgrade, upgrade: schema restored",
                          "✓ r003  upgrade, downgrade, upgrade: schema restored",
                          "OK: 2 migrations round-tripped; the database is at head"));
  EXPECT_THAT(VersionRows(), ElementsAre("r003"));
  EXPECT_THAT(History(), ElementsAre("r001 upgrade ok", "r001 downgrade ok", "r001 upgrade ok",
                                     "r003 upgrade ok", "r003 downgrade ok", "r003 upgrade ok"));
}

// The index the downgrade left behind, as the fingerprint shows it.
// (SQLite keeps a CREATE INDEX's text without IF NOT EXISTS.)
std::string LeftoverIndex(bool postgresql) {
  return postgresql ? "index public.idx_items_name on items: CREATE INDEX idx_items_name ON "
                      "public.items USING btree (name)"
                    : "index main.idx_items_name on items: CREATE INDEX idx_items_name ON items (name)";
}

std::string NotRestored(const std::string& index) {
  return "migrations/r002_tags.sql:9: revision r002: downgrade does not restore the schema "
         "(1 difference; - before the upgrade only, + after the downgrade only)\n"
         "  + " + index;
}

// The usual consequence: the upgrade again trips over the leftover index,
// so the walk cannot go past r002. Both problems are reported.
TEST_P(RoundTripTest, ADowngradeThatForgetsAnIndexIsNamed) {
  Put("r001_items.sql", MigrationText("r001", "", {}, kItems));
  Put("r002_tags.sql", MigrationText("r002", "r001", {}, kTagsForgetsIndex));
  Put("r003_notes.sql", MigrationText("r003", "r002", {}, kNotes));
  base::Status s = RoundTrip();
  ASSERT_EQ(reporter_.problems().size(), 1u);
  EXPECT_EQ(reporter_.problems()[0].code(), base::StatusCode::kVerificationFailed);
  EXPECT_EQ(reporter_.problems()[0].ToString(), NotRestored(LeftoverIndex(postgresql())));
  EXPECT_EQ(s.code(), base::StatusCode::kDatabase);
  EXPECT_EQ(s.ToString(),
            std::string("migrations/r002_tags.sql:8: migration r002 failed: ") +
                (postgresql() ? "relation \"idx_items_name\" already exists\n"
                              : "index idx_items_name already exists\n") +
                "  statement: CREATE INDEX idx_items_name ON items (name)\n" +
                (postgresql() ? "  SQLSTATE: 42P07\n" : "") +
                "  revision r002 fails when upgraded again after its downgrade; the migrations "
                "after it were not tested\n"
                "test found 2 problems");
  EXPECT_THAT(reporter_.info(), ElementsAre("✓ r001  upgrade, downgrade, upgrade: schema restored"));
  EXPECT_THAT(VersionRows(), ElementsAre("r001"));
}

// When the upgrade tolerates the leftover, the walk goes on past it.
TEST_P(RoundTripTest, AfterAnUnrestoredSchemaTheWalkGoesOn) {
  std::string tags = kTagsForgetsIndex;
  tags.replace(tags.find("CREATE INDEX "), 13, "CREATE INDEX IF NOT EXISTS ");
  Put("r001_items.sql", MigrationText("r001", "", {}, kItems));
  Put("r002_tags.sql", MigrationText("r002", "r001", {}, tags));
  Put("r003_notes.sql", MigrationText("r003", "r002", {}, kNotes));
  base::Status s = RoundTrip();
  EXPECT_EQ(s.code(), base::StatusCode::kVerificationFailed);
  EXPECT_EQ(s.ToString(),
            NotRestored(LeftoverIndex(postgresql())) + "\ntest found 1 problem");
  EXPECT_THAT(reporter_.problems(), ElementsAre());
  EXPECT_THAT(reporter_.info(),
              ElementsAre("✓ r001  upgrade, downgrade, upgrade: schema restored",
                          "✓ r003  upgrade, downgrade, upgrade: schema restored"));
  EXPECT_THAT(VersionRows(), ElementsAre("r003"));
}

TEST_P(RoundTripTest, AnIrreversibleMigrationIsReportedAndNotAFailure) {
  Put("r001_items.sql", MigrationText("r001", "", {}, kItems));
  Put("r002_price.sql", MigrationText("r002", "r001", {}, kIrreversible));
  Put("r003_notes.sql", MigrationText("r003", "r002", {}, kNotes));
  base::Status s = RoundTrip();
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(reporter_.info(),
              ElementsAre("✓ r001  upgrade, downgrade, upgrade: schema restored",
                          "- r002  irreversible (no downgrade section): upgraded, not round-tripped",
                          "✓ r003  upgrade, downgrade, upgrade: schema restored",
                          "OK: 2 migrations round-tripped, 1 irreversible (r002) only upgraded; "
                          "the database is at head"));
  EXPECT_THAT(VersionRows(), ElementsAre("r003"));
}

TEST_P(RoundTripTest, RefusesADatabaseThatRecordsRevisionsUnlessForced) {
  Put("r001_items.sql", MigrationText("r001", "", {}, kItems));
  Put("r003_notes.sql", MigrationText("r003", "r001", {}, kNotes));
  ASSERT_TRUE(Upgrade("r001").ok());
  base::Status s = RoundTrip();
  EXPECT_EQ(s.code(), base::StatusCode::kInvalidInput);
  EXPECT_EQ(s.ToString(), "`migrate test` needs a scratch database, and " + Db().RedactedUrl() +
                              " records revision(s) r001: it upgrades and downgrades every "
                              "migration; point --url at a scratch database, or pass --force to "
                              "walk from where it is");
  EXPECT_THAT(VersionRows(), ElementsAre("r001"));

  s = RoundTrip(/*force=*/true);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_THAT(reporter_.info(),
              ElementsAre("✓ r003  upgrade, downgrade, upgrade: schema restored",
                          "OK: 1 migration round-tripped; the database is at head"));
}

TEST_P(RoundTripTest, AMigrationThatFailsOnAFreshDatabaseStopsTheWalk) {
  Put("r001_items.sql", MigrationText("r001", "", {}, kItems));
  Put("r002_bad.sql", MigrationText("r002", "r001", {},
                                    "-- migrate:upgrade\n"
                                    "INSERT INTO missing_table VALUES (1);\n"
                                    "-- migrate:downgrade\n"
                                    "DELETE FROM missing_table;\n"));
  Put("r003_notes.sql", MigrationText("r003", "r002", {}, kNotes));
  base::Status s = RoundTrip();
  EXPECT_EQ(s.code(), base::StatusCode::kDatabase);
  EXPECT_EQ(s.ToString(),
            std::string("migrations/r002_bad.sql:7: migration r002 failed: ") +
                (postgresql() ? "relation \"missing_table\" does not exist\n"
                              : "no such table: missing_table\n") +
                "  statement: INSERT INTO missing_table VALUES (1)\n" +
                (postgresql() ? "  SQLSTATE: 42P01\n" : "") +
                "  revision r002 fails on a fresh database; the migrations after it were not "
                "tested\n"
                "test found 1 problem");
  EXPECT_THAT(reporter_.info(), ElementsAre("✓ r001  upgrade, downgrade, upgrade: schema restored"));
  EXPECT_THAT(VersionRows(), ElementsAre("r001"));
}

INSTANTIATE_TEST_SUITE_P(Backends, RoundTripTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         BackendParamName());

}  // namespace
}  // namespace migrate::testing
