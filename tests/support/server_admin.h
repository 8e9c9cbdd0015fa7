// ServerAdmin: the test PostgreSQL server as its superuser sees it, for the
// tests that create roles and databases of their own (bootstrap/ and
// `migrate db`). It hands out role and database names unique to the process
// and the test, runs SQL as the superuser, answers whether a role or a
// database exists, and on destruction drops every database it named (WITH
// (FORCE)) and then every role. A failure of any of these is a gtest
// failure naming the statement.
//
// The server is the one TestDatabase uses (test_database.h, ServerUrl()).
//
// Thread safety: Connect() may be called from several threads and
// processes at once; one ServerAdmin is used by one thread.

#ifndef MIGRATOR_TESTS_SUPPORT_SERVER_ADMIN_H_
#define MIGRATOR_TESTS_SUPPORT_SERVER_ADMIN_H_

#include <memory>
#include <string>
#include <vector>

#include "migrator/base/status.h"
#include "migrator/db/connection.h"
#include "migrator/db/database_url.h"

namespace migrate::testing {

class ServerAdmin {
 public:
  /// Connects as the superuser of ServerUrl(). Returns why not (no test
  /// server, a refused login) as the error.
  static base::Result<std::unique_ptr<ServerAdmin>> Connect();

  ServerAdmin(const ServerAdmin&) = delete;
  ServerAdmin& operator=(const ServerAdmin&) = delete;
  /// Drops the databases, then the roles, that NewDatabase and NewRole named.
  ~ServerAdmin();

  /// The superuser's URL, on the postgres database.
  const db::DatabaseUrl& url() const { return url_; }
  /// "HOST:PORT" of the server, for building other URLs to it.
  std::string HostPort() const { return url_.host() + ":" + url_.port(); }

  /// `prefix` + "_" + a suffix unique to this ServerAdmin ("bt_app_4242_3"),
  /// dropped by the destructor as a role (NewRole) or a database (NewDatabase).
  std::string NewRole(const std::string& prefix);
  std::string NewDatabase(const std::string& prefix);

  /// Runs `sql` as the superuser; a failure is a gtest failure.
  void Sql(const std::string& sql) const;
  bool RoleExists(const std::string& role) const;
  bool DatabaseExists(const std::string& database) const;
  /// The superuser's connection, for queries the helpers above do not cover.
  db::Connection& connection() const { return *connection_; }

 private:
  ServerAdmin(db::DatabaseUrl url, std::unique_ptr<db::Connection> connection);
  bool CatalogHas(const std::string& query, const std::string& name) const;

  db::DatabaseUrl url_;
  std::unique_ptr<db::Connection> connection_;
  std::string suffix_;
  std::vector<std::string> roles_;
  std::vector<std::string> databases_;
};

}  // namespace migrate::testing

#endif  // MIGRATOR_TESTS_SUPPORT_SERVER_ADMIN_H_
