# Helpers that give every migrator target the same settings.
#
# The library is built in layers, one static library per folder of
# migrator/ (base, script, graph, db, ...), each linking only the layers it
# may depend on, so the build itself enforces the architecture in
# migrator/ARCHITECTURE.md. The `migrator` target bundles them all.

# Warnings and include path shared by all of our own targets.
function(migrator_target_defaults target)
  target_compile_features(${target} PUBLIC cxx_std_20)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
    # GCC 12 warns about members omitted from designated initializers, which
    # is how we build option structs: the omission is the point.
    -Wno-missing-field-initializers)
  if(MIGRATE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# migrator_add_layer(<name> SOURCES <file>... [DEPS <target>...])
# Defines the static library migrator_<name> from files in the calling folder.
function(migrator_add_layer name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  set(target migrator_${name})
  add_library(${target} STATIC ${ARG_SOURCES})
  migrator_target_defaults(${target})
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>
    $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
  target_link_libraries(${target} PUBLIC ${ARG_DEPS})
  set_property(GLOBAL APPEND PROPERTY MIGRATOR_LAYERS ${target})
endfunction()

# migrator_add_test(<name> SOURCES <file>... DEPS <target>... [PROPERTIES <ctest props>...])
# A GoogleTest binary whose tests ctest discovers one by one.
function(migrator_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PROPERTIES" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  migrator_target_defaults(${name})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 30 PROPERTIES ${ARG_PROPERTIES})
endfunction()
