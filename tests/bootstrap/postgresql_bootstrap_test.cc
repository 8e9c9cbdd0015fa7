// bootstrap:: on the test suite's real PostgreSQL server: creating a role
// and database from nothing, idempotently, as administrators with and
// without the privileges it takes; dropping; and the db status chain, one
// broken link at a time. Every test uses role and database names of its
// own (dropped afterwards), and a password with a quote and a backslash in
// it, which no output may ever contain.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "migrator/bootstrap/bootstrap.h"
#include "migrator/db/open.h"
#include "tests/support/server_admin.h"

namespace migrate::bootstrap {
namespace {

using report::DatabaseCheck;
using State = report::DatabaseCheck::State;
using ::testing::ElementsAre;

// Contains ' and \, so quoting mistakes show; percent-encoded in URLs.
constexpr const char* kPassword = "s3cr'et\\pw-Bootstrap";
constexpr const char* kEncodedPassword = "s3cr%27et%5Cpw-Bootstrap";

db::DatabaseUrl MustParse(const std::string& url) {
  auto parsed = db::DatabaseUrl::Parse(url, "");
  EXPECT_TRUE(parsed.has_value()) << parsed.error().ToString();
  return *std::move(parsed);
}

std::string Describe(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

class PostgresqlBootstrapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto admin = testing::ServerAdmin::Connect();
    ASSERT_TRUE(admin.has_value()) << admin.error().ToString();
    admin_ = *std::move(admin);
    server_ = admin_->url();
    role_ = admin_->NewRole("bt_app");
    database_ = admin_->NewDatabase("bt_db");
    weak_ = admin_->NewRole("bt_weak");
    creator_ = admin_->NewRole("bt_creator");
    maintenance_ = admin_->NewDatabase("bt_maint");
    options_.connect = [](const db::DatabaseUrl& url) { return db::Open(url); };
    options_.lock_timeout = std::chrono::seconds(30);
  }

  std::string HostPort() const { return admin_->HostPort(); }

  /// The application URL: role_ with kPassword on database_.
  db::DatabaseUrl App(const std::string& password = kEncodedPassword) const {
    return MustParse("postgresql://" + role_ + ":" + password + "@" + HostPort() + "/" + database_);
  }
  /// A URL for `role` (password `password`) on the postgres database.
  db::DatabaseUrl As(const std::string& role, const std::string& password) const {
    return MustParse("postgresql://" + role + ":" + password + "@" + HostPort() + "/postgres");
  }

  void Sql(const std::string& sql) { admin_->Sql(sql); }
  bool RoleExists() { return admin_->RoleExists(role_); }
  bool DatabaseExists() { return admin_->DatabaseExists(database_); }

  std::string VerifiedLine() const {
    return "Verified: role " + role_ + " logs in to database " + database_ +
           " and creates tables in schema public";
  }

  static void ExpectNoPassword(const std::string& text) {
    EXPECT_EQ(text.find("s3cr"), std::string::npos) << text;
    EXPECT_EQ(text.find("Bootstrap"), std::string::npos) << text;
  }

  db::DatabaseUrl server_ = MustParse("postgresql://x@localhost/postgres");
  std::unique_ptr<testing::ServerAdmin> admin_;
  Options options_;
  std::string role_, database_, weak_, creator_, maintenance_;

