// status and show: every revision, or one, and what the database records
// of it. They only read, without the migration lock and without creating
// the database; the verdict is `check`'s.

#include <map>

#include "migrator/base/strings.h"
#include "migrator/commands/commands.h"
#include "migrator/commands/database_session.h"
#include "migrator/engine/drift.h"
#include "migrator/engine/preflight.h"
#include "migrator/engine/project.h"
#include "migrator/graph/target.h"

namespace migrate::commands {

namespace {

// The latest successful, finished upgrade, redo or stamp row of each
// revision: when and how the revision as now applied got there. A later
// downgrade row does not matter here: whether a revision is applied comes
// from the heads.
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

base::Result<Recorded> ReadRecorded(DatabaseSession& session) {
  Recorded recorded;
  MIGRATE_ASSIGN_OR_RETURN(recorded.heads, session.store->CurrentHeads());
  MIGRATE_ASSIGN_OR_RETURN(recorded.history, session.store->History());
  return recorded;
}

// The known revisions the database has. From the heads alone, unless one of
// them has no file (the database is ahead of this code): what that head
// needed is then unknown, and the history's word is taken instead, each
// revision whose latest successful row applied it.
std::set<std::string> AppliedRevisions(const engine::Project& project, const Recorded& recorded,
                                       const std::vector<std::string>& unknown) {
  std::set<std::string> applied = project.graph().AppliedFromHeads(recorded.heads);
  if (unknown.empty()) return applied;
  for (const store::HistoryRecord& row : recorded.history) {  // oldest first
    if (!row.success || !row.finished_at || project.File(row.revision) == nullptr) continue;
    if (row.direction == store::Direction::kDowngrade) {
      applied.erase(row.revision);
    } else {
      applied.insert(row.revision);
    }
  }
  return applied;
}

// What each applied revision did that no longer holds, as `verify` finds
// it. Every drift FindDrift reports names the file it comes from; one that
// did not would be shown under the database's first head.
// REQUIRES: every head is a known revision; `heads` not empty; `conn` in a
// read-only transaction.
base::Result<std::map<std::string, std::vector<std::string>>> DriftByRevision(
    const engine::Project& project, const std::set<std::string>& heads, db::Connection& conn) {
  std::map<std::string, std::string> revision_of;  // file path -> revision
  for (const script::MigrationFile& file : project.scripts().files()) {
    revision_of[file.path] = file.revision;
  }
  MIGRATE_ASSIGN_OR_RETURN(engine::DriftReport report, engine::FindDrift(project, heads, conn));
  std::map<std::string, std::vector<std::string>> drift;
  for (const base::Status& problem : report.drift) {
    auto found = problem.location() ? revision_of.find(problem.location()->file) : revision_of.end();
    drift[found != revision_of.end() ? found->second : *heads.begin()].push_back(problem.message());
  }
  return drift;
}

// "started 2026-11-22T08:32:13.000Z and never finished; stopped at FILE:LINE: ERROR".
std::string IncompleteText(const store::HistoryRecord& run) {
  std::string text = "started " + store::FormatTimestamp(run.started_at) + " and never finished";
  if (!run.error.empty()) text += "; stopped at " + run.error_location + ": " + run.error;
  return text;
}

// When and how `row`'s revision was applied, from LatestApplication's
// `latest`. REQUIRES: row.applied.
void AddApplication(const std::map<std::string, store::HistoryRecord>& latest,
                    report::StatusRow& row) {
  auto found = latest.find(row.revision.id);
  if (found == latest.end()) return;  // applied before the history table recorded it
  row.applied_at = store::FormatTimestamp(found->second.started_at);
  row.applied_by = store::DirectionName(found->second.direction);
  row.duration = std::chrono::milliseconds(found->second.duration_ms);
  row.rows = found->second.rows;
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
  MIGRATE_ASSIGN_OR_RETURN(DatabaseSession session,
                           OpenSession(ctx, Locking::kNone, Access::kReadOnly));
  MIGRATE_ASSIGN_OR_RETURN(Recorded recorded, ReadRecorded(session));
  detail.revision = project.Info(id, recorded.heads);
  detail.applied = project.graph().IsApplied(recorded.heads, id);
  const std::map<std::string, store::HistoryRecord> latest = LatestApplication(recorded.history);
  auto found = latest.find(id);
  if (*detail.applied && found != latest.end()) {
    detail.rows = found->second.rows;
    detail.applied_by = store::DirectionName(found->second.direction);
  }
  ctx.reporter.Show(detail);
  return base::Status::OK();
}

base::Status ShowStatus(Context& ctx) {
  MIGRATE_ASSIGN_OR_RETURN(engine::Project project,
                           engine::Project::Load(ctx.config.script_location, ctx.fs));
  MIGRATE_ASSIGN_OR_RETURN(DatabaseSession session,
                           OpenSession(ctx, Locking::kNone, Access::kReadOnly));
  // One snapshot, in a transaction the database refuses to write in (verify
  // sections run in it), never committed: closing the session rolls it back.
  MIGRATE_TRY(session.conn->BeginReadOnly());
  MIGRATE_ASSIGN_OR_RETURN(Recorded recorded, ReadRecorded(session));
  MIGRATE_ASSIGN_OR_RETURN(auto checksums, session.store->AppliedChecksums());
  MIGRATE_ASSIGN_OR_RETURN(auto incomplete, session.store->IncompleteRuns());
  const std::vector<std::string> unknown = project.Unknown(recorded.heads);
  const std::set<std::string> applied = AppliedRevisions(project, recorded, unknown);
  std::map<std::string, std::vector<std::string>> drift;
  if (unknown.empty() && !recorded.heads.empty()) {
    MIGRATE_ASSIGN_OR_RETURN(drift, DriftByRevision(project, recorded.heads, *session.conn));
  }
  const std::map<std::string, store::HistoryRecord> latest = LatestApplication(recorded.history);

  std::vector<report::StatusRow> rows;
  for (const std::string& id : unknown) {  // recorded, no file: first, being the newest
    report::StatusRow row;
    row.revision.id = id;
    row.revision.is_current = true;
    row.applied = true;
    row.unknown = true;
    AddApplication(latest, row);
    rows.push_back(std::move(row));
  }
  for (const std::string& id : project.graph().History()) {  // newest first
    report::StatusRow row;
    row.revision = project.Info(id, recorded.heads);
    row.applied = applied.count(id) > 0;
    if (row.applied) AddApplication(latest, row);
    auto checksum = checksums.find(id);
    row.edited = row.applied && checksum != checksums.end() &&
                 checksum->second != project.File(id)->checksum;
    if (auto d = drift.find(id); d != drift.end()) row.drift = d->second;
    for (const store::HistoryRecord& run : incomplete) {
      if (run.revision == id) row.incomplete = IncompleteText(run);
    }
    rows.push_back(std::move(row));
  }
  ctx.reporter.StatusTable(rows);
  if (!unknown.empty()) return engine::AheadOfCode(project, unknown);
  return base::Status::OK();
}

}  // namespace migrate::commands
