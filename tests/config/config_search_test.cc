// Without -c, migrate.toml is found as git finds .git: in the working
// directory, else the nearest folder above it; paths in it stay relative
// to its own folder. And `revision_id`, the one setting of how new
// revisions are named.

#include <gtest/gtest.h>

#include "migrator/config/config.h"
#include "tests/support/fake_filesystem.h"

namespace migrate::config {
namespace {

using testing::FakeFileSystem;

const Environment kInSubfolder{.working_directory = "/srv/app/db/sql"};

TEST(ConfigSearchTest, TheWorkingDirectoryComesFirst) {
  FakeFileSystem fs;
  fs.Put("migrate.toml", "[migrate]\nurl = \"sqlite:///here.db\"\n");
  fs.Put("../migrate.toml", "[migrate]\nurl = \"sqlite:///above.db\"\n");
  auto config = Load({}, kInSubfolder, fs);
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->config_file, "migrate.toml");
  EXPECT_EQ(config->url, "sqlite:///here.db");
  EXPECT_EQ(config->script_location, "migrations");
  EXPECT_EQ(config->config_searched, "");
}

TEST(ConfigSearchTest, TheNearestFolderAboveHasTheProject) {
  FakeFileSystem fs;
  fs.Put("../../migrate.toml",
         "[migrate]\nurl = \"sqlite:///app.db\"\nscript_location = \"db/migrations\"\n");
  fs.Put("../../../../migrate.toml", "[migrate]\nurl = \"sqlite:///too-far.db\"\n");
  auto config = Load({}, kInSubfolder, fs);
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->config_file, "../../migrate.toml");
  // Relative to the file's folder, as from the folder it is in.
  EXPECT_EQ(config->script_location, "../../db/migrations");
  EXPECT_EQ(config->url_base_dir, "../..");
  EXPECT_EQ(config->url_source, "../../migrate.toml");
}

TEST(ConfigSearchTest, TheSearchStopsAtTheRoot) {
  FakeFileSystem fs;
  // Four levels up is the root of /srv/app/db/sql; five would be above it.
  fs.Put("../../../../../migrate.toml", "[migrate]\n");
  auto config = Load({}, kInSubfolder, fs);
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->config_file, "");
  EXPECT_EQ(config->config_searched, "/srv/app/db/sql or any folder above it");
  fs.Put("../../../../migrate.toml", "[migrate]\n");
  config = Load({}, kInSubfolder, fs);
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->config_file, "../../../../migrate.toml");
}

TEST(ConfigSearchTest, AnExplicitFileIsNotSearchedFor) {
  FakeFileSystem fs;
  fs.Put("../migrate.toml", "[migrate]\n");
  auto config = Load(Overrides{.config_file = "other.toml"}, kInSubfolder, fs);
  ASSERT_FALSE(config.has_value());
  EXPECT_EQ(config.error().code(), base::StatusCode::kInvalidInput);
}

TEST(ConfigSearchTest, AMissingProjectIsExplainedWithWhereItWasSearched) {
  FakeFileSystem fs;
  auto config = Load({}, kInSubfolder, fs);
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  const base::Status missing =
      ExplainMissingProject(*config, fs, base::Status::NotFound("migrations: no such directory"));
  EXPECT_EQ(missing.code(), base::StatusCode::kNotFound);
  EXPECT_EQ(missing.message(),
            "no migrate.toml in /srv/app/db/sql or any folder above it, and no migrations/ "
            "folder here: run `migrate init` to start a project, cd into one, or pass -c FILE");
  // Any other failure, or the folder being there, is left as it is.
  EXPECT_EQ(ExplainMissingProject(*config, fs, base::Status::NotFound("Unknown revision 'x'"))
                .message(),
            "Unknown revision 'x'");
  ASSERT_TRUE(fs.CreateDirectories("migrations").ok());
  EXPECT_EQ(ExplainMissingProject(*config, fs,
                                  base::Status::NotFound("migrations: no such directory"))
                .message(),
            "migrations: no such directory");
}

TEST(ConfigSearchTest, RevisionIdIsRandomOrTimestamp) {
  FakeFileSystem fs;
  auto config = Load({}, {}, fs);
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(config->revision_id, RevisionIdStyle::kRandom);
  fs.Put("migrate.toml", "[migrate]\nrevision_id = \"timestamp\"\n");
  config = Load({}, {}, fs);
  ASSERT_TRUE(config.has_value()) << config.error().ToString();
  EXPECT_EQ(config->revision_id, RevisionIdStyle::kTimestamp);
  fs.Put("migrate.toml", "[migrate]\nrevision_id = \"timestmap\"\n");
  config = Load({}, {}, fs);
  ASSERT_FALSE(config.has_value());
  EXPECT_EQ(config.error().ToString(),
            "migrate.toml:2: invalid revision_id 'timestmap' (did you mean 'timestamp'?); use "
            "\"random\" or \"timestamp\"");
}

}  // namespace
}  // namespace migrate::config
