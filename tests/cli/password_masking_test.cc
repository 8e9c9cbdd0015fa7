// End-to-end: a password in the database URL never reaches stdout or
// stderr, whatever form the URL takes (user info, no scheme, one slash after
// the scheme, libpq's key=value form, ?password= / ?sslpassword= / an
// encoded parameter name), however it is given (--url, DATABASE_URL,
// migrate.toml, --admin-url, MIGRATE_ADMIN_URL) and whichever command prints
// it, in text, -v and JSON output. Most forms name a closed port so each
// command fails fast; the last test logs in to the suite's real server with
// a wrong password.

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "migrator/db/database_url.h"
#include "tests/cli/cli_test.h"
#include "tests/cli/database_probe.h"
#include "tests/support/test_database.h"

namespace migrate::cli_test {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr const char* kPassword = "s3cr3t-PW";

// Each form of a URL carrying kPassword, to a port where nothing listens.
const std::vector<std::string>& UnreachableForms() {
  static const std::vector<std::string> kForms = {
      "postgresql://app:s3cr3t-PW@127.0.0.1:1/app",
      "app:s3cr3t-PW@127.0.0.1:1/app",
      "postgresql:/app:s3cr3t-PW@127.0.0.1:1/app",
      "host=127.0.0.1 port=1 user=app password=s3cr3t-PW dbname=app",
      "host=127.0.0.1 port=1 password = 's3cr3t-PW and more' dbname=app",
      "postgresql://app@127.0.0.1:1/app?password=s3cr3t-PW",
      "postgresql://app@127.0.0.1:1/app?sslpassword=s3cr3t-PW&sslmode=disable",
      "postgresql://app@127.0.0.1:1/app?p%61ssword=s3cr3t-PW",
  };
  return kForms;
}

// Every command that uses the database URL. `wait` and `upgrade` wait a
// little, so that the "waiting for the database at URL" line is printed too.
const std::vector<std::vector<std::string>>& UrlCommands() {
  static const std::vector<std::vector<std::string>> kCommands = {
      {"--wait", "100ms", "upgrade", "head"},
      {"upgrade", "head", "--sql"},
      {"upgrade", "head", "--create-db"},
      {"downgrade", "-1"},
      {"current"},
      {"status"},
      {"check"},
      {"verify"},
      {"show", kCustomersRev},
      {"history"},
      {"stamp", "head"},
      {"redo"},
      {"test"},
      {"--wait", "100ms", "wait"},
      {"db", "create"},
      {"db", "status"},
      {"db", "drop", "--force"},
  };
  return kCommands;
}

// The output variants each command runs in.
const std::vector<std::vector<std::string>>& OutputFlags() {
  static const std::vector<std::vector<std::string>> kFlags = {{}, {"-v"}, {"--format", "json"}};
  return kFlags;
}

std::vector<std::string> Concat(std::vector<std::string> a, const std::vector<std::string>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

class PasswordMaskingTest : public CliTest {
 protected:
  void SetUp() override { WriteCustomersProject(dir_); }

  // Runs `migrate args...` with `env`; the password must be nowhere in its output.
  ProcessResult RunMasked(const std::vector<std::string>& args, const Env& env = {}) const {
    Env full = {{"MIGRATE_ADMIN_URL", std::nullopt}, {"PGPASSWORD", std::nullopt}};
    for (const auto& [name, value] : env) full[name] = value;
    ProcessResult r = Migrate(args, full);
    EXPECT_EQ(r.out.find(kPassword), std::string::npos) << r.Describe();
    EXPECT_EQ(r.err.find(kPassword), std::string::npos) << r.Describe();
    return r;
  }
};

TEST_F(PasswordMaskingTest, EveryFormThroughEveryCommandInEveryOutput) {
  for (const std::string& url : UnreachableForms()) {
    SCOPED_TRACE(url);
    for (const auto& command : UrlCommands()) {
      for (const auto& flags : OutputFlags()) {
        RunMasked(Concat(Concat(flags, {"--url", url}), command));
      }
    }
    // The URL is printed, masked: the masking, not the lack of a message,
    // keeps the password out.
    const ProcessResult current = RunMasked({"--url", url, "current"});
    EXPECT_NE(current.exit_code, 0);
    EXPECT_THAT(current.err, HasSubstr("***"));
  }
}

// A libpq key=value URL typed without quotes reaches the command line as
// several words; the one left over is named in the usage error, masked.
TEST_F(PasswordMaskingTest, AnUnquotedKeywordUrlLeavesNoPasswordInTheUsageError) {
  const ProcessResult r =
      RunMasked({"--url", "host=127.0.0.1", "password=s3cr3t-PW", "dbname=app", "current"});
  EXPECT_EQ(r.exit_code, 2) << r.Describe();
  EXPECT_THAT(r.err, HasSubstr("unexpected argument 'password=***'"));
}

TEST_F(PasswordMaskingTest, EveryFormFromTheEnvironmentAndTheConfigurationFile) {
  for (const std::string& url : UnreachableForms()) {
    SCOPED_TRACE(url);
    for (const auto& command : {std::vector<std::string>{"current"},
                                std::vector<std::string>{"--format", "json", "status"},
                                std::vector<std::string>{"db", "status"}}) {
      RunMasked(command, {{"DATABASE_URL", url}});
    }
    // As written: a TOML literal string, or a basic one where the URL has a
    // quote (no form holds a '"' or a backslash).
    const std::string toml_url =
        url.find('\'') == std::string::npos ? "'" + url + "'" : "\"" + url + "\"";
    dir_.Write("migrate.toml", "[migrate]\nurl = " + toml_url + "\n");
    const ProcessResult current = RunMasked({"-v", "current"});
    EXPECT_THAT(current.err, HasSubstr("***"));
    RunMasked({"--format", "json", "check"});
  }
}

TEST_F(PasswordMaskingTest, EveryFormAsTheAdministrativeUrl) {
  const std::string app = "postgresql://app@127.0.0.1:1/app";
  for (const std::string& admin : UnreachableForms()) {
    SCOPED_TRACE(admin);
    for (const auto& command : {std::vector<std::string>{"db", "create"},
                                std::vector<std::string>{"db", "status"},
                                std::vector<std::string>{"db", "drop", "--force"},
                                std::vector<std::string>{"upgrade", "head", "--create-db"}}) {
      for (const auto& flags : OutputFlags()) {
        RunMasked(Concat(Concat(flags, {"--url", app, "--admin-url", admin}), command));
        RunMasked(Concat(Concat(flags, {"--url", app}), command), {{"MIGRATE_ADMIN_URL", admin}});
      }
    }
  }
}

// A server that answers and refuses the login: the role and server are
// named, the password is not, and nothing was written.
TEST_F(PasswordMaskingTest, WrongPasswordAtTheRealServer) {
  std::unique_ptr<migrate::testing::TestDatabase> db =
      migrate::testing::TestDatabase::Create(migrate::testing::Backend::kPostgresql);
  ASSERT_NE(db, nullptr);
  auto real = db::DatabaseUrl::Parse(db->url(), ".");
  ASSERT_TRUE(real.has_value()) << real.error().ToString();
  const std::string server = real->host() + ":" + real->port() + "/" + real->database();
  const std::vector<std::string> wrong = {
      "postgresql://" + real->user() + ":" + kPassword + "@" + server,
      "postgresql://" + real->user() + "@" + server + "?password=" + kPassword,
      "postgres://" + real->user() + ":" + kPassword + "@" + server + "?sslpassword=" + kPassword +
          "&sslmode=disable",
  };
  for (const std::string& url : wrong) {
    SCOPED_TRACE(url);
    for (const auto& command : {std::vector<std::string>{"upgrade", "head"},
                                std::vector<std::string>{"current"},
                                std::vector<std::string>{"status"},
                                std::vector<std::string>{"check"},
                                std::vector<std::string>{"verify"},
                                std::vector<std::string>{"show", kCustomersRev},
                                std::vector<std::string>{"stamp", "head"},
                                std::vector<std::string>{"--wait", "5", "wait"},
                                std::vector<std::string>{"db", "status"}}) {
      for (const auto& flags : OutputFlags()) {
        const ProcessResult r = RunMasked(Concat(Concat(flags, {"--url", url}), command));
        EXPECT_NE(r.exit_code, 0) << r.Describe();
        EXPECT_THAT(r.out + r.err, HasSubstr("password authentication failed")) << r.Describe();
      }
    }
  }
  EXPECT_THAT(DatabaseProbe::ForUrl(db->url()).Tables(), IsEmpty());
}

}  // namespace
}  // namespace migrate::cli_test
