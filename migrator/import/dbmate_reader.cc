#include "migrator/import/dbmate_reader.h"

#include <algorithm>
#include <optional>
#include <regex>
#include <sstream>

#include "migrator/import/source_text.h"

namespace migrate::import {

namespace {

struct Block {
  int marker_line = 0;  // 1-based; 0 = no such marker
  int first_line = 0;   // the body's first line
  std::string body;
};

struct Parsed {
  Block up;
  Block down;
  bool no_transaction = false;
};

// Splits a dbmate file into its blocks (dbmate's own rules: markers start
// the line; only comments and blank lines may precede the up marker).
base::Result<Parsed> ParseBlocks(const std::string& text, const std::string& path) {
  static const std::regex kMarker(R"(--\s*migrate:(up|down)((?:\s+\S+)*)\s*)");
  Parsed parsed;
  Block* current = nullptr;
  int line_number = 0;
  for (const std::string& line : SplitLines(text)) {
    ++line_number;
    std::smatch m;
    if (std::regex_match(line, m, kMarker)) {
      const bool up = m[1] == "up";
      Block& block = up ? parsed.up : parsed.down;
      if (block.marker_line != 0) {
        return base::Status::InvalidInput("second '-- migrate:" + m[1].str() +
                                              "' marker (the first is on line " +
                                              std::to_string(block.marker_line) + ")",
                                          base::Location{path, line_number})
            .WithContext("  " + line);
      }
      if (!up && parsed.up.marker_line == 0) {
        return base::Status::InvalidInput("'-- migrate:down' before '-- migrate:up'",
                                          base::Location{path, line_number})
            .WithContext("  " + line);
      }
      std::string options = m[2].str();
      std::istringstream words(options);
      for (std::string option; words >> option;) {
        if (option == "transaction:false") {
          parsed.no_transaction = true;
        } else if (option != "transaction:true") {
          return base::Status::InvalidInput(
                     "unknown dbmate option '" + option + "'; dbmate knows transaction:false",
                     base::Location{path, line_number})
              .WithContext("  " + line);
        }
      }
      block.marker_line = line_number;
      block.first_line = line_number + 1;
      current = &block;
      continue;
    }
    if (current == nullptr) {
      const std::size_t first = line.find_first_not_of(" \t");
      if (first != std::string::npos && line.compare(first, 2, "--") != 0) {
        return base::Status::InvalidInput(
                   "SQL before '-- migrate:up'; dbmate runs only the up and down blocks",
                   base::Location{path, line_number})
            .WithContext("  " + line);
      }
      continue;
    }
    current->body += line + "\n";
  }
  if (parsed.up.marker_line == 0) {
    return base::Status::InvalidInput("no '-- migrate:up' marker; a dbmate migration needs one",
                                      base::Location{path, 0});
  }
  return parsed;
}

}  // namespace

base::Result<ImportedFolder> ReadDbmate(const std::string& dir, const base::FileSystem& fs) {
  static const std::regex kName(R"(([0-9]+)_?(.*)\.sql)");
  MIGRATE_ASSIGN_OR_RETURN(std::vector<std::string> names, fs.ListFiles(dir));
  struct File {
    std::string version, title, name;
  };
  std::vector<File> files;
  for (const std::string& name : names) {
    if (!IsSqlFileName(name)) continue;
    std::smatch m;
    if (!std::regex_match(name, m, kName)) {
      return base::Status::InvalidInput(
          "not a dbmate migration name; expected {version}_{name}.sql, version a number",
          base::Location{dir + "/" + name, 0});
    }
    const File file{m[1].str(), m[2].str(), name};
    for (const File& other : files) {
      if (CompareDigits(other.version, file.version) == 0) {
        return base::Status::InvalidInput("duplicate version " + StripLeadingZeros(file.version) +
                                              " (also " + dir + "/" + other.name + ")",
                                          base::Location{dir + "/" + name, 0});
      }
    }
    files.push_back(file);
  }
  std::stable_sort(files.begin(), files.end(), [](const File& a, const File& b) {
    return CompareDigits(a.version, b.version) < 0;
  });

  ImportedFolder folder;
  folder.format = SourceFormat::kDbmate;
  for (const File& file : files) {
    const std::string path = dir + "/" + file.name;
    MIGRATE_ASSIGN_OR_RETURN(std::string text, fs.ReadFile(path));
    MIGRATE_ASSIGN_OR_RETURN(Parsed parsed, ParseBlocks(text, path));
    ImportedMigration migration;
    migration.version = file.version;
    migration.revision = RevisionIdFor(SourceFormat::kDbmate, file.version);
    migration.title = file.title.empty() ? "version " + file.version : TitleFromName(file.title);
    MIGRATE_ASSIGN_OR_RETURN(migration.up_sql,
                             StripTransactionControl(parsed.up.body, path, parsed.up.first_line));
    if (parsed.down.marker_line == 0) {
      folder.warnings.push_back(path + ": no '-- migrate:down' block; the imported revision " +
                                migration.revision + " is irreversible");
    } else {
      MIGRATE_ASSIGN_OR_RETURN(migration.down_sql, StripTransactionControl(parsed.down.body, path,
                                                                           parsed.down.first_line));
    }
    migration.no_transaction = parsed.no_transaction;
    migration.sources.push_back(path);
    folder.migrations.push_back(std::move(migration));
  }
  return folder;
}

}  // namespace migrate::import
