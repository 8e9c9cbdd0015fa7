#include "migrator/script/header_parser.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "migrator/base/duration.h"
#include "migrator/base/spelling.h"
#include "migrator/base/strings.h"
#include "migrator/script/checksum.h"
#include "migrator/script/expectation_parser.h"

namespace migrate::script {

namespace {

using base::Location;
using base::Result;
using base::Status;

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kMarkerPrefix = "-- migrate:";

constexpr std::array<std::string_view, 11> kKeys = {
    "revision",    "down_revision", "branch_labels",     "depends_on", "extensions", "transaction",
    "lock_timeout", "statement_timeout", "noop",          "create_date", "expect"};
constexpr std::array<std::string_view, 3> kSectionKinds = {"upgrade", "downgrade", "verify"};
constexpr std::array<std::string_view, 2> kDialects = {"sqlite", "postgresql"};
constexpr std::array<std::string_view, 2> kTransactionModes = {"per-migration", "none"};

struct Line {
  std::string_view text;  // without its terminator
  int number = 0;         // 1-based
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }
bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string_view TrimLeft(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  return s;
}
std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}
std::string_view Trim(std::string_view s) { return TrimLeft(TrimRight(s)); }

bool StartsWithIgnoringCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (Lower(s[i]) != Lower(prefix[i])) return false;
  }
  return true;
}

// REQUIRES: `key` is in kKeys.
std::size_t KeyIndex(std::string_view key) {
  std::size_t i = 0;
  while (kKeys[i] != key) ++i;
  return i;
}

template <std::size_t N>
bool Contains(const std::array<std::string_view, N>& words, std::string_view word) {
  for (std::string_view w : words) {
    if (w == word) return true;
  }
  return false;
}

// Splits after BOM removal; a terminator is CRLF, CR or LF, and text after
// the last terminator is a line only if it is not empty.
std::vector<Line> SplitLines(std::string_view text) {
  std::vector<Line> lines;
  lines.reserve(text.size() / 32 + 8);  // typical SQL lines; saves most regrowth
  std::size_t pos = 0;
  int number = 1;
  while (pos < text.size()) {
    std::size_t end = base::FindLineEnd(text, pos);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(Line{text.substr(pos, end - pos), number++});
    pos = end;
    if (pos < text.size()) {
      pos += (text[pos] == '\r' && pos + 1 < text.size() && text[pos + 1] == '\n') ? 2 : 1;
    }
  }
  return lines;
}

// Length of the valid UTF-8 sequence at s[i], or 0 if it is not one
// (overlong forms, surrogates and code points above U+10FFFF included).
std::size_t Utf8SequenceLength(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char b0 = byte(i);
  if (b0 < 0x80) return 1;
  std::size_t n = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (b0 >= 0xC2 && b0 <= 0xDF) {
    n = 2;
  } else if (b0 >= 0xE0 && b0 <= 0xEF) {
    n = 3;
    if (b0 == 0xE0) lo = 0xA0;
    if (b0 == 0xED) hi = 0x9F;
  } else if (b0 >= 0xF0 && b0 <= 0xF4) {
    n = 4;
    if (b0 == 0xF0) lo = 0x90;
    if (b0 == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return n;
}

// Offset of the first byte of `s` that does not start valid UTF-8, if any.
std::optional<std::size_t> FindInvalidUtf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    // Migration files are mostly ASCII: skip it without the full decoder.
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    const std::size_t n = Utf8SequenceLength(s, i);
    if (n == 0) return i;
    i += n;
  }
  return std::nullopt;
}

std::string HexByte(char c) {
  static constexpr char kHex[] = "0123456789abcdef";
  const auto b = static_cast<unsigned char>(c);
  return {kHex[b >> 4], kHex[b & 0x0F]};
}

// The line with every byte that is not valid UTF-8, and every NUL, written
// as \xNN, so an error message stays printable.
std::string Printable(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = s[i] == '\0' ? 0 : Utf8SequenceLength(s, i);
    if (n == 0) {
      out += "\\x" + HexByte(s[i]);
      ++i;
    } else {
      out.append(s.substr(i, n));
      i += n;
    }
  }
  return out;
}

