#include "tests/support/server_admin.h"

#include <unistd.h>

#include <atomic>
#include <utility>

#include <gtest/gtest.h>

#include "migrator/db/open.h"
#include "tests/support/test_database.h"

namespace migrate::testing {

namespace {

std::string Quoted(const std::string& name) { return "\"" + name + "\""; }

}  // namespace

base::Result<std::unique_ptr<ServerAdmin>> ServerAdmin::Connect() {
  MIGRATE_ASSIGN_OR_RETURN(std::string server, ServerUrl());
  MIGRATE_ASSIGN_OR_RETURN(db::DatabaseUrl url, db::DatabaseUrl::Parse(server, ""));
  MIGRATE_ASSIGN_OR_RETURN(std::unique_ptr<db::Connection> connection, db::Open(url));
  return std::unique_ptr<ServerAdmin>(new ServerAdmin(std::move(url), std::move(connection)));
}

ServerAdmin::ServerAdmin(db::DatabaseUrl url, std::unique_ptr<db::Connection> connection)
    : url_(std::move(url)), connection_(std::move(connection)) {
  static std::atomic<int> counter{0};
  suffix_ = std::to_string(getpid()) + "_" + std::to_string(counter++);
}

ServerAdmin::~ServerAdmin() {
  // Databases first: a role that owns one cannot be dropped.
  for (const std::string& database : databases_) {
    Sql("DROP DATABASE IF EXISTS " + Quoted(database) + " WITH (FORCE)");
  }
  for (const std::string& role : roles_) Sql("DROP ROLE IF EXISTS " + Quoted(role));
}

std::string ServerAdmin::NewRole(const std::string& prefix) {
  roles_.push_back(prefix + "_" + suffix_);
  return roles_.back();
}

std::string ServerAdmin::NewDatabase(const std::string& prefix) {
  databases_.push_back(prefix + "_" + suffix_);
  return databases_.back();
}

void ServerAdmin::Sql(const std::string& sql) const {
  const base::Status s = connection_->Execute(sql);
  EXPECT_TRUE(s.ok()) << sql << ": " << s.ToString();
}

bool ServerAdmin::CatalogHas(const std::string& query, const std::string& name) const {
  auto rows = connection_->Query(query, {name});
  EXPECT_TRUE(rows.has_value()) << rows.error().ToString();
  return rows.has_value() && !rows->empty();
}

bool ServerAdmin::RoleExists(const std::string& role) const {
  return CatalogHas("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1", role);
}

bool ServerAdmin::DatabaseExists(const std::string& database) const {
  return CatalogHas("SELECT 1 FROM pg_catalog.pg_database WHERE datname = $1", database);
}

}  // namespace migrate::testing
