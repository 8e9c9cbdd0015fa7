// bootstrap::CreateDatabase on PostgreSQL: steps 2 to 7 of bootstrap.h
// (lock, inventory, role, database, grants, verification), through the
// administrative connection and then as the application.

#include <random>
#include <string_view>
#include <utility>

#include "migrator/base/duration.h"
#include "migrator/base/strings.h"
#include "migrator/bootstrap/postgresql_admin.h"
#include "migrator/bootstrap/postgresql_bootstrap.h"
#include "migrator/db/connect_retry.h"
#include "migrator/db/postgresql/postgresql_connection.h"

namespace migrate::bootstrap::internal {

namespace {

// SQLSTATEs of "it is already there": a concurrent run got there first.
constexpr std::string_view kDuplicateObject = "42710";
constexpr std::string_view kDuplicateDatabase = "42P04";
constexpr std::string_view kUniqueViolation = "23505";
// lock_not_available: lock_timeout ran out.
constexpr std::string_view kLockNotAvailable = "55P03";

// The two-key advisory lock space, so it never meets the one-key migration
// lock; the first key spells "mdbc" (migrate db create).
constexpr const char* kLockKeys = "1835295331, 0";

// A string literal that means `text` whatever standard_conforming_strings
// says: E'' with backslashes and quotes doubled.
std::string QuoteLiteral(std::string_view text) {
  std::string out = "E'";
  for (char c : text) {
    if (c == '\'' || c == '\\') out += c;
    out += c;
  }
  return out + "'";
}

// `status` with `secret` masked wherever it appears. The server does not
// echo statements in its messages, but a password must not leak even if
// some message did.
base::Status Scrubbed(const base::Status& status, const std::string& secret) {
  if (status.ok() || secret.empty()) return status;
  auto scrub = [&secret](std::string text) {
    base::ReplaceAll(text, secret, "***");
    return text;
  };
  base::Status out = status.database()
                         ? base::Status::Database(scrub(status.message()),
                                                  [&] {
                                                    base::DatabaseDetail d = *status.database();
                                                    d.detail = scrub(d.detail);
                                                    d.hint = scrub(d.hint);
                                                    return d;
                                                  }())
                         : base::Status(status.code(), scrub(status.message()), status.location());
  if (status.code() != base::StatusCode::kDatabase && status.database()) {
    out = std::move(out).WithCode(status.code());
  }
  for (const std::string& line : status.context()) out = std::move(out).WithContext(scrub(line));
  return out;
}

bool HasSqlstate(const base::Status& status, std::string_view sqlstate) {
  return status.database() && status.database()->sqlstate == sqlstate;
}

bool IsDuplicate(const base::Status& status) {
  return HasSqlstate(status, kDuplicateObject) || HasSqlstate(status, kDuplicateDatabase) ||
         HasSqlstate(status, kUniqueViolation);
}

// What exists, and what the administrative role may do.
struct Inventory {
  std::string admin_role;
  bool superuser = false;
  bool create_role = false;
  bool create_db = false;
  bool role_exists = false;
  bool member_of_role = false;  // the administrator may act as the role
  bool database_exists = false;
  std::string database_owner;
};

base::Result<Inventory> Inspect(db::Connection& conn, const std::string& role,
                                const std::string& database) {
  MIGRATE_ASSIGN_OR_RETURN(
      db::Rows rows,
      conn.Query("SELECT a.rolname::text, a.rolsuper, a.rolcreaterole, a.rolcreatedb, "
                 "(SELECT pg_catalog.pg_has_role(a.oid, r.oid, 'MEMBER') "
                 "   FROM pg_catalog.pg_roles r WHERE r.rolname = $1), "
                 "(SELECT pg_catalog.pg_get_userbyid(d.datdba)::text "
                 "   FROM pg_catalog.pg_database d WHERE d.datname = $2) "
                 "FROM pg_catalog.pg_roles a WHERE a.rolname = current_user",
                 {role, database}));
  if (rows.rows.size() != 1) return base::Status::Internal("current_user is not in pg_roles");
  const std::vector<db::Value>& r = rows.rows[0];
  Inventory inventory;
  inventory.admin_role = r[0].value_or("");
  inventory.superuser = IsTrue(r[1]);
  inventory.create_role = IsTrue(r[2]);
  inventory.create_db = IsTrue(r[3]);
  inventory.role_exists = r[4].has_value();
  inventory.member_of_role = IsTrue(r[4]);
  inventory.database_exists = r[5].has_value();
  inventory.database_owner = r[5].value_or("");
  return inventory;
}

// Refuses, before anything is created, when the administrator lacks a
// privilege that a missing object needs. Checked here rather than by
// parsing the failure, so the message can name every missing privilege.
base::Status CheckAdminPrivileges(const Inventory& inv, const std::string& role,
                                  const std::string& database, const db::DatabaseUrl& admin) {
  if (inv.superuser) return base::Status::OK();
  std::vector<std::string> missing;
  std::vector<std::string> attributes;
  std::vector<std::string> creating;
  if (!inv.role_exists) {
    creating.push_back("role " + role);
    if (!inv.create_role) {
      missing.push_back("CREATEROLE (to create role " + role + ")");
      attributes.push_back("CREATEROLE");
    }
  }
  if (!inv.database_exists) {
    creating.push_back("database " + database);
    if (!inv.create_db) {
      missing.push_back("CREATEDB (to create database " + database + ")");
      attributes.push_back("CREATEDB");
    }
    // The owner must be a role the administrator may act as; with
    // CREATEROLE it can grant itself that for the moment.
    if (inv.role_exists && !inv.member_of_role && !inv.create_role) {
      missing.push_back("membership in role " + role + " (to make it the owner of database " +
                        database + ")");
    }
  }
  if (missing.empty()) return base::Status::OK();
  std::string fix = "fix: " + std::string(kAdminFix);
  if (!attributes.empty()) {
    fix += ", or as a superuser run: ALTER ROLE " + Quote(inv.admin_role) + " " +
           base::Join(attributes, " ") + ";";
  } else {
    fix += ", or as a superuser run: GRANT " + Quote(role) + " TO " + Quote(inv.admin_role) + ";";
  }
  return base::Status::FailedPrecondition("cannot create " + base::Join(creating, " and ") +
                                          ": the administrative role " + inv.admin_role + " (" +
                                          admin.Redacted() + ") lacks " +
                                          base::Join(missing, " and ") + "; nothing was created")
      .WithContext(std::move(fix));
}

// Serialises concurrent bootstraps that administer through the same
// database, so that their GRANTs do not collide ("tuple concurrently
// updated"). Held until the connection closes.
base::Status TakeBootstrapLock(db::Connection& conn, std::chrono::milliseconds timeout) {
  MIGRATE_TRY(conn.Execute("SET lock_timeout = '" + std::to_string(timeout.count()) + "ms'"));
  base::Status locked =
      conn.Query(std::string("SELECT pg_catalog.pg_advisory_lock(") + kLockKeys + ")").status();
  MIGRATE_TRY(conn.Execute("RESET lock_timeout"));
  if (HasSqlstate(locked, kLockNotAvailable)) {
    return base::Status::Timeout("timed out after " + base::FormatDuration(timeout) +
                                 " waiting for another `migrate db create` on this server to "
                                 "finish (--lock-timeout)");
  }
  return locked;
}

// The privileges the role lacks on the database the connection is on:
// "CONNECT" on it, "USAGE" and "CREATE" on schema public (absent: none).
struct Grants {
  bool connect = true;
  bool usage = true;
  bool create = true;
  std::string schema_owner;
};

base::Result<Grants> HeldGrants(db::Connection& conn, const std::string& role) {
  MIGRATE_ASSIGN_OR_RETURN(
      db::Rows rows,
      conn.Query("SELECT pg_catalog.has_database_privilege($1, pg_catalog.current_database(), "
                 "'CONNECT'), "
                 "(SELECT pg_catalog.has_schema_privilege($1, n.oid, 'USAGE') "
                 "   FROM pg_catalog.pg_namespace n WHERE n.nspname = 'public'), "
                 "(SELECT pg_catalog.has_schema_privilege($1, n.oid, 'CREATE') "
                 "   FROM pg_catalog.pg_namespace n WHERE n.nspname = 'public'), "
                 "(SELECT pg_catalog.pg_get_userbyid(n.nspowner)::text "
                 "   FROM pg_catalog.pg_namespace n WHERE n.nspname = 'public')",
                 {role}));
  const std::vector<db::Value>& r = rows.rows.at(0);
  Grants grants;
  grants.connect = IsTrue(r[0]);
  // No public schema: nothing to grant there (the search_path names another).
  grants.usage = !r[1] || IsTrue(r[1]);
  grants.create = !r[2] || IsTrue(r[2]);
  grants.schema_owner = r[3].value_or("");
  return grants;
}

// Step 6: CONNECT on the database and USAGE, CREATE on public, where missing.
base::Status GrantPrivileges(const db::DatabaseUrl& admin, const std::string& role,
                             const std::string& database, const Options& options,
                             Outcome& outcome) {
  MIGRATE_ASSIGN_OR_RETURN(
      std::unique_ptr<db::Connection> conn,
      ConnectAdmin(admin.WithDatabase(database), options,
                   "cannot grant role " + role + " its privileges on " + database));
  MIGRATE_ASSIGN_OR_RETURN(Grants before, HeldGrants(*conn, role));
  // Runs are serialised by the bootstrap lock only when they administer
  // through the same database; two that are not may update the same ACL at
  // once, and the later one fails with "tuple concurrently updated" after
  // the earlier one committed. The check after the grants decides.
  auto grant = [&conn](const std::string& sql) {
    base::Status s = conn->Execute(sql);
    if (!s.ok() && Contains(s.message(), "tuple concurrently updated")) return base::Status::OK();
    return s;
  };
  if (!before.connect) {
    if (base::Status s =
            grant("GRANT CONNECT ON DATABASE " + Quote(database) + " TO " + Quote(role));
        !s.ok()) {
      return std::move(s).Prefixed("cannot grant CONNECT on database " + database + " to " + role);
    }
  }
  std::vector<std::string> on_schema;
  if (!before.usage) on_schema.push_back("USAGE");
  if (!before.create) on_schema.push_back("CREATE");
  if (!on_schema.empty()) {
    if (base::Status s =
            grant("GRANT " + base::Join(on_schema, ", ") + " ON SCHEMA public TO " + Quote(role));
        !s.ok()) {
      return std::move(s).Prefixed("cannot grant " + base::Join(on_schema, ", ") +
                                   " on schema public to " + role);
    }
  }
  MIGRATE_ASSIGN_OR_RETURN(Grants after, HeldGrants(*conn, role));
  // A GRANT by a role without the grant option only warns; check it took.
  if (!after.connect || !after.usage || !after.create) {
    return base::Status::FailedPrecondition(
               "cannot grant role " + role + " its privileges on database " + database +
               ": the grant did not take effect (still missing:" +
               std::string(after.connect ? "" : " CONNECT on the database") +
               (after.usage ? "" : " USAGE on schema public") +
               (after.create ? "" : " CREATE on schema public") + ")")
        .WithContext("fix: as the owner of schema public (" + after.schema_owner +
                     ") or a superuser run: GRANT USAGE, CREATE ON SCHEMA public TO " +
                     Quote(role) + "; or pass --admin-url naming such a role");
  }
  if (!before.connect) outcome.Add("Granted CONNECT on database " + database + " to " + role);
  if (!on_schema.empty()) {
    outcome.Add("Granted " + base::Join(on_schema, ", ") + " on schema public to " + role);
  }
  outcome.changed = outcome.changed || !before.connect || !on_schema.empty();
  return base::Status::OK();
}

std::string RandomSuffix() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::to_string(engine() % 1000000000000ULL);
}

// Step 7: as the application, on its database, create and drop a table
// where its migrations will create theirs. Rolled back, so nothing is left
// even if the process dies half-way.
base::Status Verify(const db::DatabaseUrl& app, const Options& options, Outcome& outcome) {
  const std::string what = "verification failed: role " + app.user() + " ";
  auto conn = options.connect(app);
  if (!conn) {
    base::Status error =
        std::move(conn).error().Prefixed(what + "cannot log in to database " + app.database());
    if (db::PermanentConnectFailure(error) == "authentication failed") {
      error = std::move(error).WithContext(
          "fix: an existing role keeps its password: make the URL's password the role's, or as "
          "an administrator run ALTER ROLE " +
          Quote(app.user()) +
          " PASSWORD '...'; and check the pg_hba.conf line that matches this role, database "
          "and client address");
    }
    return error;
  }
  MIGRATE_ASSIGN_OR_RETURN(db::Rows schema,
                           (*conn)->Query("SELECT pg_catalog.current_schema()::text"));
  const std::string where = schema.rows.at(0).at(0).value_or("");
  const std::string table = "migrate_db_create_check_" + RandomSuffix();
  MIGRATE_TRY((*conn)->Begin());
  base::Status s = (*conn)->Execute("CREATE TABLE " + Quote(table) + " (id integer)");
  if (s.ok()) s = (*conn)->Execute("DROP TABLE " + Quote(table));
  base::Status rolled_back = (*conn)->Rollback();
  if (!s.ok()) {
    return std::move(s).Prefixed(what + "cannot create a table in database " + app.database() +
                                 (where.empty() ? "" : " (schema " + where + ")"));
  }
  MIGRATE_TRY(std::move(rolled_back));
  outcome.Add("Verified: role " + app.user() + " logs in to database " + app.database() +
              " and creates tables in schema " + where);
  return base::Status::OK();
}

// " PASSWORD '<verifier>'": the password as the server stores it, so the
// statement (which a server may log) never holds the password itself.
base::Result<std::string> PasswordClause(db::Connection& conn, const db::DatabaseUrl& app) {
  auto* postgresql = dynamic_cast<db::PostgresqlConnection*>(&conn);
  if (postgresql == nullptr) return base::Status::Internal("the admin connection is not PostgreSQL");
  MIGRATE_ASSIGN_OR_RETURN(std::string verifier,
                           postgresql->EncryptPassword(app.user(), app.password()));
  return " PASSWORD " + QuoteLiteral(verifier);
}

base::Status CreateRole(db::Connection& conn, const db::DatabaseUrl& app, Outcome& outcome) {
  const std::string& role = app.user();
  std::string sql = "CREATE ROLE " + Quote(role) + " LOGIN";
  if (!app.password().empty()) {
    auto clause = PasswordClause(conn, app);
    if (!clause) return std::move(clause).error().Prefixed("cannot create role " + role);
    sql += *clause;
  }
  base::Status s = conn.Execute(sql);
  if (s.ok()) {
    outcome.Add(app.password().empty()
                    ? "Created role " + role + " (LOGIN, no password)"
                    : "Created role " + role + " (LOGIN, with the URL's password)");
    outcome.changed = true;
    return base::Status::OK();
  }
  if (IsDuplicate(s)) {
    outcome.Add("Role " + role + " already exists (another run created it just now)");
    return base::Status::OK();
  }
  return Scrubbed(s, app.password()).Prefixed("cannot create role " + role);
}

base::Status CreateDatabase(db::Connection& conn, const Inventory& inv, const std::string& role,
                            const std::string& database, Outcome& outcome) {
  // A non-superuser may only make a role it acts as the owner; with
  // CREATEROLE it may grant itself that for the moment (checked before).
  bool borrowed = false;
  if (!inv.superuser) {
    MIGRATE_ASSIGN_OR_RETURN(
        db::Rows member, conn.Query("SELECT pg_catalog.pg_has_role(current_user, r.oid, 'MEMBER') "
                                    "FROM pg_catalog.pg_roles r WHERE r.rolname = $1",
                                    {role}));
    if (member.rows.empty() || !IsTrue(member.rows[0][0])) {
      if (base::Status s = conn.Execute("GRANT " + Quote(role) + " TO CURRENT_USER"); !s.ok()) {
        return std::move(s).Prefixed("cannot create database " + database + " owned by " + role +
                                     ": cannot act as role " + role);
      }
      borrowed = true;
    }
  }
  base::Status s = conn.Execute("CREATE DATABASE " + Quote(database) + " OWNER " + Quote(role));
  if (borrowed) {
    base::Status revoked = conn.Execute("REVOKE " + Quote(role) + " FROM CURRENT_USER");
    if (s.ok() && !revoked.ok()) return std::move(revoked).Prefixed("cannot revoke role " + role);
  }
  if (s.ok()) {
    outcome.Add("Created database " + database + " owned by " + role);
    outcome.changed = true;
    return base::Status::OK();
  }
  if (IsDuplicate(s)) {
    outcome.Add("Database " + database + " already exists (another run created it just now)");
    return base::Status::OK();
  }
  return std::move(s).Prefixed("cannot create database " + database + " owned by " + role);
}

}  // namespace

