// RevisionGraph: building, checking and structural queries, on graphs made
// from RevisionNode values (no files). Test organization:
//   Shapes*      heads, bases, branch and merge points, order
//   Labels*      branch labels and their inheritance
//   Heads*       the version table's heads <-> applied revisions
//   Prefix*      ResolvePrefix: ids, labels, prefixes, did-you-mean
//   BuildErrors* every Build() problem, by its full text
//   Large*       10,000 revisions in a chain, and a wide branchy graph

#include "migrator/graph/revision_graph.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <vector>

namespace migrate::graph {
namespace {

using Ids = std::vector<std::string>;
using IdSet = std::set<std::string>;

RevisionNode Node(std::string id, Ids parents = {}, Ids labels = {}, Ids depends_on = {}) {
  std::string source = "migrations/" + id + ".sql";
  return RevisionNode{std::move(id), std::move(parents), std::move(labels), std::move(depends_on),
                      std::move(source)};
}

RevisionGraph MustBuild(std::vector<RevisionNode> nodes) {
  base::Result<RevisionGraph> graph = RevisionGraph::Build(std::move(nodes));
  if (!graph) {
    ADD_FAILURE() << graph.error().ToString();
    return RevisionGraph::Build({}).value();
  }
  return std::move(graph).value();
}

std::string BuildError(std::vector<RevisionNode> nodes) {
  base::Result<RevisionGraph> graph = RevisionGraph::Build(std::move(nodes));
  if (graph) return "<built without error>";
  EXPECT_EQ(graph.error().code(), base::StatusCode::kInvalidInput);
  return graph.error().ToString();
}

template <typename T>
std::string ErrorText(const base::Result<T>& result) {
  return result ? "<no error>" : result.error().ToString();
}

// a -> b1 -> b2 -> m, a -> c1 -> m; b1 labelled packs, c1 specialties.
RevisionGraph Diamond() {
  return MustBuild({Node("a"), Node("b1", {"a"}, {"packs"}), Node("b2", {"b1"}),
                    Node("c1", {"a"}, {"specialties"}), Node("m", {"b2", "c1"})});
}

// --- Shapes ------------------------------------------------------------------

TEST(RevisionGraphTest, ShapesLinearChain) {
  RevisionGraph g = MustBuild({Node("c", {"b"}), Node("a"), Node("b", {"a"})});
  EXPECT_EQ(g.size(), 3u);
  EXPECT_EQ(g.Heads(), Ids{"c"});
  EXPECT_EQ(g.Bases(), Ids{"a"});
  EXPECT_EQ(g.BranchPoints(), Ids{});
  EXPECT_EQ(g.MergePoints(), Ids{});
  EXPECT_EQ(g.Children("a"), Ids{"b"});
  EXPECT_EQ(g.Children("c"), Ids{});
  EXPECT_EQ(g.TopologicalOrder(), (Ids{"a", "b", "c"}));
  EXPECT_EQ(g.History(), (Ids{"c", "b", "a"}));
  ASSERT_NE(g.Find("b"), nullptr);
  EXPECT_EQ(g.Find("b")->source, "migrations/b.sql");
  EXPECT_EQ(g.Find("b")->parents, Ids{"a"});
  EXPECT_EQ(g.Find("z"), nullptr);
}

TEST(RevisionGraphTest, ShapesDiamond) {
  RevisionGraph g = Diamond();
  EXPECT_EQ(g.Heads(), Ids{"m"});
  EXPECT_EQ(g.Bases(), Ids{"a"});
  EXPECT_EQ(g.BranchPoints(), Ids{"a"});
  EXPECT_EQ(g.MergePoints(), Ids{"m"});
  EXPECT_EQ(g.Children("a"), (Ids{"b1", "c1"}));
  EXPECT_EQ(g.TopologicalOrder(), (Ids{"a", "b1", "b2", "c1", "m"}));
  EXPECT_EQ(g.Ancestors({"b2"}), (IdSet{"a", "b1", "b2"}));
  EXPECT_EQ(g.Descendants({"b2"}), (IdSet{"b2", "m"}));
  EXPECT_EQ(g.Ancestors({"m"}), (IdSet{"a", "b1", "b2", "c1", "m"}));
}

TEST(RevisionGraphTest, ShapesTwoIndependentBases) {
  RevisionGraph g = MustBuild({Node("a1"), Node("a2", {"a1"}), Node("x1"), Node("x2", {"x1"})});
  EXPECT_EQ(g.Heads(), (Ids{"a2", "x2"}));
  EXPECT_EQ(g.Bases(), (Ids{"a1", "x1"}));
  EXPECT_EQ(g.BranchPoints(), Ids{});
  EXPECT_EQ(g.Ancestors({"x2"}), (IdSet{"x1", "x2"}));
}

TEST(RevisionGraphTest, ShapesOrderKeepsEachLineTogether) {
  // Sorting by id alone would interleave the lines: r, a1, b1, b2, z1.
  RevisionGraph g = MustBuild(
      {Node("r"), Node("a1", {"r"}), Node("z1", {"a1"}), Node("b1", {"r"}), Node("b2", {"b1"})});
  EXPECT_EQ(g.TopologicalOrder(), (Ids{"r", "a1", "z1", "b1", "b2"}));
  EXPECT_EQ(g.History(), (Ids{"b2", "b1", "z1", "a1", "r"}));
}

TEST(RevisionGraphTest, ShapesDependsOnOrdersWithoutMakingAChild) {
  RevisionGraph g = MustBuild({Node("a1"), Node("a2", {"a1"}), Node("a3", {"a2"}), Node("n1"),
                               Node("n2", {"n1"}, {}, {"a2"}), Node("n3", {"n2"})});
  EXPECT_EQ(g.Children("a2"), Ids{"a3"});
  EXPECT_EQ(g.Heads(), (Ids{"a3", "n3"}));
  EXPECT_EQ(g.Bases(), (Ids{"a1", "n1"}));
  EXPECT_EQ(g.BranchPoints(), Ids{});
  EXPECT_EQ(g.Ancestors({"n2"}), (IdSet{"a1", "a2", "n1", "n2"}));
  EXPECT_EQ(g.Descendants({"a2"}), (IdSet{"a2", "a3", "n2", "n3"}));
  EXPECT_EQ(g.TopologicalOrder(), (Ids{"a1", "a2", "a3", "n1", "n2", "n3"}));
}

TEST(RevisionGraphTest, ShapesDependsOnALabelMeansItsRevision) {
  RevisionGraph g = MustBuild(
      {Node("a1", {}, {"accounts"}), Node("a2", {"a1"}), Node("n1", {}, {}, {"accounts"})});
  EXPECT_EQ(g.Ancestors({"n1"}), (IdSet{"a1", "n1"}));
}

TEST(RevisionGraphTest, ShapesUnknownIdsPassThroughSetQueries) {
  RevisionGraph g = Diamond();
  EXPECT_EQ(g.Ancestors({"zz", "b1"}), (IdSet{"a", "b1", "zz"}));
  EXPECT_EQ(g.Descendants({"zz"}), IdSet{"zz"});
  EXPECT_EQ(g.Children("zz"), Ids{});
  EXPECT_EQ(g.BranchLabelsOf("zz"), Ids{});
}

TEST(RevisionGraphTest, ShapesEmptyGraph) {
  RevisionGraph g = MustBuild({});
  EXPECT_EQ(g.size(), 0u);
  EXPECT_EQ(g.Heads(), Ids{});
  EXPECT_EQ(g.History(), Ids{});
}

// --- Labels --------------------------------------------------------------------

TEST(RevisionGraphTest, LabelsFlowToDescendantsButNotPastTheBranchPoint) {
  RevisionGraph g = Diamond();
  EXPECT_EQ(g.Labels(), (Ids{"packs", "specialties"}));
  EXPECT_EQ(g.RevisionForLabel("packs"), "b1");
  EXPECT_EQ(g.RevisionForLabel("nope"), std::nullopt);
  EXPECT_EQ(g.BranchLabelsOf("a"), Ids{});  // the branch point belongs to both lines
  EXPECT_EQ(g.BranchLabelsOf("b1"), Ids{"packs"});
  EXPECT_EQ(g.BranchLabelsOf("b2"), Ids{"packs"});
  EXPECT_EQ(g.BranchLabelsOf("c1"), Ids{"specialties"});
  EXPECT_EQ(g.BranchLabelsOf("m"), (Ids{"packs", "specialties"}));  // a merge joins both
}

TEST(RevisionGraphTest, LabelsNameTheLineBackToWhereItLeft) {
  // r -> s -> t(x) -> u, and r -> v: x covers s too (up to the branch point r).
  RevisionGraph g = MustBuild(
      {Node("r"), Node("s", {"r"}), Node("t", {"s"}, {"x"}), Node("u", {"t"}), Node("v", {"r"})});
  EXPECT_EQ(g.BranchLabelsOf("r"), Ids{});
  EXPECT_EQ(g.BranchLabelsOf("s"), Ids{"x"});
  EXPECT_EQ(g.BranchLabelsOf("t"), Ids{"x"});
  EXPECT_EQ(g.BranchLabelsOf("u"), Ids{"x"});
  EXPECT_EQ(g.BranchLabelsOf("v"), Ids{});
}

TEST(RevisionGraphTest, LabelsOnALinearChainCoverItAll) {
  RevisionGraph g = MustBuild({Node("a"), Node("b", {"a"}), Node("c", {"b"}, {"main"})});
  EXPECT_EQ(g.BranchLabelsOf("a"), Ids{"main"});
  EXPECT_EQ(g.BranchLabelsOf("c"), Ids{"main"});
}

TEST(RevisionGraphTest, LabelsDoNotFollowDependsOn) {
  RevisionGraph g = MustBuild({Node("a1", {}, {"accounts"}), Node("n1", {}, {"net"}, {"a1"})});
  EXPECT_EQ(g.BranchLabelsOf("n1"), Ids{"net"});
  EXPECT_EQ(g.BranchLabelsOf("a1"), Ids{"accounts"});
}

// --- Heads <-> applied ------------------------------------------------------------

TEST(RevisionGraphTest, HeadsAcrossBranchAndMerge) {
  RevisionGraph g = Diamond();
  EXPECT_EQ(g.AppliedFromHeads({"m"}), (IdSet{"a", "b1", "b2", "c1", "m"}));
  EXPECT_EQ(g.AppliedFromHeads({"b2", "c1"}), (IdSet{"a", "b1", "b2", "c1"}));
  EXPECT_EQ(g.AppliedFromHeads({}), IdSet{});
  EXPECT_EQ(g.HeadsOf({"a"}), IdSet{"a"});
  EXPECT_EQ(g.HeadsOf({"a", "b1"}), IdSet{"b1"});                      // plain update
  EXPECT_EQ(g.HeadsOf({"a", "b1", "c1"}), (IdSet{"b1", "c1"}));        // a new branch
  EXPECT_EQ(g.HeadsOf({"a", "b1", "b2", "c1", "m"}), IdSet{"m"});      // merge
  EXPECT_EQ(g.HeadsOf({"a", "b1", "b2", "c1"}), (IdSet{"b2", "c1"}));  // unmerge
  EXPECT_EQ(g.HeadsOf({}), IdSet{});
}

TEST(RevisionGraphTest, HeadsLeaveOutWhatADependentNeeds) {
  // As Alembic's version table: n2's row stands for a2 (issue 18).
  RevisionGraph g = MustBuild({Node("a1"), Node("a2", {"a1"}), Node("a3", {"a2"}), Node("n1"),
                               Node("n2", {"n1"}, {}, {"a2"})});
  EXPECT_EQ(g.AppliedFromHeads({"n2"}), (IdSet{"a1", "a2", "n1", "n2"}));
  EXPECT_EQ(g.HeadsOf({"a1", "a2", "n1", "n2"}), IdSet{"n2"});
  EXPECT_EQ(g.HeadsAfterStep({"a2", "n1"}, "n2", /*applying=*/true), IdSet{"n2"});
  EXPECT_EQ(g.HeadsOf({"a1", "a2", "a3", "n1", "n2"}), (IdSet{"a3", "n2"}));
}

TEST(RevisionGraphTest, HeadsKeepUnknownIds) {
  RevisionGraph g = Diamond();
  EXPECT_EQ(g.AppliedFromHeads({"gone"}), IdSet{"gone"});
  EXPECT_EQ(g.HeadsOf({"a", "gone"}), (IdSet{"a", "gone"}));
}

TEST(RevisionGraphTest, HeadsAfterStepAcrossBranchAndMerge) {
  RevisionGraph g = Diamond();
  EXPECT_EQ(g.HeadsAfterStep({}, "a", true), IdSet{"a"});
  EXPECT_EQ(g.HeadsAfterStep({"a"}, "b1", true), IdSet{"b1"});                  // plain update
  EXPECT_EQ(g.HeadsAfterStep({"b1"}, "c1", true), (IdSet{"b1", "c1"}));         // a new branch
  EXPECT_EQ(g.HeadsAfterStep({"b2", "c1"}, "m", true), IdSet{"m"});             // merge
  EXPECT_EQ(g.HeadsAfterStep({"m"}, "m", false), (IdSet{"b2", "c1"}));          // unmerge
  EXPECT_EQ(g.HeadsAfterStep({"b1", "c1"}, "c1", false), IdSet{"b1"});          // branch removed
  EXPECT_EQ(g.HeadsAfterStep({"a", "gone"}, "b1", true), (IdSet{"b1", "gone"}));  // unknown kept
  EXPECT_TRUE(g.IsApplied({"m"}, "a"));
  EXPECT_TRUE(g.IsApplied({"b1"}, "b1"));
  EXPECT_FALSE(g.IsApplied({"b2", "c1"}, "m"));
  EXPECT_FALSE(g.IsApplied({"c1"}, "b1"));
  EXPECT_FALSE(g.IsApplied({}, "a"));
  EXPECT_FALSE(g.IsApplied({"a"}, "gone"));
  EXPECT_TRUE(g.IsApplied({"gone"}, "gone"));
}

// The fast forms must agree with their definitions, for every set of heads
// (normalised or not, with an unknown id) and every step, both directions.
TEST(RevisionGraphTest, HeadsAfterStepAndIsAppliedMatchTheirDefinitions) {
  for (const RevisionGraph& g :
       {Diamond(), MustBuild({Node("a1"), Node("a2", {"a1"}), Node("a3", {"a2"}), Node("n1"),
                              Node("n2", {"n1"}, {}, {"a2"})}),
        MustBuild({Node("r1"), Node("r2", {"r1"}), Node("r3", {"r2"}), Node("r4", {"r3"}),
                   Node("s1"), Node("s2", {"s1"}), Node("m", {"r4", "s2"})})}) {
    std::vector<std::string> ids = g.TopologicalOrder();
    ids.push_back("gone");
    for (unsigned subset = 0; subset < (1u << ids.size()); ++subset) {
      IdSet heads;
      for (std::size_t i = 0; i < ids.size(); ++i) {
        if (subset & (1u << i)) heads.insert(ids[i]);
      }
      for (const std::string& id : ids) {
        IdSet applied = g.AppliedFromHeads(heads);
        EXPECT_EQ(g.IsApplied(heads, id), applied.count(id) > 0) << id;
        IdSet added = applied;
        added.insert(id);
        EXPECT_EQ(g.HeadsAfterStep(heads, id, true), g.HeadsOf(added)) << id;
        IdSet removed = applied;
        removed.erase(id);
        EXPECT_EQ(g.HeadsAfterStep(heads, id, false), g.HeadsOf(removed)) << id;
      }
    }
  }
}

// --- ResolvePrefix -------------------------------------------------------------------

RevisionGraph HexGraph() {
  return MustBuild({Node("9c2e4b7a1d03"), Node("1f737760963f", {"9c2e4b7a1d03"}, {"packs"}),
                    Node("1f73aa000000", {"9c2e4b7a1d03"})});
}

TEST(RevisionGraphTest, PrefixResolvesIdsLabelsAndUniquePrefixes) {
  RevisionGraph g = HexGraph();
  EXPECT_EQ(g.ResolvePrefix("9c2e4b7a1d03").value(), "9c2e4b7a1d03");
  EXPECT_EQ(g.ResolvePrefix("9c2e").value(), "9c2e4b7a1d03");
  EXPECT_EQ(g.ResolvePrefix("1f7377").value(), "1f737760963f");
  EXPECT_EQ(g.ResolvePrefix("packs").value(), "1f737760963f");
}

TEST(RevisionGraphTest, PrefixAmbiguousListsCandidates) {
  RevisionGraph g = HexGraph();
  auto r = g.ResolvePrefix("1f73");
  EXPECT_EQ(ErrorText(r),
            "Revision prefix '1f73' is ambiguous; it matches 1f737760963f, 1f73aa000000");
  EXPECT_EQ(r.error().code(), base::StatusCode::kInvalidInput);
}

TEST(RevisionGraphTest, PrefixAmbiguousListsTenThenCounts) {
  std::vector<RevisionNode> nodes;
  for (int i = 0; i < 12; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "abcd%02d", i);
    nodes.push_back(Node(id));
  }
  RevisionGraph g = MustBuild(std::move(nodes));
  EXPECT_EQ(ErrorText(g.ResolvePrefix("abcd")),
            "Revision prefix 'abcd' is ambiguous; it matches abcd00, abcd01, abcd02, abcd03, "
            "abcd04, abcd05, abcd06, abcd07, abcd08, abcd09, ... (12 in all)");
}

TEST(RevisionGraphTest, PrefixTooShort) {
  RevisionGraph g = HexGraph();
  auto r = g.ResolvePrefix("9c2");
  EXPECT_EQ(ErrorText(r),
            "'9c2' is not a revision id or branch label, and a revision prefix needs at least 4 "
            "characters");
  EXPECT_EQ(r.error().code(), base::StatusCode::kInvalidInput);
}

TEST(RevisionGraphTest, PrefixUnknownSuggestsTheClosest) {
  RevisionGraph g = HexGraph();
  auto typo = g.ResolvePrefix("9c2f4b7a1d03");
  EXPECT_EQ(ErrorText(typo),
            "Unknown revision or branch label '9c2f4b7a1d03'; did you mean '9c2e4b7a1d03'?");
  EXPECT_EQ(typo.error().code(), base::StatusCode::kNotFound);
  EXPECT_EQ(ErrorText(g.ResolvePrefix("9c3e")),
            "Unknown revision or branch label '9c3e'; did you mean '9c2e4b7a1d03'?");
  EXPECT_EQ(ErrorText(g.ResolvePrefix("pakcs")),
            "Unknown revision or branch label 'pakcs'; did you mean 'packs'?");
  EXPECT_EQ(
      ErrorText(g.ResolvePrefix("1f7x")),
      "Unknown revision or branch label '1f7x'; did you mean '1f737760963f' or '1f73aa000000'?");
  EXPECT_EQ(ErrorText(g.ResolvePrefix("zzzzzz")), "Unknown revision or branch label 'zzzzzz'");
  EXPECT_EQ(ErrorText(g.ResolvePrefix("")), "empty revision id");
}

// --- Build errors ----------------------------------------------------------------------

TEST(RevisionGraphTest, BuildErrorsDuplicateId) {
  RevisionNode copy = Node("a");
  copy.source = "migrations/a_copy.sql";
  base::Result<RevisionGraph> g = RevisionGraph::Build({Node("a"), copy});
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().ToString(),
            "migrations/a_copy.sql: revision 'a' is already defined in migrations/a.sql");
  ASSERT_TRUE(g.error().location().has_value());
  EXPECT_EQ(g.error().location()->file, "migrations/a_copy.sql");
}

