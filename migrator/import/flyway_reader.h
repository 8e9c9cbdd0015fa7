// Reads a Flyway migrations folder (one `locations` entry, not its
// subfolders): versioned scripts `V{version}__{description}.sql`, undo
// scripts `U{version}__{description}.sql`, and per-script settings
// `{script}.sql.conf`. Versions are numbers separated by '.' or '_'
// ("1", "1.1", "2_1" = "2.1") and are ordered part by part, numerically,
// a missing part counting as 0, so "1" and "1.0" are the same version.
//
// Mapping: V is the upgrade; the U of the same version its downgrade (no U:
// irreversible, as in Flyway Community, silently). `executeInTransaction=false`
// in the .sql.conf gives `transaction: none`; other .conf keys are dropped
// with a warning. Top-level BEGIN/COMMIT lines are dropped.
//
// Refused (InvalidInput naming the file): repeatable scripts `R__*.sql`
// (`migrate` has no migrations that re-run when edited: make it a versioned
// script or move it out of the folder), a `${placeholder}` in any script
// (path:line; `migrate` does no substitution: replace it with its value
// first), any other `.sql` name (callbacks such as afterMigrate.sql
// included), two scripts for one version, and a U without its V.
// Files not ending in `.sql` or `.sql.conf` are ignored.
//
// Pure function of the FileSystem's contents; thread-safe.

#ifndef MIGRATOR_IMPORT_FLYWAY_READER_H_
#define MIGRATOR_IMPORT_FLYWAY_READER_H_

#include <string>
#include <string_view>
#include <vector>

#include "migrator/base/filesystem.h"
#include "migrator/base/status.h"
#include "migrator/import/imported_migration.h"

namespace migrate::import {

/// The migrations of Flyway folder `dir`, in version order, or the first
/// problem as described above.
base::Result<ImportedFolder> ReadFlyway(const std::string& dir, const base::FileSystem& fs);

/// True if `version` is a Flyway version: digit runs separated by '.' or '_'.
bool IsFlywayVersion(std::string_view version);

/// Compares two Flyway versions part by part (missing parts are 0): <0, 0, >0.
/// REQUIRES: IsFlywayVersion(a) && IsFlywayVersion(b).
int CompareFlywayVersions(std::string_view a, std::string_view b);

}  // namespace migrate::import

#endif  // MIGRATOR_IMPORT_FLYWAY_READER_H_
