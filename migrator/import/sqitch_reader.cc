#include "migrator/import/sqitch_reader.h"

#include <map>
#include <regex>
#include <sstream>

#include "migrator/import/source_text.h"

namespace migrate::import {

namespace {

base::Status PlanError(const std::string& path, int line, const std::string& text,
                       const std::string& message) {
  return base::Status::InvalidInput(message, base::Location{path, line}).WithContext("  " + text);
}

}  // namespace

base::Result<ImportedFolder> ReadSqitch(const std::string& dir, const base::FileSystem& fs) {
  // name, [deps], timestamp, planner, <email>, # note
  static const std::regex kChange(
      R"(([+-]?)([^\s\[@#:]+)(?:\s+\[([^\]]*)\])?\s+(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)Z\s+(.*?)\s*<([^>]*)>\s*(?:#\s?(.*))?)");
  static const std::regex kTag(
      R"(@(\S+)(?:\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+[^<]*<[^>]*>)?\s*(?:#\s?(.*))?)");
  const std::string plan_path = dir + "/sqitch.plan";
  MIGRATE_ASSIGN_OR_RETURN(std::string plan, fs.ReadFile(plan_path));

  ImportedFolder folder;
  folder.format = SourceFormat::kSqitch;
  std::map<std::string, int> planned;              // change name -> its plan line
  std::map<std::string, std::string> by_revision;  // revision id -> change name
  int line_number = 0;
  for (const std::string& raw : SplitLines(plan)) {
    ++line_number;
    std::string line = raw;
    line.erase(0, line.find_first_not_of(" \t"));
    line.erase(line.find_last_not_of(" \t") + 1);
    if (line.empty() || line[0] == '#' || line[0] == '%') continue;
    std::smatch m;
    if (line[0] == '@') {
      if (!std::regex_match(line, m, kTag)) {
        return PlanError(plan_path, line_number, raw,
                         "malformed tag line; expected @name timestamp planner <email> [# note]");
      }
      if (folder.migrations.empty()) {
        return PlanError(plan_path, line_number, raw, "tag @" + m[1].str() + " before any change");
      }
      std::string& note = folder.migrations.back().note;
      note += (note.empty() ? "" : "\n") + std::string("Sqitch tag @") + m[1].str() +
              (m[2].length() > 0 ? ": " + m[2].str() : "");
      continue;
    }
    if (!std::regex_match(line, m, kChange)) {
      return PlanError(plan_path, line_number, raw,
                       "malformed change line; expected name [dependencies] "
                       "YYYY-MM-DDTHH:MM:SSZ planner <email> [# note]");
    }
    const std::string name = m[2].str();
    if (m[1] == "-") {
      return PlanError(
          plan_path, line_number, raw,
          "'-" + name + "' plans a revert; migrate import takes plans of deployed changes only");
    }
    if (auto earlier = planned.find(name); earlier != planned.end()) {
      return PlanError(plan_path, line_number, raw,
                       "change '" + name + "' is reworked (first planned on line " +
                           std::to_string(earlier->second) +
                           "); migrate import does not support reworked changes: import the plan "
                           "before the rework, or make the rework a change of its own");
    }
    std::istringstream deps(m[3].str());
    for (std::string dep; deps >> dep;) {
      if (dep[0] == '!') {
        folder.warnings.push_back(plan_path + ":" + std::to_string(line_number) + ": conflict " +
                                  dep + " of change '" + name + "' is not imported");
      } else if (dep.find(':') != std::string::npos) {
        folder.warnings.push_back(plan_path + ":" + std::to_string(line_number) + ": dependency " +
                                  dep + " of change '" + name +
                                  "' is on another Sqitch project and is not imported; deploy that "
                                  "project first");
      } else if (dep.find('@') != std::string::npos) {
        return PlanError(plan_path, line_number, raw,
                         "change '" + name + "' depends on " + dep +
                             ", a change as of a tag (a reworked change); migrate import does not "
                             "support reworked changes");
      } else if (planned.count(dep) == 0) {
        return PlanError(
            plan_path, line_number, raw,
            "change '" + name + "' depends on '" + dep + "', which is not planned before it");
      }
    }
    ImportedMigration migration;
    migration.version = name;
    migration.revision = RevisionIdFor(SourceFormat::kSqitch, name);
    if (auto clash = by_revision.find(migration.revision); clash != by_revision.end()) {
      return PlanError(plan_path, line_number, raw,
                       "changes '" + clash->second + "' and '" + name +
                           "' would both become revision " + migration.revision + "; rename one");
    }
    if (migration.revision == "head" || migration.revision == "heads" ||
        migration.revision == "base" || migration.revision == "current") {
      return PlanError(plan_path, line_number, raw,
                       "change '" + name + "' would become revision '" + migration.revision +
                           "', a word migrate reserves for targets; rename it");
    }
    // The note says what the change is for; the name is the revision id.
    migration.title = m[8].length() > 0 ? m[8].str() : name;
    migration.create_date = m[4].str() + " " + m[5].str();

    const std::string deploy = dir + "/deploy/" + name + ".sql";
    const std::string revert = dir + "/revert/" + name + ".sql";
    const std::string verify = dir + "/verify/" + name + ".sql";
    if (!fs.Exists(deploy)) {
      return PlanError(plan_path, line_number, raw,
                       "change '" + name + "' has no deploy script " + deploy);
    }
    MIGRATE_ASSIGN_OR_RETURN(migration.up_sql, ReadSqlScript(deploy, fs));
    migration.sources.push_back(deploy);
    if (fs.Exists(revert)) {
      MIGRATE_ASSIGN_OR_RETURN(migration.down_sql, ReadSqlScript(revert, fs));
      migration.sources.push_back(revert);
    } else {
      folder.warnings.push_back(plan_path + ":" + std::to_string(line_number) + ": change '" +
                                name +
                                "' has no revert script; the imported revision is irreversible");
    }
    if (fs.Exists(verify)) {
      MIGRATE_ASSIGN_OR_RETURN(migration.verify_sql, ReadSqlScript(verify, fs));
      migration.sources.push_back(verify);
    }
    planned[name] = line_number;
    by_revision[migration.revision] = name;
    folder.migrations.push_back(std::move(migration));
  }
  return folder;
}

}  // namespace migrate::import
