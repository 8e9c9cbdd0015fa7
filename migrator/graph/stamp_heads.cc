// RevisionGraph::StampHeads: the version table after `stamp TARGET`, as
// Alembic's _stamp_revs and its StampSteps leave it. Stamping moves the
// current heads related to the target (those the target's revisions, or
// its branch qualifier's revision, need or are needed by, through parents
// and depends_on) onto each revision the target names; a named revision
// related to none of them becomes a head beside the others; `stamp base`
// clears every head.

#include <algorithm>

#include "migrator/graph/resolver.h"
#include "migrator/graph/revision_graph.h"

namespace migrate::graph {

base::Result<std::set<std::string>> RevisionGraph::StampHeads(
    const std::set<std::string>& current_heads, const Target& target) const {
  Resolver resolver(*this);
  MIGRATE_TRY(resolver.SetCurrentHeads(current_heads));
  MIGRATE_ASSIGN_OR_RETURN(std::vector<int> named, resolver.Names(target));
  std::vector<int> shares = named;
  if (!target.label.empty()) {
    MIGRATE_ASSIGN_OR_RETURN(int branch, ResolveIndex(target.label));
    shares.push_back(branch);
  }
  // A revision's relatives: what it needs and what needs it.
  auto relatives = [&](int v) {
    std::vector<char> mask = Closure({v}, Walk::kAncestors);
    const std::vector<char> above = Closure({v}, Walk::kDescendants);
    for (std::size_t i = 0; i < mask.size(); ++i) mask[i] = mask[i] || above[i];
    return mask;
  };
  std::vector<int> moved;  // the current heads the stamp moves
  for (int h : resolver.current()) {
    const std::vector<char> related = relatives(h);
    bool shared = shares.empty();  // `base` moves every head
    for (int s : shares) shared = shared || related[s];
    if (shared) moved.push_back(h);
  }
  std::vector<char> heads(nodes_.size(), 0);
  for (int h : resolver.current()) heads[h] = 1;
  auto drop_moved = [&] {
    for (int h : moved) heads[h] = 0;
  };
  if (named.empty()) drop_moved();
  for (int dest : named) {
    if (std::find(moved.begin(), moved.end(), dest) != moved.end()) continue;
    const std::vector<char> related = relatives(dest);
    if (std::any_of(moved.begin(), moved.end(), [&](int h) { return related[h]; })) drop_moved();
    heads[dest] = 1;
  }
  return IdsOf(heads);
}

}  // namespace migrate::graph
