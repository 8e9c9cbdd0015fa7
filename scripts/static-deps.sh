#!/usr/bin/env bash
# Builds the static libraries a release binary links in and Debian 12 ships
# only as shared ones: libpq (with its libpgcommon and libpgport), SOCI
# (core, sqlite3 and postgresql backends) and fmt. Installs them under
# PREFIX (the first argument); does nothing if PREFIX is already complete.
#
# The sources are Debian's own source packages, of the same versions as the
# shared libraries installed here (install-deps.sh installs them), fetched by apt (which checks their
# signatures and checksums) from the deb-src twin of this machine's
# configured mirror, without changing the machine's apt configuration.
#
# libpq is configured without GSSAPI, LDAP, zlib and the rest, so that it
# needs nothing beyond OpenSSL (whose static libraries Debian ships) and
# glibc: `postgresql://` URLs with passwords, SCRAM and TLS work; Kerberos
# and LDAP lookup of connection parameters do not.
set -euo pipefail

prefix=$(realpath -m "${1:?usage: static-deps.sh PREFIX}")
if [[ -f "$prefix/.complete" ]]; then
  exit 0
fi
work="$prefix.src"
jobs=$(nproc)
mkdir -p "$work/apt/lists/partial" "$work/apt/parts" "$work/download"

# --- Sources -------------------------------------------------------------
sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
  >"$work/apt/parts/debian-src.sources"
apt_src=(apt-get -q -o Dir::Etc::SourceList=/dev/null
         -o "Dir::Etc::SourceParts=$work/apt/parts"
         -o "Dir::State::Lists=$work/apt/lists")
"${apt_src[@]}" update >/dev/null
# Exactly the source versions of the shared libraries installed here.
mapfile -t sources < <(dpkg-query -W -f='${source:Package}=${source:Version}\n' \
  libpq5 libsoci-core4.0 libfmt9)
(cd "$work/download" && "${apt_src[@]}" source --download-only "${sources[@]}" 2>&1 |
  grep -v '^W: Download is performed unsandboxed')

unpack() {  # unpack NAME-PATTERN DIR: the one orig tarball matching the pattern
  local tarball
  tarball=$(ls "$work"/download/$1*.orig.tar.* | head -n 1)
  rm -rf "$work/$2" && mkdir -p "$work/$2"
  tar -xf "$tarball" -C "$work/$2" --strip-components=1
}

# --- libpq ---------------------------------------------------------------
unpack postgresql-15_ postgresql
(
  cd "$work/postgresql"
  ./configure --prefix="$prefix" --with-openssl --without-readline --without-zlib \
    --without-icu --without-gssapi --without-ldap --without-lz4 --without-zstd \
    --without-libxml --without-pam >/dev/null
  for dir in src/include src/common src/port src/interfaces/libpq; do
    make -s -C "$dir" -j "$jobs" >/dev/null
    make -s -C "$dir" install >/dev/null
  done
)

# --- SOCI ----------------------------------------------------------------
unpack soci_ soci
cmake -Wno-dev -S "$work/soci" -B "$work/soci-build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
  -DSOCI_SHARED=OFF -DSOCI_STATIC=ON -DSOCI_TESTS=OFF -DSOCI_CXX11=ON \
  -DWITH_BOOST=OFF -DWITH_SQLITE3=ON -DWITH_POSTGRESQL=ON \
  -DWITH_MYSQL=OFF -DWITH_ODBC=OFF -DWITH_ORACLE=OFF -DWITH_FIREBIRD=OFF -DWITH_DB2=OFF \
  -DPOSTGRESQL_INCLUDE_DIR="$prefix/include" -DPOSTGRESQL_LIBRARY="$prefix/lib/libpq.a" \
  >/dev/null
cmake --build "$work/soci-build" -j "$jobs" >/dev/null
cmake --install "$work/soci-build" >/dev/null

# --- fmt -----------------------------------------------------------------
unpack fmtlib_ fmt
cmake -S "$work/fmt" -B "$work/fmt-build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
  -DCMAKE_INSTALL_PREFIX="$prefix" -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
  -DBUILD_SHARED_LIBS=OFF -DFMT_TEST=OFF -DFMT_DOC=OFF >/dev/null
cmake --build "$work/fmt-build" -j "$jobs" >/dev/null
cmake --install "$work/fmt-build" >/dev/null

touch "$prefix/.complete"
