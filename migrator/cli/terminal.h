// What `migrate` writes to: a terminal, or a log (a CI job, a pipe, a
// file), decided once when it starts. On a log every line must arrive whole
// and at once, and no control code may; on a terminal the output may use
// colour and redraw a line, unless TERM=dumb says it cannot (NO_COLOR turns
// off colour only).
//
// Reads the process's standard streams and its TERM, NO_COLOR and COLUMNS.

#ifndef MIGRATOR_CLI_TERMINAL_H_
#define MIGRATOR_CLI_TERMINAL_H_

#include <cstddef>

namespace migrate::cli {

struct Terminal {
  bool out_is_terminal = false;  // stdout is a TTY and TERM is not dumb
  bool err_is_terminal = false;  // stderr is a TTY and TERM is not dumb
  bool color = false;            // out_is_terminal and no NO_COLOR
  /// Columns to wrap --help at: the terminal's (TIOCGWINSZ), else COLUMNS,
  /// else 80.
  std::size_t width = 80;
};

/// The terminal as the process finds it now.
Terminal DetectTerminal();

/// Makes stdout and stderr line-buffered, so that each line is written
/// whole, in order, as soon as it ends (stdout to a pipe or file is block
/// buffered by default: a killed CI job would show nothing). Call before
/// anything is written.
void LineBufferStandardStreams();

}  // namespace migrate::cli

#endif  // MIGRATOR_CLI_TERMINAL_H_
