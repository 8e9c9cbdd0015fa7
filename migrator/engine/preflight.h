// Preflight (guarantee 1): everything that can be known before the first
// migration runs, checked at once, with every problem reported together and
// nothing changed in the database:
//
//   - the revisions recorded in the database are known to the script directory;
//   - the files of applied revisions are unchanged (checksums);
//   - no `transaction: none` migration is marked incomplete;
//   - each pending migration has a section for this dialect and its SQL splits;
//   - no statement that cannot run inside a transaction sits in a
//     per-migration migration;
//   - the role may create objects where unqualified names go;
//   - every extension a pending migration needs (declared, or evident from
//     its SQL) is installed, or available and creatable by this role.
//
// On success it returns the prepared steps, so nothing is parsed twice.

#ifndef MIGRATOR_ENGINE_PREFLIGHT_H_
#define MIGRATOR_ENGINE_PREFLIGHT_H_

#include <set>
#include <string>
#include <vector>

#include "migrator/base/status.h"
#include "migrator/db/connection.h"
#include "migrator/engine/migration_step.h"
#include "migrator/engine/project.h"
#include "migrator/store/version_store.h"

namespace migrate::engine {

struct PreflightResult {
  std::vector<MigrationStep> steps;     // prepared, in plan order; empty if problems
  std::vector<base::Status> problems;   // every problem found
};

/// What the caller is about to do that makes part of the recorded state
/// acceptable.
struct RecordedStateOptions {
  /// Incomplete runs are not problems: `upgrade --retry-incomplete` re-runs them.
  bool allow_incomplete = false;
  /// A revision whose file may differ from the one applied: `redo` reverts
  /// it and applies the file as it is now. "" = none.
  std::string redo;
};

/// The part of preflight about what the database already records: its heads
/// are known revisions, the files of applied revisions (those the heads
/// hold, whatever older history rows say) are unchanged, nothing is marked
/// incomplete. Appends each problem; fails only if the database cannot be read.
base::Status CheckRecordedState(const Project& project, const std::set<std::string>& heads,
                                store::VersionStore& store, std::vector<base::Status>& problems,
                                const RecordedStateOptions& options = {});

/// The problem of a database whose version table records `unknown`,
/// revisions the script directory does not have (the database is ahead of
/// this code): names them and the ways out. REQUIRES: `unknown` not empty.
base::Status AheadOfCode(const Project& project, const std::vector<std::string>& unknown);

/// The part of preflight about the migrations to run: prepares each of
/// `plan` for `direction` and checks it (its section, transaction safety,
/// and for an upgrade the role's privilege and the extensions), appending
/// to result.steps and result.problems. Fails only when the database
/// cannot be read. Preflight is CheckRecordedState then this; a caller
/// whose plan runs both ways (redo) calls this once per direction.
base::Status CheckPlan(const Project& project, const std::vector<std::string>& plan,
                       Direction direction, db::Connection& conn, PreflightResult& result);

/// Checks and prepares `plan` (revisions in the order they will run) for
/// `direction` against the database whose heads are `heads`. Fails (the
/// Result) only when the database cannot be read. `recorded` as in
/// CheckRecordedState.
base::Result<PreflightResult> Preflight(const Project& project, const std::vector<std::string>& plan,
                                        Direction direction, const std::set<std::string>& heads,
                                        db::Connection& conn, store::VersionStore& store,
                                        const RecordedStateOptions& recorded = {});

}  // namespace migrate::engine

#endif  // MIGRATOR_ENGINE_PREFLIGHT_H_
