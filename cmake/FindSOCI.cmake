# FindSOCI: SOCI 4.0 as Debian 12 packages it (libsoci-dev), which installs
# neither a CMake config file nor a pkg-config file.
#
# Defines the imported targets
#   SOCI::core        libsoci_core (needs the Boost headers: Debian built SOCI
#                     with SOCI_HAVE_BOOST, so <soci/soci.h> includes Boost)
#   SOCI::sqlite3     the SQLite 3 backend
#   SOCI::postgresql  the PostgreSQL backend
# and SOCI_FOUND, SOCI_INCLUDE_DIR, SOCI_VERSION.

find_path(SOCI_INCLUDE_DIR NAMES soci/soci.h)
find_library(SOCI_CORE_LIBRARY NAMES soci_core)
find_library(SOCI_SQLITE3_LIBRARY NAMES soci_sqlite3)
find_library(SOCI_POSTGRESQL_LIBRARY NAMES soci_postgresql)
find_package(Boost QUIET)

if(SOCI_INCLUDE_DIR AND EXISTS "${SOCI_INCLUDE_DIR}/soci/version.h")
  file(STRINGS "${SOCI_INCLUDE_DIR}/soci/version.h" _soci_version_line
       REGEX "^#define SOCI_LIB_VERSION \"[0-9_]+\"")
  string(REGEX REPLACE ".*\"([0-9_]+)\".*" "\\1" SOCI_VERSION "${_soci_version_line}")
  string(REPLACE "_" "." SOCI_VERSION "${SOCI_VERSION}")
endif()

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(SOCI
  REQUIRED_VARS SOCI_INCLUDE_DIR SOCI_CORE_LIBRARY SOCI_SQLITE3_LIBRARY SOCI_POSTGRESQL_LIBRARY
                Boost_INCLUDE_DIRS
  VERSION_VAR SOCI_VERSION
  REASON_FAILURE_MESSAGE "install libsoci-dev and libboost-dev (scripts/install-deps.sh)")

if(SOCI_FOUND AND NOT TARGET SOCI::core)
  add_library(SOCI::core UNKNOWN IMPORTED)
  set_target_properties(SOCI::core PROPERTIES
    IMPORTED_LOCATION "${SOCI_CORE_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${SOCI_INCLUDE_DIR};${Boost_INCLUDE_DIRS}")
  foreach(_backend sqlite3 postgresql)
    string(TOUPPER ${_backend} _upper)
    add_library(SOCI::${_backend} UNKNOWN IMPORTED)
    set_target_properties(SOCI::${_backend} PROPERTIES
      IMPORTED_LOCATION "${SOCI_${_upper}_LIBRARY}"
      INTERFACE_LINK_LIBRARIES SOCI::core)
  endforeach()
endif()

mark_as_advanced(SOCI_INCLUDE_DIR SOCI_CORE_LIBRARY SOCI_SQLITE3_LIBRARY SOCI_POSTGRESQL_LIBRARY)
