// What SQLite's own compiler says a statement will do: the statement is
// prepared (sqlite3_prepare_v2) with an authorizer (sqlite3_set_authorizer)
// installed, and the authorizer's reports become script::Intent values.
//
// What the authorizer reports, and what is made of it:
//   CREATE_TABLE, CREATE_VTABLE, CREATE_VIEW, CREATE_INDEX, CREATE_TRIGGER
//     and their TEMP forms                   kCreate of that kind (an index
//                                            or trigger with the table it is on)
//   DROP_* (the same kinds)                  kDrop; DROP TABLE also reports
//                                            DELETE on the table and DROP_TRIGGER
//                                            for its triggers: kept
//   INSERT, UPDATE, DELETE                   kInsert, kUpdate, kDelete, once per
//                                            table
//   ALTER_TABLE                              which form, from the keywords (below)
//   ATTACH, DETACH                           kAttach, kDetach
//   ANALYZE, REINDEX                         maintenance
// Reports made inside a trigger or view (the authorizer's 6th argument) are
// not the statement's own: a trigger's body that writes elsewhere gives no
// intent. Objects SQLite keeps for itself (sqlite_schema, sqlite_stat1,
// sqlite_sequence, sqlite_autoindex_*) are left out. The third argument
// names the database: `temp` sets `temporary` (on every intent, a DROP or
// INSERT included), `main` leaves `object.schema` empty, an attached
// database is named there.
//
// Foreign-key actions compile into nameless triggers, so the authorizer
// reports the rows an ON DELETE CASCADE would delete from a child table as
// if the statement deleted them itself. Enforcement is therefore turned off
// while a statement compiles (sqlite3_db_config SQLITE_DBCONFIG_ENABLE_FKEY,
// which works inside a transaction where the pragma does not) and restored
// before anything runs; the pre-update hook counts those rows when they go.
//
// What the authorizer does not say is read from the statement's leading
// keywords with the shared lexer (script/sql_lexer.h): UNIQUE of CREATE
// UNIQUE INDEX; IF [NOT] EXISTS; the ALTER TABLE form (RENAME TO new,
// RENAME [COLUMN] a TO b, ADD [COLUMN] c, DROP [COLUMN] c); the name an
// ATTACH gives; VACUUM (maintenance). A CREATE INDEX or TRIGGER IF NOT
// EXISTS of an object that exists, and a DROP ... IF EXISTS of one that
// does not, compile to nothing and report nothing; their intent (with
// if_exists) is read from the keywords too, so the object they name is
// still checked.
//
// A CREATE TABLE's columns come from SQLite as well: the statement runs in
// a private in-memory database and pragma_table_xinfo lists them (hidden
// columns of virtual tables left out). When it cannot run there (CREATE
// TABLE ... AS SELECT from the user's tables), `columns` stays empty.
//
// A statement that does not compile (a syntax error, a table that does not
// exist yet) is `understood = false`; running it reports SQLite's error.
// `refused_in_transaction` is left to the dialect, which reads it with
// TransactionRefusal from the same leading keywords.
//
// Thread safety: a connection handle is used by one thread at a time.

#ifndef MIGRATOR_DB_SQLITE_SQLITE_COMPILER_H_
#define MIGRATOR_DB_SQLITE_SQLITE_COMPILER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrator/script/intent.h"
#include "migrator/script/statement.h"

namespace sqlite_api {  // where SOCI's header puts the SQLite API
struct sqlite3;
}  // namespace sqlite_api

namespace migrate::db {

/// Whether CompileIntent reads a CREATE TABLE's columns (by running the
/// statement in a private database, the one costly part of describing it).
enum class TableColumns { kRead, kSkip };

/// What `sql` (one statement) will do, compiled against `db`'s current
/// schema and never run. Leaves no authorizer installed.
script::StatementIntent CompileIntent(sqlite_api::sqlite3* db, std::string_view sql,
                                      TableColumns columns = TableColumns::kRead);

/// What each of `statements` does, in order: each is compiled and then run
/// in a private in-memory database, so later statements see the tables
/// earlier ones created. One StatementIntent per statement; one that fails
/// to compile or to run is `understood = false`, and the rest go on.
std::vector<script::StatementIntent> CompileIntentsOffline(
    const std::vector<script::Statement>& statements);

/// Whether `name` is one SQLite keeps for itself (sqlite_schema,
/// sqlite_sequence, sqlite_stat1, sqlite_autoindex_*, ...): no migration's
/// object, and its rows are no migration's data.
bool IsSqliteInternal(std::string_view name);

/// Why `sql` (one statement) must not run inside migrate's transaction,
/// read from its leading keywords: BEGIN, COMMIT, END and ROLLBACK (not
/// ROLLBACK TO a savepoint) would end it, SQLite cannot VACUUM or change
/// PRAGMA journal_mode or synchronous inside one, and it silently ignores
/// PRAGMA foreign_keys there. std::nullopt for any other statement.
std::optional<std::string> TransactionRefusal(std::string_view sql);

}  // namespace migrate::db

#endif  // MIGRATOR_DB_SQLITE_SQLITE_COMPILER_H_
