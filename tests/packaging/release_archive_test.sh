#!/usr/bin/env bash
# Builds the release archive with scripts/release.sh into WORK_DIR (the
# static libraries are built once and kept there), unpacks it into a fresh
# folder, and checks that the binary needs nothing but glibc (ldd), finds
# the templates beside it, and runs `upgrade head` on a SQLite file and on
# a database of its own on the suite's PostgreSQL server
# (${MIGRATE_TEST_PG_DIR}/url).
set -euo pipefail
source_dir=$1
work_dir=$2
fail() { echo "release_archive_test: $*" >&2; exit 1; }

mkdir -p "$work_dir"
archive=$(MIGRATE_RELEASE_DIR="$work_dir" bash "$source_dir/scripts/release.sh" \
  "$work_dir/dist" 2>"$work_dir/release.log" | tail -n 1) ||
  { tail -n 30 "$work_dir/release.log" >&2; fail "release.sh failed"; }
[ -f "$archive" ] || fail "release.sh named no archive: '$archive'"

unpacked="$work_dir/unpacked"
rm -rf "$unpacked" && mkdir -p "$unpacked"
tar -xzf "$archive" -C "$unpacked"
root=$(ls -d "$unpacked"/migrate-*-linux-x86_64)
migrate="$root/bin/migrate"
for path in bin/migrate share/migrate/templates/migration.sql.tmpl share/man/man1/migrate.1; do
  [ -e "$root/$path" ] || fail "$(basename "$archive") lacks $path"
done

# Only glibc's own libraries (and the kernel's vDSO) may be loaded.
libraries=$(ldd "$migrate" | awk '{print $1}')
others=$(grep -Ev '^(linux-vdso\.so\.1|/lib64/ld-linux-x86-64\.so\.2|lib(c|m|dl|pthread|rt)\.so\.[0-9]+)$' \
  <<<"$libraries" || true)
[ -z "$others" ] || fail "the binary needs libraries beyond glibc: $others"

project="$work_dir/project"
rm -rf "$project" && mkdir -p "$project"
cd "$project"
"$migrate" init >/dev/null
echo "-- from the archive's template" >>"$root/share/migrate/templates/migration.sql.tmpl"
"$migrate" revision -m "create notes" --rev-id a1 >/dev/null
grep -q -- "-- from the archive's template" migrations/a1_create_notes.sql ||
  fail "the binary did not use the template beside it"
cat >migrations/a1_create_notes.sql <<'SQL'
-- create notes
--
-- revision: a1
-- down_revision:

-- migrate:upgrade
CREATE TABLE notes (id integer PRIMARY KEY, body text NOT NULL);

-- migrate:downgrade
DROP TABLE notes;
SQL

sqlite_url="sqlite:///$project/app.db"
"$migrate" --url "$sqlite_url" upgrade head >/dev/null || fail "upgrade head on SQLite failed"
[[ "$("$migrate" --url "$sqlite_url" current)" == "a1 (head)"* ]] ||
  fail "SQLite is not at a1: $("$migrate" --url "$sqlite_url" current)"

# A database of its own on the suite's server, made and dropped by the
# archive's binary too.
admin_url=$(cat "${MIGRATE_TEST_PG_DIR:?}/url") || fail "no PostgreSQL test server"
pg_url="${admin_url%/*}/release_archive_$$"
pg() { "$migrate" --url "$pg_url" --admin-url "$admin_url" "$@"; }
pg db create >/dev/null || fail "db create on PostgreSQL failed"
pg upgrade head >/dev/null || fail "upgrade head on PostgreSQL failed"
[[ "$(pg current)" == "a1 (head)"* ]] || fail "PostgreSQL is not at a1: $(pg current)"
pg db drop --force >/dev/null || fail "db drop on PostgreSQL failed"
echo "release_archive_test: $(basename "$archive") OK"
