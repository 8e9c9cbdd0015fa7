#include "migrator/base/status.h"

namespace migrate::base {

namespace {
const std::string kEmpty;
const std::optional<Location> kNoLocation;
const std::optional<DatabaseDetail> kNoDatabase;
const std::vector<std::string> kNoContext;
}  // namespace

std::string Location::ToString() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line);
}

Status::Status(StatusCode code, std::string message, std::optional<Location> where)
    : state_(code == StatusCode::kOk
                 ? nullptr
                 : std::make_unique<State>(State{code, std::move(message), std::move(where),
                                                 std::nullopt, {}})) {}

Status::Status(const Status& other)
    : state_(other.state_ ? std::make_unique<State>(*other.state_) : nullptr) {}

Status& Status::operator=(const Status& other) {
  if (this != &other) state_ = other.state_ ? std::make_unique<State>(*other.state_) : nullptr;
  return *this;
}

const std::string& Status::message() const { return ok() ? kEmpty : state_->message; }
const std::optional<Location>& Status::location() const {
  return ok() ? kNoLocation : state_->location;
}
const std::optional<DatabaseDetail>& Status::database() const {
  return ok() ? kNoDatabase : state_->database;
}
const std::vector<std::string>& Status::context() const {
  return ok() ? kNoContext : state_->context;
}

Status Status::WithContext(std::string line) && {
  if (!ok()) state_->context.push_back(std::move(line));
  return std::move(*this);
}

Status Status::WithContext(std::string line) const& {
  Status copy(*this);
  return std::move(copy).WithContext(std::move(line));
}

Status Status::Prefixed(std::string_view prefix) && {
  if (!ok()) state_->message = std::string(prefix) + ": " + state_->message;
  return std::move(*this);
}

Status Status::At(Location where) && {
  if (!ok()) state_->location = std::move(where);
  return std::move(*this);
}

Status Status::WithCode(StatusCode code) && {
  if (!ok() && code != StatusCode::kOk) state_->code = code;
  return std::move(*this);
}

std::string Status::ToString() const {
  if (ok()) return "OK";
  std::string out;
  if (state_->location) out = state_->location->ToString() + ": ";
  out += state_->message;
  for (const std::string& line : state_->context) out += "\n" + line;
  return out;
}

}  // namespace migrate::base
