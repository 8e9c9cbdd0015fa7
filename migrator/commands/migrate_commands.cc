// upgrade, downgrade, redo, current and stamp: the commands that change or
// read the database's revision. Each reads top-down as the contract's flow:
// configuration -> project -> connection and lock -> heads -> plan ->
// preflight -> one transaction per migration.

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "migrator/base/interrupt.h"
#include "migrator/base/strings.h"
#include "migrator/commands/commands.h"
#include "migrator/commands/database_session.h"
#include "migrator/commands/problem_list.h"
#include "migrator/commands/revision_templates.h"
#include "migrator/commands/sql_script.h"
#include "migrator/db/error_cause.h"
#include "migrator/engine/preflight.h"
#include "migrator/engine/project.h"
#include "migrator/engine/runner.h"
#include "migrator/graph/target.h"

namespace migrate::commands {

namespace {

using engine::Direction;

report::StepDirection ReportDirection(Direction d) {
  return d == Direction::kUpgrade ? report::StepDirection::kUpgrade
                                  : report::StepDirection::kDowngrade;
}

std::vector<report::RevisionInfo> Infos(const engine::Project& project,
                                        const std::vector<std::string>& revisions) {
  std::vector<report::RevisionInfo> infos;
  for (const std::string& revision : revisions) infos.push_back(project.Info(revision));
  return infos;
}

// What to do after a migration failed and was rolled back: nothing of it
// stayed, so the same command resumes at it once the file is fixed.
constexpr std::string_view kAfterAFailedStep =
    "  next: fix the migration and run the same command again; it resumes at this migration";

// The same for the upgrade half of a redo: its downgrade stayed, and redo
// takes only an applied revision, so it is upgrade that resumes.
std::string AfterAFailedRedo(const engine::MigrationStep& step) {
  return "  next: " + step.revision() + " is reverted now; fix the migration and run `migrate " +
         "upgrade " + step.revision() + "`";
}

// Why a migration failed when the fault is not in its file, and the next
// step that then holds. The cause comes from the database's own error code
// (db/error_cause.h).
struct Remedy {
  std::string cause;
  std::string next;
};

std::optional<Remedy> RemedyFor(db::ErrorCause cause, const std::string& revision) {
  const std::string resumes = "then run the same command again; it resumes at this migration";
  switch (cause) {
    case db::ErrorCause::kDiskFull:
      return Remedy{"the database's disk is full, or its size limit is reached (a quota, "
                    "SQLite's max_page_count); the migration itself is not at fault",
                    "free space or raise the limit, " + resumes};
    case db::ErrorCause::kReadOnly:
      return Remedy{"the database takes no writes through this connection: a read-only file or "
                    "URL (query_only), or a PostgreSQL hot standby or read-only transaction "
                    "(default_transaction_read_only); the migration itself is not at fault",
                    "point the URL at the writable primary or lift the read-only setting, " +
                        resumes};
    case db::ErrorCause::kConnectionLost:
      return Remedy{"the connection to the database was lost (the server restarted or shut "
                    "down, the session was terminated, the network broke)",
                    "once the database accepts connections again (--wait waits for it), run the "
                    "same command again; it skips " + revision + " if its COMMIT went through"};
    case db::ErrorCause::kIoError:
      return Remedy{"the operating system failed to read or write the database file (an I/O "
                    "error); the migration itself is not at fault",
                    "check the disk and the file system (dmesg, a network mount), " + resumes};
    case db::ErrorCause::kOther:
      break;
  }
  return std::nullopt;
}

// `error` (a failed transactional migration, rolled back) with what stayed
// and what to do next, by its cause.
base::Status AfterAFailedStep(const engine::MigrationStep& step, bool first, base::Status error) {
  const std::optional<Remedy> remedy = RemedyFor(db::CauseOf(error), step.revision());
  const std::string before = first ? "" : "; the migrations before it stay applied";
  if (remedy && db::CauseOf(error) == db::ErrorCause::kConnectionLost) {
    // A connection lost during COMMIT leaves unknown whether it went through.
    error = std::move(error).WithContext("  revision " + step.revision() +
                                         " is in the database whole or not at all" + before);
  } else {
    error = std::move(error).WithContext("  nothing of revision " + step.revision() +
                                         " was recorded" + before);
  }
  if (!remedy) {
    return std::move(error).WithContext(step.redo ? AfterAFailedRedo(step)
                                                  : std::string(kAfterAFailedStep));
  }
  return std::move(error)
      .WithContext("  cause: " + remedy->cause)
      .WithContext("  next: " + remedy->next);
}

// What to say when a signal stopped `step` (it failed with `error` as the
// signal cancelled it): a transaction rolled back, or what a `transaction:
// none` migration left committed and how to go on (`error`'s context).
base::Status StepInterrupted(const engine::MigrationStep& step, bool first, base::Status error) {
  if (step.file->transaction == script::TransactionMode::kNone) {
    base::Status stopped = base::Status::Interrupted(
        step.revision() + " stopped part-way (transaction: none), its history row left open");
    for (const std::string& line : error.context()) stopped = std::move(stopped).WithContext(line);
    return stopped;
  }
  base::Status interrupted =
      base::Status::Interrupted(step.revision() + " rolled back, nothing recorded");
  if (!first) interrupted = std::move(interrupted).WithContext("  the migrations before it stay applied");
  if (step.redo) return std::move(interrupted).WithContext(AfterAFailedRedo(step));
  return std::move(interrupted)
      .WithContext("  next: run the same command again; it resumes at this migration");
}

// Runs `plan` (already preflighted) one migration at a time; `direction`
// is the plan's, each step has its own.
base::Status RunSteps(Context& ctx, const engine::Project& project, DatabaseSession& session,
                      report::StepDirection direction, std::vector<engine::MigrationStep>& steps) {
  std::vector<std::string> plan;
  for (const engine::MigrationStep& step : steps) {
    // A redo's two steps are one revision's.
    if (plan.empty() || plan.back() != step.revision()) plan.push_back(step.revision());
  }
  ctx.reporter.PlanReady(direction, Infos(project, plan));
  engine::Runner runner(*session.conn, *session.store, project.graph(), ctx.clock, session.run_info,
                        engine::DefaultTimeouts{ctx.config.lock_timeout, ctx.config.statement_timeout});
  for (engine::MigrationStep& step : steps) {
    if (base::Interrupted()) {
      return base::Status::Interrupted(
          "stopped before " + step.revision() + ", nothing of it ran" +
          (&step == &steps.front() ? "" : "; the migrations before it stay applied"));
    }
    ctx.reporter.StepStarted(project.Info(step.revision()), ReportDirection(step.direction));
    auto outcome = runner.Apply(step);
    if (!outcome && base::Interrupted()) {
      return StepInterrupted(step, &step == &steps.front(), std::move(outcome).error());
    }
    if (!outcome) {
      // A `transaction: none` migration's error already says what stayed
      // and how to go on; the cause, if not its statements, is added.
      if (step.file->transaction == script::TransactionMode::kNone) {
        base::Status error = std::move(outcome).error();
        const auto remedy = RemedyFor(db::CauseOf(error), step.revision());
        return remedy ? std::move(error).WithContext("  cause: " + remedy->cause) : error;
      }
      return AfterAFailedStep(step, &step == &steps.front(), std::move(outcome).error());
    }
    ctx.reporter.StepFinished(*outcome);
    // Preflight prepared every step before the first ran; a step that has
    // run needs none of it again. Freed now, its memory serves the next
    // steps and the database's growing schema instead of adding to them
    // (10,000 migrations on SQLite: the peak RSS, see docs/performance.md).
    step.statements = {};
    step.verify = {};
    step.postconditions = {};
  }
  return base::Status::OK();
}

// Shared by upgrade and downgrade, online.
base::Status Migrate(Context& ctx, const std::string& target_text, Direction direction,
                     bool retry_incomplete) {
  MIGRATE_ASSIGN_OR_RETURN(graph::Target target, graph::ParseTarget(target_text));
  MIGRATE_ASSIGN_OR_RETURN(engine::Project project,
                           engine::Project::Load(ctx.config.script_location, ctx.fs));
  MIGRATE_ASSIGN_OR_RETURN(DatabaseSession session, OpenSession(ctx, Locking::kMigrationLock));
  // Read after the lock: a process that waited finds the work already done.
  MIGRATE_ASSIGN_OR_RETURN(std::set<std::string> heads, KnownHeads(session, project));
  auto plan = direction == Direction::kUpgrade ? project.graph().UpgradePath(heads, target)
                                               : project.graph().DowngradePath(heads, target);
  if (!plan) return std::move(plan).error();
  if (direction == Direction::kUpgrade) MIGRATE_TRY(RefuseUneditedTemplates(ctx, project, *plan));
  MIGRATE_ASSIGN_OR_RETURN(
      engine::PreflightResult preflight,
      engine::Preflight(project, *plan, direction, heads, *session.conn, *session.store,
                        engine::RecordedStateOptions{.allow_incomplete = retry_incomplete}));
  if (!preflight.problems.empty()) {
    return ReportProblems(ctx.reporter, std::move(preflight.problems), "preflight",
                          "; nothing was changed");
  }
  if (retry_incomplete) {  // only now that nothing else stands in the way
    MIGRATE_ASSIGN_OR_RETURN(auto incomplete, session.store->IncompleteRuns());
    for (const store::HistoryRecord& run : incomplete) {
      MIGRATE_TRY(session.store->ResolveIncomplete(run.revision, ctx.clock.WallNow(),
                                                   "re-run with --retry-incomplete"));
    }
  }
  return RunSteps(ctx, project, session, ReportDirection(direction), preflight.steps);
}

// The revision `redo` takes: `text` if given, else the database's one head.
// It must be a head of the database that nothing applied needs (the latest
// applied revision of its branch). InvalidInput otherwise, naming what to do.
base::Result<std::string> RedoRevision(const engine::Project& project,
                                       const std::set<std::string>& heads,
                                       const std::string& text) {
  const graph::RevisionGraph& graph = project.graph();
  if (heads.empty()) {
    return base::Status::InvalidInput(
        "nothing is applied to this database, so there is nothing to redo; `migrate upgrade "
        "head` applies the migrations");
  }
  const std::vector<std::string> listed(heads.begin(), heads.end());
  if (text.empty()) {
    if (heads.size() == 1) return *heads.begin();
    return base::Status::InvalidInput("the database has " + std::to_string(heads.size()) +
                                      " heads (" + base::Join(listed) +
                                      "); say which one to redo: `migrate redo REV`");
  }
  MIGRATE_ASSIGN_OR_RETURN(graph::Target target, graph::ParseTarget(text));
  MIGRATE_ASSIGN_OR_RETURN(std::vector<std::string> named, graph.Resolve(target, heads));
  if (named.size() != 1) {
    return base::Status::InvalidInput("'" + text + "' names " + std::to_string(named.size()) +
                                      " revisions; redo takes one");
  }
  const std::string& revision = named.front();
  if (!graph.IsApplied(heads, revision)) {
    return base::Status::InvalidInput("revision " + revision +
                                      " is not applied to this database, so there is nothing to "
                                      "redo; `migrate upgrade " + revision + "` applies it");
  }
  std::set<std::string> above = graph.Descendants({revision});
  above.erase(revision);
  std::vector<std::string> applied_above;
  for (const std::string& r : graph.AppliedFromHeads(heads)) {
    if (above.count(r) > 0) applied_above.push_back(r);
  }
  if (!applied_above.empty()) {
    return base::Status::InvalidInput(
        "revision " + revision + " is not the latest applied: " + base::Join(applied_above) +
        (applied_above.size() == 1 ? " is" : " are") + " applied after it, and redo takes only "
        "the latest applied revision (" + base::Join(listed) + ")");
  }
  return revision;
}

}  // namespace

base::Status Upgrade(Context& ctx, const UpgradeArgs& args) {
  if (args.sql && args.create_db) {
    return base::Status::InvalidInput(
        "upgrade --create-db needs the database, and --sql does not connect to it; run "
        "`migrate db create` where the script will run");
  }
  if (args.sql) return OfflineScript(ctx, args.target, Direction::kUpgrade);
  if (args.create_db) MIGRATE_TRY(DbCreate(ctx));
  return Migrate(ctx, args.target, Direction::kUpgrade, args.retry_incomplete);
}

base::Status Downgrade(Context& ctx, const DowngradeArgs& args) {
  if (args.sql) return OfflineScript(ctx, args.target, Direction::kDowngrade);
  return Migrate(ctx, args.target, Direction::kDowngrade, /*retry_incomplete=*/false);
}

base::Status Redo(Context& ctx, const RedoArgs& args) {
  MIGRATE_ASSIGN_OR_RETURN(engine::Project project,
                           engine::Project::Load(ctx.config.script_location, ctx.fs));
  MIGRATE_ASSIGN_OR_RETURN(DatabaseSession session, OpenSession(ctx, Locking::kMigrationLock));
  MIGRATE_ASSIGN_OR_RETURN(std::set<std::string> heads, KnownHeads(session, project));
  MIGRATE_ASSIGN_OR_RETURN(std::string revision, RedoRevision(project, heads, args.revision));

  // Both halves are checked before either runs; the file of the revision
  // redone is the one that may differ from what was applied.
  engine::PreflightResult preflight;
  MIGRATE_TRY(engine::CheckRecordedState(project, heads, *session.store, preflight.problems,
                                         engine::RecordedStateOptions{.redo = revision}));
  MIGRATE_TRY(engine::CheckPlan(project, {revision}, Direction::kDowngrade, *session.conn, preflight));
  MIGRATE_TRY(engine::CheckPlan(project, {revision}, Direction::kUpgrade, *session.conn, preflight));
  if (!preflight.problems.empty()) {
    return ReportProblems(ctx.reporter, std::move(preflight.problems), "preflight",
                          "; nothing was changed");
  }
  preflight.steps.back().redo = true;
  return RunSteps(ctx, project, session, report::StepDirection::kRedo, preflight.steps);
}

base::Status Current(Context& ctx) {
  // `current` shows heads; it compares no checksums (status and check do).
  MIGRATE_ASSIGN_OR_RETURN(engine::Project project,
                           engine::Project::Load(ctx.config.script_location, ctx.fs,
                                                 script::ChecksumMode::kSkip));
  MIGRATE_ASSIGN_OR_RETURN(DatabaseSession session,
                           OpenSession(ctx, Locking::kNone, Access::kReadOnly));
  MIGRATE_ASSIGN_OR_RETURN(std::set<std::string> heads, session.store->CurrentHeads());
  const std::vector<std::string> unknown = project.Unknown(heads);
  std::vector<report::RevisionInfo> current;
  for (const std::string& head : heads) {
    if (project.File(head) != nullptr) current.push_back(project.Info(head, heads));
  }
  ctx.reporter.Current(current, unknown);
  if (!unknown.empty()) return engine::AheadOfCode(project, unknown);
  return base::Status::OK();
}

base::Status Stamp(Context& ctx, const StampArgs& args) {
  MIGRATE_ASSIGN_OR_RETURN(graph::Target target, graph::ParseTarget(args.target));
  MIGRATE_ASSIGN_OR_RETURN(engine::Project project,
                           engine::Project::Load(ctx.config.script_location, ctx.fs));
  const graph::RevisionGraph& graph = project.graph();
  MIGRATE_ASSIGN_OR_RETURN(DatabaseSession session, OpenSession(ctx, Locking::kMigrationLock));
  MIGRATE_ASSIGN_OR_RETURN(std::set<std::string> heads, session.store->CurrentHeads());
  // With --purge the recorded heads do not matter, even if unknown to the files.
  const std::vector<std::string> unknown = project.Unknown(heads);
  if (!args.purge && !unknown.empty()) return engine::AheadOfCode(project, unknown);
  MIGRATE_ASSIGN_OR_RETURN(std::vector<std::string> targets,
                           graph.Resolve(target, args.purge ? std::set<std::string>{} : heads));

  // Stamping moves the heads related to the target onto it, as Alembic's
  // stamp; other branches keep their heads unless --purge.
  const std::set<std::string> from = args.purge ? std::set<std::string>{} : heads;
  MIGRATE_ASSIGN_OR_RETURN(std::set<std::string> stamped_heads, graph.StampHeads(from, target));
  const std::set<std::string> before = graph.AppliedFromHeads(from);
  std::vector<const script::MigrationFile*> stamped;
  for (const std::string& r : graph.AppliedFromHeads(stamped_heads)) {
    if (before.count(r) == 0) {
      if (const script::MigrationFile* file = project.File(r)) stamped.push_back(file);
    }
  }
  engine::Runner runner(*session.conn, *session.store, graph, ctx.clock, session.run_info);
  MIGRATE_TRY(runner.Stamp(stamped_heads, args.purge, stamped));
  ctx.reporter.Info("Stamped the database at " +
                    (targets.empty() ? std::string("base") : args.target) + ".");
  return base::Status::OK();
}

}  // namespace migrate::commands
