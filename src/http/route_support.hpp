#pragma once

// What every group of /api/v1 routes shares: sessions (Bearer token or cookie with the
// double-submit CSRF check), the JSON body, path ids, ETags, and handler wrappers that turn
// an error value into the error envelope. Included only by route files (it brings in
// nlohmann/json).

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.hpp"
#include "http/http_types.hpp"
#include "http/router.hpp"
#include "service/accounts_service.hpp"

namespace scarwise::http {

inline constexpr const char* kSessionCookie = "scarwise_session";
inline constexpr const char* kCsrfCookie = "scarwise_csrf";
// The answer to a page size out of range, for every paged list.
inline constexpr const char* kLimitReason = "must be a whole number from 1 to 1000";

HttpResponse Json(int status, const nlohmann::json& body);
// An instant as ISO 8601 in UTC ("2026-11-23T14:05:00Z").
std::string Iso(std::chrono::sys_seconds t);

// The value of one cookie of the Cookie header, or "".
std::string Cookie(const HttpRequest& request, std::string_view name);
// The token of an `Authorization: Bearer TOKEN` header, or "".
std::string BearerToken(const HttpRequest& request);

// The CSRF token bound to a session: derived from the session's secret token, so it changes
// with every sign-in and nobody without the session can know it (32 hex digits).
std::string SessionCsrfToken(std::string_view session_token);

// The service request of an HTTP request: the signed-in actor (kUnauthenticated without a
// live session; kPermissionDenied, field X-CSRF-Token, for a cookie-authenticated write
// whose X-CSRF-Token header is not the session's SessionCsrfToken; kPermissionDenied, field
// two_factor, for a staff account that must enrol in two-factor sign-in first, on any path but
// /api/v1/me, /api/v1/me/two-factor[/confirm] and /api/v1/auth/logout).
Result<service::Request> Authenticate(service::AccountsService& svc, const HttpRequest& request);

// The body as JSON; kInvalidArgument (field "(body)") when it is not.
Result<nlohmann::json> Body(const HttpRequest& request);
// kInvalidArgument naming the first member of an object body that is not in `known`
// ("unknown field"): a write body is decoded strictly, so a misspelt or unexpected field is
// an error, never silently ignored. Also refuses a body that is not an object.
Result<void> KnownMembers(const nlohmann::json& body, std::initializer_list<std::string_view> known);
// For a request that takes no fields: an empty body, `{}` or `null` passes; any member is
// kInvalidArgument naming it ("unknown field").
Result<void> NoMembers(const HttpRequest& request);
// A required string member of an object body; kInvalidArgument naming `key` otherwise.
Result<std::string> TextField(const nlohmann::json& body, const char* key);
// A path parameter that must be a positive integer; anything else is kNotFound (as for a
// record that does not exist).
Result<int64_t> PathId(const PathParams& params, const char* name);
// A stored JSON document as JSON (null when unreadable).
nlohmann::json Document(const std::string& text);

// A whole-number query parameter within [min, max]: std::nullopt when absent; otherwise
// kInvalidArgument naming it, with `reason` as the message.
Result<std::optional<int64_t>> QueryNumber(const HttpRequest& request, const char* name, int64_t min, int64_t max,
                                           const char* reason);

// The request's Idempotency-Key (nullopt without one), tied to its path and body; kInvalidArgument
// naming the header when it is longer than 255 characters.
Result<std::optional<service::IdempotencyKey>> IdempotencyOf(const HttpRequest& request, const nlohmann::json& body);

HttpResponse WithEtag(HttpResponse response, int64_t version);
// The version named by an If-Match header ("\"3\"" or "3").
std::optional<int64_t> IfMatchVersion(const HttpRequest& request);

// A page of a list in id order (or sequence order, or newest first): `limit` (1 to 1000)
// and where it starts, `cursor`: the previous page's next_cursor, which is the last id that
// page held. `legacy` names the older parameter of the same number that a list keeps for its
// callers (users and audit: after; outbox: before), or is nullptr; `min` and `reason` check
// both.
struct IdPage {
  std::optional<int> limit;      // nullopt: the list's default
  std::optional<int64_t> after;  // nullopt: the first page
};
Result<IdPage> IdPageOf(const HttpRequest& request, const char* legacy, int64_t min, const char* reason);
// The cursor of the page after `items`: its last id when the page is full (more may follow),
// else null.
template <typename T>
nlohmann::json NextCursor(const std::vector<T>& items, int limit) {
  if (items.empty() || static_cast<int>(items.size()) != limit) return nullptr;
  return std::to_string(items.back().id);
}

template <typename T>
nlohmann::json List(const std::vector<T>& items, nlohmann::json (*encode)(const T&)) {
  nlohmann::json out = nlohmann::json::array();
  for (const T& item : items) out.push_back(encode(item));
  return {{"items", out}};
}

// A handler body: returns a response or an error (rendered in the envelope).
using Work = std::function<Result<HttpResponse>(const HttpRequest&, const PathParams&)>;
Handler Wrap(Work work);

// Like Wrap, for handlers that need the signed-in actor.
using AuthedWork = std::function<Result<HttpResponse>(const service::Request&, const HttpRequest&, const PathParams&)>;
Handler Authed(service::AccountsService& svc, AuthedWork work);

// Like Authed, for routes on one record: the path's {id} must be a positive integer (any
// other value is a 404, as for a record that does not exist).
using IdWork = std::function<Result<HttpResponse>(const service::Request&, const HttpRequest&, int64_t id)>;
Handler WithId(service::AccountsService& svc, IdWork work);

// A later handler's body: answers once through `reply`, with a response or an error
// (rendered in the envelope), from whichever thread its work finishes on.
using Reply = std::function<void(Result<HttpResponse>)>;
using IdLaterWork = std::function<void(const service::Request&, const HttpRequest&, int64_t id, Reply reply)>;
// WithId's checks for a handler that answers later.
LaterHandler WithIdLater(service::AccountsService& svc, IdLaterWork work);

// Replies with `encode(value)` for a value, or with the error (a later route's answer).
template <typename T, typename Encode>
std::function<void(Result<T>)> ReplyWith(Reply reply, Encode encode) {
  return [reply = std::move(reply), encode = std::move(encode)](Result<T> outcome) {
    if (!outcome) return reply(Unexpected(std::move(outcome).error()));
    reply(encode(*outcome));
  };
}

// One route of a service, as a function: its steps are authenticate (done by the binding),
// decode, call the service, encode. Which signature a route has says what it needs.
template <typename Service>
using PublicRoute = Result<HttpResponse> (*)(Service&, const HttpRequest&, const PathParams&);
template <typename Service>
using SignedInRoute = Result<HttpResponse> (*)(Service&, const service::Request&, const HttpRequest&);
template <typename Service>
using PathRoute = Result<HttpResponse> (*)(Service&, const service::Request&, const HttpRequest&, const PathParams&);
template <typename Service>
using RecordRoute = Result<HttpResponse> (*)(Service&, const service::Request&, const HttpRequest&, int64_t id);
template <typename Service>
using LaterRecordRoute = void (*)(Service&, const service::Request&, const HttpRequest&, int64_t id, Reply reply);

// Binds the route functions of one service to the router: a route file's table of contents.
// A signed-in route is refused without a live session (see Authenticate); a record route
// also needs a positive {id} in its path (else 404).
template <typename Service>
class RouteTable {
 public:
  RouteTable(Router& router, service::AccountsService& accounts, Service& service)
      : router_(router), accounts_(accounts), service_(service) {}

