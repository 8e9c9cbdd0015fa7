// An application that migrates its database when it starts, through the
// embedding API, the way the package documentation shows it:
//
//   upgrade_at_startup DATABASE_URL MIGRATIONS_DIR [TARGET]
//
// prints one line per revision it applied ("applied r01"), one per revision
// another instance applied meanwhile ("skipped r02"), and, when it fails,
// every problem on stderr; its exit status is the result's exit_code.
// tests/embed builds it against the build tree and, through
// find_package(migrator), against an installed copy, and runs both.

#include <iostream>
#include <string>

#include "migrator/embed/migrator.h"

int main(int argc, char** argv) {
  if (argc < 3 || argc > 4) {
    std::cerr << "usage: upgrade_at_startup DATABASE_URL MIGRATIONS_DIR [TARGET]\n";
    return 2;
  }
  migrate::embed::Options options;
  options.wait = std::chrono::seconds(10);  // the database may still be starting
  const migrate::embed::UpgradeResult result =
      migrate::embed::Upgrade(argv[1], argv[2], argc == 4 ? argv[3] : "head", options);
  for (const std::string& revision : result.applied) std::cout << "applied " << revision << "\n";
  for (const std::string& revision : result.skipped) std::cout << "skipped " << revision << "\n";
  for (const std::string& problem : result.problems) std::cerr << "problem: " << problem << "\n";
  if (result.ok()) std::cout << "database is up to date\n";
  return result.exit_code;
}
