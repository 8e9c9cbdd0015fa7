#include "migrator/db/error_cause.h"

#include <sqlite3.h>

#include <string>

namespace migrate::db {

namespace {

ErrorCause SqliteCause(int extended_code) {
  switch (extended_code & 0xFF) {  // the primary code: SQLITE_IOERR_WRITE is an SQLITE_IOERR
    case SQLITE_FULL:
      return ErrorCause::kDiskFull;
    case SQLITE_READONLY:
      return ErrorCause::kReadOnly;
    case SQLITE_IOERR:
      return ErrorCause::kIoError;
    default:
      return ErrorCause::kOther;
  }
}

ErrorCause PostgresqlCause(const std::string& sqlstate) {
  if (sqlstate == "53100") return ErrorCause::kDiskFull;
  if (sqlstate == "25006") return ErrorCause::kReadOnly;
  // Class 08 (connection exception); 57P01 admin_shutdown (pg_terminate_backend,
  // a fast shutdown), 57P02 crash_shutdown, 57P03 cannot_connect_now.
  if (sqlstate.rfind("08", 0) == 0 || sqlstate == "57P01" || sqlstate == "57P02" ||
      sqlstate == "57P03") {
    return ErrorCause::kConnectionLost;
  }
  return ErrorCause::kOther;
}

}  // namespace

ErrorCause CauseOf(const base::Status& status) {
  const auto& detail = status.database();
  if (status.ok() || !detail) return ErrorCause::kOther;
  if (detail->sqlite_code != 0) return SqliteCause(detail->sqlite_code);
  return PostgresqlCause(detail->sqlstate);
}

}  // namespace migrate::db
