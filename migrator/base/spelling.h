// Spelling suggestions for the "did you mean ...?" part of error messages:
// an unknown header key, section kind, dialect, `expect:` form or template
// placeholder, a mistyped command, option or target keyword on the command
// line, is compared with the words that would have been accepted.
//
// A candidate is suggested when it is at most two edits away (insertions,
// deletions, substitutions, swaps of adjacent letters; ASCII case ignored),
// or when the word is a prefix of it of two or more letters (`up` for
// `upgrade`, as dbmate users write it). Pure functions; thread-safe.

#ifndef MIGRATOR_BASE_SPELLING_H_
#define MIGRATOR_BASE_SPELLING_H_

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace migrate::base {

/// The candidate closest to `word`, or nullopt if none is close enough.
/// Ties go to the earlier candidate.
std::optional<std::string_view> ClosestMatch(std::string_view word,
                                             std::span<const std::string_view> candidates);

/// " (did you mean 'x'?)" for the closest candidate, or "" if none is close.
std::string DidYouMean(std::string_view word, std::span<const std::string_view> candidates);

/// The candidates as "a, b and c", for "... are a, b and c" messages.
std::string JoinWords(std::span<const std::string_view> words);

}  // namespace migrate::base

#endif  // MIGRATOR_BASE_SPELLING_H_
