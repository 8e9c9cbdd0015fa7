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

}  // namespace migrate::base

#endif  // MIGRATOR_BASE_STRINGS_H_
