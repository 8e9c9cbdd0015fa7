#include "migrator/db/connect_retry.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>

#include "migrator/base/duration.h"
#include "migrator/base/interrupt.h"

namespace migrate::db {

namespace {

using std::chrono::milliseconds;

bool Contains(const std::string& text, std::string_view needle) {
  return text.find(needle) != std::string::npos;
}

// "cannot connect to URL: reason" -> "reason"; other messages unchanged.
std::string WithoutUrlPrefix(const std::string& message, const DatabaseUrl& url) {
  const std::string prefix = "cannot connect to " + url.Redacted() + ": ";
  return message.rfind(prefix, 0) == 0 ? message.substr(prefix.size()) : message;
}

// "850ms", "4.2s", "95.0s": how long the attempts took, for people.
std::string FormatElapsed(milliseconds elapsed) {
  if (elapsed < std::chrono::seconds(1)) return std::to_string(elapsed.count()) + "ms";
  char text[32];
  std::snprintf(text, sizeof text, "%.1fs", static_cast<double>(elapsed.count()) / 1000.0);
  return text;
}

double RandomUnit() {
  thread_local std::mt19937 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

// A delay in [nominal/2, nominal], placed by `unit` in [0, 1).
milliseconds Jittered(milliseconds nominal, double unit) {
  unit = std::clamp(unit, 0.0, 1.0);
  const auto half = nominal.count() / 2;
  return milliseconds(half + static_cast<milliseconds::rep>(
                                 std::llround(static_cast<double>(nominal.count() - half) * unit)));
}

}  // namespace

std::string PermanentConnectFailure(const base::Status& error) {
  if (error.ok()) return "";
  if (error.database() &&
      (error.database()->sqlstate == "28P01" || error.database()->sqlstate == "28000")) {
    return "authentication failed";
  }
  const std::string& message = error.message();
  if (Contains(message, "password authentication failed") ||
      Contains(message, "no pg_hba.conf entry") || Contains(message, "no password supplied") ||
      Contains(message, "authentication failed for user")) {
    return "authentication failed";
  }
  // libpq rejects a malformed connection string before it tries the network.
  if (Contains(message, ": invalid connection option") ||
      (Contains(message, ": invalid ") && Contains(message, " value"))) {
    return "the connection parameters are invalid";
  }
  return "";
}

void SleepFor(milliseconds duration) { (void)base::SleepUnlessInterrupted(duration); }

base::Result<std::unique_ptr<Connection>> ConnectWithRetry(const DatabaseUrl& url,
                                                           const ConnectOptions& options,
                                                           const base::Clock& clock,
                                                           const Sleeper& sleep, const Opener& open,
                                                           const Jitter& jitter) {
  const auto start = clock.SteadyNow();
  milliseconds slept{0};
  // The clock, unless the sleeps alone say more time has passed (a clock
  // that stands still must not make the loop endless).
  auto elapsed = [&] {
    return std::max(std::chrono::duration_cast<milliseconds>(clock.SteadyNow() - start), slept);
  };
  milliseconds backoff = std::max(options.initial_backoff, milliseconds(1));
  int attempts = 0;
  while (true) {
    OpenOptions attempt_options = options.open;
    if (options.wait > milliseconds(0)) {
      // One attempt must not outlast the whole budget by much.
      const auto left = std::chrono::ceil<std::chrono::seconds>(options.wait - elapsed());
      attempt_options.connect_timeout =
          std::clamp(left, std::chrono::seconds(1),
                     std::max(options.open.connect_timeout, std::chrono::seconds(1)));
    }
    ++attempts;
    auto conn = open(url, attempt_options);
    if (conn) return conn;
    base::Status error = std::move(conn).error();
    if (options.wait <= milliseconds(0)) return error;
    // A bad URL or a bug: not something the database will fix by starting.
    if (error.code() != base::StatusCode::kDatabase && error.code() != base::StatusCode::kTimeout) {
      return error;
    }

    const std::string permanent = PermanentConnectFailure(error);
    if (!permanent.empty()) {
      return std::move(error).WithContext(
          "not retried: " + permanent + " (waiting would not help; attempt " +
          std::to_string(attempts) + " after " + FormatElapsed(elapsed()) + ")");
    }
    const milliseconds spent = elapsed();
    if (spent >= options.wait) {
      base::Status timeout = base::Status::Timeout(
          "cannot connect to " + url.Redacted() + ": " + std::to_string(attempts) + " attempt" +
          (attempts == 1 ? "" : "s") + " over " + FormatElapsed(spent) + " failed (--wait " +
          base::FormatDuration(options.wait) +
          "); last error: " + WithoutUrlPrefix(error.message(), url));
      for (const std::string& line : error.context())
        timeout = std::move(timeout).WithContext(line);
      return timeout;
    }
    if (attempts == 1 && options.on_wait) options.on_wait(WithoutUrlPrefix(error.message(), url));

    const milliseconds delay =
        std::min(Jittered(backoff, jitter ? jitter() : RandomUnit()), options.wait - spent);
    sleep(delay);
    slept += delay;
    if (base::Interrupted()) {
      return base::Status::Interrupted("received " + base::InterruptSignalName() +
                                       " while waiting for the database at " + url.Redacted() +
                                       " to accept connections; nothing was changed");
    }
    backoff = std::min(backoff * 2, std::max(options.max_backoff, milliseconds(1)));
  }
}

}  // namespace migrate::db
