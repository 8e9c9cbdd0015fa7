// Targets: parsing every form, and what each means for upgrade, downgrade,
// history and show, against graphs made from RevisionNode values.
// Test organization:
//   Parse*      ParseTarget / ParseTargetRange, valid forms and every error
//   Upgrade*    UpgradePath
//   Downgrade*  DowngradePath
//   History*    History(range)
//   Resolve*    Resolve (show, stamp, revision --head)

#include "migrator/graph/target.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "migrator/graph/revision_graph.h"

namespace migrate::graph {
namespace {

using Ids = std::vector<std::string>;
using IdSet = std::set<std::string>;
using Anchor = Target::Anchor;

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

template <typename T>
std::string ErrorText(const base::Result<T>& result) {
  return result ? "<no error>" : result.error().ToString();
}

// The parsed target; a parse failure fails the test.
Target T(std::string_view text) {
  base::Result<Target> t = ParseTarget(text);
  if (!t) {
    ADD_FAILURE() << t.error().ToString();
    return Target{};
  }
  return std::move(t).value();
}

std::string ParseError(std::string_view text) {
  base::Result<Target> t = ParseTarget(text);
  if (t) return "<parsed>";
  EXPECT_EQ(t.error().code(), base::StatusCode::kInvalidInput) << text;
  return t.error().ToString();
}

// a -> b1 -> b2 -> m, a -> c1 -> m; b1 labelled packs, c1 specialties.
RevisionGraph Diamond() {
  return MustBuild({Node("a"), Node("b1", {"a"}, {"packs"}), Node("b2", {"b1"}),
                    Node("c1", {"a"}, {"specialties"}), Node("m", {"b2", "c1"})});
}

// r -> a1 (alpha); r -> b1 (beta) -> b2: two heads, a1 and b2.
RevisionGraph TwoHeads() {
  return MustBuild(
      {Node("r"), Node("a1", {"r"}, {"alpha"}), Node("b1", {"r"}, {"beta"}), Node("b2", {"b1"})});
}

// Two bases; n2 depends on a2 across them.
RevisionGraph CrossDependency() {
  return MustBuild({Node("a1", {}, {"accounts"}), Node("a2", {"a1"}), Node("a3", {"a2"}),
                    Node("n1", {}, {"networking"}), Node("n2", {"n1"}, {}, {"a2"}),
                    Node("n3", {"n2"})});
}

// --- Parse -----------------------------------------------------------------------

TEST(TargetTest, ParseKeywords) {
  EXPECT_EQ(T("head").anchor, Anchor::kHead);
  EXPECT_EQ(T("heads").anchor, Anchor::kHeads);
  EXPECT_EQ(T("base").anchor, Anchor::kBase);
  EXPECT_EQ(T("current").anchor, Anchor::kCurrent);
  EXPECT_EQ(T("current").steps, 0);
  EXPECT_EQ(T("head").label, "");
  EXPECT_EQ(T("head").text, "head");
}

TEST(TargetTest, ParseRevisionsAndSteps) {
  Target rev = T("1f73");
  EXPECT_EQ(rev.anchor, Anchor::kRevision);
  EXPECT_EQ(rev.revision, "1f73");
  EXPECT_EQ(rev.steps, 0);

  Target up = T("+2");
  EXPECT_EQ(up.anchor, Anchor::kCurrent);
  EXPECT_EQ(up.steps, 2);
  EXPECT_EQ(T("-1").steps, -1);

  Target rel = T("ae10-3");
  EXPECT_EQ(rel.anchor, Anchor::kRevision);
  EXPECT_EQ(rel.revision, "ae10");
  EXPECT_EQ(rel.steps, -3);
  EXPECT_EQ(T("ae10+2").steps, 2);

  Target head_minus = T("head-1");
  EXPECT_EQ(head_minus.anchor, Anchor::kHead);
  EXPECT_EQ(head_minus.steps, -1);
  Target base_plus = T("base+1");
  EXPECT_EQ(base_plus.anchor, Anchor::kBase);
  EXPECT_EQ(base_plus.steps, 1);
}

TEST(TargetTest, ParseBranchLabels) {
  Target head = T("packs@head");
  EXPECT_EQ(head.anchor, Anchor::kHead);
  EXPECT_EQ(head.label, "packs");
  EXPECT_EQ(head.steps, 0);
  EXPECT_EQ(T("packs@heads").anchor, Anchor::kHeads);
  EXPECT_EQ(T("packs@base").anchor, Anchor::kBase);
  Target up = T("packs@+1");
  EXPECT_EQ(up.anchor, Anchor::kCurrent);
  EXPECT_EQ(up.label, "packs");
  EXPECT_EQ(up.steps, 1);
  EXPECT_EQ(T("packs@-2").steps, -2);
  Target below = T("packs@head-1");
  EXPECT_EQ(below.anchor, Anchor::kHead);
  EXPECT_EQ(below.steps, -1);
  EXPECT_EQ(T("feature-x.v2@head").label, "feature-x.v2");
}

TEST(TargetTest, ParseErrors) {
  EXPECT_EQ(ParseError(""),
            "empty revision target; expected head, heads, base, a revision, +N or -N");
  EXPECT_EQ(ParseError("+x"), "invalid revision target '+x': expected a number of steps after '+'");
  EXPECT_EQ(ParseError("-"), "invalid revision target '-': expected a number of steps after '-'");
  EXPECT_EQ(ParseError("ae10+1+2"),
            "invalid revision target 'ae10+1+2': expected a number of steps after '+'");
  EXPECT_EQ(ParseError("-0"),
            "invalid revision target '-0': the number of steps must be at least 1");
  EXPECT_EQ(ParseError("+12345678"), "invalid revision target '+12345678': too many steps");
  EXPECT_EQ(ParseError("@head"),
            "invalid revision target '@head': missing branch label before '@'");
  EXPECT_EQ(ParseError("a@@b"), "invalid revision target 'a@@b': more than one '@'");
  EXPECT_EQ(ParseError("a@b@c"), "invalid revision target 'a@b@c': more than one '@'");
  EXPECT_EQ(ParseError("packs@"),
            "invalid revision target 'packs@': expected head, heads, base, a revision, +N or -N "
            "after 'packs@'");
  EXPECT_EQ(ParseError("packs@current"),
            "invalid revision target 'packs@current': expected head, heads, base, a revision, +N "
            "or -N after 'packs@'");
  EXPECT_EQ(ParseError("head+1"),
            "invalid revision target 'head+1': nothing is above head; use '+1' to go up from the "
            "current revision");
  EXPECT_EQ(ParseError("heads-1"),
            "invalid revision target 'heads-1': 'heads' names several revisions; use "
            "'<label>@head-1' or '<revision>-1'");
  EXPECT_EQ(ParseError("heads+2"),
            "invalid revision target 'heads+2': 'heads' names several revisions; use '+2' or "
            "'<revision>+2'");
  EXPECT_EQ(ParseError("base-1"), "invalid revision target 'base-1': nothing is below base");
  EXPECT_EQ(ParseError("current-1"),
            "invalid revision target 'current-1': use '-1' to step from the current revision");
  EXPECT_EQ(
      ParseError("ae$1"),
      "invalid revision target 'ae$1': a revision id may contain only letters, digits and '_'");
  EXPECT_EQ(ParseError("1f73 "),
            "invalid revision target '1f73 ': a revision id may contain only letters, digits and "
            "'_'");
  EXPECT_EQ(ParseError("a b@head"),
            "invalid revision target 'a b@head': a branch label may contain only letters, digits, "
            "'_', '-' and '.'");
  EXPECT_EQ(ParseError("head@head"),
            "invalid revision target 'head@head': 'head' is not a branch label");
}

TEST(TargetTest, ParseRanges) {
  TargetRange both = ParseTargetRange("ae10:head").value();
  ASSERT_TRUE(both.lower && both.upper);
  EXPECT_EQ(both.lower->revision, "ae10");
  EXPECT_EQ(both.upper->anchor, Anchor::kHead);
  TargetRange open_upper = ParseTargetRange("packs@base:").value();
  ASSERT_TRUE(open_upper.lower);
  EXPECT_EQ(open_upper.lower->label, "packs");
  EXPECT_FALSE(open_upper.upper);
  TargetRange open_lower = ParseTargetRange(":head").value();
  EXPECT_FALSE(open_lower.lower);
  ASSERT_TRUE(open_lower.upper);
  TargetRange all = ParseTargetRange("").value();
  EXPECT_FALSE(all.lower || all.upper);
  TargetRange colon = ParseTargetRange(":").value();
  EXPECT_FALSE(colon.lower || colon.upper);

  EXPECT_EQ(ErrorText(ParseTargetRange("ae10")),
            "invalid revision range 'ae10': expected 'A:B', where either side may be empty");
  EXPECT_EQ(ErrorText(ParseTargetRange("a:b:c")),
            "invalid revision range 'a:b:c': expected 'A:B', where either side may be empty");
  EXPECT_EQ(ErrorText(ParseTargetRange("+x:head")),
            "invalid revision target '+x': expected a number of steps after '+'");
}

TEST(TargetTest, ParseNameRules) {
  EXPECT_TRUE(IsValidRevisionId("1f737760963f"));
  EXPECT_TRUE(IsValidRevisionId("add_users_2"));
  EXPECT_FALSE(IsValidRevisionId(""));
  EXPECT_FALSE(IsValidRevisionId("a-b"));
  EXPECT_FALSE(IsValidRevisionId("heads"));
  EXPECT_TRUE(IsValidBranchLabel("feature-x.v2"));
  EXPECT_FALSE(IsValidBranchLabel("a@b"));
  EXPECT_FALSE(IsValidBranchLabel("current"));
  EXPECT_TRUE(IsTargetKeyword("base"));
  EXPECT_FALSE(IsTargetKeyword("bases"));
}

// --- Upgrade ---------------------------------------------------------------------

TEST(TargetTest, UpgradeLinearChain) {
  RevisionGraph g = MustBuild({Node("a"), Node("b", {"a"}), Node("c", {"b"})});
  EXPECT_EQ(g.UpgradePath({}, T("head")).value(), (Ids{"a", "b", "c"}));
  EXPECT_EQ(g.UpgradePath({"a"}, T("head")).value(), (Ids{"b", "c"}));
  EXPECT_EQ(g.UpgradePath({"a"}, T("+1")).value(), Ids{"b"});
  EXPECT_EQ(g.UpgradePath({}, T("+2")).value(), (Ids{"a", "b"}));
  EXPECT_EQ(g.UpgradePath({}, T("b")).value(), (Ids{"a", "b"}));
  EXPECT_EQ(g.UpgradePath({}, T("a+1")).value(), (Ids{"a", "b"}));
  EXPECT_EQ(g.UpgradePath({}, T("head-1")).value(), (Ids{"a", "b"}));
  EXPECT_EQ(g.UpgradePath({}, T("base+1")).value(), Ids{"a"});
  EXPECT_EQ(g.UpgradePath({}, T("base")).value(), Ids{});
}

TEST(TargetTest, UpgradeAlreadyThereIsEmpty) {
  RevisionGraph g = Diamond();
  EXPECT_EQ(g.UpgradePath({"m"}, T("head")).value(), Ids{});
  EXPECT_EQ(g.UpgradePath({"m"}, T("heads")).value(), Ids{});
  EXPECT_EQ(g.UpgradePath({"b2", "c1"}, T("c1")).value(), Ids{});
}

TEST(TargetTest, UpgradeThroughBranchAndMerge) {
  RevisionGraph g = Diamond();
  EXPECT_EQ(g.UpgradePath({}, T("head")).value(), (Ids{"a", "b1", "b2", "c1", "m"}));
  EXPECT_EQ(g.UpgradePath({"b1"}, T("head")).value(), (Ids{"b2", "c1", "m"}));
  EXPECT_EQ(g.UpgradePath({}, T("c1")).value(), (Ids{"a", "c1"}));  // not the sibling branch
}

TEST(TargetTest, UpgradeToAMergeAppliesAllItsParents) {
  RevisionGraph g = Diamond();
  EXPECT_EQ(g.UpgradePath({"b2"}, T("m")).value(), (Ids{"c1", "m"}));
  EXPECT_EQ(g.UpgradePath({"c1"}, T("m")).value(), (Ids{"b1", "b2", "m"}));
  EXPECT_EQ(g.UpgradePath({"b2"}, T("+1")).value(), (Ids{"c1", "m"}));  // one step: to m
}

TEST(TargetTest, UpgradeWithBranchLabels) {
  RevisionGraph g = Diamond();
  EXPECT_EQ(g.UpgradePath({}, T("packs@head")).value(), (Ids{"a", "b1", "b2", "c1", "m"}));
  EXPECT_EQ(g.UpgradePath({}, T("packs")).value(), (Ids{"a", "b1"}));  // the labelled revision
  EXPECT_EQ(g.UpgradePath({}, T("packs@+2")).value(), (Ids{"a", "b1"}));
  EXPECT_EQ(g.UpgradePath({"b2"}, T("specialties@+1")).value(), Ids{"c1"});

  RevisionGraph two = TwoHeads();
  EXPECT_EQ(two.UpgradePath({}, T("beta@head")).value(), (Ids{"r", "b1", "b2"}));
  EXPECT_EQ(two.UpgradePath({"b2"}, T("alpha@head")).value(), Ids{"a1"});
  EXPECT_EQ(two.UpgradePath({}, T("heads")).value(), (Ids{"r", "a1", "b1", "b2"}));
  EXPECT_EQ(two.UpgradePath({"a1"}, T("beta@+1")).value(), Ids{"b1"});
}

TEST(TargetTest, UpgradeAppliesTheDependencyChainFirst) {
  RevisionGraph g = CrossDependency();
  EXPECT_EQ(g.UpgradePath({}, T("networking@head")).value(), (Ids{"a1", "a2", "n1", "n2", "n3"}));
  EXPECT_EQ(g.UpgradePath({"n1"}, T("n2")).value(), (Ids{"a1", "a2", "n2"}));
  EXPECT_EQ(g.UpgradePath({"a3", "n1"}, T("n2")).value(), Ids{"n2"});
  EXPECT_EQ(g.UpgradePath({}, T("heads")).value(), (Ids{"a1", "a2", "a3", "n1", "n2", "n3"}));
}

TEST(TargetTest, UpgradeMultipleHeadsNeedsAChoice) {
  RevisionGraph g = TwoHeads();
  auto r = g.UpgradePath({}, T("head"));
  EXPECT_EQ(ErrorText(r),
            "Multiple heads (a1, b2); upgrade to 'heads', or to one of them with '<label>@head' or "
            "its revision id");
  EXPECT_EQ(r.error().code(), base::StatusCode::kInvalidInput);

  RevisionGraph forked = MustBuild({Node("r", {}, {"x"}), Node("a", {"r"}), Node("b", {"r"})});
  EXPECT_EQ(ErrorText(forked.UpgradePath({}, T("x@head"))),
            "Multiple heads on branch 'x' (a, b); name one of them by its revision id");
  EXPECT_EQ(forked.UpgradePath({}, T("x@heads")).value(), (Ids{"r", "a", "b"}));
}

TEST(TargetTest, UpgradeRelativeStepsAcrossABranchPointAreRefused) {
  RevisionGraph g = Diamond();
  EXPECT_EQ(g.UpgradePath({}, T("+1")).value(), Ids{"a"});
  EXPECT_EQ(ErrorText(g.UpgradePath({}, T("+2"))),
            "'+2' is ambiguous: 'a' is a branch point (children b1, c1); use 'b1' or 'c1'");
  EXPECT_EQ(ErrorText(g.UpgradePath({"a"}, T("+3"))),
            "'+3' is ambiguous: 'a' is a branch point (children b1, c1); use 'b1+2' or 'c1+2'");
  EXPECT_EQ(ErrorText(g.UpgradePath({}, T("a+1"))),
            "'a+1' is ambiguous: 'a' is a branch point (children b1, c1); use 'b1' or 'c1'");
}

TEST(TargetTest, UpgradeRelativeStepsFromSeveralHeadsAreRefused) {
  // Alembic: "Ambiguous upgrade from multiple current revisions".
  RevisionGraph g = Diamond();
  EXPECT_EQ(ErrorText(g.UpgradePath({"b2", "c1"}, T("+1"))),
            "'+1' is ambiguous: it would step up from several revisions (b2, c1); use 'b2+1' or "
            "'c1+1'");
  RevisionGraph plain = MustBuild({Node("r"), Node("x", {"r"}), Node("y", {"r"})});
  EXPECT_EQ(ErrorText(plain.UpgradePath({"x", "y"}, T("+1"))),
            "'+1' is ambiguous: it would step up from several revisions (x, y); use 'x+1' or "
            "'y+1'");
  RevisionGraph bases = CrossDependency();
  EXPECT_EQ(ErrorText(bases.UpgradePath({}, T("+1"))),
            "'+1' is ambiguous: there are several bases (a1, n1); use 'a1' or 'n1'");
  EXPECT_EQ(ErrorText(bases.UpgradePath({}, T("+2"))),
            "'+2' is ambiguous: there are several bases (a1, n1); use 'a1+1' or 'n1+1'");
}

TEST(TargetTest, UpgradeRelativeStepsPastTheHead) {
  RevisionGraph g = Diamond();
  EXPECT_EQ(ErrorText(g.UpgradePath({"m"}, T("+1"))),
            "'+1' goes past the head: no step up is possible from 'm'");
  EXPECT_EQ(ErrorText(g.UpgradePath({}, T("b1+3"))),
            "'b1+3' goes past the head: only 2 steps up are possible from 'b1'");
  EXPECT_EQ(ErrorText(g.UpgradePath({}, T("b2+2"))),
            "'b2+2' goes past the head: only 1 step up is possible from 'b2'");
}

TEST(TargetTest, UpgradeToWhatIsAlreadyAppliedDoesNothing) {
  // As Alembic: a target at or below the database's position is a plan
  // with nothing in it, not an error (issue 18).
  RevisionGraph g = Diamond();
  EXPECT_EQ(g.UpgradePath({"m"}, T("b1")).value(), Ids{});
  EXPECT_EQ(g.UpgradePath({"b2", "c1"}, T("a")).value(), Ids{});
  EXPECT_EQ(g.UpgradePath({"m"}, T("b2-1")).value(), Ids{});
  EXPECT_EQ(g.UpgradePath({"m"}, T("base")).value(), Ids{});
  EXPECT_EQ(g.UpgradePath({"m"}, T("packs@base")).value(), Ids{});
  // Past one branch, not yet on the other: only what is missing runs.
  EXPECT_EQ(g.UpgradePath({"b2"}, T("c1")).value(), Ids{"c1"});
  // A walk down to base is no upgrade target (Alembic fails on it too).
  EXPECT_EQ(ErrorText(g.UpgradePath({"b1"}, T("a-1"))),
            "'a-1' walks down to base; to go there, run 'migrate downgrade a-1'");
}

TEST(TargetTest, UpgradeQualifiedRevisions) {
  // `Q@REV`: REV on Q's branch; Q may be a label, a revision id or a prefix.
  RevisionGraph g = TwoHeads();
  EXPECT_EQ(g.UpgradePath({"r"}, T("beta@b1")).value(), Ids{"b1"});
  EXPECT_EQ(ErrorText(g.UpgradePath({"r"}, T("alpha@b1"))),
            "Revision b1 is not a member of branch 'alpha'");
  EXPECT_EQ(g.UpgradePath({}, T("b1@head")).value(), (Ids{"r", "b1", "b2"}));
  EXPECT_EQ(g.UpgradePath({}, T("beta@+2")).value(), (Ids{"r", "b1"}));
  EXPECT_EQ(g.UpgradePath({}, T("a1@heads")).value(), (Ids{"r", "a1"}));
  // Several targets one of which needs another: refused, as Alembic does.
  RevisionGraph dep = MustBuild({Node("r", {}, {"x"}), Node("a", {"r"}), Node("b", {"r"}, {}, {"a"})});
  EXPECT_EQ(ErrorText(dep.UpgradePath({}, T("x@heads"))),
            "Requested revision b overlaps with other requested revisions a; name the one to "
            "upgrade to");
  EXPECT_EQ(dep.UpgradePath({}, T("heads")).value(), (Ids{"r", "a", "b"}));
}

TEST(TargetTest, UpgradeRefusesDowngradeTargets) {
  RevisionGraph g = Diamond();
  EXPECT_EQ(ErrorText(g.UpgradePath({"m"}, T("-1"))),
            "'-1' steps down; use 'migrate downgrade -1'");
  EXPECT_EQ(ErrorText(g.UpgradePath({"m"}, T("packs@-1"))),
            "'packs@-1' steps down; use 'migrate downgrade packs@-1'");
  EXPECT_EQ(ErrorText(g.UpgradePath({"m"}, T("current"))),
            "'current' names where the database already is; it is a target for 'history -r' only");
}

TEST(TargetTest, UpgradeUnknownNames) {
  RevisionGraph g = Diamond();
  auto unknown = g.UpgradePath({}, T("nope"));
  EXPECT_EQ(ErrorText(unknown), "Unknown revision or branch label 'nope'");
  EXPECT_EQ(unknown.error().code(), base::StatusCode::kNotFound);
  EXPECT_EQ(ErrorText(g.UpgradePath({}, T("pack@head"))),
            "No such branch 'pack': it is neither a branch label nor a revision; did you mean "
            "'packs'?");
  auto gone = g.UpgradePath({"f00d"}, T("head"));
  EXPECT_EQ(ErrorText(gone),
            "The database is at revision 'f00d', which is not in the migrations directory; "
            "restore its migration file, or run 'migrate stamp --purge REV' to replace it with a "
            "known revision");
  EXPECT_EQ(gone.error().code(), base::StatusCode::kFailedPrecondition);
}

TEST(TargetTest, UpgradeEmptyGraph) {
  RevisionGraph g = MustBuild({});
  EXPECT_EQ(g.UpgradePath({}, T("head")).value(), Ids{});
  EXPECT_EQ(g.UpgradePath({}, T("heads")).value(), Ids{});
  EXPECT_EQ(ErrorText(g.UpgradePath({}, T("+1"))),
            "'+1' goes past the head: no step up is possible from base");
}

// --- Downgrade -----------------------------------------------------------------------

TEST(TargetTest, DowngradeLinearChain) {
  RevisionGraph g = MustBuild({Node("a"), Node("b", {"a"}), Node("c", {"b"})});
  EXPECT_EQ(g.DowngradePath({"c"}, T("-1")).value(), Ids{"c"});
  EXPECT_EQ(g.DowngradePath({"c"}, T("-3")).value(), (Ids{"c", "b", "a"}));
  EXPECT_EQ(g.DowngradePath({"c"}, T("a")).value(), (Ids{"c", "b"}));  // a stays
  EXPECT_EQ(g.DowngradePath({"c"}, T("c")).value(), Ids{});
  EXPECT_EQ(g.DowngradePath({"c"}, T("c-1")).value(), Ids{"c"});
  EXPECT_EQ(g.DowngradePath({"c"}, T("head-2")).value(), (Ids{"c", "b"}));
  EXPECT_EQ(g.DowngradePath({"c"}, T("base")).value(), (Ids{"c", "b", "a"}));
  EXPECT_EQ(g.DowngradePath({}, T("base")).value(), Ids{});
  EXPECT_EQ(ErrorText(g.DowngradePath({"c"}, T("-4"))),
            "'-4' goes past base: only 3 steps down are possible from 'c'");
  EXPECT_EQ(ErrorText(g.DowngradePath({}, T("-1"))),
            "'-1': the database is at base; there is nothing below it");
}

// The expectations below are Alembic 1.8.1's answers for the same graphs
// (RevisionMap.iterate_revisions(..., select_for_downgrade=True)); only the
// order among unrelated revisions may differ.

TEST(TargetTest, DowngradeAcrossAMerge) {
  RevisionGraph g = Diamond();
  // One step down from a merge point has two ways to go: Alembic's
  // "Ambiguous walk" (issue 18).
  EXPECT_EQ(ErrorText(g.DowngradePath({"m"}, T("-1"))),
            "'-1' is ambiguous: 'm' is a merge point (parents b2, c1); use 'b2' or 'c1'");
  EXPECT_EQ(ErrorText(g.DowngradePath({"m"}, T("-2"))),
            "'-2' is ambiguous: 'm' is a merge point (parents b2, c1); use 'b2-1' or 'c1-1'");
  EXPECT_EQ(g.DowngradePath({"m"}, T("c1")).value(), Ids{"m"});
  EXPECT_EQ(g.HeadsOf({"a", "b1", "b2", "c1"}), (IdSet{"b2", "c1"}));
  EXPECT_EQ(g.DowngradePath({"m"}, T("b2-1")).value(), (Ids{"m", "b2"}));
  EXPECT_EQ(g.HeadsOf({"a", "b1", "c1"}), (IdSet{"b1", "c1"}));
  EXPECT_EQ(g.DowngradePath({"m"}, T("a")).value(), (Ids{"m", "c1", "b2", "b1"}));
  // LABEL@base: everything above the bases below the label (here, one).
  EXPECT_EQ(g.DowngradePath({"m"}, T("packs@base")).value(), (Ids{"m", "c1", "b2", "b1", "a"}));
}

TEST(TargetTest, DowngradeBranchesByQualifier) {
  RevisionGraph g = TwoHeads();
  EXPECT_EQ(g.DowngradePath({"a1", "b2"}, T("beta@-1")).value(), Ids{"b2"});
  EXPECT_EQ(g.DowngradePath({"a1", "b2"}, T("beta@-2")).value(), (Ids{"b2", "b1"}));
  EXPECT_EQ(g.DowngradePath({"a1", "b2"}, T("alpha@-1")).value(), Ids{"a1"});
  // Q@REV: of REV's children, only the one towards Q goes.
  EXPECT_EQ(g.DowngradePath({"a1", "b2"}, T("alpha@r")).value(), Ids{"a1"});
  EXPECT_EQ(g.DowngradePath({"b2"}, T("beta@r")).value(), (Ids{"b2", "b1"}));
  EXPECT_EQ(g.DowngradePath({"a1", "b2"}, T("r")).value(), (Ids{"b2", "b1", "a1"}));
  // A walk down to base, or Q@base with one base, takes everything.
  EXPECT_EQ(g.DowngradePath({"a1", "b2"}, T("b2-3")).value(), (Ids{"b2", "b1", "a1", "r"}));
  EXPECT_EQ(g.DowngradePath({"a1", "b2"}, T("alpha@base")).value(), (Ids{"b2", "b1", "a1", "r"}));
  EXPECT_EQ(g.DowngradePath({"a1", "b2"}, T("base")).value(), (Ids{"b2", "b1", "a1", "r"}));
  EXPECT_EQ(ErrorText(g.DowngradePath({"a1", "b2"}, T("b2-4"))),
            "'b2-4' goes past base: only 3 steps down are possible from 'b2'");
}

TEST(TargetTest, DowngradeRelativeFromSeveralHeadsIsRefused) {
  // Alembic walks from the first version row here; see docs/coming-from.md (D1).
  RevisionGraph g = TwoHeads();
  EXPECT_EQ(ErrorText(g.DowngradePath({"a1", "b2"}, T("-1"))),
            "'-1' is ambiguous: the database has several heads (a1, b2); use 'alpha@-1' or "
            "'beta@-1'");
  EXPECT_EQ(ErrorText(g.DowngradePath({"a1", "b2"}, T("head-1"))),
            "Multiple heads (a1, b2); name one of them with '<label>@head' or its revision id");
}

TEST(TargetTest, DowngradeTakesTheDependentsToo) {
  // What depends on a revision that goes, on any branch, goes with it
  // (issue 18: it used to be refused).
  RevisionGraph g = CrossDependency();
  EXPECT_EQ(g.DowngradePath({"n2"}, T("accounts@-1")).value(), (Ids{"n2", "a2"}));
  EXPECT_EQ(g.DowngradePath({"a3", "n3"}, T("a1")).value(), (Ids{"n3", "n2", "a3", "a2"}));
  EXPECT_EQ(g.DowngradePath({"a3", "n3"}, T("a2")).value(), Ids{"a3"});
  EXPECT_EQ(g.DowngradePath({"a3", "n3"}, T("networking@base")).value(), (Ids{"n3", "n2", "n1"}));
  EXPECT_EQ(g.DowngradePath({"a3", "n3"}, T("networking@-2")).value(), (Ids{"n3", "n2"}));
  EXPECT_EQ(g.DowngradePath({"a3", "n3"}, T("base")).value(),
            (Ids{"n3", "n2", "n1", "a3", "a2", "a1"}));
  // The dependency is no head of its own while n2 is applied; it is again after.
  EXPECT_EQ(g.HeadsOf({"a1", "a2", "n1", "n2"}), IdSet{"n2"});
  EXPECT_EQ(g.HeadsAfterStep({"n2"}, "n2", /*applying=*/false), (IdSet{"a2", "n1"}));
}

TEST(TargetTest, DowngradeRefusesWhatIsNotApplied) {
  RevisionGraph g = TwoHeads();
  EXPECT_EQ(ErrorText(g.DowngradePath({"b1"}, T("a1"))),
            "Cannot downgrade to 'a1': it is not applied (the database is at b1); to apply it, "
            "run 'migrate upgrade a1'");
  EXPECT_EQ(ErrorText(g.DowngradePath({}, T("r"))),
            "Cannot downgrade to 'r': it is not applied (the database is at base); to apply it, "
            "run 'migrate upgrade r'");
  // b2-1 is b1, where the database is: nothing to do.
  EXPECT_EQ(g.DowngradePath({"b1"}, T("b2-1")).value(), Ids{});
  EXPECT_EQ(ErrorText(g.DowngradePath({"b1"}, T("alpha@-1"))),
            "'alpha@-1': the database is at b1; no revision of branch 'alpha' is applied");
  EXPECT_EQ(g.DowngradePath({"b1"}, T("alpha@base")).value(), (Ids{"b1", "r"}));
}

TEST(TargetTest, DowngradeRefusesUpgradeTargets) {
  RevisionGraph g = TwoHeads();
  EXPECT_EQ(ErrorText(g.DowngradePath({"b1"}, T("+1"))), "'+1' steps up; use 'migrate upgrade +1'");
  EXPECT_EQ(ErrorText(g.DowngradePath({"b1"}, T("heads"))),
            "Multiple heads (a1, b2); name the revision to go back to");
  EXPECT_EQ(ErrorText(g.DowngradePath({"b1"}, T("current"))),
            "'current' names where the database already is; it is a target for 'history -r' only");
}

// --- History ----------------------------------------------------------------------------

Ids HistoryOf(const RevisionGraph& g, std::string_view range, const IdSet& current = {}) {
  base::Result<TargetRange> parsed = ParseTargetRange(range);
  if (!parsed) return {parsed.error().ToString()};
  base::Result<Ids> ids = g.History(*parsed, current);
  if (!ids) return {ids.error().ToString()};
  return *ids;
}

TEST(TargetTest, HistoryRanges) {
  RevisionGraph g = Diamond();
  EXPECT_EQ(g.History(), (Ids{"m", "c1", "b2", "b1", "a"}));
  EXPECT_EQ(HistoryOf(g, ""), (Ids{"m", "c1", "b2", "b1", "a"}));
  EXPECT_EQ(HistoryOf(g, "b1:m"), (Ids{"m", "b2", "b1"}));
  EXPECT_EQ(HistoryOf(g, "b1:b1"), Ids{"b1"});
  EXPECT_EQ(HistoryOf(g, ":b2"), (Ids{"b2", "b1", "a"}));
  EXPECT_EQ(HistoryOf(g, "c1:"), (Ids{"m", "c1"}));
  EXPECT_EQ(HistoryOf(g, "base:head"), (Ids{"m", "c1", "b2", "b1", "a"}));
  EXPECT_EQ(HistoryOf(g, ":base"), Ids{});
  EXPECT_EQ(HistoryOf(g, "current:", {"b1"}), (Ids{"m", "b2", "b1"}));
  EXPECT_EQ(HistoryOf(g, "-1:current", {"b2"}), (Ids{"b2", "b1"}));
  EXPECT_EQ(HistoryOf(g, "current:", {}), (Ids{"m", "c1", "b2", "b1", "a"}));
}

TEST(TargetTest, HistoryLowerEndMustBeAnAncestor) {
  RevisionGraph g = Diamond();
  EXPECT_EQ(HistoryOf(g, "b1:c1"), Ids{"Revision b1 is not an ancestor of revision c1"});
  EXPECT_EQ(HistoryOf(g, "m:a"), Ids{"Revision m is not an ancestor of revision a"});
  EXPECT_EQ(HistoryOf(g, "b1:base"), Ids{"Revision b1 is not an ancestor of revision base"});
}

TEST(TargetTest, HistoryOfABranchWithADependency) {
  // As Alembic: from the branch's base, only the branch; up to its head,
  // also the chain it depends on.
  RevisionGraph g = CrossDependency();
  EXPECT_EQ(HistoryOf(g, "networking@base:"), (Ids{"n3", "n2", "n1"}));
  EXPECT_EQ(HistoryOf(g, ":networking@head"), (Ids{"n3", "n2", "n1", "a2", "a1"}));
  EXPECT_EQ(HistoryOf(g, "accounts@base:accounts@head"), (Ids{"a3", "a2", "a1"}));
  EXPECT_EQ(HistoryOf(g, "networking@base:accounts@head"),
            Ids{"Revision n1 is not an ancestor of revision a3"});
}

// --- Resolve ------------------------------------------------------------------------------

TEST(TargetTest, ResolveNamesRevisions) {
  RevisionGraph g = TwoHeads();
  EXPECT_EQ(g.Resolve(T("beta"), {}).value(), Ids{"b1"});
  EXPECT_EQ(g.Resolve(T("beta@head"), {}).value(), Ids{"b2"});
  EXPECT_EQ(g.Resolve(T("heads"), {}).value(), (Ids{"a1", "b2"}));
  EXPECT_EQ(g.Resolve(T("base"), {}).value(), Ids{});
  EXPECT_EQ(g.Resolve(T("current"), {"b1", "a1"}).value(), (Ids{"a1", "b1"}));
  EXPECT_EQ(g.Resolve(T("b2-1"), {}).value(), Ids{"b1"});
  EXPECT_EQ(g.Resolve(T("beta@-1"), {"b2"}).value(), Ids{"b1"});
  EXPECT_EQ(ErrorText(g.Resolve(T("head"), {})),
            "Multiple heads (a1, b2); use 'heads', or name one of them with '<label>@head' or its "
            "revision id");
}

TEST(TargetTest, ResolveOneStepBelowAMergeIsAmbiguous) {
  // Alembic's "Ambiguous walk": a merge point has two ways down.
  RevisionGraph g = Diamond();
  EXPECT_EQ(ErrorText(g.Resolve(T("m-1"), {})),
            "'m-1' is ambiguous: 'm' is a merge point (parents b2, c1); use 'b2' or 'c1'");
  EXPECT_EQ(ErrorText(g.Resolve(T("head-1"), {})),
            "'head-1' is ambiguous: 'm' is a merge point (parents b2, c1); use 'b2' or 'c1'");
  EXPECT_EQ(g.Resolve(T("b2-1"), {}).value(), Ids{"b1"});
}

TEST(TargetTest, ResolveNormalizesTheCurrentHeads) {
  // A version table also listing an ancestor of a head still means that head.
  RevisionGraph g = MustBuild({Node("a"), Node("b", {"a"}), Node("c", {"b"})});
  EXPECT_EQ(g.Resolve(T("current"), {"a", "b"}).value(), Ids{"b"});
  EXPECT_EQ(g.UpgradePath({"a", "b"}, T("+1")).value(), Ids{"c"});
}

}  // namespace
}  // namespace migrate::graph
