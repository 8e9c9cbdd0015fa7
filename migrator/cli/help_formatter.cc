#include "migrator/cli/help_formatter.h"

#include <algorithm>
#include <string_view>
#include <vector>

namespace migrate::cli {

namespace {

// CLI11's default description column, narrowed on a narrow terminal so
// that descriptions keep half of it.
constexpr std::size_t kDescriptionColumn = 30;
// Continuation lines keep at least this many columns for their words.
constexpr std::size_t kMinimumText = 12;

std::size_t LeadingSpaces(std::string_view line) {
  const std::size_t first = line.find_first_not_of(' ');
  return first == std::string_view::npos ? line.size() : first;
}

// Where the continuation lines of `line` start: under the description when
// the line is "  NAME   description" with the description at `column`,
// else two columns in from the line's own indent.
std::size_t HangingIndent(std::string_view line, std::size_t width, std::size_t column) {
  const std::size_t leading = LeadingSpaces(line);
  std::size_t indent = leading + 2;
  if (column > leading + 2 && column < line.size() && line[column] != ' ' &&
      line.substr(column - 2, 2) == "  ") {
    indent = column;
  }
  return std::min(indent, width > kMinimumText ? width - kMinimumText : 0);
}

// Appends `line` to `out`, wrapped at `width` with continuation lines
// indented by `indent`.
void WrapLine(std::string_view line, std::size_t width, std::size_t column, std::string& out) {
  if (line.size() <= width) {
    out.append(line);
    out += '\n';
    return;
  }
  const std::size_t indent = HangingIndent(line, width, column);
  const std::size_t leading = LeadingSpaces(line);
  std::string current(line.substr(0, leading));
  bool has_word = false;  // a word is on `current` beyond its indent
  auto end_line = [&] {
    while (!current.empty() && current.back() == ' ') current.pop_back();
    out += current;
    out += '\n';
    current.assign(indent, ' ');
    has_word = false;
  };
  std::size_t pos = leading;
  while (pos < line.size()) {
    const std::size_t end = std::min(line.find(' ', pos), line.size());
    std::string_view word = line.substr(pos, end - pos);
    // The spaces after the word, as written (the gap before a description).
    const std::size_t next = std::min(line.find_first_not_of(' ', end), line.size());
    const std::string_view gap = line.substr(end, next - end);
    if (has_word && current.size() + word.size() > width) end_line();
    // A word wider than a whole line: cut it.
    while (current.size() + word.size() > width) {
      if (current.size() >= width) end_line();
      const std::size_t room = width - current.size();
      current.append(word.substr(0, room));
      word.remove_prefix(room);
      end_line();
    }
    current.append(word);
    has_word = true;
    current.append(gap);
    pos = next;
  }
  end_line();
}

}  // namespace

std::string WrapHelp(const std::string& text, std::size_t width, std::size_t column) {
  std::string out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    WrapLine(std::string_view(text).substr(start, end - start), width, column, out);
    start = end + 1;
  }
  if (!text.empty() && text.back() != '\n') out.pop_back();
  return out;
}

HelpFormatter::HelpFormatter(std::size_t width) : width_(width) {
  column_width(std::min(kDescriptionColumn, width / 2));
}

std::string HelpFormatter::make_help(const CLI::App* app, std::string name,
                                     CLI::AppFormatMode mode) const {
  return WrapHelp(CLI::Formatter::make_help(app, std::move(name), mode), width_,
                  get_column_width());
}

}  // namespace migrate::cli
