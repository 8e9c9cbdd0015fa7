#include "migrator/base/spelling.h"

#include <gtest/gtest.h>

#include <array>
#include <string_view>

namespace migrate::base {
namespace {

constexpr std::array<std::string_view, 4> kWords = {"revision", "down_revision", "expect", "extensions"};

TEST(SpellingTest, SuggestsCloseWordsOnly) {
  EXPECT_EQ(ClosestMatch("expext", kWords), "expect");
  EXPECT_EQ(ClosestMatch("revison", kWords), "revision");
  EXPECT_EQ(ClosestMatch("REVISION", kWords), "revision");  // ASCII case is ignored
  EXPECT_EQ(ClosestMatch("down_revisions", kWords), "down_revision");
  EXPECT_EQ(ClosestMatch("exepct", kWords), "expect");  // an adjacent swap is one edit
  EXPECT_EQ(ClosestMatch("ext", kWords), "extensions");  // a prefix of two or more letters
  EXPECT_EQ(ClosestMatch("author", kWords), std::nullopt);
  EXPECT_EQ(ClosestMatch("e", kWords), std::nullopt);
  EXPECT_EQ(ClosestMatch("", kWords), std::nullopt);
}

TEST(SpellingTest, Messages) {
  EXPECT_EQ(DidYouMean("expext", kWords), " (did you mean 'expect'?)");
  EXPECT_EQ(DidYouMean("author", kWords), "");
  EXPECT_EQ(JoinWords(kWords), "revision, down_revision, expect and extensions");
  EXPECT_EQ(JoinWords(std::span<const std::string_view>(kWords).first(1)), "revision");
  EXPECT_EQ(JoinWords(std::span<const std::string_view>(kWords).first(2)), "revision and down_revision");
}

}  // namespace
}  // namespace migrate::base
