// RevisionGraph: the migrations as a directed acyclic graph, as Alembic's
// RevisionMap. Built once from RevisionNode values (no files, no database),
// then immutable; every command asks it where the heads are, what a target
// names, and which revisions an upgrade or a downgrade runs, in which order.
//
// Edges. A revision's `parents` (down_revision) are its place in the
// history: no parent makes it a base, two or more a merge point, and a
// revision with two or more children is a branch point. `depends_on` (a
// revision id or a branch label, which names the revision declaring it) is
// an ordering edge only: the dependency, and everything it needs, is applied
// first, but the dependent is not its child — heads, bases, branch points,
// relative steps (+N/-N) and branch labels follow parents alone. "Needs"
// below means parents and depends_on, transitively.
//
// Branch labels, as in Alembic, belong to the revision declaring them, to
// all its descendants (through parents, so a merge carries the labels of all
// the branches it joins), and to its ancestors up to, not including, the
// nearest branch point or merge point: the label names the whole line back
// to where it left the rest of the graph.
//
// Deterministic order. Lists of revisions are sorted by id, except plans and
// histories, which follow one topological order fixed at Build: parents and
// dependencies before the revisions that need them, ties broken by id, and a
// line of revisions kept together (after a revision, its newly runnable child
// comes next) so a plan applies one branch after another, not interleaved.
//
// The version table stores heads, not every applied revision, so the runner
// goes from heads to the applied set and back:
//   applied = AppliedFromHeads(heads)  every head plus everything it needs;
//   heads   = HeadsOf(applied)        every applied revision that no applied
//                                      revision needs (as parent or through
//                                      depends_on).
// Hence, as Alembic's version table after its HeadMaintainer's steps:
// applying a merge point replaces the heads of all its parents by the merge;
// applying a revision above a branch point adds a head beside the other
// branch's head; un-applying a merge gives back its parents' heads; and a
// revision that an applied revision depends on is no head of its own (the
// dependent's row stands for it), until the dependent is un-applied.
//
// Thread safety: immutable after Build(); const methods may be called from
// any thread.

#ifndef MIGRATOR_GRAPH_REVISION_GRAPH_H_
#define MIGRATOR_GRAPH_REVISION_GRAPH_H_

#include <cstddef>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "migrator/base/status.h"
#include "migrator/graph/target.h"

namespace migrate::graph {

/// One migration as the graph sees it.
struct RevisionNode {
  std::string id;
  std::vector<std::string> parents;  // down_revision(s); empty: a base
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;  // revision ids or branch labels
  std::string source;                   // the file, for messages ("" if none)
};

class RevisionGraph {
 public:
  /// Checks and indexes `nodes` in linear time. InvalidInput if anything is
  /// wrong; the first problem is the message (located at its file) and every
  /// other one is a context line "file: problem". Problems: a malformed or
  /// reserved id or label, a duplicate id, a parent that is not a revision,
  /// a depends_on that is neither a revision nor a label, a label declared
  /// twice or equal to a revision id, and each cycle, named in upgrade order
  /// ("revisions form a cycle: a -> b -> a": b has a as parent or dependency).
  static base::Result<RevisionGraph> Build(std::vector<RevisionNode> nodes);

  RevisionGraph(const RevisionGraph&) = default;
  RevisionGraph& operator=(const RevisionGraph&) = default;
  RevisionGraph(RevisionGraph&&) noexcept = default;
  RevisionGraph& operator=(RevisionGraph&&) noexcept = default;

  // --- Structure -------------------------------------------------------------

  /// The number of revisions.
  std::size_t size() const { return nodes_.size(); }
  /// The revision with exactly this id, or nullptr.
  const RevisionNode* Find(std::string_view id) const;
  /// The full id for an exact id, a branch label (the revision declaring
  /// it) or a unique prefix of at least 4 characters. InvalidInput if the
  /// prefix matches several revisions (listing them) or is too short;
  /// NotFound, with "did you mean" when something is close, otherwise.
  base::Result<std::string> ResolvePrefix(std::string_view text) const;

