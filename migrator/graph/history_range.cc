// RevisionGraph::History(range): the revisions of `history -r A:B`, newest
// first: those at or above A (through parents) that B needs.

#include <algorithm>

#include "migrator/base/strings.h"
#include "migrator/graph/resolver.h"
#include "migrator/graph/revision_graph.h"

namespace migrate::graph {

base::Result<std::vector<std::string>> RevisionGraph::History(
    const TargetRange& range, const std::set<std::string>& current_heads) const {
  Resolver resolver(*this);
  MIGRATE_TRY(resolver.SetCurrentHeads(current_heads));
  std::vector<char> shown(nodes_.size(), 1);
  std::vector<int> lower;  // empty: from base
  if (range.lower) {
    const Target& t = *range.lower;
    if (t.anchor == Target::Anchor::kBase && t.steps == 0) {
      if (!t.label.empty()) {  // LABEL@base: the bases below the label's revision
        MIGRATE_ASSIGN_OR_RETURN(int v, ResolveIndex(t.label));
        const std::vector<char> below = Closure({v}, Walk::kParents);
        for (int b : bases_) {
          if (below[b]) lower.push_back(b);
        }
      }
    } else {
      MIGRATE_ASSIGN_OR_RETURN(lower, resolver.Names(t));
    }
    if (!lower.empty()) shown = Closure(lower, Walk::kChildren);
  }
  if (range.upper) {
    const Target& t = *range.upper;
    std::vector<int> upper;
    if (t.anchor != Target::Anchor::kBase || t.steps != 0) {
      MIGRATE_ASSIGN_OR_RETURN(upper, resolver.Names(t));
    }
    const std::vector<char> needed = Closure(upper, Walk::kAncestors);
    for (int v : lower) {
      if (!needed[v]) {
        return base::Status::InvalidInput(
            "Revision " + nodes_[v].id + " is not an ancestor of revision " +
            (upper.empty() ? std::string("base") : base::Join(IdsOf(upper))));
      }
    }
    for (std::size_t v = 0; v < shown.size(); ++v) shown[v] = shown[v] && needed[v];
  }
  std::vector<int> order = InOrder(shown);
  std::reverse(order.begin(), order.end());
  return IdsOf(order);
}

}  // namespace migrate::graph
