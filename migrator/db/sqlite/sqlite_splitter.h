// SQLite statement splitting: a section body cut where SQLite itself says a
// statement is complete.
//
// Contract (the same as script/sql_splitter.h's, so either may feed the
// runner):
//  - Statements come out in order, each without its terminating `;`, from
//    its first token to its last (comments inside kept, comments before and
//    after dropped), with the file line of its first token. Empty
//    statements (`;;`) and comment-only chunks are dropped; the last
//    statement needs no `;`.
//  - Where a statement ends is sqlite3_complete()'s answer: a `;` ends it
//    unless the statement is a CREATE [TEMP] TRIGGER whose body has not yet
//    reached `END;` (SQLite's own rule: END directly after a `;`, so a CASE
//    ... END inside the body does not close it).
//  - The tokens come from the shared lexer (script/sql_lexer.h), so quotes,
//    `[]` and backquote identifiers and comments read as everywhere else in
//    migrate, and an unterminated string, identifier or comment is
//    InvalidInput at the line where it starts. A trigger whose body never
//    reaches `END` is InvalidInput at its BEGIN.
//  - A line starting with a backslash (a psql meta-command) or a statement
//    starting with `.word` at the start of a line (a sqlite3 shell command,
//    `.read`) is InvalidInput: migrate runs statements itself (the shared
//    check, script::RejectClientCommand).
//
// Speed: one pass of the lexer; sqlite3_complete() is asked once per `;`,
// about the text since the previous `;` only (see the .cc), so the whole
// split is linear in the body's length.
//
// Thread safety: a pure function.

#ifndef MIGRATOR_DB_SQLITE_SQLITE_SPLITTER_H_
#define MIGRATOR_DB_SQLITE_SQLITE_SPLITTER_H_

#include <string>
#include <string_view>
#include <vector>

#include "migrator/base/status.h"
#include "migrator/script/statement.h"

namespace migrate::db {

/// Splits `body`, whose first line is line `first_line` of `path`, into
/// SQLite statements. Returns them in order, or the first error at
/// `path:line` with the offending source line as context.
base::Result<std::vector<script::Statement>> SplitSqliteStatements(std::string_view body,
                                                                   int first_line,
                                                                   const std::string& path);

}  // namespace migrate::db

#endif  // MIGRATOR_DB_SQLITE_SQLITE_SPLITTER_H_
