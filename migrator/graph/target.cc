// Target parsing, and what a target means against the graph and the
// database's current heads: RevisionGraph's Resolve, UpgradePath,
// DowngradePath and History(range), through RevisionGraph::Resolver.

#include "migrator/graph/target.h"

#include <algorithm>
#include <charconv>
#include <utility>

#include "migrator/base/strings.h"
#include "migrator/graph/revision_graph.h"

namespace migrate::graph {

using base::Join;

namespace {

// More steps than any migration history has; keeps the arithmetic in range.
constexpr std::size_t kMaxStepDigits = 7;
constexpr int kBase = -1;  // a position below every base revision

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

// "'a'", "'a' or 'b'", "'a', 'b' or 'c'".
std::string Alternatives(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += "'" + words[i] + "'";
  }
  return out;
}

// "1 step down is", "2 steps up are", "no step up is".
std::string StepsPossible(int n, const char* direction) {
  if (n == 0) return std::string("no step ") + direction + " is possible";
  return "only " + std::to_string(n) + (n == 1 ? " step " : " steps ") + direction +
         (n == 1 ? " is" : " are") + " possible";
}

}  // namespace

// --- Parsing ------------------------------------------------------------------

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
      "expected head, heads, base, +N or -N after '" + target.label + "@'";
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
    int n = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), n);
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

  if (!target.label.empty() &&
      (target.anchor == Target::Anchor::kRevision || anchor == "current")) {
    return Malformed(text, after_label);
  }
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

// --- Resolution ---------------------------------------------------------------

// One question about a target, asked against one set of current heads.
class RevisionGraph::Resolver {
 public:
  enum class Purpose { kUpgrade, kDowngrade, kOther };

  Resolver(const RevisionGraph& graph, Purpose purpose) : g_(graph), purpose_(purpose) {}

  // Takes the database's heads. FailedPrecondition if one is not a revision.
  base::Status SetCurrentHeads(const std::set<std::string>& heads);

  base::Result<std::vector<std::string>> Resolve(const Target& target);
  base::Result<std::vector<std::string>> Upgrade(const Target& target);
  base::Result<std::vector<std::string>> Downgrade(const Target& target);
  base::Result<std::vector<std::string>> History(const TargetRange& range);

 private:
  // Where a target points.
  struct Destination {
    std::vector<int> revisions;  // sorted by id; empty: base
    int from = kBase;            // the revision steps were counted from
    bool walked_down = false;
    std::vector<int> line;  // walking down: the revisions stepped over, `from` first
  };

  base::Result<Destination> Locate(const Target& target);
  base::Result<int> LabelRevision(const std::string& label) const;
  // Revisions sharing a line with `label`'s revision: its ancestors and descendants.
  base::Result<std::vector<char>> Lineage(const std::string& label) const;
  std::vector<int> HeadsOn(const std::string& label) const;
  base::Result<Destination> SingleHead(const Target& target);
  base::Result<Destination> StepFrom(int from, const Target& target,
                                     const std::vector<char>* lineage);
  base::Result<Destination> StepUpFromCurrent(const Target& target);
  base::Result<Destination> StepDownFromCurrent(const Target& target);
  base::Status AmbiguousCurrent(const Target& target, const std::vector<int>& starts) const;

  // Un-applies what is applied in the descendants of `roots`, all of `moving`
  // included, except what the other current heads need.
  base::Result<std::vector<std::string>> Remove(const std::vector<int>& roots,
                                                const std::vector<char>& moving) const;
  base::Status Behind(const std::string& subject, const std::string& downgrade_to,
                      const std::vector<int>& from) const;
  // "the database is at a, b" / "the database is at base".
  std::string Where() const;
  const std::string& Id(int v) const { return g_.nodes_[v].id; }

  const RevisionGraph& g_;
  const Purpose purpose_;
  std::vector<int> current_;  // the current heads, sorted by id
  std::vector<char> is_current_;
  std::vector<char> applied_;
};

