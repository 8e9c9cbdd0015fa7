// The commands that need no database: init, revision, merge, heads,
// branches, history and check --offline. They read the script directory
// and its graph, and revision/merge write one new file; `history -r` with a
// range naming `current` alone also reads the database's heads. (show,
// which also asks a configured database, is in status_command.cc.)

#include <ctime>
#include <optional>
#include <set>

#include "migrator/commands/commands.h"
#include "migrator/base/strings.h"
#include "migrator/commands/database_session.h"
#include "migrator/commands/revision_templates.h"
#include "migrator/engine/preflight.h"
#include "migrator/engine/project.h"
#include "migrator/graph/target.h"
#include "migrator/script/header_parser.h"
#include "migrator/script/revision_template.h"
#include "migrator/script/script_directory.h"

namespace migrate::commands {

using base::Join;

namespace {

constexpr const char* kConfigTemplate =
    "# Settings for `migrate` (docs/commands.md lists them all).\n"
    "[migrate]\n"
    "# The --url option and the DATABASE_URL variable override this, in that order.\n"
    "url = \"sqlite:///app.db\"\n"
    "# Relative to this file.\n"
    "script_location = \"migrations\"\n"
    "version_table = \"migrate_version\"\n"
    "# \"timestamp\" names new revisions by their creation time (20261207211530),\n"
    "# so the files sort by age; \"random\" (the default) uses 12 hex digits.\n"
    "revision_id = \"random\"\n";

// The SQLite database of kConfigTemplate's url, and its journal files: data,
// not source.
constexpr const char* kGitignore =
    "# The SQLite database of migrate.toml's url: data, not source.\n"
    "app.db\n"
    "app.db-journal\n"
    "app.db-wal\n"
    "app.db-shm\n";

std::string CreateDate(const base::Clock& clock) {
  const std::time_t now = std::chrono::system_clock::to_time_t(clock.WallNow());
  std::tm local{};
  localtime_r(&now, &local);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &local);
  return buf;
}

// A time-ordered revision id (`revision_id = "timestamp"`): the creation
// time in UTC, 20261207211530, so that files sort by age. Two revisions
// made in the same second take the next free second, keeping the order.
std::string TimestampRevisionId(const base::Clock& clock, const engine::Project& project) {
  std::time_t when = std::chrono::system_clock::to_time_t(clock.WallNow());
  while (true) {
    std::tm utc{};
    gmtime_r(&when, &utc);
    char id[16];
    std::strftime(id, sizeof id, "%Y%m%d%H%M%S", &utc);
    if (project.File(id) == nullptr) return id;
    ++when;
  }
}

// Renders, checks and writes a new migration file; reports its path.
base::Status WriteRevision(Context& ctx, const engine::Project& project,
                           script::RevisionFields fields, const std::optional<std::string>& rev_id) {
  if (rev_id) {
    if (!graph::IsValidRevisionId(*rev_id)) {
      return base::Status::InvalidInput("--rev-id '" + *rev_id +
                                        "' is not a valid revision id (letters, digits and '_')");
    }
    if (project.File(*rev_id) != nullptr) {
      return base::Status::InvalidInput("revision " + *rev_id + " already exists: " +
                                        project.File(*rev_id)->path);
    }
    fields.revision = *rev_id;
  } else if (ctx.config.revision_id == config::RevisionIdStyle::kTimestamp) {
    fields.revision = TimestampRevisionId(ctx.clock, project);
  } else {
    do {
      fields.revision = script::ScriptDirectory::NewRevisionId();
    } while (project.File(fields.revision) != nullptr);
  }
  fields.create_date = CreateDate(ctx.clock);
  // A merge point runs nothing, whatever the project's template says.
  auto tmpl = std::make_pair(std::string(script::kDefaultRevisionTemplateName),
                             std::string(script::kMergeRevisionTemplate));
  if (fields.down_revisions.size() < 2) {
    MIGRATE_ASSIGN_OR_RETURN(tmpl, LoadRevisionTemplate(ctx));
  }
  MIGRATE_ASSIGN_OR_RETURN(std::string text, script::RenderRevision(tmpl.second, fields, tmpl.first));
  const std::string path = ctx.config.script_location + "/" +
                           script::ScriptDirectory::FileName(fields.revision, fields.message);
  // What we write must load: a message line like "revision: x" would not.
  auto parsed = script::ParseMigrationFile(text, path);
  if (!parsed) {
    return std::move(parsed).error().Prefixed("the new migration would not parse (check the message "
                                              "and the template " + tmpl.first + ")");
  }
  MIGRATE_TRY(ctx.fs.CreateFile(path, text));
  ctx.reporter.Info("Created " + path);
  return base::Status::OK();
}

// Whether `range` says `current` (or +N, -N, LABEL@+N), which only the
// database's heads give a meaning to.
bool NamesCurrent(const graph::TargetRange& range) {
  for (const std::optional<graph::Target>& end : {range.lower, range.upper}) {
    if (end && end->anchor == graph::Target::Anchor::kCurrent) return true;
  }
  return false;
}

// The database's heads, read as `current` reads them. FailedPrecondition
// when one has no file: `current` would mean a revision this code lacks.
base::Result<std::set<std::string>> DatabaseHeads(Context& ctx, const engine::Project& project) {
  MIGRATE_ASSIGN_OR_RETURN(DatabaseSession session,
                           OpenSession(ctx, Locking::kNone, Access::kReadOnly));
  return KnownHeads(session, project);
}

// None of the offline commands records or compares checksums.
base::Result<engine::Project> LoadProject(const Context& ctx) {
  return engine::Project::Load(ctx.config.script_location, ctx.fs, script::ChecksumMode::kSkip);
}

}  // namespace

