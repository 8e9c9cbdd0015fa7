// CliTest: the fixture of the end-to-end tests. Each test gets a fresh
// temporary directory and runs the built `migrate` binary in it as a child
// process, exactly as a user at a shell would, with an environment that says
// explicitly what it holds: NO_COLOR=1, and DATABASE_URL unset unless the
// test sets it. Helpers turn outputs into comparable lines.
//
// The binary's path and the repository root come from the build
// (MIGRATE_BINARY, MIGRATE_SOURCE_DIR compile definitions).

#ifndef MIGRATOR_TESTS_CLI_CLI_TEST_H_
#define MIGRATOR_TESTS_CLI_CLI_TEST_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/support/migration_text.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace migrate::cli_test {

// The shared test helpers (tests/support), by their short names.
using migrate::testing::MigrationText;
using migrate::testing::ProcessOptions;
using migrate::testing::ProcessResult;
using migrate::testing::ReadFile;
using migrate::testing::RunProcess;
using migrate::testing::TempDir;

/// The built `migrate` executable.
std::string MigrateBinary();
/// The repository root, which holds the example project (migrate.toml, migrations/).
std::string SourceDir();

/// `text` split at '\n'; a final '\n' does not make an empty last line.
std::vector<std::string> Lines(const std::string& text);
/// Lines(text) without the `→ REV message` line each migration prints as
/// it starts: the result lines and the summary of an upgrade or downgrade
/// (terminal_output_test.cc checks the start lines).
std::vector<std::string> ResultLines(const std::string& text);
/// `text` with every duration ("<1ms", "14ms", "3.25s") replaced by "TIME",
/// and the column padding after one by two spaces, so that lines which
/// report timings can be compared exactly.
std::string MaskDurations(const std::string& text);

/// The 1-based number of the first line of `text` that contains `needle`; 0 if none.
int LineNumberOf(const std::string& text, const std::string& needle);

/// The revision id in migrate's "Created migrations/<id>_<slug>.sql" line of
/// `stdout`; "" (and a gtest failure) when there is none.
std::string CreatedRevision(const std::string& stdout_text);

// A small project used by the online tests, portable to both dialects:
//   create customers (kCustomersRev) <- add email (kEmailRev) <- create orders (kOrdersRev)
inline constexpr const char* kCustomersRev = "3f1c0a9e2b10";
inline constexpr const char* kEmailRev = "7d4e2a1c9b20";
inline constexpr const char* kOrdersRev = "c08b5e3f7a30";

/// Writes the three migrations above into `folder` of `dir`.
void WriteCustomersProject(const TempDir& dir, const std::string& folder = "migrations");

class CliTest : public ::testing::Test {
 protected:
  using Env = std::map<std::string, std::optional<std::string>>;

  /// Runs `migrate args...` in dir_ (or `cwd`, relative to dir_), with
  /// NO_COLOR=1 and without DATABASE_URL, then the changes in `env`.
  ProcessResult Migrate(const std::vector<std::string>& args, const Env& env = {},
                        const std::string& cwd = "") const;

  /// Migrate({"--url", url, args...}).
  ProcessResult MigrateWithUrl(const std::string& url, const std::vector<std::string>& args) const;

  /// MigrateWithUrl for a command that must succeed with nothing on stderr
  /// (a gtest failure otherwise). Returns its stdout with durations masked.
  std::string MigrateOkWithUrl(const std::string& url, const std::vector<std::string>& args) const;

  TempDir dir_;
};

}  // namespace migrate::cli_test

#endif  // MIGRATOR_TESTS_CLI_CLI_TEST_H_
