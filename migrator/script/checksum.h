// Checksum of a migration file, as recorded in `migrate_history` and compared
// by preflight ("applied revisions' checksums match their files").
//
// The hash is taken over a normalized text, so the same file checked out with
// other line endings, saved with a BOM, or touched by an editor that trims or
// adds trailing whitespace still matches. Normalization:
//   1. a leading UTF-8 byte order mark is dropped;
//   2. CRLF and lone CR become LF;
//   3. trailing spaces and tabs (also \f and \v) are removed from every line;
//   4. blank lines at the end of the file are dropped, and every line,
//      the last one included, ends with one LF.
// So "a" and "a\n" and "a\r\n\r\n" hash the same, while any change to a
// non-blank character, or to leading indentation, or to blank lines between
// statements, does not. An empty (or all-blank) file normalizes to "".
//
// The algorithm is part of the value ("sha256:<64 lower-case hex digits>")
// and never changes silently: a new algorithm gets a new prefix.
//
// Pure functions; thread-safe.

#ifndef MIGRATOR_SCRIPT_CHECKSUM_H_
#define MIGRATOR_SCRIPT_CHECKSUM_H_

#include <string>
#include <string_view>

namespace migrate::script {

/// The prefix that names the algorithm in every checksum this build writes.
inline constexpr std::string_view kChecksumAlgorithm = "sha256";

/// The text the checksum is computed over (the steps above).
std::string NormalizeForChecksum(std::string_view file_text);

/// "sha256:<64 hex>" over NormalizeForChecksum(file_text). Returns "" only if
/// libcrypto itself fails (out of memory); callers treat that as an internal error.
std::string NormalizedChecksum(std::string_view file_text);

}  // namespace migrate::script

#endif  // MIGRATOR_SCRIPT_CHECKSUM_H_
