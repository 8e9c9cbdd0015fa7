// The revision graph (graph/revision_graph.h) at 10,000 revisions, linear
// and branchy (a branch and a merge every ten revisions): building it, the
// upgrade path from base to head (a fresh database), the path when already
// at head (every no-op `upgrade head`, `check`), heads and the full history.

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "bench/micro/bench_inputs.h"
#include "migrator/graph/revision_graph.h"
#include "migrator/graph/target.h"

namespace migrate::bench {
namespace {

constexpr int kRevisions = 10000;

std::vector<graph::RevisionNode> Nodes(bool branchy) {
  return branchy ? BranchyGraph(kRevisions) : LinearGraph(kRevisions);
}

graph::RevisionGraph BuildOrDie(std::vector<graph::RevisionNode> nodes) {
  auto graph = graph::RevisionGraph::Build(std::move(nodes));
  if (!graph) std::abort();
  return *std::move(graph);
}

// Build takes its nodes by value; the copy is made outside the timed part.
void BM_GraphBuild(benchmark::State& state) {
  const std::vector<graph::RevisionNode> nodes = Nodes(state.range(0) != 0);
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<graph::RevisionNode> copy = nodes;
    state.ResumeTiming();
    auto graph = graph::RevisionGraph::Build(std::move(copy));
    benchmark::DoNotOptimize(graph);
  }
  state.SetItemsProcessed(state.iterations() * kRevisions);
}
BENCHMARK(BM_GraphBuild)->ArgName("branchy")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_UpgradePath_BaseToHead(benchmark::State& state) {
  const graph::RevisionGraph graph = BuildOrDie(Nodes(state.range(0) != 0));
  const graph::Target head = *graph::ParseTarget("head");
  for (auto _ : state) {
    auto path = graph.UpgradePath({}, head);
    if (!path || path->size() != kRevisions) {
      state.SkipWithError("unexpected upgrade path");
      return;
    }
    benchmark::DoNotOptimize(path);
  }
}
BENCHMARK(BM_UpgradePath_BaseToHead)->ArgName("branchy")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_UpgradePath_AtHead(benchmark::State& state) {
  const graph::RevisionGraph graph = BuildOrDie(Nodes(state.range(0) != 0));
  const graph::Target head = *graph::ParseTarget("head");
  const std::set<std::string> current = {graph.Heads().front()};
  for (auto _ : state) {
    auto path = graph.UpgradePath(current, head);
    if (!path || !path->empty()) {
      state.SkipWithError("unexpected upgrade path");
      return;
    }
    benchmark::DoNotOptimize(path);
  }
}
BENCHMARK(BM_UpgradePath_AtHead)->ArgName("branchy")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_Heads(benchmark::State& state) {
  const graph::RevisionGraph graph = BuildOrDie(Nodes(state.range(0) != 0));
  for (auto _ : state) benchmark::DoNotOptimize(graph.Heads());
}
BENCHMARK(BM_Heads)->ArgName("branchy")->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

void BM_History(benchmark::State& state) {
  const graph::RevisionGraph graph = BuildOrDie(Nodes(state.range(0) != 0));
  for (auto _ : state) benchmark::DoNotOptimize(graph.History());
}
BENCHMARK(BM_History)->ArgName("branchy")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace migrate::bench
