#include "migrator/script/checksum.h"

#include <openssl/evp.h>

#include <cstddef>

#include "migrator/base/strings.h"

namespace migrate::script {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool IsTrailingSpace(char c) { return c == ' ' || c == '\t' || c == '\f' || c == '\v'; }

}  // namespace

std::string NormalizeForChecksum(std::string_view file_text) {
  if (file_text.substr(0, kUtf8Bom.size()) == kUtf8Bom) file_text.remove_prefix(kUtf8Bom.size());
  std::string out;
  out.reserve(file_text.size() + 1);
  // Blank lines are held back until a non-blank line follows, so the ones at
  // the end of the file are dropped.
  std::size_t pending_blank_lines = 0;
  std::size_t pos = 0;
  while (pos < file_text.size()) {
    std::size_t end = base::FindLineEnd(file_text, pos);
    if (end == std::string_view::npos) end = file_text.size();
    std::string_view line = file_text.substr(pos, end - pos);
    while (!line.empty() && IsTrailingSpace(line.back())) line.remove_suffix(1);
    if (line.empty()) {
      ++pending_blank_lines;
    } else {
      out.append(pending_blank_lines, '\n');
      pending_blank_lines = 0;
      out.append(line);
      out += '\n';
    }
    // One terminator: CRLF, CR or LF.
    pos = end;
    if (pos < file_text.size()) {
      pos += (file_text[pos] == '\r' && pos + 1 < file_text.size() && file_text[pos + 1] == '\n')
                 ? 2
                 : 1;
    }
  }
  return out;
}

std::string NormalizedChecksum(std::string_view file_text) {
  const std::string normalized = NormalizeForChecksum(file_text);
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  // Fetched once: EVP_sha256() makes every EVP_Digest look the algorithm up
  // in the provider again, a tenth of the cost of checksumming a typical file.
  static const EVP_MD* const kSha256 = [] {
    const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return fetched != nullptr ? fetched : EVP_sha256();
  }();
  if (EVP_Digest(normalized.data(), normalized.size(), digest, &digest_size, kSha256, nullptr) !=
      1) {
    return "";
  }
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(kChecksumAlgorithm);
  out += ':';
  for (unsigned int i = 0; i < digest_size; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0x0F];
  }
  return out;
}

}  // namespace migrate::script
