// upgrade, downgrade, current and stamp: the commands that change or read
// the database's revision. Each reads top-down as the contract's flow:
// configuration -> project -> connection and lock -> heads -> plan ->
// preflight -> one transaction per migration.

#include <algorithm>
#include <string_view>

#include "migrator/commands/commands.h"
#include "migrator/commands/database_session.h"
#include "migrator/commands/problem_list.h"
#include "migrator/commands/sql_script.h"
#include "migrator/engine/preflight.h"
#include "migrator/engine/project.h"
#include "migrator/engine/runner.h"

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

// Runs `plan` (already preflighted) one migration at a time.
base::Status RunSteps(Context& ctx, const engine::Project& project, DatabaseSession& session,
                      Direction direction, std::vector<engine::MigrationStep>& steps) {
  std::vector<std::string> plan;
  for (const engine::MigrationStep& step : steps) plan.push_back(step.revision());
  ctx.reporter.PlanReady(ReportDirection(direction), Infos(project, plan));
  engine::Runner runner(*session.conn, *session.store, project.graph(), ctx.clock, session.run_info,
                        engine::DefaultTimeouts{ctx.config.lock_timeout, ctx.config.statement_timeout});
  for (engine::MigrationStep& step : steps) {
    ctx.reporter.StepStarted(project.Info(step.revision()), ReportDirection(direction));
    auto outcome = runner.Apply(step);
    if (!outcome) {
      // A `transaction: none` migration's error already says what stayed.
      if (step.file->transaction == script::TransactionMode::kNone) return std::move(outcome).error();
      return std::move(outcome)
          .error()
          .WithContext("  nothing of revision " + step.revision() + " was recorded" +
                       (&step == &steps.front() ? "" : "; the migrations before it stay applied"))
          .WithContext(std::string(kAfterAFailedStep));
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
  MIGRATE_ASSIGN_OR_RETURN(std::set<std::string> heads, session.store->CurrentHeads());
  auto plan = direction == Direction::kUpgrade ? project.graph().UpgradePath(heads, target)
                                               : project.graph().DowngradePath(heads, target);
  if (!plan) return std::move(plan).error();
  MIGRATE_ASSIGN_OR_RETURN(
      engine::PreflightResult preflight,
      engine::Preflight(project, *plan, direction, heads, *session.conn, *session.store,
                        retry_incomplete));
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
  return RunSteps(ctx, project, session, direction, preflight.steps);
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

base::Status Current(Context& ctx) {
  // `current` shows heads; it compares no checksums (status and check do).
  MIGRATE_ASSIGN_OR_RETURN(engine::Project project,
                           engine::Project::Load(ctx.config.script_location, ctx.fs,
                                                 script::ChecksumMode::kSkip));
  MIGRATE_ASSIGN_OR_RETURN(DatabaseSession session, OpenSession(ctx, Locking::kNone));
  MIGRATE_ASSIGN_OR_RETURN(std::set<std::string> heads, session.store->CurrentHeads());
  std::vector<report::RevisionInfo> current;
  std::vector<std::string> unknown;
  for (const std::string& head : heads) {
    if (project.File(head) == nullptr) {
      unknown.push_back(head);
      continue;
    }
    current.push_back(project.Info(head, heads));
  }
  ctx.reporter.Current(current);
  if (!unknown.empty()) {
    std::string list;
    for (const std::string& id : unknown) list += (list.empty() ? "" : ", ") + id;
    return base::Status::FailedPrecondition(
        "the database records revision(s) " + list + " not found in " + project.script_location() +
        ": the database is ahead of this code, or files were deleted");
  }
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
  MIGRATE_ASSIGN_OR_RETURN(std::vector<std::string> targets,
                           graph.Resolve(target, args.purge ? std::set<std::string>{} : heads));

  // Stamping moves the database to exactly what the target needs, on the
  // branches it names; other branches keep their heads unless --purge.
  const std::set<std::string> wanted = graph.Ancestors({targets.begin(), targets.end()});
  std::set<std::string> applied = args.purge ? std::set<std::string>{} : graph.AppliedFromHeads(heads);
  const std::set<std::string> before = applied;
  if (!targets.empty()) {
    std::set<std::string> above = graph.Descendants({targets.begin(), targets.end()});
    for (const std::string& t : targets) above.erase(t);
    for (const std::string& r : above) applied.erase(r);
  } else {
    applied.clear();  // stamp base
  }
  applied.insert(wanted.begin(), wanted.end());
  std::vector<const script::MigrationFile*> stamped;
  for (const std::string& r : applied) {
    if (before.count(r) == 0) {
      if (const script::MigrationFile* file = project.File(r)) stamped.push_back(file);
    }
  }
  engine::Runner runner(*session.conn, *session.store, graph, ctx.clock, session.run_info);
  MIGRATE_TRY(runner.Stamp(graph.HeadsOf(applied), args.purge, stamped));
  ctx.reporter.Info("Stamped the database at " +
                    (targets.empty() ? std::string("base") : args.target) + ".");
  return base::Status::OK();
}

}  // namespace migrate::commands
