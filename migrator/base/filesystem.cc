#include "migrator/base/filesystem.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace migrate::base {

namespace fs = std::filesystem;

Result<std::string> RealFileSystem::ReadFile(const std::string& path) const {
  std::error_code ec;
  if (!fs::exists(path, ec)) return Status::NotFound(path + ": no such file");
  if (fs::is_directory(path, ec)) return Status::InvalidInput(path + ": is a directory, not a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidInput(path + ": cannot read: " + std::strerror(errno));
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return Status::InvalidInput(path + ": read failed: " + std::strerror(errno));
  return contents.str();
}

Result<std::vector<std::string>> RealFileSystem::ListFiles(const std::string& dir) const {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return Status::NotFound(dir + ": no such directory");
  std::vector<std::string> names;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec)) names.push_back(it->path().filename().string());
  }
  if (ec) return Status::InvalidInput(dir + ": cannot list: " + ec.message());
  std::sort(names.begin(), names.end());
  return names;
}

bool RealFileSystem::Exists(const std::string& path) const {
  std::error_code ec;
  return fs::exists(path, ec);
}

Status RealFileSystem::CreateFile(const std::string& path, std::string_view contents) {
  if (Exists(path)) return Status::InvalidInput(path + ": already exists; not overwriting it");
  std::ofstream out(path, std::ios::binary);
  if (!out) return Status::InvalidInput(path + ": cannot create: " + std::strerror(errno));
  out.write(contents.data(), static_cast<std::streamsize>(contents.size()));
  out.close();
  if (!out) return Status::InvalidInput(path + ": write failed: " + std::strerror(errno));
  return Status::OK();
}

Status RealFileSystem::CreateDirectories(const std::string& path) {
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) return Status::InvalidInput(path + ": cannot create directory: " + ec.message());
  return Status::OK();
}

}  // namespace migrate::base
