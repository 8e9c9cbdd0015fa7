// Statement splitter: cuts the body of a migration section into the SQL
// statements migrate sends to the database one at a time, each with the file
// line of its first token.
//
// Contract:
//  - A statement ends at a `;` outside strings, quoted identifiers, comments,
//    dollar quotes and parentheses (the lexer, script/sql_lexer.h, decides
//    what is inside what; parentheses follow psql, which keeps
//    `CREATE RULE ... DO ALSO (a; b)` whole), or at the end of the body (the
//    last `;` is optional).
//  - Its text runs from its first token to its last, without the `;`:
//    comments inside are kept, comments before and after belong to no
//    statement. Empty statements (`;;`) and comment-only chunks are dropped.
//  - SQLite (trigger_bodies): `CREATE [TEMP|TEMPORARY] TRIGGER ... BEGIN
//    ...; ...; END` is one statement. PostgreSQL (begin_atomic):
//    `CREATE [OR REPLACE] FUNCTION|PROCEDURE ... BEGIN ATOMIC ...; END` is
//    one statement. In both, `CASE ... END` is counted so that its END does
//    not close the body, and a keyword written after `.` (`new.end`) is a
//    name, not a keyword.
//  - A line whose first character outside strings is a backslash is a psql
//    meta-command (`\i`, `\set`, `\connect`, ...), and a statement starting
//    with `.word` at the beginning of a line is a sqlite3 shell command
//    (`.read`): both are kInvalidInput errors, since migrate talks to the
//    database directly. So is `COPY ... FROM STDIN` (as pg_dump writes it),
//    whose data only psql would send.
//  - Every error is `path:line: message` with the offending source line as
//    context; lexing errors point where the unclosed quote or comment starts.
//
// The block-tracking state machine, per statement (words compare
// case-insensitively; `;` splits only in the states marked so, at
// parenthesis depth 0):
//
//   state        | on                                     | next state        | `;` splits
//   -------------+----------------------------------------+-------------------+-----------
//   kPlain       | statement opens CREATE [TEMP|TEMPORARY] | kTriggerHead      | yes
//                |   TRIGGER (trigger_bodies)             |                   |
//                | statement opens CREATE [OR REPLACE]    | kRoutineHead      |
//                |   FUNCTION|PROCEDURE (begin_atomic)    |                   |
//   kTriggerHead | BEGIN, outside CASE                    | kBody             | yes
//   kRoutineHead | BEGIN ATOMIC, outside CASE, depth 0    | kBody             | yes
//   kBody        | END, outside CASE                      | kPlain            | NO
//   any but      | CASE / END                             | CASE depth +1 / -1|
//     kPlain     |                                        |                   |
//
// Speed: one pass over the text through the allocation-free Lexer; the only
// allocation is each statement's text.
//
// Thread safety: a pure function.

#ifndef MIGRATOR_SCRIPT_SQL_SPLITTER_H_
#define MIGRATOR_SCRIPT_SQL_SPLITTER_H_

#include <string>
#include <string_view>
#include <vector>

#include "migrator/base/status.h"
#include "migrator/script/sql_lexer.h"
#include "migrator/script/statement.h"

namespace migrate::script {

/// Splits `section_body`, whose first line is line `first_line` of `path`,
/// into statements. Returns them in order, or the first error (an
/// unterminated quote, comment or body; a psql meta-command) at `path:line`.
base::Result<std::vector<Statement>> SplitStatements(std::string_view section_body, int first_line,
                                                     const SplitterOptions& options,
                                                     const std::string& path);

/// OK unless `token`, lexed from `body` (lines and `path` as for
/// SplitStatements), starts a client command where SQL should be: a
/// backslash first on its line is a psql meta-command (`\i`, `\set`), and a
/// `.` followed by a letter, first on its line before any token of a
/// statement (`statement_open` false), is a sqlite3 shell command
/// (`.read`). Either is kInvalidInput at the token's line, with that line as
/// context. Every statement splitter asks this, so all reject them alike.
base::Status RejectClientCommand(std::string_view body, const TokenSpan& token,
                                 bool statement_open, const std::string& path);

}  // namespace migrate::script

#endif  // MIGRATOR_SCRIPT_SQL_SPLITTER_H_
