// DatabaseProbe: looks into a database a test migrated, through the
// database's own command-line client (sqlite3, psql) rather than through
// migrator's code, so the end-to-end tests check what really landed in the
// database. Also feeds a script to the client, as `migrate upgrade --sql |
// psql` does.
//
// Every query failure is a gtest failure naming the client's message.

#ifndef MIGRATOR_TESTS_CLI_DATABASE_PROBE_H_
#define MIGRATOR_TESTS_CLI_DATABASE_PROBE_H_

#include <string>
#include <vector>

#include "tests/cli/cli_test.h"

namespace migrate::cli_test {

class DatabaseProbe {
 public:
  /// A SQLite database file (created by the first query if it does not exist).
  static DatabaseProbe Sqlite(std::string path);
  /// A PostgreSQL database, by libpq URL (tables are looked for in `public`).
  static DatabaseProbe Postgresql(std::string url);
  /// Chooses by the URL's scheme: sqlite:///PATH (absolute) or postgresql://.
  static DatabaseProbe ForUrl(const std::string& url);

  /// The rows of `sql`, one line per row, columns joined by '|'.
  std::vector<std::string> Query(const std::string& sql) const;
  /// Runs `script` through the client, stopping at the first error.
  ProcessResult RunScript(const std::string& script) const;

  /// The tables, sorted (SQLite's internal sqlite_* tables left out).
  std::vector<std::string> Tables() const;
  /// "table(col type, col type, ...)" per table, sorted: the shape to compare two databases by.
  std::vector<std::string> Schema() const;
  /// The index names, sorted (SQLite's automatic indexes left out).
  std::vector<std::string> Indexes() const;
  /// migrate_version.version_num, sorted.
  std::vector<std::string> VersionRows() const;

 private:
  DatabaseProbe(bool sqlite, std::string target) : sqlite_(sqlite), target_(std::move(target)) {}

  bool sqlite_;
  std::string target_;  // SQLite: file path; PostgreSQL: URL
};

}  // namespace migrate::cli_test

#endif  // MIGRATOR_TESTS_CLI_DATABASE_PROBE_H_
