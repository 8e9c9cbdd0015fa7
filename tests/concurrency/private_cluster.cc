#include "tests/concurrency/private_cluster.h"

#include <cstdlib>
#include <fstream>

namespace migrate::testing {

namespace {

int Shell(const std::string& command) { return std::system(command.c_str()); }

std::string ReadLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

}  // namespace

PrivateCluster::PrivateCluster(std::string dir) : dir_(std::move(dir)) {
  started_ = Shell("bash '" MIGRATE_PG_CLUSTER_SCRIPT "' start '" + dir_ + "' >/dev/null") == 0;
}

PrivateCluster::~PrivateCluster() {
  Shell("bash '" MIGRATE_PG_CLUSTER_SCRIPT "' stop '" + dir_ + "' >/dev/null");
}

std::string PrivateCluster::url() const { return ReadLine(dir_ + "/url"); }

bool PrivateCluster::Stop() { return PgCtl("stop -m fast -w -t 60") == 0; }

bool PrivateCluster::Start() {
  const std::string text = url();
  const size_t colon = text.rfind(':');
  const size_t slash = text.rfind('/');
  if (colon == std::string::npos || slash == std::string::npos || slash < colon) return false;
  const std::string port = text.substr(colon + 1, slash - colon - 1);
  return PgCtl("start -w -t 60 -l \"$base/server.log\" -o \"-p " + port + "\"") == 0;
}

bool PrivateCluster::CrashRestart() { return PgCtl("restart -m immediate -w -t 60") == 0; }

int PrivateCluster::PgCtl(const std::string& args) const {
  // As pg_cluster.sh finds and runs them: the PostgreSQL 15 server
  // binaries, as the `postgres` OS user when we are root.
  return Shell(
      "set -e; base=$(cat '" + dir_ +
      "/base'); bin=''; "
      "for d in \"$(pg_config --bindir 2>/dev/null || true)\" /usr/lib/postgresql/15/bin; do "
      "  if [ -x \"$d/pg_ctl\" ]; then bin=$d; break; fi; done; "
      "as=''; if [ \"$(id -u)\" -eq 0 ]; then as='runuser -u postgres --'; fi; "
      "$as \"$bin/pg_ctl\" -D \"$base/data\" " +
      args + " >/dev/null");
}

}  // namespace migrate::testing
