// RedactConnectionString on every form a database URL or connection string
// takes, accepted by migrate, by libpq only, or by neither; and the
// DatabaseUrl messages and Redacted() that print through it.

#include "migrator/db/redaction.h"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "migrator/base/strings.h"
#include "migrator/db/database_url.h"

namespace migrate::db {
namespace {

constexpr const char* kPassword = "s3cr3t-PW";

// `text` with every kPassword in it replaced by `password`.
std::string With(std::string text, const std::string& password) {
  base::ReplaceAll(text, kPassword, password);
  return text;
}

TEST(RedactionTest, UserInfo) {
  EXPECT_EQ(RedactConnectionString("postgresql://app:s3cr3t-PW@db:5432/app"),
            "postgresql://app:***@db:5432/app");
  EXPECT_EQ(RedactConnectionString("postgres://app:s3cr3t-PW@db/app"), "postgres://app:***@db/app");
  // An unescaped '@', '/' or '?' in the password: up to the last '@'.
  EXPECT_EQ(RedactConnectionString("postgresql://app:s3/cr?3t@PW@db/app"),
            "postgresql://app:***@db/app");
  // An empty password is masked too: that there is one is all it shows.
  EXPECT_EQ(RedactConnectionString("postgresql://app:@db/app"), "postgresql://app:***@db/app");
}

TEST(RedactionTest, UrlWithoutSchemeOrWithOneSlash) {
  EXPECT_EQ(RedactConnectionString("app:s3cr3t-PW@db:5432/app"), "app:***@db:5432/app");
  EXPECT_EQ(RedactConnectionString("postgresql:/app:s3cr3t-PW@db/app"),
            "postgresql:/app:***@db/app");
  EXPECT_EQ(RedactConnectionString("postgresql:app:s3cr3t-PW@db/app"), "postgresql:***@db/app");
  EXPECT_EQ(RedactConnectionString("//app:s3cr3t-PW@db/app"), "//app:***@db/app");
}

TEST(RedactionTest, PasswordLikeQueryParameters) {
  EXPECT_EQ(RedactConnectionString("postgresql://app@db/app?sslmode=require&password=s3cr3t-PW"),
            "postgresql://app@db/app?sslmode=require&password=***");
  EXPECT_EQ(RedactConnectionString("postgresql://app@db/app?sslpassword=s3cr3t-PW&sslmode=require"),
            "postgresql://app@db/app?sslpassword=***&sslmode=require");
  EXPECT_EQ(RedactConnectionString("postgresql://app@db/app?PassWord=s3cr3t-PW"),
            "postgresql://app@db/app?PassWord=***");
  EXPECT_EQ(RedactConnectionString("postgresql://app@db/app?passfile=/home/app/.pgpass"),
            "postgresql://app@db/app?passfile=***");
  // libpq decodes parameter names: this is its password too.
  EXPECT_EQ(RedactConnectionString("postgresql://app@db/app?p%61ssword=s3cr3t-PW"),
            "postgresql://app@db/app?p%61ssword=***");
  // Not a URL migrate accepts, but the rule is the same.
  EXPECT_EQ(RedactConnectionString("mysql://db/app?password=s3cr3t-PW"),
            "mysql://db/app?password=***");
}

TEST(RedactionTest, LibpqKeywordForm) {
  EXPECT_EQ(RedactConnectionString("host=db user=app password=s3cr3t-PW dbname=app"),
            "host=db user=app password=*** dbname=app");
  EXPECT_EQ(RedactConnectionString("password = s3cr3t-PW host=db"), "password = *** host=db");
  EXPECT_EQ(RedactConnectionString("host=db\tsslpassword=s3cr3t-PW"), "host=db\tsslpassword=***");
  // Quoted, with escaped quotes and backslashes, as libpq reads them.
  EXPECT_EQ(RedactConnectionString("password='s3cr3t PW' host=db"), "password=*** host=db");
  EXPECT_EQ(RedactConnectionString(R"(password='s3\' cr\\3t PW' host=db)"), "password=*** host=db");
  EXPECT_EQ(RedactConnectionString(R"(password=s3\ cr3t-PW host=db)"), "password=*** host=db");
  // A key right after a quoted value (libpq allows it).
  EXPECT_EQ(RedactConnectionString("host='db'password=s3cr3t-PW port=5432"),
            "host='db'password=*** port=5432");
  // libpq does not accept these; the text rules still find the value.
  EXPECT_EQ(RedactConnectionString("host=db password='s3cr3t PW"), "host=db password=***");
  EXPECT_EQ(RedactConnectionString("Password=s3cr3t-PW;Host=db"), "Password=***");
}

TEST(RedactionTest, WhereMaskingChangesHowLibpqReadsTheTextLibpqsOwnReadingIsPrinted) {
  // A key right after a quoted value needs no space; once the value is
  // masked, libpq would read `***dbname=...` as the password, so the text
  // is rebuilt, in libpq's keyword order, from what libpq read.
  EXPECT_EQ(RedactConnectionString("password='s3cr3t-PW'dbname='my app'"),
            "password=*** dbname='my app'");
  EXPECT_EQ(RedactConnectionString(R"(host=db sslpassword='s3cr3t-PW'options='-c x=\\y')"),
            R"(host=db options='-c x=\\y' sslpassword=***)");
  // Where libpq reads the masked text as holding only the mask, the text
  // as written is kept.
  EXPECT_EQ(RedactConnectionString("host='db'password='s3cr3t PW' user=app"),
            "host='db'password=*** user=app");
}

TEST(RedactionTest, BothRulesTogetherMaskTheUnionOfWhatEachFinds) {
  // The user-info rule alone would stop at the '@' inside the password.
  const std::string redacted = RedactConnectionString("host=db:1 password=s3cr3t@PW-tail");
  EXPECT_EQ(redacted.find("s3cr3t"), std::string::npos) << redacted;
  EXPECT_EQ(redacted.find("PW-tail"), std::string::npos) << redacted;
  EXPECT_EQ(RedactConnectionString("postgresql://app:s3cr3t password=x@db/app"),
            "postgresql://app:***");
}

TEST(RedactionTest, TextWithoutPasswordIsLeftAlone) {
  for (const char* text : {
           "postgresql://app@db:5432/app?sslmode=require",
           "postgresql://app@[::1]:5432/app",
           "postgresql:///app?host=/var/run/postgresql",
           "sqlite:///app.db?foreign_keys=off",
           "sqlite:////var/lib/app.db",
           "sqlite::memory:",
           "host=db port=5432 dbname=passage user=app",
           "",
       }) {
    EXPECT_EQ(RedactConnectionString(text), text);
  }
}

// How a form holds a password: as written (the user info, which ends at the
// last '@'), percent-encoded (a URL parameter), or escaped for libpq's
// quoted or unquoted keyword values.
enum class Spelling { kRaw, kPercent, kQuoted, kUnquoted };

std::string Spell(const std::string& password, Spelling spelling) {
  if (spelling == Spelling::kRaw) return password;
  if (spelling == Spelling::kPercent) return base::PercentEncode(password);
  std::string out;
  for (char c : password) {
    if (c == '\\' || c == '\'' || (spelling == Spelling::kUnquoted && c == ' ')) out += '\\';
    out += c;
  }
  return out;
}

// Every form with a password full of the characters URLs and libpq treat
// specially: no trace of it survives.
TEST(RedactionTest, HostilePasswordsNeverSurviveInAnyForm) {
  const std::vector<std::pair<std::string, Spelling>> forms = {
      {"postgresql://app:s3cr3t-PW@db:5432/app", Spelling::kRaw},
      {"postgres://app:s3cr3t-PW@db,db2:5433/app?sslmode=require", Spelling::kRaw},
      {"app:s3cr3t-PW@db/app", Spelling::kRaw},
      {"postgresql:/app:s3cr3t-PW@db/app", Spelling::kRaw},
      {"postgresql://app:s3cr3t-PW@db/app", Spelling::kPercent},
      {"postgresql://app@db/app?password=s3cr3t-PW", Spelling::kPercent},
      {"postgresql://app@db/app?sslpassword=s3cr3t-PW&sslmode=require", Spelling::kPercent},
      {"host=db password=s3cr3t-PW user=app", Spelling::kUnquoted},
      {"host=db password='s3cr3t-PW' user=app", Spelling::kQuoted},
      {"host='db'password='s3cr3t-PW'user=app", Spelling::kQuoted},
      {"sslpassword = 's3cr3t-PW'", Spelling::kQuoted},
  };
  // Each ends in "Zq9", which no form contains by chance.
  const std::vector<std::string> passwords = {
      "Zq9", "a b Zq9", "p@ss:w/o?rd Zq9", "a&b=c Zq9", "it's Zq9", "x@y@Zq9", "%41Zq9",
      "back\\slash Zq9", "' host=evil Zq9",
  };
  for (const auto& [form, spelling] : forms) {
    for (const std::string& password : passwords) {
      const std::string text = With(form, Spell(password, spelling));
      const std::string redacted = RedactConnectionString(text);
      EXPECT_EQ(redacted.find("Zq9"), std::string::npos) << text << " -> " << redacted;
    }
  }
}

TEST(RedactionTest, PasswordKeys) {
  EXPECT_TRUE(IsPasswordKey("password"));
  EXPECT_TRUE(IsPasswordKey("sslpassword"));
  EXPECT_TRUE(IsPasswordKey("PASSFILE"));
  EXPECT_FALSE(IsPasswordKey("user"));
  EXPECT_FALSE(IsPasswordKey("sslkey"));
}

// --- Through DatabaseUrl ---------------------------------------------------

std::string ParseError(std::string_view url) {
  auto parsed = DatabaseUrl::Parse(url, ".");
  return parsed.has_value() ? "(parsed)" : parsed.error().ToString();
}

TEST(RedactionTest, DatabaseUrlErrorsMaskEveryForm) {
  const std::string expected_forms =
      "expected sqlite:///relative.db, sqlite:////absolute.db, sqlite::memory: or "
      "postgresql://user:password@host:port/dbname";
  EXPECT_EQ(ParseError("app:s3cr3t-PW@db/app"),
            "invalid database URL 'app:***@db/app': " + expected_forms);
  EXPECT_EQ(ParseError("host=db password='s3cr3t PW'"),
            "invalid database URL 'host=db password=***': " + expected_forms);
  for (const char* url : {
           "postgresql:/app:s3cr3t-PW@db/app",
           "host=db password=s3cr3t-PW",
           "user=app password=s3cr3t-PW options=-c://x",  // a "scheme" made of keywords
           "app:s3cr3t-PW@db://x",
       }) {
    const std::string error = ParseError(url);
    EXPECT_NE(error, "(parsed)") << url;
    EXPECT_EQ(error.find(kPassword), std::string::npos) << error;
  }
}

TEST(RedactionTest, RedactedMasksEveryPasswordParameter) {
  auto url = DatabaseUrl::Parse(
      "postgresql://app@db/app?sslpassword=s3cr3t-PW&passfile=/p&password=s3cr3t-PW", ".");
  ASSERT_TRUE(url.has_value()) << url.error().ToString();
  EXPECT_EQ(url->Redacted(), "postgresql://app@db/app?sslpassword=***&passfile=***&password=***");
  // WithDatabase prints the URL as libpq is given it: still masked.
  EXPECT_EQ(url->WithDatabase("postgres").Redacted(),
            "postgresql://app@db/postgres?passfile=***&password=***&sslpassword=***");
}

}  // namespace
}  // namespace migrate::db
