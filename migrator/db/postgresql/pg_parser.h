// The PostgreSQL parser behind the PostgreSQL dialect: libpg_query, the
// server's own grammar (PostgreSQL 15) as a C library, so what a migration
// means is read the way the server will read it, not guessed from its text.
//
//  - SplitPostgresql cuts a section body where the parser ends statements
//    (pg_query_split_with_parser): dollar quotes, DO bodies, BEGIN ATOMIC
//    bodies, E'' strings and `CREATE RULE ... (a; b)` stay whole. When the
//    parser rejects the body (a syntax error, or syntax newer than
//    PostgreSQL 15), the statements are cut by script::SplitStatements
//    instead, so that the server, not our parser, has the last word on
//    syntax. (Not by libpg_query's scanner splitter: it drops a statement
//    that does not start with a keyword, so a misspelt one would never
//    reach the server.) What no parser knows stays with script/: psql
//    meta-commands, `COPY ... FROM STDIN`, and unterminated quotes and
//    comments are refused by script::SplitStatements, with its messages
//    and file:line.
//  - DescribePostgresql reads one statement's parse tree into a
//    script::StatementIntent (script/intent.h): the objects it creates,
//    drops, renames and alters, the tables it writes, whether it is
//    maintenance, whether it cannot run in a transaction block, and the
//    functions, types and operator classes it uses. The parser has already
//    folded unquoted identifiers, so every Identifier it reports is exact
//    (`quoted`); a schema is empty where the statement left it out.
//
// Thread safety: pure functions; libpg_query keeps its memory per thread.

#ifndef MIGRATOR_DB_POSTGRESQL_PG_PARSER_H_
#define MIGRATOR_DB_POSTGRESQL_PG_PARSER_H_

#include <string>
#include <string_view>
#include <vector>

#include "migrator/base/status.h"
#include "migrator/script/intent.h"
#include "migrator/script/statement.h"

namespace migrate::db {

/// Splits a section body, whose first line is line `first_line` of `path`,
/// into statements as PostgreSQL's parser ends them: each one's text runs
/// from its first token to its last (comments before and after it, and the
/// `;`, left out), `line` is the file line of that first token, and empty
/// statements are dropped. InvalidInput at `path:line` for a psql
/// meta-command, `COPY ... FROM STDIN`, an unterminated quote, comment or
/// BEGIN ATOMIC body, or a NUL byte.
base::Result<std::vector<script::Statement>> SplitPostgresql(std::string_view body, int first_line,
                                                             const std::string& path);

/// What `sql` (one statement, as SplitPostgresql cut it) will do, from its
/// parse tree. A statement the parser rejects gives `understood = false` and
/// nothing else: the server reports the error when it runs.
script::StatementIntent DescribePostgresql(std::string_view sql);

}  // namespace migrate::db

#endif  // MIGRATOR_DB_POSTGRESQL_PG_PARSER_H_
