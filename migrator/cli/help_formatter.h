// The --help text, wrapped to the terminal: CLI11 lays out its columns
// (option or command names on the left, their description from
// `column_width` on) but never wraps, so a description is one long line
// that the terminal breaks mid-word. HelpFormatter wraps every line of it
// at word boundaries to `width` columns, continuing each with a hanging
// indent: under the description column for an option or a command, under
// the text for anything else. A word longer than a whole line is cut.

#ifndef MIGRATOR_CLI_HELP_FORMATTER_H_
#define MIGRATOR_CLI_HELP_FORMATTER_H_

#include <cstddef>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

namespace migrate::cli {

class HelpFormatter final : public CLI::Formatter {
 public:
  /// REQUIRES: width > 0.
  explicit HelpFormatter(std::size_t width);

  std::string make_help(const CLI::App* app, std::string name, CLI::AppFormatMode mode) const override;

 private:
  std::size_t width_;
};

/// `text` with every line longer than `width` wrapped as HelpFormatter
/// wraps --help, where `column` is where descriptions start.
std::string WrapHelp(const std::string& text, std::size_t width, std::size_t column);

}  // namespace migrate::cli

#endif  // MIGRATOR_CLI_HELP_FORMATTER_H_
