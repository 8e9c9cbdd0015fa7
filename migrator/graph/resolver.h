// RevisionGraph::Resolver (internal to migrator/graph): what a target names
// against one database position, by Alembic's rules (its RevisionMap's
// _resolve_revision_number, _resolve_branch, _walk and the relative forms
// of _parse_upgrade_target / _parse_downgrade_target):
//
//   - A branch qualifier, the `Q` of `Q@...`, is a branch label, a revision
//     id or a unique prefix; it names a revision, and its lineage is that
//     revision's ancestors and descendants through parents (never
//     depends_on). `Q@head` and `Q@heads` are the heads in that lineage;
//     `Q@REV` is REV, which must be in it.
//   - A walk (+N, -N, REV+N, REV-N) takes N single steps through parents
//     and children only; a step with two or more ways to go (a branch point
//     going up, unless the qualifier's lineage leaves one; a merge point
//     going down, even on the last step) is refused as ambiguous, and so is
//     a walk that would go past a head or below base.
//   - The current position is the database's heads, recomputed as the
//     applied revisions that no other applied revision needs (see
//     revision_graph.h), which is what Alembic's version table holds.
//
// upgrade_path.cc, downgrade_path.cc and history_range.cc turn these
// answers into plans.
//
// Thread safety: one Resolver per question; it only reads the graph.

#ifndef MIGRATOR_GRAPH_RESOLVER_H_
#define MIGRATOR_GRAPH_RESOLVER_H_

#include <set>
#include <string>
#include <vector>

#include "migrator/base/status.h"
#include "migrator/graph/revision_graph.h"
#include "migrator/graph/target.h"

namespace migrate::graph {

class RevisionGraph::Resolver {
 public:
  /// A position below every base: where `base` points, and where a walk
  /// down from a base revision lands.
  static constexpr int kBase = -1;

  /// What the answer is for: it words the advice of some errors.
  enum class Purpose { kUpgrade, kDowngrade, kOther };

  explicit Resolver(const RevisionGraph& graph, Purpose purpose = Purpose::kOther)
      : g_(graph), purpose_(purpose) {}

  /// Takes the database's heads. FailedPrecondition if one is not a revision.
  base::Status SetCurrentHeads(const std::set<std::string>& heads);

  /// The revisions `target` names, sorted by id; empty for base. This is
  /// what `upgrade` applies up to (with everything they need), and what
  /// `show`, `stamp` and `history -r` mean by the target. A walk down
  /// from the current heads (`-N`, `Q@-N`) names where it lands.
  base::Result<std::vector<int>> Names(const Target& target);

  /// Where a downgrade goes, as Alembic's _parse_downgrade_target reads it.
  struct Destination {
    int revision = kBase;  // the revision that stays, or kBase
    int branch = kBase;    // the branch qualifier's revision, or kBase for none
  };
  base::Result<Destination> DowngradeDestination(const Target& target);

  /// `v`'s lineage: its ancestors and descendants through parents, itself included.
  std::vector<char> Lineage(int v) const;

  const std::vector<int>& current() const { return current_; }
  const std::vector<char>& applied() const { return applied_; }
  bool IsCurrent(int v) const { return is_current_[v] != 0; }
  /// "the database is at a, b" / "the database is at base".
  std::string Where() const;
  const std::string& Id(int v) const { return g_.nodes_[v].id; }

 private:
  /// The revision a branch qualifier names (Alembic's _resolve_branch): a
  /// label, an id or a unique prefix. NotFound "No such branch" otherwise.
  base::Result<int> Branch(const std::string& qualifier) const;
  /// REV, or with a qualifier `Q@REV`: REV must share Q's lineage, and a
  /// prefix is looked for in that lineage only.
  base::Result<int> Revision(const Target& target) const;
  /// The single head (in the qualifier's lineage, if any).
  base::Result<int> SingleHead(const Target& target) const;
  /// Takes |steps| single steps from `from` (kBase: below the bases),
  /// keeping to `lineage` going up when it is not null.
  base::Result<int> Walk(int from, int steps, const std::vector<char>* lineage,
                         const Target& target) const;
  /// The revision `+N` / `Q@+N` starts walking from (kBase: from base).
  base::Result<int> UpStart(const Target& target, const std::vector<char>* lineage) const;
  /// The revision `-N` / `Q@-N` starts walking from.
  base::Result<int> DownStart(const Target& target) const;

  const RevisionGraph& g_;
  const Purpose purpose_;
  std::vector<int> current_;  // the current heads, sorted by id
  std::vector<char> is_current_;
  std::vector<char> applied_;
};

}  // namespace migrate::graph

#endif  // MIGRATOR_GRAPH_RESOLVER_H_
