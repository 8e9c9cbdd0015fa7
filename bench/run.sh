#!/usr/bin/env bash
# The benchmarks of issue 7, in one command (docs/performance.md has the
# numbers and how to read them):
#
#   bash bench/run.sh [--size smoke|full] [--storage disk|shm|both] [--build-dir DIR]
#                     [--out DIR] [--no-peers]
#
#   --size full   (default) upgrade head at N = 100 and 1,000 (and a branchy
#                 graph of 1,000) on SQLite and PostgreSQL against the floor,
#                 Alembic and dbmate; no-op commands at 1,000 and 10,000
#                 revisions; verification with 10,000 tables; peak memory at
#                 10,000 revisions; everything on disk and on /dev/shm; then
#                 the micro-benchmarks. About 15-25 minutes on 2 cores.
#   --size smoke  tiny sizes, one run, memory only, peers only if already
#                 installed: checks that the benchmarks still run (CI).
#   --storage     only the disk cases, or only the memory ones (default: both;
#                 smoke runs memory only).
#   --build-dir   where migrate and the micro-benchmarks are built (default
#                 build-bench, configured as Release at -O2 with debug info,
#                 which callgrind and perf need). An existing build dir (e.g.
#                 the test suite's) keeps its build type; MIGRATE_BENCH is
#                 switched on in it.
#   --out         where results.md, results.json and microbench.json go
#                 (default BUILD_DIR/bench-results).
#   --no-peers    do not install Alembic or dbmate.
#
# The peers are installed here and nowhere else: Alembic from Debian
# (python3-alembic, python3-psycopg2; needs root or sudo) and dbmate from
# npm into ${XDG_CACHE_HOME:-~/.cache}/migrate-bench. A peer that does not
# install is reported as "not available" and the rest still runs.
#
# PostgreSQL: two throwaway clusters (tests/support/pg_cluster.sh), one with
# its data dir on disk and one on /dev/shm, both switched back to durable
# settings (fsync, synchronous_commit, full_page_writes on).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

size=full
build=build-bench
out=""
peers=1
storage=both
while [ $# -gt 0 ]; do
  case "$1" in
    --size) size=${2:?--size needs smoke or full}; shift 2 ;;
    --size=*) size=${1#--size=}; shift ;;
    --storage) storage=${2:?--storage needs disk, shm or both}; shift 2 ;;
    --build-dir) build=${2:?--build-dir needs a directory}; shift 2 ;;
    --out) out=${2:?--out needs a directory}; shift 2 ;;
    --no-peers) peers=0; shift ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "bench/run.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$size" in
  smoke|full) ;;
  *) echo "bench/run.sh: --size must be smoke or full, not '$size'" >&2; exit 2 ;;
esac
case "$build" in /*) ;; *) build="$root/$build" ;; esac
out=${out:-$build/bench-results}
case "$out" in /*) ;; *) out="$root/$out" ;; esac
jobs=$(nproc)

log() { echo "bench: $*" >&2; }

# --- build -------------------------------------------------------------------
if [ -f "$build/CMakeCache.txt" ]; then
  cmake -S . -B "$build" -DMIGRATE_BENCH=ON >/dev/null
else
  # Release, at -O2 as Debian builds packages (GCC 12 at -O3 also reports
  # false -Wrestrict warnings in libstdc++), with debug info for profilers.
  cmake -S . -B "$build" -G Ninja -DMIGRATE_BENCH=ON -DCMAKE_BUILD_TYPE=Release \
    "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -g -DNDEBUG" >/dev/null
fi
log "building migrate and migrate_microbench in $build ($(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt"))"
cmake --build "$build" -j "$jobs" --target migrate migrate_microbench
migrate_bin="$build/migrate"
micro_bin="$build/bench/migrate_microbench"

# --- peers ---------------------------------------------------------------------
alembic_python=""
dbmate_bin=""
cache=${XDG_CACHE_HOME:-$HOME/.cache}/migrate-bench
alembic_ok() { /usr/bin/python3 -c 'import alembic, sqlalchemy, psycopg2' >/dev/null 2>&1; }
find_dbmate() {
  local candidate
  for candidate in "$cache"/node_modules/@dbmate/linux-*/bin/dbmate; do
    if [ -x "$candidate" ] && "$candidate" --version >/dev/null 2>&1; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}
install_peers() {
  if ! alembic_ok; then
    log "installing python3-alembic and python3-psycopg2 (Debian)"
    local sudo=()
    [ "$(id -u)" -eq 0 ] || sudo=(sudo -n)
    { "${sudo[@]}" apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends \
        python3-alembic python3-psycopg2 >/dev/null; } 2>&1 | tail -n 5 >&2 || true
  fi
  if ! find_dbmate >/dev/null && command -v npm >/dev/null 2>&1; then
    log "installing dbmate (npm) into $cache"
    mkdir -p "$cache"
    (cd "$cache" && npm install --no-audit --no-fund --loglevel=error dbmate >/dev/null 2>&1) || true
  fi
}
if [ "$peers" -eq 1 ] && [ "$size" = full ]; then
  install_peers
fi
if alembic_ok; then alembic_python=/usr/bin/python3; else log "Alembic: not available"; fi
if dbmate_bin=$(find_dbmate); then :; else dbmate_bin=""; log "dbmate: not available"; fi

# --- work directories ------------------------------------------------------------
disk_dir="$build/bench-work"
shm_dir=$(mktemp -d /dev/shm/migrate-bench.XXXXXX)
cleanup() {
  # bench.py stops its clusters; this catches a run killed half-way.
  for d in "$disk_dir/pg-cluster" "$shm_dir/pg-cluster"; do
    [ -e "$d" ] && bash tests/support/pg_cluster.sh stop "$d" >/dev/null 2>&1 || true
  done
  rm -rf "$shm_dir"
}
trap cleanup EXIT
if [ -e "$disk_dir/pg-cluster" ]; then
  bash tests/support/pg_cluster.sh stop "$disk_dir/pg-cluster" >/dev/null 2>&1 || true
fi
rm -rf "$disk_dir"
mkdir -p "$disk_dir" "$out"
# The PostgreSQL server runs as the postgres OS user: it must reach both.
chmod 755 "$disk_dir" "$shm_dir"

# --- run -------------------------------------------------------------------------
log "end-to-end cases ($size); results in $out"
python3 bench/bench.py --size "$size" --migrate "$migrate_bin" \
  --pg-cluster "$root/tests/support/pg_cluster.sh" \
  --disk-dir "$disk_dir" --shm-dir "$shm_dir" --out "$out" --storage "$storage" \
  --alembic-python "$alembic_python" --dbmate "$dbmate_bin"

log "micro-benchmarks"
min_time=0.5
[ "$size" = smoke ] && min_time=0.01
"$micro_bin" --benchmark_min_time="$min_time" --benchmark_out="$out/microbench.json" \
  --benchmark_out_format=json | tee "$out/microbench.txt"
rm -rf "$disk_dir"
log "done: $out/results.md, $out/microbench.txt"
