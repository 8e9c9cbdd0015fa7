// Target: a revision target as the user types it (`upgrade TARGET`,
// `downgrade TARGET`, `show REV`, `history -r A:B`), parsed into a value
// before any graph or database is consulted, so a malformed target is the
// same clean InvalidInput error whatever state the database is in. What a
// target *means* is decided by RevisionGraph (Resolve, UpgradePath,
// DowngradePath, History), which has the revisions and the current heads.
//
// Grammar (Alembic's syntax, restricted to the forms below). Q is a branch
// qualifier: a branch label, or (as Alembic allows) a revision id or unique
// prefix, standing for that revision's branch — its ancestors and
// descendants through parents.
//
//   head              the single head of the graph
//   heads             every head
//   base              before the first revision
//   current           the database's current heads (useful in `history -r`)
//   REV               a revision id, a branch label (naming the revision that
//                     declares it, as in Alembic), or a unique prefix of a
//                     revision id of at least 4 characters
//   +N, -N            N steps up (towards the heads) or down from the
//                     database's current head
//   REV+N, REV-N      N steps up or down from REV
//   head-N            N steps below the single head
//   base+N            N steps above base (from the single base)
//   Q@head            the head of Q's branch
//   Q@heads           every head on that branch
//   Q@base            downgrade: everything above the bases below Q's
//                     revision; history: from those bases
//   Q@REV             REV, which must be on Q's branch (a prefix is looked
//                     for there); downgrade: Q chooses which of REV's
//                     branches go
//   Q@REV+N, Q@REV-N  N steps from REV; going up, staying on Q's branch
//   Q@+N, Q@-N        N steps from the database's current head on Q's branch
//   Q@head-N          N steps below the branch's head
//
// Steps follow parents and children only, never depends_on. A step that
// would have to choose (up from a branch point or from several bases, down
// through a merge point, from several current heads) is refused with the
// choices spelled out, as Alembic refuses an "Ambiguous walk".
//
// Rejected with a message saying what to write instead: an empty target,
// more than one '@', an empty qualifier, `Q@current`, zero or missing or
// non-numeric steps (`+x`, `-0`), `head+N` (nothing is above a head),
// `heads±N` (several starting points), `base-N`, `current±N` (write `±N`).
//
// Names: a revision id has only ASCII letters, digits and '_' (the
// contract's rule); a branch label has letters, digits, '_', '-' and '.'.
// Neither may be one of the keywords head, heads, base, current. A label
// containing '-' followed by digits (`v-2`) can only be used before '@',
// because bare `v-2` reads as "v, 2 steps down".
//
// Thread safety: value types and pure functions.

#ifndef MIGRATOR_GRAPH_TARGET_H_
#define MIGRATOR_GRAPH_TARGET_H_

#include <optional>
#include <string>
#include <string_view>

#include "migrator/base/status.h"

namespace migrate::graph {

struct Target {
  enum class Anchor {
    kHead,      // "head", "LABEL@head", "head-N"
    kHeads,     // "heads", "LABEL@heads"
    kBase,      // "base", "LABEL@base", "base+N"
    kCurrent,   // "current" (steps == 0), "+N", "-N", "LABEL@+N", "LABEL@-N"
    kRevision,  // "REV", "REV+N", "REV-N", "Q@REV", "Q@REV±N"
  };

  Anchor anchor = Anchor::kHead;
  std::string label;     // the branch qualifier before '@' (label, id or prefix); empty if none
  std::string revision;  // kRevision: the id, prefix or label as typed
  int steps = 0;         // > 0: that many steps up; < 0: down; 0: the anchor itself
  std::string text;      // the target as typed, for messages
};

/// The `A:B` of `history -r A:B`; either side may be empty (open).
struct TargetRange {
  std::optional<Target> lower;  // nullopt: from base
  std::optional<Target> upper;  // nullopt: up to every head
};

/// Parses `text` (see the grammar above). InvalidInput naming the target
/// and what to write instead when it is malformed.
base::Result<Target> ParseTarget(std::string_view text);

/// Parses "A:B", "A:", ":B" or ":"; an empty string is the whole history.
/// InvalidInput for a missing or repeated ':' or a malformed side.
base::Result<TargetRange> ParseTargetRange(std::string_view text);

/// True if `id` is a well-formed revision id (letters, digits, '_'; not a keyword).
bool IsValidRevisionId(std::string_view id);

/// True if `label` is a well-formed branch label (letters, digits, '_', '-',
/// '.'; not a keyword).
bool IsValidBranchLabel(std::string_view label);

/// True for the words a target gives a meaning of its own: head, heads, base, current.
bool IsTargetKeyword(std::string_view word);

}  // namespace migrate::graph

#endif  // MIGRATOR_GRAPH_TARGET_H_
