#include "migrator/commands/database_session.h"

#include <pwd.h>
#include <unistd.h>

#include "migrator/base/duration.h"
#include "migrator/db/open.h"

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

base::Result<DatabaseSession> OpenSession(Context& ctx, Locking locking) {
  MIGRATE_ASSIGN_OR_RETURN(db::DatabaseUrl url, ConfiguredUrl(ctx.config));
  DatabaseSession session;
  MIGRATE_ASSIGN_OR_RETURN(session.conn,
                           ConnectWaiting(ctx, url, /*default_wait=*/std::chrono::milliseconds(0)));
  const db::Dialect& dialect = session.conn->dialect();

  db::VersionTables tables = ConfiguredTables(ctx.config);
  if (tables.schema.empty()) {
    // Decided once, now, so that a migration's `SET search_path` cannot move them.
    MIGRATE_ASSIGN_OR_RETURN(tables.schema, dialect.DefaultVersionSchema(*session.conn));
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

}  // namespace migrate::commands