base::Status RevisionGraph::Resolver::SetCurrentHeads(const std::set<std::string>& heads) {
  std::vector<int> given;
  for (const std::string& id : heads) {
    const int v = g_.IndexOf(id);
    if (v < 0) {
      return base::Status::FailedPrecondition(
          "The database is at revision '" + id +
          "', which is not in the migrations directory; restore its migration file, or run "
          "'migrate stamp --purge REV' to replace it with a known revision");
    }
    given.push_back(v);
  }
  applied_ = g_.Closure(given, Walk::kAncestors);
  is_current_.assign(g_.nodes_.size(), 0);
  current_.clear();
  // Recomputed rather than trusted, so a version table also listing an
  // ancestor of a head still gives the true heads.
  for (int v : g_.by_id_) {
    if (!applied_[v]) continue;
    const auto& children = g_.vertices_[v].children;
    if (std::none_of(children.begin(), children.end(), [&](int c) { return applied_[c] != 0; })) {
      current_.push_back(v);
      is_current_[v] = 1;
    }
  }
  return base::Status::OK();
}

std::string RevisionGraph::Resolver::Where() const {
  if (current_.empty()) return "the database is at base";
  return "the database is at " + Join(g_.IdsOf(current_));
}

base::Result<int> RevisionGraph::Resolver::LabelRevision(const std::string& label) const {
  auto it = g_.label_index_.find(label);
  if (it == g_.label_index_.end()) {
    return base::Status::NotFound("Unknown branch label '" + label + "'" +
                                  g_.DidYouMean(label, /*ids=*/false));
  }
  return it->second;
}

base::Result<std::vector<char>> RevisionGraph::Resolver::Lineage(const std::string& label) const {
  MIGRATE_ASSIGN_OR_RETURN(int v, LabelRevision(label));
  std::vector<char> mask = g_.Closure({v}, Walk::kParents);
  const std::vector<char> above = g_.Closure({v}, Walk::kChildren);
  for (std::size_t i = 0; i < mask.size(); ++i) mask[i] = mask[i] || above[i];
  return mask;
}

std::vector<int> RevisionGraph::Resolver::HeadsOn(const std::string& label) const {
  if (label.empty()) return g_.heads_;
  std::vector<int> heads;
  for (int h : g_.heads_) {
    if (g_.HasLabel(h, label)) heads.push_back(h);
  }
  return heads;
}

base::Result<RevisionGraph::Resolver::Destination> RevisionGraph::Resolver::SingleHead(
    const Target& target) {
  if (!target.label.empty()) MIGRATE_TRY(LabelRevision(target.label));
  const std::vector<int> heads = HeadsOn(target.label);
  if (heads.empty()) return Destination{};  // no revisions at all: head is base
  if (heads.size() > 1) {
    const std::string list = Join(g_.IdsOf(heads));
    if (target.label.empty()) {
      switch (purpose_) {
        case Purpose::kUpgrade:
          return base::Status::InvalidInput(
              "Multiple heads (" + list +
              "); upgrade to 'heads', or to one of them with '<label>@head' or its revision id");
        case Purpose::kDowngrade:
          return base::Status::InvalidInput(
              "Multiple heads (" + list +
              "); name one of them with '<label>@head' or its revision id");
        case Purpose::kOther:
          return base::Status::InvalidInput(
              "Multiple heads (" + list +
              "); use 'heads', or name one of them with '<label>@head' or its revision id");
      }
    }
    return base::Status::InvalidInput("Multiple heads on branch '" + target.label + "' (" + list +
                                      "); use '" + target.label +
                                      "@heads', or name one of them by its revision id");
  }
  if (target.steps == 0) return Destination{{heads.front()}};
  return StepFrom(heads.front(), target, nullptr);
}

