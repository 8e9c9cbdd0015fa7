// End-to-end tests of `migrate db create|status|drop` and `upgrade
// --create-db`: the built binary against the test suite's PostgreSQL server
// (a role and database of each test's own, dropped afterwards; the
// administrator is the server's superuser) and against SQLite files. The
// application's password has a quote and a backslash in it; no output of
// any command may contain it.

#include <filesystem>
#include <memory>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_test.h"
#include "tests/support/server_admin.h"
#include "tests/support/test_database.h"

namespace migrate::cli_test {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kEncodedPassword = "pa%27ss%5Cw0rd-Cli";  // pa'ss\w0rd-Cli
constexpr const char* kRawPassword = "w0rd-Cli";  // the tail, which no output may show

// One line of db status's table, as the text reporter pads it.
std::string Row(const std::string& state, const std::string& name, const std::string& detail) {
  std::string line = "  " + state;
  line.resize(2 + 7, ' ');
  line += " " + name;
  line.resize(2 + 7 + 1 + 10, ' ');
  return line + "  " + detail + "\n";
}

class DbCommandsTest : public CliTest {
 protected:
  void SetUp() override {
    auto server = migrate::testing::ServerUrl();
    ASSERT_TRUE(server.has_value()) << server.error().ToString();
    admin_url_ = *server;
    auto admin = migrate::testing::ServerAdmin::Connect();
    ASSERT_TRUE(admin.has_value()) << admin.error().ToString();
    admin_ = *std::move(admin);
    host_port_ = admin_->HostPort();
    port_ = admin_->url().port();
    role_ = admin_->NewRole("cli_app");
    database_ = admin_->NewDatabase("cli_db");
    weak_ = admin_->NewRole("cli_weak");
    app_url_ = "postgresql://" + role_ + ":" + kEncodedPassword + "@" + host_port_ + "/" + database_;
    redacted_ = "postgresql://" + role_ + ":***@" + host_port_ + "/" + database_;
    WriteCustomersProject(dir_);
  }

  // `migrate --url APP [--admin-url ADMIN] args...`, MIGRATE_ADMIN_URL unset
  // unless `env` sets it; checks that the password shows nowhere.
  ProcessResult Run(const std::vector<std::string>& args, bool with_admin = true,
                    const Env& env = {}, const std::string& url = "") const {
    std::vector<std::string> argv = {"--url", url.empty() ? app_url_ : url};
    if (with_admin) argv.insert(argv.end(), {"--admin-url", admin_url_});
    argv.insert(argv.end(), args.begin(), args.end());
    Env full = {{"MIGRATE_ADMIN_URL", std::nullopt}};
    for (const auto& [name, value] : env) full[name] = value;
    ProcessResult r = Migrate(argv, full);
    EXPECT_EQ(r.out.find(kRawPassword), std::string::npos) << r.Describe();
    EXPECT_EQ(r.err.find(kRawPassword), std::string::npos) << r.Describe();
    return r;
  }

  void Sql(const std::string& sql) { admin_->Sql(sql); }
  bool RoleExists() { return admin_->RoleExists(role_); }
  bool DatabaseExists() { return admin_->DatabaseExists(database_); }

  std::string Created() const {
    return "Created role " + role_ + " (LOGIN, with the URL's password)\n"
           "Created database " + database_ + " owned by " + role_ + "\n" + Verified();
  }
  std::string Verified() const {
    return "Verified: role " + role_ + " logs in to database " + database_ +
           " and creates tables in schema public\n";
  }

