#include "migrator/commands/revision_templates.h"

#include <optional>

#include "migrator/script/revision_template.h"

namespace migrate::commands {

base::Result<std::pair<std::string, std::string>> LoadRevisionTemplate(const Context& ctx) {
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

base::Status RefuseUneditedTemplates(const Context& ctx, const engine::Project& project,
                                     const std::vector<std::string>& revisions) {
  MIGRATE_ASSIGN_OR_RETURN(auto project_template, LoadRevisionTemplate(ctx));
  // The built-in template too: a file written before the project got a
  // template of its own (or by another installation) is as unedited.
  const std::string_view templates[] = {project_template.second, script::kDefaultRevisionTemplate};
  for (const std::string& revision : revisions) {
    const script::MigrationFile* file = project.File(revision);
    if (file == nullptr) continue;
    for (std::string_view text : templates) {
      if (std::optional<int> line = script::UneditedTemplateLine(*file, text)) {
        return base::Status::InvalidInput(
            "revision " + revision +
                " is still the unedited template: its upgrade section has only the template's "
                "comments; write its SQL there (or, to keep an empty placeholder on purpose, "
                "delete those comments); nothing was changed",
            base::Location{file->path, *line});
      }
    }
  }
  return base::Status::OK();
}

}  // namespace migrate::commands
