// Reads a golang-migrate folder: `{version}_{title}.up.sql` and
// `{version}_{title}.down.sql` pairs, version a number (often a timestamp),
// applied in numeric order.
//
// Mapping: the up file is the upgrade, the down file the downgrade; a
// version with no down file is irreversible (a warning says so). Top-level
// BEGIN/COMMIT lines are dropped (source_text.h). golang-migrate has no
// per-file transaction setting, so every migration runs in a transaction;
// preflight reports a statement that cannot.
//
// Files not ending in `.sql` are ignored (READMEs); a `.sql` file whose
// name is not of that form, two files for one version and direction, two
// titles for one version, and a down file without an up file are
// InvalidInput errors naming the file. Nothing below the folder is read.
//
// Pure function of the FileSystem's contents; thread-safe.

#ifndef MIGRATOR_IMPORT_GOLANG_MIGRATE_READER_H_
#define MIGRATOR_IMPORT_GOLANG_MIGRATE_READER_H_

#include <string>

#include "migrator/base/filesystem.h"
#include "migrator/base/status.h"
#include "migrator/import/imported_migration.h"

namespace migrate::import {

/// The migrations of golang-migrate folder `dir`, in version order, or the
/// first problem as described above.
base::Result<ImportedFolder> ReadGolangMigrate(const std::string& dir, const base::FileSystem& fs);

}  // namespace migrate::import

#endif  // MIGRATOR_IMPORT_GOLANG_MIGRATE_READER_H_
