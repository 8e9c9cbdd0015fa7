// RevisionGraph: the structural queries and the version table's heads.
// Building is graph_builder.cc's; what targets mean, resolver.cc's and the
// *_path.cc files'.

#include "migrator/graph/revision_graph.h"

#include "migrator/base/spelling.h"
#include "migrator/base/strings.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <optional>
#include <utility>

namespace migrate::graph {

using base::Join;

namespace {

// Shorter prefixes would too easily pick a revision the user did not mean.
constexpr std::size_t kMinPrefixLength = 4;
// Candidates listed for an ambiguous prefix before "... (N in all)".
constexpr std::size_t kMaxListed = 10;
// Suggestions listed after "did you mean".
constexpr std::size_t kMaxSuggestions = 3;

// "'a'", "'a' or 'b'", "'a', 'b' or 'c'".
std::string QuotedAlternatives(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " or " : ", ";
    out += "'" + words[i] + "'";
  }
  return out;
}

// Levenshtein distance: insertions, deletions and substitutions.
std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace

int RevisionGraph::IndexOf(std::string_view id) const {
  auto it = index_.find(std::string(id));
  return it == index_.end() ? -1 : it->second;
}

const RevisionNode* RevisionGraph::Find(std::string_view id) const {
  const int v = IndexOf(id);
  return v < 0 ? nullptr : &nodes_[v];
}

base::Result<std::string> RevisionGraph::ResolvePrefix(std::string_view text) const {
  MIGRATE_ASSIGN_OR_RETURN(int v, ResolveIndex(text));
  return nodes_[v].id;
}

base::Result<int> RevisionGraph::ResolveIndex(std::string_view text) const {
  if (text.empty()) return base::Status::InvalidInput("empty revision id");
  if (int v = IndexOf(text); v >= 0) return v;
  if (auto it = label_index_.find(std::string(text)); it != label_index_.end()) return it->second;

  auto first = std::lower_bound(by_id_.begin(), by_id_.end(), text,
                                [&](int v, std::string_view t) { return nodes_[v].id < t; });
  std::vector<std::string> matches;
  std::size_t match_count = 0;
  for (auto it = first; it != by_id_.end() && nodes_[*it].id.starts_with(text); ++it) {
    if (matches.size() < kMaxListed) matches.push_back(nodes_[*it].id);
    ++match_count;
  }
  const std::string quoted = "'" + std::string(text) + "'";
  if (match_count > 0 && text.size() < kMinPrefixLength) {
    return base::Status::InvalidInput(
        quoted + " is not a revision id or branch label, and a revision prefix needs at least " +
        std::to_string(kMinPrefixLength) + " characters");
  }
  if (match_count == 1) return first[0];
  if (match_count > 1) {
    std::string listed = Join(matches);
    if (match_count > matches.size())
      listed += ", ... (" + std::to_string(match_count) + " in all)";
    return base::Status::InvalidInput("Revision prefix " + quoted + " is ambiguous; it matches " +
                                      listed);
  }
  return base::Status::NotFound("Unknown revision or branch label " + quoted +
                                DidYouMean(text, /*ids=*/true));
}

std::string RevisionGraph::DidYouMean(std::string_view text, bool ids) const {
  // A typo anywhere in a full id, or in the prefix typed so far.
  const std::size_t limit = text.size() <= kMinPrefixLength ? 1 : 2;
  std::size_t best = std::numeric_limits<std::size_t>::max();
  std::vector<std::string> closest;
  auto consider = [&](const std::string& candidate) {
    std::size_t d = EditDistance(text, candidate);
    if (text.size() >= kMinPrefixLength && candidate.size() > text.size()) {
      d = std::min(d, EditDistance(text, std::string_view(candidate).substr(0, text.size())));
    }
    if (d > limit || d > best) return;
    if (d < best) closest.clear();
    best = d;
    closest.push_back(candidate);
  };
  if (ids) {
    for (int v : by_id_) consider(nodes_[v].id);
  }
  for (const std::string& label : Labels()) consider(label);
  if (closest.empty() && ids) {
    // `HEAD`, `Base`, `haeds`: a target keyword typed wrong (they are lower case).
    constexpr std::string_view kKeywords[] = {"head", "heads", "base"};
    std::optional<std::string_view> keyword = base::ClosestMatch(text, kKeywords);
    if (keyword && (text.size() >= 4 || base::AsciiLower(text) == *keyword)) {
      closest.emplace_back(*keyword);
    }
  }
  if (closest.empty()) return "";
  std::sort(closest.begin(), closest.end());
  if (closest.size() > kMaxSuggestions) closest.resize(kMaxSuggestions);
  return "; did you mean " + QuotedAlternatives(closest) + "?";
}

std::vector<std::string> RevisionGraph::Heads() const { return IdsOf(heads_); }

std::vector<std::string> RevisionGraph::Bases() const { return IdsOf(bases_); }

std::vector<std::string> RevisionGraph::BranchPoints() const {
  std::vector<std::string> out;
  for (int v : by_id_) {
    if (vertices_[v].children.size() > 1) out.push_back(nodes_[v].id);
  }
  return out;
}

std::vector<std::string> RevisionGraph::MergePoints() const {
  std::vector<std::string> out;
  for (int v : by_id_) {
    if (vertices_[v].parents.size() > 1) out.push_back(nodes_[v].id);
  }
  return out;
}

std::vector<std::string> RevisionGraph::Children(std::string_view id) const {
  const int v = IndexOf(id);
  return v < 0 ? std::vector<std::string>{} : IdsOf(vertices_[v].children);
}

std::vector<std::string> RevisionGraph::Labels() const {
  std::vector<std::string> out;
  out.reserve(label_index_.size());
  for (const auto& [label, v] : label_index_) out.push_back(label);
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<std::string> RevisionGraph::RevisionForLabel(std::string_view label) const {
  auto it = label_index_.find(std::string(label));
  if (it == label_index_.end()) return std::nullopt;
  return nodes_[it->second].id;
}

std::vector<std::string> RevisionGraph::BranchLabelsOf(std::string_view id) const {
  const int v = IndexOf(id);
  return v < 0 ? std::vector<std::string>{} : vertices_[v].labels;
}

bool RevisionGraph::HasLabel(int v, std::string_view label) const {
  const std::vector<std::string>& labels = vertices_[v].labels;
  return std::binary_search(labels.begin(), labels.end(), label);
}

std::set<std::string> RevisionGraph::Ancestors(const std::set<std::string>& ids) const {
  std::set<std::string> out = IdsOf(Closure(IndexesOf(ids), Walk::kAncestors));
  out.insert(ids.begin(), ids.end());
  return out;
}

std::set<std::string> RevisionGraph::Descendants(const std::set<std::string>& ids) const {
  std::set<std::string> out = IdsOf(Closure(IndexesOf(ids), Walk::kDescendants));
  out.insert(ids.begin(), ids.end());
  return out;
}

std::vector<std::string> RevisionGraph::TopologicalOrder() const { return IdsOf(order_); }

std::vector<std::string> RevisionGraph::History() const {
  std::vector<std::string> out = IdsOf(order_);
  std::reverse(out.begin(), out.end());
  return out;
}

std::set<std::string> RevisionGraph::AppliedFromHeads(const std::set<std::string>& heads) const {
  return Ancestors(heads);
}

std::set<std::string> RevisionGraph::HeadsOf(const std::set<std::string>& applied) const {
  std::vector<char> mask(nodes_.size(), 0);
  for (const std::string& id : applied) {
    if (const int v = IndexOf(id); v >= 0) mask[v] = 1;
  }
  std::set<std::string> heads;
  for (const std::string& id : applied) {
    const int v = IndexOf(id);
    if (v < 0 || !NeededByAny(v, mask)) heads.insert(id);
  }
  return heads;
}

std::set<std::string> RevisionGraph::HeadsAfterStep(const std::set<std::string>& heads,
                                                    std::string_view id, bool applying) const {
  const int step = IndexOf(id);
  if (applying && step >= 0 && !has_depends_on_) {
    // The usual upgrade step, in constant time: when `heads` are exactly the
    // heads of what they imply and `id` is not applied, applying it makes it
    // a head and ends the heads among its parents. Ranks prove both without
    // a walk: what a head needs ranks at most the highest head, so a head
    // none of whose children ranks that low has no applied child, and `id`
    // ranking above every head is applied by none. Without depends_on every
    // other applied revision has an applied child (the one whose parent it
    // is), so it is no head.
    int max_rank = -1;
    for (const std::string& head : heads) {
      if (const int v = IndexOf(head); v >= 0) max_rank = std::max(max_rank, vertices_[v].rank);
    }
    bool fast = vertices_[step].rank > max_rank;
    for (auto it = heads.begin(); fast && it != heads.end(); ++it) {
      const int v = IndexOf(*it);
      if (v < 0) continue;
      for (int c : vertices_[v].children) {
        if (vertices_[c].rank <= max_rank) fast = false;
      }
    }
    if (fast) {
      std::set<std::string> out = heads;
      for (int p : vertices_[step].parents) out.erase(nodes_[p].id);
      out.emplace(id);
      return out;
    }
  }
  std::vector<char> applied = Closure(IndexesOf(heads), Walk::kAncestors);
  std::set<std::string> out;
  // Ids unknown to the graph are applied as given and have no children.
  for (const std::string& head : heads) {
    if (IndexOf(head) < 0) out.insert(head);
  }
  if (step >= 0) {
    applied[step] = applying ? 1 : 0;
  } else if (applying) {
    out.emplace(id);
  } else {
    out.erase(std::string(id));
  }
  for (std::size_t v = 0; v < applied.size(); ++v) {
    if (applied[v] && !NeededByAny(static_cast<int>(v), applied)) out.insert(nodes_[v].id);
  }
  return out;
}

bool RevisionGraph::NeededByAny(int v, const std::vector<char>& mask,
                                const std::vector<char>* within) const {
  auto needs = [&](int w) { return mask[w] && (within == nullptr || (*within)[w]); };
  const Vertex& vertex = vertices_[v];
  return std::any_of(vertex.children.begin(), vertex.children.end(), needs) ||
         std::any_of(vertex.dependents.begin(), vertex.dependents.end(), needs);
}

bool RevisionGraph::IsApplied(const std::set<std::string>& heads, std::string_view id) const {
  if (heads.count(std::string(id)) > 0) return true;
  const int target = IndexOf(id);
  if (target < 0) return false;
  // Everything a head needs comes before it in order_, so a revision ranked
  // after every head is needed by none of them.
  const std::vector<int> starts = IndexesOf(heads);
  if (std::none_of(starts.begin(), starts.end(),
                   [&](int v) { return vertices_[v].rank > vertices_[target].rank; })) {
    return false;
  }
  return Closure(starts, Walk::kAncestors)[target] != 0;
}

std::vector<char> RevisionGraph::Closure(const std::vector<int>& start, Walk walk) const {
  std::vector<char> mask(nodes_.size(), 0);
  std::vector<int> todo;
  auto visit = [&](const std::vector<int>& next) {
    for (int w : next) {
      if (!mask[w]) {
        mask[w] = 1;
        todo.push_back(w);
      }
    }
  };
  visit(start);
  while (!todo.empty()) {
    const Vertex& vertex = vertices_[todo.back()];
    todo.pop_back();
    switch (walk) {
      case Walk::kAncestors:
        visit(vertex.parents);
        visit(vertex.depends_on);
        break;
      case Walk::kParents:
        visit(vertex.parents);
        break;
      case Walk::kDescendants:
        visit(vertex.children);
        visit(vertex.dependents);
        break;
      case Walk::kChildren:
        visit(vertex.children);
        break;
    }
  }
  return mask;
}

std::set<std::string> RevisionGraph::IdsOf(const std::vector<char>& mask) const {
  std::set<std::string> out;
  for (std::size_t v = 0; v < mask.size(); ++v) {
    if (mask[v]) out.insert(nodes_[v].id);
  }
  return out;
}

std::vector<std::string> RevisionGraph::IdsOf(const std::vector<int>& indexes) const {
  std::vector<std::string> out;
  out.reserve(indexes.size());
  for (int v : indexes) out.push_back(nodes_[v].id);
  return out;
}

std::vector<int> RevisionGraph::IndexesOf(const std::set<std::string>& ids) const {
  std::vector<int> out;
  for (const std::string& id : ids) {
    if (int v = IndexOf(id); v >= 0) out.push_back(v);
  }
  return out;
}

std::vector<int> RevisionGraph::InOrder(const std::vector<char>& mask) const {
  std::vector<int> out;
  for (int v : order_) {
    if (mask[v]) out.push_back(v);
  }
  return out;
}

}  // namespace migrate::graph
