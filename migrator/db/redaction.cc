#include "migrator/db/redaction.h"

#include <libpq-fe.h>

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include "migrator/base/strings.h"

namespace migrate::db {

namespace {

// [begin, end) of text to mask.
using Span = std::pair<size_t, size_t>;

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// RFC 3986: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ).
bool IsSchemeName(std::string_view text) {
  if (text.empty() || !IsAlpha(text.front())) return false;
  return std::all_of(text.begin(), text.end(), [](char c) {
    return IsAlpha(c) || IsDigit(c) || c == '+' || c == '-' || c == '.';
  });
}

// The characters of a libpq keyword or of a (percent-encoded) URL parameter name.
bool IsKeyChar(char c) {
  return IsAlpha(c) || IsDigit(c) || c == '_' || c == '-' || c == '.' || c == '%';
}

int HexValue(char c) {
  if (IsDigit(c)) return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// `text` with its valid %XX escapes decoded and anything else kept: libpq
// decodes URL parameter names, so `p%61ssword` is a password too.
std::string LenientPercentDecode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
        HexValue(text[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// Where the user info would begin: after the scheme and its slashes
// ("postgresql://u:pw@h", or with fewer slashes "postgresql:/u:pw@h"), else
// at the start ("u:pw@h", and "u:pw@h://x", whose "scheme" is no scheme).
size_t AuthorityStart(std::string_view text) {
  size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon + 1 >= text.size() || text[colon + 1] != '/' ||
      !IsSchemeName(text.substr(0, colon))) {
    return 0;
  }
  size_t start = colon + 1;
  while (start < text.size() && text[start] == '/') ++start;
  return start;
}

// The password of the user info: from the first ':' after the authority's
// start up to the last '@' (where DatabaseUrl::Parse ends the user info, so
// an unescaped '@', '/' or '?' in a password is still covered).
void AddUserInfoSpan(std::string_view text, std::vector<Span>& spans) {
  const size_t start = AuthorityStart(text);
  const size_t at = text.rfind('@');
  if (at == std::string_view::npos || at < start) return;
  const size_t colon = text.find(':', start);
  if (colon == std::string_view::npos || colon > at) return;
  spans.emplace_back(colon + 1, at);
}

// The end of the value starting at `pos`, read as libpq reads one: a quoted
// value runs to its closing quote, an unquoted one to the next whitespace
// (a backslash escapes the next character in both), and a URL parameter's
// to the next '&'.
size_t ValueEnd(std::string_view text, size_t pos, bool url_parameter) {
  if (pos < text.size() && text[pos] == '\'') {
    for (size_t i = pos + 1; i < text.size(); ++i) {
      if (text[i] == '\\') {
        ++i;
      } else if (text[i] == '\'') {
        return i + 1;
      }
    }
    return text.size();
  }
  if (url_parameter) return std::min(text.find('&', pos), text.size());
  for (size_t i = pos; i < text.size(); ++i) {
    if (text[i] == '\\') {
      ++i;
    } else if (IsSpace(text[i])) {
      return i;
    }
  }
  return text.size();
}

// The value of every password-like `key=value`, whether a URL parameter
// (after '?' or '&') or a libpq keyword (libpq allows whitespace around '=',
// and none before a key that follows a quoted value). Any run of key
// characters counts as a key, wherever it starts.
void AddKeyValueSpans(std::string_view text, std::vector<Span>& spans) {
  size_t i = 0;
  while (i < text.size()) {
    const char before = i == 0 ? ' ' : text[i - 1];
    const bool url_parameter = before == '?' || before == '&';
    if (!IsKeyChar(text[i]) || IsKeyChar(before)) {
      ++i;
      continue;
    }
    size_t key_end = i;
    while (key_end < text.size() && IsKeyChar(text[key_end])) ++key_end;
    size_t eq = key_end;
    while (eq < text.size() && IsSpace(text[eq])) ++eq;
    if (eq >= text.size() || text[eq] != '=' ||
        !IsPasswordKey(LenientPercentDecode(text.substr(i, key_end - i)))) {
      i = key_end;
      continue;
    }
    size_t value = eq + 1;
    while (value < text.size() && IsSpace(text[value])) ++value;
    const size_t end = ValueEnd(text, value, url_parameter);
    spans.emplace_back(value, end);
    i = std::max(end, value + 1);
  }
}

// `text` with each of `spans` (merged where they meet or overlap) replaced
// by one mask. A span may be empty: `user:@host` still shows `***`.
std::string Mask(std::string_view text, std::vector<Span> spans) {
  std::sort(spans.begin(), spans.end());
  std::string out;
  size_t copied = 0;
  for (size_t i = 0; i < spans.size();) {
    auto [begin, end] = spans[i];
    for (++i; i < spans.size() && spans[i].first <= end; ++i) end = std::max(end, spans[i].second);
    out.append(text.substr(copied, begin - copied));
    out += kPasswordMask;
    copied = end;
  }
  out.append(text.substr(std::min(copied, text.size())));
  return out;
}

struct ConninfoFree {
  void operator()(PQconninfoOption* options) const { PQconninfoFree(options); }
};
using Conninfo = std::unique_ptr<PQconninfoOption, ConninfoFree>;

// libpq's reading of `text` as a connection string (URI or key=value);
// nullptr when libpq would not accept it.
Conninfo ParseConninfo(std::string_view text) {
  char* error = nullptr;
  Conninfo options(PQconninfoParse(std::string(text).c_str(), &error));
  if (error != nullptr) PQfreemem(error);
  return options;
}

// Whether libpq, having read `options`, holds no password but the mask.
bool HoldsOnlyMasks(const PQconninfoOption* options) {
  for (const PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val != nullptr && *o->val != '\0' && IsPasswordKey(o->keyword) &&
        o->val != kPasswordMask) {
      return false;
    }
  }
  return true;
}

// `value` as libpq's key=value form reads it back: quoted when empty or
// holding whitespace, a quote or a backslash.
std::string KeywordValue(std::string_view value) {
  const bool plain = !value.empty() && std::none_of(value.begin(), value.end(), [](char c) {
    return IsSpace(c) || c == '\'' || c == '\\';
  });
  if (plain) return std::string(value);
  std::string out = "'";
  for (char c : value) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

// libpq's reading of a connection string in key=value form, every
// password-like value masked.
std::string KeywordForm(const PQconninfoOption* options) {
  std::string out;
  for (const PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (o->val == nullptr) continue;
    if (!out.empty()) out += ' ';
    out += o->keyword;
    out += '=';
    out += IsPasswordKey(o->keyword) ? std::string(kPasswordMask) : KeywordValue(o->val);
  }
  return out;
}

}  // namespace

bool IsPasswordKey(std::string_view key) {
  return base::AsciiLower(key).find("pass") != std::string::npos;
}

std::string RedactConnectionString(std::string_view text) {
  std::vector<Span> spans;
  AddUserInfoSpan(text, spans);
  AddKeyValueSpans(text, spans);
  std::string masked = Mask(text, std::move(spans));

  Conninfo original = ParseConninfo(text);
  if (original == nullptr) return masked;  // not libpq's: the text rules are all there is
  Conninfo reread = ParseConninfo(masked);
  if (reread != nullptr && HoldsOnlyMasks(reread.get())) return masked;
  return KeywordForm(original.get());
}

}  // namespace migrate::db
