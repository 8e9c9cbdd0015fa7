#include "migrator/base/spelling.h"

#include <algorithm>
#include <cstddef>
#include <vector>

namespace migrate::base {

namespace {

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Optimal string alignment distance (Levenshtein plus adjacent swaps), so
// that `tabel` is one edit from `table`, as a reader would count it.
std::size_t EditDistance(std::string_view a, std::string_view b) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::vector<std::vector<std::size_t>> d(n + 1, std::vector<std::size_t>(m + 1));
  for (std::size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (std::size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (std::size_t i = 1; i <= n; ++i) {
    for (std::size_t j = 1; j <= m; ++j) {
      const std::size_t cost = Lower(a[i - 1]) == Lower(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && Lower(a[i - 1]) == Lower(b[j - 2]) &&
          Lower(a[i - 2]) == Lower(b[j - 1])) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[n][m];
}

bool IsPrefixIgnoringCase(std::string_view prefix, std::string_view word) {
  if (prefix.size() > word.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (Lower(prefix[i]) != Lower(word[i])) return false;
  }
  return true;
}

constexpr std::size_t kMaxEdits = 2;
constexpr std::size_t kMinPrefix = 2;

}  // namespace

std::optional<std::string_view> ClosestMatch(std::string_view word,
                                             std::span<const std::string_view> candidates) {
  if (word.empty()) return std::nullopt;
  std::optional<std::string_view> best;
  std::size_t best_distance = kMaxEdits + 1;
  for (std::string_view candidate : candidates) {
    const std::size_t distance = EditDistance(word, candidate);
    // A one-letter word is "two edits" from every two-letter candidate;
    // suggesting one of them would be noise.
    if (distance < best_distance && distance < word.size()) {
      best = candidate;
      best_distance = distance;
    }
  }
  if (best) return best;
  if (word.size() < kMinPrefix) return std::nullopt;
  for (std::string_view candidate : candidates) {
    if (IsPrefixIgnoringCase(word, candidate)) return candidate;
  }
  return std::nullopt;
}

std::string DidYouMean(std::string_view word, std::span<const std::string_view> candidates) {
  std::optional<std::string_view> match = ClosestMatch(word, candidates);
  if (!match) return "";
  return " (did you mean '" + std::string(*match) + "'?)";
}

std::string JoinWords(std::span<const std::string_view> words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += (i + 1 == words.size()) ? " and " : ", ";
    out += words[i];
  }
  return out;
}

}  // namespace migrate::base
