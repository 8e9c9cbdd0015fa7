#include "tests/support/test_database.h"

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <utility>

#include <gtest/gtest.h>

#include "migrator/base/strings.h"
#include "migrator/db/database_url.h"
#include "migrator/db/open.h"

#ifndef MIGRATE_DEFAULT_TEST_PG_DIR
#define MIGRATE_DEFAULT_TEST_PG_DIR ""
#endif

namespace migrate::testing {
namespace {

constexpr const char* kAppRole = "migrate_test";
constexpr const char* kAppPassword = "migrate_test";

}  // namespace

base::Result<std::string> ServerUrl() {
  if (const char* env = std::getenv("MIGRATE_TEST_POSTGRES_URL"); env != nullptr && *env != '\0') {
    return std::string(env);
  }
  std::string dir = MIGRATE_DEFAULT_TEST_PG_DIR;
  if (const char* env = std::getenv("MIGRATE_TEST_PG_DIR"); env != nullptr && *env != '\0') {
    dir = env;
  }
  if (dir.empty()) {
    return base::Status::FailedPrecondition(
        "no PostgreSQL test server: set MIGRATE_TEST_POSTGRES_URL or MIGRATE_TEST_PG_DIR");
  }
  std::ifstream in(dir + "/url");
  std::string url;
  if (!in || !std::getline(in, url) || url.empty()) {
    return base::Status::FailedPrecondition(
        "no PostgreSQL test server: " + dir + "/url does not exist; start one with `ctest -R " +
        "postgres.start` (or `bash tests/support/pg_cluster.sh start " + dir +
        "`), or set MIGRATE_TEST_POSTGRES_URL to a superuser URL");
  }
  return url;
}

namespace {

// A parsed libpq connection string (URI or key=value), rebuilt as URIs for
// other users and databases on the same server.
class ServerAddress {
 public:
  static base::Result<ServerAddress> Parse(const std::string& conninfo) {
    char* error = nullptr;
    PQconninfoOption* options = PQconninfoParse(conninfo.c_str(), &error);
    if (options == nullptr) {
      std::string message = error != nullptr ? error : "out of memory";
      PQfreemem(error);
      while (!message.empty() && message.back() == '\n') message.pop_back();
      return base::Status::InvalidInput("bad PostgreSQL test server URL: " + message);
    }
    ServerAddress address;
    for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
      if (o->val != nullptr && *o->val != '\0') address.values_[o->keyword] = o->val;
    }
    PQconninfoFree(options);
    return address;
  }

  std::string Get(const std::string& key) const {
    auto it = values_.find(key);
    return it == values_.end() ? "" : it->second;
  }

  /// A postgresql:// URI for `user` (with `password`, if any) on `database`;
  /// every other setting of the original is kept as a query parameter.
  std::string Uri(const std::string& user, const std::string& password,
                  const std::string& database) const {
    std::string uri = "postgresql://" + base::PercentEncode(user);
    if (!password.empty()) uri += ":" + base::PercentEncode(password);
    uri += "@" + base::PercentEncode(Get("host").empty() ? "127.0.0.1" : Get("host"));
    if (!Get("port").empty()) uri += ":" + Get("port");
    uri += "/" + base::PercentEncode(database);
    char separator = '?';
    for (const auto& [key, value] : values_) {
      if (key == "user" || key == "password" || key == "host" || key == "port" ||
          key == "dbname") {
        continue;
      }
      uri += separator + key + "=" + base::PercentEncode(value);
      separator = '&';
    }
    return uri;
  }

 private:
  std::map<std::string, std::string> values_;
};

void IgnoreNotice(void*, const char*) {}

// A superuser libpq connection for setting up and tearing down databases.
class AdminSession {
 public:
  static base::Result<std::unique_ptr<AdminSession>> Open(const std::string& url) {
    const char* keywords[] = {"dbname", "connect_timeout", "application_name", nullptr};
    const char* values[] = {url.c_str(), "10", "migrate_test_support", nullptr};
    PGconn* conn = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
    auto session = std::unique_ptr<AdminSession>(new AdminSession(conn));
    if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
      return base::Status::Database("cannot connect to the PostgreSQL test server as superuser: " +
                                    session->LastError());
    }
    PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
    return session;
  }

  ~AdminSession() {
    if (conn_ != nullptr) PQfinish(conn_);
  }

  base::Status Run(const std::string& sql) {
    PGresult* result = PQexec(conn_, sql.c_str());
    ExecStatusType status = PQresultStatus(result);
    std::string message = result != nullptr ? PQresultErrorMessage(result) : "";
    PQclear(result);
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return base::Status::OK();
    if (message.empty()) message = LastError();
    while (!message.empty() && message.back() == '\n') message.pop_back();
    return base::Status::Database(sql + ": " + message);
  }

