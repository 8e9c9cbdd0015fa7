// RevisionGraph: building and checking the graph, and the structural
// queries. What targets mean (Resolve, UpgradePath, DowngradePath, History
// ranges) is in target.cc.

#include "migrator/graph/revision_graph.h"

#include "migrator/base/strings.h"

#include <algorithm>
#include <limits>
#include <numeric>
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

struct Problem {
  std::string source;
  std::string message;
};

// The first problem becomes the message, located at its file; the others
// become context lines, so one run shows everything that is wrong.
base::Status ProblemsToStatus(const std::vector<Problem>& problems) {
  const Problem& first = problems.front();
  base::Status status = first.source.empty() ? base::Status::InvalidInput(first.message)
                                             : base::Status::InvalidInput(
                                                   first.message, base::Location{first.source, 0});
  for (std::size_t i = 1; i < problems.size(); ++i) {
    const Problem& p = problems[i];
    status =
        std::move(status).WithContext(p.source.empty() ? p.message : p.source + ": " + p.message);
  }
  return status;
}

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

std::string IdProblem(const std::string& id) {
  if (id.empty()) return "revision id is empty";
  if (IsTargetKeyword(id)) return "revision id '" + id + "' is reserved (it names a target)";
  return "revision id '" + id + "' may contain only letters, digits and '_'";
}

std::string LabelProblem(const std::string& label) {
  if (label.empty()) return "branch label is empty";
  if (IsTargetKeyword(label)) return "branch label '" + label + "' is reserved (it names a target)";
  return "branch label '" + label + "' may contain only letters, digits, '_', '-' and '.'";
}

// `into` := into ∪ from; both sorted and without duplicates.
void MergeSorted(std::vector<std::string>& into, const std::vector<std::string>& from) {
  if (from.empty()) return;
  std::vector<std::string> merged;
  merged.reserve(into.size() + from.size());
  std::set_union(into.begin(), into.end(), from.begin(), from.end(), std::back_inserter(merged));
  into = std::move(merged);
}

}  // namespace

