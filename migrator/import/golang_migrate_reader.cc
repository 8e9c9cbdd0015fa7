#include "migrator/import/golang_migrate_reader.h"

#include <algorithm>
#include <map>
#include <regex>

#include "migrator/import/source_text.h"

namespace migrate::import {

namespace {

struct Pair {
  std::string version;  // as written, e.g. "0001"
  std::string title;
  std::string up;  // file names; "" when missing
  std::string down;
};

}  // namespace

base::Result<ImportedFolder> ReadGolangMigrate(const std::string& dir, const base::FileSystem& fs) {
  static const std::regex kName(R"(([0-9]+)_(.*)\.(up|down)\.sql)");
  MIGRATE_ASSIGN_OR_RETURN(std::vector<std::string> names, fs.ListFiles(dir));
  // Keyed by the number without leading zeros, so "1" and "001" collide as
  // they do in golang-migrate.
  std::map<std::string, Pair> pairs;
  for (const std::string& name : names) {
    if (!IsSqlFileName(name)) continue;
    const std::string path = dir + "/" + name;
    std::smatch m;
    if (!std::regex_match(name, m, kName)) {
      return base::Status::InvalidInput(
          "not a golang-migrate file name; expected {version}_{title}.up.sql or "
          "{version}_{title}.down.sql, version a number",
          base::Location{path, 0});
    }
    const std::string key = StripLeadingZeros(m[1].str());
    Pair& pair = pairs[key];
    std::string& slot = m[3] == "up" ? pair.up : pair.down;
    if (!slot.empty()) {
      return base::Status::InvalidInput("duplicate " + m[3].str() + " migration for version " +
                                            key + " (also " + dir + "/" + slot + ")",
                                        base::Location{path, 0});
    }
    if (!pair.version.empty() && pair.title != m[2].str()) {
      const std::string other = pair.up.empty() ? pair.down : pair.up;
      return base::Status::InvalidInput("version " + key + " has two titles: '" + m[2].str() +
                                            "' here and '" + pair.title + "' in " + dir + "/" +
                                            other,
                                        base::Location{path, 0});
    }
    pair.version = m[1].str();
    pair.title = m[2].str();
    slot = name;
  }

  std::vector<Pair> ordered;
  for (auto& [key, pair] : pairs) ordered.push_back(pair);
  std::sort(ordered.begin(), ordered.end(),
            [](const Pair& a, const Pair& b) { return CompareDigits(a.version, b.version) < 0; });

  ImportedFolder folder;
  folder.format = SourceFormat::kGolangMigrate;
  for (const Pair& pair : ordered) {
    if (pair.up.empty()) {
      return base::Status::InvalidInput("down migration without an up migration (no " +
                                            pair.version + "_" + pair.title + ".up.sql)",
                                        base::Location{dir + "/" + pair.down, 0});
    }
    ImportedMigration migration;
    migration.version = StripLeadingZeros(pair.version);
    migration.revision = RevisionIdFor(SourceFormat::kGolangMigrate, pair.version);
    migration.title =
        pair.title.empty() ? "version " + migration.version : TitleFromName(pair.title);
    const std::string up_path = dir + "/" + pair.up;
    MIGRATE_ASSIGN_OR_RETURN(migration.up_sql, ReadSqlScript(up_path, fs));
    migration.sources.push_back(up_path);
    if (pair.down.empty()) {
      folder.warnings.push_back(up_path + ": no down migration; the imported revision " +
                                migration.revision + " is irreversible");
    } else {
      const std::string down_path = dir + "/" + pair.down;
      MIGRATE_ASSIGN_OR_RETURN(migration.down_sql, ReadSqlScript(down_path, fs));
      migration.sources.push_back(down_path);
    }
    folder.migrations.push_back(std::move(migration));
  }
  return folder;
}

}  // namespace migrate::import
