// End-to-end tests of how `migrate` finds its database: the URL from --url,
// DATABASE_URL and migrate.toml (in that order of precedence), relative
// SQLite paths, `upgrade --sql` without any database, and URLs whose
// password must never be printed. SQLite files live in the test's directory.

#include <regex>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test.h"
#include "tests/cli/database_probe.h"

namespace migrate::cli_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr const char* kSecretUrl = "postgresql://u:secret@127.0.0.1:1/db";

class DatabaseUrlTest : public CliTest {
 protected:
  void SetUp() override {
    WriteCustomersProject(dir_);
    dir_.Write("migrate.toml", "[migrate]\nurl = \"sqlite:///toml.db\"\n");
  }

  // The version rows of SQLite file `name` in the test directory; none if it does not exist.
  std::vector<std::string> VersionRowsOf(const std::string& name) const {
    if (!dir_.Exists(name)) return {};
    return DatabaseProbe::Sqlite(dir_.Path(name)).VersionRows();
  }
};

TEST_F(DatabaseUrlTest, UrlOptionBeatsDatabaseUrlAndTheConfigFile) {
  const ProcessResult r = Migrate({"--url", "sqlite:///flag.db", "upgrade", "head"},
                                  {{"DATABASE_URL", "sqlite:///env.db"}});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_THAT(VersionRowsOf("flag.db"), ElementsAre(kOrdersRev));
  EXPECT_FALSE(dir_.Exists("env.db"));
  EXPECT_FALSE(dir_.Exists("toml.db"));
}

TEST_F(DatabaseUrlTest, DatabaseUrlBeatsTheConfigFile) {
  const ProcessResult r = Migrate({"upgrade", "head"}, {{"DATABASE_URL", "sqlite:///env.db"}});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_THAT(VersionRowsOf("env.db"), ElementsAre(kOrdersRev));
  EXPECT_FALSE(dir_.Exists("toml.db"));
}

