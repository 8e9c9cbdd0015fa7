// SQLite's migration lock: an exclusive flock(2) on a file beside the
// database, `<database>-migrate-lock` (as SQLite's own `-journal` and
// `-wal`), held from before the plan is made until the last migration is
// done.
//
// Why a file lock and not SQLite's own locks: a migrating process must
// exclude other migrating processes for its whole run (the heads it planned
// from must stay the heads it migrates), yet each migration commits on its
// own, and SQLite's write lock ends with each COMMIT. Holding a write
// transaction on a second connection would lock our own migrations out.
//
// Why flock and not fcntl: fcntl locks belong to the process and closing
// any descriptor of the file drops them all, SQLite's included (SQLite's
// VFS works around that for the database file; we keep away from it by
// locking another file). flock locks belong to one open file description,
// so two threads of one process that each take the lock exclude each other,
// and the kernel releases the lock when its holder dies: a lock that is
// free means nobody is migrating, and a `transaction: none` migration still
// marked in progress then was abandoned, not running.
//
// The holder writes who it is (PID, host, since when) into the file, so a
// waiting process can say whom it waits for. On release the holder removes
// the file first, then unlocks; a process that had opened the removed file
// and then gets its lock sees that the path no longer names what it holds
// and tries again (the classic unlink race of lock files).
//
// An in-memory database is private to its connection: it needs no lock.

#ifndef MIGRATOR_DB_SQLITE_SQLITE_MIGRATION_LOCK_H_
#define MIGRATOR_DB_SQLITE_SQLITE_MIGRATION_LOCK_H_

#include <memory>
#include <string>

#include "migrator/base/status.h"
#include "migrator/db/dialect.h"

namespace migrate::db {

/// The lock file of the database file at `database_path`.
std::string SqliteMigrationLockPath(const std::string& database_path);

/// Takes the migration lock of the database file at `database_path`
/// (absolute, as sqlite3_db_filename gives it), waiting up to
/// options.timeout and calling options.on_wait once, with the holder, if it
/// has to wait. An empty path (an in-memory database) takes no lock.
/// Timeout names the holder; kIo if the lock file cannot be created.
base::Result<std::unique_ptr<MigrationLock>> AcquireSqliteMigrationLock(
    const std::string& database_path, const LockOptions& options);

}  // namespace migrate::db

#endif  // MIGRATOR_DB_SQLITE_SQLITE_MIGRATION_LOCK_H_
