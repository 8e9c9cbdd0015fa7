#include "migrator/engine/runner.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

#include "migrator/base/interrupt.h"
#include "migrator/base/strings.h"
#include "migrator/verify/row_ledger.h"
#include "migrator/verify/verifier.h"

namespace migrate::engine {

namespace {

using Clock = std::chrono::steady_clock;

std::chrono::milliseconds Since(const base::Clock& clock, Clock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock.SteadyNow() - start);
}

// The number of newlines before the `position`-th character (1-based, in
// characters as PostgreSQL counts them) of `text`.
int NewlinesBefore(const std::string& text, int position) {
  int chars = 0, newlines = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80 && ++chars >= position) break;  // count UTF-8 lead bytes only
    if (c == '\n') ++newlines;
  }
  return newlines;
}

// "3 tables, 1 index, verify section": what a passing step proved, each
// object counted once however many postconditions name it (an `expect:` line
// and the CREATE that implies the same table).
std::vector<std::string> VerifiedSummary(const MigrationStep& step,
                                         const std::vector<script::Postcondition>& postconditions) {
  std::map<std::string, std::set<std::string>> objects;  // kind -> object names
  for (const script::Postcondition& p : postconditions) {
    if (p.kind == script::Postcondition::Kind::kRowsDeleted) continue;  // a declaration
    std::string kind = p.kind == script::Postcondition::Kind::kRowCount
                           ? "row count"
                           : script::ObjectKindName(p.object_kind);
    if (p.kind == script::Postcondition::Kind::kAbsent) kind = "absent " + kind;
    objects[kind].insert(p.object.ToString() + "." + p.column.text);
  }
  std::vector<std::string> summary;
  for (const auto& [kind, names] : objects) {
    const std::size_t n = names.size();
    const std::string plural = kind.back() == 'x' ? kind + "es" : kind + "s";
    summary.push_back(std::to_string(n) + " " + (n == 1 ? kind : plural));
  }
  if (!step.verify.empty()) summary.push_back("verify section");
  return summary;
}

store::Direction HistoryDirection(const MigrationStep& step) {
  if (step.direction == Direction::kDowngrade) return store::Direction::kDowngrade;
  return step.redo ? store::Direction::kRedo : store::Direction::kUpgrade;
}

// The outcome of `step` before it runs: what it is, not yet how it went.
report::StepOutcome NewOutcome(const MigrationStep& step) {
  report::StepOutcome outcome;
  outcome.revision = step.revision();
  outcome.summary = step.file->Summary();
  outcome.direction = step.direction == Direction::kUpgrade ? report::StepDirection::kUpgrade
                                                            : report::StepDirection::kDowngrade;
  outcome.statements = static_cast<int>(step.statements.size());
  outcome.empty = step.statements.empty();
  return outcome;
}

// Runs one statement and notes how long the database took (shown with -v).
base::Status ExecuteTimed(db::Connection& conn, const base::Clock& clock,
                          const script::Statement& statement, report::StepOutcome& outcome) {
  const auto start = clock.SteadyNow();
  base::Status status = conn.Execute(statement.text);
  outcome.statement_timings.push_back(report::StatementTiming{
      .line = statement.line,
      .sql = base::OneLine(statement.text, 100),
      .duration = std::chrono::duration_cast<std::chrono::microseconds>(clock.SteadyNow() - start)});
  return status;
}

// A failure of migrate's own SQL for `step` (its BEGIN, the version tables,
// its version and history rows, COMMIT) names the file and the migration,
// as a failing statement of the file does: a disk that fills up while the
// version row is written says which migration it stopped. A failure that
// already points at a place is returned as it is.
base::Status InStep(const MigrationStep& step, std::string_view doing, base::Status status) {
  if (status.ok() || status.location()) return status;
  return std::move(status)
      .Prefixed("migration " + step.revision() + " failed while " + std::string(doing))
      .At(base::Location{step.file->path, 0});
}

}  // namespace

