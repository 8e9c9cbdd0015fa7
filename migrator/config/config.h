// Config: every setting of one `migrate` run, decided once, before anything
// else happens. Sources, lowest precedence first: built-in defaults,
// `migrate.toml` ([migrate] table), the DATABASE_URL environment variable
// (url only) and MIGRATE_ADMIN_URL (admin_url only), and command-line
// overrides (--url, --admin-url, --lock-timeout, ...).
//
// This folder is the only place migrator reads the environment
// (golang-migrate's rule: configuration comes in through one door).
//
// Thread safety: a plain value.

#ifndef MIGRATOR_CONFIG_CONFIG_H_
#define MIGRATOR_CONFIG_CONFIG_H_

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "migrator/base/filesystem.h"
#include "migrator/base/status.h"

namespace migrate::config {

/// The name `migrate` looks for, in the working directory and then in each
/// folder above it, when -c is not given.
inline constexpr const char* kDefaultConfigFile = "migrate.toml";

/// How `revision` and `merge` make a new revision id (`revision_id`).
enum class RevisionIdStyle {
  kRandom,     // "random" (default): 12 hex digits, as Alembic's
  kTimestamp,  // "timestamp": the creation time, 20261207211530, so files sort by age
};

struct Config {
  /// The configuration file that was read, relative to the working directory
  /// when it was found by searching ("migrate.toml", "../../migrate.toml");
  /// "" when none was (defaults only).
  std::string config_file;
  /// When no file was given or found: where it was searched for, for
  /// messages ("/srv/app/db or any folder above it"); else "".
  std::string config_searched;
  /// The database URL as given (may hold a password: print it only through
  /// db::DatabaseUrl::Redacted()). "" when none is configured; commands that
  /// need a database then fail with a message naming the three ways to set it.
  std::string url;
  /// Where the URL came from: "--url", "DATABASE_URL" or the config file path.
  std::string url_source;
  /// PostgreSQL: the URL `db create`, `db drop` and `db status` administer
  /// the server with (--admin-url, else MIGRATE_ADMIN_URL; never read from
  /// migrate.toml, so that administrative credentials stay out of the
  /// project). "" = the URL's own credentials on the `postgres` database.
  /// May hold a password: print it only through db::DatabaseUrl::Redacted().
  std::string admin_url;
  /// Where admin_url came from: "--admin-url" or "MIGRATE_ADMIN_URL".
  std::string admin_url_source;
  /// The folder a relative SQLite path in `url` is relative to: the config
  /// file's folder when the URL came from the file, else the current directory.
  std::string url_base_dir = ".";
  /// The migrations folder, resolved against the config file's folder.
  /// Default: "migrations".
  std::string script_location = "migrations";
  /// Table with one row per current head. Default: "migrate_version".
  std::string version_table = "migrate_version";
  /// Table with one row per applied or reverted migration. Default: "migrate_history".
  std::string history_table = "migrate_history";
  /// PostgreSQL schema of both version tables; "" = the first schema of the
  /// search_path when the connection opens.
  std::string version_table_schema;
  /// How long to wait for another process's migration lock. Default: 5 minutes.
  std::chrono::milliseconds lock_wait_timeout{std::chrono::minutes(5)};
  /// Defaults for every migration (its `lock_timeout` / `statement_timeout`
  /// header keys override them); unset = the database's own setting.
  /// Written as in the header: "5s", "500ms", "2min".
  std::optional<std::chrono::milliseconds> lock_timeout;
  std::optional<std::chrono::milliseconds> statement_timeout;
  /// How long to keep retrying while the database does not accept
  /// connections (--wait, `wait_timeout`: "30s" or a number of seconds).
  /// Unset = the command's default: one attempt, no waiting (0), except for
  /// `migrate wait`, which waits 30s.
  std::optional<std::chrono::milliseconds> wait_timeout;
  /// How new revision ids are made. Default: random.
  RevisionIdStyle revision_id = RevisionIdStyle::kRandom;
};

/// What the command line says about configuration.
struct Overrides {
  std::optional<std::string> config_file;  // -c FILE
  std::optional<std::string> url;          // --url
  std::optional<std::string> admin_url;    // --admin-url
  std::optional<std::chrono::milliseconds> lock_wait_timeout;  // --lock-timeout
  std::optional<std::chrono::milliseconds> wait_timeout;       // --wait
};

/// The environment variables configuration may read, captured by the caller.
struct Environment {
  std::optional<std::string> database_url;  // DATABASE_URL
  std::optional<std::string> admin_url;     // MIGRATE_ADMIN_URL
  /// The absolute working directory, where the search for migrate.toml
  /// starts; "" = only ./migrate.toml is tried.
  std::string working_directory;

  /// The current process's environment.
  static Environment FromProcess();
};

/// Reads the configuration. With -c FILE the file must exist; without it
/// the nearest migrate.toml is read: in the working directory, else in its
/// parent, and so on up to the filesystem root, as git finds its .git.
/// Relative paths in the file (script_location, a sqlite:/// URL) are
/// relative to the file's folder. Errors (InvalidInput) name the file and
/// line: a TOML syntax error, an unknown key, a value of the wrong type.
base::Result<Config> Load(const Overrides& overrides, const Environment& env,
                          const base::FileSystem& fs);

/// `problem` (a command's failure), explained when it is the script
/// directory missing because no configuration file was found: the error
/// then says where migrate.toml was searched for and how to start a
/// project, instead of only "migrations: no such directory".
base::Status ExplainMissingProject(const Config& config, const base::FileSystem& fs,
                                   base::Status problem);

}  // namespace migrate::config

#endif  // MIGRATOR_CONFIG_CONFIG_H_
