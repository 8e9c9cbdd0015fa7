// ScriptDirectory: every migration file of one script directory (the
// `script_location` of migrate.toml), parsed and checked as a set, as
// Alembic's ScriptDirectory. The revision graph is built from it
// (graph/), not here: this class only guarantees that each file parses,
// that each revision id is declared once, and that each file name starts
// with its revision.
//
// What is read: every regular file in the directory (not below it) whose
// name ends in `.sql`, except names starting with '.' (editor backups and
// lock files such as `.#x.sql`). Other files are ignored. A `.sql` file
// whose name does not look like `<revision>_<slug>.sql` is still parsed, so
// the mismatch is reported rather than the file silently skipped.
//
// Errors: Load() reports every problem it finds, not only the first: the
// returned Status is the first problem (in file-name order), and its context
// lines list each further problem as `path:line: message` followed by that
// problem's own context lines. Paths in messages are `dir + "/" + name`.
//
// A loaded ScriptDirectory is an immutable value; thread-compatible.

#ifndef MIGRATOR_SCRIPT_SCRIPT_DIRECTORY_H_
#define MIGRATOR_SCRIPT_SCRIPT_DIRECTORY_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "migrator/base/filesystem.h"
#include "migrator/base/status.h"
#include "migrator/script/header_parser.h"
#include "migrator/script/migration_file.h"

namespace migrate::script {

class ScriptDirectory {
 public:
  /// Reads and checks every migration file in `dir` through `fs`. Returns
  /// the directory, or all problems combined as described above (the
  /// FileSystem's own error if `dir` cannot be listed). With
  /// ChecksumMode::kSkip every file's checksum is "" (header_parser.h).
  static base::Result<ScriptDirectory> Load(const std::string& dir, const base::FileSystem& fs,
                                            ChecksumMode checksum = ChecksumMode::kCompute);

  /// `<revision>_<slug>.sql`, the slug made from the first line of
  /// `message`: lower-case ASCII letters and digits, every other run of
  /// characters one '_', at most kMaxSlugLength characters (cut at a word
  /// boundary when there is one). `<revision>.sql` when the slug is empty.
  static std::string FileName(const std::string& revision, const std::string& message);

  /// A new random revision id: 12 lower-case hex digits (48 bits, as
  /// Alembic's), from std::random_device. Callers check it is not taken.
  static std::string NewRevisionId();

  static constexpr std::size_t kMaxSlugLength = 40;

  /// The directory as given to Load().
  const std::string& dir() const { return dir_; }
  /// Every file, ordered by revision id (byte order).
  const std::vector<MigrationFile>& files() const { return files_; }
  /// The file declaring `revision` (exact match), or nullptr.
  const MigrationFile* Find(std::string_view revision) const;

 private:
  ScriptDirectory(std::string dir, std::vector<MigrationFile> files)
      : dir_(std::move(dir)), files_(std::move(files)) {}

  std::string dir_;
  std::vector<MigrationFile> files_;
};

}  // namespace migrate::script

#endif  // MIGRATOR_SCRIPT_SCRIPT_DIRECTORY_H_
