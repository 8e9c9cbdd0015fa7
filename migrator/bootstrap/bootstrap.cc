#include "migrator/bootstrap/bootstrap.h"

#include "migrator/bootstrap/postgresql_bootstrap.h"
#include "migrator/bootstrap/sqlite_bootstrap.h"

namespace migrate::bootstrap {

namespace {

constexpr const char* kMaintenanceDatabase = "postgres";

bool IsPostgresql(const db::DatabaseUrl& url) {
  return url.scheme() == db::DatabaseUrl::Scheme::kPostgresql;
}

}  // namespace

base::Result<db::DatabaseUrl> AdminUrl(const db::DatabaseUrl& app, const std::string& admin_url,
                                       const std::string& source) {
  if (admin_url.empty()) {
    if (!IsPostgresql(app)) return app;
    return app.WithDatabase(kMaintenanceDatabase);
  }
  auto admin = db::DatabaseUrl::Parse(admin_url, ".");
  if (!admin) return std::move(admin).error().Prefixed("administrative URL from " + source);
  if (!IsPostgresql(*admin)) {
    return base::Status::InvalidInput("the administrative URL from " + source + " (" +
                                      admin->Redacted() + ") must be a postgresql:// URL");
  }
  return admin;
}

base::Result<Outcome> CreateDatabase(const db::DatabaseUrl& app, const db::DatabaseUrl& admin,
                                     const Options& options) {
  if (IsPostgresql(app)) return internal::CreatePostgresql(app, admin, options);
  return internal::CreateSqlite(app, options);
}

base::Result<Outcome> DropDatabase(const db::DatabaseUrl& app, const db::DatabaseUrl& admin,
                                   const Options& options) {
  if (IsPostgresql(app)) return internal::DropPostgresql(app, admin, options);
  return internal::DropSqlite(app, options);
}

base::Result<std::vector<report::DatabaseCheck>> Diagnose(const db::DatabaseUrl& app,
                                                          const db::DatabaseUrl& admin,
                                                          const Options& options) {
  if (IsPostgresql(app)) return internal::DiagnosePostgresql(app, admin, options);
  return internal::DiagnoseSqlite(app, options);
}

const report::DatabaseCheck* FirstFailure(const std::vector<report::DatabaseCheck>& checks) {
  for (const report::DatabaseCheck& check : checks) {
    if (check.state == report::DatabaseCheck::State::kFailed) return &check;
  }
  return nullptr;
}

}  // namespace migrate::bootstrap
