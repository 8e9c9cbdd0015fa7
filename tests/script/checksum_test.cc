#include "migrator/script/checksum.h"

#include <gtest/gtest.h>

#include <string>

namespace migrate::script {
namespace {

// Expected digests computed independently (`printf ... | sha256sum`).
TEST(ChecksumTest, IsSha256OfTheNormalizedText) {
  EXPECT_EQ(NormalizedChecksum(""),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(NormalizedChecksum("SELECT 1;\n"),
            "sha256:b4e0497804e46e0a0b0b8c31975b062152d551bac49c3c2e80932567b4085dcd");
  EXPECT_EQ(NormalizedChecksum("-- revision: a\n\n-- migrate:upgrade\nSELECT 1;\n"),
            "sha256:0f9ddbf82d4d346f48c4f5c723c371b5b93a1227a3ae73057b784c023a138654");
}

TEST(ChecksumTest, NormalizationSteps) {
  EXPECT_EQ(NormalizeForChecksum(""), "");
  EXPECT_EQ(NormalizeForChecksum("\n\n  \n"), "");
  EXPECT_EQ(NormalizeForChecksum("a"), "a\n");
  EXPECT_EQ(NormalizeForChecksum("\xEF\xBB\xBF" "a\r\nb\rc\n"), "a\nb\nc\n");
  EXPECT_EQ(NormalizeForChecksum("a \t\nb\f\v\n"), "a\nb\n");
  EXPECT_EQ(NormalizeForChecksum("\n  a\n\n\nb\n\n\n"), "\n  a\n\n\nb\n");
  EXPECT_EQ(NormalizeForChecksum("a\r\r\nb"), "a\n\nb\n");  // CR, then CRLF: two line ends
  // A BOM anywhere but at the start is content.
  EXPECT_EQ(NormalizeForChecksum("a\xEF\xBB\xBF"), "a\xEF\xBB\xBF\n");
}

TEST(ChecksumTest, LineEndingsBomTrailingWhitespaceAndFinalNewlineDoNotMatter) {
  const std::string lf = "-- m\n-- revision: a\n\n-- migrate:upgrade\nSELECT 1;\n";
  const std::string expected = NormalizedChecksum(lf);
  std::string crlf;
  std::string cr;
  for (char c : lf) {
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    cr += c == '\n' ? '\r' : c;
  }
  EXPECT_EQ(NormalizedChecksum(crlf), expected);
  EXPECT_EQ(NormalizedChecksum(cr), expected);
  EXPECT_EQ(NormalizedChecksum("\xEF\xBB\xBF" + lf), expected);
  EXPECT_EQ(NormalizedChecksum("\xEF\xBB\xBF" + crlf), expected);
  EXPECT_EQ(NormalizedChecksum(lf.substr(0, lf.size() - 1)), expected);  // no final newline
  EXPECT_EQ(NormalizedChecksum(lf + "\n\n"), expected);
  EXPECT_EQ(NormalizedChecksum("-- m  \n-- revision: a\t\n \n-- migrate:upgrade\nSELECT 1;   \n"), expected);
}

TEST(ChecksumTest, ContentChangesDo) {
  const std::string base = "-- m\n-- revision: a\n\n-- migrate:upgrade\nSELECT 1;\n";
  const std::string expected = NormalizedChecksum(base);
  EXPECT_NE(NormalizedChecksum("-- M\n-- revision: a\n\n-- migrate:upgrade\nSELECT 1;\n"), expected);
  EXPECT_NE(NormalizedChecksum("-- m\n-- revision: a\n\n-- migrate:upgrade\n SELECT 1;\n"), expected);
  EXPECT_NE(NormalizedChecksum("-- m\n-- revision: a\n-- migrate:upgrade\nSELECT 1;\n"), expected);
  EXPECT_NE(NormalizedChecksum("\n" + base), expected);
  EXPECT_NE(NormalizedChecksum("-- m\n-- revision: a\n\n-- migrate:upgrade\nSELECT 1 ;\n"), expected);
}

}  // namespace
}  // namespace migrate::script