  // Runs CreateDatabase from `workers` threads at once, half of them
  // administering through the postgres database and half through another,
  // so that the bootstrap lock (per database) does not serialise them and
  // their CREATE and GRANT statements really race. Returns every outcome.
  std::vector<base::Result<Outcome>> CreateRacing(int workers) {
    Sql("CREATE DATABASE \"" + maintenance_ + "\"");
    const db::DatabaseUrl other = server_.WithDatabase(maintenance_);
    std::vector<std::optional<base::Result<Outcome>>> slots(workers);
    std::vector<std::thread> threads;
    for (int i = 0; i < workers; ++i) {
      const db::DatabaseUrl admin = i % 2 == 0 ? server_ : other;
      threads.emplace_back(
          [this, admin, i, &slots] { slots[i] = CreateDatabase(App(), admin, options_); });
    }
    for (std::thread& t : threads) t.join();
    std::vector<base::Result<Outcome>> results;
    for (auto& slot : slots) results.push_back(*std::move(slot));
    return results;
  }
};

TEST_F(PostgresqlBootstrapTest, CreatesRoleDatabaseAndPrivilegesFromNothing) {
  ASSERT_FALSE(RoleExists());
  auto outcome = CreateDatabase(App(), server_, options_);
  ASSERT_TRUE(outcome.has_value()) << outcome.error().ToString();
  EXPECT_THAT(outcome->steps,
              ElementsAre("Created role " + role_ + " (LOGIN, with the URL's password)",
                          "Created database " + database_ + " owned by " + role_, VerifiedLine()));
  EXPECT_TRUE(outcome->changed);
  ExpectNoPassword(Describe(outcome->steps));

  // The application can now log in with the URL's password and owns its database.
  auto conn = db::Open(App());
  ASSERT_TRUE(conn.has_value()) << conn.error().ToString();
  auto owner = (*conn)->Query(
      "SELECT pg_get_userbyid(datdba)::text FROM pg_database WHERE datname = current_database()");
  ASSERT_TRUE(owner.has_value());
  EXPECT_EQ(owner->rows.at(0).at(0), role_);
  EXPECT_TRUE((*conn)->Execute("CREATE TABLE t (id int)").ok());
}

TEST_F(PostgresqlBootstrapTest, SecondCreateIsANoOp) {
  ASSERT_TRUE(CreateDatabase(App(), server_, options_).has_value());
  std::vector<std::string> told;
  options_.on_step = [&told](const std::string& step) { told.push_back(step); };
  auto again = CreateDatabase(App(), server_, options_);
  ASSERT_TRUE(again.has_value()) << again.error().ToString();
  EXPECT_THAT(
      again->steps,
      ElementsAre("Role " + role_ + " already exists",
                  "Database " + database_ + " already exists, owned by " + role_, VerifiedLine()));
  EXPECT_FALSE(again->changed);
  EXPECT_EQ(told, again->steps) << "each step is told as it is done";
}

TEST_F(PostgresqlBootstrapTest, ExistingRoleGetsOnlyItsDatabase) {
  Sql("CREATE ROLE \"" + role_ + "\" LOGIN PASSWORD 's3cr''et\\pw-Bootstrap'");
  auto outcome = CreateDatabase(App(), server_, options_);
  ASSERT_TRUE(outcome.has_value()) << outcome.error().ToString();
  EXPECT_THAT(outcome->steps,
              ElementsAre("Role " + role_ + " already exists",
                          "Created database " + database_ + " owned by " + role_, VerifiedLine()));
}

TEST_F(PostgresqlBootstrapTest, ExistingDatabaseOfAnotherOwnerGetsCreateOnPublic) {
  Sql("CREATE DATABASE \"" + database_ + "\"");  // owned by postgres
  auto outcome = CreateDatabase(App(), server_, options_);
  ASSERT_TRUE(outcome.has_value()) << outcome.error().ToString();
  EXPECT_THAT(outcome->steps,
              ElementsAre("Created role " + role_ + " (LOGIN, with the URL's password)",
                          "Database " + database_ + " already exists, owned by postgres",
                          "Granted CREATE on schema public to " + role_, VerifiedLine()));
}

TEST_F(PostgresqlBootstrapTest, AdminWithoutPrivilegesIsRefusedAndNothingIsCreated) {
  Sql("CREATE ROLE \"" + weak_ + "\" LOGIN PASSWORD 'weak'");
  const db::DatabaseUrl admin = As(weak_, "weak");
  auto outcome = CreateDatabase(App(), admin, options_);
  ASSERT_FALSE(outcome.has_value());
  EXPECT_EQ(outcome.error().code(), base::StatusCode::kFailedPrecondition);
  EXPECT_EQ(outcome.error().ToString(),
            "cannot create role " + role_ + " and database " + database_ +
                ": the administrative role " + weak_ + " (" + admin.Redacted() +
                ") lacks CREATEROLE (to create role " + role_ +
                ") and CREATEDB (to create "
                "database " +
                database_ +
                "); nothing was created\n"
                "fix: pass --admin-url (or set MIGRATE_ADMIN_URL) naming a role that may create "
                "roles and databases, e.g. postgresql://postgres@HOST:PORT/postgres, or as a "
                "superuser run: ALTER ROLE \"" +
                weak_ + "\" CREATEROLE CREATEDB;");
  EXPECT_FALSE(RoleExists());
  EXPECT_FALSE(DatabaseExists());
}

TEST_F(PostgresqlBootstrapTest, AdminWithCreatedbButNotCreateroleIsRefusedNamingCreaterole) {
  Sql("CREATE ROLE \"" + weak_ + "\" LOGIN CREATEDB PASSWORD 'weak'");
  const db::DatabaseUrl admin = As(weak_, "weak");
  auto outcome = CreateDatabase(App(), admin, options_);
  ASSERT_FALSE(outcome.has_value());
  EXPECT_EQ(outcome.error().message(),
            "cannot create role " + role_ + " and database " + database_ +
                ": the administrative role " + weak_ + " (" + admin.Redacted() +
                ") lacks CREATEROLE (to create role " + role_ + "); nothing was created");
  EXPECT_FALSE(RoleExists());
  EXPECT_FALSE(DatabaseExists());
}

TEST_F(PostgresqlBootstrapTest, ExistingRoleTheAdminCannotActAsIsRefused) {
  Sql("CREATE ROLE \"" + role_ + "\" LOGIN PASSWORD 'x'");
  Sql("CREATE ROLE \"" + weak_ + "\" LOGIN CREATEDB PASSWORD 'weak'");
  auto outcome = CreateDatabase(App(), As(weak_, "weak"), options_);
  ASSERT_FALSE(outcome.has_value());
  EXPECT_THAT(outcome.error().ToString(),
              ::testing::HasSubstr("lacks membership in role " + role_ +
                                   " (to make it the owner of database " + database_ +
                                   "); nothing was created\nfix: "));
  EXPECT_THAT(outcome.error().ToString(), ::testing::EndsWith("or as a superuser run: GRANT \"" +
                                                              role_ + "\" TO \"" + weak_ + "\";"));
  EXPECT_FALSE(DatabaseExists());
}

TEST_F(PostgresqlBootstrapTest, NonSuperuserWithCreateroleAndCreatedbCreatesEverything) {
  Sql("CREATE ROLE \"" + creator_ + "\" LOGIN CREATEROLE CREATEDB PASSWORD 'creator'");
  auto outcome = CreateDatabase(App(), As(creator_, "creator"), options_);
  ASSERT_TRUE(outcome.has_value()) << outcome.error().ToString();
  EXPECT_THAT(outcome->steps,
              ElementsAre("Created role " + role_ + " (LOGIN, with the URL's password)",
                          "Created database " + database_ + " owned by " + role_, VerifiedLine()));
  // The membership it borrowed to name the owner is given back.
  auto member = admin_->connection().Query("SELECT pg_has_role($1, $2, 'MEMBER')", {creator_, role_});
  ASSERT_TRUE(member.has_value());
  EXPECT_EQ(member->rows.at(0).at(0), "f");
}

// The test server's log (pg_cluster.sh writes its folder to DIR/base).
std::string ServerLogPath() {
  const char* dir = std::getenv("MIGRATE_TEST_PG_DIR");
  std::ifstream base_file(std::string(dir == nullptr ? "" : dir) + "/base");
  std::string base;
  std::getline(base_file, base);
  return base + "/server.log";
}

std::string ReadFrom(const std::string& path, std::streamoff offset) {
  std::ifstream in(path, std::ios::binary);
  in.seekg(offset);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The server receives a SCRAM verifier, never the password: an administrator
// whose DDL the server logs leaves no password in the log (nor would
// pg_stat_activity show one), and the role still logs in with the password.
TEST_F(PostgresqlBootstrapTest, CreateRoleSendsTheServerAVerifierNotThePassword) {
  Sql("CREATE ROLE \"" + creator_ + "\" LOGIN CREATEROLE CREATEDB PASSWORD 'creator'");
  Sql("ALTER ROLE \"" + creator_ + "\" SET log_statement = 'ddl'");
  const std::string log_path = ServerLogPath();
  const std::streamoff log_start = std::filesystem::file_size(log_path);

  auto outcome = CreateDatabase(App(), As(creator_, "creator"), options_);
  ASSERT_TRUE(outcome.has_value()) << outcome.error().ToString();

  const std::string log = ReadFrom(log_path, log_start);
  EXPECT_NE(log.find("CREATE ROLE \"" + role_ + "\" LOGIN PASSWORD E'SCRAM-SHA-256$"), std::string::npos)
      << "the server logged no CREATE ROLE with a verifier:\n" << log;
  ExpectNoPassword(log);
  EXPECT_TRUE(db::Open(App()).has_value()) << "the role cannot log in with the URL's password";
}

TEST_F(PostgresqlBootstrapTest, ExistingRoleWithAnotherPasswordFailsVerificationNamingTheStep) {
  Sql("CREATE ROLE \"" + role_ + "\" LOGIN PASSWORD 'another'");
  auto outcome = CreateDatabase(App(), server_, options_);
  ASSERT_FALSE(outcome.has_value());
  const db::DatabaseUrl app = App();
  EXPECT_EQ(outcome.error().ToString(),
            "verification failed: role " + role_ + " cannot log in to database " + database_ +
                ": cannot connect to " + app.Redacted() + ": connection to server at \"" +
                server_.host() + "\", port " + server_.port() +
                " failed: FATAL:  password authentication failed for user \"" + role_ +
                "\"\n"
                "hint: role " +
                role_ + " could not log in to " + HostPort() + " (database " + database_ +
                "): check that the role exists and the password in the URL (not "
                "shown), and the METHOD of the pg_hba.conf line that matches this role, database "
                "and client address (`migrate db status` tells a missing role from a wrong "
                "password)\n"
                "fix: an existing role keeps its password: make the URL's password the role's, or "
                "as an administrator run ALTER ROLE \"" +
                role_ +
                "\" PASSWORD '...'; and check "
                "the pg_hba.conf line that matches this role, database and client address");
  ExpectNoPassword(outcome.error().ToString());
  EXPECT_TRUE(DatabaseExists()) << "the steps before verification took effect";
}

TEST_F(PostgresqlBootstrapTest, AdminThatCannotConnectNamesTheStep) {
  const db::DatabaseUrl admin = As(role_, kEncodedPassword);  // the role does not exist yet
  auto outcome = CreateDatabase(App(), admin, options_);
  ASSERT_FALSE(outcome.has_value());
  EXPECT_THAT(outcome.error().message(),
              ::testing::StartsWith("cannot create database " + database_ +
                                    ": cannot connect as the administrator: cannot connect to " +
                                    admin.Redacted() + ": "));
  EXPECT_THAT(outcome.error().ToString(),
              ::testing::EndsWith("\nfix: pass --admin-url (or set MIGRATE_ADMIN_URL) naming a "
                                  "role that may create roles and databases, e.g. "
                                  "postgresql://postgres@HOST:PORT/postgres"));
  ExpectNoPassword(outcome.error().ToString());
}

TEST_F(PostgresqlBootstrapTest, AUrlWithoutDatabaseOrRoleIsBadInput) {
  auto no_db = CreateDatabase(MustParse("postgresql://app:pw@" + HostPort()), server_, options_);
  ASSERT_FALSE(no_db.has_value());
  EXPECT_EQ(no_db.error().ToString(),
            "the database URL postgresql://app:***@" + HostPort() +
                " names no database: write postgresql://ROLE:PASSWORD@HOST:PORT/DATABASE");
  auto no_role = CreateDatabase(MustParse("postgresql://" + HostPort() + "/x"), server_, options_);
  ASSERT_FALSE(no_role.has_value());
  EXPECT_EQ(no_role.error().code(), base::StatusCode::kInvalidInput);
}

TEST_F(PostgresqlBootstrapTest, DropRemovesTheDatabaseAndKeepsTheRole) {
  ASSERT_TRUE(CreateDatabase(App(), server_, options_).has_value());
  auto dropped = DropDatabase(App(), server_, options_);
  ASSERT_TRUE(dropped.has_value()) << dropped.error().ToString();
  EXPECT_THAT(dropped->steps,
              ElementsAre("Dropped database " + database_ + " (role " + role_ + " is kept)"));
  EXPECT_FALSE(DatabaseExists());
  EXPECT_TRUE(RoleExists());
  auto again = DropDatabase(App(), server_, options_);
  ASSERT_TRUE(again.has_value());
  EXPECT_THAT(again->steps,
              ElementsAre("Database " + database_ + " does not exist; nothing to drop"));
  EXPECT_FALSE(again->changed);
}

TEST_F(PostgresqlBootstrapTest, DropEndsOpenSessions) {
  ASSERT_TRUE(CreateDatabase(App(), server_, options_).has_value());
  auto session = db::Open(App());
  ASSERT_TRUE(session.has_value());
  ASSERT_TRUE(DropDatabase(App(), server_, options_).has_value());
  EXPECT_FALSE(DatabaseExists());
}

TEST_F(PostgresqlBootstrapTest, RacingCreatesThroughTwoAdminDatabasesAllSucceed) {
  int created_role = 0;
  int created_database = 0;
  for (const base::Result<Outcome>& r : CreateRacing(8)) {
    ASSERT_TRUE(r.has_value()) << r.error().ToString();
    for (const std::string& step : r->steps) {
      if (step.rfind("Created role", 0) == 0) ++created_role;
      if (step.rfind("Created database", 0) == 0) ++created_database;
    }
    EXPECT_EQ(r->steps.back(), VerifiedLine());
  }
  EXPECT_EQ(created_role, 1);
  EXPECT_EQ(created_database, 1);
}

TEST_F(PostgresqlBootstrapTest, RacingGrantsOnAnExistingDatabaseAllSucceed) {
  Sql("CREATE DATABASE \"" + database_ + "\"");  // owned by postgres: CREATE on public to grant
  for (const base::Result<Outcome>& r : CreateRacing(8)) {
    ASSERT_TRUE(r.has_value()) << r.error().ToString();
    EXPECT_EQ(r->steps.back(), VerifiedLine());
  }
}

// --- db status ---------------------------------------------------------------

std::vector<std::string> Lines(const std::vector<DatabaseCheck>& checks) {
  std::vector<std::string> lines;
  for (const DatabaseCheck& c : checks) {
    const char* state = c.state == State::kOk        ? "ok"
                        : c.state == State::kFailed  ? "FAILED"
                        : c.state == State::kUnknown ? "unknown"
                                                     : "-";
    lines.push_back(std::string(state) + " " + c.name + ": " + c.detail +
                    (c.fix.empty() ? "" : " | fix: " + c.fix));
  }
  return lines;
}

TEST_F(PostgresqlBootstrapTest, StatusNamesEachBrokenLinkInTurn) {
  const std::string not_checked_db = "- database: not checked";
  const std::string not_checked_priv = "- privileges: not checked";

  // 1. Nothing listens on the port.
  const db::DatabaseUrl nowhere =
      MustParse("postgresql://" + role_ + ":" + kEncodedPassword + "@127.0.0.1:1/" + database_);
  auto unreachable = Diagnose(nowhere, nowhere, options_);
  ASSERT_TRUE(unreachable.has_value()) << unreachable.error().ToString();
  EXPECT_THAT(
      Lines(*unreachable),
      ElementsAre("FAILED server: no answer from 127.0.0.1:1: connection to server at "
                  "\"127.0.0.1\", port 1 failed: Connection refused | fix: start the "
                  "server, or correct the host and port in the URL; in an entrypoint, "
                  "`migrate --wait 60 wait` waits for it",
                  "- role: not checked", "- login: not checked", not_checked_db, not_checked_priv));

  // 2. The role does not exist.
  auto no_role = Diagnose(App(), server_, options_);
  ASSERT_TRUE(no_role.has_value()) << no_role.error().ToString();
  EXPECT_THAT(
      Lines(*no_role),
      ElementsAre("ok server: " + HostPort() + " answers",
                  "FAILED role: role " + role_ +
                      " does not exist | fix: run `migrate db "
                      "create` (with --admin-url naming a role that may create roles, if the "
                      "URL's own role cannot)",
                  "- login: not checked", not_checked_db, not_checked_priv));

  // 3. The role exists, with another password.
  Sql("CREATE ROLE \"" + role_ + "\" LOGIN PASSWORD 'another'");
  auto wrong = Diagnose(App(), server_, options_);
  ASSERT_TRUE(wrong.has_value());
  const std::string login_fix =
      " | fix: check the password in the URL (it is not shown), and the METHOD of the "
      "pg_hba.conf line that matches role " +
      role_ + ", database " + database_ +
      " and this client's address (scram-sha-256 and md5 check the password; an old md5 hash "
      "cannot pass scram-sha-256: set the password again with ALTER ROLE \"" +
      role_ + "\" PASSWORD '...')";
  EXPECT_THAT(
      Lines(*wrong),
      ElementsAre("ok server: " + HostPort() + " answers", "ok role: role " + role_ + " exists",
                  "FAILED login: the server rejected the password of role " + role_ +
                      ": connection to server at \"127.0.0.1\", port " + server_.port() +
                      " failed: FATAL:  password authentication failed for user \"" + role_ + "\"" +
                      login_fix,
                  not_checked_db, not_checked_priv));
  // Without an administrator that can look, a wrong password and a missing
  // role look the same; the check says so.
  auto blind = Diagnose(App(), App(), options_);
  ASSERT_TRUE(blind.has_value());
  EXPECT_EQ(Lines(*blind).at(1),
            "unknown role: cannot tell whether role " + role_ +
                " exists: the administrative connection failed too | fix: pass --admin-url to "
                "tell a missing role from a wrong password");
  EXPECT_EQ(blind->at(2).state, State::kFailed);

  // 4. The password is right, the database missing.
  Sql("ALTER ROLE \"" + role_ + "\" PASSWORD 's3cr''et\\pw-Bootstrap'");
  auto no_db = Diagnose(App(), server_, options_);
  ASSERT_TRUE(no_db.has_value());
  EXPECT_THAT(Lines(*no_db), ElementsAre("ok server: " + HostPort() + " answers",
                                         "ok role: role " + role_ + " exists",
                                         "ok login: role " + role_ + " logs in",
                                         "FAILED database: database " + database_ +
                                             " does not exist | fix: run `migrate db create`",
                                         not_checked_priv));

  // 5. The database exists, but the role may not create in public.
  Sql("CREATE DATABASE \"" + database_ + "\"");
  auto no_create = Diagnose(App(), server_, options_);
  ASSERT_TRUE(no_create.has_value());
  std::vector<std::string> lines = Lines(*no_create);
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_THAT(lines[0], ::testing::MatchesRegex("ok server: 127\\.0\\.0\\.1:[0-9]+ answers "
                                                "\\(PostgreSQL 15\\.[0-9]+\\)"));
  EXPECT_EQ(lines[3], "ok database: database " + database_ + " exists");
  EXPECT_EQ(lines[4], "FAILED privileges: role " + role_ +
                          " may not create objects in schema public (PostgreSQL 15 no longer "
                          "grants CREATE on public to everyone) | fix: run `migrate db create`, "
                          "or as the schema's owner or a superuser: GRANT USAGE, CREATE ON SCHEMA "
                          "\"public\" TO \"" +
                          role_ + "\";");

  // 6. db create mends it, and every link holds.
  ASSERT_TRUE(CreateDatabase(App(), server_, options_).has_value());
  auto ready = Diagnose(App(), server_, options_);
  ASSERT_TRUE(ready.has_value());
  EXPECT_EQ(FirstFailure(*ready), nullptr);
  EXPECT_EQ(Lines(*ready).at(4),
            "ok privileges: role " + role_ + " may create objects in schema public");

  for (const auto* checks : {&*unreachable, &*no_role, &*wrong, &*blind, &*no_db, &*no_create}) {
    ExpectNoPassword(Describe(Lines(*checks)));
  }
}

}  // namespace
}  // namespace migrate::bootstrap
