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

}  // namespace migrate::base

#endif  // MIGRATOR_BASE_STRINGS_H_
