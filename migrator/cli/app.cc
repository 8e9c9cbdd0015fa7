#include "migrator/cli/app.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string_view>

#include <CLI/CLI.hpp>

#include "migrator/cli/command_line.h"
#include "migrator/cli/help_formatter.h"
#include "migrator/cli/man_page.h"
#include "migrator/cli/terminal.h"
#include "migrator/commands/commands.h"
#include "migrator/commands/exit_code.h"
#include "migrator/report/json_reporter.h"
#include "migrator/report/text_reporter.h"

#ifndef MIGRATE_VERSION
#define MIGRATE_VERSION "0.0.0"
#endif
#ifndef MIGRATE_TEMPLATES_DIR
#define MIGRATE_TEMPLATES_DIR ""
#endif
#ifndef MIGRATE_TEMPLATES_BESIDE_BINARY
#define MIGRATE_TEMPLATES_BESIDE_BINARY "../share/migrate/templates"
#endif

namespace migrate::cli {

namespace {

std::unique_ptr<report::Reporter> MakeReporter(const GlobalOptions& options) {
  if (options.format == "json") return std::make_unique<report::JsonReporter>(std::cout);
  const Terminal terminal = DetectTerminal();
  return std::make_unique<report::TextReporter>(
      std::cout, std::cerr,
      report::TextOptions{.color = terminal.color,
                          .quiet = options.quiet,
                          .verbose = options.verbose,
                          .terminal = terminal.out_is_terminal,
                          .live = terminal.err_is_terminal});
}

// The templates installed with the binary: bin/../share/migrate/templates,
// wherever the package put them (the .deb installs under /usr); else where
// `cmake --install` was configured to put them.
std::string InstalledTemplatesDir() {
  std::error_code error;
  const std::filesystem::path binary = std::filesystem::read_symlink("/proc/self/exe", error);
  if (!error) {
    const std::filesystem::path beside = binary.parent_path() / MIGRATE_TEMPLATES_BESIDE_BINARY;
    if (std::filesystem::is_directory(beside, error)) return beside.lexically_normal().string();
  }
  return MIGRATE_TEMPLATES_DIR;
}

// -v: which configuration file this run uses, as an absolute path (it may
// have been found in a folder above). Without one, a command that needs the
// project says where it looked (config::ExplainMissingProject).
void SayWhichConfig(const config::Config& config) {
  if (config.config_file.empty()) return;
  std::error_code error;
  const std::filesystem::path file = std::filesystem::absolute(config.config_file, error);
  std::cerr << "Using " << (error ? config.config_file : file.lexically_normal().string())
            << "\n";
}

}  // namespace

int Run(int argc, char** argv) {
  CLI::App app;
  // Before any subcommand is added: each copies its parent's formatter.
  app.formatter(std::make_shared<HelpFormatter>(DetectTerminal().width));
  CommandLine line;
  DefineCommandLine(app, line, MIGRATE_VERSION);
  // For the build: docs/migrate.1 is this output (man_page.h).
  if (argc == 2 && std::string_view(argv[1]) == "--help-man") {
    WriteManPage(app, MIGRATE_VERSION, std::cout);
    return 0;
  }
  if (std::optional<Handled> handled =
          ParseCommandLine(app, line, std::vector<std::string>(argv + 1, argv + argc))) {
    std::cout << handled->out;
    std::cerr << handled->err;
    return handled->exit_code;
  }

  const GlobalOptions& global = line.global;
  std::unique_ptr<report::Reporter> reporter = MakeReporter(global);
  auto finish = [&](base::Status status) {
    status = commands::AfterInterrupt(std::move(status));
    if (!status.ok()) reporter->Problem(status);
    const int code = static_cast<int>(commands::ExitCodeFor(status));
    reporter->Finish(code);
    return code;
  };

  auto overrides = OverridesOf(global);
  if (!overrides) return finish(overrides.error());
  base::RealFileSystem fs;
  base::SystemClock clock;
  auto config = config::Load(*overrides, config::Environment::FromProcess(), fs);
  if (!config) return finish(config.error());
  if (global.verbose && !global.quiet) SayWhichConfig(*config);

  commands::Context context{*config, fs, clock, *reporter, InstalledTemplatesDir()};
  for (const Command& command : line.table) {
    if (command.app->parsed()) {
      return finish(config::ExplainMissingProject(*config, fs, command.run(context)));
    }
  }
  return finish(base::Status::Internal("no subcommand ran"));
}

}  // namespace migrate::cli
