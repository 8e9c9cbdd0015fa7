// libFuzzer target: the PostgreSQL dialect's reading of statements through
// libpg_query (db/postgresql/pg_parser.h) on arbitrary bytes.
//
// SplitPostgresql must return a value for any input, and DescribePostgresql
// must walk any parse tree the parser returns for each statement it cut.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "migrator/db/postgresql/pg_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace migrate;
  const std::string_view sql(reinterpret_cast<const char*>(data), size);
  auto statements = db::SplitPostgresql(sql, 1, "fuzz.sql");
  if (!statements.has_value()) {
    (void)statements.error().ToString();
    return 0;
  }
  for (const script::Statement& statement : *statements) {
    (void)db::DescribePostgresql(statement.text);
  }
  return 0;
}
