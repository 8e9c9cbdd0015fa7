#!/usr/bin/env bash
# Builds the .deb with cpack from BUILD_DIR, then checks, without installing
# it on this machine: that it holds the binary, the templates and the man
# page under /usr; that dpkg-shlibdeps found its libraries; and that the
# binary, unpacked into WORK_DIR, runs and uses the template installed
# beside it (the package puts it under /usr/share, not where the build was
# configured to install).
set -euo pipefail
build_dir=$1
work_dir=$2
fail() { echo "deb_package_test: $*" >&2; exit 1; }

rm -rf "$work_dir"
mkdir -p "$work_dir"
(cd "$build_dir" && cpack -G DEB >"$work_dir/cpack.log" 2>&1) || { cat "$work_dir/cpack.log" >&2; fail "cpack failed"; }

deb=$(ls "$build_dir"/migrate_*_"$(dpkg --print-architecture)".deb 2>/dev/null | head -n 1)
[ -n "$deb" ] || fail "no migrate_<version>_<arch>.deb in $build_dir (cpack.log: $(tail -n 3 "$work_dir/cpack.log"))"

contents=$(dpkg-deb -c "$deb" | awk '{print $6}')
for path in ./usr/bin/migrate ./usr/share/migrate/templates/migration.sql.tmpl ./usr/share/man/man1/migrate.1; do
  grep -qx "$path" <<<"$contents" || fail "$deb lacks $path; it has:"$'\n'"$contents"
done
if grep -q '^./usr/include\|\.a$' <<<"$contents"; then
  fail "$deb ships development files (headers or static libraries)"
fi

[ "$(dpkg-deb -f "$deb" Package)" = migrate ] || fail "package name is $(dpkg-deb -f "$deb" Package)"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libpq5 libsqlite3-0 libsoci; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib: $depends"
done

dpkg-deb -x "$deb" "$work_dir/root"
migrate="$work_dir/root/usr/bin/migrate"
"$migrate" --version | grep -q . || fail "the packaged binary does not run"
# Mark the packaged template: a revision made by the packaged binary must carry it.
echo "-- from the packaged template" >>"$work_dir/root/usr/share/migrate/templates/migration.sql.tmpl"
project="$work_dir/project"
mkdir -p "$project"
(cd "$project" && "$migrate" init >/dev/null && "$migrate" revision -m "first" --rev-id abc123 >/dev/null)
grep -q -- "-- from the packaged template" "$project/migrations/abc123_first.sql" ||
  fail "the packaged binary did not use the template installed beside it"
MANWIDTH=80 man -l "$work_dir/root/usr/share/man/man1/migrate.1" 2>/dev/null | grep -q "migrate upgrade" ||
  fail "the packaged man page does not render"
echo "deb_package_test: $(basename "$deb") OK"
