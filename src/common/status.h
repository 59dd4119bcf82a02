// Status and Result<T>: how fremdrift code reports expected failures (bad input, missing file,
// database down) without exceptions. A Status is cheap to copy when OK; Result<T> holds either a
// value or a non-OK Status. Thread-safety: value types, no shared state.
#pragma once

#include <fmt/format.h>

#include <cassert>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace fremdrift {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the caller's input is wrong (bad CSV row, bad parameter)
  kNotFound,         // a file, person, or id does not exist
  kAlreadyExists,
  kPermissionDenied,  // authorised user lacks the right
  kUnauthenticated,
  kFailedPrecondition,  // state does not allow the operation (e.g. wrong store version)
  kDataLoss,            // corrupt file
  kUnavailable,         // a service (database) cannot be reached
  kInternal,
};

std::string_view StatusCodeName(StatusCode code);
// The name as an identifier ("failed_precondition"), as the HTTP API's error codes spell it.
std::string StatusCodeId(StatusCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }
  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  // "invalid argument: <message>"
  std::string ToString() const;

  // Prefixes the message with context, e.g. the file being read.
  Status WithContext(std::string_view context) const;

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

template <typename... Args>
Status InvalidArgument(fmt::format_string<Args...> f, Args&&... args) {
  return {StatusCode::kInvalidArgument, fmt::format(f, std::forward<Args>(args)...)};
}
template <typename... Args>
Status NotFound(fmt::format_string<Args...> f, Args&&... args) {
  return {StatusCode::kNotFound, fmt::format(f, std::forward<Args>(args)...)};
}
template <typename... Args>
Status FailedPrecondition(fmt::format_string<Args...> f, Args&&... args) {
  return {StatusCode::kFailedPrecondition, fmt::format(f, std::forward<Args>(args)...)};
}
template <typename... Args>
Status DataLoss(fmt::format_string<Args...> f, Args&&... args) {
  return {StatusCode::kDataLoss, fmt::format(f, std::forward<Args>(args)...)};
}
template <typename... Args>
Status Internal(fmt::format_string<Args...> f, Args&&... args) {
  return {StatusCode::kInternal, fmt::format(f, std::forward<Args>(args)...)};
}
template <typename... Args>
Status Unavailable(fmt::format_string<Args...> f, Args&&... args) {
  return {StatusCode::kUnavailable, fmt::format(f, std::forward<Args>(args)...)};
}
template <typename... Args>
Status PermissionDenied(fmt::format_string<Args...> f, Args&&... args) {
  return {StatusCode::kPermissionDenied, fmt::format(f, std::forward<Args>(args)...)};
}
template <typename... Args>
Status AlreadyExists(fmt::format_string<Args...> f, Args&&... args) {
  return {StatusCode::kAlreadyExists, fmt::format(f, std::forward<Args>(args)...)};
}

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}        // NOLINT(google-explicit-constructor)
  Result(Status status) : data_(std::move(status)) {  // NOLINT(google-explicit-constructor)
    assert(!std::get<Status>(data_).ok() && "Result from an OK Status");
  }

  bool ok() const { return std::holds_alternative<T>(data_); }
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(data_); }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace fremdrift

#define FREMDRIFT_CONCAT_INNER(a, b) a##b
#define FREMDRIFT_CONCAT(a, b) FREMDRIFT_CONCAT_INNER(a, b)

// Returns the Status from the enclosing function if it is not OK.
#define RETURN_IF_ERROR(expr)         \
  do {                                \
    ::fremdrift::Status _st = (expr); \
    if (!_st.ok()) return _st;        \
  } while (0)

// ASSIGN_OR_RETURN(auto x, MakeX()): binds the value or returns the Status.
#define ASSIGN_OR_RETURN(lhs, expr) \
  ASSIGN_OR_RETURN_IMPL(FREMDRIFT_CONCAT(_result_, __LINE__), lhs, expr)
#define ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                          \
  if (!tmp.ok()) return tmp.status();         \
  lhs = std::move(tmp).value()
