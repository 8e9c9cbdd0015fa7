// The commands that need no database: init, revision, merge, heads,
// branches, history and check --offline. They read the script directory
// and its graph, and revision/merge write one new file. (show, which also
// asks a configured database, is in status_command.cc.)

#include <ctime>

#include "migrator/commands/commands.h"
#include "migrator/base/strings.h"
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
    "version_table = \"migrate_version\"\n";

std::string CreateDate(const base::Clock& clock) {
  const std::time_t now = std::chrono::system_clock::to_time_t(clock.WallNow());
  std::tm local{};
  localtime_r(&now, &local);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &local);
  return buf;
}

// The template `revision` renders: the project's own, if its migrations
// folder has one, else the installed one, else the built-in copy.
base::Result<std::pair<std::string, std::string>> LoadTemplate(const Context& ctx) {
  for (const std::string& dir : {ctx.config.script_location, ctx.installed_templates_dir}) {
    if (dir.empty()) continue;
    const std::string path = dir + "/" + std::string(script::kDefaultRevisionTemplateName);
    if (!ctx.fs.Exists(path)) continue;
    MIGRATE_ASSIGN_OR_RETURN(std::string text, ctx.fs.ReadFile(path));
    return std::make_pair(path, text);
  }
  return std::make_pair(std::string(script::kDefaultRevisionTemplateName),
                        std::string(script::kDefaultRevisionTemplate));
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
  } else {
    do {
      fields.revision = script::ScriptDirectory::NewRevisionId();
    } while (project.File(fields.revision) != nullptr);
  }
  fields.create_date = CreateDate(ctx.clock);
  MIGRATE_ASSIGN_OR_RETURN(auto tmpl, LoadTemplate(ctx));
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
  ctx.reporter.Info("Created " + config_path + " and " + migrations + "/");
  ctx.reporter.Info("Next: migrate revision -m \"create my first table\"");
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
  MIGRATE_ASSIGN_OR_RETURN(std::vector<std::string> revisions, project.graph().History(range, {}));
  std::vector<report::RevisionInfo> infos;
  for (const std::string& id : revisions) infos.push_back(project.Info(id));
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