bool IsRevisionId(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsAsciiAlnum(c) && c != '_') return false;
  }
  return true;
}

bool IsLabel(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsAsciiAlnum(c) && c != '_' && c != '-' && c != '.') return false;
  }
  return true;
}

bool IsExtensionName(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsAsciiAlnum(c) && c != '_' && c != '-') return false;
  }
  return true;
}

// `500ms`, `5s`, `2min`, `1h`: base::ParseDuration's forms with the unit
// required (a bare `30` is seconds in migrate.toml but milliseconds to
// PostgreSQL), up to PostgreSQL's limit of INT_MAX ms. nullopt with `too_long`
// false when malformed, true when over the limit.
std::optional<std::chrono::milliseconds> HeaderDuration(std::string_view s, bool& too_long) {
  const std::size_t unit = s.find_first_not_of("0123456789");
  too_long = false;
  if (unit == 0 || unit == std::string_view::npos) return std::nullopt;
  auto duration = base::ParseDuration(s);
  // More significant digits than INT_MAX has: too long whatever the unit,
  // even when too large for ParseDuration itself.
  const std::size_t first = std::min(s.find_first_not_of('0'), unit);
  too_long = (duration && duration->count() > INT_MAX) || unit - first > 10;
  if (!duration || too_long) return std::nullopt;
  return *duration;
}

struct Marker {
  SectionKind kind = SectionKind::kUpgrade;
  std::string dialect;
};

SectionKind SectionKindOf(std::string_view word) {
  if (word == "downgrade") return SectionKind::kDowngrade;
  if (word == "verify") return SectionKind::kVerify;
  return SectionKind::kUpgrade;
}

std::string MarkerText(SectionKind kind, std::string_view dialect) {
  std::string out = std::string(kMarkerPrefix) + SectionKindName(kind);
  if (!dialect.empty()) out += " " + std::string(dialect);
  return out;
}

// Parses one file. Lines are visited once, top to bottom; the first problem
// ends the parse.
class FileParser {
 public:
  FileParser(std::string_view text, std::string path, ChecksumMode checksum)
      : text_(text), checksum_(checksum) {
    file_.path = std::move(path);
  }

  Result<MigrationFile> Parse() {
    if (text_.substr(0, kUtf8Bom.size()) == kUtf8Bom) text_.remove_prefix(kUtf8Bom.size());
    lines_ = SplitLines(text_);
    for (const Line& line : lines_) {
      if (std::optional<std::size_t> bad = FindInvalidUtf8(line.text)) {
        return ErrorAt(line, "invalid UTF-8 (byte 0x" + HexByte(line.text[*bad]) + " at column " +
                                 std::to_string(*bad + 1) + "); save the file as UTF-8");
      }
      // No SQL text may hold a NUL: libpq ends a statement at the first one,
      // so `UPDATE t SET x = 0 <NUL>WHERE id = 2` would run as an UPDATE of
      // every row.
      if (const std::size_t nul = line.text.find('\0'); nul != std::string_view::npos) {
        return ErrorAt(line, "NUL byte at column " + std::to_string(nul + 1) +
                                 "; SQL text cannot contain one (the database would cut the "
                                 "statement there): remove it");
      }
    }

    std::size_t i = 0;
    for (; i < lines_.size(); ++i) {
      MIGRATE_ASSIGN_OR_RETURN(std::optional<Marker> marker, ReadMarker(lines_[i]));
      if (marker) break;
      MIGRATE_TRY(ReadHeaderLine(lines_[i]));
    }
    std::size_t body_begin = i + 1;  // the current section's first body line
    for (; i < lines_.size(); ++i) {
      MIGRATE_ASSIGN_OR_RETURN(std::optional<Marker> marker, ReadMarker(lines_[i]));
      if (marker) {
        if (!file_.sections.empty()) FillBody(file_.sections.back(), body_begin, i);
        MIGRATE_TRY(StartSection(lines_[i], std::move(*marker)));
        body_begin = i + 1;
      } else {
        MIGRATE_TRY(RefuseMisplacedKey(lines_[i]));
      }
    }
    if (!file_.sections.empty()) FillBody(file_.sections.back(), body_begin, lines_.size());
    MIGRATE_TRY(CheckWholeFile());

    while (!message_lines_.empty() && message_lines_.back().empty()) message_lines_.pop_back();
    std::size_t first = 0;
    while (first < message_lines_.size() && message_lines_[first].empty()) ++first;
    for (std::size_t k = first; k < message_lines_.size(); ++k) {
      if (k > first) file_.message += '\n';
      file_.message += message_lines_[k];
    }

    if (checksum_ == ChecksumMode::kSkip) return std::move(file_);
    file_.checksum = NormalizedChecksum(text_);
    if (file_.checksum.empty()) {
      return Status::Internal(file_.path + ": cannot compute the checksum (libcrypto failed)");
    }
    return std::move(file_);
  }

