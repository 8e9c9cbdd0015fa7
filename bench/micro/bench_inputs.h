// Inputs for the micro-benchmarks, generated in memory so every run
// measures the same bytes: SQL that looks like what projects really
// migrate with (comments, quoted semicolons, dollar-quoted function bodies,
// trigger bodies, multi-row inserts), whole migration files with a full
// header, and revision graphs of any size, linear or with branches and
// merges. Deterministic: the same arguments give the same output.

#ifndef BENCH_MICRO_BENCH_INPUTS_H_
#define BENCH_MICRO_BENCH_INPUTS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "migrator/graph/revision_graph.h"

namespace migrate::bench {

enum class SqlFlavor { kSqlite, kPostgresql };

/// At least `min_bytes` of SQL for `flavor`, built from a cycle of realistic
/// statements with numbered names; ends with a complete statement.
std::string RealLookingSql(std::size_t min_bytes, SqlFlavor flavor);

/// The id of the `i`-th generated revision: 12 lower-case hex digits, as
/// `migrate revision` makes them, so sorting by id shuffles the chain.
std::string RevisionId(int i);

/// A typical migration file for revision `i` (parent `i - 1`, none for 0):
/// message, header keys, two `expect:` lines, upgrade, verify and downgrade
/// sections.
std::string MigrationFileText(int i);

/// `n` revisions, each the parent of the next.
std::vector<graph::RevisionNode> LinearGraph(int n);

/// `n` revisions in blocks of ten: a trunk revision that is a branch point,
/// two branches of four revisions, and a merge point joining them; the next
/// block starts on the merge, so the graph has one base and one head.
/// REQUIRES: n is a positive multiple of 10.
std::vector<graph::RevisionNode> BranchyGraph(int n);

}  // namespace migrate::bench

#endif  // BENCH_MICRO_BENCH_INPUTS_H_
