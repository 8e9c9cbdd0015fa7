#!/usr/bin/env bash
# pg_cluster.sh: a throwaway PostgreSQL 15 server for the test suite.
#
#   pg_cluster.sh start DIR   initdb + start a server, write its URLs to DIR
#   pg_cluster.sh stop DIR    stop the server and remove DIR
#
# Both are idempotent: `start` on a running cluster does nothing (a stale DIR
# left by a dead server is replaced), `stop` on a missing one does nothing.
# ctest runs them as the postgres.start / postgres.stop fixtures.
#
# The server listens on 127.0.0.1 only, on a free port, with its unix socket
# in a private directory. On success DIR holds:
#   url       superuser URL, trusted on loopback: postgresql://postgres@127.0.0.1:PORT/postgres
#   app_url   URL of the non-superuser role migrate_test (CREATEDB), which must
#             give its password (scram-sha-256, password "migrate_test")
#   base      the directory holding data/, socket/ and server.log; DIR/pg
#             unless the postgres OS user cannot use DIR (then a mktemp -d in /tmp)
#
# PostgreSQL refuses to run as root: when run as root, the server runs as the
# `postgres` OS user (runuser). Durability is switched off (fsync=off): the
# data lives only as long as the test run.

set -euo pipefail

readonly APP_ROLE=migrate_test
readonly APP_PASSWORD=migrate_test
readonly MAX_PORT_ATTEMPTS=8

die() {
  echo "pg_cluster.sh: $*" >&2
  exit 1
}

usage() {
  echo "usage: pg_cluster.sh start|stop DIR" >&2
  exit 2
}

# The directory with initdb/pg_ctl/psql of PostgreSQL 15.
find_bindir() {
  local candidate
  if command -v pg_config >/dev/null 2>&1; then
    candidate=$(pg_config --bindir 2>/dev/null || true)
    if [[ -n "$candidate" && -x "$candidate/initdb" && -x "$candidate/pg_ctl" ]]; then
      echo "$candidate"
      return
    fi
  fi
  candidate=/usr/lib/postgresql/15/bin
  if [[ -x "$candidate/initdb" && -x "$candidate/pg_ctl" ]]; then
    echo "$candidate"
    return
  fi
  die "cannot find the PostgreSQL 15 server binaries (initdb, pg_ctl): neither \`pg_config --bindir\` nor /usr/lib/postgresql/15/bin has them; install the 'postgresql' package"
}

# Runs a command as the OS user that owns the server.
as_server_user() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# Prints the last lines of the server log (to stderr), if there is one.
show_log() {
  local log="$1"
  if [[ -f "$log" ]]; then
    echo "--- last lines of $log ---" >&2
    tail -n 30 "$log" >&2 || true
    echo "---" >&2
  fi
}

# A TCP port on 127.0.0.1 that nothing listens on right now. Another process
# may still take it before the server binds; start_server retries then.
free_port() {
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()'
    return
  fi
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    # A refused connection means nobody listens there.
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  die "cannot find a free TCP port on 127.0.0.1"
}