TEST(RevisionGraphTest, BuildErrorsMissingParent) {
  EXPECT_EQ(BuildError({Node("a"), Node("b", {"x"})}),
            "migrations/b.sql: down_revision 'x' is not a known revision");
}

TEST(RevisionGraphTest, BuildErrorsUnknownDependsOn) {
  EXPECT_EQ(BuildError({Node("a"), Node("b", {"a"}, {}, {"nope"})}),
            "migrations/b.sql: depends_on 'nope' is neither a known revision nor a branch label");
}

TEST(RevisionGraphTest, BuildErrorsCycleIsNamedInUpgradeOrder) {
  EXPECT_EQ(BuildError({Node("a", {"c"}), Node("b", {"a"}), Node("c", {"b"})}),
            "migrations/a.sql: revisions form a cycle: a -> b -> c -> a");
}

TEST(RevisionGraphTest, BuildErrorsSelfLoop) {
  EXPECT_EQ(BuildError({Node("a", {"a"})}), "migrations/a.sql: revisions form a cycle: a -> a");
}

TEST(RevisionGraphTest, BuildErrorsCycleThroughDependsOn) {
  EXPECT_EQ(BuildError({Node("a"), Node("b", {"a"}, {}, {"c"}), Node("c", {"b"})}),
            "migrations/b.sql: revisions form a cycle: b -> c -> b");
}

