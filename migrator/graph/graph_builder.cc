// RevisionGraph::Build, one named step at a time (RevisionGraph::Builder):
// index the ids, index the branch labels, resolve the references (parents
// and depends_on), link the reverse edges, sort topologically, name the
// cycles; then, on a graph known to be sound, spread the labels and find
// the heads and bases. Problems are collected, not returned at the first,
// so one run shows everything that is wrong with the directory.

#include <algorithm>
#include <numeric>
#include <utility>

#include "migrator/graph/revision_graph.h"

namespace migrate::graph {

namespace {

struct Problem {
  std::string source;
  std::string message;
};

// The first problem becomes the message, located at its file; the others
// become context lines.
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

// `list` sorted by `less`, without duplicates.
template <typename Less>
void SortUnique(std::vector<int>& list, Less less) {
  std::sort(list.begin(), list.end(), less);
  list.erase(std::unique(list.begin(), list.end()), list.end());
}

}  // namespace

class RevisionGraph::Builder {
 public:
  Builder() = default;

  /// Keeps the nodes with a valid, new id. A duplicate is dropped so that
  /// references resolve to the first one.
  void IndexIds(std::vector<RevisionNode> nodes);
  /// Branch labels: unique, and never an id (a target could not tell them apart).
  void IndexLabels();
  /// Parents and depends_on, as vertex indexes; a dependency that is also
  /// a parent is only a parent.
  void ResolveReferences();
  /// Children and dependents, from the parents and dependencies.
  void LinkReverseEdges();
  /// Kahn's algorithm, keeping each line together (see revision_graph.h).
  void SortTopologically();
  /// Every revision the sort left over is on or above a cycle: name each
  /// cycle once.
  void ReportCycles();
  /// Labels flow to descendants, then up from the declaring revision to the
  /// nearest branch or merge point. REQUIRES: the graph sorted, no cycles.
  void PropagateLabels();
  void FindHeadsAndBases();

  const std::vector<Problem>& problems() const { return problems_; }
  RevisionGraph Finish() { return std::move(g_); }

 private:
  bool ById(int a, int b) const { return g_.nodes_[a].id < g_.nodes_[b].id; }
  auto ByIdLess() const {
    return [this](int a, int b) { return ById(a, b); };
  }

