#include "migrator/import/migration_writer.h"

#include <map>
#include <utility>

#include "migrator/import/source_text.h"
#include "migrator/script/header_parser.h"
#include "migrator/script/script_directory.h"

namespace migrate::import {

namespace {

std::string Relative(const std::string& path, const std::string& source_dir) {
  const std::string prefix = source_dir + "/";
  return path.rfind(prefix, 0) == 0 ? path.substr(prefix.size()) : path;
}

// A section body ending in exactly one newline, then a blank line.
std::string Section(const std::string& marker, const std::string& body) {
  std::string text = "-- migrate:" + marker + "\n" + body;
  while (text.size() > 1 && text.back() == '\n' && text[text.size() - 2] == '\n') text.pop_back();
  if (text.back() != '\n') text += '\n';
  return text;
}

std::string Render(const ImportedMigration& m, const std::string& parent, SourceFormat format,
                   const std::string& source_dir) {
  std::string text = "-- " + m.title + "\n--\n";
  if (!m.note.empty()) {
    for (const std::string& line : SplitLines(m.note))
      text += line.empty() ? "--\n" : "-- " + line + "\n";
    text += "--\n";
  }
  std::string sources;
  for (const std::string& source : m.sources) {
    sources += (sources.empty() ? "" : ", ") + Relative(source, source_dir);
  }
  text += "-- Imported from " + std::string(FormatName(format)) + " " + sources + "\n--\n";
  text += "-- revision: " + m.revision + "\n";
  text += parent.empty() ? "-- down_revision:\n" : "-- down_revision: " + parent + "\n";
  if (m.no_transaction) text += "-- transaction: none\n";
  if (!m.create_date.empty()) text += "-- create_date: " + m.create_date + "\n";
  text += "\n" + Section("upgrade", m.up_sql);
  if (m.verify_sql) text += "\n" + Section("verify", *m.verify_sql);
  if (m.down_sql) text += "\n" + Section("downgrade", *m.down_sql);
  return text;
}

}  // namespace

base::Result<std::vector<RenderedFile>> RenderFolder(const ImportedFolder& folder,
                                                     const std::string& source_dir,
                                                     const std::string& out_dir) {
  std::vector<RenderedFile> files;
  // Each revision id and the file it came from, to name both sides of a clash.
  std::map<std::string, std::pair<const ImportedMigration*, std::string>> seen;
  std::string parent;
  for (const ImportedMigration& m : folder.migrations) {
    const std::string source = m.sources.empty() ? source_dir : m.sources.front();
    if (auto clash = seen.find(m.revision); clash != seen.end()) {
      const auto& [earlier, earlier_source] = clash->second;
      return base::Status::InvalidInput("version " + m.version + " and version " + earlier->version +
                                            " (" + earlier_source + ") both become revision " +
                                            m.revision,
                                        base::Location{source, 0});
    }
    seen.emplace(m.revision, std::make_pair(&m, source));
    RenderedFile file;
    file.revision = m.revision;
    // A Sqitch change without a note is titled by its name, already the id.
    file.path = out_dir + "/" +
                script::ScriptDirectory::FileName(m.revision, m.title == m.version ? "" : m.title);
    file.text = Render(m, parent, folder.format, source_dir);
    auto parsed = script::ParseMigrationFile(file.text, file.path);
    if (!parsed) {
      return std::move(parsed).error().Prefixed(
          "the migration imported from " + source +
          " would not parse (a line of its SQL or note reads as a migrate header key or marker)");
    }
    parent = m.revision;
    files.push_back(std::move(file));
  }
  return files;
}

base::Status WriteFiles(const std::vector<RenderedFile>& files, const std::string& out_dir,
                        base::FileSystem& fs) {
  int existing = 0;
  const RenderedFile* first = nullptr;
  for (const RenderedFile& file : files) {
    if (fs.Exists(file.path)) {
      ++existing;
      if (first == nullptr) first = &file;
    }
  }
  if (first != nullptr) {
    return base::Status::InvalidInput(
        first->path + " already exists" +
        (existing > 1 ? " (and " + std::to_string(existing - 1) + " more of the files to write)"
                      : "") +
        "; nothing was written. Import into an empty folder (--dir), or remove the earlier import");
  }
  MIGRATE_TRY(fs.CreateDirectories(out_dir));
  for (const RenderedFile& file : files) MIGRATE_TRY(fs.CreateFile(file.path, file.text));
  return base::Status::OK();
}

}  // namespace migrate::import
