// Statement: one SQL statement cut out of a migration section by the
// splitter (script/sql_splitter.h), with where it starts in its file so every
// error can point at `file:line`.

#ifndef MIGRATOR_SCRIPT_STATEMENT_H_
#define MIGRATOR_SCRIPT_STATEMENT_H_

#include <string>
#include <vector>

namespace migrate::script {

struct Statement {
  std::string text;  // the statement without its terminating ';', comments kept, trimmed
  int line = 0;      // 1-based line in the file where the statement's first token is
};

/// How a dialect's SQL is lexed. Everything not listed here is common to
/// SQLite and PostgreSQL ('' strings, "" identifiers, -- and /* */ comments).
struct SplitterOptions {
  bool dollar_quotes = false;       // PostgreSQL $$...$$ and $tag$...$tag$
  bool escape_strings = false;      // PostgreSQL E'...' with backslash escapes
  bool nested_comments = false;     // PostgreSQL nests /* /* */ */; SQLite does not
  bool trigger_bodies = false;      // SQLite CREATE TRIGGER ... BEGIN ...; END
  bool begin_atomic = false;        // PostgreSQL BEGIN ATOMIC ... END (SQL-standard function bodies)
  bool square_brackets = false;     // SQLite [identifier] and `identifier`

  static SplitterOptions Sqlite() {
    SplitterOptions o;
    o.trigger_bodies = true;
    o.square_brackets = true;
    return o;
  }
  static SplitterOptions Postgresql() {
    SplitterOptions o;
    o.dollar_quotes = true;
    o.escape_strings = true;
    o.nested_comments = true;
    o.begin_atomic = true;
    return o;
  }
};

}  // namespace migrate::script

#endif  // MIGRATOR_SCRIPT_STATEMENT_H_
