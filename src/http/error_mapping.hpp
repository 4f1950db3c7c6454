#pragma once

#include <string>

#include "common/error.hpp"
#include "http/http_types.hpp"

namespace scarwise::http {

// The one place where transport-free error codes become HTTP status codes.
int HttpStatus(ErrorCode code);

// The error envelope {"error": {"code", "message", "field", "request_id"}}. For kInternal
// the message is replaced by a generic one: internal detail goes to the log, never to the
// client. kUnavailable (503: the database is unreachable, busy or failing its commits) also
// carries `Retry-After: kRetryAfterSeconds`: nothing was done, the same request may be sent
// again after that many seconds.
HttpResponse ErrorResponse(const Error& error, const std::string& request_id);

inline constexpr int kRetryAfterSeconds = 2;

// Errors the transport itself raises (413, 429, 405), in the same envelope.
HttpResponse ErrorResponse(int status, std::string code, std::string message, const std::string& request_id);

}  // namespace scarwise::http
