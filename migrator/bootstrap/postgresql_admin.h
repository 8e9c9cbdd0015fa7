// What the PostgreSQL halves of bootstrap (create, drop, diagnose) share:
// quoting identifiers, the URL check that a role and database are named,
// and the administrative connection whose failure says how to give one.
// Internal to bootstrap/; pure helpers, thread-safe.

#ifndef MIGRATOR_BOOTSTRAP_POSTGRESQL_ADMIN_H_
#define MIGRATOR_BOOTSTRAP_POSTGRESQL_ADMIN_H_

#include <memory>
#include <string>
#include <string_view>

#include "migrator/bootstrap/bootstrap.h"

namespace migrate::bootstrap::internal {

/// How to give `db` an administrator, for the "fix:" line of errors.
extern const char* const kAdminFix;

/// `name` as a PostgreSQL identifier, double-quoted where it needs it.
std::string Quote(std::string_view name);

/// Whether `text` contains `needle`.
bool Contains(std::string_view text, std::string_view needle);

/// Whether a boolean column read as text is true ("t").
bool IsTrue(const db::Value& value);

/// OK, or InvalidInput saying how to write the URL when `app` names no
/// database, or (with `need_role`) no role.
base::Status RequireNames(const db::DatabaseUrl& app, bool need_role);

/// A connection to `admin` through options.connect, or its error prefixed
/// by `what` (the step that needed it) with kAdminFix as context.
base::Result<std::unique_ptr<db::Connection>> ConnectAdmin(const db::DatabaseUrl& admin,
                                                           const Options& options,
                                                           const std::string& what);

}  // namespace migrate::bootstrap::internal

#endif  // MIGRATOR_BOOTSTRAP_POSTGRESQL_ADMIN_H_
