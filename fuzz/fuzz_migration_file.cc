// libFuzzer target: the migration file parser on arbitrary bytes.
//
// ParseMigrationFile must return a value (a MigrationFile or an error) for
// any input, never crash, read out of bounds or hit undefined behaviour.
// When a file parses, no section holds a NUL byte (the database would cut a
// statement there: the parser must refuse it), and each section is split
// with both dialects' splitter options, since that is what every command
// does next.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "migrator/script/header_parser.h"
#include "migrator/script/migration_file.h"
#include "migrator/script/sql_splitter.h"
#include "migrator/script/statement.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace migrate::script;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto file = ParseMigrationFile(text, "fuzz.sql");
  if (!file.has_value()) {
    (void)file.error().ToString();
    return 0;
  }
  (void)file->Summary();
  for (const Section& section : file->sections) {
    if (section.body.find('\0') != std::string::npos) __builtin_trap();
    for (const SplitterOptions& options : {SplitterOptions::Sqlite(), SplitterOptions::Postgresql()}) {
      auto statements = SplitStatements(section.body, section.first_line, options, file->path);
      if (!statements.has_value()) (void)statements.error().ToString();
    }
  }
  return 0;
}
