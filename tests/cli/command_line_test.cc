// End-to-end tests of the command-line conventions (issue 16, parts 3 and
// 4): global options before or after the command; usage errors that start
// with "error:" and suggest the closest command, option or target; help
// and version; a bad value anywhere is exit 2 naming it, with nothing
// changed; the project found from a subfolder; `init`, the template and
// time-ordered revision ids.

#include <algorithm>
#include <filesystem>
#include <regex>
#include <set>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test.h"
#include "tests/cli/database_probe.h"

namespace migrate::cli_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr const char* kMore = "Run with --help for more information.\n";

class CommandLineTest : public CliTest {
 protected:
  // init, then the customers project's three migrations.
  void Project() {
    const ProcessResult r = Migrate({"init"});
    ASSERT_EQ(r.exit_code, 0) << r.Describe();
    WriteCustomersProject(dir_);
  }

  // A usage error: exit 2, nothing on stdout, exactly `err` on stderr.
  void ExpectUsageError(const std::vector<std::string>& args, const std::string& err) {
    std::string joined;
    for (const std::string& a : args) joined += " " + a;
    SCOPED_TRACE("migrate" + joined);
    const ProcessResult r = Migrate(args);
    EXPECT_EQ(r.exit_code, 2) << r.Describe();
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, err);
  }

  std::vector<std::string> AppliedIn(const std::string& db) const {
    return DatabaseProbe::Sqlite(dir_.Path(db)).VersionRows();
  }
};

// --- Global options anywhere -------------------------------------------------

TEST_F(CommandLineTest, GlobalOptionsMayFollowTheCommand) {
  Project();
  const ProcessResult up = Migrate({"upgrade", "head", "--url", "sqlite:///other.db"});
  ASSERT_EQ(up.exit_code, 0) << up.Describe();
  EXPECT_THAT(AppliedIn("other.db"), ElementsAre(kOrdersRev));
  EXPECT_FALSE(dir_.Exists("app.db")) << "--url after the command was ignored";

  const ProcessResult status = Migrate({"status", "-v", "--format", "json", "--url",
                                        "sqlite:///other.db"});
  ASSERT_EQ(status.exit_code, 0) << status.Describe();
  const nlohmann::json doc = nlohmann::json::parse(status.out);
  EXPECT_EQ(doc["exit_code"], 0);
  EXPECT_EQ(status.err, "Using " + std::filesystem::canonical(dir_.Path("migrate.toml")).string() +
                            "\n");

  // Two levels down: `db create`'s options, and the top level's.
  const ProcessResult create =
      Migrate({"db", "create", "--url", "sqlite:///data/new.db", "--admin-url",
               "postgresql://postgres@localhost/postgres", "-q"});
  ASSERT_EQ(create.exit_code, 0) << create.Describe();
  EXPECT_EQ(create.out, "");
  EXPECT_TRUE(dir_.Exists("data/new.db"));
}

// --- Usage errors ------------------------------------------------------------

TEST_F(CommandLineTest, UsageErrorsSuggestTheClosestCommandOrOption) {
  Project();
  ExpectUsageError({"upgrad", "head"},
                   std::string("error: unknown command 'upgrad' (did you mean 'upgrade'?)\n") +
                       kMore);
  ExpectUsageError({"db", "creat"},
                   std::string("error: unknown command 'creat' of `migrate db` (did you mean "
                               "'create'?)\n") + kMore);
  ExpectUsageError({"status", "--urll", "sqlite:///x.db"},
                   std::string("error: unknown option '--urll' (did you mean '--url'?)\n") + kMore);
  ExpectUsageError({"revision", "-m", "x", "--branch-lable=a"},
                   std::string("error: unknown option '--branch-lable' (did you mean "
                               "'--branch-label'?)\n") + kMore);
  ExpectUsageError({"heads", "extra"},
                   std::string("error: unexpected argument 'extra' for `migrate heads`\n") + kMore);
  ExpectUsageError({"upgrade"}, std::string("error: TARGET is required\n") + kMore);
  // A target keyword in the wrong case is an unknown revision, with the keyword suggested.
  ExpectUsageError({"upgrade", "HEAD"},
                   "error: Unknown revision or branch label 'HEAD'; did you mean 'head'?\n");
}

TEST_F(CommandLineTest, NoCommandPrintsTheUsageAndTheCommands) {
  const ProcessResult r = Migrate({});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, StartsWith("Usage: migrate [OPTIONS] SUBCOMMAND"));
  for (const char* command : {"init", "upgrade", "downgrade", "status", "db", "help", "version"}) {
    EXPECT_TRUE(std::regex_search(r.err, std::regex(std::string("\n  ") + command + " ")))
        << command << " missing from:\n" << r.err;
  }
  EXPECT_THAT(r.err, ::testing::EndsWith(
                         "error: no command given; `migrate help COMMAND` describes one\n"));
}

