// ErrorCause: why the database refused a statement, in the few classes
// whose remedy is not "fix the migration": the disk is full, the database
// takes no writes through this connection, the connection was lost, the
// operating system failed to read or write the file. Read from the codes
// the database itself reports (PostgreSQL's SQLSTATE, SQLite's extended
// result code, both in base::DatabaseDetail), never from message text,
// which changes with the server's language and version.
//
// Thread safety: a pure function.

#ifndef MIGRATOR_DB_ERROR_CAUSE_H_
#define MIGRATOR_DB_ERROR_CAUSE_H_

#include "migrator/base/status.h"

namespace migrate::db {

enum class ErrorCause {
  kOther,           // anything else: the statement, the migration, a lock wait, ...
  kDiskFull,        // SQLite SQLITE_FULL (disk full, or max_page_count reached); PostgreSQL 53100 disk_full
  kReadOnly,        // SQLite SQLITE_READONLY* (a read-only file or open, PRAGMA query_only);
                    // PostgreSQL 25006 read_only_sql_transaction (a hot standby,
                    // default_transaction_read_only)
  kConnectionLost,  // PostgreSQL class 08 (the connection broke; 08006 when libpq saw it break)
                    // and 57P01-57P03 (the backend terminated, the server shutting down or starting)
  kIoError,         // SQLite SQLITE_IOERR*: a read or write of the database file failed
};

/// The cause of `status` (kOther when it is OK or carries no database detail).
ErrorCause CauseOf(const base::Status& status);

}  // namespace migrate::db

#endif  // MIGRATOR_DB_ERROR_CAUSE_H_