base::Result<RevisionGraph> RevisionGraph::Build(std::vector<RevisionNode> nodes) {
  RevisionGraph g;
  std::vector<Problem> problems;

  // Ids. A duplicate is dropped so that references resolve to the first one.
  g.nodes_.reserve(nodes.size());
  g.index_.reserve(nodes.size());
  for (RevisionNode& node : nodes) {
    if (!IsValidRevisionId(node.id)) {
      problems.push_back({node.source, IdProblem(node.id)});
      continue;
    }
    auto [it, inserted] = g.index_.emplace(node.id, static_cast<int>(g.nodes_.size()));
    if (!inserted) {
      const std::string& first = g.nodes_[it->second].source;
      problems.push_back({node.source, "revision '" + node.id + "' is already defined" +
                                           (first.empty() ? "" : " in " + first)});
      continue;
    }
    g.nodes_.push_back(std::move(node));
  }
  const int n = static_cast<int>(g.nodes_.size());
  g.vertices_.resize(n);
  g.by_id_.resize(n);
  std::iota(g.by_id_.begin(), g.by_id_.end(), 0);
  std::sort(g.by_id_.begin(), g.by_id_.end(),
            [&](int a, int b) { return g.nodes_[a].id < g.nodes_[b].id; });
  auto by_id = [&](int a, int b) { return g.nodes_[a].id < g.nodes_[b].id; };

  // Branch labels: unique, and never an id (a target could not tell them apart).
  for (int v = 0; v < n; ++v) {
    const RevisionNode& node = g.nodes_[v];
    std::vector<std::string> labels = node.branch_labels;
    std::sort(labels.begin(), labels.end());
    labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
    for (const std::string& label : labels) {
      if (!IsValidBranchLabel(label)) {
        problems.push_back({node.source, LabelProblem(label)});
      } else if (int other = g.IndexOf(label); other >= 0) {
        const std::string& where = g.nodes_[other].source;
        problems.push_back(
            {node.source, "branch label '" + label + "' is also a revision id" +
                              (other == v || where.empty() ? "" : " (" + where + ")")});
      } else if (auto [it, inserted] = g.label_index_.emplace(label, v); !inserted) {
        const RevisionNode& owner = g.nodes_[it->second];
        problems.push_back(
            {node.source, "branch label '" + label + "' is already used by revision '" + owner.id +
                              "'" + (owner.source.empty() ? "" : " (" + owner.source + ")")});
      } else {
        g.vertices_[v].labels.push_back(label);
      }
    }
  }

  // References.
  for (int v = 0; v < n; ++v) {
    const RevisionNode& node = g.nodes_[v];
    Vertex& vertex = g.vertices_[v];
    for (const std::string& parent : node.parents) {
      const int p = g.IndexOf(parent);
      if (p < 0) {
        problems.push_back({node.source, "down_revision '" + parent + "' is not a known revision"});
      } else {
        vertex.parents.push_back(p);
      }
    }
    std::sort(vertex.parents.begin(), vertex.parents.end(), by_id);
    vertex.parents.erase(std::unique(vertex.parents.begin(), vertex.parents.end()),
                         vertex.parents.end());
    for (const std::string& dependency : node.depends_on) {
      int d = g.IndexOf(dependency);
      if (d < 0) {
        auto it = g.label_index_.find(dependency);
        if (it == g.label_index_.end()) {
          problems.push_back({node.source, "depends_on '" + dependency +
                                               "' is neither a known revision nor a branch label"});
          continue;
        }
        d = it->second;
      }
      if (!std::binary_search(vertex.parents.begin(), vertex.parents.end(), d, by_id)) {
        vertex.depends_on.push_back(d);
      }
    }
    std::sort(vertex.depends_on.begin(), vertex.depends_on.end(), by_id);
    vertex.depends_on.erase(std::unique(vertex.depends_on.begin(), vertex.depends_on.end()),
                            vertex.depends_on.end());
  }
  // Visiting in id order leaves every children and dependents list sorted.
  for (int v : g.by_id_) {
    for (int p : g.vertices_[v].parents) g.vertices_[p].children.push_back(v);
    for (int d : g.vertices_[v].depends_on) g.vertices_[d].dependents.push_back(v);
    if (!g.vertices_[v].depends_on.empty()) g.has_depends_on_ = true;
  }

  // Topological order (Kahn). Ready revisions wait on a stack, pushed in
  // reverse id order, so the smallest id goes first and, after a revision,
  // the child it made ready comes next: a line stays together.
  std::vector<int> waiting_for(n);
  for (int v = 0; v < n; ++v) {
    waiting_for[v] =
        static_cast<int>(g.vertices_[v].parents.size() + g.vertices_[v].depends_on.size());
  }
  std::vector<int> stack;
  for (auto it = g.by_id_.rbegin(); it != g.by_id_.rend(); ++it) {
    if (waiting_for[*it] == 0) stack.push_back(*it);
  }
  g.order_.reserve(n);
  std::vector<int> ready;
  while (!stack.empty()) {
    const int v = stack.back();
    stack.pop_back();
    g.vertices_[v].rank = static_cast<int>(g.order_.size());
    g.order_.push_back(v);
    ready.clear();
    for (int c : g.vertices_[v].children) {
      if (--waiting_for[c] == 0) ready.push_back(c);
    }
    for (int d : g.vertices_[v].dependents) {
      if (--waiting_for[d] == 0) ready.push_back(d);
    }
    std::sort(ready.begin(), ready.end(), by_id);
    stack.insert(stack.end(), ready.rbegin(), ready.rend());
  }

  // Cycles. Every revision left over waits for another one left over, so
  // walking back through those must come round: name each cycle found once.
  if (static_cast<int>(g.order_.size()) < n) {
    enum : char { kNew, kOnWalk, kDone };
    std::vector<char> state(n, kNew);
    std::vector<int> position(n, -1);
    for (int start : g.by_id_) {
      if (waiting_for[start] == 0 || state[start] != kNew) continue;
      std::vector<int> walk;
      int current = start;
      while (true) {
        state[current] = kOnWalk;
        position[current] = static_cast<int>(walk.size());
        walk.push_back(current);
        int previous = -1;  // the left-over parent or dependency with the smallest id
        for (const std::vector<int>* list :
             {&g.vertices_[current].parents, &g.vertices_[current].depends_on}) {
          for (int p : *list) {
            if (waiting_for[p] > 0 && (previous < 0 || by_id(p, previous))) previous = p;
          }
        }
        if (state[previous] == kDone) break;
        if (state[previous] == kOnWalk) {
          // walk[i+1] comes before walk[i]; upgrade order is the walk reversed.
          std::vector<int> cycle(walk.rbegin(), walk.rend() - position[previous]);
          std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end(), by_id),
                      cycle.end());
          std::string text;
          for (int v : cycle) text += g.nodes_[v].id + " -> ";
          text += g.nodes_[cycle.front()].id;
          problems.push_back({g.nodes_[cycle.front()].source, "revisions form a cycle: " + text});
          break;
        }
        current = previous;
      }
      for (int v : walk) state[v] = kDone;
    }
  }

  if (!problems.empty()) return ProblemsToStatus(problems);

  // Labels flow to descendants (parents first, so one pass suffices), then
  // up from the declaring revision to the nearest branch or merge point.
  std::vector<std::vector<std::string>> declared(n);
  for (int v = 0; v < n; ++v) declared[v] = g.vertices_[v].labels;
  for (int v : g.order_) {
    const std::vector<int>& parents = g.vertices_[v].parents;
    std::vector<std::string>& labels = g.vertices_[v].labels;
    if (parents.size() == 1) {
      MergeSorted(labels, g.vertices_[parents.front()].labels);
    } else if (parents.size() > 1) {  // a merge: gather, then sort once
      for (int p : parents) {
        labels.insert(labels.end(), g.vertices_[p].labels.begin(), g.vertices_[p].labels.end());
      }
      std::sort(labels.begin(), labels.end());
      labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
    }
  }
  for (int v = 0; v < n; ++v) {
    if (declared[v].empty()) continue;
    int current = v;
    while (g.vertices_[current].parents.size() == 1) {
      const int p = g.vertices_[current].parents.front();
      if (g.vertices_[p].children.size() > 1 || g.vertices_[p].parents.size() > 1) break;
      MergeSorted(g.vertices_[p].labels, declared[v]);
      current = p;
    }
  }

  for (int v : g.by_id_) {
    if (g.vertices_[v].children.empty()) g.heads_.push_back(v);
    if (g.vertices_[v].parents.empty()) g.bases_.push_back(v);
  }
  return g;
}

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
  std::set<std::string> heads;
  for (const std::string& id : applied) {
    const int v = IndexOf(id);
    const bool has_applied_child =
        v >= 0 && std::any_of(vertices_[v].children.begin(), vertices_[v].children.end(),
                              [&](int c) { return applied.count(nodes_[c].id) > 0; });
    if (!has_applied_child) heads.insert(id);
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
    if (!applied[v]) continue;
    const std::vector<int>& children = vertices_[v].children;
    if (std::none_of(children.begin(), children.end(), [&](int c) { return applied[c] != 0; })) {
      out.insert(nodes_[v].id);
    }
  }
  return out;
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