TEST_F(CommandLineTest, HelpAndVersionAreCommandsToo) {
  const ProcessResult help = Migrate({"help"});
  EXPECT_EQ(help.exit_code, 0) << help.Describe();
  EXPECT_EQ(help.out, Migrate({"--help"}).out);

  const ProcessResult upgrade = Migrate({"help", "upgrade"});
  EXPECT_EQ(upgrade.exit_code, 0) << upgrade.Describe();
  EXPECT_EQ(upgrade.out, Migrate({"upgrade", "--help"}).out);
  EXPECT_THAT(upgrade.out, HasSubstr("Usage: migrate upgrade [OPTIONS] TARGET"));

  const ProcessResult own = Migrate({"help", "--help"});
  EXPECT_EQ(own.exit_code, 0) << own.Describe();
  EXPECT_THAT(own.out, HasSubstr("Usage: migrate help [OPTIONS] [COMMAND]"));

  const ProcessResult create = Migrate({"help", "db", "create"});
  EXPECT_EQ(create.exit_code, 0) << create.Describe();
  EXPECT_THAT(create.out, HasSubstr("Usage: migrate db create"));

  ExpectUsageError({"help", "upgarde"},
                   std::string("error: unknown command 'upgarde' (did you mean 'upgrade'?)\n") +
                       kMore);

  const ProcessResult version = Migrate({"version"});
  EXPECT_EQ(version.exit_code, 0) << version.Describe();
  EXPECT_TRUE(std::regex_match(version.out, std::regex(R"(\d+\.\d+\.\d+\n)"))) << version.out;
  EXPECT_EQ(version.out, Migrate({"--version"}).out);
}

// --- Bad values: exit 2, named, nothing changed ------------------------------