base::Status StatementError(const script::MigrationFile& file, const script::Statement& statement,
                            const base::Status& db_error) {
  int line = statement.line;
  if (db_error.database() && db_error.database()->position > 0) {
    line += NewlinesBefore(statement.text, db_error.database()->position);
  }
  const std::string message = "migration " + file.revision + " failed: " + db_error.message();
  // Keep the database's detail (SQLSTATE, ...) for the JSON output.
  base::Status error = db_error.database()
                           ? base::Status::Database(message, *db_error.database())
                                 .At(base::Location{file.path, line})
                           : base::Status(db_error.code(), message, base::Location{file.path, line});
  error = std::move(error).WithContext("  statement: " + base::OneLine(statement.text));
  if (const auto& db = db_error.database()) {
    if (!db->detail.empty()) error = std::move(error).WithContext("  DETAIL: " + db->detail);
    if (!db->hint.empty()) error = std::move(error).WithContext("  HINT: " + db->hint);
    if (!db->sqlstate.empty()) error = std::move(error).WithContext("  SQLSTATE: " + db->sqlstate);
  }
  for (const std::string& context : db_error.context()) error = std::move(error).WithContext(context);
  return error;
}

Runner::Runner(db::Connection& conn, store::VersionStore& store, const graph::RevisionGraph& graph,
               const base::Clock& clock, store::RunInfo run_info, DefaultTimeouts timeouts)
    : conn_(conn),
      store_(store),
      graph_(graph),
      clock_(clock),
      run_info_(std::move(run_info)),
      timeouts_(timeouts) {}

base::Status Runner::ApplyTimeouts(const MigrationStep& step, bool local) {
  auto lock = step.lock_timeout ? step.lock_timeout : timeouts_.lock_timeout;
  auto statement = step.statement_timeout ? step.statement_timeout : timeouts_.statement_timeout;
  if (!lock && !statement) return base::Status::OK();
  return conn_.dialect().ApplyTimeouts(conn_, lock, statement, local);
}

base::Result<std::optional<std::set<std::string>>> Runner::BeginStep(const MigrationStep& step) {
  MIGRATE_TRY(InStep(step, "beginning its transaction", conn_.Begin()));
  auto read = store_.CurrentHeads();
  if (!read) return InStep(step, "reading the version table", std::move(read).error());
  std::set<std::string> heads = std::move(read).value();
  if (!AlreadyDone(step, heads)) return std::optional<std::set<std::string>>(std::move(heads));
  MIGRATE_TRY(conn_.Rollback());
  return std::optional<std::set<std::string>>();
}

bool Runner::AlreadyDone(const MigrationStep& step, const std::set<std::string>& heads) const {
  const bool applied = graph_.IsApplied(heads, step.revision());
  return step.direction == Direction::kUpgrade ? applied : !applied;
}

std::set<std::string> Runner::HeadsAfter(const MigrationStep& step,
                                         const std::set<std::string>& heads) const {
  return graph_.HeadsAfterStep(heads, step.revision(), step.direction == Direction::kUpgrade);
}

base::Status Runner::EnsureVersionTables() {
  if (version_tables_exist_) return base::Status::OK();
  MIGRATE_ASSIGN_OR_RETURN(bool exists, store_.Exists());
  if (!exists) MIGRATE_TRY(store_.EnsureTables());
  version_tables_exist_ = true;
  return base::Status::OK();
}

base::Status Runner::RecordStep(const MigrationStep& step, const std::set<std::string>& heads,
                                std::chrono::system_clock::time_point started,
                                std::chrono::milliseconds duration, const base::RowLedger& rows) {
  MIGRATE_TRY(store_.ReplaceHeads(heads, HeadsAfter(step, heads)));
  store::HistoryRecord record;
  record.revision = step.revision();
  record.direction = HistoryDirection(step);
  record.checksum = step.file->checksum;
  record.started_at = started;
  record.finished_at = clock_.WallNow();
  record.duration_ms = duration.count();
  record.success = true;
  record.run = run_info_;
  record.rows = rows;
  MIGRATE_TRY(store_.AppendHistory(record));
  return base::Status::OK();
}

