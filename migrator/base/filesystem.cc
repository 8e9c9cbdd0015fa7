#include "migrator/base/filesystem.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace migrate::base {

namespace fs = std::filesystem;

Result<std::string> RealFileSystem::ReadFile(const std::string& path) const {
  // open/fstat/read rather than two stats and an ifstream: every command
  // reads every migration file, and at 10,000 files the stream setup
  // (locale, buffers, a copy through ostringstream) cost more than the bytes.
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return Status::NotFound(path + ": no such file");
    return Status::InvalidInput(path + ": cannot read: " + std::strerror(errno));
  }
  struct FdCloser {
    int fd;
    ~FdCloser() { ::close(fd); }
  } closer{fd};
  struct stat info {};
  if (::fstat(fd, &info) != 0) {
    return Status::InvalidInput(path + ": cannot read: " + std::strerror(errno));
  }
  if (S_ISDIR(info.st_mode)) return Status::InvalidInput(path + ": is a directory, not a file");
  std::string contents;
  if (info.st_size > 0) contents.reserve(static_cast<std::size_t>(info.st_size));
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n == 0) break;
    if (n < 0) {
      if (errno == EINTR) continue;
      return Status::InvalidInput(path + ": read failed: " + std::strerror(errno));
    }
    contents.append(buffer, static_cast<std::size_t>(n));
  }
  return contents;
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
