#include "migrator/script/migration_file.h"

namespace migrate::script {

const char* SectionKindName(SectionKind kind) {
  switch (kind) {
    case SectionKind::kUpgrade: return "upgrade";
    case SectionKind::kDowngrade: return "downgrade";
    case SectionKind::kVerify: return "verify";
  }
  return "?";
}

const Section* MigrationFile::FindSection(SectionKind kind, std::string_view dialect) const {
  const Section* generic = nullptr;
  for (const Section& section : sections) {
    if (section.kind != kind) continue;
    if (!dialect.empty() && section.dialect == dialect) return &section;
    if (section.dialect.empty()) generic = &section;
  }
  return generic;
}

std::string MigrationFile::Summary() const {
  return message.substr(0, message.find('\n'));
}

}  // namespace migrate::script
