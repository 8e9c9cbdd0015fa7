// Runner: applies or reverts one prepared migration, Alembic's
// per-migration transaction loop made strict (guarantee 2):
//
//   BEGIN (SQLite: IMMEDIATE)
//   re-read the heads; if another process applied this step meanwhile, ROLLBACK and skip
//   change marker; each statement in order; change marker
//   postconditions (expect: + inferred), verify section, not-a-no-op   <- verify/verifier.h
//   version tables (first migration only), head rows, history row
//   COMMIT; reset session state
//
// Any failure rolls back and is returned; nothing of that migration is
// recorded. An interrupt (base/interrupt.h) is such a failure: the signal
// cancels the running statement, and one that came between statements is
// seen before the next statement and before COMMIT (kInterrupted). A `transaction: none` migration runs its statements in
// autocommit between an "in progress" history row and a final transaction
// holding its checks and version row; if it stops part-way the row stays
// open and preflight refuses later runs until someone resolves it.
//
// The runner never prints: the caller reports the outcome.
// Thread safety: one Runner per Connection, used by one thread.

#ifndef MIGRATOR_ENGINE_RUNNER_H_
#define MIGRATOR_ENGINE_RUNNER_H_

#include <functional>
#include <optional>
#include <set>
#include <string>

#include "migrator/base/clock.h"
#include "migrator/base/status.h"
#include "migrator/db/connection.h"
#include "migrator/engine/migration_step.h"
#include "migrator/graph/revision_graph.h"
#include "migrator/report/reporter.h"
#include "migrator/store/version_store.h"
#include "migrator/verify/implied_effects.h"

namespace migrate::engine {

/// Limits for migrations whose header sets none (from the configuration).
struct DefaultTimeouts {
  std::optional<std::chrono::milliseconds> lock_timeout;
  std::optional<std::chrono::milliseconds> statement_timeout;
};

class Runner {
 public:
  /// REQUIRES: every argument outlives the runner.
  Runner(db::Connection& conn, store::VersionStore& store, const graph::RevisionGraph& graph,
         const base::Clock& clock, store::RunInfo run_info, DefaultTimeouts timeouts = {});

  /// Runs `step` in its own transaction. Returns what happened, or the
  /// failure (file:line, statement, the database's message) after rollback.
  base::Result<report::StepOutcome> Apply(const MigrationStep& step);

  /// Records `to` as the database's heads without running anything, with a
  /// history row per revision that changed (stamp). `purge` first removes
  /// whatever heads are recorded, even unknown ones.
  base::Status Stamp(const std::set<std::string>& to, bool purge,
                     const std::vector<const script::MigrationFile*>& stamped);

 private:
  base::Result<report::StepOutcome> ApplyInTransaction(const MigrationStep& step);
  /// ApplyInTransaction once the transaction is open; `heads` as read in it.
  base::Status RunInTransaction(const MigrationStep& step, const std::set<std::string>& heads,
                                bool rebuild, std::chrono::system_clock::time_point started,
                                std::chrono::steady_clock::time_point start, report::StepOutcome& outcome);
  base::Result<report::StepOutcome> ApplyWithoutTransaction(const MigrationStep& step);
  /// Learns what statement `index` of `step` will do (from step.intents, or
  /// by asking the dialect), refuses what no migration may do (ATTACH), runs
  /// it, and appends it to `described`.
  base::Status RunStatement(const MigrationStep& step, std::size_t index,
                            std::vector<verify::DescribedStatement>& described,
                            report::StepOutcome& outcome);
  /// Postconditions (declared and implied by `described`), the verify
  /// section, the data-ledger rule (transactional upgrades: `ledger`) and
  /// the no-op rule, where `wrote` answers whether the migration changed
  /// anything (asked only when nothing else vouches for it). Fills
  /// outcome.verified.
  base::Status Verify(const MigrationStep& step,
                      const std::vector<verify::DescribedStatement>& described,
                      const std::function<base::Result<bool>()>& wrote, report::StepOutcome& outcome);
  /// The heads once `step` is applied on top of `heads`.
  std::set<std::string> HeadsAfter(const MigrationStep& step, const std::set<std::string>& heads) const;
  /// Creates the version tables unless known to exist. REQUIRES: in a transaction.
  base::Status EnsureVersionTables();
  base::Status RecordStep(const MigrationStep& step, const std::set<std::string>& heads,
                          std::chrono::system_clock::time_point started,
                          std::chrono::milliseconds duration, const base::RowLedger& rows);
  /// Sets the step's lock and statement timeouts (or the defaults).
  base::Status ApplyTimeouts(const MigrationStep& step, bool local);
  /// Begins the step's transaction and reads the heads inside it (after any
  /// other process's migration committed). Returns std::nullopt, having rolled
  /// back, when another process already did the step.
  base::Result<std::optional<std::set<std::string>>> BeginStep(const MigrationStep& step);
  /// True if `step` is already done in the database whose heads are `heads`.
  bool AlreadyDone(const MigrationStep& step, const std::set<std::string>& heads) const;

  db::Connection& conn_;
  store::VersionStore& store_;
  const graph::RevisionGraph& graph_;
  const base::Clock& clock_;
  store::RunInfo run_info_;
  DefaultTimeouts timeouts_;
  bool version_tables_exist_ = false;
};

/// The error for `statement` of `file` failing with `db_error`: points at
/// the line inside the statement where the database says the error is.
base::Status StatementError(const script::MigrationFile& file, const script::Statement& statement,
                            const base::Status& db_error);

}  // namespace migrate::engine

#endif  // MIGRATOR_ENGINE_RUNNER_H_
