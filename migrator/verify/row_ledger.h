// The data-ledger rule: a migration may delete rows only from the tables it
// names. The database counts the rows each migration inserted, updated and
// deleted per table, foreign-key actions and triggers included
// (Dialect::RowChanges). Rows deleted from a table that none of the
// migration's statements names in a DELETE, TRUNCATE or DROP TABLE were
// deleted behind the author's back — by an ON DELETE CASCADE, a trigger, or
// SQLite's DROP TABLE of a referenced parent — and the migration fails,
// naming the table, the count and the statement that caused it, unless its
// header declares it (`-- expect: rows deleted from TABLE`).
//
// Tables compare by name, folded as implied_effects.h folds them; a schema
// is compared only where both the ledger and the statement give one. Rows of
// a partition count as the partitioned table's too, so a DELETE through the
// parent names its partitions. A TRUNCATE is not counted by PostgreSQL (it
// replaces the table's storage rather than deleting rows), so what a
// TRUNCATE ... CASCADE removes from other tables is not in the ledger: the
// CASCADE in the statement is the author saying so.
//
// Thread safety: a pure function.

#ifndef MIGRATOR_VERIFY_ROW_LEDGER_H_
#define MIGRATOR_VERIFY_ROW_LEDGER_H_

#include <string>
#include <vector>

#include "migrator/base/row_changes.h"
#include "migrator/base/status.h"
#include "migrator/script/postcondition.h"
#include "migrator/verify/implied_effects.h"

namespace migrate::verify {

/// VerificationFailed for the first table of `ledger` that lost rows without
/// being named by `statements` (the migration's, in execution order) or
/// declared by a kRowsDeleted entry of `declared`; OK otherwise.
base::Status CheckDeletedRows(const base::RowLedger& ledger,
                              const std::vector<DescribedStatement>& statements,
                              const std::vector<script::Postcondition>& declared,
                              const std::string& path);

/// "items +3 ~1 -2": one table's changes, for messages and output.
std::string DescribeRowChanges(const base::TableRowChanges& changes);

}  // namespace migrate::verify

#endif  // MIGRATOR_VERIFY_ROW_LEDGER_H_
