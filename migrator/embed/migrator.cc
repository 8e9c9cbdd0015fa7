#include "migrator/embed/migrator.h"

#include "migrator/base/clock.h"
#include "migrator/base/filesystem.h"
#include "migrator/commands/commands.h"
#include "migrator/commands/exit_code.h"
#include "migrator/config/config.h"
#include "migrator/embed/collecting_reporter.h"

namespace migrate::embed {

UpgradeResult Upgrade(const std::string& url, const std::string& script_dir,
                      const std::string& target, const Options& options) {
  config::Config config;
  config.url = url;
  config.url_source = "migrate::embed::Upgrade";
  config.url_base_dir = ".";
  config.script_location = script_dir;
  config.version_table = options.version_table;
  config.history_table = options.history_table;
  config.version_table_schema = options.version_table_schema;
  config.lock_wait_timeout = options.lock_wait_timeout;
  config.lock_timeout = options.lock_timeout;
  config.statement_timeout = options.statement_timeout;
  config.wait_timeout = options.wait;

  base::RealFileSystem fs;
  base::SystemClock clock;
  CollectingReporter reporter;
  commands::Context context{config, fs, clock, reporter, /*installed_templates_dir=*/""};
  commands::UpgradeArgs args;
  args.target = target;
  args.retry_incomplete = options.retry_incomplete;

  // As the CLI finishes a command: the failure that ended it is one more problem.
  const base::Status status = commands::Upgrade(context, args);
  if (!status.ok()) reporter.Problem(status);
  const int exit_code = static_cast<int>(commands::ExitCodeFor(status));
  reporter.Finish(exit_code);

  UpgradeResult result;
  result.exit_code = exit_code;
  result.applied = reporter.Ran();
  result.skipped = reporter.Skipped();
  result.problems = reporter.problems();
  result.waited_for = reporter.waiting();
  return result;
}

}  // namespace migrate::embed
