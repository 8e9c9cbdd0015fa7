# The release build (scripts/release.sh): one `migrate` binary that needs
# nothing but glibc. Included before the dependencies are found when
# MIGRATE_STATIC_DEPS names the prefix scripts/static-deps.sh filled with
# the static libpq, SOCI and fmt that Debian does not ship.
#
# migrator_static_release_prepare(): before the find_package calls.
# migrator_static_release_link(): after them, adds what static libraries
# need that shared ones brought along themselves.

macro(migrator_static_release_prepare)
  list(PREPEND CMAKE_PREFIX_PATH "${MIGRATE_STATIC_DEPS}")
  # Only archives: libsqlite3.a, libpg_query.a, libssl.a, libcrypto.a are
  # Debian's own; the rest come from MIGRATE_STATIC_DEPS.
  set(CMAKE_FIND_LIBRARY_SUFFIXES .a)
  set(OPENSSL_USE_STATIC_LIBS TRUE)
  set(PostgreSQL_INCLUDE_DIR "${MIGRATE_STATIC_DEPS}/include" CACHE PATH "" FORCE)
  set(PostgreSQL_LIBRARY "${MIGRATE_STATIC_DEPS}/lib/libpq.a" CACHE FILEPATH "" FORCE)
  # toml++ as a header-only library: Debian's package links a shared one.
  add_library(tomlplusplus::tomlplusplus INTERFACE IMPORTED)
  set_target_properties(tomlplusplus::tomlplusplus PROPERTIES
    INTERFACE_COMPILE_DEFINITIONS "TOML_HEADER_ONLY=1")
  add_link_options(-static-libstdc++ -static-libgcc)
endmacro()

function(migrator_static_release_link)
  find_package(Threads REQUIRED)
  find_library(MIGRATE_PGCOMMON pgcommon_shlib PATHS "${MIGRATE_STATIC_DEPS}/lib" NO_DEFAULT_PATH
               REQUIRED)
  find_library(MIGRATE_PGPORT pgport_shlib PATHS "${MIGRATE_STATIC_DEPS}/lib" NO_DEFAULT_PATH
               REQUIRED)
  set_property(TARGET PostgreSQL::PostgreSQL APPEND PROPERTY INTERFACE_LINK_LIBRARIES
               "${MIGRATE_PGCOMMON}" "${MIGRATE_PGPORT}" OpenSSL::SSL OpenSSL::Crypto
               Threads::Threads)
  set_property(TARGET SQLite::SQLite3 APPEND PROPERTY INTERFACE_LINK_LIBRARIES
               Threads::Threads ${CMAKE_DL_LIBS} m)
  set_property(TARGET SOCI::core APPEND PROPERTY INTERFACE_LINK_LIBRARIES ${CMAKE_DL_LIBS})
  set_property(TARGET SOCI::sqlite3 APPEND PROPERTY INTERFACE_LINK_LIBRARIES SQLite::SQLite3)
  set_property(TARGET SOCI::postgresql APPEND PROPERTY INTERFACE_LINK_LIBRARIES
               PostgreSQL::PostgreSQL)
endfunction()
