#include "migrator/config/config.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <set>

#include <toml++/toml.h>

#include "migrator/base/duration.h"
#include "migrator/base/spelling.h"

namespace migrate::config {

namespace {

// Keys of the [migrate] table, in the order the contract lists them.
const std::set<std::string> kKnownKeys = {
    "url",           "script_location", "version_table", "history_table", "version_table_schema",
    "lock_wait_timeout", "lock_timeout", "statement_timeout", "wait_timeout", "revision_id",
};

base::Location LocationOf(const std::string& file, const toml::source_region& where) {
  return base::Location{file, static_cast<int>(where.begin.line)};
}

// Reads string key `key` of `table` into `out` if present; a non-string is an error.
base::Status ReadString(const toml::table& table, const std::string& file, const char* key,
                        std::string& out) {
  const toml::node* node = table.get(key);
  if (node == nullptr) return base::Status::OK();
  if (const auto* value = node->as_string()) {
    out = value->get();
    return base::Status::OK();
  }
  return base::Status::InvalidInput(std::string("[migrate] ") + key + " must be a string",
                                    LocationOf(file, node->source()));
}

// Reads duration key `key` ("5s", "500ms", ...) of `table` into `out` if present.
base::Status ReadDuration(const toml::table& table, const std::string& file, const char* key,
                          std::optional<std::chrono::milliseconds>& out) {
  std::string text;
  MIGRATE_TRY(ReadString(table, file, key, text));
  if (text.empty()) return base::Status::OK();
  auto parsed = base::ParseDuration(text);
  if (!parsed) {
    return base::Status::InvalidInput(std::string(key) + ": " + parsed.error().message(),
                                      LocationOf(file, table.get(key)->source()));
  }
  out = *parsed;
  return base::Status::OK();
}

// Like ReadDuration, but a bare integer is also accepted, as seconds (the
// unit of --wait SECONDS).
base::Status ReadSeconds(const toml::table& table, const std::string& file, const char* key,
                         std::optional<std::chrono::milliseconds>& out) {
  const toml::node* node = table.get(key);
  if (node != nullptr && node->is_integer()) {
    const std::int64_t seconds = node->as_integer()->get();
    if (seconds < 0) {
      return base::Status::InvalidInput(std::string(key) + " must not be negative",
                                        LocationOf(file, node->source()));
    }
    out = std::chrono::seconds(seconds);
    return base::Status::OK();
  }
  if (node != nullptr && node->as_string() == nullptr) {
    return base::Status::InvalidInput(
        std::string("[migrate] ") + key + " must be a number of seconds or a duration string",
        LocationOf(file, node->source()));
  }
  return ReadDuration(table, file, key, out);
}

// Reads `revision_id` ("random" or "timestamp") of `table` if present.
base::Status ReadRevisionIdStyle(const toml::table& table, const std::string& file,
                                 RevisionIdStyle& out) {
  std::string text;
  MIGRATE_TRY(ReadString(table, file, "revision_id", text));
  if (text.empty()) return base::Status::OK();
  if (text == "random") {
    out = RevisionIdStyle::kRandom;
  } else if (text == "timestamp") {
    out = RevisionIdStyle::kTimestamp;
  } else {
    constexpr std::string_view kStyles[] = {"random", "timestamp"};
    return base::Status::InvalidInput("invalid revision_id '" + text + "'" +
                                          base::DidYouMean(text, kStyles) +
                                          "; use \"random\" or \"timestamp\"",
                                      LocationOf(file, table.get("revision_id")->source()));
  }
  return base::Status::OK();
}

// The nearest migrate.toml: in `start` (an absolute folder; "" tries the
// working directory only) or the first folder above it that has one, as a
// path relative to `start` ("migrate.toml", "../migrate.toml"), so that
// messages name files as the user reaches them from where they are.
// nullopt if there is none up to the root.
std::optional<std::string> FindConfigFile(const std::string& start, const base::FileSystem& fs) {
  std::filesystem::path folder = std::filesystem::path(start).lexically_normal();
  std::string relative;
  while (true) {
    const std::string candidate = relative + kDefaultConfigFile;
    if (fs.Exists(candidate)) return candidate;
    if (folder == folder.parent_path() || !folder.has_parent_path()) return std::nullopt;
    folder = folder.parent_path();
    relative += "../";
  }
}

std::string ParentDir(const std::string& file) {
  std::string dir = std::filesystem::path(file).parent_path().string();
  return dir.empty() ? "." : dir;
}

std::string Resolve(const std::string& base_dir, const std::string& path) {
  if (path.empty() || std::filesystem::path(path).is_absolute() || base_dir == ".") return path;
  return (std::filesystem::path(base_dir) / path).lexically_normal().string();
}

base::Status ApplyFile(const std::string& file, const std::string& text, Config& config) {
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    return base::Status::InvalidInput(std::string(e.description()),
                                      LocationOf(file, e.source()));
  }
  for (const auto& [key, node] : root) {
    if (key.str() != "migrate") {
      return base::Status::InvalidInput("unknown table or key '" + std::string(key.str()) +
                                            "' (settings go in the [migrate] table)",
                                        LocationOf(file, node.source()));
    }
  }
  const toml::table* table = root["migrate"].as_table();
  if (table == nullptr) {
    return base::Status::InvalidInput("no [migrate] table", base::Location{file, 1});
  }
  for (const auto& [key, node] : *table) {
    if (kKnownKeys.count(std::string(key.str())) == 0) {
      return base::Status::InvalidInput("unknown key '" + std::string(key.str()) + "' in [migrate]",
                                        LocationOf(file, node.source()));
    }
  }
  const std::string dir = ParentDir(file);
  std::string url;
  MIGRATE_TRY(ReadString(*table, file, "url", url));
  if (!url.empty()) {
    config.url = url;
    config.url_source = file;
    config.url_base_dir = dir;
  }
  std::string script_location;
  MIGRATE_TRY(ReadString(*table, file, "script_location", script_location));
  config.script_location = Resolve(dir, script_location.empty() ? config.script_location : script_location);
  MIGRATE_TRY(ReadString(*table, file, "version_table", config.version_table));
  MIGRATE_TRY(ReadString(*table, file, "history_table", config.history_table));
  MIGRATE_TRY(ReadString(*table, file, "version_table_schema", config.version_table_schema));
  MIGRATE_TRY(ReadDuration(*table, file, "lock_timeout", config.lock_timeout));
  MIGRATE_TRY(ReadDuration(*table, file, "statement_timeout", config.statement_timeout));
  MIGRATE_TRY(ReadSeconds(*table, file, "wait_timeout", config.wait_timeout));
  std::optional<std::chrono::milliseconds> lock_wait;
  MIGRATE_TRY(ReadDuration(*table, file, "lock_wait_timeout", lock_wait));
  if (lock_wait) config.lock_wait_timeout = *lock_wait;
  MIGRATE_TRY(ReadRevisionIdStyle(*table, file, config.revision_id));
  for (const std::string* name : {&config.version_table, &config.history_table}) {
    if (name->empty()) {
      return base::Status::InvalidInput("version_table and history_table must not be empty",
                                        base::Location{file, 0});
    }
  }
  return base::Status::OK();
}

}  // namespace

