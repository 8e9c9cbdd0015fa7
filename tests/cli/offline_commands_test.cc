// End-to-end tests of the commands that need no database: init, revision,
// merge, heads, branches, history, show (what it reads from the files;
// show_cli_test.cc covers what it asks a database), check --offline, and
// their JSON output. Each runs the built binary in a fresh directory and compares the
// exact output lines and the exit status.

#include <algorithm>
#include <filesystem>
#include <regex>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test.h"

namespace migrate::cli_test {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr const char* kBase = "1a1a1a1a1a1a";
constexpr const char* kEmail = "2b2b2b2b2b2b";
constexpr const char* kPhone = "3c3c3c3c3c3c";
constexpr const char* kMerge = "4d4d4d4d4d4d";

class OfflineTest : public CliTest {
 protected:
  void Init() {
    const ProcessResult r = Migrate({"init"});
    ASSERT_EQ(r.exit_code, 0) << r.Describe();
  }

  // Runs `migrate revision ARGS...`, which must succeed; returns the new id.
  std::string Revision(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"revision"};
    argv.insert(argv.end(), args.begin(), args.end());
    const ProcessResult r = Migrate(argv);
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    EXPECT_EQ(r.err, "");
    return CreatedRevision(r.out);
  }

  // init, then create customers (kBase) <- add email (kEmail).
  void TwoRevisions() {
    Init();
    Revision({"-m", "create customers", "--rev-id", kBase});
    Revision({"-m", "add email", "--rev-id", kEmail});
  }

  // TwoRevisions, then a second branch from kBase: add phone (kPhone).
  void Branched() {
    TwoRevisions();
    Revision({"--head", kBase, "--splice", "-m", "add phone", "--rev-id", kPhone});
  }

  // The line of migration file `name` that starts with `prefix`; "" if none.
  std::string HeaderLine(const std::string& name, const std::string& prefix) const {
    for (const std::string& line : Lines(dir_.Read("migrations/" + name))) {
      if (line.rfind(prefix, 0) == 0) return line;
    }
    return "";
  }
};

