// The PostgreSQL half of bootstrap.h: creating (postgresql_create.cc),
// dropping (postgresql_drop.cc) and diagnosing (postgresql_diagnosis.cc) a
// role and database through an administrative connection; what the three
// share is in postgresql_admin.h. bootstrap.cc dispatches here by scheme;
// the contracts are those of bootstrap.h.

#ifndef MIGRATOR_BOOTSTRAP_POSTGRESQL_BOOTSTRAP_H_
#define MIGRATOR_BOOTSTRAP_POSTGRESQL_BOOTSTRAP_H_

#include <vector>

#include "migrator/bootstrap/bootstrap.h"

namespace migrate::bootstrap::internal {

/// CreateDatabase for a postgresql:// `app`. REQUIRES: both URLs PostgreSQL.
base::Result<Outcome> CreatePostgresql(const db::DatabaseUrl& app, const db::DatabaseUrl& admin,
                                       const Options& options);
/// DropDatabase for a postgresql:// `app`. REQUIRES: both URLs PostgreSQL.
base::Result<Outcome> DropPostgresql(const db::DatabaseUrl& app, const db::DatabaseUrl& admin,
                                     const Options& options);
/// Diagnose for a postgresql:// `app`. REQUIRES: both URLs PostgreSQL.
base::Result<std::vector<report::DatabaseCheck>> DiagnosePostgresql(const db::DatabaseUrl& app,
                                                                    const db::DatabaseUrl& admin,
                                                                    const Options& options);

}  // namespace migrate::bootstrap::internal

#endif  // MIGRATOR_BOOTSTRAP_POSTGRESQL_BOOTSTRAP_H_
