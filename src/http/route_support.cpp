#include "http/route_support.hpp"

#include <algorithm>
#include <charconv>

#include "common/civil_time.hpp"
#include "http/error_mapping.hpp"
#include "interop/json/json_parse.hpp"
#include "service/credentials.hpp"

namespace scarwise::http {
namespace {

bool IsWrite(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// What a staff account that must enrol in two-factor sign-in may still reach: its own
// account, the enrolment, and signing out.
bool OpenBeforeEnrolment(const std::string& path) {
  return path == "/api/v1/me" || path == "/api/v1/me/two-factor" || path == "/api/v1/me/two-factor/confirm" ||
         path == "/api/v1/auth/logout";
}

}  // namespace

using nlohmann::json;

HttpResponse Json(int status, const json& body) {
  return HttpResponse{status, "application/json", body.dump(), {}};
}

std::string Iso(std::chrono::sys_seconds t) {
  return FormatTimestamp(Timestamp{t, std::chrono::minutes{0}});
}

std::string Cookie(const HttpRequest& request, std::string_view name) {
  const std::string& header = request.Header("cookie");
  size_t pos = 0;
  while (pos < header.size()) {
    const size_t end = std::min(header.find(';', pos), header.size());
    std::string_view pair(header.data() + pos, end - pos);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    pos = end + 1;
  }
  return "";
}

std::string BearerToken(const HttpRequest& request) {
  const std::string& auth = request.Header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (auth.size() > kBearer.size() && auth.compare(0, kBearer.size(), kBearer) == 0) return auth.substr(kBearer.size());
  return "";
}

std::string SessionCsrfToken(std::string_view session_token) {
  return service::TokenHash("csrf:" + std::string(session_token)).substr(0, 32);
}

Result<service::Request> Authenticate(service::AccountsService& svc, const HttpRequest& request) {
  std::string token = BearerToken(request);
  const bool by_cookie = token.empty();
  if (by_cookie) token = Cookie(request, kSessionCookie);
  if (token.empty()) return Unexpected(Unauthenticated("sign in first"));
  SCARWISE_ASSIGN_OR_RETURN(auto actor, svc.Authenticate(token));
  if (by_cookie && IsWrite(request.method)) {
    if (request.Header("x-csrf-token") != SessionCsrfToken(token)) {
      return Unexpected(PermissionDenied("X-CSRF-Token", "missing or wrong X-CSRF-Token header"));
    }
  }
  if (actor.must_enrol_two_factor && !OpenBeforeEnrolment(request.path)) {
    return Unexpected(
        PermissionDenied("two_factor",
                         "the clinic requires two-factor sign-in: enrol in two-factor sign-in first, on your "
                         "account page"));
  }
  return service::Request{actor, request.request_id, request.audit_hold};
}

Result<json> Body(const HttpRequest& request) {
  return interop::ParseJson(request.body, "(body)");
}

Result<void> KnownMembers(const json& body, std::initializer_list<std::string_view> known) {
  if (!body.is_object()) return Unexpected(InvalidArgument("(body)", "must be a JSON object"));
  return interop::OnlyKnownMembers(body, "", known);
}

Result<void> NoMembers(const HttpRequest& request) {
  if (request.body.find_first_not_of(" \t\r\n") == std::string::npos) return {};
  SCARWISE_ASSIGN_OR_RETURN(auto body, Body(request));
  if (body.is_null()) return {};
  return KnownMembers(body, {});
}

Result<std::string> TextField(const json& body, const char* key) {
  if (!body.is_object()) return Unexpected(InvalidArgument("(body)", "must be a JSON object"));
  const auto it = body.find(key);
  if (it == body.end()) return Unexpected(InvalidArgument(key, "required"));
  if (!it->is_string()) return Unexpected(InvalidArgument(key, "must be a string"));
  return it->get<std::string>();
}

Result<int64_t> PathId(const PathParams& params, const char* name) {
  const std::string& text = params.find(name)->second;
  int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) {
    return Unexpected(NotFound("no such record"));
  }
  return id;
}

json Document(const std::string& text) {
  auto doc = interop::ParseJson(text, "(document)");
  return doc ? std::move(*doc) : json(nullptr);
}

Result<std::optional<int64_t>> QueryNumber(const HttpRequest& request, const char* name, int64_t min, int64_t max,
                                           const char* reason) {
  const std::string& text = request.Query(name);
  if (text.empty()) return std::optional<int64_t>();
  int64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return Unexpected(InvalidArgument(name, reason));
  }
  return std::optional<int64_t>(value);
}

