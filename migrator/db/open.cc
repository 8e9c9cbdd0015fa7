#include "migrator/db/open.h"

#include "migrator/db/postgresql/postgresql_connection.h"
#include "migrator/db/postgresql/postgresql_dialect.h"
#include "migrator/db/sqlite/sqlite_connection.h"
#include "migrator/db/sqlite/sqlite_dialect.h"

namespace migrate::db {

base::Result<std::unique_ptr<Connection>> Open(const DatabaseUrl& url, const OpenOptions& options) {
  switch (url.scheme()) {
    case DatabaseUrl::Scheme::kSqlite:
      return OpenSqlite(url, options.create_sqlite_file);
    case DatabaseUrl::Scheme::kPostgresql:
      return OpenPostgresql(url, options);
  }
  return base::Status::Internal("unknown database URL scheme");
}

const Dialect& DialectFor(DatabaseUrl::Scheme scheme) {
  switch (scheme) {
    case DatabaseUrl::Scheme::kSqlite:
      return SqliteDialect();
    case DatabaseUrl::Scheme::kPostgresql:
      return PostgresqlDialect();
  }
  return SqliteDialect();  // unreachable: the switch covers every scheme
}

}  // namespace migrate::db
