#include "migrator/import/flyway_reader.h"

#include <algorithm>
#include <map>
#include <optional>

#include "migrator/import/source_text.h"

namespace migrate::import {

namespace {

std::vector<std::string> Parts(std::string_view version) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= version.size()) {
    std::size_t end = version.find_first_of("._", start);
    if (end == std::string_view::npos) end = version.size();
    parts.emplace_back(version.substr(start, end - start));
    start = end + 1;
  }
  return parts;
}

struct Script {
  std::string version;      // as written
  std::string description;  // as written
  std::string name;         // file name
};

// One version: its V script and, if any, its U script ("" name = none).
// (Plain members rather than optionals: GCC 12 misreports optionals
// moved by std::sort as maybe-uninitialized.)
struct Entry {
  Script versioned;
  Script undo;
};

// `executeInTransaction` from a .sql.conf file; other keys become warnings.
base::Result<bool> ReadConf(const std::string& path, const base::FileSystem& fs,
                            std::vector<std::string>& warnings) {
  MIGRATE_ASSIGN_OR_RETURN(std::string text, fs.ReadFile(path));
  bool in_transaction = true;
  int line_number = 0;
  for (const std::string& raw : SplitLines(text)) {
    ++line_number;
    const std::size_t first = raw.find_first_not_of(" \t");
    if (first == std::string::npos || raw[first] == '#') continue;
    const std::size_t eq = raw.find('=');
    auto trim = [](std::string s) {
      s.erase(0, s.find_first_not_of(" \t"));
      s.erase(s.find_last_not_of(" \t") + 1);
      return s;
    };
    if (eq == std::string::npos) {
      return base::Status::InvalidInput("expected key=value in a Flyway script configuration",
                                        base::Location{path, line_number})
          .WithContext("  " + raw);
    }
    const std::string key = trim(raw.substr(0, eq));
    const std::string value = trim(raw.substr(eq + 1));
    if (key == "executeInTransaction" && (value == "false" || value == "true")) {
      in_transaction = value == "true";
    } else {
      warnings.push_back(path + ":" + std::to_string(line_number) + ": setting '" + key +
                         "' is not imported (only executeInTransaction is)");
    }
  }
  return in_transaction;
}

// ReadSqlScript (source_text.h), first refusing Flyway placeholders, which
// would otherwise reach the database unsubstituted.
base::Result<std::string> ReadScript(const std::string& path, const base::FileSystem& fs) {
  MIGRATE_ASSIGN_OR_RETURN(std::string text, fs.ReadFile(path));
  if (std::optional<Placeholder> placeholder = FindPlaceholder(text)) {
    return base::Status::InvalidInput(
        "Flyway placeholder " + placeholder->text +
            ": migrate does not substitute placeholders; replace it with its value in the "
            "script, then import again",
        base::Location{path, placeholder->line});
  }
  return StripTransactionControl(text, path);
}

}  // namespace

bool IsFlywayVersion(std::string_view version) {
  const std::vector<std::string> parts = Parts(version);
  return std::all_of(parts.begin(), parts.end(), [](const std::string& p) { return IsDigits(p); });
}

int CompareFlywayVersions(std::string_view a, std::string_view b) {
  const std::vector<std::string> x = Parts(a), y = Parts(b);
  for (std::size_t i = 0; i < std::max(x.size(), y.size()); ++i) {
    const int c = CompareDigits(i < x.size() ? x[i] : "0", i < y.size() ? y[i] : "0");
    if (c != 0) return c;
  }
  return 0;
}

base::Result<ImportedFolder> ReadFlyway(const std::string& dir, const base::FileSystem& fs) {
  MIGRATE_ASSIGN_OR_RETURN(std::vector<std::string> names, fs.ListFiles(dir));
  ImportedFolder folder;
  folder.format = SourceFormat::kFlyway;
  std::vector<Entry> entries;
  for (const std::string& name : names) {
    if (!IsSqlFileName(name)) continue;
    const std::string path = dir + "/" + name;
    if (name.rfind("R__", 0) == 0) {
      return base::Status::InvalidInput(
          "Flyway repeatable migration: migrate has no migrations that re-run when edited; make "
          "it a versioned script (V{version}__{description}.sql) or move it out of the folder, "
          "then import again",
          base::Location{path, 0});
    }
    const std::string_view stem = std::string_view(name).substr(0, name.size() - 4);
    const std::size_t separator = stem.find("__");
    const char prefix = name[0];
    if ((prefix != 'V' && prefix != 'U') || separator == std::string_view::npos ||
        !IsFlywayVersion(stem.substr(1, separator - 1))) {
      return base::Status::InvalidInput(
          "not a Flyway migration name; expected V{version}__{description}.sql or "
          "U{version}__{description}.sql, version like 1, 1.1 or 2_1",
          base::Location{path, 0});
    }
    Script script{std::string(stem.substr(1, separator - 1)),
                  std::string(stem.substr(separator + 2)), name};
    auto same = std::find_if(entries.begin(), entries.end(), [&](const Entry& e) {
      const Script& any = e.versioned.name.empty() ? e.undo : e.versioned;
      return CompareFlywayVersions(any.version, script.version) == 0;
    });
    if (same == entries.end()) same = entries.insert(entries.end(), Entry{});
    Script& slot = prefix == 'V' ? same->versioned : same->undo;
    if (!slot.name.empty()) {
      return base::Status::InvalidInput(
          "duplicate version " + script.version + " (also " + dir + "/" + slot.name + ")",
          base::Location{path, 0});
    }
    slot = std::move(script);
  }
  for (const Entry& entry : entries) {
    if (entry.versioned.name.empty()) {
      return base::Status::InvalidInput(
          "undo script without a versioned script of version " + entry.undo.version,
          base::Location{dir + "/" + entry.undo.name, 0});
    }
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return CompareFlywayVersions(a.versioned.version, b.versioned.version) < 0;
  });

  for (const Entry& entry : entries) {
    const Script& v = entry.versioned;
    ImportedMigration migration;
    std::string version = v.version;
    std::replace(version.begin(), version.end(), '_', '.');
    migration.version = version;
    migration.revision = RevisionIdFor(SourceFormat::kFlyway, v.version);
    migration.title = v.description.empty() ? "version " + version : TitleFromName(v.description);
    const std::string path = dir + "/" + v.name;
    MIGRATE_ASSIGN_OR_RETURN(migration.up_sql, ReadScript(path, fs));
    migration.sources.push_back(path);
    if (fs.Exists(path + ".conf")) {
      MIGRATE_ASSIGN_OR_RETURN(bool in_transaction, ReadConf(path + ".conf", fs, folder.warnings));
      migration.no_transaction = !in_transaction;
      migration.sources.push_back(path + ".conf");
    }
    if (!entry.undo.name.empty()) {
      const std::string undo_path = dir + "/" + entry.undo.name;
      MIGRATE_ASSIGN_OR_RETURN(migration.down_sql, ReadScript(undo_path, fs));
      migration.sources.push_back(undo_path);
    }
    folder.migrations.push_back(std::move(migration));
  }
  return folder;
}

}  // namespace migrate::import
