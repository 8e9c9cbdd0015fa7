// The help a new user reads: every command's --help ends with examples, and
// the man page (docs/migrate.1, installed by `cmake --install` and the .deb)
// is exactly what the binary writes from the same definitions, so neither
// can drift from the options the binary really has.

#include <fstream>
#include <regex>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/cli/cli_test.h"

namespace migrate::cli_test {
namespace {

using ::testing::HasSubstr;

// The commands `migrate --help` lists, with the path to reach them: "db
// create" for the nested ones.
std::vector<std::string> CommandsIn(const std::string& help, const std::string& prefix) {
  std::vector<std::string> commands;
  const std::size_t list = help.find("Subcommands:\n");
  if (list == std::string::npos) return commands;
  static const std::regex kEntry(R"(^  ([a-z][a-z-]*) )");
  std::istringstream lines(help.substr(list));
  std::string line;
  std::getline(lines, line);  // "Subcommands:"; the list ends at a blank line
  while (std::getline(lines, line) && !line.empty()) {
    std::smatch m;
    if (std::regex_search(line, m, kEntry)) commands.push_back(prefix + m[1].str());
  }
  return commands;
}

class HelpTest : public CliTest {
 protected:
  // Every command, nested ones included, e.g. {"init", ..., "db", "db create"}.
  std::vector<std::string> AllCommands() const {
    std::vector<std::string> all;
    std::vector<std::string> pending = CommandsIn(Migrate({"--help"}).out, "");
    while (!pending.empty()) {
      const std::string command = pending.front();
      pending.erase(pending.begin());
      all.push_back(command);
      std::vector<std::string> argv = Words(command);
      argv.push_back("--help");
      for (const std::string& sub : CommandsIn(Migrate(argv).out, command + " ")) pending.push_back(sub);
    }
    return all;
  }

  static std::vector<std::string> Words(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> words;
    for (std::string w; in >> w;) words.push_back(w);
    return words;
  }
};

TEST_F(HelpTest, EveryCommandsHelpEndsWithExamplesOfThatCommand) {
  const std::vector<std::string> commands = AllCommands();
  ASSERT_GE(commands.size(), 16u);
  for (const std::string& command : commands) {
    std::vector<std::string> argv = Words(command);
    argv.push_back("--help");
    const ProcessResult r = Migrate(argv);
    EXPECT_EQ(r.exit_code, 0) << r.Describe();
    // A family of commands (`db`) shows its members' examples instead.
    if (!CommandsIn(r.out, "").empty()) continue;
    const std::size_t examples = r.out.find("\nExamples:\n  migrate ");
    ASSERT_NE(examples, std::string::npos) << "`migrate " << command << " --help` has no examples";
    // Global options may come between `migrate` and the command.
    EXPECT_THAT(r.out.substr(examples), HasSubstr(" " + command)) << command;
  }
}

TEST_F(HelpTest, TheManPageInDocsIsWhatTheBinaryWrites) {
  const ProcessResult r = Migrate({"--help-man"});
  ASSERT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.out, ReadFile(SourceDir() + "/docs/migrate.1"))
      << "docs/migrate.1 is out of date: run `build/migrate --help-man > docs/migrate.1`";
}

TEST_F(HelpTest, TheManPageHasEveryCommandAndGlobalOption) {
  const std::string page = Migrate({"--help-man"}).out;
  for (const std::string& command : AllCommands()) {
    EXPECT_NE(page.find(".SS \"migrate " + command), std::string::npos) << command;
  }
  for (const char* option : {"\\-\\-url", "\\-\\-config", "\\-\\-format", "\\-\\-lock\\-timeout",
                             "\\-\\-wait", "\\-\\-verbose", "\\-\\-quiet"}) {
    EXPECT_THAT(page, HasSubstr(option));
  }
  EXPECT_THAT(page, HasSubstr(".SH EXIT STATUS"));
}

TEST_F(HelpTest, TheManPageRendersWithoutWarnings) {
  dir_.Write("migrate.1", Migrate({"--help-man"}).out);
  const ProcessResult r = RunProcess({"groff", "-man", "-Tutf8", "-ww", "-z", dir_.Path("migrate.1")}, {});
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.err, "");
}

}  // namespace
}  // namespace migrate::cli_test
