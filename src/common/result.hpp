#pragma once

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

#include "common/error.hpp"

namespace scarwise {

// Tag to construct a failed Result: `return Unexpected(InvalidArgument(...));`
struct Unexpected {
  Error error;
  explicit Unexpected(Error e) : error(std::move(e)) {}
};

// A value or an Error, with std::expected's member names (GCC 12 has no <expected>).
// Errors a user can cause travel as values; exceptions are for bugs and start-up only.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}         // NOLINT: implicit by design
  Result(Unexpected u) : state_(std::in_place_index<1>, std::move(u.error)) {}  // NOLINT

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & {
    assert(has_value());
    return std::get<0>(state_);
  }
  const T& value() const& {
    assert(has_value());
    return std::get<0>(state_);
  }
  T&& value() && {
    assert(has_value());
    return std::get<0>(std::move(state_));
  }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const& {
    assert(!has_value());
    return std::get<1>(state_);
  }
  Error&& error() && {
    assert(!has_value());
    return std::get<1>(std::move(state_));
  }

 private:
  std::variant<T, Error> state_;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Unexpected u) : error_(std::move(u.error)), failed_(true) {}  // NOLINT

  bool has_value() const { return !failed_; }
  explicit operator bool() const { return has_value(); }
  const Error& error() const {
    assert(failed_);
    return error_;
  }

 private:
  Error error_;
  bool failed_ = false;
};

// The Error of a failed Result, moved out where it can be (used by the macros below).
template <typename T>
Error ForwardedError(Result<T>&& failed) {
  return std::move(failed).error();
}
inline Error ForwardedError(Result<void>&& failed) {
  return failed.error();
}

}  // namespace scarwise

// Forwarding a failure, after Abseil's status macros. In a function returning any Result:
//   SCARWISE_RETURN_IF_ERROR(tx.Commit());             // Result<void> or Result<T>
//   SCARWISE_ASSIGN_OR_RETURN(auto patient, tx.Patients().Find(id));
//   SCARWISE_ASSIGN_OR_RETURN(const Plan plan, LoadPlan(tx, id));
// The expression is evaluated once; on failure its Error is returned unchanged.
#define SCARWISE_RETURN_IF_ERROR(...)                                                         \
  do {                                                                                        \
    if (auto scarwise_status_ = (__VA_ARGS__); !scarwise_status_) {                           \
      return ::scarwise::Unexpected(::scarwise::ForwardedError(std::move(scarwise_status_))); \
    }                                                                                         \
  } while (false)

#define SCARWISE_ASSIGN_OR_RETURN(lhs, ...) \
  SCARWISE_ASSIGN_OR_RETURN_IMPL_(SCARWISE_RESULT_CONCAT_(scarwise_result_, __LINE__), lhs, __VA_ARGS__)

#define SCARWISE_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, ...)                                 \
  auto tmp = (__VA_ARGS__);                                                            \
  if (!tmp) return ::scarwise::Unexpected(::scarwise::ForwardedError(std::move(tmp))); \
  lhs = std::move(tmp).value()

#define SCARWISE_RESULT_CONCAT_INNER_(a, b) a##b
#define SCARWISE_RESULT_CONCAT_(a, b) SCARWISE_RESULT_CONCAT_INNER_(a, b)
