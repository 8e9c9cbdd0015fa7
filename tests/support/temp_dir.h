// TempDir: a fresh, empty directory for one test, removed with everything in
// it when the TempDir is destroyed, so each test that needs real files (an
// end-to-end run of `migrate`, a SQLite database, a filesystem test) works
// in a folder of its own and leaves nothing behind. ReadFile reads any
// file whole, for comparing with what a test expects.
//
// Thread safety: one TempDir is used by one thread; ReadFile may be called
// from any thread.

#ifndef MIGRATOR_TESTS_SUPPORT_TEMP_DIR_H_
#define MIGRATOR_TESTS_SUPPORT_TEMP_DIR_H_

#include <string>
#include <vector>

namespace migrate::testing {

class TempDir {
 public:
  /// Creates the directory under $TMPDIR (default /tmp). A failure is a gtest
  /// failure, and path() is then "".
  TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();

  /// The absolute path of the directory.
  const std::string& path() const { return path_; }
  /// path() + "/" + relative.
  std::string Path(const std::string& relative) const;

  /// Writes `text` to `relative`, creating parent folders. A failure is a gtest failure.
  void Write(const std::string& relative, const std::string& text) const;
  /// The content of `relative`; "" (and a gtest failure) when it cannot be read.
  std::string Read(const std::string& relative) const;
  bool Exists(const std::string& relative) const;
  bool IsDirectory(const std::string& relative) const;
  /// The names of the entries of folder `relative`, sorted.
  std::vector<std::string> List(const std::string& relative) const;

 private:
  std::string path_;
};

/// The whole of file `path`, byte for byte; "" if it cannot be read.
std::string ReadFile(const std::string& path);

}  // namespace migrate::testing

#endif  // MIGRATOR_TESTS_SUPPORT_TEMP_DIR_H_
