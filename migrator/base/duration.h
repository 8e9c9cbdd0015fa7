// Durations as users write them in migrate.toml, in migration headers
// (lock_timeout, statement_timeout) and on the command line.

#ifndef MIGRATOR_BASE_DURATION_H_
#define MIGRATOR_BASE_DURATION_H_

#include <chrono>
#include <string>
#include <string_view>

#include "migrator/base/status.h"

namespace migrate::base {

/// Parses "500ms", "5s", "2min", "1h", or a bare number of seconds ("30").
/// Returns InvalidInput (without a location: the caller adds it) otherwise.
Result<std::chrono::milliseconds> ParseDuration(std::string_view text);

/// "500ms", "5s", "2min", "1h": the shortest exact form of `d`.
std::string FormatDuration(std::chrono::milliseconds d);

}  // namespace migrate::base

#endif  // MIGRATOR_BASE_DURATION_H_