base::Status Init(Context& ctx, const InitArgs& args) {
  const std::string config_path = args.dir + "/migrate.toml";
  const std::string migrations = args.dir + "/migrations";
  if (ctx.fs.Exists(config_path)) {
    return base::Status::InvalidInput(config_path + " already exists; not overwriting it");
  }
  MIGRATE_TRY(ctx.fs.CreateDirectories(migrations));
  MIGRATE_TRY(ctx.fs.CreateFile(config_path, kConfigTemplate));
  const std::string gitignore = args.dir + "/.gitignore";
  std::string created = config_path + ", " + migrations + "/";
  if (ctx.fs.Exists(gitignore)) {
    ctx.reporter.Info("Created " + created);
    ctx.reporter.Info(gitignore + " exists: add app.db (the SQLite database) to it");
  } else {
    MIGRATE_TRY(ctx.fs.CreateFile(gitignore, kGitignore));
    ctx.reporter.Info("Created " + created + " and " + gitignore);
  }
  // Every later command finds the project from its folder or one below it.
  const std::string cd = args.dir == "." ? "" : "cd " + args.dir + " && ";
  ctx.reporter.Info("Next: " + cd + "migrate revision -m \"create my first table\"");
  return base::Status::OK();
}

base::Status Revision(Context& ctx, const RevisionArgs& args) {
  MIGRATE_ASSIGN_OR_RETURN(engine::Project project, LoadProject(ctx));
  const graph::RevisionGraph& graph = project.graph();
  script::RevisionFields fields;
  fields.message = args.message;
  fields.branch_labels = args.branch_labels;
  fields.depends_on = args.depends_on;
  if (args.head) {
    MIGRATE_ASSIGN_OR_RETURN(graph::Target head, graph::ParseTarget(*args.head));
    MIGRATE_ASSIGN_OR_RETURN(std::vector<std::string> parents, graph.Resolve(head, {}));
    for (const std::string& parent : parents) {
      if (!graph.Children(parent).empty() && !args.splice && args.branch_labels.empty()) {
        return base::Status::InvalidInput(
            "revision " + parent + " is not a head; pass --splice (or --branch-label) to start a "
            "new branch from it");
      }
    }
    fields.down_revisions = parents;
  } else {
    std::vector<std::string> heads = graph.Heads();
    if (heads.size() > 1 && args.branch_labels.empty()) {
      return base::Status::InvalidInput(
          "multiple heads (" + Join(heads) + "); say which one the new revision follows with "
          "--head REV, or join them first with `migrate merge -m MSG heads`");
    }
    // A new labelled branch without --head starts at base, as in Alembic.
    if (heads.size() == 1 && args.branch_labels.empty()) fields.down_revisions = heads;
  }
  return WriteRevision(ctx, project, std::move(fields), args.rev_id);
}

