// DatabaseSession: what an online command holds while it works — the
// connection, the version store on it, the migration lock, and who is
// running (for the history table). Opening one is the same for upgrade,
// downgrade, stamp and current, so it lives here once.

#ifndef MIGRATOR_COMMANDS_DATABASE_SESSION_H_
#define MIGRATOR_COMMANDS_DATABASE_SESSION_H_

#include <chrono>
#include <memory>
#include <set>
#include <string>

#include "migrator/commands/commands.h"
#include "migrator/db/connect_retry.h"
#include "migrator/db/connection.h"
#include "migrator/db/database_url.h"
#include "migrator/db/dialect.h"
#include "migrator/engine/project.h"
#include "migrator/store/version_store.h"

namespace migrate::commands {

// Members are destroyed in reverse order: the lock is released and the
// store dropped while the connection is still open.
struct DatabaseSession {
  std::unique_ptr<db::Connection> conn;
  std::unique_ptr<store::VersionStore> store;
  std::unique_ptr<db::MigrationLock> lock;  // null unless asked for
  store::RunInfo run_info;
};

enum class Locking { kNone, kMigrationLock };

/// What the command does to the database. Only kReadWrite commands may bring
/// it into being: opening a SQLite file that does not exist creates it.
enum class Access { kReadOnly, kReadWrite };

/// The configured URL, parsed. InvalidInput naming the ways to set it when
/// none is configured.
base::Result<db::DatabaseUrl> ConfiguredUrl(const config::Config& config);

/// Connects to `url`, retrying while it does not accept connections for the
/// configured wait (--wait / wait_timeout; `default_wait` when neither is
/// set), and tells the reporter once that it is waiting. `open` makes one
/// attempt. Returns the connection or db::ConnectWithRetry's error.
base::Result<std::unique_ptr<db::Connection>> ConnectWaiting(
    Context& ctx, const db::DatabaseUrl& url, std::chrono::milliseconds default_wait,
    const db::Opener& open = db::Open);

/// Connects (waiting as ConnectWaiting, by default not at all), decides
/// where the version tables live (version_table_schema if configured; else
/// the one schema that holds them, wherever the search_path points now;
/// else, when none does, the first schema of the search_path;
/// kFailedPrecondition naming them when several schemas hold them), and (with
/// kMigrationLock) takes the migration lock, telling the reporter once if it
/// has to wait. With Access::kReadOnly a SQLite file that does not exist is
/// NotFound (exit 2) naming it and what to do, and is not created.
base::Result<DatabaseSession> OpenSession(Context& ctx, Locking locking,
                                          Access access = Access::kReadWrite);

/// The heads `session`'s version table records. A head with no migration
/// file is engine::AheadOfCode's error: the database is ahead of this code.
base::Result<std::set<std::string>> KnownHeads(DatabaseSession& session,
                                               const engine::Project& project);

/// The version tables as configured, for `dialect` (schema left to the
/// caller when the configuration does not name one).
db::VersionTables ConfiguredTables(const config::Config& config);

}  // namespace migrate::commands

#endif  // MIGRATOR_COMMANDS_DATABASE_SESSION_H_