 private:
  // The body is lines_[begin, end), each ending in '\n': sized once rather
  // than grown line by line (a large share of loading 10,000 files).
  void FillBody(Section& section, std::size_t begin, std::size_t end) const {
    std::size_t size = 0;
    for (std::size_t k = begin; k < end; ++k) size += lines_[k].text.size() + 1;
    section.body.reserve(size);
    for (std::size_t k = begin; k < end; ++k) {
      section.body.append(lines_[k].text);
      section.body += '\n';
    }
  }

  Status ErrorAt(const Line& line, std::string message) const {
    return Status::InvalidInput(std::move(message), Location{file_.path, line.number})
        .WithContext(Printable(line.text));
  }

  // nullopt: not a marker. A marker that is mistyped, or names an unknown
  // kind or dialect, is an error rather than a comment: treating it as a
  // comment would silently merge two sections.
  Result<std::optional<Marker>> ReadMarker(const Line& line) const {
    const std::string_view t = TrimRight(line.text);
    if (t.substr(0, kMarkerPrefix.size()) == kMarkerPrefix &&
        (t.size() == kMarkerPrefix.size() || !IsSpace(t[kMarkerPrefix.size()]))) {
      std::vector<std::string_view> words;
      std::string_view rest = t.substr(kMarkerPrefix.size());
      while (!(rest = TrimLeft(rest)).empty()) {
        std::size_t n = 0;
        while (n < rest.size() && !IsSpace(rest[n])) ++n;
        words.push_back(rest.substr(0, n));
        rest.remove_prefix(n);
      }
      if (words.empty()) {
        return ErrorAt(line, "section marker without a kind; write '-- migrate:upgrade', "
                             "'-- migrate:downgrade' or '-- migrate:verify'");
      }
      if (!Contains(kSectionKinds, words[0])) {
        return ErrorAt(line, "unknown section kind '" + std::string(words[0]) + "'" +
                                 base::DidYouMean(words[0], kSectionKinds) + "; sections are " +
                                 base::JoinWords(kSectionKinds));
      }
      Marker marker{SectionKindOf(words[0]), ""};
      if (words.size() > 1) {
        if (!Contains(kDialects, words[1])) {
          return ErrorAt(line, "unknown dialect '" + std::string(words[1]) + "'" +
                                   base::DidYouMean(words[1], kDialects) +
                                   "; a section's dialect is sqlite or postgresql");
        }
        marker.dialect = std::string(words[1]);
      }
      if (words.size() > 2) {
        return ErrorAt(line, "unexpected '" + std::string(words[2]) +
                                 "' after the section marker; a marker is "
                                 "'-- migrate:KIND' or '-- migrate:KIND DIALECT'");
      }
      return std::optional<Marker>(std::move(marker));
    }

    // Near misses: `--migrate:upgrade`, `-- migrate: upgrade`, `-- Migrate:Upgrade`,
    // `-- migrate upgrade`, an indented marker. Only comments whose next word
    // is (close to) a section kind count, so `-- migrate the users` stays a comment.
    std::string_view s = TrimLeft(t);
    if (s.substr(0, 2) != "--") return std::optional<Marker>();
    s.remove_prefix(2);
    while (!s.empty() && s.front() == '-') s.remove_prefix(1);
    s = TrimLeft(s);
    if (!StartsWithIgnoringCase(s, "migrate")) return std::optional<Marker>();
    s = TrimLeft(s.substr(7));
    const bool colon = !s.empty() && s.front() == ':';
    if (colon) s = TrimLeft(s.substr(1));
    std::size_t n = 0;
    while (n < s.size() && IsAsciiAlnum(s[n])) ++n;
    if (n < s.size() && !IsSpace(s[n])) return std::optional<Marker>();  // `verify-able`
    const std::string_view word = s.substr(0, n);
    std::optional<std::string_view> kind = base::ClosestMatch(word, kSectionKinds);
    // Without the colon only the exact word counts: `-- migrate upgrades later` is prose.
    if (!colon && kind && !(word.size() == kind->size() && StartsWithIgnoringCase(word, *kind))) {
      kind.reset();
    }
    if (!kind) return std::optional<Marker>();
    std::string fixed = std::string(kMarkerPrefix) + std::string(*kind);
    const std::string_view rest = Trim(s.substr(n));
    if (!rest.empty()) fixed += " " + std::string(rest);
    return ErrorAt(line, "malformed section marker; write it as '" + fixed + "'");
  }

