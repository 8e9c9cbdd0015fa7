// StatementPtr: a prepared SQLite statement that finalizes itself on every
// path out of the code that prepared it. Shared by the connection and the
// compiler, the two places that prepare statements through SQLite's own API.
//
// Thread safety: as the statement's connection.

#ifndef MIGRATOR_DB_SQLITE_SQLITE_STATEMENT_H_
#define MIGRATOR_DB_SQLITE_SQLITE_STATEMENT_H_

#include <soci/sqlite3/soci-sqlite3.h>  // SQLite's API, in namespace sqlite_api as SOCI declares it

#include <memory>

namespace migrate::db {

struct StatementCloser {
  void operator()(sqlite_api::sqlite3_stmt* stmt) const { sqlite_api::sqlite3_finalize(stmt); }
};
using StatementPtr = std::unique_ptr<sqlite_api::sqlite3_stmt, StatementCloser>;

}  // namespace migrate::db

#endif  // MIGRATOR_DB_SQLITE_SQLITE_STATEMENT_H_