# Where the cluster's files go: DIR/pg if the server's OS user can write there
# (and the socket path stays short), else a fresh private dir in /tmp.
choose_base() {
  local dir="$1" base="$1/pg"
  mkdir -p "$base"
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$base"
  fi
  chmod 700 "$base"
  # sun_path holds 107 bytes: "<base>/socket/.s.PGSQL.NNNNN" must fit.
  if [[ ${#base} -le 80 ]] && as_server_user test -w "$base" -a -x "$base" 2>/dev/null; then
    echo "$base"
    return
  fi
  rm -rf "$base"
  base=$(mktemp -d /tmp/migrate-pg.XXXXXX)
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres: "$base"
  fi
  chmod 700 "$base"
  echo "$base"
}

# True if DIR describes a server that is running.
is_running() {
  local dir="$1" base
  [[ -f "$dir/base" && -f "$dir/url" ]] || return 1
  base=$(<"$dir/base")
  [[ -d "$base/data" ]] || return 1
  as_server_user "$BINDIR/pg_ctl" status -D "$base/data" >/dev/null 2>&1 || return 1
  # The postmaster may be alive but dying: ask it.
  local port
  port=$(sed -E 's|.*:([0-9]+)/.*|\1|' "$dir/url")
  "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$port" -t 5
}

# Stops the server of DIR (if any) and removes its files and DIR.
stop_cluster() {
  local dir="$1" base=""
  [[ -e "$dir" ]] || return 0
  if [[ -f "$dir/base" ]]; then
    base=$(<"$dir/base")
  elif [[ -d "$dir/pg" ]]; then
    base="$dir/pg"
  fi
  if [[ -n "$base" && -f "$base/data/postmaster.pid" ]]; then
    if ! as_server_user "$BINDIR/pg_ctl" stop -D "$base/data" -m fast -w -t 60 >/dev/null 2>&1; then
      if as_server_user "$BINDIR/pg_ctl" status -D "$base/data" >/dev/null 2>&1; then
        as_server_user "$BINDIR/pg_ctl" stop -D "$base/data" -m immediate -w -t 30 >/dev/null 2>&1 || {
          show_log "$base/server.log"
          die "cannot stop the PostgreSQL server in $base/data"
        }
      fi
    fi
  fi
  if [[ -n "$base" && "$base" != "$dir/pg" ]]; then
    rm -rf "$base"
  fi
  rm -rf "$dir"
}

start_cluster() {
  local dir="$1"
  if is_running "$dir"; then
    echo "pg_cluster.sh: already running: $(<"$dir/url")"
    return 0
  fi
  # Whatever is there belongs to a server that is gone.
  stop_cluster "$dir"
  if [[ $(id -u) -eq 0 ]] && ! id postgres >/dev/null 2>&1; then
    die "running as root, but there is no 'postgres' OS user to run the server as"
  fi

  mkdir -p "$dir"
  local base
  base=$(choose_base "$dir")
  echo "$base" >"$dir/base"
  local data="$base/data" socket="$base/socket" log="$base/server.log"
  as_server_user mkdir -m 700 "$socket"

  local initdb_out
  if ! initdb_out=$(as_server_user "$BINDIR/initdb" -D "$data" -U postgres -E UTF8 --locale=C \
                      --auth=trust --no-sync 2>&1); then
    echo "$initdb_out" >&2
    die "initdb failed in $data"
  fi

  # Only the superuser is trusted; everybody else (migrate_test) must give a
  # password, so tests can check authentication failures.
  as_server_user tee "$data/pg_hba.conf" >/dev/null <<EOF
# TYPE  DATABASE  USER      ADDRESS       METHOD
local   all       postgres                trust
local   all       all                     scram-sha-256
host    all       postgres  127.0.0.1/32  trust
host    all       all       127.0.0.1/32  scram-sha-256
EOF
  as_server_user tee -a "$data/postgresql.conf" >/dev/null <<EOF

# --- pg_cluster.sh: a throwaway test server ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$socket'
unix_socket_permissions = 0700
max_connections = 200
shared_buffers = 32MB
fsync = off
synchronous_commit = off
full_page_writes = off
password_encryption = 'scram-sha-256'
log_min_messages = warning
EOF

  local port attempt started=0
  for attempt in $(seq 1 "$MAX_PORT_ATTEMPTS"); do
    port=$(free_port)
    if as_server_user "$BINDIR/pg_ctl" start -D "$data" -l "$log" -w -t 60 -o "-p $port" \
         >/dev/null 2>&1; then
      started=1
      break
    fi
    # Lost the race for the port to someone else: try another one.
    if grep -q "could not bind\|Address already in use" "$log" 2>/dev/null; then
      continue
    fi
    show_log "$log"
    die "the PostgreSQL server in $data did not start (attempt $attempt, port $port)"
  done
  if [[ $started -ne 1 ]]; then
    show_log "$log"
    die "the PostgreSQL server in $data did not start: no free port after $MAX_PORT_ATTEMPTS attempts"
  fi

  local url="postgresql://postgres@127.0.0.1:$port/postgres"
  local app_url="postgresql://$APP_ROLE:$APP_PASSWORD@127.0.0.1:$port/postgres"
  local psql_out
  if ! psql_out=$(PGCONNECT_TIMEOUT=10 "$BINDIR/psql" "$url" -X -q -v ON_ERROR_STOP=1 \
                    -c "CREATE ROLE $APP_ROLE LOGIN CREATEDB PASSWORD '$APP_PASSWORD'" 2>&1); then
    echo "$psql_out" >&2
    show_log "$log"
    die "cannot create role $APP_ROLE on $url"
  fi

  # Written last, and atomically: a url file means the server is ready.
  echo "$app_url" >"$dir/app_url.tmp" && mv "$dir/app_url.tmp" "$dir/app_url"
  echo "$url" >"$dir/url.tmp" && mv "$dir/url.tmp" "$dir/url"
  echo "pg_cluster.sh: started $url (data in $data)"
}

[[ $# -eq 2 ]] || usage
readonly COMMAND="$1"
DIR_ARG="$2"
[[ -n "$DIR_ARG" ]] || usage
# Absolute, so the paths written to DIR still hold from another cwd.
case "$DIR_ARG" in
  /*) ;;
  *) DIR_ARG="$PWD/$DIR_ARG" ;;
esac
readonly DIR_ARG
BINDIR=$(find_bindir)
readonly BINDIR

case "$COMMAND" in
  start) start_cluster "$DIR_ARG" ;;
  stop) stop_cluster "$DIR_ARG" ;;
  *) usage ;;
esac
