// `migrate db create|status|drop`: the database itself (bootstrap/).

#include <memory>

#include "migrator/cli/command_table.h"

namespace migrate::cli {

void DefineDbCommands(CLI::App& app, CommandTable& table) {
  CLI::App* db = app.add_subcommand(
      "db",
      "The database itself: create it (and its PostgreSQL role), diagnose it, drop it "
      "(example: migrate db create)");
  db->require_subcommand(1);

  AddCommand(*db, table, "create",
             "Create the URL's role and database if missing, grant what migrations need, and "
             "verify by logging in as the role and creating a table; safe to run on every start "
             "(example: migrate --admin-url postgresql://postgres@db/postgres db create)",
             [](commands::Context& c) { return commands::DbCreate(c); });
  AddCommand(*db, table, "status",
             "Check each link from the server to the role's privileges, and name the first "
             "broken one with its fix; exit 1 if one is broken (example: migrate db status)",
             [](commands::Context& c) { return commands::DbStatus(c); });
  auto drop = std::make_shared<commands::DbDropArgs>();
  AddCommand(*db, table, "drop",
             "Drop the URL's database (the role stays); for test environments, refused "
             "without --force (example: migrate db drop --force)",
             [drop](commands::Context& c) { return commands::DbDrop(c, *drop); })
      ->add_flag("--force", drop->force, "Really drop it, ending its sessions");
}

}  // namespace migrate::cli
