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

// Named constructors, one per code, all with one argument order: the offending field
// first (a dotted path, or none), then the message a user may see.
//   return Unexpected(NotFound("patient_id", "no such patient"));
//   return Unexpected(Conflict("an approved plan cannot be changed"));
#define SCARWISE_NAMED_ERROR(Name, code)                                 \
  inline Error Name(std::string field, std::string message) {            \
    return Error{ErrorCode::code, std::move(message), std::move(field)}; \
  }                                                                      \
  inline Error Name(std::string message) {                               \
    return Error{ErrorCode::code, std::move(message), ""};               \
  }
SCARWISE_NAMED_ERROR(InvalidArgument, kInvalidArgument)
SCARWISE_NAMED_ERROR(Unprocessable, kUnprocessable)
SCARWISE_NAMED_ERROR(NotFound, kNotFound)
SCARWISE_NAMED_ERROR(AlreadyExists, kAlreadyExists)
SCARWISE_NAMED_ERROR(Conflict, kConflict)
SCARWISE_NAMED_ERROR(FailedPrecondition, kFailedPrecondition)
SCARWISE_NAMED_ERROR(Unauthenticated, kUnauthenticated)
SCARWISE_NAMED_ERROR(PermissionDenied, kPermissionDenied)
SCARWISE_NAMED_ERROR(ResourceExhausted, kResourceExhausted)
SCARWISE_NAMED_ERROR(Unavailable, kUnavailable)
SCARWISE_NAMED_ERROR(Internal, kInternal)
#undef SCARWISE_NAMED_ERROR

}  // namespace scarwise
