// lock_timeout: DDL stuck behind another session's lock fails cleanly, at
// the statement, with nothing recorded, instead of blocking (PostgreSQL).

#include <gtest/gtest.h>

#include "tests/engine/engine_test.h"

namespace migrate::testing {
namespace {

class LockTimeoutTest : public EngineTest {};

constexpr const char* kCreate = R"(-- create t
--
-- revision: r001
-- down_revision:

-- migrate:upgrade
CREATE TABLE t (id integer);
)";

TEST_P(LockTimeoutTest, ALockedTableFailsTheMigrationAtTheStatement) {
  Put("r001_create_t.sql", kCreate);
  ASSERT_TRUE(Upgrade().ok());
  Put("r002_add_note.sql", MigrationText("r002", "r001", {"lock_timeout: 200ms"},
                                         "-- migrate:upgrade\nALTER TABLE t ADD COLUMN note text;\n"));
  // Another session holds a lock that the ALTER must wait for.
  auto holder = db_->Connect();
  ASSERT_TRUE(holder.has_value()) << holder.error().ToString();
  ASSERT_TRUE((*holder)->Begin().ok());
  ASSERT_TRUE((*holder)->Execute("LOCK TABLE t IN ACCESS SHARE MODE").ok());

  base::Status s = Upgrade();
  ASSERT_TRUE((*holder)->Rollback().ok());
  EXPECT_EQ(s.code(), base::StatusCode::kDatabase);
  EXPECT_EQ(s.ToString(),
            "migrations/r002_add_note.sql:8: migration r002 failed: canceling statement due to "
            "lock timeout\n"
            "  statement: ALTER TABLE t ADD COLUMN note text\n"
            "  SQLSTATE: 55P03\n"
            "  nothing of revision r002 was recorded\n  next: fix the migration and run the same command again; it resumes at this migration");
  EXPECT_EQ(VersionRows(), std::set<std::string>{"r001"});
  // The limit was the migration's own: the next one runs with the default.
  EXPECT_EQ(One("SHOW lock_timeout"), "0");
}

INSTANTIATE_TEST_SUITE_P(Postgresql, LockTimeoutTest, ::testing::Values(Backend::kPostgresql),
                         BackendParamName());

}  // namespace
}  // namespace migrate::testing
