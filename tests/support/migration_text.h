// MigrationText: the text of a migration file, written inline by the tests
// that need one (the engine's integration tests, the end-to-end tests of
// the binary): a header of "-- " lines, a blank line, then the sections.
// One formatter, so every test writes the header the way the spec
// (docs/migration-files.md) does.
//
//   -- <message>
//   --
//   -- revision: <revision>
//   -- down_revision: <down_revision>        (nothing after the colon for a root)
//   -- <key>                                 (one line per extra key)
//
//   <body>

#ifndef MIGRATOR_TESTS_SUPPORT_MIGRATION_TEXT_H_
#define MIGRATOR_TESTS_SUPPORT_MIGRATION_TEXT_H_

#include <string>
#include <vector>

namespace migrate::testing {

struct MigrationHeader {
  std::string message;
  std::string revision;
  /// "" for a root migration.
  std::string down_revision;
  /// More header lines, each written after "-- " ("transaction: none").
  std::vector<std::string> keys;
};

/// The file with `header`, a blank line, then `body` (the sections, as is).
/// With no keys, the body's first line is line 6 of the file.
std::string MigrationText(const MigrationHeader& header, const std::string& body);

/// The engine tests' shorthand: the message is "<revision> message".
std::string MigrationText(const std::string& revision, const std::string& down_revision,
                          const std::vector<std::string>& keys, const std::string& body);

/// The end-to-end tests' shorthand: a fixed create_date key, then an
/// upgrade section and a downgrade section (left out when `downgrade` is "").
std::string MigrationText(const std::string& message, const std::string& revision,
                          const std::string& down_revision, const std::string& upgrade,
                          const std::string& downgrade);

}  // namespace migrate::testing

#endif  // MIGRATOR_TESTS_SUPPORT_MIGRATION_TEXT_H_
