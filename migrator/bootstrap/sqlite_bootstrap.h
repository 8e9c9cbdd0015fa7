// The SQLite half of bootstrap.h: the database is a file, so creating it
// means creating its folders and opening it (SQLite creates the file), and
// dropping it means removing the file with its -wal, -shm and -journal
// companions. bootstrap.cc dispatches here by scheme; the contracts are
// those of bootstrap.h.

#ifndef MIGRATOR_BOOTSTRAP_SQLITE_BOOTSTRAP_H_
#define MIGRATOR_BOOTSTRAP_SQLITE_BOOTSTRAP_H_

#include <vector>

#include "migrator/bootstrap/bootstrap.h"

namespace migrate::bootstrap::internal {

/// CreateDatabase for a sqlite:// `url`.
base::Result<Outcome> CreateSqlite(const db::DatabaseUrl& url, const Options& options);
/// DropDatabase for a sqlite:// `url`.
base::Result<Outcome> DropSqlite(const db::DatabaseUrl& url, const Options& options);
/// Diagnose for a sqlite:// `url`.
base::Result<std::vector<report::DatabaseCheck>> DiagnoseSqlite(const db::DatabaseUrl& url,
                                                                const Options& options);

}  // namespace migrate::bootstrap::internal

#endif  // MIGRATOR_BOOTSTRAP_SQLITE_BOOTSTRAP_H_
