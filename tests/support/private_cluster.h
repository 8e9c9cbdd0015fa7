// PrivateCluster: a PostgreSQL server of one test's own, made with
// tests/support/pg_cluster.sh, for tests that must stop, start or crash a
// server (the suite's shared server must stay up for everyone else). The
// server keeps its port across Stop()/Start(), so a URL taken before stays
// valid. The destructor stops it and removes its files. UnusedPort gives
// the tests of a server that never comes a port where none listens.
//
// Thread safety: one PrivateCluster is used by one thread; UnusedPort may
// be called from any thread.

#ifndef MIGRATOR_TESTS_SUPPORT_PRIVATE_CLUSTER_H_
#define MIGRATOR_TESTS_SUPPORT_PRIVATE_CLUSTER_H_

#include <string>

namespace migrate::testing {

class PrivateCluster {
 public:
  /// Starts a new cluster whose pg_cluster.sh directory is `dir` (created).
  /// Check started() before using it.
  explicit PrivateCluster(std::string dir);
  PrivateCluster(const PrivateCluster&) = delete;
  PrivateCluster& operator=(const PrivateCluster&) = delete;
  ~PrivateCluster();

  bool started() const { return started_; }
  /// The superuser URL (trusted on loopback): postgresql://postgres@127.0.0.1:PORT/postgres.
  std::string url() const;

  // pg_ctl, as the server's OS user; each returns true on success.
  /// A clean shutdown (-m fast), waiting for it.
  bool Stop();
  /// Starts the stopped server again on its port, waiting until it accepts connections.
  bool Start();
  /// `pg_ctl restart -m immediate`: every backend is killed without a
  /// checkpoint, as in a crash, and the server recovers and comes back.
  bool CrashRestart();

 private:
  int PgCtl(const std::string& args) const;

  std::string dir_;
  bool started_ = false;
};

/// A TCP port on 127.0.0.1 that nothing listens on (just released by us),
/// as text for a URL. A failure to find one is a gtest failure.
std::string UnusedPort();

}  // namespace migrate::testing

#endif  // MIGRATOR_TESTS_SUPPORT_PRIVATE_CLUSTER_H_