base::Result<RevisionGraph::Resolver::Destination> RevisionGraph::Resolver::StepFrom(
    int from, const Target& target, const std::vector<char>* lineage) {
  Destination d;
  d.from = from;
  d.walked_down = target.steps < 0;
  const std::string where = from == kBase ? "base" : "'" + Id(from) + "'";
  const int total = target.steps > 0 ? target.steps : -target.steps;
  int at = from;
  for (int taken = 0; taken < total; ++taken) {
    const int left = total - taken;
    if (target.steps > 0) {
      std::vector<int> next;
      for (int c : at == kBase ? g_.bases_ : g_.vertices_[at].children) {
        if (lineage == nullptr || (*lineage)[c]) next.push_back(c);
      }
      if (next.empty()) {
        return base::Status::InvalidInput("'" + target.text + "' goes past the head: " +
                                          StepsPossible(taken, "up") + " from " + where);
      }
      if (next.size() > 1) {
        std::vector<std::string> choices;
        for (int c : next) choices.push_back(left > 1 ? Id(c) + Signed(left - 1) : Id(c));
        const std::string why =
            at == kBase
                ? "there are several bases (" + Join(g_.IdsOf(next)) + ")"
                : "'" + Id(at) + "' is a branch point (children " + Join(g_.IdsOf(next)) + ")";
        return base::Status::InvalidInput("'" + target.text + "' is ambiguous: " + why + "; use " +
                                          Alternatives(choices));
      }
      at = next.front();
    } else {
      if (at == kBase) {
        return base::Status::InvalidInput("'" + target.text + "' goes past base: " +
                                          StepsPossible(taken, "down") + " from " + where);
      }
      d.line.push_back(at);
      const std::vector<int>& parents = g_.vertices_[at].parents;
      if (parents.size() > 1 && left == 1) {
        d.revisions = parents;  // one step below a merge point: all of its parents
        return d;
      }
      if (parents.size() > 1) {
        std::vector<std::string> choices;
        for (int p : parents) choices.push_back(left > 1 ? Id(p) + Signed(1 - left) : Id(p));
        return base::Status::InvalidInput("'" + target.text + "' is ambiguous: '" + Id(at) +
                                          "' is a merge point (parents " + Join(g_.IdsOf(parents)) +
                                          "); use " + Alternatives(choices));
      }
      at = parents.empty() ? kBase : parents.front();
    }
  }
  if (at != kBase) d.revisions = {at};
  return d;
}

base::Status RevisionGraph::Resolver::AmbiguousCurrent(const Target& target,
                                                       const std::vector<int>& starts) const {
  // Name each head by a label no other starting head has, else by its id.
  std::vector<std::string> choices;
  for (int h : starts) {
    std::string choice = Id(h) + Signed(target.steps);
    for (const std::string& label : g_.vertices_[h].labels) {
      const bool unique = std::none_of(starts.begin(), starts.end(), [&](int other) {
        return other != h && g_.HasLabel(other, label);
      });
      if (unique) {
        choice = label + "@" + Signed(target.steps);
        break;
      }
    }
    choices.push_back(choice);
  }
  return base::Status::InvalidInput("'" + target.text +
                                    "' is ambiguous: the database has several heads (" +
                                    Join(g_.IdsOf(starts)) + "); use " + Alternatives(choices));
}

base::Result<RevisionGraph::Resolver::Destination> RevisionGraph::Resolver::StepUpFromCurrent(
    const Target& target) {
  if (target.label.empty()) {
    if (current_.size() > 1) return AmbiguousCurrent(target, current_);
    return StepFrom(current_.empty() ? kBase : current_.front(), target, nullptr);
  }
  // Start from the topmost applied revisions of the label's line, which may
  // still be below the branch point; the walk then keeps to that line.
  MIGRATE_ASSIGN_OR_RETURN(std::vector<char> lineage, Lineage(target.label));
  std::vector<int> starts;
  for (int v : g_.by_id_) {
    if (!applied_[v] || !lineage[v]) continue;
    const auto& children = g_.vertices_[v].children;
    if (std::none_of(children.begin(), children.end(),
                     [&](int c) { return applied_[c] && lineage[c]; })) {
      starts.push_back(v);
    }
  }
  if (starts.size() > 1) return AmbiguousCurrent(target, starts);
  return StepFrom(starts.empty() ? kBase : starts.front(), target, &lineage);
}

