// libFuzzer target: the SQL lexer and statement splitter on arbitrary bytes,
// with both dialects' options.
//
// Tokenize and SplitStatements must return a value for any input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "migrator/script/sql_lexer.h"
#include "migrator/script/sql_splitter.h"
#include "migrator/script/statement.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace migrate;
  const std::string_view sql(reinterpret_cast<const char*>(data), size);
  const std::string path = "fuzz.sql";
  for (const script::SplitterOptions& options :
       {script::SplitterOptions::Sqlite(), script::SplitterOptions::Postgresql()}) {
    auto tokens = script::Tokenize(sql, options, 1, path);
    if (!tokens.has_value()) (void)tokens.error().ToString();

    auto statements = script::SplitStatements(sql, 1, options, path);
    if (!statements.has_value()) (void)statements.error().ToString();
  }
  return 0;
}