  // A header key below a section marker would be an SQL comment that
  // nothing reads: an `expect:` there checks nothing, a `transaction: none`
  // there leaves the migration in a transaction. So it is an error.
  Status RefuseMisplacedKey(const Line& line) const {
    const std::string_view lead = Trim(line.text);
    if (lead.substr(0, 2) != "--") return Status::OK();
    const std::string_view key = KeyOf(Trim(lead.substr(2)));
    if (!Contains(kKeys, key)) return Status::OK();
    const Section& section = file_.sections.back();
    return ErrorAt(line, "header key '" + std::string(key) + ":' inside the " +
                             MarkerText(section.kind, section.dialect).substr(kMarkerPrefix.size()) +
                             " section (from line " + std::to_string(section.marker_line) +
                             "), where nothing reads it; move it above the first '-- migrate:' "
                             "marker");
  }

  Status ReadHeaderLine(const Line& line) {
    const std::string_view lead = Trim(line.text);
    if (lead.empty()) {
      if (!in_keys_) message_lines_.emplace_back();
      return Status::OK();
    }
    if (lead.substr(0, 2) != "--") {
      return ErrorAt(line, "SQL before the first '-- migrate:' section; "
                           "put statements under '-- migrate:upgrade'");
    }
    const std::string_view content = lead.substr(2);
    const std::string_view key = KeyOf(Trim(content));
    if (!in_keys_) {
      if (!Contains(kKeys, key)) {
        if (!miscased_key_line_ && !ClosestKeyIgnoringCase(key).empty()) miscased_key_line_ = line;
        std::string_view text = content;
        if (!text.empty() && text.front() == ' ') text.remove_prefix(1);
        message_lines_.emplace_back(TrimRight(text));
        return Status::OK();
      }
      in_keys_ = true;
      first_key_line_ = line.number;
    }
    const std::string_view entry = Trim(content);
    if (entry.empty()) return Status::OK();
    if (key.empty()) {
      return ErrorAt(line, "expected 'key: value' in the header; the message must come before "
                           "the first key (line " + std::to_string(first_key_line_) + ")");
    }
    if (!Contains(kKeys, key)) {
      std::string hint = base::DidYouMean(key, kKeys);
      if (hint.empty()) hint = "; known keys are " + base::JoinWords(kKeys);
      return ErrorAt(line, "unknown header key '" + std::string(key) + "'" + hint);
    }
    if (key != "expect") {
      int& first_line = key_lines_[KeyIndex(key)];
      if (first_line != 0) {
        return ErrorAt(line, "duplicate header key '" + std::string(key) + "' (first at line " +
                                 std::to_string(first_line) + ")");
      }
      first_line = line.number;
    }
    return ApplyKey(line, key, Trim(entry.substr(key.size() + 1)));
  }