base::Result<RevisionGraph::Resolver::Destination> RevisionGraph::Resolver::StepDownFromCurrent(
    const Target& target) {
  std::vector<int> starts = current_;
  if (!target.label.empty()) {
    MIGRATE_TRY(LabelRevision(target.label));
    std::erase_if(starts, [&](int h) { return !g_.HasLabel(h, target.label); });
    if (starts.empty()) {
      return base::Status::InvalidInput("'" + target.text + "': no revision of branch '" +
                                        target.label + "' is applied (" + Where() + ")");
    }
  }
  if (starts.empty()) {
    return base::Status::InvalidInput("'" + target.text +
                                      "': the database is at base; there is nothing below it");
  }
  if (starts.size() > 1) return AmbiguousCurrent(target, starts);
  return StepFrom(starts.front(), target, nullptr);
}

base::Result<RevisionGraph::Resolver::Destination> RevisionGraph::Resolver::Locate(
    const Target& target) {
  switch (target.anchor) {
    case Target::Anchor::kHead:
      return SingleHead(target);
    case Target::Anchor::kHeads:
      if (!target.label.empty()) MIGRATE_TRY(LabelRevision(target.label));
      return Destination{HeadsOn(target.label)};
    case Target::Anchor::kBase: {
      if (target.steps == 0) return Destination{};
      if (target.label.empty()) return StepFrom(kBase, target, nullptr);
      MIGRATE_ASSIGN_OR_RETURN(std::vector<char> lineage, Lineage(target.label));
      return StepFrom(kBase, target, &lineage);
    }
    case Target::Anchor::kCurrent:
      if (target.steps == 0) return Destination{current_};
      return target.steps > 0 ? StepUpFromCurrent(target) : StepDownFromCurrent(target);
    case Target::Anchor::kRevision: {
      MIGRATE_ASSIGN_OR_RETURN(int v, g_.ResolveIndex(target.revision));
      if (target.steps == 0) return Destination{{v}};
      return StepFrom(v, target, nullptr);
    }
  }
  return base::Status::Internal("unknown target anchor");
}

base::Result<std::vector<std::string>> RevisionGraph::Resolver::Resolve(const Target& target) {
  MIGRATE_ASSIGN_OR_RETURN(Destination d, Locate(target));
  return g_.IdsOf(d.revisions);
}

base::Status RevisionGraph::Resolver::Behind(const std::string& subject,
                                             const std::string& downgrade_to,
                                             const std::vector<int>& from) const {
  const std::vector<char> above = g_.Closure(from, Walk::kDescendants);
  std::vector<std::string> heads;
  for (int h : current_) {
    if (above[h]) heads.push_back(Id(h));
  }
  const std::string which = heads.size() == 1 ? "the current head '" + heads.front() + "'"
                                              : "the current heads (" + Join(heads) + ")";
  return base::Status::InvalidInput(subject + " is behind " + which +
                                    "; to go back to it, run 'migrate downgrade " + downgrade_to +
                                    "'");
}

base::Result<std::vector<std::string>> RevisionGraph::Resolver::Upgrade(const Target& target) {
  if (target.anchor == Target::Anchor::kCurrent && target.steps < 0) {
    return base::Status::InvalidInput("'" + target.text + "' steps down; use 'migrate downgrade " +
                                      target.text + "'");
  }
  if (target.anchor == Target::Anchor::kCurrent && target.steps == 0) {
    return base::Status::InvalidInput(
        "'current' names where the database already is; it is a target for 'history -r' only");
  }
  if (target.anchor == Target::Anchor::kBase && target.steps == 0) {
    if (!target.label.empty()) {
      return base::Status::InvalidInput(
          "'" + target.text + "' is a downgrade target; to remove branch '" + target.label +
          "', run 'migrate downgrade " + target.text + "'");
    }
    if (current_.empty()) return std::vector<std::string>{};
    return Behind("'base'", "base", g_.bases_);
  }

  MIGRATE_ASSIGN_OR_RETURN(Destination d, Locate(target));
  if (d.revisions.empty()) {
    // Base: the end of a walk down (REV-N) or an empty graph.
    if (d.line.empty() || !applied_[d.line.back()]) return std::vector<std::string>{};
    return Behind("'" + target.text + "' (base)", target.text, {d.line.back()});
  }
  for (int v : d.revisions) {
    if (applied_[v] && !is_current_[v]) {
      const std::string subject = target.anchor == Target::Anchor::kRevision && target.steps == 0 &&
                                          target.revision == Id(v)
                                      ? "Revision '" + Id(v) + "'"
                                      : "'" + target.text + "' (revision '" + Id(v) + "')";
      return Behind(subject, Id(v), {v});
    }
  }
  std::vector<char> needed = g_.Closure(d.revisions, Walk::kAncestors);
  for (std::size_t v = 0; v < needed.size(); ++v) needed[v] = needed[v] && !applied_[v];
  return g_.IdsOf(g_.InOrder(needed));
}

