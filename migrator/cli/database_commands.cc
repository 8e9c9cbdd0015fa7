// The commands that connect to the database (and `check`, whose --offline
// form does not).

#include <memory>

#include "migrator/cli/command_table.h"

namespace migrate::cli {

void DefineDatabaseCommands(CLI::App& app, CommandTable& table) {
  auto offline = std::make_shared<bool>(false);
  AddCommand(app, table, "check",
             "CI gate: exit 0 only if the database is at head, files unchanged, no drift "
             "(example: migrate check)",
             [offline](commands::Context& c) {
               return *offline ? commands::CheckOffline(c) : commands::Check(c);
             })
      ->add_flag("--offline", *offline, "No database: files parse, graph is sound, one head");
  SetExamples(*app.get_subcommand("check"),
              {"migrate check             # exit 0, 1 (not at head, edited, drifted) or 2",
               "migrate check --offline   # before merging: one head, every file parses"});
  AddCommand(app, table, "status",
             "Every revision, newest first: applied (when, how long, rows changed), pending, "
             "edited, drifted, incomplete or unknown; heads and the database's position marked",
             [](commands::Context& c) { return commands::ShowStatus(c); });
  SetExamples(*app.get_subcommand("status"), {"migrate status", "migrate --format json status"});

  auto round_trip = std::make_shared<commands::RoundTripArgs>();
  AddCommand(app, table, "test",
             "On a SCRATCH database: upgrade, downgrade and upgrade again each migration, checking "
             "each downgrade restores the schema (example: migrate --url sqlite:///tmp/scratch.db test)",
             [round_trip](commands::Context& c) { return commands::RoundTrip(c, *round_trip); })
      ->add_flag("--force", round_trip->force,
                 "Run even though the database's version table records revisions");
  SetExamples(*app.get_subcommand("test"),
              {"migrate --url sqlite:///scratch.db test",
               "migrate --url postgresql://ci@localhost/scratch test"});
  AddCommand(app, table, "verify", "Re-check what every applied migration did against the database (drift)",
             [](commands::Context& c) { return commands::Verify(c); });
  SetExamples(*app.get_subcommand("verify"), {"migrate verify"});

  auto upgrade = std::make_shared<commands::UpgradeArgs>();
  CLI::App* up = AddCommand(app, table, "upgrade", "Apply migrations up to TARGET (example: migrate upgrade head)",
                            [upgrade](commands::Context& c) { return commands::Upgrade(c, *upgrade); });
  up->add_option("TARGET", upgrade->target, "head, heads, REV, PREFIX, +N, REV+N, LABEL@head")->required();
  up->add_flag("--sql", upgrade->sql, "Print the SQL script instead of running it (no connection)");
  up->add_flag("--retry-incomplete", upgrade->retry_incomplete,
               "Re-run `transaction: none` migrations marked incomplete");
  SetExamples(*up, {"migrate upgrade head", "migrate upgrade +1            # the next migration only",
                    "migrate upgrade packs@head    # one branch",
                    "migrate upgrade head --sql    # print the script, connect to nothing",
                    "migrate upgrade head --create-db   # first the role and database, if missing"});
  up->add_flag("--create-db", upgrade->create_db,
               "First create the database (and its PostgreSQL role) if missing, as `db create` "
               "does");

  auto downgrade = std::make_shared<commands::DowngradeArgs>();
  CLI::App* down = AddCommand(app, table, "downgrade", "Revert migrations down to TARGET (example: migrate downgrade -1)",
                              [downgrade](commands::Context& c) { return commands::Downgrade(c, *downgrade); });
  down->add_option("TARGET", downgrade->target, "-N, base, REV, REV-N")->required();
  down->add_flag("--sql", downgrade->sql, "Print the SQL script instead of running it (no connection)");
  SetExamples(*down, {"migrate downgrade -1     # the last migration", "migrate downgrade base   # everything",
                      "migrate downgrade 1f73   # down to (and keeping) 1f73"});

  auto redo = std::make_shared<commands::RedoArgs>();
  CLI::App* rdo = AddCommand(
      app, table, "redo",
      "On a DEVELOPMENT database: revert the latest applied revision and apply it again from its "
      "file as it is now, after editing it (example: migrate redo)",
      [redo](commands::Context& c) { return commands::Redo(c, *redo); });
  rdo->add_option("REV", redo->revision,
                  "The revision to redo: a head of the database (default: its only head)");
  SetExamples(*rdo, {"migrate redo        # the one applied head, after editing its file",
                     "migrate redo 1f73   # one head of several"});

  AddCommand(app, table, "current", "Show the revision(s) the database is at",
             [](commands::Context& c) { return commands::Current(c); });
  SetExamples(*app.get_subcommand("current"), {"migrate current", "migrate --format json current"});

  AddCommand(app, table, "wait",
             "Exit 0 once the database accepts connections and answers a query, 1 after --wait "
             "(default 30s here) (example: migrate --wait 60 wait && migrate upgrade head)",
             [](commands::Context& c) { return commands::Wait(c); });
  SetExamples(*app.get_subcommand("wait"),
              {"migrate --wait 60 wait && migrate upgrade head   # in a container entrypoint"});

  auto stamp = std::make_shared<commands::StampArgs>();
  CLI::App* stp = AddCommand(app, table, "stamp", "Record TARGET as applied without running anything (example: migrate stamp head)",
                             [stamp](commands::Context& c) {
                               return stamp->from_table.empty() ? commands::Stamp(c, *stamp)
                                                                : commands::StampFromTable(c, *stamp);
                             });
  CLI::Option* stamp_target = stp->add_option("TARGET", stamp->target, "Revision to record, or base");
  stp->add_flag("--purge", stamp->purge, "Replace whatever the database records, even unknown revisions");
  stp->add_option("--from-table", stamp->from_table,
                  "Instead of TARGET: stamp the latest version that golang-migrate, flyway, dbmate "
                  "or sqitch recorded in its own history table, as `migrate import` named it "
                  "(example: migrate stamp --from-table flyway)")
      ->option_text("FORMAT")
      ->excludes(stamp_target);
  stp->add_option("--table", stamp->table,
                  "With --from-table: the tool's history table, if not its default "
                  "(schema_migrations, flyway_schema_history, sqitch.changes)");
  stp->callback([stp, stamp_target] {
    if (stamp_target->count() == 0 && stp->get_option("--from-table")->count() == 0) {
      throw CLI::RequiredError("TARGET or --from-table");
    }
  });
  SetExamples(*stp, {"migrate stamp head    # the schema is already there: record it",
                     "migrate stamp base    # forget every applied revision"});
}

}  // namespace migrate::cli
