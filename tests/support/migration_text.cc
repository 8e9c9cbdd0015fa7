#include "tests/support/migration_text.h"

namespace migrate::testing {

std::string MigrationText(const MigrationHeader& header, const std::string& body) {
  std::string text = "-- " + header.message + "\n--\n-- revision: " + header.revision +
                     "\n-- down_revision:" +
                     (header.down_revision.empty() ? "" : " " + header.down_revision) + "\n";
  for (const std::string& key : header.keys) text += "-- " + key + "\n";
  return text + "\n" + body;
}

std::string MigrationText(const std::string& revision, const std::string& down_revision,
                          const std::vector<std::string>& keys, const std::string& body) {
  return MigrationText({revision + " message", revision, down_revision, keys}, body);
}

std::string MigrationText(const std::string& message, const std::string& revision,
                          const std::string& down_revision, const std::string& upgrade,
                          const std::string& downgrade) {
  std::string body = "-- migrate:upgrade\n" + upgrade;
  if (!downgrade.empty()) body += "\n-- migrate:downgrade\n" + downgrade;
  return MigrationText({message, revision, down_revision, {"create_date: 2026-03-01 10:00:00"}},
                       body);
}

}  // namespace migrate::testing
