// The target grammar: ParseTarget and ParseTargetRange. What a target
// means is resolver.cc's (and upgrade_path.cc, downgrade_path.cc,
// history_range.cc).

#include "migrator/graph/target.h"

#include <algorithm>
#include <utility>

#include "migrator/base/numbers.h"

namespace migrate::graph {

namespace {

// More steps than any migration history has; keeps the arithmetic in range.
constexpr std::size_t kMaxStepDigits = 7;

bool IsIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool IsLabelChar(char c) { return IsIdChar(c) || c == '-' || c == '.'; }

base::Status Malformed(std::string_view text, const std::string& why) {
  return base::Status::InvalidInput("invalid revision target '" + std::string(text) + "': " + why);
}

// "+2", "-1".
std::string Signed(int steps) {
  return (steps > 0 ? "+" : "-") + std::to_string(steps > 0 ? steps : -steps);
}

}  // namespace

bool IsTargetKeyword(std::string_view word) {
  return word == "head" || word == "heads" || word == "base" || word == "current";
}

bool IsValidRevisionId(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), IsIdChar) && !IsTargetKeyword(id);
}

bool IsValidBranchLabel(std::string_view label) {
  return !label.empty() && std::all_of(label.begin(), label.end(), IsLabelChar) &&
         !IsTargetKeyword(label);
}

base::Result<Target> ParseTarget(std::string_view text) {
  if (text.empty()) {
    return base::Status::InvalidInput(
        "empty revision target; expected head, heads, base, a revision, +N or -N");
  }
  Target target;
  target.text = std::string(text);
  std::string_view body = text;
  if (const std::size_t at = text.find('@'); at != std::string_view::npos) {
    if (text.find('@', at + 1) != std::string_view::npos)
      return Malformed(text, "more than one '@'");
    const std::string_view label = text.substr(0, at);
    if (label.empty()) return Malformed(text, "missing branch label before '@'");
    if (!IsValidBranchLabel(label)) {
      return Malformed(text,
                       IsTargetKeyword(label)
                           ? "'" + std::string(label) + "' is not a branch label"
                           : "a branch label may contain only letters, digits, '_', '-' and '.'");
    }
    target.label = std::string(label);
    body = text.substr(at + 1);
  }
  const std::string after_label =
      "expected head, heads, base, a revision, +N or -N after '" + target.label + "@'";
  if (body.empty()) return Malformed(text, after_label);

  const std::size_t sign = body.find_first_of("+-");
  const std::string_view anchor = body.substr(0, sign);
  if (sign != std::string_view::npos) {
    const std::string_view digits = body.substr(sign + 1);
    if (digits.empty() ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return Malformed(text, std::string("expected a number of steps after '") + body[sign] + "'");
    }
    if (digits.size() > kMaxStepDigits) return Malformed(text, "too many steps");
    // Digits only, and few enough to fit: cannot fail.
    const int n = static_cast<int>(base::ParseInteger(digits).value());
    if (n == 0) return Malformed(text, "the number of steps must be at least 1");
    target.steps = body[sign] == '+' ? n : -n;
  }

  if (anchor.empty()) {
    target.anchor = Target::Anchor::kCurrent;  // "+N" or "-N": body is not empty, so steps != 0
  } else if (anchor == "head") {
    target.anchor = Target::Anchor::kHead;
  } else if (anchor == "heads") {
    target.anchor = Target::Anchor::kHeads;
  } else if (anchor == "base") {
    target.anchor = Target::Anchor::kBase;
  } else if (anchor == "current") {
    target.anchor = Target::Anchor::kCurrent;
  } else if (!std::all_of(anchor.begin(), anchor.end(), IsIdChar)) {
    return Malformed(text, "a revision id may contain only letters, digits and '_'");
  } else {
    target.anchor = Target::Anchor::kRevision;
    target.revision = std::string(anchor);
  }

  if (!target.label.empty() && anchor == "current") return Malformed(text, after_label);
  if (anchor == "current" && target.steps != 0) {
    return Malformed(text, "use '" + Signed(target.steps) + "' to step from the current revision");
  }
  if (target.anchor == Target::Anchor::kHead && target.steps > 0) {
    return Malformed(text, "nothing is above head; use '" + Signed(target.steps) +
                               "' to go up from the current revision");
  }
  if (target.anchor == Target::Anchor::kHeads && target.steps != 0) {
    const std::string instead = target.steps > 0 ? "'" + Signed(target.steps) + "'"
                                                 : "'<label>@head" + Signed(target.steps) + "'";
    return Malformed(text, "'heads' names several revisions; use " + instead + " or '<revision>" +
                               Signed(target.steps) + "'");
  }
  if (target.anchor == Target::Anchor::kBase && target.steps < 0) {
    return Malformed(text, "nothing is below base");
  }
  return target;
}

base::Result<TargetRange> ParseTargetRange(std::string_view text) {
  TargetRange range;
  if (text.empty()) return range;
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || text.find(':', colon + 1) != std::string_view::npos) {
    return base::Status::InvalidInput("invalid revision range '" + std::string(text) +
                                      "': expected 'A:B', where either side may be empty");
  }
  if (colon > 0) {
    MIGRATE_ASSIGN_OR_RETURN(range.lower, ParseTarget(text.substr(0, colon)));
  }
  if (colon + 1 < text.size()) {
    MIGRATE_ASSIGN_OR_RETURN(range.upper, ParseTarget(text.substr(colon + 1)));
  }
  return range;
}

}  // namespace migrate::graph
