// SqliteDatabaseTest: the fixture of the tests that ask SqliteDialect about a
// real database file: a fresh, empty database (testing::TestDatabase, in a
// temporary directory of its own, removed after the test) and a connection
// to it, opened as migrate opens one.
//
//   class SqliteFooTest : public SqliteDatabaseTest {};
//   TEST_F(SqliteFooTest, Bar) { Run("CREATE TABLE t (x)"); ... conn_ ... }
//
// Thread safety: one fixture per test.

#ifndef MIGRATOR_TESTS_DB_SQLITE_DATABASE_FIXTURE_H_
#define MIGRATOR_TESTS_DB_SQLITE_DATABASE_FIXTURE_H_

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "migrator/db/connection.h"
#include "tests/support/test_database.h"

namespace migrate::db {

class SqliteDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = testing::TestDatabase::Create(testing::Backend::kSqlite);
    ASSERT_NE(db_, nullptr);
    base::Result<std::unique_ptr<Connection>> conn = db_->Connect();
    ASSERT_TRUE(conn.has_value()) << conn.status().ToString();
    conn_ = *std::move(conn);
  }

  // The connection closes before its file is removed.
  void TearDown() override {
    conn_.reset();
    db_.reset();
  }

  /// Runs `sql`, failing the test if it fails.
  void Run(const std::string& sql) {
    base::Status s = conn_->Execute(sql);
    ASSERT_TRUE(s.ok()) << sql << "\n" << s.ToString();
  }

  /// The directory the database file is in, for the other files a test makes.
  std::string dir() const { return std::filesystem::path(db_->name()).parent_path().string(); }

  std::unique_ptr<testing::TestDatabase> db_;
  std::unique_ptr<Connection> conn_;
};

}  // namespace migrate::db

#endif  // MIGRATOR_TESTS_DB_SQLITE_DATABASE_FIXTURE_H_
