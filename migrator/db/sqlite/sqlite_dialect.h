// The SQLite dialect: what migrator knows about SQLite, asked through any
// Connection to a SQLite database (see db/dialect.h for the contract).
//
// Names. SQLite compares identifiers case-insensitively (ASCII only) whether
// or not they were quoted, so Identifier::quoted is ignored here. A schema
// qualifier names an attached database (`main`, `temp`, or an ATTACH name).
// An unqualified name resolves as SQLite resolves it: `temp` first, then
// `main`, then the attached databases in attachment order.
//
// Object kinds: table, view, index and trigger come from each database's
// schema, exactly (FindObject): a view is not a table nor a table a view,
// and what an unqualified name finds first in `temp` (a temporary object)
// or in an attached database does not count, since neither is the target
// database; a view must also compile (SQLite compiles views only when they
// are used), and an index asked for as unique must be unique. A qualified
// name looks in that database only. Column comes from pragma_table_xinfo
// (generated columns included,
// a virtual table's hidden columns not); function from pragma_function_list
// (functions belong to the connection, so a qualified function name is an
// error); schema from pragma_database_list; extension is a SQLite feature
// (below). SQLite has no sequences, types or materialized views: asking for
// one is InvalidInput ("SQLite has no sequences").
//
// Features (CheckExtension, `extensions:` headers): fts5 and rtree are
// installed when their virtual-table module is registered
// (pragma_module_list), json1 when json() exists and math when sqrt()
// exists (pragma_function_list). Either way nothing in the database
// changes. There is nothing to CREATE, so the answer is kInstalled or
// kUnavailable.
//
// Session: ResetSession re-applies the pragmas the connection was opened
// with (busy_timeout, foreign_keys and the URL's), except those stored in
// the database file (journal_mode, page_size, auto_vacuum), so a
// `transaction: none` migration that turned foreign keys off does not leave
// them off for the next one. Other state (temp tables, attached databases)
// is left alone. A Connection that is not a SqliteConnection (a test
// wrapper) is left as it is.
//
// Statements: SplitStatements ends them where sqlite3_complete() says
// (sqlite_splitter.h); Describe and DescribeOffline read them with SQLite's
// compiler and authorizer (sqlite_compiler.h). The ledger and
// CatalogChanged come from the connection's pre-update hook and schema
// markers (sqlite_connection.h).
//
// Table rebuilds: SuspendForeignKeysForRebuild turns enforcement off when
// foreign keys are on and a statement that compiles against the current
// schema drops a table of main that another table references
// (pragma_foreign_key_list); CheckForeignKeys runs PRAGMA
// foreign_key_check and names the first three violations and the count.
//
// Locking: SQLite has no session lock. AcquireMigrationLock takes a file
// lock beside the database (sqlite_migration_lock.h) and raises the busy
// timeout, so each migration's BEGIN IMMEDIATE waits as long for other
// writers; the runner re-reads the heads inside it.
//
// Thread safety: stateless; any thread may use it.

#ifndef MIGRATOR_DB_SQLITE_SQLITE_DIALECT_H_
#define MIGRATOR_DB_SQLITE_SQLITE_DIALECT_H_

#include "migrator/db/dialect.h"

namespace migrate::db {

/// The SQLite dialect; one instance that lives as long as the program.
const Dialect& SqliteDialect();

}  // namespace migrate::db

#endif  // MIGRATOR_DB_SQLITE_SQLITE_DIALECT_H_
