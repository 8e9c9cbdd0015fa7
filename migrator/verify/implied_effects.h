// Implied effects: the net effect of a migration's upgrade statements on the
// schema, as the postconditions it implies (contract, guarantee 2: "a CREATE
// TABLE x must leave a table x unless a later statement of the same
// migration drops or renames it"). The verifier checks them with the
// `expect:` lines, and one that holds vouches for a migration that changed
// nothing (guarantee 3: `CREATE TABLE IF NOT EXISTS`, `DROP ... IF EXISTS`).
//
// What is understood (SQLite and PostgreSQL syntax; anything else adds
// nothing: DO blocks, SELECT, INSERT, function calls, GRANT, COMMENT, ...):
//   CREATE [OR REPLACE] [TEMP|TEMPORARY|UNLOGGED|...] TABLE [IF NOT EXISTS] t (cols)
//        -> table t with those columns (names only; constraints, LIKE and
//           table options are skipped); CREATE TABLE ... AS, PARTITION OF,
//           OF type, SQLite VIRTUAL TABLE -> table t, no columns
//   CREATE [UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] i ON t -> index i
//        (on PostgreSQL an unqualified index lives in its table's schema)
//   CREATE [OR REPLACE] [TEMP] VIEW / MATERIALIZED VIEW / SEQUENCE / TYPE /
//        DOMAIN (a type) / FUNCTION / PROCEDURE (a function, by name) /
//        SCHEMA / EXTENSION / TRIGGER -> that object
//   DROP <kind> [IF EXISTS] a, b [CASCADE] -> each absent
//   ALTER TABLE [IF EXISTS] [ONLY] t ADD [COLUMN] [IF NOT EXISTS] c /
//        DROP [COLUMN] [IF EXISTS] c / RENAME [COLUMN] a TO b (several
//        actions separated by commas) -> column present / absent
//   ALTER <kind> a RENAME TO b -> b exists, a absent
//
// Folding, in statement order, one entry per object (the state machine in
// implied_effects.cc): a later statement supersedes what earlier ones
// implied. Create then drop leaves "absent" only; drop then create leaves
// "exists"; a rename moves the entry, its columns and the indexes and
// triggers hanging off it to the new name and leaves the old name absent,
// so SQLite's table rebuild (CREATE TABLE new_x; copy; DROP TABLE x; ALTER
// TABLE new_x RENAME TO x) implies table x with new_x's columns and no
// table new_x. Dropping a table forgets its columns, indexes, triggers and
// owned sequences; a CASCADE also forgets what textually refers to the
// dropped object (DROP EXTENSION ... CASCADE: every view, index, function,
// trigger, type and column expectation), since those may be gone too.
//
// Deliberately not implied, because it could be false:
//   - anything about temporary objects (they vanish with the session),
//     including indexes and triggers on temporary tables and views over them;
//   - the absence of a function after DROP FUNCTION or of a renamed
//     function's old name: functions overload, and a postcondition names a
//     function without its argument types;
//   - on PostgreSQL, the absence of a trigger after DROP TRIGGER t ON x:
//     trigger names are per table, so another table may keep one named t.
//     A PostgreSQL trigger is named ObjectName{schema of its table, name}:
//     "a trigger of that name on some table of that schema";
//   - anything from ALTER TABLE IF EXISTS on a table this migration did not
//     create (the table may not exist, and the statement did nothing).
//
// Names keep their quoted flag and their schema as written. Entries are
// keyed by the folded name: PostgreSQL folds unquoted names to lower case
// and keeps quoted ones; SQLite compares all names case-insensitively
// (ASCII), quoted or not (options.square_brackets marks SQLite's lexing,
// which is how this file tells the dialects apart). A schema-qualified and
// an unqualified name with the same object name are taken as the same
// object (the search_path is not known here); SQLite's `main.` is dropped
// from keys.
//
// Each postcondition's origin is `path:line` of the statement that produced
// it (for a renamed table, the rename; for an added column, the ALTER), and
// its source is that statement's text, shortened to about 200 characters.
// Postconditions come out ordered by origin line.
//
// Thread safety: a pure function.

#ifndef MIGRATOR_VERIFY_IMPLIED_EFFECTS_H_
#define MIGRATOR_VERIFY_IMPLIED_EFFECTS_H_

#include <string>
#include <vector>

#include "migrator/script/postcondition.h"
#include "migrator/script/statement.h"

namespace migrate::verify {

/// The postconditions implied by `statements` (a migration's upgrade, in
/// order) from file `path`. Never fails: statements it cannot read, or that
/// do not lex, imply nothing.
std::vector<script::Postcondition> InferEffects(const std::vector<script::Statement>& statements,
                                                const script::SplitterOptions& options,
                                                const std::string& path);

/// The statements of one migration and the file they come from.
struct SourcedStatements {
  const std::vector<script::Statement>* statements;
  std::string path;
};

/// The net effect of several migrations applied in order (`migrate verify`
/// folds the whole applied chain this way: a later drop or rename supersedes
/// an earlier create). Each postcondition's origin names its own file.
std::vector<script::Postcondition> InferChainEffects(const std::vector<SourcedStatements>& chain,
                                                     const script::SplitterOptions& options);

}  // namespace migrate::verify

#endif  // MIGRATOR_VERIFY_IMPLIED_EFFECTS_H_
