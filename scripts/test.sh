#!/usr/bin/env bash
# Installs what is missing, builds everything with warnings as errors, and
# runs the whole test suite (which starts and stops its own PostgreSQL 15).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
build=${MIGRATE_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DMIGRATE_WERROR=ON
cmake --build "$build" -j "$(nproc)"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)"
# The CI gate of docs/ci.md on the example project (check, upgrade, test).
MIGRATE_BUILD_DIR="$build" bash scripts/ci-example.sh
# The benchmarks at smoke size, so they cannot rot (bench/run.sh; ~30 s).
bash bench/run.sh --size smoke --build-dir "$build"
# Only after the main suite passed (set -e): sanitizer build of the hermetic
# unit tests and a bounded libFuzzer run (issue 5, part 7).
bash scripts/sanitize.sh
