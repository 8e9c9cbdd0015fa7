#include "migrator/base/filesystem.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/support/temp_dir.h"

namespace migrate::base {
namespace {

namespace fs = std::filesystem;

class RealFileSystemTest : public ::testing::Test {
 protected:
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ + "/" + name, std::ios::binary) << text;
  }

  testing::TempDir temp_;
  const std::string dir_ = temp_.path();
  RealFileSystem fs_;
};

// Regular files, links to them, and links that cannot be followed (so that
// reading them fails loudly); not directories; sorted by byte order.
TEST_F(RealFileSystemTest, ListFilesNamesRegularFilesAndLinksSorted) {
  Write("b.sql", "b");
  Write("A.sql", "a");
  Write(".hidden.sql", "h");
  fs::create_directory(dir_ + "/dir.sql");
  fs::create_symlink(dir_ + "/b.sql", dir_ + "/link.sql");
  fs::create_symlink(dir_ + "/nowhere", dir_ + "/dangling.sql");
  fs::create_symlink(dir_ + "/loop2.sql", dir_ + "/loop1.sql");
  fs::create_symlink(dir_ + "/loop1.sql", dir_ + "/loop2.sql");
  Result<std::vector<std::string>> names = fs_.ListFiles(dir_);
  ASSERT_TRUE(names.has_value()) << names.status().ToString();
  EXPECT_EQ(*names, (std::vector<std::string>{".hidden.sql", "A.sql", "b.sql", "dangling.sql",
                                               "link.sql", "loop1.sql", "loop2.sql"}));
}

// A link that cannot be followed is an error that says so, never a missing file.
TEST_F(RealFileSystemTest, ReadingABrokenLinkSaysWhy) {
  fs::create_symlink(dir_ + "/nowhere", dir_ + "/dangling.sql");
  fs::create_symlink(dir_ + "/loop2.sql", dir_ + "/loop1.sql");
  fs::create_symlink(dir_ + "/loop1.sql", dir_ + "/loop2.sql");
  Result<std::string> dangling = fs_.ReadFile(dir_ + "/dangling.sql");
  ASSERT_FALSE(dangling.has_value());
  EXPECT_EQ(dangling.error().code(), StatusCode::kInvalidInput);
  EXPECT_EQ(dangling.error().ToString(),
            dir_ + "/dangling.sql: a symbolic link to a file that does not exist");
  Result<std::string> loop = fs_.ReadFile(dir_ + "/loop1.sql");
  ASSERT_FALSE(loop.has_value());
  EXPECT_EQ(loop.error().ToString(),
            dir_ + "/loop1.sql: cannot read: Too many levels of symbolic links");
}

TEST_F(RealFileSystemTest, ListFilesOfAMissingDirectoryIsNotFound) {
  Result<std::vector<std::string>> names = fs_.ListFiles(dir_ + "/missing");
  ASSERT_FALSE(names.has_value());
  EXPECT_EQ(names.error().ToString(), dir_ + "/missing: no such directory");
}

// ReadFile reads into a buffer sized from fstat: empty, small and large files
// come back byte for byte.
TEST_F(RealFileSystemTest, ReadFileReturnsEveryByte) {
  std::string large;
  for (int i = 0; i < 100000; ++i) large += static_cast<char>('a' + i % 26);
  large += std::string("\0\r\n", 3);
  for (const std::string& text : {std::string(), std::string("x"), large}) {
    Write("f.sql", text);
    Result<std::string> read = fs_.ReadFile(dir_ + "/f.sql");
    ASSERT_TRUE(read.has_value()) << read.status().ToString();
    EXPECT_EQ(*read, text);
  }
  EXPECT_EQ(fs_.ReadFile(dir_ + "/none.sql").error().ToString(), dir_ + "/none.sql: no such file");
}

}  // namespace
}  // namespace migrate::base
