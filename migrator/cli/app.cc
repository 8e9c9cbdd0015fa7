#include "migrator/cli/app.h"

#include <unistd.h>

#include <cstdlib>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string_view>

#include <CLI/CLI.hpp>

#include "migrator/base/duration.h"
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

namespace migrate::cli {

namespace {

// Options shared by every subcommand.
struct GlobalOptions {
  std::string config_file;
  std::string url;
  std::string format = "text";
  std::string lock_timeout;
  std::string wait;
  bool verbose = false;
  bool quiet = false;
};

// One subcommand: its name, its help, and the call it makes.
struct Command {
  CLI::App* app;
  std::function<base::Status(commands::Context&)> run;
};

std::unique_ptr<report::Reporter> MakeReporter(const GlobalOptions& options) {
  if (options.format == "json") return std::make_unique<report::JsonReporter>(std::cout);
  const bool color = isatty(STDOUT_FILENO) && std::getenv("NO_COLOR") == nullptr;
  return std::make_unique<report::TextReporter>(
      std::cout, std::cerr,
      report::TextOptions{.color = color, .quiet = options.quiet, .verbose = options.verbose});
}

std::vector<Command> DefineCommands(CLI::App& app, commands::InitArgs& init,
                                    commands::RevisionArgs& revision, commands::MergeArgs& merge,
                                    commands::HistoryArgs& history, commands::ShowArgs& show,
                                    bool& offline, commands::UpgradeArgs& upgrade,
                                    commands::DowngradeArgs& downgrade, commands::StampArgs& stamp,
                                    commands::RoundTripArgs& round_trip) {
  std::vector<Command> table;
  auto add = [&](const char* name, const char* help, auto run) {
    CLI::App* sub = app.add_subcommand(name, help);
    table.push_back(Command{sub, run});
    return sub;
  };

  add("init", "Create migrate.toml and migrations/ (example: migrate init myproject)",
      [&](commands::Context& c) { return commands::Init(c, init); })
      ->add_option("DIR", init.dir, "Folder to initialise (default: the current one)");

  CLI::App* rev = add("revision", "Create a new migration file (example: migrate revision -m \"add email\")",
                      [&](commands::Context& c) { return commands::Revision(c, revision); });
  rev->add_option("-m,--message", revision.message, "What the migration does")->required();
  rev->add_option("--head", revision.head, "Parent revision (required when there are several heads)");
  rev->add_flag("--splice", revision.splice, "Allow --head to name a revision that is not a head");
  rev->add_option("--branch-label", revision.branch_labels, "Label the new branch (usable as LABEL@head)");
  rev->add_option("--depends-on", revision.depends_on, "Revision or label that must be applied first");
  rev->add_option("--rev-id", revision.rev_id, "Use this revision id instead of a random one");

  CLI::App* mrg = add("merge", "Create an empty migration that joins heads (example: migrate merge -m \"merge\" heads)",
                      [&](commands::Context& c) { return commands::Merge(c, merge); });
  mrg->add_option("-m,--message", merge.message, "Message of the merge revision")->required();
  mrg->add_option("REVISIONS", merge.revisions, "Revisions to join, or 'heads'")->required();
  mrg->add_option("--rev-id", merge.rev_id, "Use this revision id instead of a random one");

  add("heads", "Show the heads of the revision graph",
      [](commands::Context& c) { return commands::Heads(c); });
  add("branches", "Show the branch points and their branches",
      [](commands::Context& c) { return commands::Branches(c); });
  add("history", "List revisions, newest first (example: migrate history -r base:head)",
      [&](commands::Context& c) { return commands::History(c, history); })
      ->add_option("-r,--rev-range", history.range, "Range A:B (either side may be empty)");
  add("show", "Show one revision (example: migrate show 1f73)",
      [&](commands::Context& c) { return commands::Show(c, show); })
      ->add_option("REV", show.revision, "Revision id, unique prefix, head or LABEL@head")
      ->required();

  add("check",
      "CI gate: exit 0 only if the database is at head, files unchanged, no drift "
      "(example: migrate check)",
      [&](commands::Context& c) { return offline ? commands::CheckOffline(c) : commands::Check(c); })
      ->add_flag("--offline", offline, "No database: files parse, graph is sound, one head");
  add("status",
      "Every revision, newest first: applied (when, how long) or pending, heads and the "
      "database's position marked",
      [](commands::Context& c) { return commands::ShowStatus(c); });
  add("test",
      "On a SCRATCH database: upgrade, downgrade and upgrade again each migration, checking "
      "each downgrade restores the schema (example: migrate --url sqlite:///tmp/scratch.db test)",
      [&](commands::Context& c) { return commands::RoundTrip(c, round_trip); })
      ->add_flag("--force", round_trip.force,
                 "Run even though the database's version table records revisions");
  add("verify", "Re-check what every applied migration did against the database (drift)",
      [](commands::Context& c) { return commands::Verify(c); });

  CLI::App* up = add("upgrade", "Apply migrations up to TARGET (example: migrate upgrade head)",
                     [&](commands::Context& c) { return commands::Upgrade(c, upgrade); });
  up->add_option("TARGET", upgrade.target, "head, heads, REV, PREFIX, +N, REV+N, LABEL@head")->required();
  up->add_flag("--sql", upgrade.sql, "Print the SQL script instead of running it (no connection)");
  up->add_flag("--retry-incomplete", upgrade.retry_incomplete,
               "Re-run `transaction: none` migrations marked incomplete");

  CLI::App* down = add("downgrade", "Revert migrations down to TARGET (example: migrate downgrade -1)",
                       [&](commands::Context& c) { return commands::Downgrade(c, downgrade); });
  down->add_option("TARGET", downgrade.target, "-N, base, REV, REV-N")->required();
  down->add_flag("--sql", downgrade.sql, "Print the SQL script instead of running it (no connection)");

  add("current", "Show the revision(s) the database is at",
      [](commands::Context& c) { return commands::Current(c); });

  add("wait",
      "Exit 0 once the database accepts connections and answers a query, 1 after --wait "
      "(default 30s here) (example: migrate --wait 60 wait && migrate upgrade head)",
      [](commands::Context& c) { return commands::Wait(c); });

  CLI::App* stp = add("stamp", "Record TARGET as applied without running anything (example: migrate stamp head)",
                      [&](commands::Context& c) { return commands::Stamp(c, stamp); });
  stp->add_option("TARGET", stamp.target, "Revision to record, or base")->required();
  stp->add_flag("--purge", stamp.purge, "Replace whatever the database records, even unknown revisions");
  return table;
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
      if (word == "-c" || word == "--config" || word == "--url" || word == "--format" ||
          word == "--lock-timeout" || word == "--wait") {
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
  app.add_option("-c,--config", global.config_file, "Configuration file (default: ./migrate.toml)");
  app.add_option("--url", global.url, "Database URL (overrides DATABASE_URL and migrate.toml)");
  app.add_option("--format", global.format, "Output format")->check(CLI::IsMember({"text", "json"}));
  app.add_option("--lock-timeout", global.lock_timeout,
                 "How long to wait for another process's migration lock (default 5min)");
  app.add_option("--wait", global.wait,
                 "Keep retrying for SECONDS (or 500ms, 2min, ...) while the database does not "
                 "accept connections (default 0: one attempt; `wait`: 30)")
      ->option_text("SECONDS");
  app.add_flag("-v,--verbose", global.verbose, "More detail");
  app.add_flag("-q,--quiet", global.quiet, "Print only errors");

  commands::InitArgs init;
  commands::RevisionArgs revision;
  commands::MergeArgs merge;
  commands::HistoryArgs history;
  commands::ShowArgs show;
  bool offline = false;
  commands::UpgradeArgs upgrade;
  commands::DowngradeArgs downgrade;
  commands::StampArgs stamp;
  commands::RoundTripArgs round_trip;
  std::vector<Command> table = DefineCommands(app, init, revision, merge, history, show, offline,
                                              upgrade, downgrade, stamp, round_trip);
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

  commands::Context context{*config, fs, clock, *reporter, MIGRATE_TEMPLATES_DIR};
  for (const Command& command : table) {
    if (command.app->parsed()) return finish(command.run(context));
  }
  return finish(base::Status::Internal("no subcommand ran"));
}

}  // namespace migrate::cli
