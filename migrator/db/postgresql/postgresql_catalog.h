// The PostgreSQL dialect's catalog questions and what a transaction did,
// asked of the server itself (db/dialect.h states the contract; these are
// the PostgreSQL answers behind it):
//
//  - FindObjectPostgresql: whether an object of exactly the kind asked for
//    exists, in one query per check. A table is a durable ordinary or
//    partitioned table (relkind 'r' or 'p', not temporary); an index must be
//    valid and ready (and unique when asked). A temporary relation that
//    shadows a durable one of the same name in the search_path does not hide
//    it; one that shadows nothing is reported as what it is.
//  - RowChangesPostgresql: rows inserted, updated and deleted per durable
//    table by the current transaction, read from the server's own counters
//    (the pg_stat_get_xact_* functions behind pg_stat_xact_user_tables), so
//    foreign-key actions and triggers are included. Only the tables the
//    transaction holds a RowExclusiveLock on are read: every INSERT, UPDATE,
//    DELETE, MERGE and COPY FROM takes one, the cascades and triggers they
//    run included, and the cost then follows what the transaction touched,
//    not the size of the database.
//  - CatalogChangedPostgresql: whether a catalog row visible now was
//    written by the current transaction (or one of its committed
//    subtransactions) for a durable object.
//
// The counters are the backend's pending statistics, which the server
// flushes at most once a second, between transactions: until then they
// also hold the counts of this session's earlier transactions.
// BeginObservingPostgresql therefore asks the server (PostgreSQL 15 and
// later) to flush them as soon as the current transaction ends, so the next
// observed transaction starts from zero. What this session wrote outside
// observed transactions in the last second may still be counted; on
// PostgreSQL 13 and 14, which cannot be asked to flush, so may the writes
// of its transactions of the last half second.
//
// Thread safety: stateless; any thread may call these, one per connection.

#ifndef MIGRATOR_DB_POSTGRESQL_POSTGRESQL_CATALOG_H_
#define MIGRATOR_DB_POSTGRESQL_POSTGRESQL_CATALOG_H_

#include <optional>
#include <string>
#include <vector>

#include "migrator/base/row_changes.h"
#include "migrator/base/status.h"
#include "migrator/db/connection.h"
#include "migrator/db/dialect.h"
#include "migrator/script/postcondition.h"

namespace migrate::db {

/// Dialect::FindObject for PostgreSQL (see the file comment for what each
/// kind means). Unqualified names resolve through the current search_path.
base::Result<ObjectFinding> FindObjectPostgresql(Connection& conn, script::ObjectKind kind,
                                                 const script::ObjectName& object,
                                                 const script::Identifier& column, bool unique);

/// Dialect::TableColumns for PostgreSQL: the columns of the table, view,
/// materialized view or foreign table `table` resolves to, in order.
base::Result<std::optional<std::vector<std::string>>> TableColumnsPostgresql(
    Connection& conn, const script::ObjectName& table);

/// Dialect::BeginObserving for PostgreSQL: the counters are per transaction
/// already; this asks for them to be flushed when the transaction ends.
/// REQUIRES: conn.InTransaction().
base::Status BeginObservingPostgresql(Connection& conn);

/// Dialect::RowChanges for PostgreSQL, for the whole current transaction.
/// A table is named `relname` when its schema is the first schema of the
/// current search_path, else `schema.relname`. Rows written by a
/// subtransaction that rolled back are counted when the table was also
/// written outside it (the server counts attempts); TRUNCATE is not counted.
/// first_delete_statement is always -1. REQUIRES: conn.InTransaction().
base::Result<base::RowLedger> RowChangesPostgresql(Connection& conn);

/// Dialect::CatalogChanged for PostgreSQL, for the whole current
/// transaction. A DROP that only deletes catalog rows is not seen (deleted
/// rows are invisible): postconditions check drops. REQUIRES:
/// conn.InTransaction().
base::Result<bool> CatalogChangedPostgresql(Connection& conn);

}  // namespace migrate::db

#endif  // MIGRATOR_DB_POSTGRESQL_POSTGRESQL_CATALOG_H_
