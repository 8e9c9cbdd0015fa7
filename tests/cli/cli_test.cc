#include "tests/cli/cli_test.h"

#include <algorithm>
#include <regex>

#ifndef MIGRATE_BINARY
#error "MIGRATE_BINARY must name the migrate executable (tests/cli/CMakeLists.txt)"
#endif
#ifndef MIGRATE_SOURCE_DIR
#error "MIGRATE_SOURCE_DIR must name the repository root (tests/cli/CMakeLists.txt)"
#endif

namespace migrate::cli_test {

std::string MigrateBinary() { return MIGRATE_BINARY; }

std::string SourceDir() { return MIGRATE_SOURCE_DIR; }

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

std::vector<std::string> ResultLines(const std::string& text) {
  std::vector<std::string> lines = Lines(text);
  lines.erase(std::remove_if(lines.begin(), lines.end(),
                             [](const std::string& line) { return line.rfind("→ ", 0) == 0; }),
              lines.end());
  return lines;
}

std::string MaskDurations(const std::string& text) {
  // "<1ms" too; a column's padding after one (result lines) becomes two spaces.
  static const std::regex kPadded(R"((<1ms|\b\d+(\.\d+)?(ms|s)\b)  +)");
  static const std::regex kDuration(R"(<1ms|\b\d+(\.\d+)?(ms|s)\b)");
  return std::regex_replace(std::regex_replace(text, kPadded, "TIME  "), kDuration, "TIME");
}

int LineNumberOf(const std::string& text, const std::string& needle) {
  const std::vector<std::string> lines = Lines(text);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (lines[i].find(needle) != std::string::npos) return static_cast<int>(i) + 1;
  }
  return 0;
}

std::string CreatedRevision(const std::string& stdout_text) {
  static const std::regex kCreated(R"(Created migrations/([A-Za-z0-9_]+?)_[a-z0-9_]+\.sql)");
  std::smatch match;
  if (!std::regex_search(stdout_text, match, kCreated)) {
    ADD_FAILURE() << "no \"Created migrations/<id>_<slug>.sql\" line in:\n" << stdout_text;
    return "";
  }
  return match[1];
}

void WriteCustomersProject(const TempDir& dir, const std::string& folder) {
  dir.Write(folder + "/" + kCustomersRev + "_create_customers.sql",
            MigrationText("create customers", kCustomersRev, "",
                          "CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL);\n",
                          "DROP TABLE customers;\n"));
  dir.Write(folder + "/" + kEmailRev + "_add_email.sql",
            MigrationText("add email", kEmailRev, kCustomersRev,
                          "ALTER TABLE customers ADD COLUMN email text;\n",
                          "ALTER TABLE customers DROP COLUMN email;\n"));
  dir.Write(folder + "/" + kOrdersRev + "_create_orders.sql",
            MigrationText("create orders", kOrdersRev, kEmailRev,
                          "CREATE TABLE orders (id integer PRIMARY KEY,\n"
                          "                     customer_id integer NOT NULL REFERENCES customers (id));\n"
                          "CREATE INDEX idx_orders_customer_id ON orders (customer_id);\n",
                          "DROP TABLE orders;\n"));
}

ProcessResult CliTest::Migrate(const std::vector<std::string>& args, const Env& env,
                               const std::string& cwd) const {
  std::vector<std::string> argv = {MigrateBinary()};
  argv.insert(argv.end(), args.begin(), args.end());
  ProcessOptions options;
  options.cwd = cwd.empty() ? dir_.path() : dir_.Path(cwd);
  options.env = {{"NO_COLOR", "1"}, {"DATABASE_URL", std::nullopt}};
  for (const auto& [name, value] : env) options.env[name] = value;
  return RunProcess(argv, options);
}

ProcessResult CliTest::MigrateWithUrl(const std::string& url,
                                      const std::vector<std::string>& args) const {
  std::vector<std::string> argv = {"--url", url};
  argv.insert(argv.end(), args.begin(), args.end());
  return Migrate(argv);
}

std::string CliTest::MigrateOkWithUrl(const std::string& url,
                                      const std::vector<std::string>& args) const {
  const ProcessResult r = MigrateWithUrl(url, args);
  EXPECT_EQ(r.exit_code, 0) << r.Describe();
  EXPECT_EQ(r.err, "");
  return MaskDurations(r.out);
}

}  // namespace migrate::cli_test