TEST(RevisionGraphTest, BuildErrorsEachCycleOnceAndNotWhatHangsOffIt) {
  // d only sits above the a/b cycle; it is not part of a cycle itself.
  EXPECT_EQ(BuildError({Node("r"), Node("a", {"b"}), Node("b", {"a"}), Node("d", {"a"}),
                        Node("p", {"q"}), Node("q", {"p"})}),
            "migrations/a.sql: revisions form a cycle: a -> b -> a\n"
            "migrations/p.sql: revisions form a cycle: p -> q -> p");
}

TEST(RevisionGraphTest, BuildErrorsLabelOnTwoRevisions) {
  EXPECT_EQ(
      BuildError({Node("a", {}, {"x"}), Node("b", {"a"}, {"x"})}),
      "migrations/b.sql: branch label 'x' is already used by revision 'a' (migrations/a.sql)");
}

TEST(RevisionGraphTest, BuildErrorsLabelEqualToARevisionId) {
  EXPECT_EQ(BuildError({Node("a"), Node("b", {"a"}, {"a"})}),
            "migrations/b.sql: branch label 'a' is also a revision id (migrations/a.sql)");
  EXPECT_EQ(BuildError({Node("a", {}, {"a"})}),
            "migrations/a.sql: branch label 'a' is also a revision id");
}

