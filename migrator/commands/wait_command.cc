// `migrate wait`: the first line of a container's entrypoint, before
// `migrate upgrade head`. A server that accepts the TCP connection may still
// refuse sessions ("the database system is starting up") or be unable to
// answer; only a session that answers `SELECT 1` counts as ready.

#include "migrator/commands/commands.h"
#include "migrator/commands/database_session.h"

namespace migrate::commands {

namespace {

// One attempt: connect, then ask the simplest question.
base::Result<std::unique_ptr<db::Connection>> OpenAndAsk(const db::DatabaseUrl& url,
                                                         const db::OpenOptions& options) {
  MIGRATE_ASSIGN_OR_RETURN(std::unique_ptr<db::Connection> conn, db::Open(url, options));
  auto rows = conn->Query("SELECT 1");
  if (!rows) {
    return base::Status::Database("cannot connect to " + url.Redacted() +
                                      ": connected, but SELECT 1 failed: " + rows.error().message(),
                                  rows.error().database().value_or(base::DatabaseDetail{}));
  }
  if (rows->rows.size() != 1 || rows->rows[0].empty() || rows->rows[0][0] != "1") {
    return base::Status::Database("cannot connect to " + url.Redacted() +
                                  ": connected, but SELECT 1 did not return 1");
  }
  return conn;
}

}  // namespace

base::Status Wait(Context& ctx) {
  MIGRATE_ASSIGN_OR_RETURN(db::DatabaseUrl url, ConfiguredUrl(ctx.config));
  MIGRATE_ASSIGN_OR_RETURN(std::unique_ptr<db::Connection> conn,
                           ConnectWaiting(ctx, url, kDefaultWaitCommandTimeout, OpenAndAsk));
  ctx.reporter.Info("The database at " + url.Redacted() + " accepts connections");
  return base::Status::OK();
}

}  // namespace migrate::commands
