// Numbers as users and databases write them: the one parser of decimal
// integers in migrator, so that a bad number anywhere (a URL parameter, a
// migrate.toml value, a command-line option, a count a database returned)
// becomes a Status naming the text, never an exception (std::stoll) or a
// silently ignored suffix (std::atoi, std::strtoll).
//
// Pure functions; thread-safe.

#ifndef MIGRATOR_BASE_NUMBERS_H_
#define MIGRATOR_BASE_NUMBERS_H_

#include <cstdint>
#include <limits>
#include <string_view>

#include "migrator/base/status.h"

namespace migrate::base {

/// Parses all of `text` as a decimal integer: an optional '-', then one or
/// more ASCII digits, nothing else (no spaces, no '+', no fraction).
/// Returns InvalidInput, quoting `text` and without a location (the caller
/// adds what the number is for), when it is not one or lies outside
/// [min, max].
Result<std::int64_t> ParseInteger(std::string_view text,
                                  std::int64_t min = std::numeric_limits<std::int64_t>::min(),
                                  std::int64_t max = std::numeric_limits<std::int64_t>::max());

}  // namespace migrate::base

#endif  // MIGRATOR_BASE_NUMBERS_H_
