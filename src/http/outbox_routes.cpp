#include "http/outbox_routes.hpp"

#include "http/answers.hpp"
#include "http/route_support.hpp"

namespace scarwise::http {
namespace {

using nlohmann::json;

// GET /api/v1/outbox?status=&limit=&cursor= (newest first; `before`: the older name of the
// cursor)
Result<HttpResponse> ListOutbox(service::Outbox& outbox, const service::Request& who, const HttpRequest& request) {
  std::optional<storage::DeliveryStatus> status;
  if (const std::string& s = request.Query("status"); !s.empty()) {
    status = FromName<storage::DeliveryStatus>(s);
    if (!status) return Unexpected(InvalidArgument("status", "must be pending, sent, failed or skipped"));
  }
  SCARWISE_ASSIGN_OR_RETURN(const IdPage page, IdPageOf(request, "before", 1, "must be a message id"));
  const int limit = page.limit.value_or(100);
  SCARWISE_ASSIGN_OR_RETURN(const std::vector<storage::OutboxRecord> messages,
                            outbox.List(who, status, limit, page.after.value_or(0)));
  json out = List(messages, &EncodeOutboxMessage);
  out["next_cursor"] = NextCursor(messages, limit);
  return Json(200, out);
}

// POST /api/v1/outbox/{id}/retry (no body)
Result<HttpResponse> RetryMessage(service::Outbox& outbox, const service::Request& who, const HttpRequest& request,
                                  int64_t id) {
  if (!request.body.empty()) {
    SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
    if (!body.is_object() || !body.empty()) return Unexpected(InvalidArgument("(body)", "must be empty or {}"));
  }
  SCARWISE_ASSIGN_OR_RETURN(const storage::OutboxRecord retried, outbox.Retry(who, id));
  return Json(200, EncodeOutboxMessage(retried));
}

}  // namespace

void AddOutboxRoutes(Router& router, service::AccountsService& accounts, service::Outbox& outbox) {
  RouteTable routes(router, accounts, outbox);
  routes.Add("GET", "/api/v1/outbox", &ListOutbox);
  routes.Add("POST", "/api/v1/outbox/{id}/retry", &RetryMessage);
}

}  // namespace scarwise::http