  // The key of a `key: value` entry: the leading run of key characters, if
  // a ':' follows it directly; else "".
  static std::string_view KeyOf(std::string_view entry) {
    std::size_t n = 0;
    while (n < entry.size() && (IsAsciiAlnum(entry[n]) || entry[n] == '_' || entry[n] == '-')) ++n;
    if (n == 0 || n == entry.size() || entry[n] != ':') return "";
    return entry.substr(0, n);
  }

  static std::string_view ClosestKeyIgnoringCase(std::string_view key) {
    for (std::string_view k : kKeys) {
      if (key.size() == k.size() && StartsWithIgnoringCase(key, k)) return k;
    }
    return "";
  }

  Result<std::vector<std::string>> ReadList(const Line& line, std::string_view key,
                                            std::string_view value, bool (*valid)(std::string_view),
                                            std::string_view what, std::string_view rule) {
    std::vector<std::string> items;
    if (value.empty()) return items;
    std::size_t pos = 0;
    while (true) {
      const std::size_t comma = value.find(',', pos);
      const std::string_view item =
          Trim(value.substr(pos, comma == std::string_view::npos ? std::string_view::npos : comma - pos));
      if (item.empty()) {
        return ErrorAt(line, "empty entry in " + std::string(key) + " '" + std::string(value) + "'");
      }
      if (!valid(item)) {
        return ErrorAt(line, "invalid " + std::string(what) + " '" + std::string(item) + "' in " +
                                 std::string(key) + "; " + std::string(rule));
      }
      for (const std::string& seen : items) {
        if (seen == item) {
          return ErrorAt(line, std::string(key) + " lists '" + std::string(item) + "' twice");
        }
      }
      items.emplace_back(item);
      if (comma == std::string_view::npos) return items;
      pos = comma + 1;
    }
  }

  Status ApplyKey(const Line& line, std::string_view key, std::string_view value) {
    const std::string k(key);
    if (key == "revision") {
      if (value.empty()) {
        return ErrorAt(line, "empty revision; write e.g. '-- revision: 1f737760963f'");
      }
      if (!IsRevisionId(value)) {
        return ErrorAt(line, "invalid revision '" + std::string(value) +
                                 "'; a revision is letters, digits and '_'");
      }
      file_.revision = std::string(value);
      file_.revision_line = line.number;
    } else if (key == "down_revision") {
      MIGRATE_ASSIGN_OR_RETURN(file_.down_revisions,
                               ReadList(line, key, value, IsRevisionId, "revision",
                                        "a revision is letters, digits and '_'"));
      down_revision_line_ = line;
    } else if (key == "branch_labels") {
      MIGRATE_ASSIGN_OR_RETURN(file_.branch_labels,
                               ReadList(line, key, value, IsLabel, "branch label",
                                        "a label is letters, digits, '_', '-' and '.'"));
    } else if (key == "depends_on") {
      MIGRATE_ASSIGN_OR_RETURN(file_.depends_on,
                               ReadList(line, key, value, IsLabel, "revision or label",
                                        "use letters, digits, '_', '-' and '.'"));
    } else if (key == "extensions") {
      MIGRATE_ASSIGN_OR_RETURN(file_.extensions,
                               ReadList(line, key, value, IsExtensionName, "extension name",
                                        "an extension name is letters, digits, '_' and '-'"));
    } else if (key == "transaction") {
      if (value == "per-migration") {
        file_.transaction = TransactionMode::kPerMigration;
      } else if (value == "none") {
        file_.transaction = TransactionMode::kNone;
      } else {
        return ErrorAt(line, "invalid transaction '" + std::string(value) + "'" +
                                 base::DidYouMean(value, kTransactionModes) +
                                 "; use 'per-migration' or 'none'");
      }
    } else if (key == "lock_timeout" || key == "statement_timeout") {
      bool too_long = false;
      std::optional<std::chrono::milliseconds> duration = HeaderDuration(value, too_long);
      if (too_long) {
        return ErrorAt(line, k + " '" + std::string(value) +
                                 "' is too long; the limit is 2147483647ms (about 24 days)");
      }
      if (!duration) {
        return ErrorAt(line, "invalid " + k + " '" + std::string(value) +
                                 "'; write a whole number and a unit (ms, s, min or h), "
                                 "e.g. 500ms, 5s, 2min, 1h");
      }
      (key == "lock_timeout" ? file_.lock_timeout : file_.statement_timeout) = *duration;
    } else if (key == "noop") {
      if (value != "allowed") {
        return ErrorAt(line, "invalid noop '" + std::string(value) +
                                 "'; the only value is 'allowed' (or leave the key out)");
      }
      file_.noop_allowed = true;
    } else if (key == "create_date") {
      file_.create_date = std::string(value);
    } else if (key == "expect") {
      Result<Postcondition> p = ParseExpectation(value, Location{file_.path, line.number});
      if (!p) {
        // The offending line first, then the parser's own hints.
        const Status& e = p.error();
        Status s = ErrorAt(line, e.message());
        for (const std::string& extra : e.context()) s = std::move(s).WithContext(extra);
        return s;
      }
      p->source = std::string(Trim(line.text));
      file_.expectations.push_back(std::move(*p));
    }
    return Status::OK();
  }

