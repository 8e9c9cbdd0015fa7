#include "migrator/db/sqlite/sqlite_migration_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <ctime>

#include "migrator/base/duration.h"
#include "migrator/db/lock_wait.h"

namespace migrate::db {

namespace {

class NoLock : public MigrationLock {};

// Holds the lock through `fd` (locked, and still the file at `path`).
class FileLock : public MigrationLock {
 public:
  FileLock(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  ~FileLock() override {
    // Removed while still locked, so nobody can lock this file and find it
    // still there (see the file comment).
    unlink(path_.c_str());
    close(fd_);  // releases the flock
  }

 private:
  std::string path_;
  int fd_;
};

std::string ErrnoText() { return std::strerror(errno); }

// "PID 4242 on build-7, since 2026-12-07 21:30:05 UTC".
std::string HolderLine() {
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char since[32] = {};
  std::strftime(since, sizeof since, "%Y-%m-%d %H:%M:%S UTC", &utc);
  return "PID " + std::to_string(getpid()) + " on " + host + ", since " + since;
}

// What the holder wrote into the lock file, "" if nothing (yet).
std::string ReadHolder(int fd) {
  char buffer[512] = {};
  const ssize_t n = pread(fd, buffer, sizeof buffer - 1, 0);
  if (n <= 0) return "";
  std::string holder(buffer, static_cast<std::size_t>(n));
  while (!holder.empty() && (holder.back() == '\n' || holder.back() == '\0')) holder.pop_back();
  return holder;
}

// Whether `fd` is still the file at `path`: false once its holder removed it.
bool StillAtPath(int fd, const std::string& path) {
  struct stat held {};
  struct stat named {};
  if (fstat(fd, &held) != 0 || stat(path.c_str(), &named) != 0) return false;
  return held.st_dev == named.st_dev && held.st_ino == named.st_ino;
}

enum class Attempt { kLocked, kBusy, kRetry };

// One try at locking the file at `path` without waiting. On kLocked, `fd`
// holds the lock; on kBusy, `holder` says who has it.
base::Result<Attempt> TryLock(const std::string& path, int& fd, std::string& holder) {
  fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) {
    return base::Status::FailedPrecondition("cannot create the migration lock file " + path +
                                            ": " + ErrnoText() +
                                            " (its folder must be writable, as for SQLite's "
                                            "own journal files)");
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    holder = ReadHolder(fd);
    if (holder.empty()) holder = "another process";  // it has not written its name yet
    close(fd);
    if (error == EWOULDBLOCK || error == EINTR) return Attempt::kBusy;
    errno = error;
    return base::Status::FailedPrecondition("cannot lock the migration lock file " + path + ": " +
                                            ErrnoText());
  }
  if (!StillAtPath(fd, path)) {
    close(fd);
    return Attempt::kRetry;
  }
  // Best effort: if this fails, waiting processes only cannot say who holds
  // the lock.
  const std::string line = HolderLine() + "\n";
  if (ftruncate(fd, 0) == 0) {
    const ssize_t written = pwrite(fd, line.data(), line.size(), 0);
    static_cast<void>(written);
  }
  return Attempt::kLocked;
}

}  // namespace

std::string SqliteMigrationLockPath(const std::string& database_path) {
  return database_path + "-migrate-lock";
}

base::Result<std::unique_ptr<MigrationLock>> AcquireSqliteMigrationLock(
    const std::string& database_path, const LockOptions& options) {
  if (database_path.empty()) return std::unique_ptr<MigrationLock>(std::make_unique<NoLock>());
  const std::string path = SqliteMigrationLockPath(database_path);
  int fd = -1;
  std::string holder;
  const LockTry try_lock = [&](std::string& now_holding) -> base::Result<bool> {
    while (true) {
      MIGRATE_ASSIGN_OR_RETURN(Attempt attempt, TryLock(path, fd, now_holding));
      if (attempt != Attempt::kRetry) return attempt == Attempt::kLocked;
    }
  };
  MIGRATE_ASSIGN_OR_RETURN(bool locked, WaitForLock(options, std::chrono::milliseconds(5),
                                                    std::chrono::milliseconds(100), try_lock,
                                                    holder));
  if (locked) return std::unique_ptr<MigrationLock>(new FileLock(path, fd));
  return base::Status::Timeout(
      "timed out after " + base::FormatDuration(options.timeout) +
      " waiting for the migration lock of " + database_path + " (" + path + "), held by " +
      holder + ": another migrate is still running there; wait for it, or wait longer with --lock-timeout (lock_wait_timeout in migrate.toml)");
}

}  // namespace migrate::db
