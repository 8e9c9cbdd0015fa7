// Reads a dbmate folder: one file per migration, `{version}_{name}.sql`
// (version: the leading digits, usually a timestamp), holding a
// `-- migrate:up` block and usually a `-- migrate:down` block. Migrations
// are applied in numeric version order.
//
// Mapping: the up block is the upgrade and the down block the downgrade
// (an empty down block stays an empty downgrade: reversible, nothing to
// undo, as in dbmate); a file without `-- migrate:down` is irreversible,
// with a warning. `transaction:false` after either marker gives
// `transaction: none`. Top-level BEGIN/COMMIT lines are dropped.
//
// Refused (InvalidInput naming the file and, where there is one, the
// line): a `.sql` name without a leading version, two files for one
// version, a file without `-- migrate:up`, SQL before it, a marker given
// twice, a down block before the up block, and an unknown marker option.
// Files not ending in `.sql` are ignored.
//
// Pure function of the FileSystem's contents; thread-safe.

#ifndef MIGRATOR_IMPORT_DBMATE_READER_H_
#define MIGRATOR_IMPORT_DBMATE_READER_H_

#include <string>

#include "migrator/base/filesystem.h"
#include "migrator/base/status.h"
#include "migrator/import/imported_migration.h"

namespace migrate::import {

/// The migrations of dbmate folder `dir`, in version order, or the first
/// problem as described above.
base::Result<ImportedFolder> ReadDbmate(const std::string& dir, const base::FileSystem& fs);

}  // namespace migrate::import

#endif  // MIGRATOR_IMPORT_DBMATE_READER_H_
