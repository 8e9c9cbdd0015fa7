#include "migrator/cli/app.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>
#include <string_view>

#include <CLI/CLI.hpp>

#include "migrator/base/duration.h"
#include "migrator/cli/command_table.h"
#include "migrator/cli/man_page.h"
#include "migrator/commands/commands.h"
#include "migrator/commands/exit_code.h"
#include "migrator/report/json_reporter.h"
#include "migrator/report/text_reporter.h"
#include "migrator/script/spelling.h"

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

// Options shared by every subcommand.
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

std::unique_ptr<report::Reporter> MakeReporter(const GlobalOptions& options) {
  if (options.format == "json") return std::make_unique<report::JsonReporter>(std::cout);
  const bool color = isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
  return std::make_unique<report::TextReporter>(
      std::cout, std::cerr,
      report::TextOptions{.color = color,
                          .quiet = options.quiet,
                          .verbose = options.verbose,
                          .live = isatty(STDERR_FILENO) != 0});
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

// When no subcommand was recognised, the first word that is not an option
// is a mistyped command: name it (CLI11 would only say one is required).
std::optional<std::string> UnknownCommand(const CLI::App& app, int argc, char** argv) {
  if (!app.get_subcommands().empty()) return std::nullopt;
  std::vector<std::string> names;
  for (const CLI::App* sub : app.get_subcommands({})) names.push_back(sub->get_name());
  for (int i = 1; i < argc; ++i) {
    const std::string word = argv[i];
    if (word.empty() || word[0] == '-') {
      // Skip the value of a global option that takes one.
      if (word == "-c" || word == "--config" || word == "--url" || word == "--admin-url" ||
          word == "--format" || word == "--lock-timeout" || word == "--wait") {
        ++i;
      }
      continue;
    }
    const std::vector<std::string_view> candidates(names.begin(), names.end());
    return "error: unknown command '" + word + "'" + script::DidYouMean(word, candidates);
  }
  return std::nullopt;
}

}  // namespace

int Run(int argc, char** argv) {
  CLI::App app{"migrate: versioned SQL migrations for SQLite and PostgreSQL, verified as they run"};
  app.set_version_flag("--version", MIGRATE_VERSION);
  app.require_subcommand(1);
  GlobalOptions global;
  app.add_option("-c,--config", global.config_file, "Configuration file (default: ./migrate.toml)")
      ->option_text("FILE");
  app.add_option("--url", global.url, "Database URL (overrides DATABASE_URL and migrate.toml)")
      ->option_text("URL");
  app.add_option("--admin-url", global.admin_url,
                 "PostgreSQL URL that `db create|status|drop` administer the server with "
                 "(overrides MIGRATE_ADMIN_URL; default: the URL's own credentials on the "
                 "postgres database)");
  app.add_option("--format", global.format, "Output format: text for people, json for programs")
      ->check(CLI::IsMember({"text", "json"}))
      ->option_text("text|json");
  app.add_option("--lock-timeout", global.lock_timeout,
                 "How long to wait for another process's migration lock (default 5min)")
      ->option_text("DURATION");
  app.add_option("--wait", global.wait,
                 "Keep retrying for SECONDS (or 500ms, 2min, ...) while the database does not "
                 "accept connections (default 0: one attempt; `wait`: 30)")
      ->option_text("SECONDS");
  app.add_flag("-v,--verbose", global.verbose,
               "More detail: the plan, and each statement with its timing (example: migrate -v upgrade head)");
  app.add_flag("-q,--quiet", global.quiet, "Print only errors");

  CommandTable table;
  DefineProjectCommands(app, table);
  DefineDatabaseCommands(app, table);
  DefineImportCommands(app, table);
  DefineDbCommands(app, table);
  SetExamples(app, {"migrate init && migrate revision -m \"create customers\"",
                    "migrate upgrade head", "migrate --url postgresql://app@db/app upgrade head",
                    "migrate check", "migrate COMMAND --help   # every option of COMMAND"});
  // For the build: docs/migrate.1 is this output (man_page.h).
  if (argc == 2 && std::string_view(argv[1]) == "--help-man") {
    WriteManPage(app, MIGRATE_VERSION, std::cout);
    return 0;
  }
  // `downgrade -1` must read -1 as the target, not as an option.
  app.allow_extras(false);
  app.positionals_at_end(false);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (std::optional<std::string> unknown = UnknownCommand(app, argc, argv)) {
      std::cerr << *unknown << "\nRun with --help for more information.\n";
      return static_cast<int>(commands::ExitCode::kBadInput);
    }
    // `migrate db` alone: name the commands it has (CLI11 only says one is required).
    for (const CLI::App* group : app.get_subcommands()) {
      if (dynamic_cast<const CLI::RequiredError*>(&e) == nullptr) break;
      if (!group->get_subcommands().empty() || group->get_subcommands({}).empty()) continue;
      std::string names;
      for (const CLI::App* sub : group->get_subcommands({})) {
        names += (names.empty() ? "" : ", ") + sub->get_name();
      }
      std::cerr << "error: `migrate " << group->get_name() << "` needs a command: " << names
                << "\nRun with --help for more information.\n";
      return static_cast<int>(commands::ExitCode::kBadInput);
    }
    const int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(commands::ExitCode::kBadInput);
  }

  std::unique_ptr<report::Reporter> reporter = MakeReporter(global);
  auto finish = [&](const base::Status& status) {
    if (!status.ok()) reporter->Problem(status);
    const int code = static_cast<int>(commands::ExitCodeFor(status));
    reporter->Finish(code);
    return code;
  };

  config::Overrides overrides;
  if (!global.config_file.empty()) overrides.config_file = global.config_file;
  if (!global.url.empty()) overrides.url = global.url;
  if (!global.admin_url.empty()) overrides.admin_url = global.admin_url;
  if (!global.lock_timeout.empty()) {
    auto timeout = base::ParseDuration(global.lock_timeout);
    if (!timeout) return finish(std::move(timeout).error().Prefixed("--lock-timeout"));
    overrides.lock_wait_timeout = *timeout;
  }
  if (!global.wait.empty()) {
    auto wait = base::ParseDuration(global.wait);
    if (!wait) return finish(std::move(wait).error().Prefixed("--wait"));
    overrides.wait_timeout = *wait;
  }
  base::RealFileSystem fs;
  base::SystemClock clock;
  auto config = config::Load(overrides, config::Environment::FromProcess(), fs);
  if (!config) return finish(config.error());

  commands::Context context{*config, fs, clock, *reporter, InstalledTemplatesDir()};
  for (const Command& command : table) {
    if (command.app->parsed()) return finish(command.run(context));
  }
  return finish(base::Status::Internal("no subcommand ran"));
}

}  // namespace migrate::cli
