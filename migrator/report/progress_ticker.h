// ProgressTicker: while a long migration runs, one line on the terminal
// says which one and for how long ("… 1f73 add index  running 14s"). It
// appears only after a grace period, so quick migrations print nothing
// extra, is redrawn in place, and is erased when the migration ends, before
// its result line is printed. For a TTY only: the TextReporter uses it when
// TextOptions::live is set (the CLI sets it when stderr is a terminal).
//
// Thread safety: Start and Stop are called by one thread; the ticker's own
// thread only draws, and Stop waits for it.

#ifndef MIGRATOR_REPORT_PROGRESS_TICKER_H_
#define MIGRATOR_REPORT_PROGRESS_TICKER_H_

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <ostream>
#include <string>
#include <thread>

namespace migrate::report {

class ProgressTicker {
 public:
  /// REQUIRES: `tty` outlives the ticker and is written by no one else
  /// while it runs.
  ProgressTicker(std::ostream& tty, std::chrono::milliseconds grace,
                 std::chrono::milliseconds interval);
  ~ProgressTicker();
  ProgressTicker(const ProgressTicker&) = delete;
  ProgressTicker& operator=(const ProgressTicker&) = delete;

  /// Starts timing `label`, stopping whatever ran before.
  void Start(std::string label);
  /// Erases the line if it was drawn. A no-op when nothing runs.
  void Stop();

 private:
  void Run(std::string label);

  std::ostream& tty_;
  const std::chrono::milliseconds grace_;
  const std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  bool drawn_ = false;     // guarded by mutex_
  std::thread thread_;
};

}  // namespace migrate::report

#endif  // MIGRATOR_REPORT_PROGRESS_TICKER_H_
