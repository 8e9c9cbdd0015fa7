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
//   - whether the migration wrote anything at all (Dialect::ChangeMarker): a
//     migration that ran statements, changed nothing and has nothing that
//     vouches for it is the "SELECT 'CREATE …'" failure this project exists
//     to catch.
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

namespace migrate::verify {

/// Checks each postcondition. Returns one kVerificationFailed Status per
/// unmet postcondition, pointing at its origin (the `expect:` line or the
/// statement that implies it) and saying what the catalog shows instead;
/// empty when all hold. Fails (the Result) only if the catalog cannot be read.
base::Result<std::vector<base::Status>> CheckPostconditions(
    db::Connection& conn, const std::vector<script::Postcondition>& postconditions);

/// Runs the verify section's statements. Returns the first failing one as a
/// kVerificationFailed Status at `path:line` (a database error keeps the
/// database's message); OK when every statement passes.
base::Status RunVerifySection(db::Connection& conn, const std::vector<script::Statement>& statements,
                              const std::string& path);

/// What is known about one migration's run when deciding whether it was a no-op.
struct NoopEvidence {
  std::string path;          // the migration file, for the message
  int statement_count = 0;   // statements its upgrade ran
  bool wrote = false;        // the change marker moved
  int vouchers = 0;          // postconditions + verify statements that held
  bool noop_allowed = false; // `noop: allowed` in the header
};

/// Guarantee 3: fails (kVerificationFailed) a migration that ran statements
/// but wrote nothing, unless something vouches for it or its header allows it.
base::Status CheckNotANoop(const NoopEvidence& evidence);

/// True if a value from the first column of a verify query counts as true:
/// not NULL, not false ("f", "false"), not zero.
bool IsTruthy(const db::Value& value);

}  // namespace migrate::verify

#endif  // MIGRATOR_VERIFY_VERIFIER_H_
