# FindPgQuery: libpg_query, the PostgreSQL 15 parser as a C library, as
# Debian 12 packages it (libpg-query-dev), which installs neither a CMake
# config file nor a pkg-config file.
#
# Defines the imported target
#   PgQuery::PgQuery  libpg_query (pg_query.h: parse trees as JSON, statement
#                     splitting)
# and PgQuery_FOUND, PgQuery_INCLUDE_DIR, PgQuery_VERSION (the PostgreSQL
# version of its parser).

find_path(PgQuery_INCLUDE_DIR NAMES pg_query.h)
find_library(PgQuery_LIBRARY NAMES pg_query)

if(PgQuery_INCLUDE_DIR AND EXISTS "${PgQuery_INCLUDE_DIR}/pg_query.h")
  file(STRINGS "${PgQuery_INCLUDE_DIR}/pg_query.h" _pg_query_version_line
       REGEX "^#define PG_VERSION \"[0-9.]+\"")
  string(REGEX REPLACE ".*\"([0-9.]+)\".*" "\\1" PgQuery_VERSION "${_pg_query_version_line}")
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(PgQuery
  REQUIRED_VARS PgQuery_INCLUDE_DIR PgQuery_LIBRARY
  VERSION_VAR PgQuery_VERSION
  REASON_FAILURE_MESSAGE "install libpg-query-dev (scripts/install-deps.sh)")

if(PgQuery_FOUND AND NOT TARGET PgQuery::PgQuery)
  add_library(PgQuery::PgQuery UNKNOWN IMPORTED)
  set_target_properties(PgQuery::PgQuery PROPERTIES
    IMPORTED_LOCATION "${PgQuery_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${PgQuery_INCLUDE_DIR}")
endif()

mark_as_advanced(PgQuery_INCLUDE_DIR PgQuery_LIBRARY)
