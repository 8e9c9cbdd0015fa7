#include "migrator/base/duration.h"

#include <charconv>
#include <cstdint>

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
  std::int64_t number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || number < 0) return bad();
  std::string_view suffix(end, static_cast<std::size_t>(text.data() + text.size() - end));
  if (suffix.empty()) return std::chrono::milliseconds(number * 1'000);
  for (const Unit& unit : kUnits) {
    if (suffix == unit.suffix) return std::chrono::milliseconds(number * unit.millis);
  }
  return bad();
}

std::string FormatDuration(std::chrono::milliseconds d) {
  const std::int64_t ms = d.count();
  for (const Unit& unit : {kUnits[3], kUnits[0], kUnits[2]}) {
    if (ms != 0 && ms % unit.millis == 0) return std::to_string(ms / unit.millis) + std::string(unit.suffix);
  }
  return std::to_string(ms) + "ms";
}

}  // namespace migrate::base