Result<IdPage> IdPageOf(const HttpRequest& request, const char* legacy, int64_t min, const char* reason) {
  IdPage page;
  SCARWISE_ASSIGN_OR_RETURN(const std::optional<int64_t> limit, QueryNumber(request, "limit", 1, 1000, kLimitReason));
  SCARWISE_ASSIGN_OR_RETURN(const std::optional<int64_t> cursor,
                            QueryNumber(request, "cursor", min, INT64_MAX, reason));
  std::optional<int64_t> older;
  if (legacy != nullptr) {
    SCARWISE_ASSIGN_OR_RETURN(older, QueryNumber(request, legacy, min, INT64_MAX, reason));
  }
  if (limit) page.limit = static_cast<int>(*limit);
  page.after = cursor ? cursor : older;
  return page;
}

Result<std::optional<service::IdempotencyKey>> IdempotencyOf(const HttpRequest& request, const json& body) {
  const std::string& key = request.Header("idempotency-key");
  if (key.empty()) return std::optional<service::IdempotencyKey>();
  if (key.size() > 255) return Unexpected(InvalidArgument("Idempotency-Key", "must be 1 to 255 characters"));
  return std::optional<service::IdempotencyKey>(service::IdempotencyKey{key, request.path, body.dump()});
}

HttpResponse WithEtag(HttpResponse response, int64_t version) {
  response.headers.emplace_back("ETag", "\"" + std::to_string(version) + "\"");
  return response;
}

std::optional<int64_t> IfMatchVersion(const HttpRequest& request) {
  std::string value = request.Header("if-match");
  if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
  int64_t version = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), version);
  if (value.empty() || ec != std::errc() || end != value.data() + value.size()) return std::nullopt;
  return version;
}

Handler Wrap(Work work) {
  return [work = std::move(work)](const HttpRequest& request, const PathParams& params) {
    auto response = work(request, params);
    return response ? std::move(*response) : ErrorResponse(response.error(), request.request_id);
  };
}

Handler Authed(service::AccountsService& svc, AuthedWork work) {
  return Wrap(
      [&svc, work = std::move(work)](const HttpRequest& request, const PathParams& params) -> Result<HttpResponse> {
        SCARWISE_ASSIGN_OR_RETURN(auto who, Authenticate(svc, request));
        return work(who, request, params);
      });
}

Handler WithId(service::AccountsService& svc, IdWork work) {
  return Authed(svc,
                [work = std::move(work)](const service::Request& who, const HttpRequest& request,
                                         const PathParams& params) -> Result<HttpResponse> {
                  SCARWISE_ASSIGN_OR_RETURN(auto id, PathId(params, "id"));
                  return work(who, request, id);
                });
}

LaterHandler WithIdLater(service::AccountsService& svc, IdLaterWork work) {
  return [&svc, work = std::move(work)](const HttpRequest& request, const PathParams& params, Respond respond) {
    Reply reply = [respond = std::move(respond), request_id = request.request_id](Result<HttpResponse> response) {
      respond(response ? std::move(*response) : ErrorResponse(response.error(), request_id));
    };
    auto signed_in = [&]() -> Result<std::pair<service::Request, int64_t>> {
      SCARWISE_ASSIGN_OR_RETURN(auto who, Authenticate(svc, request));
      SCARWISE_ASSIGN_OR_RETURN(const int64_t id, PathId(params, "id"));
      return std::pair{std::move(who), id};
    }();
    if (!signed_in) return reply(Unexpected(std::move(signed_in).error()));
    work(signed_in->first, request, signed_in->second, std::move(reply));
  };
}

}  // namespace scarwise::http
