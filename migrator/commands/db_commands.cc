// `migrate db create|status|drop`: the database itself, before (and
// under) the migrations. The work is in bootstrap/; this file decides the
// URLs and how to connect, and reports.

#include "migrator/bootstrap/bootstrap.h"
#include "migrator/commands/commands.h"
#include "migrator/commands/database_session.h"

namespace migrate::commands {

namespace {

// The application URL, the administrative URL and how to connect, decided
// from the configuration.
struct Target {
  db::DatabaseUrl app;
  db::DatabaseUrl admin;
  bootstrap::Options options;
};

base::Result<Target> Resolve(Context& ctx) {
  MIGRATE_ASSIGN_OR_RETURN(db::DatabaseUrl app, ConfiguredUrl(ctx.config));
  MIGRATE_ASSIGN_OR_RETURN(db::DatabaseUrl admin, bootstrap::AdminUrl(app, ctx.config.admin_url,
                                                                      ctx.config.admin_url_source));
  bootstrap::Options options;
  // Every connection waits as --wait / wait_timeout say (default: one attempt).
  options.connect = [&ctx](const db::DatabaseUrl& url) {
    return ConnectWaiting(ctx, url, std::chrono::milliseconds(0));
  };
  options.lock_timeout = ctx.config.lock_wait_timeout;
  options.version_tables = ConfiguredTables(ctx.config);
  options.on_step = [&ctx](const std::string& step) { ctx.reporter.Info(step); };
  return Target{std::move(app), std::move(admin), std::move(options)};
}

bool IsPostgresql(const db::DatabaseUrl& url) {
  return url.scheme() == db::DatabaseUrl::Scheme::kPostgresql;
}

}  // namespace

base::Status DbCreate(Context& ctx) {
  MIGRATE_ASSIGN_OR_RETURN(Target target, Resolve(ctx));
  MIGRATE_ASSIGN_OR_RETURN(bootstrap::Outcome outcome,
                           bootstrap::CreateDatabase(target.app, target.admin, target.options));
  if (!outcome.changed) {
    ctx.reporter.Info(IsPostgresql(target.app)
                          ? "Nothing to create: role " + target.app.user() + " and database " +
                                target.app.database() + " were ready"
                          : "Nothing to create: " + target.app.sqlite_path() + " was ready");
  }
  return base::Status::OK();
}

base::Status DbStatus(Context& ctx) {
  MIGRATE_ASSIGN_OR_RETURN(Target target, Resolve(ctx));
  MIGRATE_ASSIGN_OR_RETURN(std::vector<report::DatabaseCheck> checks,
                           bootstrap::Diagnose(target.app, target.admin, target.options));
  ctx.reporter.DatabaseStatus(checks);
  if (const report::DatabaseCheck* failed = bootstrap::FirstFailure(checks)) {
    return base::Status::FailedPrecondition("database not ready (" + failed->name +
                                            "): " + failed->detail)
        .WithContext("fix: " + failed->fix);
  }
  ctx.reporter.Info("Ready for migrations: " + target.app.Redacted());
  return base::Status::OK();
}

base::Status DbDrop(Context& ctx, const DbDropArgs& args) {
  MIGRATE_ASSIGN_OR_RETURN(Target target, Resolve(ctx));
  if (!args.force) {
    return base::Status::InvalidInput(
        "db drop removes the database " + target.app.Redacted() +
        " and everything in it; it is meant for test environments: pass --force to do it");
  }
  MIGRATE_TRY(bootstrap::DropDatabase(target.app, target.admin, target.options));
  return base::Status::OK();
}

}  // namespace migrate::commands
