// bootstrap:: on SQLite: the database is a file, created with its folders
// and checked by writing the version tables' schema; dropped with its
// companions; and diagnosed link by link.

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "migrator/bootstrap/bootstrap.h"
#include "migrator/db/open.h"
#include "tests/support/temp_dir.h"

namespace migrate::bootstrap {
namespace {

namespace fs = std::filesystem;
using report::DatabaseCheck;
using State = report::DatabaseCheck::State;
using ::testing::ElementsAre;

class SqliteBootstrapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    options_.connect = [](const db::DatabaseUrl& url) { return db::Open(url); };
  }

  db::DatabaseUrl Url(const std::string& relative) const {
    auto url = db::DatabaseUrl::Parse("sqlite:///" + dir_ + "/" + relative, "");
    EXPECT_TRUE(url.has_value());
    return *std::move(url);
  }

  testing::TempDir temp_;
  const std::string dir_ = temp_.path();
  Options options_;
};

TEST_F(SqliteBootstrapTest, CreatesTheFileAndItsFoldersAndWritesTheVersionTables) {
  const db::DatabaseUrl url = Url("data/nested/app.db");
  auto outcome = CreateDatabase(url, url, options_);
  ASSERT_TRUE(outcome.has_value()) << outcome.error().ToString();
  const std::string path = dir_ + "/data/nested/app.db";
  EXPECT_THAT(
      outcome->steps,
      ElementsAre("Created folder " + dir_ + "/data/nested", "Created SQLite database " + path,
                  "Verified: opened " + path + " and wrote the version tables' schema"));
  EXPECT_TRUE(outcome->changed);
  auto conn = db::Open(url);
  ASSERT_TRUE(conn.has_value());
  auto tables = (*conn)->Query(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE "
      "'migrate_%' ORDER BY name");
  ASSERT_TRUE(tables.has_value());
  ASSERT_EQ(tables->rows.size(), 2u);
  EXPECT_EQ(tables->rows[0][0], "migrate_history");
  EXPECT_EQ(tables->rows[1][0], "migrate_version");
}

TEST_F(SqliteBootstrapTest, SecondCreateChangesNothing) {
  const db::DatabaseUrl url = Url("app.db");
  ASSERT_TRUE(CreateDatabase(url, url, options_).has_value());
  auto again = CreateDatabase(url, url, options_);
  ASSERT_TRUE(again.has_value()) << again.error().ToString();
  const std::string path = dir_ + "/app.db";
  EXPECT_THAT(again->steps,
              ElementsAre("SQLite database " + path + " already exists",
                          "Verified: opened " + path + " and wrote the version tables' schema"));
  EXPECT_FALSE(again->changed);
}

TEST_F(SqliteBootstrapTest, AFileThatIsNotADatabaseFailsVerification) {
  std::ofstream(dir_ + "/app.db") << "this is not a database, it is a text file long enough to "
                                     "have a header of one hundred bytes, and more, and more.\n";
  const db::DatabaseUrl url = Url("app.db");
  auto outcome = CreateDatabase(url, url, options_);
  ASSERT_FALSE(outcome.has_value());
  EXPECT_THAT(outcome.error().ToString(),
              ::testing::StartsWith("verification failed: cannot write to SQLite database " + dir_ +
                                    "/app.db: "));
}

TEST_F(SqliteBootstrapTest, InMemoryHasNothingToCreate) {
  auto url = db::DatabaseUrl::Parse("sqlite::memory:", "");
  ASSERT_TRUE(url.has_value());
  auto outcome = CreateDatabase(*url, *url, options_);
  ASSERT_FALSE(outcome.has_value());
  EXPECT_EQ(outcome.error().ToString(),
            "db create: sqlite::memory: is a private in-memory database, made afresh by every "
            "connection; there is no file to create");
  EXPECT_EQ(outcome.error().code(), base::StatusCode::kInvalidInput);
}

TEST_F(SqliteBootstrapTest, DropRemovesTheFileAndItsCompanions) {
  const db::DatabaseUrl url = Url("app.db");
  ASSERT_TRUE(CreateDatabase(url, url, options_).has_value());
  std::ofstream(dir_ + "/app.db-wal") << "";
  std::ofstream(dir_ + "/app.db-shm") << "";
  auto dropped = DropDatabase(url, url, options_);
  ASSERT_TRUE(dropped.has_value()) << dropped.error().ToString();
  EXPECT_THAT(dropped->steps, ElementsAre("Removed SQLite database " + dir_ + "/app.db"));
  for (const char* file : {"app.db", "app.db-wal", "app.db-shm"}) {
    EXPECT_FALSE(fs::exists(dir_ + "/" + file)) << file;
  }
  auto again = DropDatabase(url, url, options_);
  ASSERT_TRUE(again.has_value());
  EXPECT_THAT(again->steps,
              ElementsAre("SQLite database " + dir_ + "/app.db does not exist; nothing to drop"));
  EXPECT_FALSE(again->changed);
}

std::vector<std::string> Lines(const std::vector<DatabaseCheck>& checks) {
  std::vector<std::string> lines;
  for (const DatabaseCheck& c : checks) {
    const char* state = c.state == State::kOk ? "ok" : c.state == State::kFailed ? "FAILED" : "-";
    lines.push_back(std::string(state) + " " + c.name + ": " + c.detail +
                    (c.fix.empty() ? "" : " | fix: " + c.fix));
  }
  return lines;
}

TEST_F(SqliteBootstrapTest, StatusNamesEachBrokenLinkInTurn) {
  const db::DatabaseUrl url = Url("app.db");
  const std::string path = dir_ + "/app.db";
  auto missing = Diagnose(url, url, options_);
  ASSERT_TRUE(missing.has_value());
  EXPECT_THAT(Lines(*missing),
              ElementsAre("FAILED file: " + path + " does not exist | fix: run `migrate db create`",
                          "- database: not checked", "- write: not checked"));
  EXPECT_FALSE(fs::exists(path)) << "diagnosing must not create the file";

  std::ofstream(path) << "this is not a database, it is a text file long enough to have a header "
                         "of one hundred bytes, and more, and more.\n";
  auto garbage = Diagnose(url, url, options_);
  ASSERT_TRUE(garbage.has_value());
  EXPECT_EQ(Lines(*garbage).at(1),
            "FAILED database: cannot read " + path +
                ": file is not a database | fix: point the URL at a SQLite database file");

  fs::remove(path);
  ASSERT_TRUE(CreateDatabase(url, url, options_).has_value());
  auto ready = Diagnose(url, url, options_);
  ASSERT_TRUE(ready.has_value());
  EXPECT_THAT(
      Lines(*ready),
      ElementsAre("ok file: " + path + " exists", "ok database: " + path + " is a SQLite database",
                  "ok write: this user may write " + path + " and its folder"));
  EXPECT_EQ(FirstFailure(*ready), nullptr);

  if (geteuid() != 0) {  // root may write anything
    ASSERT_EQ(chmod(path.c_str(), 0444), 0);
    auto read_only = Diagnose(url, url, options_);
    ASSERT_TRUE(read_only.has_value());
    EXPECT_EQ(Lines(*read_only).at(2), "FAILED write: this user may not write " + path +
                                           " | fix: run as the file's owner, or make it writable "
                                           "(chmod u+w)");
  }
}

}  // namespace
}  // namespace migrate::bootstrap
