#include <exception>
#include <iostream>

#include "migrator/base/interrupt.h"
#include "migrator/cli/app.h"
#include "migrator/cli/terminal.h"
#include "migrator/commands/exit_code.h"

int main(int argc, char** argv) {
  migrate::cli::LineBufferStandardStreams();
  // Ctrl-C, SIGTERM, SIGHUP: cancel, roll back, unlock, then exit 128 + N.
  migrate::base::InstallInterruptHandlers();
  // Errors are Statuses, and no exception is expected out of Run; one that
  // escapes anyway is a bug in migrate: said so, exit 70 (EX_SOFTWARE),
  // instead of std::terminate's abort (134) with no message.
  try {
    return migrate::cli::Run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "error: internal error (a bug in migrate): " << e.what() << "\n";
  } catch (...) {
    std::cerr << "error: internal error (a bug in migrate): an unknown exception\n";
  }
  return static_cast<int>(migrate::commands::ExitCode::kInternalError);
}
