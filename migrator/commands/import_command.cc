// `migrate import`: another tool's migrations folder in, `migrate` files
// out. The reading and rendering are import/'s; this only decides the
// folders, reports, and writes.

#include "migrator/commands/commands.h"
#include "migrator/import/folder_reader.h"
#include "migrator/import/migration_writer.h"
#include "migrator/import/source_text.h"

namespace migrate::commands {

base::Status Import(Context& ctx, const ImportArgs& args) {
  if (args.source_dir.empty()) {
    return base::Status::InvalidInput(
        "import needs the folder to convert: migrate import [FORMAT] SOURCE_DIR");
  }
  std::string source = args.source_dir;
  while (source.size() > 1 && source.back() == '/') source.pop_back();
  if (!ctx.fs.Exists(source)) {
    return base::Status::NotFound("no folder " + source + " to import");
  }
  import::SourceFormat format;
  if (args.format.empty()) {
    MIGRATE_ASSIGN_OR_RETURN(format, import::DetectFormat(source, ctx.fs));
  } else {
    MIGRATE_ASSIGN_OR_RETURN(format, import::ParseFormat(args.format));
  }
  const std::string out_dir = args.out_dir.empty() ? ctx.config.script_location : args.out_dir;
  MIGRATE_ASSIGN_OR_RETURN(import::ImportedFolder folder,
                           import::ReadFolder(format, source, ctx.fs));
  const std::string format_name(import::FormatName(format));
  if (folder.migrations.empty()) {
    return base::Status::InvalidInput("no " + format_name + " migrations in " + source);
  }
  MIGRATE_ASSIGN_OR_RETURN(std::vector<import::RenderedFile> files,
                           import::RenderFolder(folder, source, out_dir));
  // Migrations already in the folder are not joined to the imported chain,
  // which starts at base: say so, since `check` will then see two heads.
  std::size_t existing = 0;
  if (ctx.fs.Exists(out_dir)) {
    MIGRATE_ASSIGN_OR_RETURN(std::vector<std::string> names, ctx.fs.ListFiles(out_dir));
    for (const std::string& name : names) {
      if (import::IsSqlFileName(name)) ++existing;
    }
  }
  MIGRATE_TRY(import::WriteFiles(files, out_dir, ctx.fs));
  if (existing > 0) {
    folder.warnings.push_back(
        out_dir + " already held " + std::to_string(existing) +
        " migration file(s); the imported chain starts at base beside them, so the folder now has "
        "two heads: join them with migrate merge -m MSG heads, or import into a folder of its "
        "own (--dir)");
  }
  for (const import::RenderedFile& file : files) ctx.reporter.Info("Created " + file.path);
  for (const std::string& warning : folder.warnings) ctx.reporter.Info("warning: " + warning);
  ctx.reporter.Info("Imported " + std::to_string(files.size()) + " " + format_name + " migration" +
                    (files.size() == 1 ? "" : "s") + " from " + source + " into " + out_dir + ": " +
                    files.front().revision +
                    (files.size() > 1 ? " .. " + files.back().revision : "") + ".");
  ctx.reporter.Info("Next: migrate check --offline. On a database " + format_name +
                    " already migrated, migrate stamp --from-table " + format_name +
                    " before migrate upgrade head (docs/import.md).");
  return base::Status::OK();
}

}  // namespace migrate::commands
