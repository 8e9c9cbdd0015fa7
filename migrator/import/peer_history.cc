#include "migrator/import/peer_history.h"

#include "migrator/import/flyway_reader.h"

namespace migrate::import {

namespace {

bool Truthy(const std::optional<std::string>& value) {
  return value && (*value == "t" || *value == "true" || *value == "TRUE" || *value == "1");
}

std::string Text(const std::optional<std::string>& value) { return value ? *value : "NULL"; }

base::Status BadVersion(const std::string& table, const std::optional<std::string>& version,
                        std::string_view format) {
  return base::Status::InvalidInput(table + " records version '" + Text(version) +
                                    "', which is not a " + std::string(format) + " version");
}

// The version a revision id of `format` was made from ("v1_2" -> "1_2"), or "".
std::string VersionOf(const std::string& revision) {
  return revision.size() > 1 && revision[0] == 'v' ? revision.substr(1) : "";
}

}  // namespace

std::string DefaultPeerTable(SourceFormat format) {
  switch (format) {
    case SourceFormat::kGolangMigrate:
    case SourceFormat::kDbmate:
      return "schema_migrations";
    case SourceFormat::kFlyway:
      return "flyway_schema_history";
    case SourceFormat::kSqitch:
      return "sqitch.changes";
  }
  return "";
}

std::string PeerHistoryQuery(SourceFormat format, const std::string& table) {
  switch (format) {
    case SourceFormat::kGolangMigrate:
      return "SELECT version, dirty FROM " + table;
    case SourceFormat::kDbmate:
      return "SELECT version FROM " + table;
    case SourceFormat::kFlyway:
      return "SELECT installed_rank, version, type, success FROM " + table +
             " ORDER BY installed_rank";
    case SourceFormat::kSqitch:
      return "SELECT change, project FROM " + table + " ORDER BY committed_at, change_id";
  }
  return "";
}

base::Result<PeerState> ReadPeerRows(SourceFormat format, const std::string& table,
                                     const std::vector<PeerRow>& rows) {
  PeerState state;
  const std::string_view name = FormatName(format);
  auto set_latest = [&](const std::string& version) {
    state.latest_version = version;
    state.latest_revision = RevisionIdFor(format, version);
  };
  switch (format) {
    case SourceFormat::kGolangMigrate: {
      if (rows.size() > 1) {
        return base::Status::FailedPrecondition(
            table + " has " + std::to_string(rows.size()) +
            " rows; golang-migrate keeps exactly one (the current version)");
      }
      if (rows.empty()) return state;
      const PeerRow& row = rows.front();
      if (!row[0] || !IsDigits(*row[0])) return BadVersion(table, row[0], name);
      if (Truthy(row[1])) {
        return base::Status::FailedPrecondition(
            table + " marks version " + *row[0] +
            " dirty: a golang-migrate migration failed part-way. Repair the database by hand, "
            "record the version that is really applied with `migrate force VERSION` "
            "(golang-migrate), then stamp again");
      }
      set_latest(*row[0]);
      state.everything_before_latest = true;
      return state;
    }
    case SourceFormat::kDbmate: {
      for (const PeerRow& row : rows) {
        if (!row[0] || !IsDigits(*row[0])) return BadVersion(table, row[0], name);
        if (!state.latest_version || CompareDigits(*row[0], *state.latest_version) > 0)
          set_latest(*row[0]);
        state.applied_revisions.insert(RevisionIdFor(format, *row[0]));
      }
      return state;
    }
    case SourceFormat::kFlyway: {
      // Replayed in installed_rank order: undo removes, baseline covers.
      std::vector<std::string> applied;
      for (const PeerRow& row : rows) {
        const std::string type = row[2].value_or("");
        if (!row[3] || !Truthy(row[3])) {
          return base::Status::FailedPrecondition(
              table + " row installed_rank " + Text(row[0]) + " (version " + Text(row[1]) + ", " +
              type +
              ") failed. Repair it with Flyway first (`flyway repair`, after fixing the database), "
              "then stamp again");
        }
        if (!row[1] || type == "SCHEMA" || type == "DELETE") continue;
        if (!IsFlywayVersion(*row[1])) return BadVersion(table, row[1], name);
        const std::string& version = *row[1];
        if (type == "BASELINE") {
          state.baseline = version;
          continue;
        }
        std::erase_if(applied,
                      [&](const std::string& v) { return CompareFlywayVersions(v, version) == 0; });
        if (type.rfind("UNDO", 0) != 0) applied.push_back(version);
      }
      for (const std::string& version : applied) {
        state.applied_revisions.insert(RevisionIdFor(format, version));
        if (!state.latest_version || CompareFlywayVersions(version, *state.latest_version) > 0) {
          set_latest(version);
        }
      }
      if (state.baseline && (!state.latest_version ||
                             CompareFlywayVersions(*state.baseline, *state.latest_version) > 0)) {
        set_latest(*state.baseline);
      }
      return state;
    }
    case SourceFormat::kSqitch: {
      std::set<std::string> projects;
      for (const PeerRow& row : rows) {
        if (!row[0]) return BadVersion(table, row[0], name);
        projects.insert(row[1].value_or(""));
        set_latest(*row[0]);
        state.applied_revisions.insert(state.latest_revision);
      }
      if (projects.size() > 1) {
        std::string list;
        for (const std::string& p : projects) list += (list.empty() ? "" : ", ") + p;
        return base::Status::FailedPrecondition(
            table + " records changes of several Sqitch projects (" + list +
            "); stamp from a registry holding one project, or follow the recipe in docs/import.md");
      }
      return state;
    }
  }
  return base::Status::Internal("unknown source format");
}

bool PeerApplied(SourceFormat format, const PeerState& state, const std::string& revision) {
  if (state.applied_revisions.count(revision) != 0) return true;
  const std::string version = VersionOf(revision);
  if (format == SourceFormat::kGolangMigrate && state.everything_before_latest &&
      state.latest_version && IsDigits(version)) {
    return CompareDigits(version, *state.latest_version) <= 0;
  }
  if (format == SourceFormat::kFlyway && state.baseline && IsFlywayVersion(version)) {
    return CompareFlywayVersions(version, *state.baseline) <= 0;
  }
  return false;
}

}  // namespace migrate::import