TEST(RevisionGraphTest, BuildErrorsMalformedNames) {
  EXPECT_EQ(BuildError({Node("a-b")}),
            "migrations/a-b.sql: revision id 'a-b' may contain only letters, digits and '_'");
  EXPECT_EQ(BuildError({Node("head")}),
            "migrations/head.sql: revision id 'head' is reserved (it names a target)");
  EXPECT_EQ(BuildError({Node("")}), "migrations/.sql: revision id is empty");
  EXPECT_EQ(BuildError({Node("a", {}, {"two words"})}),
            "migrations/a.sql: branch label 'two words' may contain only letters, digits, '_', '-' "
            "and '.'");
  EXPECT_EQ(BuildError({Node("a", {}, {"base"})}),
            "migrations/a.sql: branch label 'base' is reserved (it names a target)");
}

TEST(RevisionGraphTest, BuildErrorsAreAllReportedTogether) {
  base::Result<RevisionGraph> g =
      RevisionGraph::Build({Node("a"), Node("b", {"x"}, {}, {"y"}), Node("c", {"c"}), Node("a"),
                            Node("d", {"a"}, {"b"})});
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().ToString(),
            "migrations/a.sql: revision 'a' is already defined in migrations/a.sql\n"
            "migrations/d.sql: branch label 'b' is also a revision id (migrations/b.sql)\n"
            "migrations/b.sql: down_revision 'x' is not a known revision\n"
            "migrations/b.sql: depends_on 'y' is neither a known revision nor a branch label\n"
            "migrations/c.sql: revisions form a cycle: c -> c");
  EXPECT_EQ(g.error().message(), "revision 'a' is already defined in migrations/a.sql");
  EXPECT_EQ(g.error().context().size(), 4u);
}

