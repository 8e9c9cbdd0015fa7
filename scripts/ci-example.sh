#!/usr/bin/env bash
# The CI gate of docs/ci.md, run on this repository's own example project
# (migrations/, migrate.toml) against fresh SQLite files: the directory is
# sound, the database is reachable, the migrations apply and verify, and each
# one's downgrade restores the schema.
set -euo pipefail
cd "$(dirname "$0")/.."
migrate="${MIGRATE_BUILD_DIR:-build}/migrate"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

"$migrate" check --offline
url="sqlite:///$scratch/example.db"
"$migrate" --url "$url" wait
"$migrate" --url "$url" upgrade head
"$migrate" --url "$url" check
"$migrate" --url "sqlite:///$scratch/roundtrip.db" test
