#include "migrator/bootstrap/sqlite_bootstrap.h"

#include <unistd.h>

#include <filesystem>
#include <system_error>

namespace migrate::bootstrap::internal {

namespace {

namespace fs = std::filesystem;
using report::DatabaseCheck;
using State = report::DatabaseCheck::State;

// The files SQLite keeps next to a database while it is open or after a crash.
constexpr const char* kCompanions[] = {"-wal", "-shm", "-journal"};

base::Status RequireFile(const db::DatabaseUrl& url, const std::string& command) {
  if (!url.sqlite_memory()) return base::Status::OK();
  return base::Status::InvalidInput("db " + command + ": " + url.Redacted() +
                                    " is a private in-memory database, made afresh by every "
                                    "connection; there is no file to " +
                                    command);
}

// The folder `path` is in ("." for a bare file name).
fs::path Folder(const std::string& path) {
  fs::path folder = fs::path(path).parent_path();
  return folder.empty() ? fs::path(".") : folder;
}

}  // namespace

base::Result<Outcome> CreateSqlite(const db::DatabaseUrl& url, const Options& options) {
  MIGRATE_TRY(RequireFile(url, "create"));
  const std::string& path = url.sqlite_path();
  Outcome outcome(options.on_step);
  std::error_code error;
  const bool existed = fs::exists(path, error);
  const fs::path folder = Folder(path);
  if (!fs::exists(folder, error)) {
    if (fs::create_directories(folder, error); error) {
      return base::Status::Database("cannot create SQLite database " + path +
                                    ": cannot create its folder " + folder.string() + ": " +
                                    error.message());
    }
    outcome.Add("Created folder " + folder.string());
  }
  auto conn = options.connect(url);
  if (!conn) return std::move(conn).error().Prefixed("cannot create SQLite database " + path);
  outcome.Add(existed ? "SQLite database " + path + " already exists"
                      : "Created SQLite database " + path);
  outcome.changed = outcome.changed || !existed;

  // Writing the version tables' schema proves the file is a database this
  // process can write, journal included; `upgrade` would create them anyway.
  db::Connection& c = **conn;
  base::Status written = c.Begin();
  for (const std::string& ddl : c.dialect().VersionTablesDdl(options.version_tables)) {
    if (written.ok()) written = c.Execute(ddl);
  }
  if (written.ok()) {
    written = c.Commit();
  } else {
    // The failure that matters is the write's; a rollback error adds nothing.
    (void)c.Rollback();
  }
  if (!written.ok()) {
    return std::move(written).Prefixed("verification failed: cannot write to SQLite database " +
                                       path);
  }
  outcome.Add("Verified: opened " + path + " and wrote the version tables' schema");
  return outcome;
}

base::Result<Outcome> DropSqlite(const db::DatabaseUrl& url, const Options& options) {
  MIGRATE_TRY(RequireFile(url, "drop"));
  const std::string& path = url.sqlite_path();
  Outcome outcome(options.on_step);
  std::error_code error;
  if (fs::is_directory(path, error)) {
    return base::Status::InvalidInput("cannot drop SQLite database " + path +
                                      ": it is a folder, not a database file");
  }
  bool removed = false;
  for (const std::string& file :
       {path, path + kCompanions[0], path + kCompanions[1], path + kCompanions[2]}) {
    const bool gone = fs::remove(file, error);
    if (error) {
      return base::Status::Database("cannot drop SQLite database " + path + ": cannot remove " +
                                    file + ": " + error.message());
    }
    removed = removed || gone;
  }
  outcome.Add(removed ? "Removed SQLite database " + path
                      : "SQLite database " + path + " does not exist; nothing to drop");
  outcome.changed = removed;
  return outcome;
}

base::Result<std::vector<DatabaseCheck>> DiagnoseSqlite(const db::DatabaseUrl& url,
                                                        const Options& options) {
  if (url.sqlite_memory()) {
    return std::vector<DatabaseCheck>{
        {"database", State::kOk, "a private in-memory database, made afresh by every connection",
         ""}};
  }
  const std::string& path = url.sqlite_path();
  std::vector<DatabaseCheck> checks = {
      {"file", State::kNotChecked, "not checked", ""},
      {"database", State::kNotChecked, "not checked", ""},
      {"write", State::kNotChecked, "not checked", ""},
  };
  std::error_code error;
  if (!fs::is_regular_file(path, error)) {
    checks[0] = {
        "file", State::kFailed,
        fs::exists(path, error) ? path + " is not a regular file" : path + " does not exist",
        "run `migrate db create`"};
    return checks;
  }
  checks[0] = {"file", State::kOk, path + " exists", ""};

  auto conn = options.connect(url);
  base::Status readable =
      conn ? (*conn)->Query("SELECT count(*) FROM sqlite_master").status() : conn.error();
  if (!readable.ok()) {
    checks[1] = {"database", State::kFailed, "cannot read " + path + ": " + readable.message(),
                 "point the URL at a SQLite database file"};
    return checks;
  }
  checks[1] = {"database", State::kOk, path + " is a SQLite database", ""};

  const std::string folder = Folder(path).string();
  if (access(path.c_str(), W_OK) != 0) {
    checks[2] = {"write", State::kFailed, "this user may not write " + path,
                 "run as the file's owner, or make it writable (chmod u+w)"};
  } else if (access(folder.c_str(), W_OK | X_OK) != 0) {
    checks[2] = {"write", State::kFailed,
                 "this user may not create files in " + folder + " (SQLite's journal goes there)",
                 "make the folder writable for this user"};
  } else {
    checks[2] = {"write", State::kOk, "this user may write " + path + " and its folder", ""};
  }
  return checks;
}

}  // namespace migrate::bootstrap::internal
