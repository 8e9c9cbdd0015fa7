#include "migrator/cli/command_line.h"

#include <algorithm>
#include <memory>
#include <sstream>
#include <utility>

#include "migrator/base/duration.h"
#include "migrator/base/spelling.h"
#include "migrator/commands/exit_code.h"
#include "migrator/db/redaction.h"

namespace migrate::cli {

namespace {

constexpr int kBadUsage = static_cast<int>(commands::ExitCode::kBadInput);
constexpr const char* kMoreHelp = "Run with --help for more information.\n";

// A usage error: exit 2, `message` ("error: ...\n") and where to read more.
Handled UsageFailure(const std::string& message) {
  return Handled{kBadUsage, "", message + kMoreHelp};
}

void DefineGlobalOptions(CLI::App& app, GlobalOptions& global) {
  app.add_option("-c,--config", global.config_file,
                 "Configuration file (default: the nearest migrate.toml, here or in a folder "
                 "above)")
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
               "More detail: the configuration file used, the plan, and each statement with its "
               "timing (example: migrate upgrade head -v)");
  app.add_flag("-q,--quiet", global.quiet, "Print only errors");
}

// The subcommands `command` has, by name.
std::vector<std::string> CommandNames(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::App* sub : command.get_subcommands({})) names.push_back(sub->get_name());
  return names;
}

const CLI::App* FindCommand(const CLI::App& command, const std::string& name) {
  for (const CLI::App* sub : command.get_subcommands({})) {
    if (sub->get_name() == name) return sub;
  }
  return nullptr;
}

// The commands CLI11 selected, outermost first: {upgrade}, {db, create}.
std::vector<const CLI::App*> SelectedCommands(const CLI::App& app) {
  std::vector<const CLI::App*> chain;
  const CLI::App* at = &app;
  while (!at->get_subcommands().empty()) {
    at = at->get_subcommands().front();
    chain.push_back(at);
  }
  return chain;
}

// "migrate db create" for {db, create}.
std::string CommandPath(const CLI::App& app, const std::vector<const CLI::App*>& chain) {
  std::string path = app.get_name();
  for (const CLI::App* command : chain) path += " " + command->get_name();
  return path;
}

// `-1` is a target (downgrade -1), not an option.
bool IsNegativeNumber(std::string_view word) {
  return word.size() > 1 && word[0] == '-' &&
         word.find_first_not_of("0123456789", 1) == std::string_view::npos;
}

bool IsOption(std::string_view word) {
  return word.size() > 1 && word[0] == '-' && !IsNegativeNumber(word);
}

// Whether option `name` ("--url", "-m") of `command` or of a command below
// it takes a value, so that the next argument is that value.
bool TakesValue(const CLI::App& command, const std::string& name) {
  if (const CLI::Option* option = command.get_option_no_throw(name)) {
    return option->get_items_expected_max() > 0;
  }
  for (const CLI::App* sub : command.get_subcommands({})) {
    if (TakesValue(*sub, name)) return true;
  }
  return false;
}

// The arguments that are neither options nor their values, in order:
// command names, then the commands' own arguments.
std::vector<std::string> Words(const CLI::App& app, const std::vector<std::string>& args) {
  std::vector<std::string> words;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--") {
      words.insert(words.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1, args.end());
      break;
    }
    if (!IsOption(args[i])) {
      words.push_back(args[i]);
    } else if (args[i].find('=') == std::string::npos && TakesValue(app, args[i])) {
      ++i;
    }
  }
  return words;
}

// "error: unknown command 'upgrad' (did you mean 'upgrade'?)", for a word
// where `command` (the top level, or `db`) expects one of its commands.
std::string UnknownCommand(const CLI::App& command, const std::string& path,
                           const std::string& word) {
  const std::vector<std::string> names = CommandNames(command);
  const std::vector<std::string_view> candidates(names.begin(), names.end());
  std::string where = path.find(' ') == std::string::npos ? "" : " of `" + path + "`";
  return "error: unknown command '" + word + "'" + where + base::DidYouMean(word, candidates) +
         "\n";
}

