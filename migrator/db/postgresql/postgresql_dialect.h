// The PostgreSQL dialect (see db/dialect.h for the contract every dialect
// keeps). What is particular to PostgreSQL:
//
//  - Names fold as the server folds them: an unquoted identifier is
//    lower-cased (ASCII only, as in a UTF-8 database) and truncated to 63
//    bytes; a quoted one is kept. Unqualified names resolve through the
//    current search_path, as a statement run now would resolve them
//    (to_regclass / to_regtype, or pg_proc / pg_trigger in the schemas of
//    current_schemas(true)).
//  - Statements are split, described and checked for what cannot run in a
//    transaction block by the server's own grammar, libpg_query
//    (db/postgresql/pg_parser.h), never by reading their text.
//  - kTrigger: `object` is the trigger's name, found on any table in the
//    schema (or search_path); if `column` is given, `object` is the table and
//    `column` the trigger's name.
//  - ChangeMarker is the transaction id, which the server assigns at the
//    transaction's first write of any kind (rows, catalog, comments, grants)
//    and never for reads or SET.
//  - The migration lock is a session-level advisory lock, keyed by
//    MigrationLockKey(tables), taken by polling pg_try_advisory_lock (never a
//    blocking pg_advisory_lock, so a timeout is honoured and the holder can
//    be named). The server releases it if the holding session dies.
//  - ResetSession does what DISCARD ALL does except releasing advisory locks.
//
// Thread safety: stateless; any thread may call it.

#ifndef MIGRATOR_DB_POSTGRESQL_POSTGRESQL_DIALECT_H_
#define MIGRATOR_DB_POSTGRESQL_POSTGRESQL_DIALECT_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "migrator/db/dialect.h"
#include "migrator/script/postcondition.h"

namespace migrate::db {

/// The PostgreSQL dialect; lives as long as the program.
const Dialect& PostgresqlDialect();

/// The advisory-lock key that serializes migrations of `tables`: a stable
/// 64-bit FNV-1a hash of "migrate:<schema>.<version table>", the same in
/// every migrate version and on every server.
std::int64_t MigrationLockKey(const VersionTables& tables);

/// `id` as PostgreSQL stores it: unquoted ones lower-cased (ASCII), both
/// truncated to 63 bytes on a UTF-8 character boundary.
std::string FoldIdentifier(const script::Identifier& id);

/// Whether `word` is made of identifier characters only (ASCII letters,
/// digits, `_`), so that the server's parsers read it as the one identifier
/// we mean without quoting.
bool IsPlainWord(std::string_view word);

}  // namespace migrate::db

#endif  // MIGRATOR_DB_POSTGRESQL_POSTGRESQL_DIALECT_H_
