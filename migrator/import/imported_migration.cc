#include "migrator/import/imported_migration.h"

#include <algorithm>
#include <array>

namespace migrate::import {

namespace {

struct FormatEntry {
  SourceFormat format;
  std::string_view name;
};

constexpr std::array<FormatEntry, 4> kFormats = {{
    {SourceFormat::kGolangMigrate, "golang-migrate"},
    {SourceFormat::kFlyway, "flyway"},
    {SourceFormat::kDbmate, "dbmate"},
    {SourceFormat::kSqitch, "sqitch"},
}};

bool IsIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

std::string_view FormatName(SourceFormat format) {
  for (const FormatEntry& entry : kFormats) {
    if (entry.format == format) return entry.name;
  }
  return "unknown";
}

std::string FormatNames() {
  std::string names;
  for (const FormatEntry& entry : kFormats) {
    names += (names.empty() ? "" : ", ") + std::string(entry.name);
  }
  return names;
}

base::Result<SourceFormat> ParseFormat(std::string_view name) {
  for (const FormatEntry& entry : kFormats) {
    if (entry.name == name) return entry.format;
  }
  return base::Status::InvalidInput("unknown migration format '" + std::string(name) +
                                    "'; expected one of " + FormatNames());
}

bool IsDigits(std::string_view text) {
  return !text.empty() &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string StripLeadingZeros(std::string_view digits) {
  const std::size_t first = digits.find_first_not_of('0');
  return first == std::string_view::npos ? "0" : std::string(digits.substr(first));
}

int CompareDigits(std::string_view a, std::string_view b) {
  const std::string x = StripLeadingZeros(a), y = StripLeadingZeros(b);
  if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
  return x.compare(y) < 0 ? -1 : (x == y ? 0 : 1);
}

std::string RevisionIdFor(SourceFormat format, std::string_view version) {
  switch (format) {
    case SourceFormat::kGolangMigrate:
    case SourceFormat::kDbmate:
      return "v" + StripLeadingZeros(version);
    case SourceFormat::kFlyway: {
      std::string id = "v";
      std::size_t start = 0;
      while (start <= version.size()) {
        std::size_t end = version.find_first_of("._", start);
        if (end == std::string_view::npos) end = version.size();
        if (start > 0) id += '_';
        id += StripLeadingZeros(version.substr(start, end - start));
        start = end + 1;
      }
      return id;
    }
    case SourceFormat::kSqitch: {
      std::string id(version);
      for (char& c : id) {
        if (!IsIdChar(c)) c = '_';
      }
      return id;
    }
  }
  return std::string(version);
}

}  // namespace migrate::import
