// FakeFileSystem: an in-memory base::FileSystem for hermetic tests of the
// script directory and the commands that write files (init, revision, merge).
// A path is a key; a directory exists when some file lies below it or it was
// created explicitly.

#ifndef MIGRATOR_TESTS_SUPPORT_FAKE_FILESYSTEM_H_
#define MIGRATOR_TESTS_SUPPORT_FAKE_FILESYSTEM_H_

#include <map>
#include <set>
#include <string>

#include "migrator/base/filesystem.h"

namespace migrate::testing {

class FakeFileSystem final : public base::FileSystem {
 public:
  /// Adds or replaces a file (tests set up their inputs with this).
  void Put(const std::string& path, std::string contents) { files_[path] = std::move(contents); }
  /// The files, for assertions.
  const std::map<std::string, std::string>& files() const { return files_; }

  base::Result<std::string> ReadFile(const std::string& path) const override {
    auto it = files_.find(path);
    if (it == files_.end()) return base::Status::NotFound(path + ": no such file");
    return it->second;
  }

  base::Result<std::vector<std::string>> ListFiles(const std::string& dir) const override {
    if (!IsDirectory(dir)) return base::Status::NotFound(dir + ": no such directory");
    std::vector<std::string> names;
    const std::string prefix = dir + "/";
    for (const auto& [path, contents] : files_) {
      if (path.rfind(prefix, 0) == 0 && path.find('/', prefix.size()) == std::string::npos) {
        names.push_back(path.substr(prefix.size()));
      }
    }
    return names;  // std::map keeps them sorted
  }

  bool Exists(const std::string& path) const override {
    return files_.count(path) > 0 || IsDirectory(path);
  }

  base::Status CreateFile(const std::string& path, std::string_view contents) override {
    if (Exists(path)) return base::Status::InvalidInput(path + ": already exists; not overwriting it");
    files_[path] = std::string(contents);
    return base::Status::OK();
  }

  base::Status CreateDirectories(const std::string& path) override {
    directories_.insert(path);
    return base::Status::OK();
  }

 private:
  bool IsDirectory(const std::string& dir) const {
    if (directories_.count(dir) > 0) return true;
    const std::string prefix = dir + "/";
    auto it = files_.lower_bound(prefix);
    return it != files_.end() && it->first.rfind(prefix, 0) == 0;
  }

  std::map<std::string, std::string> files_;
  std::set<std::string> directories_;
};

}  // namespace migrate::testing

#endif  // MIGRATOR_TESTS_SUPPORT_FAKE_FILESYSTEM_H_