  /// Revisions no other revision has as parent, sorted by id.
  std::vector<std::string> Heads() const;
  /// Revisions without parents, sorted by id.
  std::vector<std::string> Bases() const;
  /// Revisions with two or more children, sorted by id.
  std::vector<std::string> BranchPoints() const;
  /// Revisions with two or more parents, sorted by id.
  std::vector<std::string> MergePoints() const;
  /// The revisions having `id` as parent, sorted; empty for an unknown id.
  std::vector<std::string> Children(std::string_view id) const;

  /// Every branch label, sorted.
  std::vector<std::string> Labels() const;
  /// The revision declaring `label`, or nullopt.
  std::optional<std::string> RevisionForLabel(std::string_view label) const;
  /// The labels `id` belongs to (declared or inherited), sorted; empty for an unknown id.
  std::vector<std::string> BranchLabelsOf(std::string_view id) const;

  /// `ids` and everything they need (parents and depends_on, transitively).
  /// Ids unknown to the graph are returned as given.
  std::set<std::string> Ancestors(const std::set<std::string>& ids) const;
  /// `ids` and everything that needs them (children and dependents, transitively).
  /// Ids unknown to the graph are returned as given.
  std::set<std::string> Descendants(const std::set<std::string>& ids) const;
  /// Every revision, parents and dependencies first (see "Deterministic order").
  std::vector<std::string> TopologicalOrder() const;

  // --- The version table's heads ---------------------------------------------

  /// Everything applied when the version table holds `heads`: the heads and
  /// all they need. Unknown ids are returned as given.
  std::set<std::string> AppliedFromHeads(const std::set<std::string>& heads) const;
  /// The heads the version table must hold when `applied` are applied (see
  /// the header comment). REQUIRES: `applied` holds everything its members need.
  std::set<std::string> HeadsOf(const std::set<std::string>& applied) const;
  /// HeadsOf(AppliedFromHeads(heads) plus `id` when `applying`, minus it
  /// otherwise): the heads once one step has run. Same result, but computed
  /// over vertex indexes in one pass, without building the applied set, so
  /// the runner's per-step cost stays small at 10,000 revisions.
  std::set<std::string> HeadsAfterStep(const std::set<std::string>& heads, std::string_view id,
                                       bool applying) const;
  /// AppliedFromHeads(heads).count(id) > 0, without building the set: no
  /// walk at all when `id` comes after every head in the topological order
  /// (the usual case of an upgrade step).
  bool IsApplied(const std::set<std::string>& heads, std::string_view id) const;

  // --- Targets (upgrade_path.cc, downgrade_path.cc, history_range.cc) ------

  // These answer as Alembic 1.8 does (tests/graph/alembic_differential
  // checks it against the real one); docs/coming-from.md lists where not.

  /// The revisions `target` names, sorted by id; empty for base (see
  /// target.h and resolver.h). `current_heads` are the database's heads, for
  /// +N, -N and current. Errors as UpgradePath.
  base::Result<std::vector<std::string>> Resolve(const Target& target,
                                                 const std::set<std::string>& current_heads) const;

  /// The revisions to apply, in order, to go from `current_heads` to `target`:
  /// every revision the named ones need that is not applied, parents and
  /// dependencies first. Empty when they are applied, even when the
  /// database is past them. Errors: FailedPrecondition if a current head is
  /// not a known revision; NotFound for an unknown revision or qualifier;
  /// InvalidInput for several heads where one is needed, an ambiguous step
  /// (several current heads, a branch point, a merge point), a step past
  /// the head or below base, a revision not on the qualifier's branch,
  /// several targets one of which needs another, and downward targets
  /// (-N, current).
  base::Result<std::vector<std::string>> UpgradePath(const std::set<std::string>& current_heads,
                                                     const Target& target) const;

