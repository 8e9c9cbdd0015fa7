// status: every revision and whether the database has it. It only reads;
// the verdict is `check`'s.

#include <map>

#include "migrator/base/strings.h"
#include "migrator/commands/commands.h"
#include "migrator/commands/database_session.h"
#include "migrator/engine/project.h"

namespace migrate::commands {

namespace {

// The latest successful, finished upgrade or stamp row of each revision:
// when and how the revision as now applied got there. A later downgrade row
// does not matter here: whether a revision is applied comes from the heads.
std::map<std::string, store::HistoryRecord> LatestApplication(
    const std::vector<store::HistoryRecord>& history) {
  std::map<std::string, store::HistoryRecord> latest;
  for (const store::HistoryRecord& row : history) {  // oldest first
    if (!row.success || !row.finished_at) continue;
    if (row.direction == store::Direction::kDowngrade) continue;
    latest[row.revision] = row;
  }
  return latest;
}

}  // namespace

base::Status ShowStatus(Context& ctx) {
  MIGRATE_ASSIGN_OR_RETURN(engine::Project project,
                           engine::Project::Load(ctx.config.script_location, ctx.fs));
  MIGRATE_ASSIGN_OR_RETURN(DatabaseSession session, OpenSession(ctx, Locking::kNone));
  MIGRATE_ASSIGN_OR_RETURN(std::set<std::string> heads, session.store->CurrentHeads());
  MIGRATE_ASSIGN_OR_RETURN(std::vector<store::HistoryRecord> history, session.store->History());
  const std::map<std::string, store::HistoryRecord> latest = LatestApplication(history);
  const std::set<std::string> applied = project.graph().AppliedFromHeads(heads);

  std::vector<report::StatusRow> rows;
  for (const std::string& id : project.graph().History()) {  // newest first
    report::StatusRow row;
    row.revision = project.Info(id, heads);
    row.applied = applied.count(id) > 0;
    auto found = latest.find(id);
    if (row.applied && found != latest.end()) {
      row.applied_at = store::FormatTimestamp(found->second.started_at);
      row.applied_by = store::DirectionName(found->second.direction);
      row.duration = std::chrono::milliseconds(found->second.duration_ms);
      row.rows = found->second.rows;
    }
    rows.push_back(std::move(row));
  }
  ctx.reporter.StatusTable(rows);

  std::vector<std::string> unknown;
  for (const std::string& head : heads) {
    if (project.File(head) == nullptr) unknown.push_back(head);
  }
  if (!unknown.empty()) {
    return base::Status::FailedPrecondition(
        "the database records revision(s) " + base::Join(unknown) + " not found in " +
        project.script_location() + ": the database is ahead of this code, or files were deleted");
  }
  return base::Status::OK();
}

}  // namespace migrate::commands