TEST(RevisionGraphTest, BuildErrorsWithoutASourceHaveNoLocation) {
  base::Result<RevisionGraph> g = RevisionGraph::Build({RevisionNode{"b", {"x"}, {}, {}, ""}});
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error().ToString(), "down_revision 'x' is not a known revision");
  EXPECT_FALSE(g.error().location().has_value());
}

TEST(RevisionGraphTest, BuildIgnoresRepeatedReferences) {
  RevisionGraph g = MustBuild({Node("a"), Node("b", {"a", "a"}, {"x", "x"}, {"a"})});
  EXPECT_EQ(g.Find("b")->parents, (Ids{"a", "a"}));  // the node is kept as given
  EXPECT_EQ(g.MergePoints(), Ids{});
  EXPECT_EQ(g.Children("a"), Ids{"b"});
  EXPECT_EQ(g.BranchLabelsOf("b"), Ids{"x"});
  EXPECT_EQ(g.TopologicalOrder(), (Ids{"a", "b"}));
}

// --- Large -------------------------------------------------------------------------------

std::string Numbered(const char* prefix, int i) {
  char id[32];
  std::snprintf(id, sizeof id, "%s%05d", prefix, i);
  return id;
}

TEST(RevisionGraphTest, LargeChainOfTenThousand) {
  constexpr int kN = 10000;
  std::vector<RevisionNode> nodes;
  for (int i = kN - 1; i >= 0; --i) {  // reverse order: Build must not rely on file order
    nodes.push_back(i == 0 ? Node(Numbered("r", i))
                           : Node(Numbered("r", i), {Numbered("r", i - 1)}));
  }
  RevisionGraph g = MustBuild(std::move(nodes));
  EXPECT_EQ(g.size(), static_cast<std::size_t>(kN));
  EXPECT_EQ(g.Heads(), Ids{"r09999"});
  EXPECT_EQ(g.Bases(), Ids{"r00000"});
  Ids order = g.TopologicalOrder();
  ASSERT_EQ(order.size(), static_cast<std::size_t>(kN));
  EXPECT_EQ(order.front(), "r00000");
  EXPECT_EQ(order.back(), "r09999");
  EXPECT_EQ(g.AppliedFromHeads({"r09999"}).size(), static_cast<std::size_t>(kN));
  EXPECT_EQ(g.HeadsOf(g.AppliedFromHeads({"r05000"})), IdSet{"r05000"});
  EXPECT_EQ(g.ResolvePrefix("r0777").error().ToString(),
            "Revision prefix 'r0777' is ambiguous; it matches r07770, r07771, r07772, r07773, "
            "r07774, r07775, r07776, r07777, r07778, r07779");
  EXPECT_EQ(g.ResolvePrefix("r07777").value(), "r07777");

  Ids up = g.UpgradePath({}, ParseTarget("head").value()).value();
  ASSERT_EQ(up.size(), static_cast<std::size_t>(kN));
  EXPECT_EQ(up.front(), "r00000");
  EXPECT_EQ(up.back(), "r09999");
  Ids half = g.UpgradePath({"r04999"}, ParseTarget("+5000").value()).value();
  ASSERT_EQ(half.size(), 5000u);
  EXPECT_EQ(half.front(), "r05000");
  Ids down = g.DowngradePath({"r09999"}, ParseTarget("base").value()).value();
  ASSERT_EQ(down.size(), static_cast<std::size_t>(kN));
  EXPECT_EQ(down.front(), "r09999");
  EXPECT_EQ(down.back(), "r00000");
  Ids back = g.DowngradePath({"r09999"}, ParseTarget("-9999").value()).value();
  EXPECT_EQ(back.size(), 9999u);
  EXPECT_EQ(back.back(), "r00001");
  Ids range = g.History(ParseTargetRange("r00100:r00199").value(), {}).value();
  ASSERT_EQ(range.size(), 100u);
  EXPECT_EQ(range.front(), "r00199");
}

