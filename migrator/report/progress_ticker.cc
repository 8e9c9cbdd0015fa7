#include "migrator/report/progress_ticker.h"

#include <utility>

#include <fmt/format.h>

namespace migrate::report {

namespace {

// Back to the start of the line and clear it.
constexpr const char* kEraseLine = "\r\033[K";

}  // namespace

ProgressTicker::ProgressTicker(std::ostream& tty, std::chrono::milliseconds grace,
                               std::chrono::milliseconds interval)
    : tty_(tty), grace_(grace), interval_(interval) {}

ProgressTicker::~ProgressTicker() { Stop(); }

void ProgressTicker::Start(std::string label) {
  Stop();
  stopping_ = false;
  thread_ = std::thread(&ProgressTicker::Run, this, std::move(label));
}

void ProgressTicker::Stop() {
  if (!thread_.joinable()) return;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  if (drawn_) tty_ << kEraseLine << std::flush;
  drawn_ = false;
}

void ProgressTicker::Run(std::string label) {
  const auto start = std::chrono::steady_clock::now();
  std::unique_lock lock(mutex_);
  auto next = start + grace_;
  while (!wake_.wait_until(lock, next, [this] { return stopping_; })) {
    const auto seconds =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start);
    tty_ << kEraseLine << fmt::format("… {}  running {}s", label, seconds.count()) << std::flush;
    drawn_ = true;
    next += interval_;
  }
}

}  // namespace migrate::report
