// RevisionGraph::UpgradePath and Resolve: the revisions a target names, and
// what applying up to them runs. As Alembic (_collect_upgrade_revisions
// with implicit_base): the plan is everything the named revisions need that
// is not applied, whatever else is applied, so a target the database is
// already at or past is a plan with nothing in it, not an error.

#include <algorithm>

#include "migrator/base/strings.h"
#include "migrator/graph/resolver.h"
#include "migrator/graph/revision_graph.h"

namespace migrate::graph {

namespace {

// Several targets must be unrelated: Alembic refuses `heads` of a branch
// when one of them needs another (through depends_on), rather than pick.
base::Status CheckNoOverlap(const RevisionGraph& g, const std::vector<std::string>& targets) {
  for (const std::string& t : targets) {
    const std::set<std::string> needs = g.Ancestors({t});
    std::vector<std::string> overlaps;
    for (const std::string& other : targets) {
      if (other != t && needs.count(other) > 0) overlaps.push_back(other);
    }
    if (!overlaps.empty()) {
      return base::Status::InvalidInput("Requested revision " + t +
                                        " overlaps with other requested revisions " +
                                        base::Join(overlaps) + "; name the one to upgrade to");
    }
  }
  return base::Status::OK();
}

}  // namespace

base::Result<std::vector<std::string>> RevisionGraph::Resolve(
    const Target& target, const std::set<std::string>& current_heads) const {
  Resolver resolver(*this);
  MIGRATE_TRY(resolver.SetCurrentHeads(current_heads));
  MIGRATE_ASSIGN_OR_RETURN(std::vector<int> named, resolver.Names(target));
  std::sort(named.begin(), named.end(), [&](int a, int b) { return nodes_[a].id < nodes_[b].id; });
  return IdsOf(named);
}

base::Result<std::vector<std::string>> RevisionGraph::UpgradePath(
    const std::set<std::string>& current_heads, const Target& target) const {
  if (target.anchor == Target::Anchor::kCurrent && target.steps < 0) {
    return base::Status::InvalidInput("'" + target.text + "' steps down; use 'migrate downgrade " +
                                      target.text + "'");
  }
  if (target.anchor == Target::Anchor::kCurrent && target.steps == 0) {
    return base::Status::InvalidInput(
        "'current' names where the database already is; it is a target for 'history -r' only");
  }
  Resolver resolver(*this, Resolver::Purpose::kUpgrade);
  MIGRATE_TRY(resolver.SetCurrentHeads(current_heads));
  MIGRATE_ASSIGN_OR_RETURN(std::vector<int> named, resolver.Names(target));
  if (named.empty() && target.steps < 0) {
    return base::Status::InvalidInput("'" + target.text +
                                      "' walks down to base; to go there, run 'migrate downgrade " +
                                      target.text + "'");
  }
  const std::vector<std::string> targets = IdsOf(named);
  if (targets.size() > 1) MIGRATE_TRY(CheckNoOverlap(*this, targets));
  std::vector<char> needed = Closure(named, Walk::kAncestors);
  const std::vector<char>& applied = resolver.applied();
  for (std::size_t v = 0; v < needed.size(); ++v) needed[v] = needed[v] && !applied[v];
  return IdsOf(InOrder(needed));
}

}  // namespace migrate::graph