base::Status Runner::Verify(const MigrationStep& step,
                            const std::vector<verify::DescribedStatement>& described,
                            const std::function<base::Result<bool>()>& wrote,
                            report::StepOutcome& outcome) {
  // An implied effect that an `expect:` line already states is checked once.
  std::vector<script::Postcondition> postconditions = step.postconditions;
  std::set<std::string> declared;
  for (const script::Postcondition& p : postconditions) declared.insert(p.Describe());
  for (script::Postcondition& p : verify::InferEffects(described)) {
    if (declared.insert(p.Describe()).second) postconditions.push_back(std::move(p));
  }
  MIGRATE_ASSIGN_OR_RETURN(std::vector<base::Status> failures,
                           verify::CheckPostconditions(conn_, postconditions));
  if (!failures.empty()) {
    base::Status first = std::move(failures.front());
    for (std::size_t i = 1; i < failures.size(); ++i) {
      first = std::move(first).WithContext(failures[i].ToString());
    }
    return first;
  }
  MIGRATE_TRY(verify::RunVerifySection(conn_, step.verify, step.file->path));
  if (step.direction == Direction::kUpgrade) {
    MIGRATE_TRY(verify::CheckDeletedRows(outcome.rows, described, step.postconditions,
                                         step.file->path));
  }
  const bool declares_checks = std::any_of(
      step.postconditions.begin(), step.postconditions.end(),
      [](const script::Postcondition& p) { return p.kind != script::Postcondition::Kind::kRowsDeleted; });
  verify::NoopEvidence evidence{.path = step.file->path,
                                .statements = &described,
                                .wrote = false,
                                .postconditions = &postconditions,
                                .verify = &step.verify,
                                .declares_checks = declares_checks,
                                .splitter = conn_.dialect().Splitter(),
                                .noop_allowed = step.file->noop_allowed};
  // Whether anything was written is asked only when nothing else vouches:
  // on PostgreSQL the exact answer may cost a scan of the catalogs.
  base::Status noop = verify::CheckNotANoop(evidence);
  if (!noop.ok()) {
    MIGRATE_ASSIGN_OR_RETURN(evidence.wrote, wrote());
    MIGRATE_TRY(verify::CheckNotANoop(evidence));
  }
  outcome.verified = VerifiedSummary(step, postconditions);
  return base::Status::OK();
}

base::Status Runner::RunStatement(const MigrationStep& step, std::size_t index,
                                  std::vector<verify::DescribedStatement>& described,
                                  report::StepOutcome& outcome) {
  const script::Statement& statement = step.statements[index];
  script::StatementIntent intent;
  if (index < step.intents.size()) {
    intent = step.intents[index];
  } else {
    MIGRATE_ASSIGN_OR_RETURN(intent, conn_.dialect().Describe(conn_, statement));
  }
  for (const script::Intent& i : intent.intents) {
    if (i.action != script::Intent::Action::kAttach) continue;
    // A table created through an attachment lands in another file that
    // nothing verifies or records, and the attachment would outlive the
    // migration into the next one.
    return base::Status::InvalidInput(
               "ATTACH DATABASE is refused inside a migration: what it creates would land in "
               "another database file, outside this migration's transaction and checks",
               base::Location{step.file->path, statement.line})
        .WithContext("  statement: " + base::OneLine(statement.text))
        .WithContext("  migrate one database file per project (one URL); attach in the application");
  }
  // A signal between statements cancels nothing on the server: stop here.
  MIGRATE_TRY(base::CheckInterrupt());
  base::Status s = ExecuteTimed(conn_, clock_, statement, outcome);
  if (!s.ok()) return StatementError(*step.file, statement, s);
  described.push_back(verify::DescribedStatement{&statement, std::move(intent), step.file->path});
  return base::Status::OK();
}

