// Reads a Sqitch project: `sqitch.plan` and the scripts `deploy/{change}.sql`,
// `revert/{change}.sql` and `verify/{change}.sql` beside it (Sqitch's default
// layout; a top_dir or per-engine folders set in sqitch.conf are not read).
//
// sqitch.plan, line by line: blank lines and `#` comments are skipped;
// `%name=value` pragmas (%project, %syntax-version, %uri) are read, none
// required; a change is
//     [+]name [dep dep !conflict] YYYY-MM-DDTHH:MM:SSZ planner name <email> [# note]
// and a tag `@name [timestamp planner <email>] [# note]`. Changes are
// applied in plan order, so they become a linear chain; dependencies on
// earlier changes are implied by that order and not written out.
//
// Mapping: deploy is the upgrade, revert the downgrade (missing: the
// revision is irreversible, with a warning), verify the verify section. A
// Sqitch verify script fails by raising an error; a `migrate` verify
// statement also fails when it raises an error, and in addition when its
// first column of its first row is false, 0 or NULL. The usual Sqitch
// idioms keep their meaning (`SELECT cols FROM t WHERE false` returns no
// rows; `SELECT 1/COUNT(*) ...` raises on PostgreSQL and returns NULL on
// SQLite, which now fails as intended); a verify whose first column may
// legitimately be false, 0 or NULL must be reworded (docs/import.md).
// Top-level BEGIN/COMMIT/ROLLBACK lines are dropped from every script.
// Tags are kept in the message of the change they follow; planned times
// become create_date.
//
// Refused (InvalidInput at sqitch.plan:line with the line as context): a
// malformed line, a tag before any change, `-name` (a planned revert),
// a reworked change (a name planned twice, or a dependency `name@tag`:
// `migrate` would need the script as of each tag), a dependency on a
// change not planned before it, two change names giving the same revision
// id, and a missing deploy script. Dependencies on another project
// (`project:change`) and conflicts (`!change`) are dropped with a warning.
//
// Pure function of the FileSystem's contents; thread-safe.

#ifndef MIGRATOR_IMPORT_SQITCH_READER_H_
#define MIGRATOR_IMPORT_SQITCH_READER_H_

#include <string>

#include "migrator/base/filesystem.h"
#include "migrator/base/status.h"
#include "migrator/import/imported_migration.h"

namespace migrate::import {

/// The changes of the Sqitch project in `dir`, in plan order, or the first
/// problem as described above.
base::Result<ImportedFolder> ReadSqitch(const std::string& dir, const base::FileSystem& fs);

}  // namespace migrate::import

#endif  // MIGRATOR_IMPORT_SQITCH_READER_H_
