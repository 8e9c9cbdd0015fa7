// MigrationWriter: renders an ImportedFolder as `migrate` migration files
// and writes them, all or nothing.
//
// Each migration becomes one file `<revision>_<slug>.sql`
// (ScriptDirectory::FileName; just `<revision>.sql` when the title is the
// version itself, as for a Sqitch change without a note) in the contract's
// header format: the title, the note, a line naming the tool and the source
// files (relative to the imported folder), then `revision`, `down_revision` (the previous
// migration of the folder; the first is a root), `transaction: none` when
// the source asked for it, `create_date` when the source has one (never the
// current time, so importing twice gives byte-identical files), and the
// sections upgrade, verify (when present) and downgrade (when present).
// The header is written directly rather than through the revision
// template: the template's placeholder comments in the sections and its
// `create_date` from the clock do not fit an import.
//
// Every rendered file is parsed back (ParseMigrationFile) before anything
// is written, so SQL that would not survive as a section (a line that
// looks like a `-- migrate:` marker) is an error naming the source file.
//
// Thread-compatible.

#ifndef MIGRATOR_IMPORT_MIGRATION_WRITER_H_
#define MIGRATOR_IMPORT_MIGRATION_WRITER_H_

#include <string>
#include <vector>

#include "migrator/base/filesystem.h"
#include "migrator/base/status.h"
#include "migrator/import/imported_migration.h"

namespace migrate::import {

struct RenderedFile {
  std::string revision;
  std::string path;  // out_dir + "/" + file name
  std::string text;
};

/// The files for `folder`, in its order, as a linear chain, to be written
/// into `out_dir`. `source_dir` is the folder the readers were given (its
/// prefix is left out of the source names in the header). Returns them, or
/// InvalidInput for two migrations with one revision id or a file that
/// would not parse (naming the migration's first source file).
base::Result<std::vector<RenderedFile>> RenderFolder(const ImportedFolder& folder,
                                                     const std::string& source_dir,
                                                     const std::string& out_dir);

/// Creates `out_dir` if needed and writes every file. Refuses, before
/// writing anything, when any of them exists (InvalidInput naming it and
/// how many others would be overwritten); a write failure part-way returns
/// the FileSystem's error and leaves the files written so far.
base::Status WriteFiles(const std::vector<RenderedFile>& files, const std::string& out_dir,
                        base::FileSystem& fs);

}  // namespace migrate::import

#endif  // MIGRATOR_IMPORT_MIGRATION_WRITER_H_