 private:
  explicit AdminSession(PGconn* conn) : conn_(conn) {}

  std::string LastError() const {
    std::string message = conn_ != nullptr ? PQerrorMessage(conn_) : "out of memory";
    while (!message.empty() && message.back() == '\n') message.pop_back();
    return message;
  }

  PGconn* conn_;
};

// Creates role migrate_test unless it exists (a server named by
// MIGRATE_TEST_POSTGRES_URL may not have it). Several test processes may race
// here; the loser's duplicate error is expected.
base::Status EnsureAppRole(AdminSession& admin) {
  return admin.Run(std::string("DO $$ BEGIN ") +
                   "IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = '" + kAppRole +
                   "') THEN CREATE ROLE " + kAppRole + " LOGIN CREATEDB PASSWORD '" +
                   kAppPassword + "'; END IF; " +
                   "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$");
}

std::string UniqueDatabaseName() {
  static std::atomic<int> counter{0};
  static const unsigned salt = std::random_device{}();
  std::ostringstream name;
  name << "migrate_t_" << ::getpid() << "_" << counter.fetch_add(1) << "_" << std::hex
       << (salt & 0xffffff);
  return name.str();
}

std::string QuoteIdent(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string BackendName(Backend backend) {
  return backend == Backend::kSqlite ? "sqlite" : "postgresql";
}

TestDatabase::TestDatabase(Backend backend, std::string name, std::string url,
                           std::string admin_url, std::string server_admin_url)
    : backend_(backend),
      name_(std::move(name)),
      url_(std::move(url)),
      admin_url_(std::move(admin_url)),
      server_admin_url_(std::move(server_admin_url)) {}

std::unique_ptr<TestDatabase> TestDatabase::Create(Backend backend) {
  if (backend == Backend::kSqlite) {
    auto dir = std::make_unique<TempDir>();  // a failure is a gtest failure
    if (dir->path().empty()) return nullptr;
    std::string path = dir->Path("test.db");
    // An empty file is an empty SQLite database: it exists, as a new
    // PostgreSQL database does, so the read commands may open it.
    if (!std::ofstream(path)) {
      ADD_FAILURE() << "cannot create " << path;
      return nullptr;
    }
    std::string url = "sqlite:///" + path;
    std::unique_ptr<TestDatabase> database(new TestDatabase(backend, path, url, url, ""));
    database->sqlite_dir_ = std::move(dir);
    return database;
  }

  base::Result<std::string> server_url = ServerUrl();
  if (!server_url) {
    ADD_FAILURE() << server_url.error().ToString();
    return nullptr;
  }
  base::Result<ServerAddress> address = ServerAddress::Parse(*server_url);
  if (!address) {
    ADD_FAILURE() << address.error().ToString();
    return nullptr;
  }
  base::Result<std::unique_ptr<AdminSession>> admin = AdminSession::Open(*server_url);
  if (!admin) {
    ADD_FAILURE() << admin.error().ToString();
    return nullptr;
  }
  if (base::Status s = EnsureAppRole(**admin); !s.ok()) {
    ADD_FAILURE() << s.ToString();
    return nullptr;
  }
  std::string name = UniqueDatabaseName();
  // template0: nobody is ever connected to it, so concurrent creates don't
  // fail with "source database is being accessed by other users".
  if (base::Status s = (*admin)->Run("CREATE DATABASE " + QuoteIdent(name) + " OWNER " +
                                     kAppRole + " TEMPLATE template0");
      !s.ok()) {
    ADD_FAILURE() << s.ToString();
    return nullptr;
  }
  std::string superuser = address->Get("user").empty() ? "postgres" : address->Get("user");
  return std::unique_ptr<TestDatabase>(new TestDatabase(
      backend, name, address->Uri(kAppRole, kAppPassword, name),
      address->Uri(superuser, address->Get("password"), name), *server_url));
}

TestDatabase::~TestDatabase() {
  if (backend_ == Backend::kSqlite) return;  // sqlite_dir_ removes the file with its directory
  base::Result<std::unique_ptr<AdminSession>> admin = AdminSession::Open(server_admin_url_);
  if (!admin) {
    ADD_FAILURE() << admin.error().ToString();
    return;
  }
  if (base::Status s = (*admin)->Run("DROP DATABASE IF EXISTS " + QuoteIdent(name_) +
                                     " WITH (FORCE)");
      !s.ok()) {
    ADD_FAILURE() << s.ToString();
  }
}

base::Result<std::unique_ptr<db::Connection>> TestDatabase::Connect() const {
  MIGRATE_ASSIGN_OR_RETURN(db::DatabaseUrl parsed, db::DatabaseUrl::Parse(url_, "/"));
  return db::Open(parsed);
}

}  // namespace migrate::testing
