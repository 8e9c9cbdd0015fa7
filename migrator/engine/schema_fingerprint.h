// SchemaFingerprint: what `migrate test` compares before an upgrade and after
// the downgrade that should undo it. It is the database's user schema as
// sorted text lines, one per object or column:
//
//   "table main.customers"
//   "column main.customers.email text null"
//   "index main.customers_email_idx: CREATE INDEX ..."
//
// covering tables, views, indexes, columns (name, type, nullability),
// sequences (PostgreSQL) and triggers, of every schema where the
// connection's unqualified names resolve (SQLite: main; PostgreSQL:
// current_schemas(false)). The version tables and their indexes are left
// out: the walk itself writes them. Equal fingerprints mean the schema was
// restored as far as names, columns and index definitions go; data,
// constraints beyond NOT NULL, grants and comments are not compared.
//
// The queries are per dialect and live here rather than behind db::Dialect
// because they are only this feature's view of the catalog: plain SELECTs
// over sqlite_master/pragma_table_info and information_schema/pg_indexes,
// picked by the connection's dialect name.

#ifndef MIGRATOR_ENGINE_SCHEMA_FINGERPRINT_H_
#define MIGRATOR_ENGINE_SCHEMA_FINGERPRINT_H_

#include <string>
#include <vector>

#include "migrator/base/status.h"
#include "migrator/db/connection.h"
#include "migrator/db/dialect.h"

namespace migrate::engine {

using SchemaFingerprint = std::vector<std::string>;  // sorted lines

/// Reads the fingerprint of the schema `conn` sees, without `tables`.
/// Returns the database's error if a catalog query fails; Internal for a
/// dialect this file does not know.
base::Result<SchemaFingerprint> FingerprintSchema(db::Connection& conn,
                                                  const db::VersionTables& tables);

/// What differs, one line each: "+ <line>" in `after` only, "- <line>" in
/// `before` only, removals first. Empty when the two are equal.
std::vector<std::string> FingerprintDiff(const SchemaFingerprint& before,
                                         const SchemaFingerprint& after);

}  // namespace migrate::engine

#endif  // MIGRATOR_ENGINE_SCHEMA_FINGERPRINT_H_
