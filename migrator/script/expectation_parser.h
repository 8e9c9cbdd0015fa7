// The `expect:` grammar: the text after `-- expect:` in a migration header,
// turned into a Postcondition (script/postcondition.h). The accepted forms,
// as in the contract (docs: "One migration file"):
//
//   table NAME                 table NAME(col, col, ...)     no table NAME
//   column TABLE.COL           no column TABLE.COL
//   index NAME                 no index NAME
//   view NAME                  no view NAME
//   extension NAME
//   rows TABLE >= N            (also =, >, <=, <)
//   rows deleted from TABLE    a declaration, not a check: the migration may
//                              delete rows of TABLE that none of its statements
//                              names in a DELETE, TRUNCATE or DROP (a foreign-key
//                              action or a trigger does it); see verify/row_ledger.h
//
// NAME and TABLE are `name` or `schema.name`; TABLE.COL may therefore be
// `schema.table.col`. Each part is an unquoted identifier (letters, digits,
// `_`, `$`, not starting with a digit; non-ASCII letters allowed) or a
// double-quoted one ("Mixed Case", with "" for a quote), kept as written
// (Identifier::quoted) because case folding is the database's business.
// An extension name may also contain `-` (uuid-ossp). The form keywords
// (table, no, rows, ...) are case-insensitive. N is a whole number >= 0.
//
// Postcondition::Describe() prints a parsed value back in this syntax, and
// parsing that text gives the same value.
//
// Pure function; thread-safe.

#ifndef MIGRATOR_SCRIPT_EXPECTATION_PARSER_H_
#define MIGRATOR_SCRIPT_EXPECTATION_PARSER_H_

#include <string_view>

#include "migrator/base/status.h"
#include "migrator/script/postcondition.h"

namespace migrate::script {

/// The accepted forms, one line, for error messages ("accepted forms: ...").
inline constexpr std::string_view kExpectationForms =
    "table NAME, table NAME(col, ...), no table NAME, column TABLE.COL, no column TABLE.COL, "
    "index NAME, no index NAME, view NAME, no view NAME, extension NAME, "
    "rows TABLE >= N (or =, >, <=, <), rows deleted from TABLE";

/// Parses one `expect:` value (without the `-- expect:` prefix). On success
/// the Postcondition has origin = `where` and source = `text` trimmed. On
/// failure, an InvalidInput Status located at `where`; when the form itself
/// is not recognised its context lists the accepted forms.
base::Result<Postcondition> ParseExpectation(std::string_view text, base::Location where);

}  // namespace migrate::script

#endif  // MIGRATOR_SCRIPT_EXPECTATION_PARSER_H_
