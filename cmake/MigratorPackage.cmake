# What `cmake --install` ships for applications that embed migrator: every
# layer's static library and headers, and a CMake package so that
# `find_package(migrator)` gives `migrator::migrator`.
#
# migrator_install_package(): call once every layer and the `migrator`
# target exist (the end of migrator/CMakeLists.txt).
function(migrator_install_package)
  include(CMakePackageConfigHelpers)
  set(component migrator_development)
  set(package_dir "${CMAKE_INSTALL_LIBDIR}/cmake/migrator")
  get_property(layers GLOBAL PROPERTY MIGRATOR_LAYERS)
  # migrator::base, migrator::db, ...: the namespace already says "migrator".
  foreach(layer IN LISTS layers)
    string(REGEX REPLACE "^migrator_" "" short "${layer}")
    set_target_properties(${layer} PROPERTIES EXPORT_NAME ${short})
  endforeach()
  install(TARGETS ${layers} migrator
          EXPORT migratorTargets
          ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT ${component})
  # The headers, as the sources include them: "migrator/<layer>/x.h".
  install(DIRECTORY "${PROJECT_SOURCE_DIR}/migrator/"
          DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/migrator"
          COMPONENT ${component}
          FILES_MATCHING PATTERN "*.h"
          PATTERN "cli" EXCLUDE)
  install(EXPORT migratorTargets
          NAMESPACE migrator::
          DESTINATION "${package_dir}"
          COMPONENT ${component})
  configure_package_config_file(
    "${PROJECT_SOURCE_DIR}/migrator/embed/migratorConfig.cmake.in"
    "${PROJECT_BINARY_DIR}/migrator-package/migratorConfig.cmake"
    INSTALL_DESTINATION "${package_dir}")
  write_basic_package_version_file(
    "${PROJECT_BINARY_DIR}/migrator-package/migratorConfigVersion.cmake"
    VERSION ${PROJECT_VERSION}
    COMPATIBILITY SameMinorVersion)
  # FindSOCI.cmake and FindPgQuery.cmake go along: Debian's SOCI and
  # libpg_query have no package file of their own.
  install(FILES
            "${PROJECT_BINARY_DIR}/migrator-package/migratorConfig.cmake"
            "${PROJECT_BINARY_DIR}/migrator-package/migratorConfigVersion.cmake"
            "${PROJECT_SOURCE_DIR}/cmake/FindSOCI.cmake"
            "${PROJECT_SOURCE_DIR}/cmake/FindPgQuery.cmake"
          DESTINATION "${package_dir}"
          COMPONENT ${component})
endfunction()
