// RevisionGraph::DowngradePath: what going down to a target un-applies, as
// Alembic's _collect_downgrade_revisions decides it. The target names the
// revision that stays (or base); what goes is every applied revision that
// needs one of its children, through parents or depends_on, so a dependent
// on another branch goes too rather than be left needing what is gone.
// With a branch qualifier (`Q@REV`, `Q@base`, `Q@-N`; for a bare `-N`, the
// head it walks from), a revision with several children keeps those not on
// the way to the qualifier's revision.

#include <algorithm>

#include "migrator/graph/resolver.h"
#include "migrator/graph/revision_graph.h"

namespace migrate::graph {

base::Result<std::vector<std::string>> RevisionGraph::DowngradePath(
    const std::set<std::string>& current_heads, const Target& target) const {
  if (target.anchor == Target::Anchor::kCurrent && target.steps >= 0) {
    return base::Status::InvalidInput(
        target.steps > 0
            ? "'" + target.text + "' steps up; use 'migrate upgrade " + target.text + "'"
            : "'current' names where the database already is; it is a target for 'history -r' "
              "only");
  }
  Resolver resolver(*this, Resolver::Purpose::kDowngrade);
  MIGRATE_TRY(resolver.SetCurrentHeads(current_heads));
  MIGRATE_ASSIGN_OR_RETURN(Resolver::Destination d, resolver.DowngradeDestination(target));

  std::vector<int> roots = d.revision == Resolver::kBase ? bases_ : vertices_[d.revision].children;
  if (d.branch != Resolver::kBase && roots.size() > 1) {
    const std::vector<char> below = Closure({d.branch}, Walk::kParents);
    std::erase_if(roots, [&](int r) { return !below[r]; });
    if (roots.empty()) {
      return base::Status::InvalidInput("Cannot downgrade to '" + target.text + "': branch '" +
                                        nodes_[d.branch].id + "' does not continue above " +
                                        (d.revision == Resolver::kBase
                                             ? std::string("base")
                                             : "'" + nodes_[d.revision].id + "'"));
    }
  }
  std::vector<char> removed = Closure(roots, Walk::kDescendants);
  const std::vector<char>& applied = resolver.applied();
  bool any = false;
  for (std::size_t v = 0; v < removed.size(); ++v) {
    removed[v] = removed[v] && applied[v];
    any = any || removed[v];
  }
  if (!any && d.revision != Resolver::kBase && !resolver.IsCurrent(d.revision)) {
    const std::string& id = nodes_[d.revision].id;
    return base::Status::InvalidInput(
        "Cannot downgrade to '" + target.text + "'" +
        (target.text == id ? "" : " (revision '" + id + "')") + ": " +
        (applied[d.revision] ? "nothing above it is applied" : "it is not applied") + " (" +
        resolver.Where() + ")" +
        (applied[d.revision] ? "" : "; to apply it, run 'migrate upgrade " + target.text + "'"));
  }
  std::vector<int> order = InOrder(removed);
  std::reverse(order.begin(), order.end());
  return IdsOf(order);
}

}  // namespace migrate::graph
