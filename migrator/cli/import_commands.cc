// `migrate import`: converting another tool's migrations folder.

#include <memory>
#include <utility>

#include "migrator/cli/command_table.h"

namespace migrate::cli {

void DefineImportCommands(CLI::App& app, CommandTable& table) {
  auto args = std::make_shared<commands::ImportArgs>();
  CLI::App* cmd =
      AddCommand(app, table, "import",
                 "Convert another tool's migrations folder into migrate files, keeping their order "
                 "(example: migrate import golang-migrate db/migrations)",
                 [args](commands::Context& c) {
                   // CLI11 fills positionals in order: one word is the folder.
                   commands::ImportArgs parsed = *args;
                   if (parsed.source_dir.empty()) std::swap(parsed.format, parsed.source_dir);
                   return commands::Import(c, parsed);
                 });
  cmd->add_option(
      "FORMAT", args->format,
      "golang-migrate, flyway, dbmate or sqitch; detected from the files when left out");
  cmd->add_option("SOURCE_DIR", args->source_dir, "The folder that tool reads its migrations from");
  cmd->add_option(
      "--dir", args->out_dir,
      "Where to write the files (default: script_location of migrate.toml, migrations/)");
  SetExamples(*cmd, {"migrate import golang-migrate db/migrations",
                     "migrate import flyway src/main/resources/db/migration",
                     "migrate import db/migrations          # format detected from the file names",
                     "migrate import sqitch . --dir migrations"});
}

}  // namespace migrate::cli
