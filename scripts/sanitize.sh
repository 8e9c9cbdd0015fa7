#!/usr/bin/env bash
# Bad input never crashes (issue 5, part 7). Builds the unit tests that need
# no database with clang, AddressSanitizer and UndefinedBehaviorSanitizer
# (any report is fatal) and runs them; then builds the libFuzzer targets in
# fuzz/ and runs each for a bounded time on a copy of the seed corpus (the
# repository is never written to). Exits non-zero on the first failure.
#
# Environment: MIGRATE_ASAN_BUILD_DIR (default build-asan),
# MIGRATE_FUZZ_BUILD_DIR (default build-fuzz), MIGRATE_FUZZ_SECONDS per
# target (default 30).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
asan_build=${MIGRATE_ASAN_BUILD_DIR:-build-asan}
fuzz_build=${MIGRATE_FUZZ_BUILD_DIR:-build-fuzz}
fuzz_seconds=${MIGRATE_FUZZ_SECONDS:-30}
jobs=$(nproc)
# UBSan's vptr check needs the typeinfo of every polymorphic class it sees,
# and Debian's SOCI does not export it for its backends (the db layer, which
# verify links, derives from them): the unit-test build does without it. The
# fuzz build links no SOCI and keeps it.
sanitizers="-fsanitize=address,undefined -fno-sanitize=vptr -fno-sanitize-recover=all -fno-omit-frame-pointer"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

# The hermetic unit tests: everything that runs without a database server.
unit_tests=(base_tests config_tests script_tests graph_tests verify_tests report_tests import_tests)

echo "sanitize: building ${unit_tests[*]} with clang and ASan/UBSan in $asan_build" >&2
cmake -S . -B "$asan_build" -G Ninja \
  -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="$sanitizers" \
  -DCMAKE_EXE_LINKER_FLAGS="$sanitizers" -DCMAKE_SHARED_LINKER_FLAGS="$sanitizers" >/dev/null
cmake --build "$asan_build" -j "$jobs" --target "${unit_tests[@]}"

for t in "${unit_tests[@]}"; do
  bin=$(find "$asan_build/tests" -type f -name "$t" -perm -u+x | head -n 1)
  if [ -z "$bin" ]; then
    echo "sanitize: $t was not built" >&2
    exit 1
  fi
  echo "sanitize: running $t" >&2
  # ctest runs each test binary from its build folder; do the same.
  (cd "$(dirname "$bin")" && "./$t" --gtest_brief=1)
done

echo "sanitize: building the fuzz targets in $fuzz_build" >&2
cmake -S fuzz -B "$fuzz_build" -G Ninja -DCMAKE_CXX_COMPILER=clang++ >/dev/null
cmake --build "$fuzz_build" -j "$jobs"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The seed corpus: the example migrations and the splitter's torture corpus.
mkdir "$work/seeds"
cp migrations/*.sql "$work/seeds/"
while IFS= read -r -d '' f; do
  cp "$f" "$work/seeds/$(printf '%s' "${f#tests/fixtures/sql/}" | tr '/' '_')"
done < <(find tests/fixtures/sql -type f -print0)

# fuzz_command_line's inputs are migrate.toml, DATABASE_URL and the
# arguments, NUL-separated (fuzz/fuzz_command_line.cc).
mkdir "$work/cli-seeds"
toml=$(cat migrate.toml)
printf '%s\0\0upgrade\0head\0--url\0sqlite:///x.db?busy_timeout=5000' "$toml" >"$work/cli-seeds/1"
printf '%s\0postgresql://u:p@h:5432/d?sslmode=require\0-v\0db\0create\0--admin-url\0postgres://a@b/c' \
  "$toml" >"$work/cli-seeds/2"
printf '[migrate]\nlock_timeout = "5s"\nwait_timeout = 30\nrevision_id = "timestamp"\n\0\0downgrade\0-1\0--lock-timeout\0500ms' \
  >"$work/cli-seeds/3"
printf '%s\0\0help\0db\0create' "$toml" >"$work/cli-seeds/4"

for fuzzer in fuzz_migration_file fuzz_sql_splitter fuzz_pg_parser fuzz_command_line; do
  if [ ! -x "$fuzz_build/$fuzzer" ]; then
    echo "sanitize: $fuzzer was not built (see the cmake output of fuzz/)" >&2
    exit 1
  fi
  mkdir "$work/$fuzzer"
  if [ "$fuzzer" = fuzz_command_line ]; then
    cp "$work/cli-seeds/"* "$work/$fuzzer/"
  else
    cp "$work/seeds/"* "$work/$fuzzer/"
  fi
  echo "sanitize: fuzzing $fuzzer for ${fuzz_seconds}s" >&2
  log="$work/$fuzzer.log"
  # -timeout: one input taking 10s is a hang, reported like a crash.
  if ! (cd "$work" && "$root/$fuzz_build/$fuzzer" -max_total_time="$fuzz_seconds" \
          -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 \
          -artifact_prefix="$work/$fuzzer-" "$work/$fuzzer" >"$log" 2>&1); then
    # The whole report, without libFuzzer's progress lines ("#1024 pulse ...").
    grep -v '^#[0-9]' "$log" | tail -n 300 >&2
    for artifact in "$work/$fuzzer-"*; do
      [ -f "$artifact" ] || continue
      echo "sanitize: $fuzzer failed on $(basename "$artifact") (base64 below):" >&2
      base64 "$artifact" >&2
    done
    exit 1
  fi
  grep -E '^(Done|stat::number_of_executed_units|stat::peak_rss_mb)' "$log" >&2 || true
done
echo "sanitize: all passed" >&2
