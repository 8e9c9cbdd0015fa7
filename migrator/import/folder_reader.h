// Reading another tool's migrations folder: which tool wrote it
// (DetectFormat) and the reader for that tool (ReadFolder).
//
// Detection looks only at names, plus the first line of dbmate candidates:
//   sqitch          a sqitch.plan file
//   golang-migrate  a `{digits}_*.up.sql` or `{digits}_*.down.sql` file
//   flyway          a `V{version}__*.sql` file
//   dbmate          a `{digits}_*.sql` file with a `-- migrate:up` line
// Exactly one must match.
//
// Pure functions of the FileSystem's contents; thread-safe.

#ifndef MIGRATOR_IMPORT_FOLDER_READER_H_
#define MIGRATOR_IMPORT_FOLDER_READER_H_

#include <string>

#include "migrator/base/filesystem.h"
#include "migrator/base/status.h"
#include "migrator/import/imported_migration.h"

namespace migrate::import {

/// The format of folder `dir`. InvalidInput when no format or several match
/// (naming them and asking for the format); the FileSystem's error when
/// `dir` cannot be listed.
base::Result<SourceFormat> DetectFormat(const std::string& dir, const base::FileSystem& fs);

/// The migrations of folder `dir` as `format` reads them
/// (<format>_reader.h documents each), or the reader's error.
base::Result<ImportedFolder> ReadFolder(SourceFormat format, const std::string& dir,
                                        const base::FileSystem& fs);

}  // namespace migrate::import

#endif  // MIGRATOR_IMPORT_FOLDER_READER_H_
