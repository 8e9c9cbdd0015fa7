// The commands that read or write the script directory; none connects but
// show, and it only when a database URL is configured.

#include <memory>

#include "migrator/cli/command_table.h"

namespace migrate::cli {

void DefineProjectCommands(CLI::App& app, CommandTable& table) {
  auto init = std::make_shared<commands::InitArgs>();
  AddCommand(app, table, "init", "Create migrate.toml and migrations/ (example: migrate init myproject)",
             [init](commands::Context& c) { return commands::Init(c, *init); })
      ->add_option("DIR", init->dir, "Folder to initialise (default: the current one)");
  SetExamples(*app.get_subcommand("init"),
              {"migrate init                # migrate.toml and migrations/ here",
               "migrate init services/api   # ... in another folder"});

  auto revision = std::make_shared<commands::RevisionArgs>();
  CLI::App* rev = AddCommand(app, table, "revision",
                             "Create a new migration file (example: migrate revision -m \"add email\")",
                             [revision](commands::Context& c) { return commands::Revision(c, *revision); });
  rev->add_option("-m,--message", revision->message, "What the migration does")->required();
  rev->add_option("--head", revision->head, "Parent revision (required when there are several heads)");
  rev->add_flag("--splice", revision->splice, "Allow --head to name a revision that is not a head");
  rev->add_option("--branch-label", revision->branch_labels, "Label the new branch (usable as LABEL@head)");
  rev->add_option("--depends-on", revision->depends_on, "Revision or label that must be applied first");
  rev->add_option("--rev-id", revision->rev_id, "Use this revision id instead of a random one");
  SetExamples(*rev, {"migrate revision -m \"add email to customers\"",
                     "migrate revision -m \"packs\" --head base --branch-label packs   # a new branch",
                     "migrate revision -m \"fix\" --head packs@head                  # on that branch"});

  auto merge = std::make_shared<commands::MergeArgs>();
  CLI::App* mrg = AddCommand(app, table, "merge",
                             "Create an empty migration that joins heads (example: migrate merge -m \"merge\" heads)",
                             [merge](commands::Context& c) { return commands::Merge(c, *merge); });
  mrg->add_option("-m,--message", merge->message, "Message of the merge revision")->required();
  mrg->add_option("REVISIONS", merge->revisions, "Revisions to join, or 'heads'")->required();
  mrg->add_option("--rev-id", merge->rev_id, "Use this revision id instead of a random one");
  SetExamples(*mrg, {"migrate merge -m \"merge packs\" heads   # join every head",
                     "migrate merge -m \"merge\" 1f73 9b2c"});

  SetExamples(*AddCommand(app, table, "heads", "Show the heads of the revision graph",
                          [](commands::Context& c) { return commands::Heads(c); }),
              {"migrate heads", "migrate --format json heads"});
  SetExamples(*AddCommand(app, table, "branches", "Show the branch points and their branches",
                          [](commands::Context& c) { return commands::Branches(c); }),
              {"migrate branches"});

  auto history = std::make_shared<commands::HistoryArgs>();
  AddCommand(app, table, "history", "List revisions, newest first (example: migrate history -r base:head)",
             [history](commands::Context& c) { return commands::History(c, *history); })
      ->add_option("-r,--rev-range", history->range, "Range A:B (either side may be empty)");
  SetExamples(*app.get_subcommand("history"),
              {"migrate history", "migrate history -r 1f73:head   # from 1f73 up", "migrate history -r :1f73"});

  auto show = std::make_shared<commands::ShowArgs>();
  AddCommand(app, table, "show",
             "Show one revision and, with a database URL, whether it is applied and the rows its "
             "upgrade changed (example: migrate show 1f73)",
             [show](commands::Context& c) { return commands::Show(c, *show); })
      ->add_option("REV", show->revision, "Revision id, unique prefix, head or LABEL@head")
      ->required();
  SetExamples(*app.get_subcommand("show"), {"migrate show 1f73", "migrate show head"});
}

}  // namespace migrate::cli