  void Add(std::string method, std::string pattern, PublicRoute<Service> route) {
    router_.Add(std::move(method), std::move(pattern),
                Wrap([&service = service_, route](const HttpRequest& request, const PathParams& params) {
                  return route(service, request, params);
                }));
  }
  void Add(std::string method, std::string pattern, SignedInRoute<Service> route) {
    router_.Add(
        std::move(method), std::move(pattern),
        Authed(accounts_, [&service = service_, route](const service::Request& who, const HttpRequest& request,
                                                       const PathParams&) { return route(service, who, request); }));
  }
  void Add(std::string method, std::string pattern, PathRoute<Service> route) {
    router_.Add(std::move(method), std::move(pattern),
                Authed(accounts_, [&service = service_, route](const service::Request& who, const HttpRequest& request,
                                                               const PathParams& params) {
                  return route(service, who, request, params);
                }));
  }
  void Add(std::string method, std::string pattern, RecordRoute<Service> route) {
    router_.Add(
        std::move(method), std::move(pattern),
        WithId(accounts_, [&service = service_, route](const service::Request& who, const HttpRequest& request,
                                                       int64_t id) { return route(service, who, request, id); }));
  }
  void AddLater(std::string method, std::string pattern, LaterRecordRoute<Service> route) {
    router_.AddLater(std::move(method), std::move(pattern),
                     WithIdLater(accounts_, [&service = service_, route](
                                                const service::Request& who, const HttpRequest& request, int64_t id,
                                                Reply reply) { route(service, who, request, id, std::move(reply)); }));
  }

 private:
  Router& router_;
  service::AccountsService& accounts_;  // signs requests in
  Service& service_;
};

}  // namespace scarwise::http
