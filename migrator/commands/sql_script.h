// Offline mode (`upgrade --sql`, `downgrade --sql`): the SQL a DBA can
// review and run by hand, with no connection. The script is complete: it
// creates the version tables, wraps each per-migration migration in
// BEGIN/COMMIT, writes the version and history rows, and resets the session
// between migrations, so the database it produces is the one a direct
// upgrade would. What needs a live database —
// preflight and the postcondition checks — is not in it; the header says so.
// Only the migrations' own statements are live SQL: what the script takes
// from file names and headers is escaped where it lands, in `--` comments
// (base::SqlCommentText) and string literals (Dialect::QuoteLiteral), so no
// line break, quote or backslash in it can end either.

#ifndef MIGRATOR_COMMANDS_SQL_SCRIPT_H_
#define MIGRATOR_COMMANDS_SQL_SCRIPT_H_

#include <string>

#include "migrator/commands/commands.h"
#include "migrator/engine/migration_step.h"

namespace migrate::commands {

/// Reports the script for `target`. `target` may be "FROM:TO" to say where
/// the database starts (default for upgrade: base); a downgrade needs FROM.
base::Status OfflineScript(Context& ctx, const std::string& target, engine::Direction direction);

}  // namespace migrate::commands

#endif  // MIGRATOR_COMMANDS_SQL_SCRIPT_H_
