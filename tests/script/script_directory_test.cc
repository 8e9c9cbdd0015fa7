#include "migrator/script/script_directory.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "tests/support/fake_filesystem.h"

namespace migrate::script {
namespace {

using testing::FakeFileSystem;

std::string File(std::string_view revision, std::string_view down = "", std::string_view message = "m") {
  return "-- " + std::string(message) + "\n-- revision: " + std::string(revision) +
         "\n-- down_revision: " + std::string(down) + "\n\n-- migrate:upgrade\nSELECT 1;\n";
}

std::string LoadError(const FakeFileSystem& fs) {
  base::Result<ScriptDirectory> dir = ScriptDirectory::Load("migrations", fs);
  return dir ? "OK" : dir.error().ToString();
}

TEST(ScriptDirectoryTest, LoadsEverySqlFileOrderedByRevision) {
  FakeFileSystem fs;
  fs.Put("migrations/ff01_last.sql", File("ff01", "aa01"));
  fs.Put("migrations/aa01_first.sql", File("aa01"));
  fs.Put("migrations/bb02.sql", File("bb02", "aa01"));  // no slug: still a valid name
  fs.Put("migrations/README.md", "not a migration");
  fs.Put("migrations/aa01_first.sql~", "an editor backup");
  fs.Put("migrations/.#aa01_first.sql", "an editor lock file");
  fs.Put("migrations/old/cc03_nested.sql", "not read: below the directory");

  base::Result<ScriptDirectory> dir = ScriptDirectory::Load("migrations", fs);
  ASSERT_TRUE(dir.has_value()) << dir.status().ToString();
  EXPECT_EQ(dir->dir(), "migrations");
  ASSERT_EQ(dir->files().size(), 3u);
  EXPECT_EQ(dir->files()[0].revision, "aa01");
  EXPECT_EQ(dir->files()[0].path, "migrations/aa01_first.sql");
  EXPECT_EQ(dir->files()[1].revision, "bb02");
  EXPECT_EQ(dir->files()[2].revision, "ff01");
  ASSERT_NE(dir->Find("ff01"), nullptr);
  EXPECT_EQ(dir->Find("ff01")->down_revisions, std::vector<std::string>{"aa01"});
  EXPECT_EQ(dir->Find("ff0"), nullptr);  // exact match only; prefixes are the graph's business
  EXPECT_EQ(dir->Find("zz"), nullptr);
}

TEST(ScriptDirectoryTest, EmptyDirectoryHasNoFiles) {
  FakeFileSystem fs;
  ASSERT_TRUE(fs.CreateDirectories("migrations").ok());
  base::Result<ScriptDirectory> dir = ScriptDirectory::Load("migrations", fs);
  ASSERT_TRUE(dir.has_value()) << dir.status().ToString();
  EXPECT_TRUE(dir->files().empty());
}

TEST(ScriptDirectoryTest, MissingDirectory) {
  FakeFileSystem fs;
  base::Result<ScriptDirectory> dir = ScriptDirectory::Load("migrations", fs);
  ASSERT_FALSE(dir.has_value());
  EXPECT_EQ(dir.error().code(), base::StatusCode::kNotFound);
  EXPECT_EQ(dir.error().ToString(), "migrations: no such directory");
}

TEST(ScriptDirectoryTest, DuplicateRevisionNamesBothFiles) {
  FakeFileSystem fs;
  fs.Put("migrations/aa01_first.sql", File("aa01"));
  fs.Put("migrations/aa01_second.sql", File("aa01"));
  EXPECT_EQ(LoadError(fs),
            "migrations/aa01_second.sql:2: duplicate revision 'aa01': also declared in "
            "migrations/aa01_first.sql:2; give one of them a new revision id");
}

TEST(ScriptDirectoryTest, FileNameMustStartWithItsRevision) {
  FakeFileSystem fs;
  fs.Put("migrations/aa01_ok.sql", File("aa01"));
  fs.Put("migrations/1f73_create_users.sql", File("1f737760963f", "aa01", "Create users!"));
  EXPECT_EQ(LoadError(fs),
            "migrations/1f73_create_users.sql:2: file name '1f73_create_users.sql' does not start "
            "with its revision '1f737760963f'; rename the file to "
            "'1f737760963f_create_users.sql'");

  FakeFileSystem prefix;  // `aa01x.sql` declares aa01: the revision must end at '_' or '.sql'
  prefix.Put("migrations/aa01x.sql", File("aa01"));
  EXPECT_EQ(LoadError(prefix),
            "migrations/aa01x.sql:2: file name 'aa01x.sql' does not start with its revision "
            "'aa01'; rename the file to 'aa01_m.sql'");
}

TEST(ScriptDirectoryTest, ReportsEveryProblemTogether) {
  FakeFileSystem fs;
  fs.Put("migrations/aa01_ok.sql", File("aa01"));
  fs.Put("migrations/bb02_typo.sql", "-- m\n-- revision: bb02\n-- expext: table x\n-- migrate:upgrade\n");
  fs.Put("migrations/cc03_dup.sql", File("aa01"));
  fs.Put("migrations/dd04_no_upgrade.sql", "-- revision: dd04\n-- migrate:downgrade\n");
  fs.Put("migrations/ee05_fine.sql", File("ee05", "aa01"));
  fs.Put("migrations/notes.txt", "ignored");
  base::Result<ScriptDirectory> dir = ScriptDirectory::Load("migrations", fs);
  ASSERT_FALSE(dir.has_value());
  EXPECT_EQ(dir.error().code(), base::StatusCode::kInvalidInput);
  EXPECT_EQ(dir.error().location(), (base::Location{"migrations/bb02_typo.sql", 3}));
  EXPECT_EQ(dir.error().ToString(),
            "migrations/bb02_typo.sql:3: unknown header key 'expext' (did you mean 'expect'?)\n"
            "-- expext: table x\n"
            "migrations/cc03_dup.sql:2: file name 'cc03_dup.sql' does not start with its "
            "revision 'aa01'; rename the file to 'aa01_m.sql'\n"
            "migrations/cc03_dup.sql:2: duplicate revision 'aa01': also declared in "
            "migrations/aa01_ok.sql:2; give one of them a new revision id\n"
            "migrations/dd04_no_upgrade.sql:2: no '-- migrate:upgrade' section; every migration "
            "needs one (it may be empty)\n"
            "-- migrate:downgrade");
}

TEST(ScriptDirectoryTest, ExampleMigrationsOfThisRepositoryLoad) {
  base::RealFileSystem fs;
  const std::string dir = std::string(MIGRATE_SOURCE_DIR) + "/migrations";
  base::Result<ScriptDirectory> loaded = ScriptDirectory::Load(dir, fs);
  ASSERT_TRUE(loaded.has_value()) << loaded.status().ToString();
  EXPECT_GE(loaded->files().size(), 8u);
  const MigrationFile* services = loaded->Find("a412ec748e43");
  ASSERT_NE(services, nullptr);
  EXPECT_EQ(services->Summary(), "create services with trigram search");
  EXPECT_EQ(services->extensions, (std::vector<std::string>{"pg_trgm", "uuid-ossp"}));
  EXPECT_NE(services->FindSection(SectionKind::kUpgrade, "sqlite"), nullptr);
  EXPECT_NE(services->FindSection(SectionKind::kUpgrade, "postgresql"), nullptr);
}

TEST(ScriptDirectoryTest, FileNameSlugsTheFirstLineOfTheMessage) {
  EXPECT_EQ(ScriptDirectory::FileName("1f737760963f", "create services with trigram search"),
            "1f737760963f_create_services_with_trigram_search.sql");
  EXPECT_EQ(ScriptDirectory::FileName("ab", "Fix: trim  names (again)!\nsecond line"),
            "ab_fix_trim_names_again.sql");
  EXPECT_EQ(ScriptDirectory::FileName("ab", "  --  "), "ab.sql");
  EXPECT_EQ(ScriptDirectory::FileName("ab", ""), "ab.sql");
  EXPECT_EQ(ScriptDirectory::FileName("ab", "add café column"), "ab_add_caf_column.sql");
  // Cut at a word boundary at most 40 characters in.
  EXPECT_EQ(ScriptDirectory::FileName("ab", "add the appointment reminder settings for every stylist"),
            "ab_add_the_appointment_reminder_settings.sql");
  EXPECT_EQ(ScriptDirectory::FileName("ab", std::string(50, 'x')), "ab_" + std::string(40, 'x') + ".sql");
}

TEST(ScriptDirectoryTest, NewRevisionIdsAreTwelveHexDigits) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string id = ScriptDirectory::NewRevisionId();
    ASSERT_EQ(id.size(), 12u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 100u);  // 48 random bits: a collision here means a broken generator
}

}  // namespace
}  // namespace migrate::script
