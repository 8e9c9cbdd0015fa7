// Redaction: how a database URL or connection string is printed. Every
// message, log line and JSON field that shows one goes through
// RedactConnectionString (DatabaseUrl::Redacted() included), whatever form
// the text takes and whether or not migrate or libpq accepts it:
//
//   postgresql://user:PW@host/db          user info          -> user:***@
//   user:PW@host/db, postgresql:/u:PW@h   no or a short scheme, same rule
//   host=h password=PW, password='a b'    libpq's key=value form
//   ...?password=PW&sslpassword=PW        query parameters
//
// A key is password-like when it contains "pass" in any case (password,
// sslpassword, passfile): masking too much is acceptable, masking too little
// is not.
//
// Thread safety: pure functions.

#ifndef MIGRATOR_DB_REDACTION_H_
#define MIGRATOR_DB_REDACTION_H_

#include <string>
#include <string_view>

namespace migrate::db {

/// The mask that replaces a password.
inline constexpr std::string_view kPasswordMask = "***";

/// Whether libpq keyword (or URL parameter name) `key` names a secret:
/// it contains "pass", case ignored.
bool IsPasswordKey(std::string_view key);

/// `text`, a database URL or libpq connection string, with every password
/// replaced by kPasswordMask. Text as written is kept where masking it in
/// place is enough: everything after the first ':' of the user info up to
/// the last '@', and the value of every password-like key in query-string
/// (`?k=v&k=v`) and keyword (`k=v k='v'`) form, are masked. When libpq
/// accepts `text` (PQconninfoParse), libpq then reads the masked text too,
/// and if it would still find a password there (an unusual spelling such as
/// a percent-encoded key), the result is instead rebuilt from libpq's own
/// reading of `text` in keyword form, every password-like value masked.
std::string RedactConnectionString(std::string_view text);

}  // namespace migrate::db

#endif  // MIGRATOR_DB_REDACTION_H_