  /// The revisions to un-apply, in order (what needs a revision goes before
  /// it), to go from `current_heads` down to `target`: the target names the
  /// revision that stays (base: none), and every applied revision that
  /// needs one of its children (through parents or depends_on) goes; with a
  /// branch qualifier, only the children on the way to the qualifier's
  /// revision (see downgrade_path.cc). Errors as UpgradePath, plus
  /// InvalidInput when the revision is not applied or nothing above it is
  /// (unless it is a current head), and for upward targets (+N, current).
  base::Result<std::vector<std::string>> DowngradePath(const std::set<std::string>& current_heads,
                                                       const Target& target) const;

  /// The heads the version table holds after `stamp target` from
  /// `current_heads` (see stamp_heads.cc): the current heads related to the
  /// target move onto what it names, the others stay. Errors as Resolve.
  base::Result<std::set<std::string>> StampHeads(const std::set<std::string>& current_heads,
                                                 const Target& target) const;

  /// Every revision, newest first (the reverse of TopologicalOrder()).
  std::vector<std::string> History() const;
  /// The revisions between `range.lower` and `range.upper`, both included,
  /// newest first: those above the lower end (through parents) that the
  /// upper end needs. An open end reaches base or every head;
  /// `LABEL@base` as lower end starts at the bases of that branch.
  /// InvalidInput "Revision A is not an ancestor of revision B" if the lower
  /// end is not below the upper one; other errors as Resolve.
  base::Result<std::vector<std::string>> History(const TargetRange& range,
                                                 const std::set<std::string>& current_heads) const;

 private:
  class Builder;   // graph_builder.cc: Build's steps
  class Resolver;  // resolver.cc: what targets mean against the current heads

  // The graph by dense index; all lists are sorted by id.
  struct Vertex {
    std::vector<int> parents;
    std::vector<int> children;
    std::vector<int> depends_on;  // resolved, not also parents
    std::vector<int> dependents;
    std::vector<std::string> labels;  // declared and inherited, sorted
    int rank = 0;                     // position in order_
  };
  enum class Walk { kAncestors, kParents, kDescendants, kChildren };

  RevisionGraph() = default;

  /// The index of an exact id, or -1.
  int IndexOf(std::string_view id) const;
  /// The index for an exact id, a label or a unique prefix (see ResolvePrefix).
  base::Result<int> ResolveIndex(std::string_view text) const;
  /// A mask over the vertices: `start` and everything reached through `walk`.
  std::vector<char> Closure(const std::vector<int>& start, Walk walk) const;
  /// The ids set in `mask`.
  std::set<std::string> IdsOf(const std::vector<char>& mask) const;
  /// The ids of `indexes`, in the order given.
  std::vector<std::string> IdsOf(const std::vector<int>& indexes) const;
  /// Indexes of the known ids among `ids`, sorted by id.
  std::vector<int> IndexesOf(const std::set<std::string>& ids) const;
  /// The vertices set in `mask`, sorted by rank (ascending).
  std::vector<int> InOrder(const std::vector<char>& mask) const;
  bool HasLabel(int v, std::string_view label) const;
  /// True if a child or dependent of `v` is set in `mask` (and in `within`,
  /// when given): `v` is then no head of what `mask` holds.
  bool NeededByAny(int v, const std::vector<char>& mask,
                   const std::vector<char>* within = nullptr) const;
  /// "; did you mean 'x'?" naming the labels (and, if `ids`, the revision
  /// ids) closest to `text`, or "" when none is close.
  std::string DidYouMean(std::string_view text, bool ids) const;

  std::vector<RevisionNode> nodes_;
  std::vector<Vertex> vertices_;
  std::unordered_map<std::string, int> index_;        // id -> vertex
  std::unordered_map<std::string, int> label_index_;  // label -> declaring vertex
  std::vector<int> by_id_;                            // vertices sorted by id
  std::vector<int> order_;                            // topological order
  std::vector<int> heads_;                            // sorted by id
  std::vector<int> bases_;                            // sorted by id
  bool has_depends_on_ = false;                       // any vertex has a depends_on edge
};

}  // namespace migrate::graph

#endif  // MIGRATOR_GRAPH_REVISION_GRAPH_H_
