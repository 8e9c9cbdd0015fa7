// The `migrate` command line: CLI11 wiring only. Flags become a
// config::Overrides and one *Args struct, and each subcommand makes exactly
// one commands:: call; output goes through the reporter the flags chose.

#ifndef MIGRATOR_CLI_APP_H_
#define MIGRATOR_CLI_APP_H_

namespace migrate::cli {

/// Runs `migrate` with the process's arguments; returns the exit status.
int Run(int argc, char** argv);

}  // namespace migrate::cli

#endif  // MIGRATOR_CLI_APP_H_