  std::string admin_url_, host_port_, port_, role_, database_, weak_, app_url_, redacted_;
  std::unique_ptr<migrate::testing::ServerAdmin> admin_;
};

TEST_F(DbCommandsTest, FromNothingCreateThenUpgradeHead) {
  ASSERT_FALSE(RoleExists());
  const ProcessResult create = Run({"db", "create"});
  EXPECT_EQ(create.exit_code, 0) << create.Describe();
  EXPECT_EQ(create.out, Created());
  EXPECT_EQ(create.err, "");

  const ProcessResult upgrade = Run({"upgrade", "head"}, /*with_admin=*/false);
  EXPECT_EQ(upgrade.exit_code, 0) << upgrade.Describe();
  EXPECT_THAT(ResultLines(MaskDurations(upgrade.out)),
              ElementsAre("✓ applied  3f1c0a9e2b10  TIME  create customers  ✓ 1 table verified",
                          "✓ applied  7d4e2a1c9b20  TIME  add email  ✓ 1 column verified",
                          "✓ applied  c08b5e3f7a30  TIME  create orders  ✓ 1 index, 1 table verified",
                          "Applied 3 migrations in TIME."));
}

TEST_F(DbCommandsTest, SecondCreateIsANoOpAndSaysSo) {
  ASSERT_EQ(Run({"db", "create"}).exit_code, 0);
  const ProcessResult again = Run({"db", "create"});
  EXPECT_EQ(again.exit_code, 0) << again.Describe();
  EXPECT_EQ(again.out, "Role " + role_ + " already exists\nDatabase " + database_ +
                           " already exists, owned by " + role_ + "\n" + Verified() +
                           "Nothing to create: role " + role_ + " and database " + database_ +
                           " were ready\n");
}

TEST_F(DbCommandsTest, ExistingRoleGetsOnlyItsDatabase) {
  Sql("CREATE ROLE \"" + role_ + "\" LOGIN PASSWORD 'pa''ss\\w0rd-Cli'");
  const ProcessResult create = Run({"db", "create"});
  EXPECT_EQ(create.exit_code, 0) << create.Describe();
  EXPECT_EQ(create.out, "Role " + role_ + " already exists\nCreated database " + database_ +
                            " owned by " + role_ + "\n" + Verified());
}

TEST_F(DbCommandsTest, TheAdminUrlMayComeFromTheEnvironment) {
  const ProcessResult create =
      Run({"db", "create"}, /*with_admin=*/false, {{"MIGRATE_ADMIN_URL", admin_url_}});
  EXPECT_EQ(create.exit_code, 0) << create.Describe();
  EXPECT_EQ(create.out, Created());
}

TEST_F(DbCommandsTest, AnAdminWithoutCreateroleAndCreatedbIsRefusedAndNothingIsCreated) {
  Sql("CREATE ROLE \"" + weak_ + "\" LOGIN PASSWORD 'weak'");
  const std::string weak_url = "postgresql://" + weak_ + ":weak@" + host_port_ + "/postgres";
  const ProcessResult create = Run({"--admin-url", weak_url, "db", "create"}, false);
  EXPECT_EQ(create.exit_code, 1) << create.Describe();
  EXPECT_EQ(create.out, "");
  EXPECT_EQ(create.err,
            "error: cannot create role " + role_ + " and database " + database_ +
                ": the administrative role " + weak_ + " (postgresql://" + weak_ + ":***@" +
                host_port_ + "/postgres) lacks CREATEROLE (to create role " + role_ +
                ") and CREATEDB (to create database " + database_ +
                "); nothing was created\n"
                "fix: pass --admin-url (or set MIGRATE_ADMIN_URL) naming a role that may create "
                "roles and databases, e.g. postgresql://postgres@HOST:PORT/postgres, or as a "
                "superuser run: ALTER ROLE \"" + weak_ + "\" CREATEROLE CREATEDB;\n");
  EXPECT_FALSE(RoleExists());
  EXPECT_FALSE(DatabaseExists());
}

TEST_F(DbCommandsTest, EightConcurrentCreatesAllSucceedAndCreateEachThingOnce) {
  constexpr int kWorkers = 8;
  std::vector<ProcessResult> results(kWorkers);
  std::vector<std::thread> threads;
  for (int i = 0; i < kWorkers; ++i) {
    threads.emplace_back([this, &results, i] {
      ProcessOptions options;
      options.cwd = dir_.path();
      options.env = {{"NO_COLOR", "1"}, {"DATABASE_URL", std::nullopt},
                     {"MIGRATE_ADMIN_URL", std::nullopt}};
      results[i] = RunProcess(
          {MigrateBinary(), "--url", app_url_, "--admin-url", admin_url_, "db", "create"}, options);
    });
  }
  for (std::thread& t : threads) t.join();
  int created_role = 0;
  int created_database = 0;
  for (const ProcessResult& r : results) {
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    EXPECT_EQ(r.err, "");
    EXPECT_THAT(r.out, HasSubstr(Verified()));
    EXPECT_EQ(r.out.find(kRawPassword), std::string::npos);
    if (r.out.find("Created role") != std::string::npos) ++created_role;
    if (r.out.find("Created database") != std::string::npos) ++created_database;
  }
  EXPECT_EQ(created_role, 1);
  EXPECT_EQ(created_database, 1);
  EXPECT_TRUE(RoleExists());
  EXPECT_TRUE(DatabaseExists());
}

TEST_F(DbCommandsTest, StatusNamesEachBrokenLinkInTurn) {
  const std::string not_checked_login = Row("-", "login", "not checked");
  const std::string not_checked_db = Row("-", "database", "not checked");
  const std::string not_checked_priv = Row("-", "privileges", "not checked");
  const std::string server_ok = Row("ok", "server", host_port_ + " answers");
  const std::string role_ok = Row("ok", "role", "role " + role_ + " exists");

  // 1. Nothing listens on the port.
  const std::string nowhere =
      "postgresql://" + role_ + ":" + kEncodedPassword + "@127.0.0.1:1/" + database_;
  ProcessResult r = Run({"db", "status"}, false, {}, nowhere);
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  const std::string refused =
      "no answer from 127.0.0.1:1: connection to server at \"127.0.0.1\", port 1 failed: "
      "Connection refused";
  EXPECT_EQ(r.out, Row("FAILED", "server", refused) + Row("-", "role", "not checked") +
                       not_checked_login + not_checked_db + not_checked_priv);
  EXPECT_EQ(r.err, "error: database not ready (server): " + refused +
                       "\nfix: start the server, or correct the host and port in the URL; in an "
                       "entrypoint, `migrate --wait 60 wait` waits for it\n");

  // 2. The role does not exist.
  r = Run({"db", "status"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_EQ(r.out, server_ok + Row("FAILED", "role", "role " + role_ + " does not exist") +
                       not_checked_login + not_checked_db + not_checked_priv);
  EXPECT_EQ(r.err, "error: database not ready (role): role " + role_ +
                       " does not exist\nfix: run `migrate db create` (with --admin-url naming a "
                       "role that may create roles, if the URL's own role cannot)\n");

  // 3. The password is wrong.
  Sql("CREATE ROLE \"" + role_ + "\" LOGIN PASSWORD 'another'");
  r = Run({"db", "status"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  const std::string rejected = "the server rejected the password of role " + role_ +
                               ": connection to server at \"127.0.0.1\", port " + port_ +
                               " failed: FATAL:  password authentication failed for user \"" +
                               role_ + "\"";
  EXPECT_EQ(r.out, server_ok + role_ok + Row("FAILED", "login", rejected) + not_checked_db +
                       not_checked_priv);
  EXPECT_EQ(r.err, "error: database not ready (login): " + rejected +
                       "\nfix: check the password in the URL (it is not shown), and the METHOD "
                       "of the pg_hba.conf line that matches role " + role_ + ", database " +
                       database_ + " and this client's address (scram-sha-256 and md5 check "
                       "the password; an old md5 hash cannot pass scram-sha-256: set the "
                       "password again with ALTER ROLE \"" + role_ + "\" PASSWORD '...')\n");

  // 4. The database is missing.
  Sql("ALTER ROLE \"" + role_ + "\" PASSWORD 'pa''ss\\w0rd-Cli'");
  r = Run({"db", "status"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_EQ(r.out, server_ok + role_ok + Row("ok", "login", "role " + role_ + " logs in") +
                       Row("FAILED", "database", "database " + database_ + " does not exist") +
                       not_checked_priv);
  EXPECT_EQ(r.err, "error: database not ready (database): database " + database_ +
                       " does not exist\nfix: run `migrate db create`\n");

  // 5. No CREATE on public (PostgreSQL 15's default for a database the role does not own).
  Sql("CREATE DATABASE \"" + database_ + "\"");
  r = Run({"db", "status"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  const std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 5u) << r.out;
  EXPECT_THAT(lines[0], ::testing::MatchesRegex("  ok      server      127\\.0\\.0\\.1:[0-9]+ "
                                                "answers \\(PostgreSQL 15\\.[0-9]+\\)"));
  EXPECT_EQ(lines[3] + "\n", Row("ok", "database", "database " + database_ + " exists"));
  const std::string no_create = "role " + role_ +
                                " may not create objects in schema public (PostgreSQL 15 no "
                                "longer grants CREATE on public to everyone)";
  EXPECT_EQ(lines[4] + "\n", Row("FAILED", "privileges", no_create));
  EXPECT_EQ(r.err, "error: database not ready (privileges): " + no_create +
                       "\nfix: run `migrate db create`, or as the schema's owner or a "
                       "superuser: GRANT USAGE, CREATE ON SCHEMA \"public\" TO \"" + role_ +
                       "\";\n");

  // db create mends it: it only grants what was missing.
  r = Run({"db", "create"});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.out, "Role " + role_ + " already exists\nDatabase " + database_ +
                       " already exists, owned by postgres\nGranted CREATE on schema public to " +
                       role_ + "\n" + Verified());
  r = Run({"db", "status"});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_THAT(r.out, ::testing::EndsWith(
                         Row("ok", "privileges", "role " + role_ +
                                                     " may create objects in schema public") +
                         "Ready for migrations: " + redacted_ + "\n"));
  EXPECT_EQ(r.err, "");
}

TEST_F(DbCommandsTest, StatusAsJson) {
  const ProcessResult r = Run({"--format", "json", "db", "status"});
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_EQ(r.err, "");
  const nlohmann::json doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc["exit_code"], 1);
  ASSERT_EQ(doc["checks"].size(), 5u);
  EXPECT_EQ(doc["checks"][1],
            (nlohmann::json{{"name", "role"},
                            {"state", "failed"},
                            {"detail", "role " + role_ + " does not exist"},
                            {"fix", "run `migrate db create` (with --admin-url naming a role "
                                    "that may create roles, if the URL's own role cannot)"}}));
  EXPECT_EQ(doc["checks"][2]["state"], "not_checked");
  EXPECT_EQ(doc["checks"][2]["fix"], nullptr);
  EXPECT_EQ(doc["problems"][0]["code"], "failed_precondition");
  EXPECT_EQ(doc["problems"][0]["message"],
            "database not ready (role): role " + role_ + " does not exist");
}

TEST_F(DbCommandsTest, DropRefusesWithoutForceAndLeavesTheDatabase) {
  ASSERT_EQ(Run({"db", "create"}).exit_code, 0);
  ProcessResult r = Run({"db", "drop"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_EQ(r.err, "error: db drop removes the database " + redacted_ +
                       " and everything in it; it is meant for test environments: pass --force "
                       "to do it\n");
  EXPECT_TRUE(DatabaseExists());

  r = Run({"db", "drop", "--force"});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.out, "Dropped database " + database_ + " (role " + role_ + " is kept)\n");
  EXPECT_FALSE(DatabaseExists());
  EXPECT_TRUE(RoleExists());
}

TEST_F(DbCommandsTest, UpgradeWithCreateDbCreatesThenUpgrades) {
  const ProcessResult r = Run({"upgrade", "head", "--create-db"});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.err, "");
  EXPECT_THAT(MaskDurations(r.out),
              ::testing::StartsWith(Created() + "→ 3f1c0a9e2b10 create customers\n"
                                               "✓ applied  3f1c0a9e2b10  TIME  create customers"));
  EXPECT_THAT(MaskDurations(r.out), ::testing::EndsWith("Applied 3 migrations in TIME.\n"));
  // And on every later start it only checks.
  const ProcessResult again = Run({"upgrade", "head", "--create-db"});
  EXPECT_EQ(again.exit_code, 0) << again.Describe();
  EXPECT_EQ(again.out, "Role " + role_ + " already exists\nDatabase " + database_ +
                           " already exists, owned by " + role_ + "\n" + Verified() +
                           "Nothing to create: role " + role_ + " and database " + database_ +
                           " were ready\nNothing to upgrade: the database is already at the "
                           "target.\n");
}

TEST_F(DbCommandsTest, UpgradeWithCreateDbAndSqlIsBadUsage) {
  const ProcessResult r = Run({"upgrade", "head", "--create-db", "--sql"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_EQ(r.err,
            "error: upgrade --create-db needs the database, and --sql does not connect to it; "
            "run `migrate db create` where the script will run\n");
  EXPECT_FALSE(RoleExists());
}

TEST_F(DbCommandsTest, ARefusedLoginOnAnyCommandNamesRoleAndServerAndWhatToCheck) {
  Sql("CREATE ROLE \"" + role_ + "\" LOGIN PASSWORD 'another'");
  const ProcessResult r = Run({"current"}, false);
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_EQ(r.err, "error: cannot connect to " + redacted_ + ": connection to server at "
                   "\"127.0.0.1\", port " + port_ + " failed: FATAL:  password authentication "
                   "failed for user \"" + role_ + "\"\n"
                   "hint: role " + role_ + " could not log in to " + host_port_ + " (database " +
                   database_ + "): check that the role exists and the password in the URL (not "
                   "shown), and the METHOD of the pg_hba.conf line that matches this role, "
                   "database and client address (`migrate db status` tells a missing role from "
                   "a wrong password)\n");
}

// --- SQLite ------------------------------------------------------------------

TEST_F(DbCommandsTest, SqliteCreateStatusAndDrop) {
  const std::string url = "sqlite:///data/app.db";
  const std::string path = "data/app.db";
  ProcessResult r = Run({"db", "create"}, false, {}, url);
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.out, "Created folder data\nCreated SQLite database " + path +
                       "\nVerified: opened " + path + " and wrote the version tables' schema\n");
  EXPECT_TRUE(std::filesystem::exists(dir_.Path(path)));

  r = Run({"db", "status"}, false, {}, url);
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.out, Row("ok", "file", path + " exists") +
                       Row("ok", "database", path + " is a SQLite database") +
                       Row("ok", "write", "this user may write " + path + " and its folder") +
                       "Ready for migrations: " + url + "\n");

  r = Run({"upgrade", "head"}, false, {}, url);
  EXPECT_EQ(r.exit_code, 0) << r.Describe();

  r = Run({"db", "drop"}, false, {}, url);
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_TRUE(std::filesystem::exists(dir_.Path(path)));
  r = Run({"db", "drop", "--force"}, false, {}, url);
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.out, "Removed SQLite database " + path + "\n");
  EXPECT_FALSE(std::filesystem::exists(dir_.Path(path)));

  r = Run({"db", "status"}, false, {}, url);
  EXPECT_EQ(r.exit_code, 1) << r.Describe();
  EXPECT_EQ(r.out, Row("FAILED", "file", path + " does not exist") +
                       Row("-", "database", "not checked") + Row("-", "write", "not checked"));
  EXPECT_EQ(r.err, "error: database not ready (file): " + path +
                       " does not exist\nfix: run `migrate db create`\n");
}

TEST_F(DbCommandsTest, DbWithoutASubcommandIsBadUsage) {
  const ProcessResult r = Run({"db"}, false);
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_EQ(r.err,
            "error: `migrate db` needs a command: create, status, drop\n"
            "Run with --help for more information.\n");
}

}  // namespace
}  // namespace migrate::cli_test