base::Status Merge(Context& ctx, const MergeArgs& args) {
  MIGRATE_ASSIGN_OR_RETURN(engine::Project project, LoadProject(ctx));
  std::set<std::string> parents;
  for (const std::string& text : args.revisions) {
    MIGRATE_ASSIGN_OR_RETURN(graph::Target target, graph::ParseTarget(text));
    MIGRATE_ASSIGN_OR_RETURN(std::vector<std::string> resolved, project.graph().Resolve(target, {}));
    parents.insert(resolved.begin(), resolved.end());
  }
  if (parents.size() < 2) {
    return base::Status::InvalidInput("a merge joins two or more revisions; got " +
                                      Join({parents.begin(), parents.end()}));
  }
  script::RevisionFields fields;
  fields.message = args.message;
  fields.down_revisions.assign(parents.begin(), parents.end());
  return WriteRevision(ctx, project, std::move(fields), args.rev_id);
}

base::Status Heads(Context& ctx) {
  MIGRATE_ASSIGN_OR_RETURN(engine::Project project, LoadProject(ctx));
  std::vector<report::RevisionInfo> heads;
  for (const std::string& head : project.graph().Heads()) heads.push_back(project.Info(head));
  ctx.reporter.Heads(heads);
  return base::Status::OK();
}

base::Status Branches(Context& ctx) {
  MIGRATE_ASSIGN_OR_RETURN(engine::Project project, LoadProject(ctx));
  std::vector<report::RevisionInfo> points, all;
  for (const std::string& id : project.graph().BranchPoints()) points.push_back(project.Info(id));
  for (const std::string& id : project.graph().History()) all.push_back(project.Info(id));
  ctx.reporter.Branches(points, all);
  return base::Status::OK();
}

base::Status History(Context& ctx, const HistoryArgs& args) {
  MIGRATE_ASSIGN_OR_RETURN(engine::Project project, LoadProject(ctx));
  MIGRATE_ASSIGN_OR_RETURN(graph::TargetRange range, graph::ParseTargetRange(args.range));
  std::set<std::string> heads;
  if (NamesCurrent(range)) {
    MIGRATE_ASSIGN_OR_RETURN(heads, DatabaseHeads(ctx, project));
  }
  MIGRATE_ASSIGN_OR_RETURN(std::vector<std::string> revisions,
                           project.graph().History(range, heads));
  std::vector<report::RevisionInfo> infos;
  for (const std::string& id : revisions) infos.push_back(project.Info(id, heads));
  ctx.reporter.History(infos);
  return base::Status::OK();
}

base::Status CheckOffline(Context& ctx) {
  MIGRATE_ASSIGN_OR_RETURN(engine::Project project, LoadProject(ctx));
  const std::vector<std::string> heads = project.graph().Heads();
  if (heads.size() > 1) {
    return base::Status::FailedPrecondition(
        "the script directory has " + std::to_string(heads.size()) + " heads (" + Join(heads) +
        "): two branches added revisions on the same parent; join them with `migrate merge -m MSG "
        "heads`");
  }
  ctx.reporter.Info("OK: " + std::to_string(project.graph().size()) + " revisions, head " +
                    (heads.empty() ? std::string("<none>") : heads.front()));
  return base::Status::OK();
}

}  // namespace migrate::commands
