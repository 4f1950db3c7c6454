#pragma once

#include <string>
#include <string_view>

namespace scarwise {

// The closed list of failure kinds. Transport-free: the HTTP layer maps them to status
// codes in one place, the CLI maps kInvalidArgument to exit status 2.
enum class ErrorCode {
  kInvalidArgument,
  kUnprocessable,  // well-formed but not plausible: a session charted in the future, too soon
  kNotFound,
  kAlreadyExists,
  kConflict,
  kFailedPrecondition,
  kUnauthenticated,
  kPermissionDenied,
  kResourceExhausted,  // too many attempts (login rate limit)
  kUnavailable,
  kInternal,
};

// Stable snake_case name of a code ("invalid_argument"), used on the wire.
std::string_view ErrorCodeName(ErrorCode code);

// A failure a user can cause or must see. `field` names the offending input with a
// dotted path ("history.keloid_tendency", "assessment.zones[2].zone"), empty when the
// error is not about one field. `message` is safe to show to the user.
struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string field;
  // With kResourceExhausted: seconds until a retry can succeed (HTTP Retry-After); 0: unknown.
  int retry_after_seconds = 0;
  // With kUnavailable or kInternal from storage: what failed beneath, for operators and
  // metrics, never for clients ("disk_full", "read_only", "io_error", "busy", "unavailable",
  // "internal"); "" when not a storage failure.
  std::string cause = {};

  // "field: message", or just the message when there is no field.
  std::string ToString() const;
};

inline Error InvalidArgument(std::string field, std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message), std::move(field)};
}

}  // namespace scarwise