base::Result<std::vector<std::string>> RevisionGraph::Resolver::Remove(
    const std::vector<int>& roots, const std::vector<char>& moving) const {
  std::vector<char> removed = g_.Closure(roots, Walk::kDescendants);
  std::vector<int> keepers;
  for (int h : current_) {
    if (!moving[h]) keepers.push_back(h);
  }
  const std::vector<char> kept = g_.Closure(keepers, Walk::kAncestors);
  std::vector<int> order;
  for (int v : g_.InOrder(removed)) {
    if (applied_[v] && !kept[v]) order.push_back(v);
  }
  // What is moving must go: if another head needs part of it, say which.
  for (auto it = g_.order_.rbegin(); it != g_.order_.rend(); ++it) {
    const int v = *it;
    if (!moving[v] || !applied_[v] || !kept[v]) continue;
    for (int k : keepers) {
      if (g_.Closure({k}, Walk::kAncestors)[v]) {
        return base::Status::InvalidInput("Cannot un-apply '" + Id(v) + "': current head '" +
                                          Id(k) + "' needs it; downgrade '" + Id(k) + "' first");
      }
    }
  }
  std::reverse(order.begin(), order.end());
  return g_.IdsOf(order);
}

base::Result<std::vector<std::string>> RevisionGraph::Resolver::Downgrade(const Target& target) {
  switch (target.anchor) {
    case Target::Anchor::kCurrent:
      if (target.steps > 0) {
        return base::Status::InvalidInput("'" + target.text + "' steps up; use 'migrate upgrade " +
                                          target.text + "'");
      }
      if (target.steps == 0) {
        return base::Status::InvalidInput(
            "'current' names where the database already is; it is a target for 'history -r' only");
      }
      break;
    case Target::Anchor::kHeads:
      return base::Status::InvalidInput(
          "'" + target.text + "' is not a downgrade target; use base, a revision, or -N" +
          (target.label.empty() ? ""
                                : ", or '" + target.label + "@base' or '" + target.label + "@-N'"));
    case Target::Anchor::kBase:
      if (target.steps != 0) break;
      if (target.label.empty()) {
        std::vector<int> order = g_.InOrder(applied_);
        std::reverse(order.begin(), order.end());
        return g_.IdsOf(order);
      } else {
        // The branch's own revisions start where the label stops being inherited.
        MIGRATE_TRY(LabelRevision(target.label));
        std::vector<int> roots;
        for (int v : g_.by_id_) {
          const auto& parents = g_.vertices_[v].parents;
          if (g_.HasLabel(v, target.label) &&
              std::none_of(parents.begin(), parents.end(),
                           [&](int p) { return g_.HasLabel(p, target.label); })) {
            roots.push_back(v);
          }
        }
        return Remove(roots, g_.Closure(roots, Walk::kChildren));
      }
    case Target::Anchor::kHead:
    case Target::Anchor::kRevision:
      break;
  }

  MIGRATE_ASSIGN_OR_RETURN(Destination d, Locate(target));
  if (d.walked_down) {
    // Down a line from `from`: everything above `from` goes, and so does the
    // line below it unless another head shares it.
    if (!applied_[d.from]) {
      return base::Status::InvalidInput("Cannot downgrade to '" + target.text + "': '" +
                                        Id(d.from) + "' is not applied (" + Where() + ")");
    }
    return Remove({d.line.back()}, g_.Closure({d.from}, Walk::kChildren));
  }
  if (d.revisions.empty()) return std::vector<std::string>{};  // head of an empty graph
  const int v = d.revisions.front();
  if (!applied_[v]) {
    return base::Status::InvalidInput("Cannot downgrade to '" + target.text +
                                      "': it is not applied (" + Where() +
                                      "); to apply it, run 'migrate upgrade " + target.text + "'");
  }
  const std::vector<int>& children = g_.vertices_[v].children;
  return Remove(children, g_.Closure(children, Walk::kChildren));
}

