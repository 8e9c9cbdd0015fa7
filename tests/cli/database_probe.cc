#include "tests/cli/database_probe.h"

#include <gtest/gtest.h>

#include "tests/cli/cli_test.h"

namespace migrate::cli_test {

DatabaseProbe DatabaseProbe::Sqlite(std::string path) { return DatabaseProbe(true, std::move(path)); }

DatabaseProbe DatabaseProbe::Postgresql(std::string url) {
  return DatabaseProbe(false, std::move(url));
}

DatabaseProbe DatabaseProbe::ForUrl(const std::string& url) {
  const std::string sqlite_prefix = "sqlite:///";
  if (url.rfind(sqlite_prefix, 0) == 0) return Sqlite(url.substr(sqlite_prefix.size()));
  return Postgresql(url);
}

std::vector<std::string> DatabaseProbe::Query(const std::string& sql) const {
  const std::vector<std::string> argv =
      sqlite_ ? std::vector<std::string>{"sqlite3", "-batch", "-bail", "-noheader", "-list",
                                         target_, sql}
              : std::vector<std::string>{"psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1",
                                         "-d", target_, "-c", sql};
  const ProcessResult result = RunProcess(argv, {});
  if (result.exit_code != 0 || !result.err.empty()) {
    ADD_FAILURE() << argv[0] << " failed on: " << sql << "\n" << result.Describe();
  }
  return Lines(result.out);
}

ProcessResult DatabaseProbe::RunScript(const std::string& script) const {
  const std::vector<std::string> argv =
      sqlite_ ? std::vector<std::string>{"sqlite3", "-batch", "-bail", target_}
              : std::vector<std::string>{"psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d",
                                         target_, "-f", "-"};
  ProcessOptions options;
  options.stdin_text = script;
  return RunProcess(argv, options);
}

std::vector<std::string> DatabaseProbe::Tables() const {
  return Query(sqlite_ ? "SELECT name FROM sqlite_master WHERE type = 'table' "
                         "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name"
                       : "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                         "ORDER BY tablename");
}

std::vector<std::string> DatabaseProbe::Schema() const {
  return Query(
      sqlite_ ? "SELECT m.name || '(' || (SELECT group_concat(c, ', ') FROM "
                "(SELECT p.name || ' ' || p.type AS c FROM pragma_table_info(m.name) p "
                "ORDER BY p.cid)) || ')' FROM sqlite_master m WHERE m.type = 'table' "
                "AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY m.name"
              : "SELECT table_name || '(' || string_agg(column_name || ' ' || data_type, ', ' "
                "ORDER BY ordinal_position) || ')' FROM information_schema.columns "
                "WHERE table_schema = 'public' GROUP BY table_name ORDER BY table_name");
}

std::vector<std::string> DatabaseProbe::Indexes() const {
  return Query(sqlite_ ? "SELECT name FROM sqlite_master WHERE type = 'index' "
                         "AND name NOT LIKE 'sqlite\\_autoindex%' ESCAPE '\\' ORDER BY name"
                       : "SELECT indexname FROM pg_indexes WHERE schemaname = 'public' "
                         "ORDER BY indexname");
}

std::vector<std::string> DatabaseProbe::VersionRows() const {
  return Query("SELECT version_num FROM migrate_version ORDER BY version_num");
}

}  // namespace migrate::cli_test
