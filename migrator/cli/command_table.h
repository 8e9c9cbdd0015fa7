// The subcommands of `migrate` as a table: each entry is the CLI11
// subcommand (its name, help and options) and the one commands:: call it
// makes. The families of commands are defined in their own files
// (<family>_commands.cc) and added to the table by app.cc, so a new family
// is a new file and one line there.
//
// Each command's arguments live in a shared_ptr that its run function
// captures: CLI11 writes the parsed options into it, and it lives as long
// as the table.

#ifndef MIGRATOR_CLI_COMMAND_TABLE_H_
#define MIGRATOR_CLI_COMMAND_TABLE_H_

#include <functional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "migrator/base/status.h"
#include "migrator/commands/commands.h"

namespace migrate::cli {

struct Command {
  CLI::App* app;
  std::function<base::Status(commands::Context&)> run;
};

using CommandTable = std::vector<Command>;

/// Adds the subcommand `name` to `app` and its call to `table`; returns the
/// subcommand, for its options.
CLI::App* AddCommand(CLI::App& app, CommandTable& table, const std::string& name,
                     const std::string& help, std::function<base::Status(commands::Context&)> run);

/// Ends `command`'s --help (and its man page entry) with `examples`, each
/// "migrate ...  # what it does".
void SetExamples(CLI::App& command, const std::vector<std::string>& examples);

/// init, revision, merge, heads, branches, history, show: the script
/// directory, and for show a configured database (project_commands.cc).
void DefineProjectCommands(CLI::App& app, CommandTable& table);

/// upgrade, downgrade, redo, current, stamp, check, status, test, verify, wait:
/// against the database (database_commands.cc).
void DefineDatabaseCommands(CLI::App& app, CommandTable& table);

/// import: another tool's migrations folder into migrate files (import_commands.cc).
void DefineImportCommands(CLI::App& app, CommandTable& table);

/// db create, db status, db drop: the database itself (db_commands.cc).
void DefineDbCommands(CLI::App& app, CommandTable& table);

}  // namespace migrate::cli

#endif  // MIGRATOR_CLI_COMMAND_TABLE_H_
