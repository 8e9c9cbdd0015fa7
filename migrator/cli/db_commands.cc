// `migrate db create|status|drop`: the database itself (bootstrap/).

#include <memory>

#include "migrator/cli/command_table.h"

namespace migrate::cli {

void DefineDbCommands(CLI::App& app, CommandTable& table) {
  CLI::App* db = app.add_subcommand(
      "db", "The database itself: create it (and its PostgreSQL role), diagnose it, drop it");
  db->require_subcommand(1);

  CLI::App* create =
      AddCommand(*db, table, "create",
                 "Create the URL's role and database if missing, grant what migrations need, and "
                 "verify by logging in as the role and creating a table; safe to run on every "
                 "start",
                 [](commands::Context& c) { return commands::DbCreate(c); });
  SetExamples(*create,
              {"migrate --admin-url postgresql://postgres@db:5432/postgres db create",
               "MIGRATE_ADMIN_URL=postgresql://postgres@db/postgres migrate db create",
               "migrate --url sqlite:///data/app.db db create   # the file and its folders"});

  CLI::App* status =
      AddCommand(*db, table, "status",
                 "Check each link from the server to the role's privileges, and name the first "
                 "broken one with its fix; exit 1 if one is broken",
                 [](commands::Context& c) { return commands::DbStatus(c); });
  SetExamples(*status, {"migrate db status",
                        "migrate --admin-url postgresql://postgres@db/postgres db status   # "
                        "tells a missing role from a wrong password",
                        "migrate --format json db status"});

  auto drop = std::make_shared<commands::DbDropArgs>();
  CLI::App* drop_command =
      AddCommand(*db, table, "drop",
                 "Drop the URL's database (the role stays); for test environments, refused "
                 "without --force",
                 [drop](commands::Context& c) { return commands::DbDrop(c, *drop); });
  drop_command->add_flag("--force", drop->force, "Really drop it, ending its sessions");
  SetExamples(*drop_command, {"migrate --url postgresql://ci@localhost/scratch db drop --force"});
}

}  // namespace migrate::cli
