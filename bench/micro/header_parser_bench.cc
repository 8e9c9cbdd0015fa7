// The migration-file parser (script/header_parser.h): one typical file
// (header with expect lines, three sections), the work `migrate` does per
// file on every command before anything else. Includes the SHA-256
// checksum the parser computes.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <string>
#include <vector>

#include "bench/micro/bench_inputs.h"
#include "migrator/script/header_parser.h"

namespace migrate::bench {
namespace {

void BM_ParseMigrationFile(benchmark::State& state) {
  // A few distinct files, so the branch predictor does not learn one.
  std::vector<std::string> texts;
  for (int i = 1; i <= 16; ++i) texts.push_back(MigrationFileText(i));
  std::size_t bytes = 0;
  std::size_t next = 0;
  for (auto _ : state) {
    const std::string& text = texts[next++ % texts.size()];
    auto file = script::ParseMigrationFile(text, "migrations/x.sql");
    if (!file) {
      state.SkipWithError(file.error().ToString().c_str());
      return;
    }
    benchmark::DoNotOptimize(file);
    bytes += text.size();
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseMigrationFile)->Unit(benchmark::kMicrosecond);

// One file whose upgrade section is 1 MB (a data migration): the parser
// cuts sections by lines and checksums the text, so this is its per-byte cost.
void BM_ParseMigrationFile_Large(benchmark::State& state) {
  const std::string text = MigrationFileText(1) + "\n-- migrate:upgrade postgresql\n" +
                           RealLookingSql(1 << 20, SqlFlavor::kPostgresql);
  for (auto _ : state) {
    auto file = script::ParseMigrationFile(text, "migrations/x.sql");
    if (!file) {
      state.SkipWithError(file.error().ToString().c_str());
      return;
    }
    benchmark::DoNotOptimize(file);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ParseMigrationFile_Large)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace migrate::bench