base::Result<std::vector<std::string>> RevisionGraph::Resolver::History(const TargetRange& range) {
  std::vector<char> shown(g_.nodes_.size(), 1);
  std::vector<int> lower;  // empty: from base
  if (range.lower) {
    const Target& t = *range.lower;
    if (t.anchor == Target::Anchor::kBase && t.steps == 0) {
      if (!t.label.empty()) {
        MIGRATE_ASSIGN_OR_RETURN(int v, LabelRevision(t.label));
        const std::vector<char> below = g_.Closure({v}, Walk::kParents);
        for (int b : g_.bases_) {
          if (below[b]) lower.push_back(b);
        }
      }
    } else {
      MIGRATE_ASSIGN_OR_RETURN(Destination d, Locate(t));
      lower = d.revisions;
    }
    if (!lower.empty()) shown = g_.Closure(lower, Walk::kChildren);
  }
  if (range.upper) {
    const Target& t = *range.upper;
    std::vector<int> upper;
    if (t.anchor != Target::Anchor::kBase || t.steps != 0) {
      MIGRATE_ASSIGN_OR_RETURN(Destination d, Locate(t));
      upper = d.revisions;
    }
    const std::vector<char> needed = g_.Closure(upper, Walk::kAncestors);
    for (int v : lower) {
      if (!needed[v]) {
        return base::Status::InvalidInput(
            "Revision " + Id(v) + " is not an ancestor of revision " +
            (upper.empty() ? std::string("base") : Join(g_.IdsOf(upper))));
      }
    }
    for (std::size_t v = 0; v < shown.size(); ++v) shown[v] = shown[v] && needed[v];
  }
  std::vector<int> order = g_.InOrder(shown);
  std::reverse(order.begin(), order.end());
  return g_.IdsOf(order);
}

// --- RevisionGraph's target methods --------------------------------------------

base::Result<std::vector<std::string>> RevisionGraph::Resolve(
    const Target& target, const std::set<std::string>& current_heads) const {
  Resolver resolver(*this, Resolver::Purpose::kOther);
  MIGRATE_TRY(resolver.SetCurrentHeads(current_heads));
  return resolver.Resolve(target);
}

base::Result<std::vector<std::string>> RevisionGraph::UpgradePath(
    const std::set<std::string>& current_heads, const Target& target) const {
  Resolver resolver(*this, Resolver::Purpose::kUpgrade);
  MIGRATE_TRY(resolver.SetCurrentHeads(current_heads));
  return resolver.Upgrade(target);
}

base::Result<std::vector<std::string>> RevisionGraph::DowngradePath(
    const std::set<std::string>& current_heads, const Target& target) const {
  Resolver resolver(*this, Resolver::Purpose::kDowngrade);
  MIGRATE_TRY(resolver.SetCurrentHeads(current_heads));
  return resolver.Downgrade(target);
}

base::Result<std::vector<std::string>> RevisionGraph::History(
    const TargetRange& range, const std::set<std::string>& current_heads) const {
  Resolver resolver(*this, Resolver::Purpose::kOther);
  MIGRATE_TRY(resolver.SetCurrentHeads(current_heads));
  return resolver.History(range);
}

}  // namespace migrate::graph
