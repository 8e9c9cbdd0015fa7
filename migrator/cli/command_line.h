// The `migrate` command line up to the moment a command runs: the
// definitions (the global options, every command of the table, `help` and
// `version`), the parse, and the usage errors, which start with "error:"
// and suggest the closest command or option. Nothing here prints, connects
// to a database or reads a file, so fuzz/fuzz_command_line.cc runs it
// in-process, with the configuration resolution that follows it.
//
// The global options are defined once, on the top-level app, and every
// command falls through to it (CLI11's fallthrough, inherited by each
// subcommand), so they are accepted before or after the command:
// `migrate upgrade head --url X`, `migrate db create --admin-url X`,
// `migrate status -v --format json`.

#ifndef MIGRATOR_CLI_COMMAND_LINE_H_
#define MIGRATOR_CLI_COMMAND_LINE_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <CLI/CLI.hpp>

#include "migrator/base/status.h"
#include "migrator/cli/command_table.h"
#include "migrator/config/config.h"

namespace migrate::cli {

/// The options every command takes, as given on the command line.
struct GlobalOptions {
  std::string config_file;
  std::string url;
  std::string admin_url;
  std::string format = "text";
  std::string lock_timeout;
  std::string wait;
  bool verbose = false;
  bool quiet = false;
};

/// What the definitions write into: it must outlive the app, and not move.
struct CommandLine {
  CommandTable table;
  GlobalOptions global;
  std::string version;              // what --version and `migrate version` print
  CLI::App* version_command = nullptr;
};

/// The outcome of a command line that runs no command of the table.
struct Handled {
  int exit_code = 0;
  std::string out;  // for stdout
  std::string err;  // for stderr
};

/// Defines the whole command line on `app`: its name and description, the
/// global options, every command, `help`, `version` and the examples.
void DefineCommandLine(CLI::App& app, CommandLine& line, std::string_view version);

/// Parses `args` (the arguments without the program name) into `app` and
/// `line`. Returns nullopt when a command of line.table is to run; else
/// what to print and the exit status: help (--help, `migrate help
/// [COMMAND...]`) or the version (exit 0), or a usage error (exit 2): no
/// command (the usage and the command list), an unknown command or option
/// (with the closest one), an unexpected or missing argument.
std::optional<Handled> ParseCommandLine(CLI::App& app, const CommandLine& line,
                                        const std::vector<std::string>& args);

/// The configuration overrides the global options make: each duration
/// parsed once. InvalidInput naming the option for a bad one.
base::Result<config::Overrides> OverridesOf(const GlobalOptions& global);

}  // namespace migrate::cli

#endif  // MIGRATOR_CLI_COMMAND_LINE_H_
