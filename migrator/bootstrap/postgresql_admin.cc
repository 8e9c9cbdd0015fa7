#include "migrator/bootstrap/postgresql_admin.h"

#include <optional>
#include <utility>

#include "migrator/db/open.h"

namespace migrate::bootstrap::internal {

const char* const kAdminFix =
    "pass --admin-url (or set MIGRATE_ADMIN_URL) naming a role that may create roles and "
    "databases, e.g. postgresql://postgres@HOST:PORT/postgres";

std::string Quote(std::string_view name) {
  return std::string(db::DialectFor(db::DatabaseUrl::Scheme::kPostgresql).QuoteIdentifier(name));
}

bool Contains(std::string_view text, std::string_view needle) {
  return text.find(needle) != std::string_view::npos;
}

bool IsTrue(const db::Value& value) { return value == std::optional<std::string>("t"); }

base::Status RequireNames(const db::DatabaseUrl& app, bool need_role) {
  if (need_role && app.user().empty()) {
    return base::Status::InvalidInput(
        "the database URL " + app.Redacted() +
        " names no role: write postgresql://ROLE:PASSWORD@HOST:PORT/DATABASE, so that `db` "
        "knows which role to create and check");
  }
  if (app.database().empty()) {
    return base::Status::InvalidInput("the database URL " + app.Redacted() +
                                      " names no database: write "
                                      "postgresql://ROLE:PASSWORD@HOST:PORT/DATABASE");
  }
  return base::Status::OK();
}

// The administrative connection; its failure names the step and the way out.
base::Result<std::unique_ptr<db::Connection>> ConnectAdmin(const db::DatabaseUrl& admin,
                                                           const Options& options,
                                                           const std::string& what) {
  auto conn = options.connect(admin);
  if (conn) return conn;
  return std::move(conn)
      .error()
      .Prefixed(what + ": cannot connect as the administrator")
      .WithContext("fix: " + std::string(kAdminFix));
}

}  // namespace migrate::bootstrap::internal