TEST_F(DatabaseUrlTest, TheConfigFileIsUsedWhenNothingOverridesIt) {
  const ProcessResult r = Migrate({"upgrade", "+1"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_THAT(VersionRowsOf("toml.db"), ElementsAre(kCustomersRev));

  // `current` reads the same database.
  const ProcessResult current = Migrate({"current"});
  ASSERT_EQ(current.exit_code, 0) << current.Describe();
  EXPECT_EQ(current.out, "3f1c0a9e2b10, create customers\n");
}

TEST_F(DatabaseUrlTest, AnEmptyDatabaseUrlVariableDoesNotHideTheConfigFile) {
  const ProcessResult r = Migrate({"upgrade", "+1"}, {{"DATABASE_URL", ""}});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_THAT(VersionRowsOf("toml.db"), ElementsAre(kCustomersRev));
}

TEST_F(DatabaseUrlTest, ARelativePathInTheConfigFileIsRelativeToThatFile) {
  WriteCustomersProject(dir_, "proj/migrations");
  dir_.Write("proj/migrate.toml", "[migrate]\nurl = \"sqlite:///app.db\"\n");
  const ProcessResult r = Migrate({"-c", "proj/migrate.toml", "upgrade", "head"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_THAT(VersionRowsOf("proj/app.db"), ElementsAre(kOrdersRev));
  EXPECT_FALSE(dir_.Exists("app.db"));

  // The same file found from a subfolder's point of view: the config is the anchor, not the cwd.
  dir_.Write("elsewhere/.keep", "");
  const ProcessResult current = Migrate({"-c", "../proj/migrate.toml", "current"}, {}, "elsewhere");
  ASSERT_EQ(current.exit_code, 0) << current.Describe();
  EXPECT_EQ(current.out, "c08b5e3f7a30 (head), create orders\n");
}

TEST_F(DatabaseUrlTest, ARelativePathInDatabaseUrlIsRelativeToTheCurrentDirectory) {
  WriteCustomersProject(dir_, "proj/migrations");
  dir_.Write("proj/migrate.toml", "[migrate]\nurl = \"sqlite:///app.db\"\n");
  const ProcessResult r = Migrate({"-c", "proj/migrate.toml", "upgrade", "head"},
                                  {{"DATABASE_URL", "sqlite:///env.db"}});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_THAT(VersionRowsOf("env.db"), ElementsAre(kOrdersRev));
  EXPECT_FALSE(dir_.Exists("proj/app.db"));
  EXPECT_FALSE(dir_.Exists("proj/env.db"));
}

TEST_F(DatabaseUrlTest, ACommandThatNeedsADatabaseSaysHowToNameOne) {
  dir_.Write("migrate.toml", "[migrate]\nscript_location = \"migrations\"\n");
  const ProcessResult r = Migrate({"upgrade", "head"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "error: no database URL: pass --url, set DATABASE_URL, or set url in the [migrate] "
            "table of migrate.toml\n");
}

TEST_F(DatabaseUrlTest, UpgradeSqlNeedsNoDatabase) {
  const ProcessResult script =
      Migrate({"--url", "sqlite:///no/such/dir/app.db", "upgrade", "head", "--sql"});
  ASSERT_EQ(script.exit_code, 0) << script.Describe();
  EXPECT_EQ(script.err, "");
  EXPECT_FALSE(dir_.Exists("no"));

  const DatabaseProbe fresh = DatabaseProbe::Sqlite(dir_.Path("newfile.db"));
  const ProcessResult applied = fresh.RunScript(script.out);
  ASSERT_EQ(applied.exit_code, 0) << applied.Describe() << "\nscript:\n" << script.out;
  EXPECT_THAT(fresh.Tables(),
              ElementsAre("customers", "migrate_history", "migrate_version", "orders"));
  EXPECT_THAT(fresh.Schema(), ::testing::Contains("customers(id INTEGER, name TEXT, email TEXT)"));
  EXPECT_THAT(fresh.VersionRows(), ElementsAre(kOrdersRev));
  EXPECT_THAT(fresh.Query("SELECT revision || ' ' || direction FROM migrate_history ORDER BY id"),
              ElementsAre("3f1c0a9e2b10 upgrade", "7d4e2a1c9b20 upgrade", "c08b5e3f7a30 upgrade"));

  // A script that starts part-way: FROM:TO.
  const ProcessResult rest =
      Migrate({"--url", "sqlite:///no/such/dir/app.db", "upgrade", "7d4e2a1c9b20:head", "--sql"});
  ASSERT_EQ(rest.exit_code, 0) << rest.Describe();
  EXPECT_THAT(rest.out, HasSubstr("-- upgrade c08b5e3f7a30: create orders"));
  EXPECT_THAT(rest.out, Not(HasSubstr("-- upgrade 7d4e2a1c9b20")));
}

TEST_F(DatabaseUrlTest, DowngradeSqlRevertsTheScriptedUpgrade) {
  const ProcessResult up = Migrate({"upgrade", "head", "--sql"});
  ASSERT_EQ(up.exit_code, 0) << up.Describe();
  const ProcessResult down = Migrate({"downgrade", "head:base", "--sql"});
  ASSERT_EQ(down.exit_code, 0) << down.Describe();
  EXPECT_FALSE(dir_.Exists("toml.db"));

  const DatabaseProbe fresh = DatabaseProbe::Sqlite(dir_.Path("scripted.db"));
  ASSERT_EQ(fresh.RunScript(up.out).exit_code, 0);
  const ProcessResult reverted = fresh.RunScript(down.out);
  ASSERT_EQ(reverted.exit_code, 0) << reverted.Describe() << "\nscript:\n" << down.out;
  EXPECT_THAT(fresh.Tables(), ElementsAre("migrate_history", "migrate_version"));
  EXPECT_THAT(fresh.VersionRows(), IsEmpty());

  // Without a starting point, downgrade --sql cannot know what to revert.
  const ProcessResult unanchored = Migrate({"downgrade", "base", "--sql"});
  EXPECT_EQ(unanchored.exit_code, 2) << unanchored.Describe();
  EXPECT_EQ(unanchored.err,
            "error: downgrade --sql needs to know where the database starts: write FROM:TO, e.g. "
            "`migrate downgrade head:base --sql`\n");
}

// --- wait and --wait -------------------------------------------------------------

TEST_F(DatabaseUrlTest, WaitReturnsAtOnceWhenTheDatabaseAnswers) {
  const ProcessResult r = Migrate({"wait"});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, "The database at sqlite:///toml.db accepts connections\n");
}

TEST_F(DatabaseUrlTest, WaitGivesUpAfterTheWaitAndSaysOnceThatItWaits) {
  const ProcessResult r = Migrate({"--url", kSecretUrl, "--wait", "1", "wait"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_EQ(r.out, "");
  const std::vector<std::string> err = Lines(r.err);
  ASSERT_EQ(err.size(), 3u) << r.err;
  EXPECT_EQ(err[0],
            "Waiting: for the database at postgresql://u:***@127.0.0.1:1/db to accept connections "
            "(up to 1s, --wait); first attempt: connection to server at \"127.0.0.1\", port 1 "
            "failed: Connection refused");
  EXPECT_TRUE(std::regex_match(
      err[1], std::regex(R"(error: cannot connect to postgresql://u:\*\*\*@127\.0\.0\.1:1/db: )"
                         R"(\d+ attempts over 1\.\ds failed \(--wait 1s\); last error: )"
                         R"(connection to server at "127\.0\.0\.1", port 1 failed: Connection refused)")))
      << err[1];
  EXPECT_EQ(err[2], "Is the server running on that host and accepting TCP/IP connections?");
}

TEST_F(DatabaseUrlTest, OtherCommandsMakeOneAttemptUnlessToldToWait) {
  const ProcessResult once = Migrate({"--url", kSecretUrl, "current"});
  EXPECT_EQ(once.exit_code, 1) << once.Describe();
  EXPECT_THAT(once.err, Not(HasSubstr("Waiting")));

  const ProcessResult waited = Migrate({"--url", kSecretUrl, "--wait", "500ms", "current"});
  EXPECT_EQ(waited.exit_code, 1) << waited.Describe();
  EXPECT_THAT(Lines(waited.err).front(),
              ::testing::StartsWith("Waiting: for the database at postgresql://u:***@127.0.0.1:1/db "
                                    "to accept connections (up to 500ms, --wait)"));
}

TEST_F(DatabaseUrlTest, ABadWaitIsBadInput) {
  const ProcessResult r = Migrate({"--wait", "soon", "wait"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_EQ(r.err, "error: --wait: invalid duration 'soon' (expected e.g. 500ms, 5s, 2min, 1h)\n");
}

// --- Passwords -------------------------------------------------------------------

TEST_F(DatabaseUrlTest, APasswordNeverAppearsInAnyOutput) {
  const std::vector<std::vector<std::string>> commands = {
      {"--url", kSecretUrl, "upgrade", "head"},
      {"--url", kSecretUrl, "downgrade", "base"},
      {"--url", kSecretUrl, "current"},
      {"--url", kSecretUrl, "stamp", "head"},
      {"--url", kSecretUrl, "check"},
      {"--url", kSecretUrl, "verify"},
      {"--url", kSecretUrl, "--wait", "1", "wait"},
      {"--url", kSecretUrl, "--format", "json", "upgrade", "head"},
      {"--url", kSecretUrl, "-v", "upgrade", "head"},
  };
  for (const std::vector<std::string>& args : commands) {
    std::string joined;
    for (const std::string& a : args) joined += " " + a;
    SCOPED_TRACE("migrate" + joined);
    const ProcessResult r = Migrate(args);
    EXPECT_EQ(r.exit_code, 1) << r.Describe();
    EXPECT_THAT(r.out, Not(HasSubstr("secret")));
    EXPECT_THAT(r.err, Not(HasSubstr("secret")));
    // It still says which server it could not reach.
    EXPECT_THAT(r.out + r.err, HasSubstr("postgresql://u:***@127.0.0.1:1/db"));
  }
}

TEST_F(DatabaseUrlTest, APasswordFromDatabaseUrlIsNotPrintedEither) {
  const ProcessResult r = Migrate({"upgrade", "head"}, {{"DATABASE_URL", kSecretUrl}});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_THAT(r.out + r.err, Not(HasSubstr("secret")));
  EXPECT_THAT(r.err, HasSubstr("postgresql://u:***@127.0.0.1:1/db"));
}

TEST_F(DatabaseUrlTest, APasswordInAMalformedUrlIsNotPrinted) {
  const ProcessResult r = Migrate({"--url", "postgresql://u:secret@127.0.0.1:notaport/db", "current"});
  EXPECT_NE(r.exit_code, 0) << r.Describe();
  EXPECT_THAT(r.out + r.err, Not(HasSubstr("secret")));
}

}  // namespace
}  // namespace migrate::cli_test
