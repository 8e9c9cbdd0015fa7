# embed.install_and_find_package: installs the library into a fresh prefix
# with `cmake --install`, then configures and builds tests/embed/consumer (a
# project that only knows find_package(migrator)) against that prefix alone,
# and runs the program it built on a new SQLite database.
#
#   cmake -DBUILD_DIR=<build tree> -DSOURCE_DIR=<repository> -DWORK_DIR=<scratch>
#         -DGENERATOR=<generator> -P install_test.cmake
#
# Any step that fails ends the script with FATAL_ERROR and the step's output.

foreach(var BUILD_DIR SOURCE_DIR WORK_DIR GENERATOR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "install_test.cmake: -D${var}=... is required")
  endif()
endforeach()

# Runs a command; stops the test with its output unless it exits 0. The
# output is left in the variable named by OUTPUT.
function(run_step name)
  cmake_parse_arguments(ARG "" "OUTPUT" "COMMAND" ${ARGN})
  execute_process(COMMAND ${ARG_COMMAND}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${name} failed (${rc}):\n${ARG_COMMAND}\n--- stdout:\n${out}\n--- stderr:\n${err}")
  endif()
  if(ARG_OUTPUT)
    set(${ARG_OUTPUT} "${out}" PARENT_SCOPE)
  endif()
endfunction()

# Compares a program's output with what it must be, exactly.
function(expect_equal name actual expected)
  if(NOT actual STREQUAL expected)
    message(FATAL_ERROR "${name}: expected\n${expected}\ngot\n${actual}")
  endif()
endfunction()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")

# The layers must be built before they can be installed (a no-op when they are).
run_step("building the library" COMMAND "${CMAKE_COMMAND}" --build "${BUILD_DIR}" --target migrator_embed)
run_step("cmake --install" COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${prefix}"
         --component migrator_development)

foreach(file include/migrator/embed/migrator.h include/migrator/base/status.h
             lib/cmake/migrator/migratorConfig.cmake lib/cmake/migrator/migratorConfigVersion.cmake
             lib/cmake/migrator/migratorTargets.cmake lib/cmake/migrator/FindSOCI.cmake
             lib/libmigrator_embed.a lib/libmigrator_base.a)
  if(NOT EXISTS "${prefix}/${file}")
    file(GLOB_RECURSE installed RELATIVE "${prefix}" "${prefix}/*")
    message(FATAL_ERROR "not installed: ${file}\ninstalled: ${installed}")
  endif()
endforeach()
# The package must stand on its own: nothing in it may point back at the
# sources or the build tree.
file(GLOB package_files "${prefix}/lib/cmake/migrator/*.cmake")
foreach(file IN LISTS package_files)
  file(READ "${file}" text)
  foreach(tree "${SOURCE_DIR}" "${BUILD_DIR}")
    string(FIND "${text}" "${tree}" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "${file} refers to ${tree}")
    endif()
  endforeach()
endforeach()

run_step("configuring the consumer" COMMAND "${CMAKE_COMMAND}"
         -S "${SOURCE_DIR}/tests/embed/consumer" -B "${WORK_DIR}/build" -G "${GENERATOR}"
         "-DCMAKE_PREFIX_PATH=${prefix}" -DCMAKE_BUILD_TYPE=Release)
run_step("building the consumer" COMMAND "${CMAKE_COMMAND}" --build "${WORK_DIR}/build")

# Two migrations, then the consumer on a new SQLite database, twice.
file(WRITE "${WORK_DIR}/project/migrations/a1_create_notes.sql"
"-- create notes
--
-- revision: a1
-- down_revision:

-- migrate:upgrade
CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
")
file(WRITE "${WORK_DIR}/project/migrations/a2_add_author.sql"
"-- add author
--
-- revision: a2
-- down_revision: a1

-- migrate:upgrade
ALTER TABLE notes ADD COLUMN author TEXT;
")
set(program "${WORK_DIR}/build/upgrade_at_startup")
set(url "sqlite:///${WORK_DIR}/project/app.db")
run_step("the consumer's first run" OUTPUT first
         COMMAND "${program}" "${url}" "${WORK_DIR}/project/migrations")
expect_equal("the consumer's first run" "${first}" "applied a1\napplied a2\ndatabase is up to date\n")
run_step("the consumer's second run" OUTPUT second
         COMMAND "${program}" "${url}" "${WORK_DIR}/project/migrations")
expect_equal("the consumer's second run" "${second}" "database is up to date\n")
message(STATUS "installed to ${prefix}; the consumer found it, built and migrated a database")