TEST_F(OfflineTest, InitCreatesTheConfigAndTheMigrationsFolder) {
  const ProcessResult r = Migrate({"init"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.err, "");
  EXPECT_THAT(Lines(r.out), ElementsAre("Created ./migrate.toml, ./migrations/ and ./.gitignore",
                                        "Next: migrate revision -m \"create my first table\""));
  EXPECT_TRUE(dir_.IsDirectory("migrations"));
  EXPECT_THAT(dir_.List("migrations"), IsEmpty());
  const std::vector<std::string> config = Lines(dir_.Read("migrate.toml"));
  EXPECT_THAT(config, ::testing::Contains("[migrate]"));
  EXPECT_THAT(config, ::testing::Contains("url = \"sqlite:///app.db\""));
  EXPECT_THAT(config, ::testing::Contains("script_location = \"migrations\""));
  EXPECT_THAT(config, ::testing::Contains("version_table = \"migrate_version\""));
}

// A migration that is a broken symbolic link is an error naming it (exit
// 2), never a migration silently left out of the graph; nothing is created.
TEST_F(OfflineTest, ABrokenSymlinkInTheMigrationsFolderIsAnError) {
  TwoRevisions();
  std::filesystem::create_symlink(dir_.Path("nowhere.sql"),
                                  dir_.Path("migrations/5e5e5e5e5e5e_gone.sql"));
  for (const std::vector<std::string>& argv :
       {std::vector<std::string>{"check", "--offline"}, {"upgrade", "head"}}) {
    const ProcessResult r = Migrate(argv);
    EXPECT_EQ(r.exit_code, 2) << r.Describe();
    EXPECT_EQ(r.err,
              "error: migrations/5e5e5e5e5e5e_gone.sql: a symbolic link to a file that does not "
              "exist\n");
  }
  EXPECT_FALSE(std::filesystem::exists(dir_.Path("app.db")));
}

TEST_F(OfflineTest, InitIntoAFolder) {
  const ProcessResult r = Migrate({"init", "proj"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_THAT(Lines(r.out),
              ElementsAre("Created proj/migrate.toml, proj/migrations/ and proj/.gitignore",
                          "Next: cd proj && migrate revision -m \"create my first table\""));
  EXPECT_TRUE(dir_.Exists("proj/migrate.toml"));
  EXPECT_TRUE(dir_.IsDirectory("proj/migrations"));
}

TEST_F(OfflineTest, InitRefusesToOverwriteAnExistingConfig) {
  Init();
  dir_.Write("migrate.toml", "[migrate]\nurl = \"sqlite:///mine.db\"\n");
  const ProcessResult r = Migrate({"init"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "error: ./migrate.toml already exists; not overwriting it\n");
  EXPECT_EQ(dir_.Read("migrate.toml"), "[migrate]\nurl = \"sqlite:///mine.db\"\n");
}

TEST_F(OfflineTest, RevisionFollowsTheHeadAndNamesTheFileAfterTheMessage) {
  Init();
  const ProcessResult first = Migrate({"revision", "-m", "create customers"});
  ASSERT_EQ(first.exit_code, 0) << first.Describe();
  const std::string id1 = CreatedRevision(first.out);
  EXPECT_TRUE(std::regex_match(id1, std::regex("[0-9a-f]{12}"))) << id1;
  EXPECT_EQ(first.out, "Created migrations/" + id1 + "_create_customers.sql\n");
  EXPECT_EQ(first.err, "");

  const ProcessResult second = Migrate({"revision", "-m", "add email"});
  ASSERT_EQ(second.exit_code, 0) << second.Describe();
  const std::string id2 = CreatedRevision(second.out);
  EXPECT_TRUE(std::regex_match(id2, std::regex("[0-9a-f]{12}"))) << id2;
  EXPECT_NE(id1, id2);
  EXPECT_EQ(second.out, "Created migrations/" + id2 + "_add_email.sql\n");

  std::vector<std::string> files = {id1 + "_create_customers.sql", id2 + "_add_email.sql"};
  std::sort(files.begin(), files.end());
  EXPECT_EQ(dir_.List("migrations"), files);

  const std::string file1 = id1 + "_create_customers.sql";
  const std::string file2 = id2 + "_add_email.sql";
  EXPECT_EQ(Lines(dir_.Read("migrations/" + file1)).front(), "-- create customers");
  EXPECT_EQ(HeaderLine(file1, "-- revision:"), "-- revision: " + id1);
  EXPECT_EQ(HeaderLine(file1, "-- down_revision:"), "-- down_revision:");
  EXPECT_EQ(Lines(dir_.Read("migrations/" + file2)).front(), "-- add email");
  EXPECT_EQ(HeaderLine(file2, "-- revision:"), "-- revision: " + id2);
  EXPECT_EQ(HeaderLine(file2, "-- down_revision:"), "-- down_revision: " + id1);
}

TEST_F(OfflineTest, RevIdChoosesTheRevisionAndMustBeValidAndNew) {
  Init();
  const ProcessResult made = Migrate({"revision", "-m", "first", "--rev-id", "custom_1"});
  ASSERT_EQ(made.exit_code, 0) << made.Describe();
  EXPECT_EQ(made.out, "Created migrations/custom_1_first.sql\n");
  EXPECT_EQ(HeaderLine("custom_1_first.sql", "-- revision:"), "-- revision: custom_1");

  const ProcessResult invalid = Migrate({"revision", "-m", "second", "--rev-id", "bad-id"});
  EXPECT_EQ(invalid.exit_code, 2) << invalid.Describe();
  EXPECT_EQ(invalid.out, "");
  EXPECT_EQ(invalid.err,
            "error: --rev-id 'bad-id' is not a valid revision id (letters, digits and '_')\n");

  const ProcessResult taken = Migrate({"revision", "-m", "second", "--rev-id", "custom_1"});
  EXPECT_EQ(taken.exit_code, 2) << taken.Describe();
  EXPECT_EQ(taken.out, "");
  EXPECT_EQ(taken.err,
            "error: revision custom_1 already exists: migrations/custom_1_first.sql\n");
  EXPECT_THAT(dir_.List("migrations"), ElementsAre("custom_1_first.sql"));
}

TEST_F(OfflineTest, HeadsShowsTheSingleHead) {
  TwoRevisions();
  const ProcessResult r = Migrate({"heads"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.err, "");
  EXPECT_THAT(Lines(r.out), ElementsAre("2b2b2b2b2b2b (head), add email"));
}

TEST_F(OfflineTest, HistoryListsNewestFirstFromBase) {
  TwoRevisions();
  const ProcessResult r = Migrate({"history"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.err, "");
  EXPECT_THAT(Lines(r.out), ElementsAre("1a1a1a1a1a1a -> 2b2b2b2b2b2b (head), add email",
                                        "<base> -> 1a1a1a1a1a1a, create customers"));
}

TEST_F(OfflineTest, HistoryRange) {
  TwoRevisions();
  Revision({"-m", "add phone", "--rev-id", kPhone});
  const ProcessResult r = Migrate({"history", "-r", std::string(kEmail) + ":head"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_THAT(Lines(r.out), ElementsAre("2b2b2b2b2b2b -> 3c3c3c3c3c3c (head), add phone",
                                        "1a1a1a1a1a1a -> 2b2b2b2b2b2b, add email"));
}

// init's migrate.toml names sqlite:///app.db, which does not exist yet:
// show says nothing is applied there, and does not create it
// (show_cli_test.cc covers show against a database).
TEST_F(OfflineTest, ShowAcceptsAUniquePrefix) {
  TwoRevisions();
  // The configured app.db does not exist: show, reading only, says so.
  const ProcessResult missing = Migrate({"show", "2b2b2b"});
  EXPECT_EQ(missing.exit_code, 2) << missing.Describe();
  EXPECT_FALSE(dir_.Exists("app.db"));
  ASSERT_EQ(Migrate({"db", "create"}).exit_code, 0);
  const ProcessResult r = Migrate({"show", "2b2b2b"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.err, "");
  EXPECT_THAT(Lines(r.out), ElementsAre("Rev: 2b2b2b2b2b2b (head)", "Parent: 1a1a1a1a1a1a",
                                        "Path: migrations/2b2b2b2b2b2b_add_email.sql", "",
                                        "    add email", "", "Not applied on this database."));

  const ProcessResult base = Migrate({"show", kBase});
  ASSERT_EQ(base.exit_code, 0) << base.Describe();
  EXPECT_THAT(Lines(base.out),
              ElementsAre("Rev: 1a1a1a1a1a1a", "Parent: <base>", "Children: 2b2b2b2b2b2b",
                          "Path: migrations/1a1a1a1a1a1a_create_customers.sql", "",
                          "    create customers", "", "Not applied on this database."));
}

TEST_F(OfflineTest, ShowListsTheCandidatesOfAnAmbiguousPrefix) {
  Init();
  Revision({"-m", "one", "--rev-id", "aaaa1111"});
  Revision({"-m", "two", "--rev-id", "aaaa2222"});
  const ProcessResult r = Migrate({"show", "aaaa"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "error: Revision prefix 'aaaa' is ambiguous; it matches aaaa1111, aaaa2222\n");
}

TEST_F(OfflineTest, RevisionRefusesToBranchFromANonHeadWithoutSplice) {
  TwoRevisions();
  const ProcessResult r = Migrate({"revision", "--head", kBase, "-m", "add phone"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "error: revision 1a1a1a1a1a1a is not a head; pass --splice (or --branch-label) to "
            "start a new branch from it\n");
  EXPECT_EQ(dir_.List("migrations").size(), 2u);
}

TEST_F(OfflineTest, SpliceMakesASecondHeadShownByHeadsAndBranches) {
  Branched();
  EXPECT_EQ(HeaderLine("3c3c3c3c3c3c_add_phone.sql", "-- down_revision:"),
            "-- down_revision: 1a1a1a1a1a1a");

  const ProcessResult heads = Migrate({"heads"});
  ASSERT_EQ(heads.exit_code, 0) << heads.Describe();
  EXPECT_THAT(Lines(heads.out),
              ElementsAre("2b2b2b2b2b2b (head), add email", "3c3c3c3c3c3c (head), add phone"));

  const ProcessResult branches = Migrate({"branches"});
  ASSERT_EQ(branches.exit_code, 0) << branches.Describe();
  EXPECT_EQ(branches.err, "");
  EXPECT_THAT(Lines(branches.out),
              ElementsAre("1a1a1a1a1a1a (branchpoint), create customers",
                          "    -> 2b2b2b2b2b2b (head), add email",
                          "    -> 3c3c3c3c3c3c (head), add phone"));
}

TEST_F(OfflineTest, BranchesIsEmptyWithoutABranchPoint) {
  TwoRevisions();
  const ProcessResult r = Migrate({"branches"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "");
}

TEST_F(OfflineTest, RevisionRefusesToGuessWithSeveralHeads) {
  Branched();
  const ProcessResult r = Migrate({"revision", "-m", "add address"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "error: multiple heads (2b2b2b2b2b2b, 3c3c3c3c3c3c); say which one the new revision "
            "follows with --head REV, or join them first with `migrate merge -m MSG heads`\n");
  EXPECT_EQ(dir_.List("migrations").size(), 3u);
}

TEST_F(OfflineTest, ABranchLabelWithoutHeadStartsANewRootUsableAsLabelAtHead) {
  TwoRevisions();
  Revision({"-m", "audit", "--branch-label", "audit", "--rev-id", "5f5f5f5f5f5f"});
  EXPECT_EQ(HeaderLine("5f5f5f5f5f5f_audit.sql", "-- down_revision:"), "-- down_revision:");
  EXPECT_EQ(HeaderLine("5f5f5f5f5f5f_audit.sql", "-- branch_labels:"), "-- branch_labels: audit");

  const ProcessResult heads = Migrate({"heads"});
  ASSERT_EQ(heads.exit_code, 0) << heads.Describe();
  EXPECT_THAT(Lines(heads.out),
              ElementsAre("2b2b2b2b2b2b (head), add email", "5f5f5f5f5f5f (audit) (head), audit"));

  Revision({"-m", "audit more", "--head", "audit@head", "--depends-on", kEmail, "--rev-id",
            "6a6a6a6a6a6a"});
  EXPECT_EQ(HeaderLine("6a6a6a6a6a6a_audit_more.sql", "-- down_revision:"),
            "-- down_revision: 5f5f5f5f5f5f");
  EXPECT_EQ(HeaderLine("6a6a6a6a6a6a_audit_more.sql", "-- depends_on:"),
            "-- depends_on: 2b2b2b2b2b2b");
  // Only the revision that declares a label shows it (Alembic would also mark its descendants).
  ASSERT_EQ(Migrate({"db", "create"}).exit_code, 0);  // show reads the configured database too
  const ProcessResult show = Migrate({"show", "audit@head"});
  ASSERT_EQ(show.exit_code, 0) << show.Describe();
  EXPECT_THAT(Lines(show.out),
              ElementsAre("Rev: 6a6a6a6a6a6a (head)", "Parent: 5f5f5f5f5f5f",
                          "Depends on: 2b2b2b2b2b2b",
                          "Path: migrations/6a6a6a6a6a6a_audit_more.sql", "", "    audit more", "",
                          "Not applied on this database."));
}

TEST_F(OfflineTest, MergeJoinsTwoHeadsIntoOne) {
  Branched();
  const ProcessResult merge = Migrate({"merge", "-m", "merge", kEmail, kPhone, "--rev-id", kMerge});
  ASSERT_EQ(merge.exit_code, 0) << merge.Describe();
  EXPECT_EQ(merge.err, "");
  EXPECT_EQ(merge.out, "Created migrations/4d4d4d4d4d4d_merge.sql\n");
  EXPECT_EQ(HeaderLine("4d4d4d4d4d4d_merge.sql", "-- down_revision:"),
            "-- down_revision: 2b2b2b2b2b2b, 3c3c3c3c3c3c");

  const ProcessResult heads = Migrate({"heads"});
  ASSERT_EQ(heads.exit_code, 0) << heads.Describe();
  EXPECT_THAT(Lines(heads.out), ElementsAre("4d4d4d4d4d4d (head) (mergepoint), merge"));

  const ProcessResult history = Migrate({"history"});
  ASSERT_EQ(history.exit_code, 0) << history.Describe();
  EXPECT_THAT(Lines(history.out),
              ElementsAre("(2b2b2b2b2b2b, 3c3c3c3c3c3c) -> 4d4d4d4d4d4d (head) (mergepoint), merge",
                          "1a1a1a1a1a1a -> 3c3c3c3c3c3c, add phone",
                          "1a1a1a1a1a1a -> 2b2b2b2b2b2b, add email",
                          "<base> -> 1a1a1a1a1a1a (branchpoint), create customers"));

  // The merged graph has one head again, so `revision` no longer needs --head.
  const std::string next = Revision({"-m", "add address"});
  EXPECT_EQ(HeaderLine(next + "_add_address.sql", "-- down_revision:"),
            "-- down_revision: 4d4d4d4d4d4d");
}

TEST_F(OfflineTest, MergeOfHeadsJoinsEveryHead) {
  Branched();
  const ProcessResult merge = Migrate({"merge", "-m", "join them", "heads"});
  ASSERT_EQ(merge.exit_code, 0) << merge.Describe();
  const std::string id = CreatedRevision(merge.out);
  EXPECT_EQ(HeaderLine(id + "_join_them.sql", "-- down_revision:"),
            "-- down_revision: 2b2b2b2b2b2b, 3c3c3c3c3c3c");
}

TEST_F(OfflineTest, MergeNeedsTwoRevisions) {
  TwoRevisions();
  const ProcessResult r = Migrate({"merge", "-m", "merge", "heads"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "error: a merge joins two or more revisions; got 2b2b2b2b2b2b\n");
  EXPECT_EQ(dir_.List("migrations").size(), 2u);
}

TEST_F(OfflineTest, CheckOfflinePassesWithOneHead) {
  TwoRevisions();
  const ProcessResult r = Migrate({"check", "--offline"});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.err, "");
  EXPECT_EQ(r.out, "OK: 2 revisions, head 2b2b2b2b2b2b\n");
}

TEST_F(OfflineTest, CheckOfflineFailsWithTwoHeads) {
  Branched();
  const ProcessResult r = Migrate({"check", "--offline"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "error: the script directory has 2 heads (2b2b2b2b2b2b, 3c3c3c3c3c3c): two branches "
            "added revisions on the same parent; join them with `migrate merge -m MSG heads`\n");
}

TEST_F(OfflineTest, UsageErrorsExitWithTwo) {
  Init();
  struct Case {
    std::vector<std::string> args;
    std::string err;
  };
  const std::string more = "\nRun with --help for more information.\n";
  // (`migrate` alone: command_line_test.cc.)
  const std::vector<Case> cases = {
      {{"revision"}, "error: --message is required" + more},
      {{"show"}, "error: REV is required" + more},
      {{"upgrade"}, "error: TARGET is required" + more},
      {{"heads", "extra"}, "error: unexpected argument 'extra' for `migrate heads`" + more},
      {{"downgrade", "-1", "-2"}, "error: unexpected argument '-2' for `migrate downgrade`" + more},
      {{"--format", "xml", "heads"}, "error: --format: xml not in {text,json}" + more},
      {{"history", "-r", "a:b:c"},
       "error: invalid revision range 'a:b:c': expected 'A:B', where either side may be empty\n"},
  };
  for (const Case& c : cases) {
    std::string joined;
    for (const std::string& a : c.args) joined += " " + a;
    SCOPED_TRACE("migrate" + joined);
    const ProcessResult r = Migrate(c.args);
    EXPECT_EQ(r.exit_code, 2) << r.Describe();
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, c.err);
  }
}

TEST_F(OfflineTest, AnUnknownCommandIsNamed) {
  const ProcessResult r = Migrate({"upgrad", "head"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_EQ(r.out, "");
  // Saying only "A subcommand is required" hides the typo.
  EXPECT_THAT(r.err, ::testing::HasSubstr("upgrad"));
}

TEST_F(OfflineTest, ShowOfAnUnknownRevisionIsBadInput) {
  TwoRevisions();
  const ProcessResult r = Migrate({"show", "nope"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "error: Unknown revision or branch label 'nope'\n");
}

TEST_F(OfflineTest, VersionAndHelp) {
  const ProcessResult version = Migrate({"--version"});
  EXPECT_EQ(version.exit_code, 0) << version.Describe();
  EXPECT_TRUE(std::regex_match(version.out, std::regex(R"(\d+\.\d+\.\d+\n)"))) << version.out;

  const ProcessResult help = Migrate({"--help"});
  EXPECT_EQ(help.exit_code, 0) << help.Describe();
  for (const char* command : {"init", "revision", "merge", "heads", "branches", "history", "show",
                              "check", "upgrade", "downgrade", "current", "stamp"}) {
    EXPECT_TRUE(std::regex_search(help.out, std::regex(std::string("\n  ") + command + " ")))
        << command << " missing from:\n" << help.out;
  }
}

TEST_F(OfflineTest, ABadConfigFileIsBadInputWithFileAndLine) {
  TwoRevisions();
  dir_.Write("migrate.toml", "[migrate]\nurl = \"sqlite:///app.db\"\nflavour = \"vanilla\"\n");
  const ProcessResult unknown_key = Migrate({"heads"});
  EXPECT_EQ(unknown_key.exit_code, 2) << unknown_key.Describe();
  EXPECT_EQ(unknown_key.out, "");
  EXPECT_EQ(unknown_key.err, "error: migrate.toml:3: unknown key 'flavour' in [migrate]\n");

  dir_.Write("migrate.toml", "[migrate]\nurl = 5\n");
  const ProcessResult wrong_type = Migrate({"heads"});
  EXPECT_EQ(wrong_type.exit_code, 2) << wrong_type.Describe();
  EXPECT_EQ(wrong_type.err, "error: migrate.toml:2: [migrate] url must be a string\n");

  const ProcessResult missing = Migrate({"-c", "nope.toml", "heads"});
  EXPECT_EQ(missing.exit_code, 2) << missing.Describe();
  EXPECT_EQ(missing.err, "error: cannot read configuration: nope.toml: no such file\n");
}

TEST_F(OfflineTest, ABadLockTimeoutIsBadInput) {
  TwoRevisions();
  const ProcessResult r = Migrate({"--lock-timeout", "soon", "heads"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "error: --lock-timeout: invalid duration 'soon' (expected e.g. 500ms, 5s, 2min, 1h)\n");
}

TEST_F(OfflineTest, ScriptLocationComesFromTheConfigFile) {
  dir_.Write("proj/migrate.toml", "[migrate]\nscript_location = \"db/versions\"\n");
  dir_.Write("proj/db/versions/.keep", "");
  const ProcessResult made =
      Migrate({"-c", "proj/migrate.toml", "revision", "-m", "first", "--rev-id", kBase});
  ASSERT_EQ(made.exit_code, 0) << made.Describe();
  EXPECT_EQ(made.out, "Created proj/db/versions/1a1a1a1a1a1a_first.sql\n");
  EXPECT_TRUE(dir_.Exists("proj/db/versions/1a1a1a1a1a1a_first.sql"));
  const ProcessResult heads = Migrate({"-c", "proj/migrate.toml", "heads"});
  EXPECT_EQ(heads.out, "1a1a1a1a1a1a (head), first\n");
}

// --- A malformed migration file ---------------------------------------------

constexpr const char* kBadFile = "migrations/5e5e5e5e5e5e_bad.sql";

class MalformedFileTest : public OfflineTest {
 protected:
  void SetUp() override {
    TwoRevisions();
    dir_.Write(kBadFile,
               "-- bad\n"
               "--\n"
               "-- revision: 5e5e5e5e5e5e\n"
               "-- down_revision: 2b2b2b2b2b2b\n"
               "-- flavour: vanilla\n"
               "\n"
               "-- migrate:upgrade\n"
               "CREATE TABLE t (id integer);\n");
  }

  static constexpr const char* kMessage =
      "migrations/5e5e5e5e5e5e_bad.sql:5: unknown header key 'flavour'; known keys are "
      "revision, down_revision, branch_labels, depends_on, extensions, transaction, "
      "lock_timeout, statement_timeout, noop, create_date and expect";
};

TEST_F(MalformedFileTest, EveryCommandThatLoadsTheDirectoryFailsWithFileAndLine) {
  const std::vector<std::vector<std::string>> commands = {
      {"revision", "-m", "more"},
      {"merge", "-m", "merge", kBase, kEmail},
      {"heads"},
      {"branches"},
      {"history"},
      {"show", kBase},
      {"check", "--offline"},
      {"--url", "sqlite:///app.db", "upgrade", "head"},
      {"--url", "sqlite:///app.db", "upgrade", "head", "--sql"},
      {"--url", "sqlite:///app.db", "downgrade", "base"},
      {"--url", "sqlite:///app.db", "downgrade", "head:base", "--sql"},
      {"--url", "sqlite:///app.db", "current"},
      {"--url", "sqlite:///app.db", "stamp", "head"},
      {"--url", "sqlite:///app.db", "check"},
      {"--url", "sqlite:///app.db", "verify"},
  };
  for (const std::vector<std::string>& args : commands) {
    std::string joined;
    for (const std::string& a : args) joined += " " + a;
    SCOPED_TRACE("migrate" + joined);
    const ProcessResult r = Migrate(args);
    EXPECT_EQ(r.exit_code, 2) << r.Describe();
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err, std::string("error: ") + kMessage + "\n-- flavour: vanilla\n");
  }
  // Nothing was written: no new migration, no database.
  EXPECT_EQ(dir_.List("migrations").size(), 3u);
  EXPECT_FALSE(dir_.Exists("app.db"));
}

TEST_F(MalformedFileTest, JsonProblemNamesTheFileAndLine) {
  const ProcessResult r = Migrate({"--format", "json", "heads"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_EQ(r.err, "");
  const nlohmann::json doc = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(doc.is_discarded()) << r.out;
  EXPECT_EQ(doc["exit_code"], 2);
  ASSERT_EQ(doc["problems"].size(), 1u) << doc.dump(2);
  const nlohmann::json& problem = doc["problems"][0];
  EXPECT_EQ(problem["code"], "invalid_input");
  EXPECT_EQ(problem["file"], kBadFile);
  EXPECT_EQ(problem["line"], 5);
  EXPECT_EQ(problem["message"],
            "unknown header key 'flavour'; known keys are revision, down_revision, "
            "branch_labels, depends_on, extensions, transaction, lock_timeout, "
            "statement_timeout, noop, create_date and expect");
  EXPECT_EQ(problem["context"], nlohmann::json::array({"-- flavour: vanilla"}));
  EXPECT_EQ(problem["sqlstate"], nullptr);
  EXPECT_FALSE(doc.contains("heads"));
}

// --- JSON output ---------------------------------------------------------------

// Parses the whole of `out` as one JSON document; a gtest failure if it is not.
nlohmann::json ParseJson(const ProcessResult& r) {
  nlohmann::json doc = nlohmann::json::parse(r.out, nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(doc.is_discarded()) << "not one JSON document:\n" << r.Describe();
  return doc;
}

TEST_F(OfflineTest, HeadsAsJson) {
  TwoRevisions();
  const ProcessResult r = Migrate({"--format", "json", "heads"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.err, "");
  const nlohmann::json doc = ParseJson(r);
  EXPECT_EQ(doc["exit_code"], 0);
  EXPECT_EQ(doc["problems"], nlohmann::json::array());
  ASSERT_EQ(doc["heads"].size(), 1u) << doc.dump(2);
  const nlohmann::json& head = doc["heads"][0];
  EXPECT_EQ(head["revision"], kEmail);
  EXPECT_EQ(head["parents"], nlohmann::json::array({kBase}));
  EXPECT_EQ(head["children"], nlohmann::json::array());
  EXPECT_EQ(head["branch_labels"], nlohmann::json::array());
  EXPECT_EQ(head["depends_on"], nlohmann::json::array());
  EXPECT_EQ(head["message"], "add email");
  EXPECT_EQ(head["path"], "migrations/2b2b2b2b2b2b_add_email.sql");
  EXPECT_EQ(head["is_head"], true);
  EXPECT_EQ(head["is_base"], false);
  EXPECT_EQ(head["is_branch_point"], false);
  EXPECT_EQ(head["is_merge_point"], false);
  EXPECT_EQ(head["is_current"], false);
}

TEST_F(OfflineTest, HistoryAsJson) {
  Branched();
  ASSERT_EQ(Migrate({"merge", "-m", "merge", "heads", "--rev-id", kMerge}).exit_code, 0);
  const ProcessResult r = Migrate({"--format", "json", "history"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  const nlohmann::json doc = ParseJson(r);
  EXPECT_EQ(doc["exit_code"], 0);
  ASSERT_EQ(doc["history"].size(), 4u) << doc.dump(2);
  const nlohmann::json& merge = doc["history"][0];
  EXPECT_EQ(merge["revision"], kMerge);
  EXPECT_EQ(merge["parents"], nlohmann::json::array({kEmail, kPhone}));
  EXPECT_EQ(merge["is_merge_point"], true);
  EXPECT_EQ(merge["is_head"], true);
  const nlohmann::json& base = doc["history"][3];
  EXPECT_EQ(base["revision"], kBase);
  EXPECT_EQ(base["parents"], nlohmann::json::array());
  EXPECT_EQ(base["children"], nlohmann::json::array({kEmail, kPhone}));
  EXPECT_EQ(base["is_base"], true);
  EXPECT_EQ(base["is_branch_point"], true);
  EXPECT_EQ(base["is_head"], false);
}

TEST_F(OfflineTest, ShowAsJson) {
  TwoRevisions();
  ASSERT_EQ(Migrate({"db", "create"}).exit_code, 0);
  const ProcessResult r = Migrate({"--format", "json", "show", "1a1a"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  const nlohmann::json doc = ParseJson(r);
  EXPECT_EQ(doc["exit_code"], 0);
  EXPECT_EQ(doc["problems"], nlohmann::json::array());
  const nlohmann::json& rev = doc["revision"];
  EXPECT_EQ(rev["revision"], kBase);
  EXPECT_EQ(rev["parents"], nlohmann::json::array());
  EXPECT_EQ(rev["children"], nlohmann::json::array({kEmail}));
  EXPECT_EQ(rev["message"], "create customers");
  EXPECT_EQ(rev["path"], "migrations/1a1a1a1a1a1a_create_customers.sql");
  EXPECT_EQ(rev["is_base"], true);
  EXPECT_EQ(rev["is_head"], false);
}

TEST_F(OfflineTest, AmbiguousPrefixAsJson) {
  Init();
  Revision({"-m", "one", "--rev-id", "aaaa1111"});
  Revision({"-m", "two", "--rev-id", "aaaa2222"});
  const ProcessResult r = Migrate({"--format", "json", "show", "aaaa"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  const nlohmann::json doc = ParseJson(r);
  EXPECT_EQ(doc["exit_code"], 2);
  ASSERT_EQ(doc["problems"].size(), 1u) << doc.dump(2);
  EXPECT_EQ(doc["problems"][0]["code"], "invalid_input");
  EXPECT_EQ(doc["problems"][0]["message"],
            "Revision prefix 'aaaa' is ambiguous; it matches aaaa1111, aaaa2222");
  EXPECT_EQ(doc["problems"][0]["file"], nullptr);
  EXPECT_FALSE(doc.contains("revision"));
}

}  // namespace
}  // namespace migrate::cli_test
