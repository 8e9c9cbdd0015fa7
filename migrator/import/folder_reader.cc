#include "migrator/import/folder_reader.h"

#include <regex>
#include <vector>

#include "migrator/import/dbmate_reader.h"
#include "migrator/import/flyway_reader.h"
#include "migrator/import/golang_migrate_reader.h"
#include "migrator/import/source_text.h"
#include "migrator/import/sqitch_reader.h"

namespace migrate::import {

base::Result<SourceFormat> DetectFormat(const std::string& dir, const base::FileSystem& fs) {
  static const std::regex kGolang(R"([0-9]+_.*\.(up|down)\.sql)");
  static const std::regex kFlyway(R"(V[0-9]+([._][0-9]+)*__.*\.sql)");
  static const std::regex kDbmate(R"([0-9]+_.*\.sql)");
  MIGRATE_ASSIGN_OR_RETURN(std::vector<std::string> names, fs.ListFiles(dir));
  bool sqitch = false, golang = false, flyway = false, dbmate = false;
  for (const std::string& name : names) {
    if (name == "sqitch.plan") sqitch = true;
    if (std::regex_match(name, kGolang)) {
      golang = true;
    } else if (std::regex_match(name, kFlyway)) {
      flyway = true;
    } else if (!dbmate && std::regex_match(name, kDbmate)) {
      auto text = fs.ReadFile(dir + "/" + name);
      if (!text) continue;
      for (const std::string& line : SplitLines(*text)) {
        if (line.rfind("-- migrate:up", 0) == 0) dbmate = true;
      }
    }
  }
  std::vector<SourceFormat> found;
  if (sqitch) found.push_back(SourceFormat::kSqitch);
  if (golang) found.push_back(SourceFormat::kGolangMigrate);
  if (flyway) found.push_back(SourceFormat::kFlyway);
  if (dbmate) found.push_back(SourceFormat::kDbmate);
  if (found.size() == 1) return found.front();
  if (found.empty()) {
    return base::Status::InvalidInput(
        "cannot tell which tool wrote " + dir +
        " (no sqitch.plan, N_name.up.sql, V1__name.sql or dbmate file); name the format: "
        "migrate import FORMAT " +
        dir + " (FORMAT: " + FormatNames() + ")");
  }
  std::string names_found;
  for (SourceFormat format : found) {
    names_found += (names_found.empty() ? "" : " and ") + std::string(FormatName(format));
  }
  return base::Status::InvalidInput(dir + " has files of " + names_found +
                                    "; name the format: migrate import FORMAT " + dir);
}

base::Result<ImportedFolder> ReadFolder(SourceFormat format, const std::string& dir,
                                        const base::FileSystem& fs) {
  switch (format) {
    case SourceFormat::kGolangMigrate:
      return ReadGolangMigrate(dir, fs);
    case SourceFormat::kFlyway:
      return ReadFlyway(dir, fs);
    case SourceFormat::kDbmate:
      return ReadDbmate(dir, fs);
    case SourceFormat::kSqitch:
      return ReadSqitch(dir, fs);
  }
  return base::Status::Internal("unknown source format");
}

}  // namespace migrate::import
