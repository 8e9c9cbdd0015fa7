# `cpack` in the build directory makes build/migrate_<version>_<arch>.deb:
# the `migrate` component only (the binary, its templates and the man
# page), for machines that run migrations. The static libraries and headers
# for embedding (component migrator_development, MigratorPackage.cmake)
# stay with `cmake --install`.
#
# Its dependencies are computed by dpkg-shlibdeps from the binary's shared
# libraries (SOCI, libpq, SQLite, OpenSSL, fmt), so they match the Debian
# release it was built on.

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME migrate)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}, verified as they run")
set(CPACK_PACKAGE_CONTACT "migrate maintainers <maintainers@migrate.invalid>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL migrate)
set(CPACK_DEBIAN_MIGRATE_PACKAGE_NAME migrate)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# Without debug information: a 2 MB binary instead of 80 MB.
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY "${PROJECT_BINARY_DIR}")
include(CPack)
