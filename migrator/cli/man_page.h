// The manual page, migrate(1), written from the same CLI11 definitions
// that `--help` prints, so the two cannot disagree: every command, its
// arguments and options with their help text, and its examples (the
// subcommand's footer). The sections no option describes (exit status,
// environment, files) are written here.
//
// docs/migrate.1 is this output, committed so it can be read and installed
// without building; a test fails when it differs from what the binary
// writes (regenerate with `build/migrate --help-man > docs/migrate.1`).

#ifndef MIGRATOR_CLI_MAN_PAGE_H_
#define MIGRATOR_CLI_MAN_PAGE_H_

#include <ostream>
#include <string_view>

#include <CLI/CLI.hpp>

namespace migrate::cli {

/// Writes the man page for `app` (the whole `migrate` command line) in
/// roff -man format.
void WriteManPage(const CLI::App& app, std::string_view version, std::ostream& out);

}  // namespace migrate::cli

#endif  // MIGRATOR_CLI_MAN_PAGE_H_
