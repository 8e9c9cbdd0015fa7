#include "migrator/base/duration.h"

#include <cstdint>
#include <limits>

#include "migrator/base/numbers.h"

namespace migrate::base {

namespace {

struct Unit {
  std::string_view suffix;
  std::int64_t millis;
};

// Longest suffixes first, so "ms" is not read as "m" + "s".
constexpr Unit kUnits[] = {{"min", 60'000}, {"ms", 1}, {"s", 1'000}, {"h", 3'600'000}};

}  // namespace

Result<std::chrono::milliseconds> ParseDuration(std::string_view text) {
  auto bad = [&] {
    return Status::InvalidInput("invalid duration '" + std::string(text) +
                                "' (expected e.g. 500ms, 5s, 2min, 1h)");
  };
  const std::size_t digits = text.find_first_not_of("0123456789");
  const std::string_view number = text.substr(0, digits);
  const std::string_view suffix = digits == std::string_view::npos ? "" : text.substr(digits);
  std::int64_t millis_per_unit = 0;
  if (suffix.empty()) millis_per_unit = 1'000;  // a bare number is seconds
  for (const Unit& unit : kUnits) {
    if (suffix == unit.suffix) millis_per_unit = unit.millis;
  }
  if (number.empty() || millis_per_unit == 0) return bad();
  // Bounded so that the product cannot overflow; a longer wait than that
  // (292 million years in ms) is a typo.
  auto count = ParseInteger(number, 0, std::numeric_limits<std::int64_t>::max() / millis_per_unit);
  if (!count) {
    return Status::InvalidInput("invalid duration '" + std::string(text) + "': " +
                                count.error().message());
  }
  return std::chrono::milliseconds(*count * millis_per_unit);
}

std::string FormatDuration(std::chrono::milliseconds d) {
  const std::int64_t ms = d.count();
  for (const Unit& unit : {kUnits[3], kUnits[0], kUnits[2]}) {
    if (ms != 0 && ms % unit.millis == 0) return std::to_string(ms / unit.millis) + std::string(unit.suffix);
  }
  return std::to_string(ms) + "ms";
}

}  // namespace migrate::base