// "error: unknown option '--urll' (did you mean '--url'?)": the closest
// option of the selected command or of a command above it (whose options
// it accepts too), compared without their dashes.
std::string UnknownOption(const CLI::App& app, const std::vector<const CLI::App*>& chain,
                          const std::string& word) {
  std::vector<std::string> names;
  std::vector<const CLI::App*> scopes = {&app};
  scopes.insert(scopes.end(), chain.begin(), chain.end());
  for (const CLI::App* scope : scopes) {
    for (const CLI::Option* option : scope->get_options()) {
      for (const std::string& name : option->get_lnames()) names.push_back("--" + name);
      for (const std::string& name : option->get_snames()) names.push_back("-" + name);
    }
  }
  const std::string bare = word.substr(0, word.find('=')).substr(word.find_first_not_of('-'));
  std::vector<std::string_view> candidates;
  for (const std::string& name : names) {
    candidates.push_back(std::string_view(name).substr(name.find_first_not_of('-')));
  }
  std::string hint;
  if (std::optional<std::string_view> match = base::ClosestMatch(bare, candidates)) {
    for (const std::string& name : names) {
      if (std::string_view(name).ends_with(*match) &&
          name.size() - match->size() == name.find_first_not_of('-')) {
        hint = " (did you mean '" + name + "'?)";
        break;
      }
    }
  }
  return "error: unknown option '" + word.substr(0, word.find('=')) + "'" + hint + "\n";
}

// `migrate` with no command: the usage and the commands, on stderr (it is
// a usage error: a script that lost its arguments must not pass).
Handled NoCommand(const CLI::App& app) {
  std::string text;
  if (auto formatter = std::dynamic_pointer_cast<CLI::Formatter>(app.get_formatter())) {
    text = formatter->make_usage(&app, app.get_name()) +
           formatter->make_subcommands(&app, CLI::AppFormatMode::Normal);
  } else {
    text = app.help();
  }
  return Handled{kBadUsage, "",
                 text + "\nerror: no command given; `migrate help COMMAND` describes one\n"};
}

// `migrate help [COMMAND...]`: the help of the top level or of that command.
Handled Help(const CLI::App& app, const std::vector<std::string>& topic) {
  const CLI::App* command = &app;
  std::string parent;
  std::string path = app.get_name();
  for (const std::string& word : topic) {
    const CLI::App* sub = FindCommand(*command, word);
    if (sub == nullptr) return UsageFailure(UnknownCommand(*command, path, word));
    parent = path;
    path += " " + word;
    command = sub;
  }
  return Handled{0, command == &app ? app.help() : command->help(parent), ""};
}

// A CLI11 parse error as a usage error naming what is wrong.
Handled UsageError(CLI::App& app, const CLI::Error& error, const std::vector<std::string>& args) {
  const std::vector<const CLI::App*> chain = SelectedCommands(app);
  const CLI::App& selected = chain.empty() ? app : *chain.back();
  const std::string path = CommandPath(app, chain);
  const std::vector<std::string> words = Words(app, args);
  // The top level or `db` without one of its commands: a mistyped one, or none.
  if (!selected.get_subcommands({}).empty() && selected.get_subcommands().empty()) {
    if (words.size() > chain.size()) {
      return UsageFailure(UnknownCommand(selected, path, words[chain.size()]));
    }
    if (chain.empty()) return NoCommand(app);
    std::string names;
    for (const std::string& name : CommandNames(selected)) {
      names += (names.empty() ? "" : ", ") + name;
    }
    return UsageFailure("error: `" + path + "` needs a command: " + names + "\n");
  }
  if (dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr) {
    const std::vector<std::string> extras = app.remaining(true);
    if (!extras.empty()) {
      const std::string& first = extras.front();
      if (IsOption(first)) return UsageFailure(UnknownOption(app, chain, first));
      // `--url host=x password=y` unquoted leaves `password=y` over.
      return UsageFailure("error: unexpected argument '" + db::RedactConnectionString(first) +
                          "' for `" + path + "`\n");
    }
  }
  return UsageFailure("error: " + std::string(error.what()) + "\n");
}

}  // namespace

