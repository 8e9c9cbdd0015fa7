#include "tests/support/private_cluster.h"

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>

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

std::string UnusedPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  EXPECT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  EXPECT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  ::close(fd);
  return std::to_string(ntohs(address.sin_port));
}

}  // namespace migrate::testing
