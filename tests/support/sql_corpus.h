// The statement splitter's torture corpus, tests/fixtures/sql/ (its
// README.md gives the format), for every test that runs a splitter over it:
// script::SplitStatements, SQLite's and the PostgreSQL parser's. Each case
// is `<name>.<dialect>.sql` with either the statements it splits into
// (`.expected`) or the error it gives (`.error`).
//
//   INSTANTIATE_TEST_SUITE_P(Fixtures, MyCorpus,
//                            ::testing::ValuesIn(SqlCorpusCases("sqlite")),
//                            SqlCorpusTestName);
//   TEST_P(MyCorpus, X) { ExpectSplitAsCorpusSays(GetParam(), MySplit(...)); }
//
// Header only: a test binary that includes it links migrator_sql_corpus
// (tests/support/CMakeLists.txt), which defines MIGRATE_SQL_FIXTURES_DIR.
//
// Thread safety: pure functions over files nothing writes.

#ifndef MIGRATOR_TESTS_SUPPORT_SQL_CORPUS_H_
#define MIGRATOR_TESTS_SUPPORT_SQL_CORPUS_H_

#include <algorithm>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "migrator/base/status.h"
#include "migrator/script/statement.h"
#include "tests/support/temp_dir.h"

namespace migrate::testing {

/// tests/fixtures/sql of the source tree.
inline std::filesystem::path SqlCorpusDir() { return MIGRATE_SQL_FIXTURES_DIR; }

/// "=== <line>\n<text>\n" per statement: the format of the corpus' .expected files.
inline std::string ShowStatements(const std::vector<script::Statement>& statements) {
  std::string out;
  for (const script::Statement& s : statements) {
    out += "=== " + std::to_string(s.line) + "\n" + s.text + "\n";
  }
  return out;
}

/// The stems of the corpus' cases ("quoting.sqlite"), sorted: every case,
/// or only those of `dialect` ("sqlite" or "postgresql").
inline std::vector<std::string> SqlCorpusCases(std::string_view dialect = {}) {
  std::vector<std::string> cases;
  for (const auto& entry : std::filesystem::directory_iterator(SqlCorpusDir())) {
    if (entry.path().extension() != ".sql") continue;
    const std::filesystem::path stem = entry.path().stem();
    if (dialect.empty() || stem.extension() == "." + std::string(dialect)) {
      cases.push_back(stem.string());
    }
  }
  std::sort(cases.begin(), cases.end());
  return cases;
}

/// The gtest name of the case a parameter names: its stem, dots made underscores.
inline std::string SqlCorpusTestName(const ::testing::TestParamInfo<std::string>& info) {
  std::string name = info.param;
  std::replace(name.begin(), name.end(), '.', '_');
  return name;
}

/// Checks `split`, case `stem` split with `<stem>.sql` as its path, against
/// the case: its .expected statements, or its .error text as a
/// kInvalidInput error. A case has exactly one of the two.
inline void ExpectSplitAsCorpusSays(const std::string& stem,
                                    const base::Result<std::vector<script::Statement>>& split) {
  SCOPED_TRACE(stem);
  const std::string case_path = (SqlCorpusDir() / stem).string();  // without its extension
  const bool wants_error = std::filesystem::exists(case_path + ".error");
  ASSERT_NE(wants_error, std::filesystem::exists(case_path + ".expected"))
      << "a case needs exactly one of .expected and .error";
  if (wants_error) {
    ASSERT_FALSE(split.has_value()) << ShowStatements(*split);
    EXPECT_EQ(split.error().ToString(), ReadFile(case_path + ".error"));
    EXPECT_EQ(split.error().code(), base::StatusCode::kInvalidInput);
  } else {
    ASSERT_TRUE(split.has_value()) << split.error().ToString();
    EXPECT_EQ(ShowStatements(*split), ReadFile(case_path + ".expected"));
  }
}

}  // namespace migrate::testing

#endif  // MIGRATOR_TESTS_SUPPORT_SQL_CORPUS_H_
