#include "migrator/script/script_directory.h"

#include <algorithm>
#include <map>
#include <random>
#include <utility>

namespace migrate::script {

namespace {

using base::Result;
using base::Status;

constexpr std::string_view kExtension = ".sql";

bool IsMigrationFileName(std::string_view name) {
  return name.size() > kExtension.size() && name.front() != '.' &&
         name.substr(name.size() - kExtension.size()) == kExtension;
}

// The first problem, with every further one appended to its context.
Status Combine(std::vector<Status> problems) {
  Status combined = std::move(problems.front());
  for (std::size_t i = 1; i < problems.size(); ++i) {
    const std::string text = problems[i].ToString();
    std::size_t pos = 0;
    while (pos <= text.size()) {
      std::size_t end = text.find('\n', pos);
      if (end == std::string::npos) end = text.size();
      combined = std::move(combined).WithContext(text.substr(pos, end - pos));
      pos = end + 1;
    }
  }
  return combined;
}

}  // namespace

Result<ScriptDirectory> ScriptDirectory::Load(const std::string& dir, const base::FileSystem& fs,
                                              ChecksumMode checksum) {
  MIGRATE_ASSIGN_OR_RETURN(std::vector<std::string> names, fs.ListFiles(dir));
  // The FileSystem promises sorted names; problems are reported in this order.
  if (!std::is_sorted(names.begin(), names.end())) std::sort(names.begin(), names.end());

  std::vector<MigrationFile> files;
  files.reserve(names.size());
  std::vector<Status> problems;
  std::map<std::string, std::size_t> by_revision;  // revision -> index in files
  for (const std::string& name : names) {
    if (!IsMigrationFileName(name)) continue;
    const std::string path = dir + "/" + name;
    Result<std::string> text = fs.ReadFile(path);
    if (!text) {
      problems.push_back(std::move(text).error());
      continue;
    }
    Result<MigrationFile> file = ParseMigrationFile(*text, path, checksum);
    if (!file) {
      problems.push_back(std::move(file).error());
      continue;
    }
    const std::string& revision = file->revision;
    const base::Location where{path, file->revision_line};
    if (name.rfind(revision, 0) != 0 ||
        (name[revision.size()] != '_' && name.substr(revision.size()) != kExtension)) {
      problems.push_back(Status::InvalidInput(
          "file name '" + name + "' does not start with its revision '" + revision +
              "'; rename the file to '" + FileName(revision, file->message) + "'",
          where));
    }
    auto [it, inserted] = by_revision.emplace(revision, files.size());
    if (!inserted) {
      const MigrationFile& first = files[it->second];
      problems.push_back(Status::InvalidInput(
          "duplicate revision '" + revision + "': also declared in " + first.path + ":" +
              std::to_string(first.revision_line) + "; give one of them a new revision id",
          where));
      continue;
    }
    files.push_back(std::move(*file));
  }
  if (!problems.empty()) return Combine(std::move(problems));

  const auto by_revision_id = [](const MigrationFile& a, const MigrationFile& b) {
    return a.revision < b.revision;
  };
  // Names start with their revision, so the files are nearly always in order
  // already; checking is far cheaper than sorting 10,000 large values.
  if (!std::is_sorted(files.begin(), files.end(), by_revision_id)) {
    std::sort(files.begin(), files.end(), by_revision_id);
  }
  return ScriptDirectory(dir, std::move(files));
}

const MigrationFile* ScriptDirectory::Find(std::string_view revision) const {
  auto it = std::lower_bound(files_.begin(), files_.end(), revision,
                             [](const MigrationFile& f, std::string_view r) { return f.revision < r; });
  if (it == files_.end() || it->revision != revision) return nullptr;
  return &*it;
}

std::string ScriptDirectory::FileName(const std::string& revision, const std::string& message) {
  const std::string_view summary = std::string_view(message).substr(0, message.find('\n'));
  std::string slug;
  for (char c : summary) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      slug += c;
    } else if (c >= 'A' && c <= 'Z') {
      slug += static_cast<char>(c - 'A' + 'a');
    } else if (!slug.empty() && slug.back() != '_') {
      slug += '_';
    }
  }
  if (slug.size() > kMaxSlugLength) {
    // Keep whole words: cut at the last '_' that fits, unless that loses everything.
    const std::size_t cut = slug.rfind('_', kMaxSlugLength);
    slug.resize(cut != std::string::npos && cut > 0 ? cut : kMaxSlugLength);
  }
  while (!slug.empty() && slug.back() == '_') slug.pop_back();
  if (slug.empty()) return revision + std::string(kExtension);
  return revision + "_" + slug + std::string(kExtension);
}

std::string ScriptDirectory::NewRevisionId() {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device device;
  std::uniform_int_distribution<int> digit(0, 15);
  std::string id;
  for (int i = 0; i < 12; ++i) id += kHex[digit(device)];
  return id;
}

}  // namespace migrate::script