base::Result<report::StepOutcome> Runner::Apply(const MigrationStep& step) {
  const bool autocommit = step.file->transaction == script::TransactionMode::kNone;
  auto outcome = autocommit ? ApplyWithoutTransaction(step) : ApplyInTransaction(step);
  if (conn_.InTransaction()) (void)conn_.Rollback();  // the failure already says what went wrong
  if (!outcome) {
    version_tables_exist_ = false;  // their creation may have been rolled back with the step
    return outcome;
  }
  MIGRATE_TRY(conn_.dialect().ResetSession(conn_));
  return outcome;
}

base::Result<report::StepOutcome> Runner::ApplyInTransaction(const MigrationStep& step) {
  report::StepOutcome outcome = NewOutcome(step);
  const auto started = clock_.WallNow();
  const auto start = clock_.SteadyNow();
  const db::Dialect& dialect = conn_.dialect();

  // SQLite's table rebuild: foreign keys off before BEGIN, on after COMMIT.
  MIGRATE_ASSIGN_OR_RETURN(bool rebuild,
                           dialect.SuspendForeignKeysForRebuild(conn_, step.statements));
  base::Status done = [&]() -> base::Status {
    MIGRATE_ASSIGN_OR_RETURN(std::optional<std::set<std::string>> begun, BeginStep(step));
    if (!begun) {
      outcome.skipped = true;
      return base::Status::OK();
    }
    return RunInTransaction(step, *begun, rebuild, started, start, outcome);
  }();
  if (rebuild) {
    if (conn_.InTransaction()) (void)conn_.Rollback();
    base::Status restored = dialect.RestoreForeignKeys(conn_);
    if (done.ok()) done = std::move(restored);
  }
  if (!done.ok()) return done;
  return outcome;
}

base::Status Runner::RunInTransaction(const MigrationStep& step, const std::set<std::string>& heads,
                                      bool rebuild, std::chrono::system_clock::time_point started,
                                      std::chrono::steady_clock::time_point start,
                                      report::StepOutcome& outcome) {
  const db::Dialect& dialect = conn_.dialect();
  MIGRATE_TRY(ApplyTimeouts(step, /*local=*/true));
  MIGRATE_TRY(dialect.BeginObserving(conn_));
  std::vector<verify::DescribedStatement> described;
  for (std::size_t i = 0; i < step.statements.size(); ++i) {
    MIGRATE_TRY(RunStatement(step, i, described, outcome));
  }
  MIGRATE_ASSIGN_OR_RETURN(outcome.rows, dialect.RowChanges(conn_));
  auto wrote = [&]() -> base::Result<bool> {
    if (!outcome.rows.empty()) return true;
    return dialect.CatalogChanged(conn_);
  };
  MIGRATE_TRY(Verify(step, described, wrote, outcome));
  if (rebuild) {
    base::Status keys = dialect.CheckForeignKeys(conn_);
    if (!keys.ok()) return std::move(keys).At(base::Location{step.file->path, 0});
  }
  MIGRATE_TRY(InStep(step, "creating the version tables", EnsureVersionTables()));
  outcome.duration = Since(clock_, start);
  MIGRATE_TRY(InStep(step, "recording it in the version tables",
                     RecordStep(step, heads, started, outcome.duration, outcome.rows)));
  // The last moment to choose: a signal that came during the checks rolls back.
  MIGRATE_TRY(base::CheckInterrupt());
  return InStep(step, "committing", conn_.Commit());
}

