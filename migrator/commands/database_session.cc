#include "migrator/commands/database_session.h"

#include <pwd.h>
#include <unistd.h>

#include <vector>

#include "migrator/base/duration.h"
#include "migrator/base/strings.h"
#include "migrator/db/open.h"
#include "migrator/engine/preflight.h"

#ifndef MIGRATE_VERSION
#define MIGRATE_VERSION "0.0.0"
#endif

namespace migrate::commands {

namespace {

std::string HostName() {
  char name[256] = {};
  return gethostname(name, sizeof name - 1) == 0 ? name : "";
}

std::string OsUser() {
  const passwd* pw = getpwuid(geteuid());
  return pw != nullptr ? pw->pw_name : std::to_string(geteuid());
}

// The schema of the version tables when none is configured: where they
// already are, wherever that is, so that a search_path that changed since
// they were created (a schema a migration created, `ALTER ROLE ... SET
// search_path`) cannot send a run to look elsewhere, find nothing and apply
// every migration again. Only when they exist nowhere does the search_path
// choose, once, where they are created.
base::Result<std::string> LocateVersionSchema(db::Connection& conn,
                                              const db::VersionTables& tables) {
  const db::Dialect& dialect = conn.dialect();
  MIGRATE_ASSIGN_OR_RETURN(std::vector<std::string> schemas,
                           dialect.SchemasWithTable(conn, tables.version));
  if (schemas.empty()) return dialect.DefaultVersionSchema(conn);
  if (schemas.size() == 1) return schemas.front();
  std::vector<std::string> quoted;
  for (const std::string& schema : schemas) quoted.push_back(dialect.QuoteIdentifier(schema));
  return base::Status::FailedPrecondition(
             "version table " + dialect.QuoteIdentifier(tables.version) + " found in " +
             std::to_string(schemas.size()) + " schemas (" + base::Join(quoted) +
             "); migrate will not guess which one records this project")
      .WithContext("  set version_table_schema in migrate.toml to the schema that holds this "
                   "project's version tables");
}

// db::Open for the commands that only read: a SQLite file is never created.
base::Result<std::unique_ptr<db::Connection>> OpenExisting(const db::DatabaseUrl& url,
                                                           const db::OpenOptions& options) {
  db::OpenOptions existing = options;
  existing.create_sqlite_file = false;
  return db::Open(url, existing);
}

}  // namespace

base::Result<db::DatabaseUrl> ConfiguredUrl(const config::Config& config) {
  if (config.url.empty()) {
    return base::Status::InvalidInput(
        "no database URL: pass --url, set DATABASE_URL, or set url in the [migrate] table of "
        "migrate.toml");
  }
  auto url = db::DatabaseUrl::Parse(config.url, config.url_base_dir);
  if (!url) return std::move(url).error().Prefixed("database URL from " + config.url_source);
  return url;
}

db::VersionTables ConfiguredTables(const config::Config& config) {
  return db::VersionTables{config.version_table_schema, config.version_table, config.history_table};
}

base::Result<std::unique_ptr<db::Connection>> ConnectWaiting(
    Context& ctx, const db::DatabaseUrl& url, std::chrono::milliseconds default_wait,
    const db::Opener& open) {
  db::ConnectOptions options;
  options.wait = ctx.config.wait_timeout.value_or(default_wait);
  options.on_wait = [&ctx, &url, &options](const std::string& first_error) {
    ctx.reporter.Waiting("for the database at " + url.Redacted() +
                         " to accept connections (up to " + base::FormatDuration(options.wait) +
                         ", --wait); first attempt: " + first_error);
  };
  return db::ConnectWithRetry(url, options, ctx.clock, db::SleepFor, open);
}

base::Result<DatabaseSession> OpenSession(Context& ctx, Locking locking, Access access) {
  MIGRATE_ASSIGN_OR_RETURN(db::DatabaseUrl url, ConfiguredUrl(ctx.config));
  DatabaseSession session;
  auto conn = ConnectWaiting(ctx, url, /*default_wait=*/std::chrono::milliseconds(0),
                             access == Access::kReadOnly ? db::Opener(OpenExisting) : ctx.open);
  if (!conn && conn.error().code() == base::StatusCode::kNotFound) {
    return std::move(conn).error().WithContext(
        "  nothing was created: this command only reads; check the URL (from " +
        ctx.config.url_source + "), or create the database with `migrate upgrade head`");
  }
  MIGRATE_ASSIGN_OR_RETURN(session.conn, std::move(conn));
  const db::Dialect& dialect = session.conn->dialect();

  db::VersionTables tables = ConfiguredTables(ctx.config);
  if (tables.schema.empty()) {
    // Decided once, now, so that a migration's `SET search_path` cannot move them.
    MIGRATE_ASSIGN_OR_RETURN(tables.schema, LocateVersionSchema(*session.conn, tables));
  }
  session.store = std::make_unique<store::VersionStore>(*session.conn, tables);

  MIGRATE_ASSIGN_OR_RETURN(session.run_info.db_user, dialect.CurrentUser(*session.conn));
  if (session.run_info.db_user.empty()) session.run_info.db_user = OsUser();
  session.run_info.host = HostName();
  session.run_info.pid = getpid();
  session.run_info.tool_version = MIGRATE_VERSION;

  if (locking == Locking::kMigrationLock) {
    db::LockOptions options;
    options.timeout = ctx.config.lock_wait_timeout;
    options.on_wait = [&ctx](const std::string& holder) {
      ctx.reporter.Waiting("another process holds the migration lock: " + holder);
    };
    MIGRATE_ASSIGN_OR_RETURN(session.lock,
                             dialect.AcquireMigrationLock(*session.conn, tables, options));
  }
  return session;
}

base::Result<std::set<std::string>> KnownHeads(DatabaseSession& session,
                                               const engine::Project& project) {
  MIGRATE_ASSIGN_OR_RETURN(std::set<std::string> heads, session.store->CurrentHeads());
  const std::vector<std::string> unknown = project.Unknown(heads);
  if (!unknown.empty()) return engine::AheadOfCode(project, unknown);
  return heads;
}

}  // namespace migrate::commands
