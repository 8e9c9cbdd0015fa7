// The SQL statement splitter (script/sql_splitter.h) over a large file, in
// bytes per second: target >= 100 MB/s (issue 7). The input is 4 MB of
// RealLookingSql, so the splitter's per-statement work (one std::string per
// statement) and its per-byte lexing are both in the number.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>

#include "bench/micro/bench_inputs.h"
#include "migrator/script/sql_splitter.h"

namespace migrate::bench {
namespace {

constexpr std::size_t kInputBytes = 4 << 20;

void SplitBenchmark(benchmark::State& state, SqlFlavor flavor, const script::SplitterOptions& options) {
  const std::string sql = RealLookingSql(kInputBytes, flavor);
  std::size_t statements = 0;
  for (auto _ : state) {
    auto result = script::SplitStatements(sql, 1, options, "big.sql");
    if (!result) {
      state.SkipWithError(result.error().ToString().c_str());
      return;
    }
    statements = result->size();
    benchmark::DoNotOptimize(result);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * sql.size()));
  state.counters["statements"] = static_cast<double>(statements);
}

void BM_SplitStatements_Sqlite(benchmark::State& state) {
  SplitBenchmark(state, SqlFlavor::kSqlite, script::SplitterOptions::Sqlite());
}
BENCHMARK(BM_SplitStatements_Sqlite)->Unit(benchmark::kMillisecond);

void BM_SplitStatements_Postgresql(benchmark::State& state) {
  SplitBenchmark(state, SqlFlavor::kPostgresql, script::SplitterOptions::Postgresql());
}
BENCHMARK(BM_SplitStatements_Postgresql)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace migrate::bench
