#include "tests/support/temp_dir.h"

#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace migrate::testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern =
      std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/migrate-test-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    ADD_FAILURE() << "cannot create a temporary directory from " << pattern;
    return;
  }
  // Canonical, so paths the binary prints compare equal to ours.
  std::error_code error;
  const fs::path canonical = fs::canonical(pattern, error);
  path_ = error ? pattern : canonical.string();
}

TempDir::~TempDir() {
  if (path_.empty()) return;
  std::error_code error;
  fs::remove_all(path_, error);
  if (error) ADD_FAILURE() << "cannot remove " << path_ << ": " << error.message();
}

std::string TempDir::Path(const std::string& relative) const { return path_ + "/" + relative; }

void TempDir::Write(const std::string& relative, const std::string& text) const {
  const fs::path file = Path(relative);
  std::error_code error;
  fs::create_directories(file.parent_path(), error);
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out) ADD_FAILURE() << "cannot write " << file;
}

std::string TempDir::Read(const std::string& relative) const {
  if (::access(Path(relative).c_str(), R_OK) != 0) {
    ADD_FAILURE() << "cannot read " << Path(relative);
    return "";
  }
  return ReadFile(Path(relative));
}

bool TempDir::Exists(const std::string& relative) const {
  std::error_code error;
  return fs::exists(Path(relative), error);
}

bool TempDir::IsDirectory(const std::string& relative) const {
  std::error_code error;
  return fs::is_directory(Path(relative), error);
}

std::vector<std::string> TempDir::List(const std::string& relative) const {
  std::vector<std::string> names;
  std::error_code error;
  for (const fs::directory_entry& entry : fs::directory_iterator(Path(relative), error)) {
    names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace migrate::testing
