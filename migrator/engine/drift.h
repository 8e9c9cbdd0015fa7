// Drift: whether the live database still matches what its applied
// migrations say they did (`migrate verify`, and `migrate check`).
//
// The expected state is the net effect of the whole applied chain, folded in
// the order the migrations ran, so a later drop or rename supersedes an
// earlier create: the effects inferred from every applied upgrade, plus each
// migration's `expect:` lines and verify section unless a later migration
// changed an object they name (a verify section names what its queries
// mention). What a statement drops implicitly (an index with its column or
// table, a partition with its parent, a view with a CASCADE) changes that
// object too (verify/implied_effects.h), and in a migration with code the
// grammar cannot read (DO), its `expect: no ...` lines are folded as the
// drops they declare. `rows` expectations count rows at the time the migration ran,
// which may legitimately change since, so they are checked only then.

#ifndef MIGRATOR_ENGINE_DRIFT_H_
#define MIGRATOR_ENGINE_DRIFT_H_

#include <set>
#include <string>
#include <vector>

#include "migrator/base/status.h"
#include "migrator/db/connection.h"
#include "migrator/engine/project.h"

namespace migrate::engine {

struct DriftReport {
  int migrations = 0;      // applied migrations considered
  int postconditions = 0;  // postconditions checked
  std::vector<base::Status> drift;  // one per postcondition that no longer holds
};

/// Checks the database whose version table holds `heads`. Fails (the
/// Result) if a migration cannot be prepared or the catalog cannot be read.
base::Result<DriftReport> FindDrift(const Project& project, const std::set<std::string>& heads,
                                    db::Connection& conn);

}  // namespace migrate::engine

#endif  // MIGRATOR_ENGINE_DRIFT_H_
