// Small string helpers every layer needs, so no file writes its own.

#ifndef MIGRATOR_BASE_STRINGS_H_
#define MIGRATOR_BASE_STRINGS_H_

#include <string>
#include <string_view>
#include <vector>

namespace migrate::base {

/// `items` joined by `separator`: Join({"a", "b"}) == "a, b".
std::string Join(const std::vector<std::string>& items, std::string_view separator = ", ");

/// `text` with ASCII letters lower-cased (SQL keyword and identifier folding;
/// other bytes, UTF-8 included, are left alone).
std::string AsciiLower(std::string_view text);

/// `text` on one line for messages: runs of whitespace (newlines included)
/// become one space, and beyond `max_bytes` it is cut at a UTF-8 character
/// boundary and ends in " …".
std::string OneLine(std::string_view text, std::size_t max_bytes = 160);

/// The position of the first '\r' or '\n' in `text` at or after `pos`, or
/// std::string_view::npos. What text.find_first_of("\r\n", pos) means, in
/// one pass: libstdc++ calls memchr on the two-byte set for every byte, which
/// made line splitting the top cost of loading 10,000 migration files.
std::size_t FindLineEnd(std::string_view text, std::size_t pos);

/// `text` percent-encoded for any component of a URL: every byte but the
/// RFC 3986 unreserved ones (ASCII letters, digits, '-', '.', '_', '~')
/// becomes %XX with upper-case hex digits.
std::string PercentEncode(std::string_view text);

/// Replaces every occurrence of `from` in `text` by `to`, scanning left to
/// right and never re-reading replaced text. Does nothing when `from` is "".
void ReplaceAll(std::string& text, std::string_view from, std::string_view to);

/// `text` as a standard SQL string literal, quotes doubled: 'it''s'. It
/// means exactly `text` wherever a backslash is an ordinary character
/// (SQLite; PostgreSQL with standard_conforming_strings on). PostgreSQL
/// text that may meet the setting off goes through PostgresqlStringLiteral.
std::string SqlStringLiteral(std::string_view text);

/// `text` as a PostgreSQL string literal that means exactly `text` whatever
/// standard_conforming_strings says: SqlStringLiteral when `text` has no
/// backslash, else the escape form E'a\\b''c' (backslashes and quotes doubled).
std::string PostgresqlStringLiteral(std::string_view text);

/// `text` made safe for the inside of an SQL `--` comment, which ends at a
/// line break: control characters (line feed, carriage return, vertical
/// tab, form feed, ...), the Unicode line breaks U+0085, U+2028 and U+2029,
/// bytes that are not UTF-8 and the backslash are written as visible
/// escapes (\n, \r, \x0b, \u2028, \xff, \\), so that nothing taken from a file
/// name or a header can end the comment, or look to a reader as if it did.
/// Other UTF-8 text and tabs are kept.
std::string SqlCommentText(std::string_view text);

}  // namespace migrate::base

#endif  // MIGRATOR_BASE_STRINGS_H_
