#!/usr/bin/env bash
# Installs the Debian 12 packages migrate needs to build and test, if any are
# missing. Safe to run repeatedly: when everything is present it changes
# nothing and does not touch the network.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libsoci-dev libboost-dev          # SOCI 4.0; Debian built it with Boost support
  libsqlite3-dev sqlite3 libpq-dev
  libpg-query-dev                   # libpg_query: the PostgreSQL 15 parser reads each statement
  python3                           # tests/docs: runs the shell blocks of the docs
  python3-alembic                   # tests/graph: real Alembic 1.8, the differential test's oracle (/usr/bin/python3)
  libcli11-dev libtomlplusplus-dev libfmt-dev nlohmann-json3-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  postgresql postgresql-contrib     # the throwaway PostgreSQL 15 the tests start
  clang libclang-rt-14-dev          # scripts/sanitize.sh: ASan/UBSan and libFuzzer
  groff-base man-db                 # tests: the man page renders
  bzip2 xz-utils                    # scripts/static-deps.sh: unpacks Debian's source tarballs
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
"${sudo[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
