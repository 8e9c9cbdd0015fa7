// TestDatabase: a fresh, empty database for one test, on either backend, so
// every test that talks to a real database starts from nothing and leaves
// nothing behind.
//
// SQLite: a new, empty file in a new temporary directory (both removed by
// the destructor). PostgreSQL: a new database with a unique name on the test
// server, owned by the non-superuser, password-authenticated role
// `migrate_test` (which therefore has CREATE on its `public` schema), dropped
// WITH (FORCE) by the destructor.
//
// The test server is the one named by the environment variable
// MIGRATE_TEST_POSTGRES_URL (a superuser URL to an existing server) or else
// the URL that tests/support/pg_cluster.sh wrote to ${MIGRATE_TEST_PG_DIR}/url
// (ctest sets MIGRATE_TEST_PG_DIR; when it is unset, the build tree's default
// cluster directory is used). A PostgreSQL test that cannot reach the server
// fails with the reason; it never skips.
//
// Thread safety: Create() may be called from several threads and processes
// at once (names are unique per process and call); one TestDatabase is used
// by one thread.

#ifndef MIGRATOR_TESTS_SUPPORT_TEST_DATABASE_H_
#define MIGRATOR_TESTS_SUPPORT_TEST_DATABASE_H_

#include <memory>
#include <string>

#include "migrator/base/status.h"
#include "migrator/db/connection.h"
#include "tests/support/temp_dir.h"

namespace migrate::testing {

enum class Backend { kSqlite, kPostgresql };

/// "sqlite" or "postgresql" (usable in gtest parameter names).
std::string BackendName(Backend backend);

/// The superuser URL of the test server (to its `postgres` database), or
/// why there is none (kFailedPrecondition).
base::Result<std::string> ServerUrl();

class TestDatabase {
 public:
  /// A fresh empty database. On failure (PostgreSQL unreachable, a temp dir
  /// that cannot be made, ...) records a gtest failure saying why and returns
  /// nullptr; callers `ASSERT_NE(db, nullptr)`.
  static std::unique_ptr<TestDatabase> Create(Backend backend);

  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;
  /// Drops the database (PostgreSQL, even if connections remain) or removes
  /// the temporary directory (SQLite). A failure is a gtest failure.
  ~TestDatabase();

  Backend backend() const { return backend_; }
  /// The URL the application under test uses, password included
  /// (PostgreSQL: role migrate_test; SQLite: sqlite:////abs/path/test.db).
  const std::string& url() const { return url_; }
  /// A new connection to url().
  base::Result<std::unique_ptr<db::Connection>> Connect() const;
  /// A superuser URL to the same database, for setting things up that the
  /// application role may not do. SQLite: the same as url().
  std::string admin_url() const { return admin_url_; }
  /// The database's name (PostgreSQL) or file path (SQLite).
  const std::string& name() const { return name_; }

 private:
  TestDatabase(Backend backend, std::string name, std::string url, std::string admin_url,
               std::string server_admin_url);

  Backend backend_;
  std::string name_;
  std::string url_;
  std::string admin_url_;
  std::string server_admin_url_;  // PostgreSQL: superuser URL to the maintenance database
  std::unique_ptr<TempDir> sqlite_dir_;  // SQLite: the file's directory
};

}  // namespace migrate::testing

#endif  // MIGRATOR_TESTS_SUPPORT_TEST_DATABASE_H_