  Status StartSection(const Line& line, Marker marker) {
    // A file has a handful of sections: a scan beats a map of marker texts.
    for (const Section& earlier : file_.sections) {
      if (earlier.kind == marker.kind && earlier.dialect == marker.dialect) {
        return ErrorAt(line, "duplicate section '" + MarkerText(marker.kind, marker.dialect) +
                                 "' (first at line " + std::to_string(earlier.marker_line) + ")");
      }
    }
    Section section;
    section.kind = marker.kind;
    section.dialect = std::move(marker.dialect);
    section.marker_line = line.number;
    section.first_line = line.number + 1;
    file_.sections.push_back(std::move(section));
    return Status::OK();
  }

  Status CheckWholeFile() const {
    if (file_.revision.empty()) {
      std::string message =
          "missing required header key 'revision'; add a line like '-- revision: 1f737760963f' "
          "to the header";
      Status s = lines_.empty() ? Status::InvalidInput(message, Location{file_.path, 1})
                                : ErrorAt(lines_.front(), message);
      if (miscased_key_line_) {
        s = std::move(s).WithContext(
            "note: line " + std::to_string(miscased_key_line_->number) + " ('" +
            std::string(Trim(miscased_key_line_->text)) +
            "') is read as message text; header keys are lower case");
      }
      return s;
    }
    if (down_revision_line_) {
      for (const std::string& parent : file_.down_revisions) {
        if (parent == file_.revision) {
          return ErrorAt(*down_revision_line_,
                         "revision '" + file_.revision + "' lists itself in down_revision");
        }
      }
    }
    for (const Section& section : file_.sections) {
      if (section.kind == SectionKind::kUpgrade) return Status::OK();
    }
    const std::string message =
        "no '-- migrate:upgrade' section; every migration needs one (it may be empty)";
    if (!file_.sections.empty()) return ErrorAt(lines_[file_.sections.front().marker_line - 1], message);
    if (!lines_.empty()) return ErrorAt(lines_.back(), message);
    return Status::InvalidInput(message, Location{file_.path, 1});
  }

  std::string_view text_;
  ChecksumMode checksum_;
  std::vector<Line> lines_;
  MigrationFile file_;
  std::vector<std::string_view> message_lines_;  // views into text_
  bool in_keys_ = false;
  int first_key_line_ = 0;
  std::array<int, kKeys.size()> key_lines_{};  // by KeyIndex; 0 = not seen yet
  std::optional<Line> down_revision_line_;
  std::optional<Line> miscased_key_line_;
};

}  // namespace

Result<MigrationFile> ParseMigrationFile(std::string_view text, std::string path,
                                         ChecksumMode checksum) {
  return FileParser(text, std::move(path), checksum).Parse();
}

}  // namespace migrate::script
