// Open: from a DatabaseUrl to a live Connection, by scheme. The one place
// that knows which backends exist; everything above it sees only
// Connection and Dialect.
//
// Thread safety: Open and DialectFor may be called from any thread.

#ifndef MIGRATOR_DB_OPEN_H_
#define MIGRATOR_DB_OPEN_H_

#include <chrono>
#include <memory>

#include "migrator/base/status.h"
#include "migrator/db/connection.h"
#include "migrator/db/database_url.h"
#include "migrator/db/dialect.h"

namespace migrate::db {

struct OpenOptions {
  /// How long to wait for a PostgreSQL server to accept the connection.
  /// SQLite opens a file and ignores it (its busy_timeout pragma governs
  /// waiting for locks instead).
  std::chrono::seconds connect_timeout{10};
  /// SQLite: create the database file when it does not exist (the commands
  /// that write). False for the commands that only read: a missing file is
  /// NotFound, and none appears.
  bool create_sqlite_file = true;
};

/// Connects to the database `url` names. Returns kDatabase with the
/// database's reason (and the redacted URL) if it cannot connect, or
/// kTimeout if PostgreSQL did not answer within `options.connect_timeout`.
base::Result<std::unique_ptr<Connection>> Open(const DatabaseUrl& url,
                                               const OpenOptions& options = {});

/// The dialect of `scheme`, without connecting (for `upgrade --sql`).
/// Lives as long as the program.
const Dialect& DialectFor(DatabaseUrl::Scheme scheme);

}  // namespace migrate::db

#endif  // MIGRATOR_DB_OPEN_H_
