#include "migrator/cli/terminal.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string_view>

namespace migrate::cli {

namespace {

// TERM=dumb (Emacs shells, some CI runners) promises no cursor movement
// and no colour; an unset TERM promises nothing either.
bool DumbTerminal() {
  const char* term = std::getenv("TERM");
  return term == nullptr || *term == '\0' || std::strcmp(term, "dumb") == 0;
}

// A positive number of columns from COLUMNS; 0 when unset or not a number.
std::size_t ColumnsVariable() {
  const char* columns = std::getenv("COLUMNS");
  if (columns == nullptr) return 0;
  const std::string_view text(columns);
  std::size_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() ? value : 0;
}

}  // namespace

Terminal DetectTerminal() {
  Terminal terminal;
  const bool dumb = DumbTerminal();
  terminal.out_is_terminal = isatty(STDOUT_FILENO) != 0 && !dumb;
  terminal.err_is_terminal = isatty(STDERR_FILENO) != 0 && !dumb;
  terminal.color = terminal.out_is_terminal && std::getenv("NO_COLOR") == nullptr;
  winsize size = {};
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) {
    terminal.width = size.ws_col;
  } else if (const std::size_t columns = ColumnsVariable(); columns > 0) {
    terminal.width = columns;
  }
  return terminal;
}

void LineBufferStandardStreams() {
  std::setvbuf(stdout, nullptr, _IOLBF, BUFSIZ);
  std::setvbuf(stderr, nullptr, _IOLBF, BUFSIZ);
  // std::cerr flushes after every `<<` (unitbuf), which would write a line
  // in pieces; stderr's line buffer now does the flushing, once per line.
  std::cerr.unsetf(std::ios::unitbuf);
}

}  // namespace migrate::cli
