// Verifier: decides whether a migration did what it claims, inside the
// migration's own transaction, before its version row is written
// (guarantees 2 and 3 of the contract).
//
// Three kinds of evidence, all checked against the live catalog one named
// object at a time (so the cost does not grow with the schema):
//   - postconditions: the `expect:` lines and the effects inferred from the
//     migration's DDL (verify/implied_effects.h);
//   - the `verify` section: every statement must succeed, and where it
//     returns rows the first column of the first row must be true;
//   - whether the migration wrote anything at all, as the database counts
//     it (Dialect::RowChanges and CatalogChanged): a migration that ran
//     statements, changed nothing and has nothing that vouches for it is the
//     "SELECT 'CREATE …'" failure this project exists to catch.
//
// Thread safety: stateless functions over one Connection.

#ifndef MIGRATOR_VERIFY_VERIFIER_H_
#define MIGRATOR_VERIFY_VERIFIER_H_

#include <string>
#include <vector>

#include "migrator/base/status.h"
#include "migrator/db/connection.h"
#include "migrator/script/postcondition.h"
#include "migrator/script/statement.h"
#include "migrator/verify/implied_effects.h"

namespace migrate::verify {

/// Checks each postcondition. Returns one kVerificationFailed Status per
/// unmet postcondition, pointing at its origin (the `expect:` line or the
/// statement that implies it) and saying what the catalog shows instead;
/// empty when all hold. Fails (the Result) only if the catalog cannot be read.
base::Result<std::vector<base::Status>> CheckPostconditions(
    db::Connection& conn, const std::vector<script::Postcondition>& postconditions);

/// Runs the verify section's statements. Returns the first failing one as a
/// kVerificationFailed Status at `path:line` (a database error keeps the
/// database's message); OK when every statement passes. A statement the
/// database refuses because it writes inside a read-only transaction
/// (db::kReadOnlySqlstate) is kInvalidInput instead: a verify section must
/// only read.
base::Status RunVerifySection(db::Connection& conn, const std::vector<script::Statement>& statements,
                              const std::string& path);

/// Runs a verify section again, long after its migration, inside the
/// read-only transaction of `migrate verify` and `migrate check`
/// (Connection::BeginReadOnly), as RunVerifySection does. The section runs
/// in a savepoint, so a statement that fails leaves the transaction usable
/// for the checks after it. A statement that cannot run inside a
/// transaction (COMMIT would end the read-only one) is kInvalidInput at
/// `path:line`, and nothing of the section runs.
/// REQUIRES: conn.InTransaction(), begun with BeginReadOnly().
base::Status RerunVerifySection(db::Connection& conn,
                                const std::vector<script::Statement>& statements,
                                const std::string& path);

/// What is known about one migration's run when deciding whether it was a
/// no-op. Every postcondition has been checked and held.
struct NoopEvidence {
  std::string path;  // the migration file, for the message
  /// Its statements as run, with what the database's grammar says they do.
  const std::vector<DescribedStatement>* statements = nullptr;
  bool wrote = false;  // the catalog or a durable table changed
  const std::vector<script::Postcondition>* postconditions = nullptr;  // declared and implied
  const std::vector<script::Statement>* verify = nullptr;              // the verify section
  bool declares_checks = false;  // the header has an `expect:` line that checks something
  script::SplitterOptions splitter;  // how the verify section's names are read
  bool noop_allowed = false;         // `noop: allowed` in the header
};

/// Guarantee 3: fails (kVerificationFailed) a migration that ran statements
/// but changed nothing, unless every statement is vouched for or its header
/// allows it. A migration changed something when the database observed it
/// (`wrote`) or when a statement's success proves it: a CREATE, DROP,
/// RENAME or ALTER of a durable object without IF [NOT] EXISTS, which the
/// database would have refused had there been nothing to do.
/// A statement is vouched for when it is maintenance (VACUUM, ANALYZE, ...);
/// when it drops something (the absence is its point); when a postcondition,
/// or a verify statement, concerns an object the statement itself names (so
/// `DROP TABLE IF EXISTS other` does not vouch for a `SELECT 'CREATE TABLE t'`
/// beside it); or, for code whose effects the grammar cannot know (DO, CALL),
/// when the header declares an `expect:` line or the file has a verify
/// section. A statement that names no object (a bare SELECT) is vouched for
/// by nothing.
base::Status CheckNotANoop(const NoopEvidence& evidence);

/// True if a value from the first column of a verify query counts as true:
/// not NULL, not false ("f", "false"), not zero.
bool IsTruthy(const db::Value& value);

}  // namespace migrate::verify

#endif  // MIGRATOR_VERIFY_VERIFIER_H_
