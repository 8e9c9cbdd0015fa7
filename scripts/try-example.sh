#!/usr/bin/env bash
# Installs what is missing, builds migrate, and upgrades the example project
# (migrations/, configured by ./migrate.toml) to head on SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
build=${MIGRATE_BUILD_DIR:-build}
cmake -S . -B "$build" -G Ninja -DMIGRATE_BUILD_TESTS=OFF
cmake --build "$build" -j "$(nproc)" --target migrate
"$build/migrate" history
"$build/migrate" upgrade head
"$build/migrate" current
