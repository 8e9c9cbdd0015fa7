// bootstrap::Diagnose on PostgreSQL (`db status`): the links server, role,
// login, database and privileges, judged from how the application's own
// connection fails or, once it succeeds, from what it may do.

#include <optional>
#include <string_view>
#include <utility>

#include "migrator/bootstrap/postgresql_admin.h"
#include "migrator/bootstrap/postgresql_bootstrap.h"
#include "migrator/db/connect_retry.h"

namespace migrate::bootstrap::internal {

namespace {

using report::DatabaseCheck;
using State = report::DatabaseCheck::State;

// "127.0.0.1:5432", as the URL names the server.
std::string Server(const db::DatabaseUrl& url) {
  std::string host = url.host().empty() ? "localhost" : url.host();
  return url.port().empty() ? host : host + ":" + url.port();
}

// libpq's message without our "cannot connect to URL: " prefix.
std::string Reason(const base::Status& error, const db::DatabaseUrl& url) {
  const std::string prefix = "cannot connect to " + url.Redacted() + ": ";
  const std::string& message = error.message();
  return message.rfind(prefix, 0) == 0 ? message.substr(prefix.size()) : message;
}

DatabaseCheck Ok(std::string name, std::string detail) {
  return DatabaseCheck{std::move(name), State::kOk, std::move(detail), ""};
}
DatabaseCheck Failed(std::string name, std::string detail, std::string fix) {
  return DatabaseCheck{std::move(name), State::kFailed, std::move(detail), std::move(fix)};
}

// The five links, all kNotChecked, for filling in.
std::vector<DatabaseCheck> Links() {
  std::vector<DatabaseCheck> checks;
  for (const char* name : {"server", "role", "login", "database", "privileges"}) {
    checks.push_back(DatabaseCheck{name, State::kNotChecked, "not checked", ""});
  }
  return checks;
}

bool Unreachable(const base::Status& error) {
  if (error.code() == base::StatusCode::kTimeout) return true;
  const std::string& m = error.message();
  for (std::string_view sign :
       {"Connection refused", "timeout expired", "could not translate host name",
        "No route to host", "Network is unreachable", "No such file or directory",
        "could not connect to server"}) {
    if (Contains(m, sign)) return true;
  }
  return false;
}

std::string LoginFix(const db::DatabaseUrl& app) {
  return "check the password in the URL (it is not shown), and the METHOD of the pg_hba.conf "
         "line that matches role " +
         app.user() + ", database " + app.database() +
         " and this client's address (scram-sha-256 and md5 check the password; an old md5 "
         "hash cannot pass scram-sha-256: set the password again with ALTER ROLE " +
         Quote(app.user()) + " PASSWORD '...')";
}

}  // namespace

base::Result<std::vector<DatabaseCheck>> DiagnosePostgresql(const db::DatabaseUrl& app,
                                                            const db::DatabaseUrl& admin,
                                                            const Options& options) {
  MIGRATE_TRY(RequireNames(app, /*need_role=*/true));
  const std::string& role = app.user();
  const std::string& database = app.database();
  const std::string server = Server(app);
  std::vector<DatabaseCheck> checks = Links();
  DatabaseCheck& server_check = checks[0];
  DatabaseCheck& role_check = checks[1];
  DatabaseCheck& login_check = checks[2];
  DatabaseCheck& database_check = checks[3];
  DatabaseCheck& privileges_check = checks[4];

  auto conn = options.connect(app);
  if (!conn) {
    const base::Status& error = conn.error();
    const std::string reason = Reason(error, app);
    if (Unreachable(error)) {
      server_check = Failed("server", "no answer from " + server + ": " + reason,
                            "start the server, or correct the host and port in the URL; in an "
                            "entrypoint, `migrate --wait 60 wait` waits for it");
      return checks;
    }
    server_check = Ok("server", server + " answers");
    if (Contains(reason, "database \"" + database + "\" does not exist")) {
      role_check = Ok("role", "role " + role + " exists");
      login_check = Ok("login", "role " + role + " logs in");
      database_check =
          Failed("database", "database " + database + " does not exist", "run `migrate db create`");
      return checks;
    }
    const bool authentication = db::PermanentConnectFailure(error) == "authentication failed" ||
                                Contains(reason, "role \"" + role + "\" does not exist");
    if (!authentication) {
      login_check = Failed("login", "role " + role + " cannot open a session: " + reason,
                           "see the server's message above");
      return checks;
    }
    std::optional<bool> role_exists;
    if (Contains(reason, "role \"" + role + "\" does not exist")) role_exists = false;
    if (!role_exists) {
      // The server says the same for a missing role as for a wrong
      // password; only an administrator can tell them apart.
      if (auto admin_conn = options.connect(admin)) {
        MIGRATE_ASSIGN_OR_RETURN(
            db::Rows rows,
            (*admin_conn)->Query("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1", {role}));
        role_exists = !rows.empty();
      }
    }
    if (role_exists == false) {
      role_check = Failed("role", "role " + role + " does not exist",
                          "run `migrate db create` (with --admin-url naming a role that may "
                          "create roles, if the URL's own role cannot)");
      return checks;
    }
    if (role_exists) {
      role_check = Ok("role", "role " + role + " exists");
      login_check =
          Failed("login", "the server rejected the password of role " + role + ": " + reason,
                 LoginFix(app));
    } else {
      role_check = DatabaseCheck{
          "role", State::kUnknown,
          "cannot tell whether role " + role + " exists: the administrative connection failed too",
          "pass --admin-url to tell a missing role from a wrong password"};
      login_check = Failed("login",
                           "the server rejected the login of role " + role +
                               " (a wrong password, or no such role): " + reason,
                           LoginFix(app));
    }
    return checks;
  }

  MIGRATE_ASSIGN_OR_RETURN(
      db::Rows rows,
      (*conn)->Query("SELECT pg_catalog.current_setting('server_version'), "
                     "pg_catalog.current_schema()::text, "
                     "pg_catalog.has_schema_privilege(pg_catalog.current_schema(), 'USAGE'), "
                     "pg_catalog.has_schema_privilege(pg_catalog.current_schema(), 'CREATE')"));
  const std::vector<db::Value>& r = rows.rows.at(0);
  // "15.4 (Debian 15.4-1)": the number says enough.
  const std::string version = r[0].value_or("?");
  server_check =
      Ok("server", server + " answers (PostgreSQL " + version.substr(0, version.find(' ')) + ")");
  role_check = Ok("role", "role " + role + " exists");
  login_check = Ok("login", "role " + role + " logs in");
  database_check = Ok("database", "database " + database + " exists");
  if (!r[1]) {
    privileges_check =
        Failed("privileges", "the search_path of role " + role + " names no existing schema",
               "set a search_path (options=-c search_path=... in the URL), or run "
               "`migrate db create` to grant schema public");
  } else if (!IsTrue(r[2]) || !IsTrue(r[3])) {
    privileges_check = Failed(
        "privileges",
        "role " + role + " may not create objects in schema " + *r[1] +
            (*r[1] == "public" ? " (PostgreSQL 15 no longer grants CREATE on public to everyone)"
                               : ""),
        "run `migrate db create`, or as the schema's owner or a superuser: GRANT USAGE, CREATE ON "
        "SCHEMA " +
            Quote(*r[1]) + " TO " + Quote(role) + ";");
  } else {
    privileges_check = Ok("privileges", "role " + role + " may create objects in schema " + *r[1]);
  }
  return checks;
}

}  // namespace migrate::bootstrap::internal
