// FileSystem: the seam between migrator and the disk, as ninja's
// DiskInterface. The script directory, `init`, `revision` and `merge` go
// through it, so their tests can run against an in-memory implementation
// (tests/support/fake_filesystem.h) instead of the real disk.
//
// Paths are plain strings in the host's syntax. Errors name the path and the
// operating system's reason.

#ifndef MIGRATOR_BASE_FILESYSTEM_H_
#define MIGRATOR_BASE_FILESYSTEM_H_

#include <string>
#include <string_view>
#include <vector>

#include "migrator/base/status.h"

namespace migrate::base {

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  /// The whole file as bytes. NotFound if it does not exist.
  virtual Result<std::string> ReadFile(const std::string& path) const = 0;
  /// Names (not paths) of the regular files directly in `dir`, and of the
  /// symbolic links there that cannot be followed (dangling, or a loop), so
  /// that reading one fails with a clear error instead of the file being
  /// silently left out; sorted. NotFound if `dir` does not exist.
  virtual Result<std::vector<std::string>> ListFiles(const std::string& dir) const = 0;
  /// True if a file or directory exists at `path`.
  virtual bool Exists(const std::string& path) const = 0;
  /// Creates `path` with `contents`. Refuses (InvalidInput) to overwrite an
  /// existing file: nothing migrate writes should silently replace user work.
  virtual Status CreateFile(const std::string& path, std::string_view contents) = 0;
  /// Creates `path` and any missing parents; OK if it already exists.
  virtual Status CreateDirectories(const std::string& path) = 0;
};

/// The FileSystem of the host, through std::filesystem and iostreams.
class RealFileSystem final : public FileSystem {
 public:
  Result<std::string> ReadFile(const std::string& path) const override;
  Result<std::vector<std::string>> ListFiles(const std::string& dir) const override;
  bool Exists(const std::string& path) const override;
  Status CreateFile(const std::string& path, std::string_view contents) override;
  Status CreateDirectories(const std::string& path) override;
};

}  // namespace migrate::base

#endif  // MIGRATOR_BASE_FILESYSTEM_H_