void DefineCommandLine(CLI::App& app, CommandLine& line, std::string_view version) {
  app.name("migrate");
  app.description(
      "migrate: versioned SQL migrations for SQLite and PostgreSQL, verified as they run");
  line.version = std::string(version);
  app.set_version_flag("--version", line.version);
  app.require_subcommand(1);
  // Inherited by every subcommand added below: an option a command does
  // not have goes to the command above it, the global options included.
  app.fallthrough();
  DefineGlobalOptions(app, line.global);

  DefineProjectCommands(app, line.table);
  DefineDatabaseCommands(app, line.table);
  DefineImportCommands(app, line.table);
  DefineDbCommands(app, line.table);
  // Answered by ParseCommandLine before CLI11 parses: its words name
  // commands, which CLI11 would take as a second command to run.
  CLI::App* help = app.add_subcommand("help", "Show the help of migrate, or of COMMAND");
  help->add_option("COMMAND")->description("A command, or `db` and one of its commands");
  SetExamples(*help, {"migrate help upgrade", "migrate help db create"});
  line.version_command = app.add_subcommand("version", "Print the version of migrate");
  SetExamples(*line.version_command, {"migrate version"});
  SetExamples(app, {"migrate init && migrate revision -m \"create customers\"",
                    "migrate upgrade head", "migrate upgrade head --url postgresql://app@db/app",
                    "migrate check", "migrate help COMMAND   # every option of COMMAND"});
  // `downgrade -1` must read -1 as the target, not as an option.
  app.allow_extras(false);
  app.positionals_at_end(false);
}

std::optional<Handled> ParseCommandLine(CLI::App& app, const CommandLine& line,
                                        const std::vector<std::string>& args) {
  const std::vector<std::string> words = Words(app, args);
  const bool asks_help = std::any_of(args.begin(), args.end(), [](const std::string& arg) {
    return arg == "-h" || arg == "--help";
  });
  // (`migrate help --help` is the help of `help`, which CLI11 gives.)
  if (!words.empty() && words.front() == "help" && !asks_help) {
    return Help(app, std::vector<std::string>(words.begin() + 1, words.end()));
  }
  try {
    // CLI11 takes a vector of arguments last first.
    app.parse(std::vector<std::string>(args.rbegin(), args.rend()));
  } catch (const CLI::Error& error) {
    if (error.get_exit_code() == 0) {  // --help, --version
      std::ostringstream out, err;
      const int code = app.exit(error, out, err);
      return Handled{code, out.str(), err.str()};
    }
    return UsageError(app, error, args);
  }
  if (line.version_command->parsed()) return Handled{0, line.version + "\n", ""};
  return std::nullopt;
}

base::Result<config::Overrides> OverridesOf(const GlobalOptions& global) {
  config::Overrides overrides;
  if (!global.config_file.empty()) overrides.config_file = global.config_file;
  if (!global.url.empty()) overrides.url = global.url;
  if (!global.admin_url.empty()) overrides.admin_url = global.admin_url;
  if (!global.lock_timeout.empty()) {
    auto timeout = base::ParseDuration(global.lock_timeout);
    if (!timeout) return std::move(timeout).error().Prefixed("--lock-timeout");
    overrides.lock_wait_timeout = *timeout;
  }
  if (!global.wait.empty()) {
    auto wait = base::ParseDuration(global.wait);
    if (!wait) return std::move(wait).error().Prefixed("--wait");
    overrides.wait_timeout = *wait;
  }
  return overrides;
}

}  // namespace migrate::cli