TEST(RevisionGraphTest, LargeWideBranchyGraph) {
  // root, then 1,000 labelled branches of 10 revisions each, all merged by m.
  constexpr int kBranches = 1000;
  constexpr int kDepth = 10;
  std::vector<RevisionNode> nodes = {Node("root")};
  Ids tips;
  for (int b = 0; b < kBranches; ++b) {
    for (int d = 0; d < kDepth; ++d) {
      const std::string id = Numbered("b", b) + "_" + std::to_string(d);
      nodes.push_back(d == 0 ? Node(id, {"root"}, {Numbered("l", b)})
                             : Node(id, {Numbered("b", b) + "_" + std::to_string(d - 1)}));
    }
    tips.push_back(Numbered("b", b) + "_" + std::to_string(kDepth - 1));
  }
  nodes.push_back(Node("m", tips));
  RevisionGraph g = MustBuild(std::move(nodes));
  EXPECT_EQ(g.size(), static_cast<std::size_t>(kBranches * kDepth + 2));
  EXPECT_EQ(g.Heads(), Ids{"m"});
  EXPECT_EQ(g.BranchPoints(), Ids{"root"});
  EXPECT_EQ(g.MergePoints(), Ids{"m"});
  EXPECT_EQ(g.Children("root").size(), static_cast<std::size_t>(kBranches));
  EXPECT_EQ(g.BranchLabelsOf("b00005_9"), Ids{"l00005"});
  EXPECT_EQ(g.BranchLabelsOf("m").size(), static_cast<std::size_t>(kBranches));
  EXPECT_EQ(g.BranchLabelsOf("root"), Ids{});

  Ids all = g.UpgradePath({}, ParseTarget("heads").value()).value();
  ASSERT_EQ(all.size(), g.size());
  EXPECT_EQ(all.front(), "root");
  EXPECT_EQ(all[1], "b00000_0");
  EXPECT_EQ(all[10], "b00000_9");  // one branch at a time
  EXPECT_EQ(all.back(), "m");
  EXPECT_EQ(g.UpgradePath({}, ParseTarget("b00007_9").value()).value().size(), 11u);
  EXPECT_EQ(ErrorText(g.UpgradePath({"root"}, ParseTarget("+1").value())).substr(0, 60),
            "'+1' is ambiguous: 'root' is a branch point (children b00000");

  // Of root's 1,000 children, only the one towards l00003 goes.
  Ids branch = g.DowngradePath({"m"}, ParseTarget("l00003@root").value()).value();
  ASSERT_EQ(branch.size(), 11u);
  EXPECT_EQ(branch.front(), "m");
  EXPECT_EQ(branch[1], "b00003_9");
  EXPECT_EQ(branch.back(), "b00003_0");
  EXPECT_EQ(g.HeadsOf(g.AppliedFromHeads(IdSet(tips.begin(), tips.end()))).size(),
            static_cast<std::size_t>(kBranches));
}

}  // namespace
}  // namespace migrate::graph
