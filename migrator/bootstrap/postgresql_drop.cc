// bootstrap::DropDatabase on PostgreSQL: DROP DATABASE … WITH (FORCE)
// through the administrative connection; the role is kept.

#include <utility>

#include "migrator/bootstrap/postgresql_admin.h"
#include "migrator/bootstrap/postgresql_bootstrap.h"

namespace migrate::bootstrap::internal {

base::Result<Outcome> DropPostgresql(const db::DatabaseUrl& app, const db::DatabaseUrl& admin,
                                     const Options& options) {
  MIGRATE_TRY(RequireNames(app, /*need_role=*/false));
  const std::string& database = app.database();
  if (database == admin.database()) {
    return base::Status::InvalidInput(
        "cannot drop database " + database +
        ": the administrative URL connects to it; pass --admin-url naming another database "
        "(e.g. postgres)");
  }
  Outcome outcome(options.on_step);
  MIGRATE_ASSIGN_OR_RETURN(std::unique_ptr<db::Connection> conn,
                           ConnectAdmin(admin, options, "cannot drop database " + database));
  MIGRATE_ASSIGN_OR_RETURN(
      db::Rows exists,
      conn->Query("SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1", {database}));
  if (exists.empty()) {
    outcome.Add("Database " + database + " does not exist; nothing to drop");
    return outcome;
  }
  // FORCE ends the database's sessions (PostgreSQL 13+): this is for test
  // environments, where a forgotten session must not keep it alive.
  if (base::Status s =
          conn->Execute("DROP DATABASE IF EXISTS " + Quote(database) + " WITH (FORCE)");
      !s.ok()) {
    return std::move(s).Prefixed("cannot drop database " + database);
  }
  outcome.Add("Dropped database " + database +
              (app.user().empty() ? "" : " (role " + app.user() + " is kept)"));
  outcome.changed = true;
  return outcome;
}

}  // namespace migrate::bootstrap::internal
