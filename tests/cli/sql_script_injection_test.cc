// End-to-end: `upgrade --sql` / `downgrade --sql` scripts cannot be
// injected. A migration file whose name holds a line break followed by
// `DROP TABLE users;`, and a message full of other line terminators, must
// stay inside the script's comments. Each script is fed to the real
// database (sqlite3, psql) and the test checks what the database holds:
// `users` is still there, the migrations' own statements ran.

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/cli/cli_test.h"
#include "tests/cli/database_probe.h"
#include "tests/support/test_database.h"

namespace migrate::cli_test {
namespace {

using ::testing::ElementsAre;
using migrate::testing::Backend;
using migrate::testing::TestDatabase;

constexpr const char* kUsersRev = "a1b2c3d4e5f6";
constexpr const char* kHostileRev = "f6e5d4c3b2a1";
constexpr const char* kInjected = "DROP TABLE users;";

// A file name, a message and a folder name that each try to end a comment.
const std::string kHostileFile = std::string("migrations/") + kHostileRev + "_x\n" + kInjected +
                                 "\n--.sql";
const std::string kHostileMessage = std::string("things \v ") + kInjected + " \f " + kInjected +
                                    " \xe2\x80\xa8 " + kInjected + " \xe2\x80\xa9 \xc2\x85 " +
                                    kInjected + " */ it's a \\ path";

class SqlScriptInjectionTest : public CliTest, public ::testing::WithParamInterface<Backend> {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create(GetParam());
    ASSERT_NE(db_, nullptr);
    dir_.Write(std::string("migrations/") + kUsersRev + "_users.sql",
               MigrationText("create users", kUsersRev, "",
                             "CREATE TABLE users (id integer PRIMARY KEY);\n",
                             "DROP TABLE users;\n"));
    dir_.Write(kHostileFile, MigrationText(kHostileMessage, kHostileRev, kUsersRev,
                                           "CREATE TABLE things (id integer);\n",
                                           "DROP TABLE things;\n"));
  }

  // The script of `args` (which must succeed). Neither direction has a
  // reason to drop users: every line that mentions it is a comment.
  std::string Script(const std::vector<std::string>& args) const {
    const ProcessResult r = MigrateWithUrl(db_->url(), args);
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    for (const std::string& line : Lines(r.out)) {
      if (line.find("DROP TABLE users") != std::string::npos) {
        EXPECT_EQ(line.rfind("-- ", 0), 0u) << line;
      }
    }
    return r.out;
  }

  // Runs `script` in the test database; it must succeed.
  void Apply(const std::string& script) const {
    const ProcessResult r = DatabaseProbe::ForUrl(db_->url()).RunScript(script);
    ASSERT_EQ(r.exit_code, 0) << r.Describe() << "\nscript:\n" << script;
  }

  std::vector<std::string> Tables() const {
    return DatabaseProbe::ForUrl(db_->url()).Tables();
  }

  std::unique_ptr<TestDatabase> db_;
};

TEST_P(SqlScriptInjectionTest, HostileNamesAndMessagesStayInComments) {
  const std::string up = Script({"upgrade", "head", "--sql"});
  // The hostile text is there, escaped, on one comment line.
  EXPECT_NE(up.find(std::string("-- upgrade ") + kHostileRev + ": things \\x0b " + kInjected +
                    " \\x0c " + kInjected + " \\u2028 " + kInjected + " \\u2029 \\u0085 " +
                    kInjected + " */ it's a \\\\ path (migrations/" + kHostileRev + "_x\\n" +
                    kInjected + "\\n--.sql)\n"),
            std::string::npos)
      << up;
  Apply(up);
  EXPECT_THAT(Tables(), ElementsAre("migrate_history", "migrate_version", "things", "users"));
  EXPECT_THAT(DatabaseProbe::ForUrl(db_->url()).VersionRows(), ElementsAre(kHostileRev));

  // Reverting the hostile migration drops things, never users.
  Apply(Script({"downgrade", std::string(kHostileRev) + ":" + kUsersRev, "--sql"}));
  EXPECT_THAT(Tables(), ElementsAre("migrate_history", "migrate_version", "users"));
  EXPECT_THAT(DatabaseProbe::ForUrl(db_->url()).VersionRows(), ElementsAre(kUsersRev));
}

TEST_P(SqlScriptInjectionTest, AHostileMigrationsFolderStaysInComments) {
  const std::string folder = std::string("mig\n") + kInjected + "\n-- ";
  dir_.Write(folder + "/" + kUsersRev + "_users.sql",
             MigrationText("create users", kUsersRev, "",
                           "CREATE TABLE users (id integer PRIMARY KEY);\n",
                           "DROP TABLE users;\n"));
  dir_.Write(folder + "/" + kHostileRev + "_things.sql",
             MigrationText("things", kHostileRev, kUsersRev, "CREATE TABLE things (id integer);\n",
                           "DROP TABLE things;\n"));
  dir_.Write("migrate.toml", "[migrate]\nscript_location = \"mig\\n" + std::string(kInjected) +
                                 "\\n-- \"\n");
  Apply(Script({"upgrade", "head", "--sql"}));
  EXPECT_THAT(Tables(), ElementsAre("migrate_history", "migrate_version", "things", "users"));
}

INSTANTIATE_TEST_SUITE_P(Backends, SqlScriptInjectionTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgresql),
                         [](const ::testing::TestParamInfo<Backend>& param_info) {
                           return migrate::testing::BackendName(param_info.param);
                         });

}  // namespace
}  // namespace migrate::cli_test
