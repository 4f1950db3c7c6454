#include "http/error_mapping.hpp"

#include <nlohmann/json.hpp>

namespace scarwise::http {

int HttpStatus(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return 400;
    case ErrorCode::kUnprocessable:
      return 422;
    case ErrorCode::kUnauthenticated:
      return 401;
    case ErrorCode::kPermissionDenied:
      return 403;
    case ErrorCode::kNotFound:
      return 404;
    case ErrorCode::kAlreadyExists:
      return 409;
    case ErrorCode::kConflict:
      return 409;
    case ErrorCode::kFailedPrecondition:
      return 412;
    case ErrorCode::kResourceExhausted:
      return 429;
    case ErrorCode::kUnavailable:
      return 503;
    case ErrorCode::kInternal:
      return 500;
  }
  return 500;
}

HttpResponse ErrorResponse(int status, std::string code, std::string message, const std::string& request_id) {
  nlohmann::json body = {
      {"error", {{"code", std::move(code)}, {"message", std::move(message)}, {"request_id", request_id}}}};
  return HttpResponse{status, "application/json", body.dump(), {}};
}

HttpResponse ErrorResponse(const Error& error, const std::string& request_id) {
  const std::string message =
      error.code == ErrorCode::kInternal ? "something went wrong on our side; quote the request id" : error.message;
  HttpResponse response =
      ErrorResponse(HttpStatus(error.code), std::string(ErrorCodeName(error.code)), message, request_id);
  if (!error.field.empty()) {
    nlohmann::json body = nlohmann::json::parse(response.body);
    body["error"]["field"] = error.field;
    response.body = body.dump();
  }
  if (error.retry_after_seconds > 0) {
    response.headers.emplace_back("Retry-After", std::to_string(error.retry_after_seconds));
  } else if (error.code == ErrorCode::kUnavailable) {
    response.headers.emplace_back("Retry-After", std::to_string(kRetryAfterSeconds));
  }
  return response;
}

}  // namespace scarwise::http
