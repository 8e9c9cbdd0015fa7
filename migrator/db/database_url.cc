#include "migrator/db/database_url.h"

#include "migrator/base/numbers.h"
#include "migrator/base/spelling.h"
#include "migrator/base/strings.h"
#include "migrator/db/redaction.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <limits>
#include <optional>
#include <utility>

namespace migrate::db {

namespace {

constexpr std::string_view kSchemeSeparator = "://";
constexpr std::string_view kExpectedForms =
    "expected sqlite:///relative.db, sqlite:////absolute.db, sqlite::memory: or "
    "postgresql://user:password@host:port/dbname";

base::Status UrlError(std::string_view url, std::string_view problem) {
  return base::Status::InvalidInput("invalid database URL '" + RedactConnectionString(url) + "': " +
                                    std::string(problem));
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Decodes %XX escapes; std::nullopt if one is malformed. '+' stays '+':
// URLs are not form data.
std::optional<std::string> PercentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) return std::nullopt;
    int high = HexValue(text[i + 1]);
    int low = HexValue(text[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

// Decodes `text` (one component of `url`, named `what` in messages). The
// message never quotes the component, which may be a password.
base::Result<std::string> Decode(std::string_view url, std::string_view text,
                                 std::string_view what) {
  std::optional<std::string> decoded = PercentDecode(text);
  if (!decoded) {
    return UrlError(url, "invalid percent-escape in " + std::string(what) +
                             " (write %XX with two hex digits, e.g. %40 for '@')");
  }
  return *std::move(decoded);
}

// Splits `query` (the text after '?') into decoded key -> value pairs.
base::Result<std::map<std::string, std::string>> ParseQuery(std::string_view url,
                                                            std::string_view query) {
  std::map<std::string, std::string> params;
  if (query.empty()) return params;
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view pair = query.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    MIGRATE_ASSIGN_OR_RETURN(std::string key,
                             Decode(url, pair.substr(0, eq), "a query parameter name"));
    if (eq == std::string_view::npos) {
      return UrlError(url, "query parameter '" + key + "' has no value (write " + key + "=VALUE)");
    }
    MIGRATE_ASSIGN_OR_RETURN(std::string value,
                             Decode(url, pair.substr(eq + 1), "query parameter '" + key + "'"));
    if (!params.emplace(key, std::move(value)).second) {
      return UrlError(url, "query parameter '" + key + "' is given twice");
    }
  }
  return params;
}

// What a URL parameter may hold: a whole number of at least
// `min` (when `integer`), or one of `words` (case ignored), as SQLite's
// pragma documentation lists them. Checked when the URL is parsed, so a bad
// value is bad input (exit 2) before any connection, not a pragma SQLite
// silently ignores or a number that fails later.
struct PragmaSpec {
  std::string_view name;
  bool integer;
  std::int64_t min;
  std::vector<std::string_view> words;
};

const std::vector<std::string_view> kBooleans = {"on",  "off", "true", "false",
                                                 "yes", "no",  "1",    "0"};

// Sorted by name, as SqlitePragmaNames() lists them.
const std::vector<PragmaSpec>& PragmaSpecs() {
  constexpr std::int64_t kAny = std::numeric_limits<std::int64_t>::min();
  static const std::vector<PragmaSpec> kSpecs = {
      {"auto_vacuum", true, 0, {"none", "full", "incremental"}},
      {"automatic_index", false, 0, kBooleans},
      {"busy_timeout", true, 0, {}},
      {"cache_size", true, kAny, {}},
      {"cache_spill", true, 0, kBooleans},
      {"case_sensitive_like", false, 0, kBooleans},
      {"cell_size_check", false, 0, kBooleans},
      {"foreign_keys", false, 0, kBooleans},
      {"ignore_check_constraints", false, 0, kBooleans},
      {"journal_mode", false, 0, {"delete", "truncate", "persist", "memory", "wal", "off"}},
      {"journal_size_limit", true, -1, {}},
      {"legacy_alter_table", false, 0, kBooleans},
      {"locking_mode", false, 0, {"normal", "exclusive"}},
      {"mmap_size", true, 0, {}},
      {"page_size", true, 0, {}},
      {"query_only", false, 0, kBooleans},
      {"recursive_triggers", false, 0, kBooleans},
      {"secure_delete", false, 0, {"on", "off", "true", "false", "yes", "no", "1", "0", "fast"}},
      {"synchronous", true, 0, {"off", "normal", "full", "extra"}},
      {"temp_store", true, 0, {"default", "file", "memory"}},
      {"trusted_schema", false, 0, kBooleans},
      {"wal_autocheckpoint", true, kAny, {}},
  };
  return kSpecs;
}

// libpq's keywords whose values have a fixed form, checked like the SQLite
// pragmas so that `connect_timeout=abc` is bad input, not a connection
// failure. The others (host lists, file paths, application_name, ...) are
// libpq's to judge.
const std::vector<PragmaSpec>& LibpqSpecs() {
  static const std::vector<PragmaSpec> kSpecs = {
      {"connect_timeout", true, 0, {}},
      {"gssencmode", false, 0, {"disable", "prefer", "require"}},
      {"keepalives", true, 0, {}},
      {"keepalives_count", true, 0, {}},
      {"keepalives_idle", true, 0, {}},
      {"keepalives_interval", true, 0, {}},
      {"sslmode",
       false,
       0,
       {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"}},
      {"target_session_attrs",
       false,
       0,
       {"any", "read-write", "read-only", "primary", "standby", "prefer-standby"}},
      {"tcp_user_timeout", true, 0, {}},
  };
  return kSpecs;
}

// Why `value` is not a valid value of `spec`, or "" if it is one.
std::string PragmaValueProblem(const PragmaSpec& spec, std::string_view value) {
  const std::string lowered = base::AsciiLower(value);
  if (std::find(spec.words.begin(), spec.words.end(), lowered) != spec.words.end()) return "";
  if (spec.integer) {
    auto number = base::ParseInteger(value, spec.min);
    if (number) return "";
    if (spec.words.empty()) return number.error().message();
  }
  std::string expected = spec.integer ? "a whole number or one of " : "one of ";
  for (std::size_t i = 0; i < spec.words.size(); ++i) {
    if (i > 0) expected += i + 1 == spec.words.size() ? " or " : ", ";
    expected += spec.words[i];
  }
  return "expected " + expected + base::DidYouMean(value, spec.words);
}

// Why `value` is not a valid value of libpq keyword `key`, or "" if it is
// one or `key` is not in LibpqSpecs().
std::string LibpqValueProblem(std::string_view key, std::string_view value) {
  for (const PragmaSpec& spec : LibpqSpecs()) {
    if (spec.name == key) return PragmaValueProblem(spec, value);
  }
  return "";
}

}  // namespace

const std::vector<std::string>& DatabaseUrl::SqlitePragmaNames() {
  // Connection-level settings only: pragmas that change the database's
  // content or format (user_version, application_id, encoding) are a
  // migration's business, not the URL's.
  static const std::vector<std::string> kNames = [] {
    std::vector<std::string> names;
    for (const PragmaSpec& spec : PragmaSpecs()) names.emplace_back(spec.name);
    return names;
  }();
  return kNames;
}

base::Result<DatabaseUrl> DatabaseUrl::Parse(std::string_view url, const std::string& relative_to) {
  DatabaseUrl result;
  result.original_ = std::string(url);

  size_t sep = url.find(kSchemeSeparator);
  std::string_view rest;
  if (sep == std::string_view::npos) {
    // The one form without "://".
    constexpr std::string_view kMemory = "sqlite::memory:";
    std::string lowered = base::AsciiLower(url.substr(0, std::min(url.size(), kMemory.size())));
    if (lowered != kMemory) return UrlError(url, kExpectedForms);
    result.scheme_ = Scheme::kSqlite;
    result.sqlite_memory_ = true;
    std::string_view tail = url.substr(kMemory.size());
    if (!tail.empty() && tail.front() != '?') return UrlError(url, kExpectedForms);
    rest = tail;
  } else {
    std::string scheme = base::AsciiLower(url.substr(0, sep));
    rest = url.substr(sep + kSchemeSeparator.size());
    if (scheme == "sqlite") {
      result.scheme_ = Scheme::kSqlite;
    } else if (scheme == "postgresql" || scheme == "postgres") {
      result.scheme_ = Scheme::kPostgresql;
    } else {
      // What precedes "://" may be a key=value string's password.
      return UrlError(url, "unsupported scheme '" + RedactConnectionString(scheme) +
                               "' (migrate supports sqlite, postgresql and postgres)");
    }
  }

  if (result.scheme_ == Scheme::kSqlite) {
    size_t question = rest.find('?');
    std::string_view path = rest.substr(0, question);
    std::string_view query =
        question == std::string_view::npos ? std::string_view() : rest.substr(question + 1);
    if (!result.sqlite_memory_) {
      if (path.empty() || path.front() != '/') {
        std::string host(path.substr(0, path.find('/')));
        return UrlError(url, "a SQLite URL has no host ('" + host +
                                 "'); write sqlite:///relative/path.db or "
                                 "sqlite:////absolute/path.db");
      }
      path.remove_prefix(1);
      if (path.empty()) {
        return UrlError(url,
                        "no database file; write sqlite:///path.db, or sqlite::memory: for an "
                        "in-memory database");
      }
      MIGRATE_ASSIGN_OR_RETURN(std::string decoded, Decode(url, path, "the path"));
      if (decoded == ":memory:") {
        result.sqlite_memory_ = true;
      } else {
        std::filesystem::path file(decoded);
        if (file.is_relative() && !relative_to.empty()) file = std::filesystem::path(relative_to) / file;
        result.sqlite_path_ = file.lexically_normal().string();
      }
    }
    MIGRATE_ASSIGN_OR_RETURN(auto raw, ParseQuery(url, query));
    const std::vector<std::string>& known = SqlitePragmaNames();
    for (auto& [key, value] : raw) {
      std::string name = base::AsciiLower(key);
      auto spec = std::find_if(PragmaSpecs().begin(), PragmaSpecs().end(),
                               [&](const PragmaSpec& p) { return p.name == name; });
      if (spec == PragmaSpecs().end()) {
        const std::vector<std::string_view> names(known.begin(), known.end());
        return UrlError(url, "unknown SQLite pragma '" + key + "'" +
                                 base::DidYouMean(key, names) +
                                 " (the query parameters of a sqlite URL set pragmas: " +
                                 base::Join(known) + ")");
      }
      if (std::string problem = PragmaValueProblem(*spec, value); !problem.empty()) {
        return UrlError(url, "invalid value '" + value + "' for SQLite pragma '" + name +
                                 "': " + problem);
      }
      if (!result.params_.emplace(name, value).second) {
        return UrlError(url, "query parameter '" + name + "' is given twice");
      }
    }
    return result;
  }

  // PostgreSQL. The user info ends at the last '@' (RedactConnectionString agrees), so an
  // unescaped '@', '/' or '?' in a password still never reaches a message.
  size_t at = rest.rfind('@');
  std::string_view userinfo;
  if (at != std::string_view::npos) {
    userinfo = rest.substr(0, at);
    rest.remove_prefix(at + 1);
  }
  size_t host_end = rest.find_first_of("/?");
  std::string_view hostspec = rest.substr(0, host_end);
  rest = host_end == std::string_view::npos ? std::string_view() : rest.substr(host_end);
  std::string_view path;
  std::string_view query;
  if (!rest.empty() && rest.front() == '/') {
    size_t question = rest.find('?');
    path = rest.substr(1, question == std::string_view::npos ? question : question - 1);
    rest = question == std::string_view::npos ? std::string_view() : rest.substr(question);
  }
  if (!rest.empty()) query = rest.substr(1);

  if (at != std::string_view::npos) {
    size_t colon = userinfo.find(':');
    MIGRATE_ASSIGN_OR_RETURN(result.user_, Decode(url, userinfo.substr(0, colon), "the user name"));
    if (colon != std::string_view::npos) {
      MIGRATE_ASSIGN_OR_RETURN(result.password_,
                               Decode(url, userinfo.substr(colon + 1), "the password"));
      result.has_userinfo_password_ = true;
    }
  }

  std::vector<std::string> hosts;
  std::vector<std::string> ports;
  size_t start = 0;
  while (!hostspec.empty() && start <= hostspec.size()) {
    size_t comma = hostspec.find(',', start);
    if (comma == std::string_view::npos) comma = hostspec.size();
    std::string_view entry = hostspec.substr(start, comma - start);
    start = comma + 1;
    std::string_view host = entry;
    std::string_view port;
    if (!entry.empty() && entry.front() == '[') {
      size_t close = entry.find(']');
      if (close == std::string_view::npos) {
        return UrlError(url, "unterminated '[' in the host (IPv6 addresses are written [::1])");
      }
      host = entry.substr(1, close - 1);
      std::string_view after = entry.substr(close + 1);
      if (!after.empty()) {
        if (after.front() != ':') return UrlError(url, "unexpected text after ']' in the host");
        port = after.substr(1);
      }
    } else if (size_t colon = entry.find(':'); colon != std::string_view::npos) {
      host = entry.substr(0, colon);
      port = entry.substr(colon + 1);
    }
    if (!port.empty()) {
      if (!base::ParseInteger(port, 1, 65535)) {
        return UrlError(url, "invalid port '" + std::string(port) +
                                 "' (a number from 1 to 65535)");
      }
    }
    MIGRATE_ASSIGN_OR_RETURN(std::string decoded_host, Decode(url, host, "the host"));
    hosts.push_back(std::move(decoded_host));
    ports.emplace_back(port);
  }
  for (size_t i = 0; i < hosts.size(); ++i) {
    if (i > 0) {
      result.host_ += ',';
      result.port_ += ',';
    }
    result.host_ += hosts[i];
    result.port_ += ports[i];
  }
  if (std::all_of(ports.begin(), ports.end(), [](const std::string& p) { return p.empty(); })) {
    result.port_.clear();
  }
  result.hosts_ = std::move(hosts);
  result.ports_ = std::move(ports);

  MIGRATE_ASSIGN_OR_RETURN(result.database_, Decode(url, path, "the database name"));
  MIGRATE_ASSIGN_OR_RETURN(result.params_, ParseQuery(url, query));
  for (const auto& [key, value] : result.params_) {
    if (std::string problem = LibpqValueProblem(key, value); !problem.empty()) {
      return UrlError(url, "invalid value '" + value + "' for parameter '" + key + "': " + problem);
    }
  }
  if (!result.has_userinfo_password_) {
    if (auto it = result.params_.find("password"); it != result.params_.end()) {
      result.password_ = it->second;
    }
  }
  return result;
}

std::string DatabaseUrl::Redacted() const { return RedactConnectionString(original_); }

std::string DatabaseUrl::LibpqConninfo() const {
  using base::PercentEncode;
  std::string out = "postgresql://";
  if (!user_.empty() || has_userinfo_password_) {
    out += PercentEncode(user_);
    if (has_userinfo_password_) out += ":" + PercentEncode(password_);
    out += "@";
  }
  for (size_t i = 0; i < hosts_.size(); ++i) {
    if (i > 0) out += ',';
    if (hosts_[i].find(':') != std::string::npos) {
      out += "[" + hosts_[i] + "]";  // an IPv6 address
    } else {
      out += PercentEncode(hosts_[i]);
    }
    if (!ports_[i].empty()) out += ":" + ports_[i];
  }
  out += "/" + PercentEncode(database_);
  char separator = '?';
  for (const auto& [key, value] : params_) {
    out += separator + PercentEncode(key) + "=" + PercentEncode(value);
    separator = '&';
  }
  return out;
}

DatabaseUrl DatabaseUrl::WithDatabase(std::string_view database) const {
  DatabaseUrl url = *this;
  url.database_ = std::string(database);
  // Redacted() prints original_, which must name the new database too.
  url.original_ = url.LibpqConninfo();
  return url;
}

}  // namespace migrate::db
