// ImportedMigration: one migration read from another tool's migrations
// folder (golang-migrate, Flyway, dbmate, Sqitch), in a form that no longer
// depends on that tool: its SQL for each direction, its verify SQL, and
// whether it must run outside a transaction. A reader (<format>_reader.h)
// turns a folder into an ImportedFolder, ordered as the tool applies it;
// migration_writer.h renders it as `migrate` files.
//
// Revision ids are derived from the source's version alone (RevisionIdFor),
// so importing the same folder twice gives the same files, and the version
// another tool recorded in its history table names the same revision
// (peer_history.h).
//
// Value types; thread-compatible.

#ifndef MIGRATOR_IMPORT_IMPORTED_MIGRATION_H_
#define MIGRATOR_IMPORT_IMPORTED_MIGRATION_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrator/base/status.h"

namespace migrate::import {

enum class SourceFormat { kGolangMigrate, kFlyway, kDbmate, kSqitch };

/// "golang-migrate", "flyway", "dbmate" or "sqitch": the names the command line takes.
std::string_view FormatName(SourceFormat format);

/// The format named `name` (as FormatName spells it). InvalidInput listing
/// the formats otherwise.
base::Result<SourceFormat> ParseFormat(std::string_view name);

/// The names of every format, comma-separated, for messages and help.
std::string FormatNames();

struct ImportedMigration {
  /// The version as the source spells it: "20230101120000", "1.1", or (Sqitch)
  /// the change name.
  std::string version;
  /// The `migrate` revision id, RevisionIdFor(format, version).
  std::string revision;
  /// The first line of the message: the file name's title with '_' as
  /// spaces; for Sqitch the change's note, else its name.
  std::string title;
  /// Further message lines (the Sqitch tags that follow the change); may be empty.
  std::string note;
  std::string up_sql;
  /// nullopt: the source has no down script (the migration is irreversible).
  std::optional<std::string> down_sql;
  /// nullopt: no verify script (only Sqitch has them).
  std::optional<std::string> verify_sql;
  /// Must run outside a transaction (`transaction: none`).
  bool no_transaction = false;
  /// When the source planned it (Sqitch), "YYYY-MM-DD HH:MM:SS"; else "".
  std::string create_date;
  /// The source files, as paths under the folder given to the reader.
  std::vector<std::string> sources;
};

/// What a reader found: the migrations in the order the tool applies them,
/// and remarks about what was dropped or changed on the way (each naming
/// its file), for the user to read.
struct ImportedFolder {
  SourceFormat format = SourceFormat::kGolangMigrate;
  std::vector<ImportedMigration> migrations;
  std::vector<std::string> warnings;
};

/// The revision id for a source version. golang-migrate and dbmate:
/// "v" + the number without leading zeros ("0001" -> "v1"). Flyway: "v" +
/// each part without leading zeros, joined by '_' ("1.01", "1_1" -> "v1_1").
/// Sqitch: the change name with each character other than a letter, digit
/// or '_' replaced by '_'. REQUIRES: `version` is well formed for `format`.
std::string RevisionIdFor(SourceFormat format, std::string_view version);

/// Compares two digit strings as numbers of any length: <0, 0 or >0.
/// REQUIRES: both are non-empty and all digits.
int CompareDigits(std::string_view a, std::string_view b);

/// `digits` without its leading zeros ("0" for all zeros). REQUIRES: all digits.
std::string StripLeadingZeros(std::string_view digits);

/// True if `text` is non-empty and all ASCII digits.
bool IsDigits(std::string_view text);

}  // namespace migrate::import

#endif  // MIGRATOR_IMPORT_IMPORTED_MIGRATION_H_