  RevisionGraph g_;
  std::vector<Problem> problems_;
  std::vector<int> waiting_for_;  // after the sort: > 0 for revisions left over
};

void RevisionGraph::Builder::IndexIds(std::vector<RevisionNode> nodes) {
  g_.nodes_.reserve(nodes.size());
  g_.index_.reserve(nodes.size());
  for (RevisionNode& node : nodes) {
    if (!IsValidRevisionId(node.id)) {
      problems_.push_back({node.source, IdProblem(node.id)});
      continue;
    }
    auto [it, inserted] = g_.index_.emplace(node.id, static_cast<int>(g_.nodes_.size()));
    if (!inserted) {
      const std::string& first = g_.nodes_[it->second].source;
      problems_.push_back({node.source, "revision '" + node.id + "' is already defined" +
                                            (first.empty() ? "" : " in " + first)});
      continue;
    }
    g_.nodes_.push_back(std::move(node));
  }
  const int n = static_cast<int>(g_.nodes_.size());
  g_.vertices_.resize(n);
  g_.by_id_.resize(n);
  std::iota(g_.by_id_.begin(), g_.by_id_.end(), 0);
  std::sort(g_.by_id_.begin(), g_.by_id_.end(), ByIdLess());
}

void RevisionGraph::Builder::IndexLabels() {
  for (int v = 0; v < static_cast<int>(g_.nodes_.size()); ++v) {
    const RevisionNode& node = g_.nodes_[v];
    std::vector<std::string> labels = node.branch_labels;
    std::sort(labels.begin(), labels.end());
    labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
    for (const std::string& label : labels) {
      if (!IsValidBranchLabel(label)) {
        problems_.push_back({node.source, LabelProblem(label)});
      } else if (int other = g_.IndexOf(label); other >= 0) {
        const std::string& where = g_.nodes_[other].source;
        problems_.push_back(
            {node.source, "branch label '" + label + "' is also a revision id" +
                              (other == v || where.empty() ? "" : " (" + where + ")")});
      } else if (auto [it, inserted] = g_.label_index_.emplace(label, v); !inserted) {
        const RevisionNode& owner = g_.nodes_[it->second];
        problems_.push_back(
            {node.source, "branch label '" + label + "' is already used by revision '" + owner.id +
                              "'" + (owner.source.empty() ? "" : " (" + owner.source + ")")});
      } else {
        g_.vertices_[v].labels.push_back(label);
      }
    }
  }
}

void RevisionGraph::Builder::ResolveReferences() {
  for (int v = 0; v < static_cast<int>(g_.nodes_.size()); ++v) {
    const RevisionNode& node = g_.nodes_[v];
    Vertex& vertex = g_.vertices_[v];
    for (const std::string& parent : node.parents) {
      const int p = g_.IndexOf(parent);
      if (p < 0) {
        problems_.push_back({node.source, "down_revision '" + parent + "' is not a known revision"});
      } else {
        vertex.parents.push_back(p);
      }
    }
    SortUnique(vertex.parents, ByIdLess());
    for (const std::string& dependency : node.depends_on) {
      int d = g_.IndexOf(dependency);
      if (d < 0) {
        auto it = g_.label_index_.find(dependency);
        if (it == g_.label_index_.end()) {
          problems_.push_back({node.source, "depends_on '" + dependency +
                                                "' is neither a known revision nor a branch label"});
          continue;
        }
        d = it->second;
      }
      if (!std::binary_search(vertex.parents.begin(), vertex.parents.end(), d, ByIdLess())) {
        vertex.depends_on.push_back(d);
      }
    }
    SortUnique(vertex.depends_on, ByIdLess());
  }
}

void RevisionGraph::Builder::LinkReverseEdges() {
  // Visiting in id order leaves every children and dependents list sorted.
  for (int v : g_.by_id_) {
    for (int p : g_.vertices_[v].parents) g_.vertices_[p].children.push_back(v);
    for (int d : g_.vertices_[v].depends_on) g_.vertices_[d].dependents.push_back(v);
    if (!g_.vertices_[v].depends_on.empty()) g_.has_depends_on_ = true;
  }
}

void RevisionGraph::Builder::SortTopologically() {
  // Ready revisions wait on a stack, pushed in reverse id order, so the
  // smallest id goes first and, after a revision, the child it made ready
  // comes next: a line stays together.
  const int n = static_cast<int>(g_.nodes_.size());
  waiting_for_.assign(n, 0);
  for (int v = 0; v < n; ++v) {
    waiting_for_[v] =
        static_cast<int>(g_.vertices_[v].parents.size() + g_.vertices_[v].depends_on.size());
  }
  std::vector<int> stack;
  for (auto it = g_.by_id_.rbegin(); it != g_.by_id_.rend(); ++it) {
    if (waiting_for_[*it] == 0) stack.push_back(*it);
  }
  g_.order_.reserve(n);
  std::vector<int> ready;
  while (!stack.empty()) {
    const int v = stack.back();
    stack.pop_back();
    g_.vertices_[v].rank = static_cast<int>(g_.order_.size());
    g_.order_.push_back(v);
    ready.clear();
    for (int c : g_.vertices_[v].children) {
      if (--waiting_for_[c] == 0) ready.push_back(c);
    }
    for (int d : g_.vertices_[v].dependents) {
      if (--waiting_for_[d] == 0) ready.push_back(d);
    }
    std::sort(ready.begin(), ready.end(), ByIdLess());
    stack.insert(stack.end(), ready.rbegin(), ready.rend());
  }
}

void RevisionGraph::Builder::ReportCycles() {
  const int n = static_cast<int>(g_.nodes_.size());
  if (static_cast<int>(g_.order_.size()) == n) return;
  // Every revision left over waits for another one left over, so walking
  // back through those must come round.
  enum : char { kNew, kOnWalk, kDone };
  std::vector<char> state(n, kNew);
  std::vector<int> position(n, -1);
  for (int start : g_.by_id_) {
    if (waiting_for_[start] == 0 || state[start] != kNew) continue;
    std::vector<int> walk;
    int current = start;
    while (true) {
      state[current] = kOnWalk;
      position[current] = static_cast<int>(walk.size());
      walk.push_back(current);
      int previous = -1;  // the left-over parent or dependency with the smallest id
      for (const std::vector<int>* list :
           {&g_.vertices_[current].parents, &g_.vertices_[current].depends_on}) {
        for (int p : *list) {
          if (waiting_for_[p] > 0 && (previous < 0 || ById(p, previous))) previous = p;
        }
      }
      if (state[previous] == kDone) break;
      if (state[previous] == kOnWalk) {
        // walk[i+1] comes before walk[i]; upgrade order is the walk reversed.
        std::vector<int> cycle(walk.rbegin(), walk.rend() - position[previous]);
        std::rotate(cycle.begin(), std::min_element(cycle.begin(), cycle.end(), ByIdLess()),
                    cycle.end());
        std::string text;
        for (int v : cycle) text += g_.nodes_[v].id + " -> ";
        text += g_.nodes_[cycle.front()].id;
        problems_.push_back({g_.nodes_[cycle.front()].source, "revisions form a cycle: " + text});
        break;
      }
      current = previous;
    }
    for (int v : walk) state[v] = kDone;
  }
}

void RevisionGraph::Builder::PropagateLabels() {
  const int n = static_cast<int>(g_.nodes_.size());
  std::vector<std::vector<std::string>> declared(n);
  for (int v = 0; v < n; ++v) declared[v] = g_.vertices_[v].labels;
  // Down to descendants: parents first, so one pass suffices.
  for (int v : g_.order_) {
    const std::vector<int>& parents = g_.vertices_[v].parents;
    std::vector<std::string>& labels = g_.vertices_[v].labels;
    if (parents.size() == 1) {
      MergeSorted(labels, g_.vertices_[parents.front()].labels);
    } else if (parents.size() > 1) {  // a merge: gather, then sort once
      for (int p : parents) {
        labels.insert(labels.end(), g_.vertices_[p].labels.begin(), g_.vertices_[p].labels.end());
      }
      std::sort(labels.begin(), labels.end());
      labels.erase(std::unique(labels.begin(), labels.end()), labels.end());
    }
  }
  // Up from the declaring revision, stopping below a branch or merge point.
  for (int v = 0; v < n; ++v) {
    if (declared[v].empty()) continue;
    int current = v;
    while (g_.vertices_[current].parents.size() == 1) {
      const int p = g_.vertices_[current].parents.front();
      if (g_.vertices_[p].children.size() > 1 || g_.vertices_[p].parents.size() > 1) break;
      MergeSorted(g_.vertices_[p].labels, declared[v]);
      current = p;
    }
  }
}

void RevisionGraph::Builder::FindHeadsAndBases() {
  for (int v : g_.by_id_) {
    if (g_.vertices_[v].children.empty()) g_.heads_.push_back(v);
    if (g_.vertices_[v].parents.empty()) g_.bases_.push_back(v);
  }
}

base::Result<RevisionGraph> RevisionGraph::Build(std::vector<RevisionNode> nodes) {
  Builder builder;
  builder.IndexIds(std::move(nodes));
  builder.IndexLabels();
  builder.ResolveReferences();
  builder.LinkReverseEdges();
  builder.SortTopologically();
  builder.ReportCycles();
  if (!builder.problems().empty()) return ProblemsToStatus(builder.problems());
  builder.PropagateLabels();
  builder.FindHeadsAndBases();
  return builder.Finish();
}

}  // namespace migrate::graph
