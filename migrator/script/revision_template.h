// The template that `migrate revision` and `migrate merge` render into a new
// migration file: templates/migration.sql.tmpl when the installed templates
// folder is used, else the same text built into the binary
// (kDefaultRevisionTemplate; a test keeps the two identical).
//
// Template syntax:
//   ${name}   replaced by the field `name`; names are
//               message         the -m text; may span several lines
//               revision        the new revision id
//               down_revision   parent revisions, comma-separated ("" for a root)
//               branch_labels   comma-separated
//               depends_on      comma-separated
//               create_date     the creation time, as the caller formatted it
//   $${       a literal "${" (any other '$' is literal, so SQL such as
//             `DO $$ ... $$` needs no escaping)
// An unknown name or an unclosed `${` is an error naming the template line.
//
// A value that spans several lines repeats, on each further line, whatever
// precedes the placeholder on its output line, so `-- ${message}` gives one
// comment line per message line. Trailing whitespace is removed from every
// line that held a placeholder, so empty values leave no `-- key: ` residue.
//
// The template itself is a valid migration file once rendered; it has no
// comments of its own about the syntax, because any such comment would
// end up in every new migration. Callers should parse the rendered text
// (ParseMigrationFile) before writing it: a message line such as
// `expect: x` would be read as a header key.
//
// Pure functions; thread-safe.

#ifndef MIGRATOR_SCRIPT_REVISION_TEMPLATE_H_
#define MIGRATOR_SCRIPT_REVISION_TEMPLATE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrator/base/status.h"
#include "migrator/script/migration_file.h"

namespace migrate::script {

/// The values a template can use, one per placeholder.
struct RevisionFields {
  std::string message;
  std::string revision;
  std::vector<std::string> down_revisions;
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
  std::string create_date;  // e.g. "2026-11-22 10:31:07"; the caller formats it from its Clock
};

/// The built-in template, identical to templates/migration.sql.tmpl: the
/// header, then an upgrade, a verify and a downgrade section, each holding
/// only comments that say what goes there.
extern const std::string_view kDefaultRevisionTemplate;

/// The template of `migrate merge`, whatever the project's template: a
/// merge point runs nothing, and its file says so.
extern const std::string_view kMergeRevisionTemplate;

/// The name used in messages about the built-in template.
inline constexpr std::string_view kDefaultRevisionTemplateName = "migration.sql.tmpl";

/// Whether `file` is still the template `template_text` as `migrate
/// revision` wrote it: every upgrade section holds nothing but blank lines
/// and comments, and among them every comment line of the template's
/// upgrade section (trimmed; lines with a placeholder left out). Returns the
/// line of its upgrade marker if so, else nullopt. Deleting the template's
/// comments is how an empty placeholder migration is kept on purpose; a
/// template with no such comment never matches, and neither does a merge
/// point (two or more parents), which has no statements by design.
std::optional<int> UneditedTemplateLine(const MigrationFile& file, std::string_view template_text);

/// The template with every placeholder replaced. Returns the text, or an
/// InvalidInput Status at `template_path:line` for an unknown placeholder or
/// an unclosed `${`.
base::Result<std::string> RenderRevision(
    std::string_view template_text, const RevisionFields& fields,
    std::string_view template_path = kDefaultRevisionTemplateName);

}  // namespace migrate::script

#endif  // MIGRATOR_SCRIPT_REVISION_TEMPLATE_H_
