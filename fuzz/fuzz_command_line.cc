// libFuzzer target: the `migrate` command line as the binary reads it, in
// process and without a database: CLI11's parse against every command's
// definitions (cli/command_line.h: usage errors, help, did-you-mean), the
// global options' durations, the configuration resolved from a migrate.toml
// found in a folder above, DATABASE_URL and the flags (config::Load), and
// the database URLs it ends with (DatabaseUrl::Parse, every parameter typed).
// Each step must answer with a value or an error for any input: nothing may
// throw out of them (the `migrate` binary turns an escaped exception into
// exit 70, a bug), crash or hit undefined behaviour.
//
// The input is NUL-separated: the text of migrate.toml, the value of
// DATABASE_URL ("" = unset), then the arguments.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "migrator/cli/command_line.h"
#include "migrator/config/config.h"
#include "migrator/db/database_url.h"
#include "tests/support/fake_filesystem.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace migrate;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> fields;
  for (std::size_t start = 0; start <= input.size();) {
    std::size_t end = input.find('\0', start);
    if (end == std::string_view::npos) end = input.size();
    fields.emplace_back(input.substr(start, end - start));
    start = end + 1;
  }
  if (fields.size() < 2) return 0;

  CLI::App app;
  cli::CommandLine line;
  cli::DefineCommandLine(app, line, "0.0.0");
  const std::vector<std::string> args(fields.begin() + 2, fields.end());
  if (std::optional<cli::Handled> handled = cli::ParseCommandLine(app, line, args)) return 0;

  auto overrides = cli::OverridesOf(line.global);
  if (!overrides) return 0;
  testing::FakeFileSystem fs;
  fs.Put("../migrate.toml", fields[0]);  // run from a subfolder of the project
  config::Environment env{.working_directory = "/srv/project/db"};
  if (!fields[1].empty()) env.database_url = fields[1];
  auto config = config::Load(*overrides, env, fs);
  if (!config) {
    (void)config.error().ToString();
    return 0;
  }
  for (const std::string* url : {&config->url, &config->admin_url}) {
    if (url->empty()) continue;
    auto parsed = db::DatabaseUrl::Parse(*url, config->url_base_dir);
    if (parsed) (void)parsed->Redacted();
  }
  return 0;
}
