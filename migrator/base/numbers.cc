#include "migrator/base/numbers.h"

#include <charconv>
#include <limits>
#include <string>

namespace migrate::base {

Result<std::int64_t> ParseInteger(std::string_view text, std::int64_t min, std::int64_t max) {
  std::int64_t value = 0;
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, value);
  if (text.empty() || stop != end || error == std::errc::invalid_argument) {
    return Status::InvalidInput("'" + std::string(text) + "' is not a whole number");
  }
  if (error == std::errc::result_out_of_range || value < min || value > max) {
    const std::string range =
        min == 0 && max == std::numeric_limits<std::int64_t>::max()
            ? "it must not be negative"
            : "from " + std::to_string(min) + " to " + std::to_string(max);
    return Status::InvalidInput("'" + std::string(text) + "' is out of range (" + range + ")");
  }
  return value;
}

}  // namespace migrate::base
