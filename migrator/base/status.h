// Status and Result<T>: how every fallible function in migrator reports an
// error. No exception crosses a migrator header; foreign errors (SOCI, libpq,
// toml++, the filesystem) are translated into a Status once, at the edge.
//
// A Status is cheap when OK (no allocation). A failed Status carries a code
// (which decides the process exit status, see commands/exit_code.h), a
// message, and optionally the source location it points at, database details
// (SQLSTATE, the server's DETAIL/HINT) and extra lines of context that the
// reporters print under the message.
//
// Result<T> is the subset of C++23 std::expected<T, Status> we need; when the
// toolchain has <expected>, it can become an alias.
//
// Thread safety: value types; distinct objects may be used from any thread.

#ifndef MIGRATOR_BASE_STATUS_H_
#define MIGRATOR_BASE_STATUS_H_

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace migrate::base {

/// A place in a file: `file:line`. Line is 1-based; 0 means "the whole file".
struct Location {
  std::string file;
  int line = 0;

  /// "file:line", or "file" when line is 0.
  std::string ToString() const;
  friend bool operator==(const Location&, const Location&) = default;
};

enum class StatusCode {
  kOk = 0,
  kInvalidInput,        // bad usage, bad configuration, malformed migration files (exit 2)
  kNotFound,            // a revision, file or object that was asked for does not exist (exit 2)
  kFailedPrecondition,  // preflight found a problem; a migration cannot run as asked
  kDatabase,            // the database refused a statement or a connection
  kVerificationFailed,  // a migration ran but its postconditions do not hold
  kTimeout,             // waiting for a lock or a connection took too long
  kInternal,            // a bug in migrate itself
  kInterrupted,         // SIGINT, SIGTERM or SIGHUP stopped the command (base/interrupt.h)
};

/// Database-specific detail kept with a kDatabase status, in the server's own words.
struct DatabaseDetail {
  std::string sqlstate;  // e.g. "42P01"; empty for SQLite
  std::string detail;    // PostgreSQL DETAIL
  std::string hint;      // PostgreSQL HINT
  int position = 0;      // 1-based character offset of the error in the statement; 0 if unknown
  int sqlite_code = 0;   // SQLite's extended result code, e.g. 13 (SQLITE_FULL); 0 for PostgreSQL
};

class [[nodiscard]] Status {
 public:
  /// The OK status; allocates nothing.
  Status() = default;

  static Status OK() { return Status(); }
  static Status InvalidInput(std::string message, std::optional<Location> where = std::nullopt) {
    return Status(StatusCode::kInvalidInput, std::move(message), std::move(where));
  }
  static Status NotFound(std::string message, std::optional<Location> where = std::nullopt) {
    return Status(StatusCode::kNotFound, std::move(message), std::move(where));
  }
  static Status FailedPrecondition(std::string message,
                                   std::optional<Location> where = std::nullopt) {
    return Status(StatusCode::kFailedPrecondition, std::move(message), std::move(where));
  }
  static Status Database(std::string message, DatabaseDetail detail = {}) {
    Status s(StatusCode::kDatabase, std::move(message), std::nullopt);
    s.state_->database = std::move(detail);
    return s;
  }
  static Status VerificationFailed(std::string message,
                                   std::optional<Location> where = std::nullopt) {
    return Status(StatusCode::kVerificationFailed, std::move(message), std::move(where));
  }
  static Status Timeout(std::string message) {
    return Status(StatusCode::kTimeout, std::move(message), std::nullopt);
  }
  static Status Internal(std::string message) {
    return Status(StatusCode::kInternal, std::move(message), std::nullopt);
  }
  static Status Interrupted(std::string message) {
    return Status(StatusCode::kInterrupted, std::move(message), std::nullopt);
  }

  Status(StatusCode code, std::string message, std::optional<Location> where);

  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&&) noexcept = default;
  Status& operator=(Status&&) noexcept = default;
  ~Status() = default;

  bool ok() const { return state_ == nullptr; }
  StatusCode code() const { return ok() ? StatusCode::kOk : state_->code; }
  /// The message without location or context; empty when OK.
  const std::string& message() const;
  /// Where the problem is, if it points at a file.
  const std::optional<Location>& location() const;
  /// Database detail, if the database reported the error.
  const std::optional<DatabaseDetail>& database() const;
  /// Extra lines shown under the message (the offending source line, a hint, ...).
  const std::vector<std::string>& context() const;

  /// Returns a copy with `line` appended to the context lines.
  Status WithContext(std::string line) &&;
  Status WithContext(std::string line) const&;
  /// Returns a copy whose message is `prefix + ": " + message()`.
  Status Prefixed(std::string_view prefix) &&;
  /// Returns a copy pointing at `where` (replacing any previous location).
  Status At(Location where) &&;
  /// Returns a copy with code `code`. REQUIRES: !ok() and code != kOk.
  Status WithCode(StatusCode code) &&;

  /// "file:line: message" (or just the message), then each context line on its own line.
  std::string ToString() const;

 private:
  struct State {
    StatusCode code;
    std::string message;
    std::optional<Location> location;
    std::optional<DatabaseDetail> database;
    std::vector<std::string> context;
  };
  std::unique_ptr<State> state_;
};

/// Either a value of type T or a failed Status. REQUIRES: never holds an OK Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Status error) : v_(std::move(error)) {  // NOLINT(google-explicit-constructor)
    if (std::get<Status>(v_).ok()) v_ = Status::Internal("Result built from an OK Status");
  }

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  /// The error. REQUIRES: !has_value().
  const Status& error() const& { return std::get<Status>(v_); }
  Status&& error() && { return std::get<Status>(std::move(v_)); }
  /// OK when holding a value, else the error.
  Status status() const { return has_value() ? Status::OK() : error(); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace migrate::base

/// Evaluates `expr` (a Status or Result<T>); returns its error from the
/// enclosing function if it failed.
#define MIGRATE_TRY(expr)                                       \
  do {                                                          \
    if (auto migrate_try_r_ = (expr); !migrate_try_r_) {        \
      return ::migrate::base::internal::ErrorOf(                \
          std::move(migrate_try_r_));                           \
    }                                                           \
  } while (0)

#define MIGRATE_CONCAT_INNER_(a, b) a##b
#define MIGRATE_CONCAT_(a, b) MIGRATE_CONCAT_INNER_(a, b)

/// `MIGRATE_ASSIGN_OR_RETURN(auto x, F());` declares/assigns x from a
/// Result<T>, or returns its error from the enclosing function.
#define MIGRATE_ASSIGN_OR_RETURN(lhs, expr) \
  MIGRATE_ASSIGN_OR_RETURN_IMPL_(MIGRATE_CONCAT_(migrate_r_, __LINE__), lhs, expr)
#define MIGRATE_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp) return std::move(tmp).error();             \
  lhs = std::move(tmp).value()

namespace migrate::base::internal {
// Lets MIGRATE_TRY work with both Status (whose bool is ok()) and Result<T>.
inline Status ErrorOf(Status&& s) { return std::move(s); }
template <typename T>
Status ErrorOf(Result<T>&& r) { return std::move(r).error(); }
}  // namespace migrate::base::internal

namespace migrate::base {
// Status converts to bool for MIGRATE_TRY only; prefer ok() in code.
inline bool operator!(const Status& s) { return !s.ok(); }
}  // namespace migrate::base

#endif  // MIGRATOR_BASE_STATUS_H_
