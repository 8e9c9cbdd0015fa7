#include "migrator/engine/migration_step.h"

namespace migrate::engine {

namespace {

base::Result<std::vector<script::Statement>> Split(const script::Section& section,
                                                   const script::MigrationFile& file,
                                                   const db::Dialect& dialect) {
  return dialect.SplitStatements(section.body, section.first_line, file.path);
}

}  // namespace

base::Result<MigrationStep> PrepareStep(const script::MigrationFile& file, Direction direction,
                                        const db::Dialect& dialect) {
  MigrationStep step;
  step.file = &file;
  step.direction = direction;
  const bool upgrade = direction == Direction::kUpgrade;
  const script::Section* section = file.FindSection(
      upgrade ? script::SectionKind::kUpgrade : script::SectionKind::kDowngrade, dialect.Name());
  if (section == nullptr) {
    if (upgrade) {
      return base::Status::InvalidInput(
          "no upgrade section for " + std::string(dialect.Name()) +
              " (add `-- migrate:upgrade` or `-- migrate:upgrade " + std::string(dialect.Name()) + "`)",
          base::Location{file.path, 0});
    }
    return base::Status::InvalidInput(
        "revision " + file.revision +
            " has no downgrade section, so it is irreversible: a downgrade cannot go past it "
            "(to revert its effects, write a new revision that undoes them)",
        base::Location{file.path, 0});
  }
  MIGRATE_ASSIGN_OR_RETURN(step.statements, Split(*section, file, dialect));
  if (dialect.DescribesWithoutDatabase()) step.intents = dialect.DescribeOffline(step.statements);
  step.lock_timeout = file.lock_timeout;
  step.statement_timeout = file.statement_timeout;
  if (upgrade) {
    step.postconditions = file.expectations;
    if (const script::Section* verify =
            file.FindSection(script::SectionKind::kVerify, dialect.Name())) {
      MIGRATE_ASSIGN_OR_RETURN(step.verify, Split(*verify, file, dialect));
    }
  }
  return step;
}

}  // namespace migrate::engine