TEST_F(CommandLineTest, ABadUrlParameterIsBadInputNotACrash) {
  Project();
  const ProcessResult r = Migrate({"upgrade", "head", "--url", "sqlite:///x.db?busy_timeout=abc"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_EQ(r.err,
            "error: database URL from --url: invalid database URL "
            "'sqlite:///x.db?busy_timeout=abc': invalid value 'abc' for SQLite pragma "
            "'busy_timeout': 'abc' is not a whole number\n");
  EXPECT_FALSE(dir_.Exists("x.db"));

  const ProcessResult pg =
      Migrate({"upgrade", "head", "--url", "postgresql://app@localhost/app?connect_timeout=5s"});
  EXPECT_EQ(pg.exit_code, 2) << pg.Describe();
  EXPECT_THAT(pg.err, HasSubstr("invalid value '5s' for parameter 'connect_timeout': '5s' is not "
                                "a whole number"));
}

TEST_F(CommandLineTest, ABadDurationOrSettingIsBadInput) {
  Project();
  ExpectUsageError({"heads", "--lock-timeout", "99999999999999999999h"},
                   "error: --lock-timeout: invalid duration '99999999999999999999h': "
                   "'99999999999999999999' is out of range (from 0 to 2562047788015)\n");
  dir_.Write("migrate.toml", "[migrate]\nurl = \"sqlite:///app.db\"\nlock_timeout = \"5 s\"\n");
  ExpectUsageError({"upgrade", "head"},
                   "error: migrate.toml:3: lock_timeout: invalid duration '5 s' (expected e.g. "
                   "500ms, 5s, 2min, 1h)\n");
  EXPECT_FALSE(dir_.Exists("app.db"));
}

// --- The project, found ------------------------------------------------------

TEST_F(CommandLineTest, TheProjectIsFoundFromASubfolder) {
  Project();
  std::filesystem::create_directories(dir_.Path("src/deep"));
  const ProcessResult r = Migrate({"upgrade", "head", "-v"}, {}, "src/deep");
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_THAT(r.err, StartsWith("Using " +
                                std::filesystem::canonical(dir_.Path("migrate.toml")).string() +
                                "\n"));
  // The URL's relative path is relative to migrate.toml, as from its folder.
  EXPECT_THAT(AppliedIn("app.db"), ElementsAre(kOrdersRev));
  EXPECT_FALSE(dir_.Exists("src/deep/app.db"));
}

TEST_F(CommandLineTest, WithoutAProjectTheErrorSaysWhereItLooked) {
  std::filesystem::create_directories(dir_.Path("elsewhere"));
  const ProcessResult r = Migrate({"heads"}, {}, "elsewhere");
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  const std::string here = std::filesystem::canonical(dir_.Path("elsewhere")).string();
  EXPECT_EQ(r.err, "error: no migrate.toml in " + here +
                       " or any folder above it, and no migrations/ folder here: run `migrate "
                       "init` to start a project, cd into one, or pass -c FILE\n");
}

// --- init, the template, revision ids ----------------------------------------

TEST_F(CommandLineTest, InitIntoAFolderSaysToCdThereAndIgnoresTheDatabase) {
  const ProcessResult r = Migrate({"init", "proj"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_THAT(Lines(r.out),
              ElementsAre("Created proj/migrate.toml, proj/migrations/ and proj/.gitignore",
                          "Next: cd proj && migrate revision -m \"create my first table\""));
  EXPECT_THAT(Lines(dir_.Read("proj/.gitignore")), ::testing::Contains("app.db"));

  // A .gitignore of the user's own is left alone.
  dir_.Write("mine/.gitignore", "node_modules/\n");
  const ProcessResult mine = Migrate({"init", "mine"});
  ASSERT_EQ(mine.exit_code, 0) << mine.Describe();
  EXPECT_THAT(Lines(mine.out),
              ElementsAre("Created mine/migrate.toml, mine/migrations/",
                          "mine/.gitignore exists: add app.db (the SQLite database) to it",
                          "Next: cd mine && migrate revision -m \"create my first table\""));
  EXPECT_EQ(dir_.Read("mine/.gitignore"), "node_modules/\n");
}

TEST_F(CommandLineTest, AnUneditedTemplateIsRefusedAndAnEditedOneApplied) {
  ASSERT_EQ(Migrate({"init"}).exit_code, 0);
  const ProcessResult rev = Migrate({"revision", "-m", "create things"});
  ASSERT_EQ(rev.exit_code, 0) << rev.Describe();
  const std::string id = CreatedRevision(rev.out);
  const std::string file = "migrations/" + id + "_create_things.sql";
  const std::string text = dir_.Read(file);
  for (const char* section :
       {"-- migrate:upgrade\n", "-- migrate:verify\n", "-- migrate:downgrade\n"}) {
    EXPECT_THAT(text, HasSubstr(section));
  }

  for (const std::vector<std::string>& argv :
       {std::vector<std::string>{"upgrade", "head"}, {"upgrade", "head", "--sql"}}) {
    const ProcessResult r = Migrate(argv);
    EXPECT_EQ(r.exit_code, 2) << r.Describe();
    const int marker = LineNumberOf(text, "-- migrate:upgrade");
    EXPECT_EQ(r.err, "error: " + file + ":" + std::to_string(marker) +
                         ": revision " + id +
                         " is still the unedited template: its upgrade section has only the "
                         "template's comments; write its SQL there (or, to keep an empty "
                         "placeholder on purpose, delete those comments); nothing was changed\n");
  }
  // The session opened (and so SQLite made the file), and nothing was written.
  EXPECT_THAT(DatabaseProbe::Sqlite(dir_.Path("app.db")).Tables(), ::testing::IsEmpty());

  std::string edited = text;
  edited.replace(edited.find("-- migrate:verify"), 0, "CREATE TABLE things (id integer);\n\n");
  dir_.Write(file, edited);
  const ProcessResult up = Migrate({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.Describe();
  EXPECT_THAT(AppliedIn("app.db"), ElementsAre(id));
}

TEST_F(CommandLineTest, AMergeFileSaysItIsAMergePointAndIsApplied) {
  Project();
  ASSERT_EQ(Migrate({"upgrade", "head"}).exit_code, 0);
  dir_.Write("migrations/aa11bb22cc33_side.sql",
             MigrationText("side", "aa11bb22cc33", kEmailRev, "CREATE TABLE side (id integer);",
                           "DROP TABLE side;"));
  const ProcessResult merge = Migrate({"merge", "-m", "join", "heads"});
  ASSERT_EQ(merge.exit_code, 0) << merge.Describe();
  const std::string id = CreatedRevision(merge.out);
  EXPECT_THAT(dir_.Read("migrations/" + id + "_join.sql"),
              HasSubstr("-- A merge point: this revision joins aa11bb22cc33, " +
                        std::string(kOrdersRev) + " into one head."));
  const ProcessResult up = Migrate({"upgrade", "head"});
  ASSERT_EQ(up.exit_code, 0) << up.Describe();
  EXPECT_THAT(AppliedIn("app.db"), ElementsAre(id));
}

TEST_F(CommandLineTest, TimestampRevisionIdsSortByCreation) {
  ASSERT_EQ(Migrate({"init"}).exit_code, 0);
  std::string config = dir_.Read("migrate.toml");
  config.replace(config.find("revision_id = \"random\""), 22, "revision_id = \"timestamp\"");
  dir_.Write("migrate.toml", config);
  std::vector<std::string> ids;
  for (const char* message : {"one", "two", "three"}) {
    const ProcessResult r = Migrate({"revision", "-m", message});
    ASSERT_EQ(r.exit_code, 0) << r.Describe();
    ids.push_back(CreatedRevision(r.out));
    EXPECT_TRUE(std::regex_match(ids.back(), std::regex(R"(20\d{12})"))) << ids.back();
  }
  // Made within a second, they still sort in the order they were made.
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 3u);
  std::vector<std::string> files = dir_.List("migrations");
  EXPECT_EQ(files, (std::vector<std::string>{ids[0] + "_one.sql", ids[1] + "_two.sql",
                                             ids[2] + "_three.sql"}));
}

}  // namespace
}  // namespace migrate::cli_test