base::Result<Outcome> CreatePostgresql(const db::DatabaseUrl& app, const db::DatabaseUrl& admin,
                                       const Options& options) {
  MIGRATE_TRY(RequireNames(app, /*need_role=*/true));
  const std::string& role = app.user();
  const std::string& database = app.database();
  Outcome outcome(options.on_step);
  MIGRATE_ASSIGN_OR_RETURN(std::unique_ptr<db::Connection> conn,
                           ConnectAdmin(admin, options, "cannot create database " + database));
  MIGRATE_TRY(TakeBootstrapLock(*conn, options.lock_timeout));
  MIGRATE_ASSIGN_OR_RETURN(Inventory inventory, Inspect(*conn, role, database));
  MIGRATE_TRY(CheckAdminPrivileges(inventory, role, database, admin));

  if (inventory.role_exists) {
    outcome.Add("Role " + role + " already exists");
  } else {
    MIGRATE_TRY(CreateRole(*conn, app, outcome));
  }
  if (inventory.database_exists) {
    outcome.Add("Database " + database + " already exists, owned by " + inventory.database_owner);
  } else {
    MIGRATE_TRY(CreateDatabase(*conn, inventory, role, database, outcome));
  }
  MIGRATE_TRY(GrantPrivileges(admin, role, database, options, outcome));
  MIGRATE_TRY(Verify(app, options, outcome));
  return outcome;
}

}  // namespace migrate::bootstrap::internal
