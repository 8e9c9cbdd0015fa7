// The migration-file parser: text of one `<revision>_<slug>.sql` file in,
// MigrationFile (script/migration_file.h) out, as the contract's "One
// migration file" defines it.
//
// File layout, line by line (a line ends at LF, CRLF or CR; a leading UTF-8
// BOM is skipped; the whole file must be valid UTF-8):
//
//   header    every line before the first `-- migrate:` marker. Blank lines
//             and `--` comment lines only; anything else is "SQL before the
//             first section". Its comment lines are, in order:
//     message   the lines before the first line that starts with a known key
//               followed by ':' ("fix: trim names" is message text). Kept
//               without the `--` and one following space; blank lines at
//               either end dropped, inner ones kept.
//     keys      from that line on, every non-empty comment line is
//               `key: value` with a key below; `--` lines may appear anywhere.
//   sections  `-- migrate:KIND [DIALECT]`, starting in column 1, KIND one of
//             upgrade, downgrade, verify and DIALECT sqlite or postgresql;
//             each section's body is the lines up to the next marker, each
//             ending in '\n'. At most one section per kind and dialect; at
//             least one upgrade section (generic or for a dialect; it may be
//             empty). A comment that looks like a mistyped marker
//             (`-- migrate: upgrade`, `--migrate:upgrade`) is an error that
//             shows the correct spelling, so a section is never silently
//             swallowed into the one before it. Markers are found line by
//             line, before any SQL lexing: a marker line inside a /* */
//             comment or a string still starts a section.
//
// Keys (each at most once, except `expect`):
//   revision            required; [A-Za-z0-9_]+
//   down_revision       revisions, comma-separated; empty = a root
//   branch_labels       labels, comma-separated; [A-Za-z0-9_.-]+ each
//   depends_on          revisions or labels, comma-separated
//   extensions          names, comma-separated; [A-Za-z0-9_-]+ each
//   transaction         per-migration | none
//   lock_timeout,
//   statement_timeout   a whole number and a unit: ms, s, min or h (500ms, 5s,
//                       2min, 1h); at most 2147483647ms, PostgreSQL's limit
//   noop                allowed
//   create_date         any text
//   expect              a postcondition (script/expectation_parser.h); its
//                       Postcondition::source is the whole `-- expect:` line
//
// Errors: the first problem found, as Status::InvalidInput located at
// `path:line` with the offending line as the first context line (invalid
// bytes shown as \xNN). Problems that concern the whole file (no revision, no
// upgrade section) point at line 1 and at the first marker (or the last line)
// respectively.
//
// Pure function; thread-safe.

#ifndef MIGRATOR_SCRIPT_HEADER_PARSER_H_
#define MIGRATOR_SCRIPT_HEADER_PARSER_H_

#include <string>
#include <string_view>

#include "migrator/base/status.h"
#include "migrator/script/migration_file.h"

namespace migrate::script {

/// Whether a parse computes MigrationFile::checksum. Only commands that record
/// or compare checksums (upgrade, downgrade, stamp, status, check, verify,
/// `upgrade --sql`) need it; hashing every file is a tenth of what `heads`
/// costs at 10,000 files. Skipping it changes no check: every file is still
/// parsed and validated in full.
enum class ChecksumMode { kCompute, kSkip };

/// Parses a whole migration file. `path` is used in messages and stored in
/// MigrationFile::path. Returns the file, with its checksum
/// (script/checksum.h) filled in unless `checksum` is kSkip (then it is ""),
/// or the first problem as described above.
base::Result<MigrationFile> ParseMigrationFile(std::string_view text, std::string path,
                                               ChecksumMode checksum = ChecksumMode::kCompute);

}  // namespace migrate::script

#endif  // MIGRATOR_SCRIPT_HEADER_PARSER_H_
