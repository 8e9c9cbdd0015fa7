#include "migrator/cli/command_table.h"

#include <utility>

namespace migrate::cli {

CLI::App* AddCommand(CLI::App& app, CommandTable& table, const std::string& name,
                     const std::string& help, std::function<base::Status(commands::Context&)> run) {
  CLI::App* sub = app.add_subcommand(name, help);
  table.push_back(Command{sub, std::move(run)});
  return sub;
}

void SetExamples(CLI::App& command, const std::vector<std::string>& examples) {
  std::string footer = "Examples:";
  for (const std::string& example : examples) footer += "\n  " + example;
  command.footer(footer);
}

}  // namespace migrate::cli
