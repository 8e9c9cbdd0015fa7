// The revision template a project uses, for the commands that write new
// migration files (revision, merge) and for upgrade, which refuses a file
// that is still that template, unedited: applied, it would be recorded as
// an empty migration and every later edit would then trip the checksum
// check.

#ifndef MIGRATOR_COMMANDS_REVISION_TEMPLATES_H_
#define MIGRATOR_COMMANDS_REVISION_TEMPLATES_H_

#include <string>
#include <utility>
#include <vector>

#include "migrator/base/status.h"
#include "migrator/commands/commands.h"
#include "migrator/engine/project.h"

namespace migrate::commands {

/// The template `revision` renders, as (path for messages, text): the
/// project's own (script_location/migration.sql.tmpl) if it has one, else
/// the installed one, else the built-in copy.
base::Result<std::pair<std::string, std::string>> LoadRevisionTemplate(const Context& ctx);

/// InvalidInput at file:line ("still the unedited template") for the first
/// of `revisions` whose file is still the project's template or the
/// built-in one as written (script::UneditedTemplateLine); OK otherwise.
base::Status RefuseUneditedTemplates(const Context& ctx, const engine::Project& project,
                                     const std::vector<std::string>& revisions);

}  // namespace migrate::commands

#endif  // MIGRATOR_COMMANDS_REVISION_TEMPLATES_H_
