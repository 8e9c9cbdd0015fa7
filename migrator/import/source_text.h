// Helpers the readers share for the SQL they take from another tool's
// files: removing the transaction statements those files carry (Sqitch
// scripts and many golang-migrate files wrap themselves in BEGIN/COMMIT,
// but `migrate` runs each migration in its own transaction, where a nested
// BEGIN fails), and finding Flyway-style `${name}` placeholders.
//
// Pure functions; thread-safe.

#ifndef MIGRATOR_IMPORT_SOURCE_TEXT_H_
#define MIGRATOR_IMPORT_SOURCE_TEXT_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrator/base/filesystem.h"
#include "migrator/base/status.h"

namespace migrate::import {

/// `sql` (lines `first_line`... of `path`) without its top-level
/// transaction-control statements: BEGIN [TRANSACTION|WORK], START
/// TRANSACTION, COMMIT [TRANSACTION|WORK] and ROLLBACK [TRANSACTION|WORK]
/// (not END, which also closes SQLite trigger bodies), each of which must stand alone on its line
/// (with its ';' and an optional trailing `--` comment); the line is removed.
/// Statements inside quotes, dollar-quoted bodies and comments are left
/// alone, as are the BEGIN/END of PL/pgSQL blocks and SQLite trigger
/// bodies (they are not statements of their own). Returns the text, the
/// splitter's error, or InvalidInput at `path:line` when such a statement
/// shares its line with other SQL.
base::Result<std::string> StripTransactionControl(std::string_view sql, const std::string& path,
                                                  int first_line = 1);

/// File `path` of `fs` as one migration's SQL: its text through
/// StripTransactionControl. Returns it, the FileSystem's error, or
/// StripTransactionControl's.
base::Result<std::string> ReadSqlScript(const std::string& path, const base::FileSystem& fs);

/// The first `${name}` placeholder in `text` (Flyway's syntax), as
/// {line, placeholder}; nullopt when there is none. `first_line` is the
/// line number of text's first line.
struct Placeholder {
  int line = 0;
  std::string text;  // e.g. "${schema}"
};
std::optional<Placeholder> FindPlaceholder(std::string_view text, int first_line = 1);

/// `text` split at '\n' (a '\r' before it is dropped); a final '\n' does
/// not make an empty last line.
std::vector<std::string> SplitLines(std::string_view text);

/// True for the name of an SQL file a migrations folder may hold: it ends in
/// ".sql" and is not hidden (does not start with '.'). The readers skip
/// every other name.
bool IsSqlFileName(std::string_view name);

/// `text` with '_' replaced by ' ' (a file name's title, as the tools show it).
std::string TitleFromName(std::string_view text);

}  // namespace migrate::import

#endif  // MIGRATOR_IMPORT_SOURCE_TEXT_H_