Environment Environment::FromProcess() {
  Environment env;
  if (const char* url = std::getenv("DATABASE_URL"); url != nullptr && *url != '\0') {
    env.database_url = url;
  }
  if (const char* url = std::getenv("MIGRATE_ADMIN_URL"); url != nullptr && *url != '\0') {
    env.admin_url = url;
  }
  std::error_code error;
  const std::filesystem::path cwd = std::filesystem::current_path(error);
  if (!error) env.working_directory = cwd.string();
  return env;
}

base::Result<Config> Load(const Overrides& overrides, const Environment& env,
                          const base::FileSystem& fs) {
  Config config;
  const std::optional<std::string> found =
      overrides.config_file ? overrides.config_file : FindConfigFile(env.working_directory, fs);
  if (!found) {
    config.config_searched = env.working_directory.empty()
                                 ? "the current folder"
                                 : env.working_directory + " or any folder above it";
  }
  if (found) {
    const std::string& file = *found;
    auto text = fs.ReadFile(file);
    if (!text) {
      return base::Status::InvalidInput("cannot read configuration: " + text.error().message());
    }
    config.config_file = file;
    MIGRATE_TRY(ApplyFile(file, *text, config));
  }
  if (env.database_url) {
    config.url = *env.database_url;
    config.url_source = "DATABASE_URL";
    config.url_base_dir = ".";
  }
  if (overrides.url) {
    config.url = *overrides.url;
    config.url_source = "--url";
    config.url_base_dir = ".";
  }
  if (env.admin_url) {
    config.admin_url = *env.admin_url;
    config.admin_url_source = "MIGRATE_ADMIN_URL";
  }
  if (overrides.admin_url) {
    config.admin_url = *overrides.admin_url;
    config.admin_url_source = "--admin-url";
  }
  if (overrides.lock_wait_timeout) config.lock_wait_timeout = *overrides.lock_wait_timeout;
  if (overrides.wait_timeout) config.wait_timeout = *overrides.wait_timeout;
  return config;
}

base::Status ExplainMissingProject(const Config& config, const base::FileSystem& fs,
                                   base::Status problem) {
  if (problem.code() != base::StatusCode::kNotFound || config.config_searched.empty() ||
      !problem.message().starts_with(config.script_location + ": ") ||
      fs.Exists(config.script_location)) {
    return problem;
  }
  return base::Status::NotFound(
      std::string("no ") + kDefaultConfigFile + " in " + config.config_searched + ", and no " +
      config.script_location +
      "/ folder here: run `migrate init` to start a project, cd into one, or pass -c FILE");
}

}  // namespace migrate::config
