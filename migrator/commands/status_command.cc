// status and show: every revision, or one, and what the database records
// of it. They only read, without the migration lock; the verdict is
// `check`'s.

#include <map>

#include "migrator/base/strings.h"
#include "migrator/commands/commands.h"
#include "migrator/commands/database_session.h"
#include "migrator/engine/project.h"
#include "migrator/graph/target.h"

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

// The one revision `text` names. InvalidInput when it names several.
base::Result<std::string> OneRevision(const engine::Project& project, const std::string& text) {
  MIGRATE_ASSIGN_OR_RETURN(graph::Target target, graph::ParseTarget(text));
  MIGRATE_ASSIGN_OR_RETURN(std::vector<std::string> revisions, project.graph().Resolve(target, {}));
  if (revisions.size() != 1) {
    return base::Status::InvalidInput("'" + text + "' names " + std::to_string(revisions.size()) +
                                      " revisions; show takes one: " + base::Join(revisions));
  }
  return revisions.front();
}

// What the configured database records: its heads and its history.
struct Recorded {
  std::set<std::string> heads;
  std::vector<store::HistoryRecord> history;  // oldest first
};

// Reads what the configured database records. A SQLite file that does not
// exist records nothing, and is not created (opening it would create it):
// reading must leave no file behind.
base::Result<Recorded> ReadRecorded(Context& ctx) {
  MIGRATE_ASSIGN_OR_RETURN(db::DatabaseUrl url, ConfiguredUrl(ctx.config));
  Recorded recorded;
  if (url.scheme() == db::DatabaseUrl::Scheme::kSqlite && !url.sqlite_memory() &&
      !ctx.fs.Exists(url.sqlite_path())) {
    return recorded;
  }
  MIGRATE_ASSIGN_OR_RETURN(DatabaseSession session, OpenSession(ctx, Locking::kNone));
  MIGRATE_ASSIGN_OR_RETURN(recorded.heads, session.store->CurrentHeads());
  MIGRATE_ASSIGN_OR_RETURN(recorded.history, session.store->History());
  return recorded;
}

}  // namespace

base::Status Show(Context& ctx, const ShowArgs& args) {
  MIGRATE_ASSIGN_OR_RETURN(engine::Project project,
                           engine::Project::Load(ctx.config.script_location, ctx.fs,
                                                 script::ChecksumMode::kSkip));
  MIGRATE_ASSIGN_OR_RETURN(std::string id, OneRevision(project, args.revision));
  report::RevisionDetail detail;
  if (ctx.config.url.empty()) {  // no database to ask: the files alone
    detail.revision = project.Info(id);
    ctx.reporter.Show(detail);
    return base::Status::OK();
  }
  MIGRATE_ASSIGN_OR_RETURN(Recorded recorded, ReadRecorded(ctx));
  detail.revision = project.Info(id, recorded.heads);
  detail.applied = project.graph().IsApplied(recorded.heads, id);
  const std::map<std::string, store::HistoryRecord> latest = LatestApplication(recorded.history);
  auto found = latest.find(id);
  if (*detail.applied && found != latest.end()) detail.rows = found->second.rows;
  ctx.reporter.Show(detail);
  return base::Status::OK();
}

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
