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

#include <string>
#include <string_view>
#include <vector>

#include "migrator/base/status.h"

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

/// The built-in template, identical to templates/migration.sql.tmpl.
extern const std::string_view kDefaultRevisionTemplate;

/// The name used in messages about the built-in template.
inline constexpr std::string_view kDefaultRevisionTemplateName = "migration.sql.tmpl";

/// The template with every placeholder replaced. Returns the text, or an
/// InvalidInput Status at `template_path:line` for an unknown placeholder or
/// an unclosed `${`.
base::Result<std::string> RenderRevision(
    std::string_view template_text, const RevisionFields& fields,
    std::string_view template_path = kDefaultRevisionTemplateName);

}  // namespace migrate::script

#endif  // MIGRATOR_SCRIPT_REVISION_TEMPLATE_H_