base::Result<report::StepOutcome> Runner::ApplyWithoutTransaction(const MigrationStep& step) {
  report::StepOutcome outcome = NewOutcome(step);
  const auto started = clock_.WallNow();
  const auto start = clock_.SteadyNow();

  // The "in progress" marker: committed before the first statement, so a
  // crash part-way leaves a row that preflight reports.
  MIGRATE_ASSIGN_OR_RETURN(std::optional<std::set<std::string>> begun, BeginStep(step));
  if (!begun) {
    outcome.skipped = true;
    return outcome;
  }
  const std::set<std::string>& heads = *begun;
  MIGRATE_TRY(EnsureVersionTables());
  store::HistoryRecord marker;
  marker.revision = step.revision();
  marker.direction = HistoryDirection(step);
  marker.checksum = step.file->checksum;
  marker.started_at = started;
  marker.success = false;
  marker.run = run_info_;
  MIGRATE_ASSIGN_OR_RETURN(std::int64_t history_id, store_.AppendHistory(marker));
  MIGRATE_TRY(conn_.Commit());

  MIGRATE_TRY(ApplyTimeouts(step, /*local=*/false));  // ResetSession undoes them afterwards
  const db::Dialect& dialect = conn_.dialect();
  MIGRATE_ASSIGN_OR_RETURN(std::string marker_before, dialect.ChangeMarker(conn_));
  // From here on statements are committed one by one: any failure leaves the
  // history row open, saying where it stopped, for preflight to report.
  auto stopped = [&](base::Status error, const std::string& committed) {
    (void)conn_.Rollback();
    const std::string where = error.location() ? error.location()->ToString() : step.file->path;
    (void)store_.FinishHistory(history_id, std::nullopt, Since(clock_, start).count(), false,
                               error.message(), where);
    return std::move(error)
        .WithContext("  this `transaction: none` migration stopped part-way: " + committed)
        .WithContext("  inspect the database, finish or undo its work by hand, then run "
                     "`migrate stamp " + step.revision() + "` (done) or `migrate upgrade "
                     "--retry-incomplete` (re-run)");
  };
  std::vector<verify::DescribedStatement> described;
  for (std::size_t i = 0; i < step.statements.size(); ++i) {
    base::Status s = RunStatement(step, i, described, outcome);
    if (s.ok()) continue;
    return stopped(std::move(s), "statements before line " + std::to_string(step.statements[i].line) +
                                     " are committed");
  }
  MIGRATE_ASSIGN_OR_RETURN(std::string marker_after, dialect.ChangeMarker(conn_));
  // Its statements committed one by one, so there is no transaction whose
  // counters to read: whether it wrote is the change marker's answer, and
  // it has no data ledger.
  auto wrote = [&]() -> base::Result<bool> { return marker_after != marker_before; };

  base::Status finished = [&]() -> base::Status {
    MIGRATE_TRY(conn_.Begin());
    MIGRATE_TRY(Verify(step, described, wrote, outcome));
    outcome.duration = Since(clock_, start);
    MIGRATE_TRY(store_.ReplaceHeads(heads, HeadsAfter(step, heads)));
    MIGRATE_TRY(
        store_.FinishHistory(history_id, clock_.WallNow(), outcome.duration.count(), true, "", ""));
    return conn_.Commit();
  }();
  if (!finished.ok()) return stopped(std::move(finished), "all its statements are committed");
  return outcome;
}

base::Status Runner::Stamp(const std::set<std::string>& to, bool purge,
                           const std::vector<const script::MigrationFile*>& stamped) {
  MIGRATE_TRY(conn_.Begin());
  auto done = [&]() -> base::Status {
    MIGRATE_TRY(EnsureVersionTables());
    MIGRATE_ASSIGN_OR_RETURN(std::set<std::string> heads, store_.CurrentHeads());
    if (purge) {
      MIGRATE_TRY(store_.ClearHeads());
      heads.clear();
    }
    MIGRATE_TRY(store_.ReplaceHeads(heads, to));
    for (const script::MigrationFile* file : stamped) {
      store::HistoryRecord record;
      record.revision = file->revision;
      record.direction = store::Direction::kStamp;
      record.checksum = file->checksum;
      record.started_at = clock_.WallNow();
      record.finished_at = record.started_at;
      record.run = run_info_;
      MIGRATE_TRY(store_.AppendHistory(record));
      MIGRATE_TRY(store_.ResolveIncomplete(file->revision, record.started_at,
                                           "resolved by `migrate stamp`"));
    }
    return conn_.Commit();
  }();
  if (!done.ok()) {
    (void)conn_.Rollback();
    version_tables_exist_ = false;
  }
  return done;
}

}  // namespace migrate::engine
