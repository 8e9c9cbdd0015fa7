#!/usr/bin/env bash
# Builds the release archive: dist/migrate-VERSION-linux-x86_64.tar.gz, a
# `migrate` binary for Linux x86-64 with SOCI, libpq, SQLite, OpenSSL, fmt,
# toml++ and the C++ runtime linked in (glibc stays dynamic: any Linux with
# glibc 2.36 or newer runs it), its templates and man page beside it:
#
#   migrate-VERSION-linux-x86_64/bin/migrate
#   migrate-VERSION-linux-x86_64/share/migrate/templates/
#   migrate-VERSION-linux-x86_64/share/man/man1/migrate.1
#
# Usage: bash scripts/release.sh [OUT_DIR]   (default: dist)
# Work files go to build-release/ (MIGRATE_RELEASE_DIR); the static
# libraries built there are kept for the next run.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(realpath -m "${1:-dist}")
work=$(realpath -m "${MIGRATE_RELEASE_DIR:-build-release}")

bash scripts/install-deps.sh
bash scripts/static-deps.sh "$work/deps"
cmake -S . -B "$work/build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DMIGRATE_BUILD_TESTS=OFF \
  -DMIGRATE_STATIC_DEPS="$work/deps" >/dev/null
cmake --build "$work/build" -j "$(nproc)" --target migrate

version=$(sed -n 's/^project(migrate VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
name="migrate-$version-linux-x86_64"
rm -rf "${work:?}/stage" && mkdir -p "$work/stage/$name" "$out"
cmake --install "$work/build" --component migrate --prefix "$work/stage/$name" >/dev/null
strip "$work/stage/$name/bin/migrate"
tar -C "$work/stage" -czf "$out/$name.tar.gz" "$name"
echo "$out/$name.tar.gz"
