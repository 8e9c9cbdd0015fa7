// verify and check: the commands CI gates on. Neither changes anything:
// everything they run, verify sections included, runs in a read-only
// transaction that is rolled back.

#include <algorithm>

#include "migrator/commands/commands.h"
#include "migrator/base/strings.h"
#include "migrator/commands/database_session.h"
#include "migrator/commands/problem_list.h"
#include "migrator/engine/drift.h"
#include "migrator/engine/preflight.h"
#include "migrator/engine/project.h"

namespace migrate::commands {

using base::Join;

namespace {

// Drift found by FindDrift, as problems that say what drift means. A verify
// section that may not run read-only is a bad file, not drift: as it is.
void AddDrift(const engine::DriftReport& report, std::vector<base::Status>& problems) {
  for (const base::Status& drift : report.drift) {
    if (drift.code() == base::StatusCode::kInvalidInput) {
      problems.push_back(drift);
      continue;
    }
    problems.push_back(std::move(base::Status(drift).WithContext(
        "  drift: the database no longer matches what its applied migrations did")));
  }
}

}  // namespace

base::Status Verify(Context& ctx) {
  MIGRATE_ASSIGN_OR_RETURN(engine::Project project,
                           engine::Project::Load(ctx.config.script_location, ctx.fs));
  MIGRATE_ASSIGN_OR_RETURN(DatabaseSession session,
                           OpenSession(ctx, Locking::kNone, Access::kReadOnly));
  // One transaction the database refuses to write in, never committed:
  // closing the session on return rolls it back.
  MIGRATE_TRY(session.conn->BeginReadOnly());
  MIGRATE_ASSIGN_OR_RETURN(std::set<std::string> heads, session.store->CurrentHeads());
  std::vector<base::Status> problems;
  MIGRATE_TRY(engine::CheckRecordedState(project, heads, *session.store, problems));
  if (!problems.empty()) return ReportProblems(ctx.reporter, std::move(problems), "verify", "");
  MIGRATE_ASSIGN_OR_RETURN(engine::DriftReport report,
                           engine::FindDrift(project, heads, *session.conn));
  AddDrift(report, problems);
  if (!problems.empty()) return ReportProblems(ctx.reporter, std::move(problems), "verify", "");
  auto count = [](int n, const char* noun) {
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
  };
  ctx.reporter.Info("OK: " + count(report.postconditions, "postcondition") + " of " +
                    count(report.migrations, "applied migration") + " hold");
  return base::Status::OK();
}

base::Status Check(Context& ctx) {
  MIGRATE_ASSIGN_OR_RETURN(engine::Project project,
                           engine::Project::Load(ctx.config.script_location, ctx.fs));
  const graph::RevisionGraph& graph = project.graph();
  std::vector<base::Status> problems;
  const std::vector<std::string> graph_heads = graph.Heads();
  if (graph_heads.size() > 1) {
    problems.push_back(base::Status::FailedPrecondition(
        "the script directory has " + std::to_string(graph_heads.size()) + " heads (" +
        Join(graph_heads) + "); join them with `migrate merge -m MSG heads`"));
  }

  MIGRATE_ASSIGN_OR_RETURN(DatabaseSession session,
                           OpenSession(ctx, Locking::kNone, Access::kReadOnly));
  // One transaction the database refuses to write in, never committed:
  // closing the session on return rolls it back.
  MIGRATE_TRY(session.conn->BeginReadOnly());
  MIGRATE_ASSIGN_OR_RETURN(std::set<std::string> heads, session.store->CurrentHeads());
  MIGRATE_TRY(engine::CheckRecordedState(project, heads, *session.store, problems));
  const bool heads_known = std::all_of(heads.begin(), heads.end(), [&](const std::string& h) {
    return project.File(h) != nullptr;
  });
  if (heads_known) {
    graph::Target all_heads;
    all_heads.anchor = graph::Target::Anchor::kHeads;
    all_heads.text = "heads";
    MIGRATE_ASSIGN_OR_RETURN(std::vector<std::string> pending, graph.UpgradePath(heads, all_heads));
    if (!pending.empty()) {
      problems.push_back(base::Status::FailedPrecondition(
          "the database is not at head: " + std::to_string(pending.size()) +
          (pending.size() == 1 ? " migration is" : " migrations are") + " pending (" +
          Join(pending) + "); run `migrate upgrade heads`"));
    }
    MIGRATE_ASSIGN_OR_RETURN(engine::DriftReport report,
                             engine::FindDrift(project, heads, *session.conn));
    AddDrift(report, problems);
  }
  if (!problems.empty()) return ReportProblems(ctx.reporter, std::move(problems), "check", "");
  ctx.reporter.Info("OK: the database is at head " + Join(graph_heads) +
                    ", files unchanged, no drift");
  return base::Status::OK();
}

}  // namespace migrate::commands
