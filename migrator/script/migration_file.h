// MigrationFile: one parsed migration (`<revision>_<slug>.sql`), as the
// contract (docs/file-format.md) defines it. A plain value: the header keys,
// the `expect:` postconditions, and the raw text of each section. Sections
// are split into statements only once the dialect is known
// (script/sql_splitter.h), because the dialect decides how SQL is lexed.

#ifndef MIGRATOR_SCRIPT_MIGRATION_FILE_H_
#define MIGRATOR_SCRIPT_MIGRATION_FILE_H_

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrator/script/postcondition.h"

namespace migrate::script {

enum class SectionKind { kUpgrade, kDowngrade, kVerify };

/// "upgrade", "downgrade", "verify".
const char* SectionKindName(SectionKind kind);

enum class TransactionMode {
  kPerMigration,  // default: BEGIN; statements; checks; version row; COMMIT
  kNone,          // autocommit per statement (CREATE INDEX CONCURRENTLY, VACUUM, ...)
};

/// The text under one `-- migrate:<kind> [dialect]` marker.
struct Section {
  SectionKind kind = SectionKind::kUpgrade;
  std::string dialect;  // "" = generic; else "sqlite" or "postgresql"
  int marker_line = 0;  // line of the `-- migrate:` marker
  int first_line = 0;   // line where `body` starts (marker_line + 1)
  std::string body;     // the lines up to the next marker or end of file
};

struct MigrationFile {
  std::string path;  // as shown in messages (relative to the working directory when possible)

  // Header.
  std::string message;                  // the lines before the first key, joined with '\n'
  std::string revision;                 // required
  std::vector<std::string> down_revisions;  // empty: a root; two or more: a merge point
  std::vector<std::string> branch_labels;
  std::vector<std::string> depends_on;
  std::vector<std::string> extensions;  // as declared, in order
  TransactionMode transaction = TransactionMode::kPerMigration;
  std::optional<std::chrono::milliseconds> lock_timeout;  // `5s`; overrides the configured default
  std::optional<std::chrono::milliseconds> statement_timeout;  // `5min`
  bool noop_allowed = false;                     // `noop: allowed`
  std::string create_date;                       // informational
  std::vector<Postcondition> expectations;       // the `expect:` lines, in order
  int revision_line = 0;                         // line of `revision:`, for messages

  std::vector<Section> sections;

  /// "sha256:<hex>" over the normalized text (LF endings, no BOM, no trailing whitespace).
  std::string checksum;

  /// The section of `kind` for `dialect`: the dialect-specific one if present,
  /// else the generic one, else nullptr.
  const Section* FindSection(SectionKind kind, std::string_view dialect) const;
  /// The first line of the message (the summary shown by `history` and `heads`).
  std::string Summary() const;
};

}  // namespace migrate::script

#endif  // MIGRATOR_SCRIPT_MIGRATION_FILE_H_
