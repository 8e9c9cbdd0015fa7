#include "migrator/base/interrupt.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <thread>

namespace migrate::base {

namespace {

constexpr int kSlots = 8;

// A registered hook. `state` publishes it: the fields are written while it
// is kClaimed and read by the handler only once it is kReady.
enum SlotState : int { kFree = 0, kClaimed = 1, kReady = 2 };
struct Slot {
  std::atomic<int> state{kFree};
  std::atomic<int> calling{0};  // handlers inside hook() right now
  CancelOnInterrupt::Hook hook = nullptr;
  void* context = nullptr;
};

Slot g_slots[kSlots];
std::atomic<int> g_signal{0};
// The wake-up pipe: the handler writes a byte that is never read, so every
// sleep from then on returns at once. -1 until the handler is installed.
std::atomic<int> g_wake_read{-1};
std::atomic<int> g_wake_write{-1};

static_assert(std::atomic<int>::is_always_lock_free, "the signal handler needs lock-free atomics");

void CallHooks() {
  for (Slot& slot : g_slots) {
    // Counted before the state is read, so that ~CancelOnInterrupt, which
    // withdraws the state first, either sees this call or is not called into.
    slot.calling.fetch_add(1);
    if (slot.state.load() == kReady) slot.hook(slot.context);
    slot.calling.fetch_sub(1);
  }
}

void OnSignal(int signal) {
  const int saved_errno = errno;
  int expected = 0;
  if (!g_signal.compare_exchange_strong(expected, signal)) {
    // The second signal: stop trying to be orderly.
    std::signal(signal, SIG_DFL);
    std::raise(signal);
    errno = saved_errno;
    return;
  }
  const int wake = g_wake_write.load();
  if (wake >= 0) {
    const char byte = 1;
    (void)!write(wake, &byte, 1);
  }
  CallHooks();
  errno = saved_errno;
}

}  // namespace

void InstallInterruptHandlers() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) == 0) {
    g_wake_read.store(fds[0]);
    g_wake_write.store(fds[1]);
  }
  struct sigaction action = {};
  action.sa_handler = &OnSignal;
  sigemptyset(&action.sa_mask);
  // Each of the three waits for the handler of another to finish.
  for (int signal : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&action.sa_mask, signal);
  action.sa_flags = SA_RESTART;
  for (int signal : {SIGINT, SIGTERM, SIGHUP}) sigaction(signal, &action, nullptr);
}

int InterruptSignal() { return g_signal.load(); }

bool Interrupted() { return InterruptSignal() != 0; }

std::string InterruptSignalName() {
  switch (InterruptSignal()) {
    case 0: return "";
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    default: return "signal " + std::to_string(InterruptSignal());
  }
}

Status CheckInterrupt() {
  if (!Interrupted()) return Status::OK();
  return Status::Interrupted("received " + InterruptSignalName());
}

bool SleepUnlessInterrupted(std::chrono::milliseconds duration) {
  using Clock = std::chrono::steady_clock;
  const int wake = g_wake_read.load();
  if (wake < 0) {
    if (!Interrupted()) std::this_thread::sleep_for(duration);
    return !Interrupted();
  }
  const Clock::time_point deadline = Clock::now() + duration;
  while (!Interrupted()) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) break;
    pollfd fd = {wake, POLLIN, 0};
    // EINTR (a signal) loops back to the check; readable means interrupted.
    (void)poll(&fd, 1, static_cast<int>(left.count()));
  }
  return !Interrupted();
}

CancelOnInterrupt::CancelOnInterrupt(Hook hook, void* context) : slot_(-1) {
  for (int i = 0; i < kSlots; ++i) {
    int expected = kFree;
    if (!g_slots[i].state.compare_exchange_strong(expected, kClaimed)) continue;
    g_slots[i].hook = hook;
    g_slots[i].context = context;
    g_slots[i].state.store(kReady);
    slot_ = i;
    return;
  }
}

CancelOnInterrupt::~CancelOnInterrupt() {
  if (slot_ < 0) return;
  Slot& slot = g_slots[slot_];
  slot.state.store(kClaimed);
  // A handler on another thread may be inside the hook; on this thread it
  // cannot be (it would have returned before we got here).
  while (slot.calling.load() != 0) std::this_thread::yield();
  slot.hook = nullptr;
  slot.context = nullptr;
  slot.state.store(kFree);
}

void SimulateInterrupt(int signal) {
  g_signal.store(signal);
  if (signal != 0) CallHooks();
}

}  // namespace migrate::base
