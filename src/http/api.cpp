#include "http/api.hpp"

#include <chrono>
#include <future>

#include <nlohmann/json.hpp>

#include "common/civil_time.hpp"
#include "common/json_text.hpp"

#include "http/accounts_routes.hpp"
#include "http/consent_routes.hpp"
#include "http/dashboard_routes.hpp"
#include "http/error_mapping.hpp"
#include "http/guide_routes.hpp"
#include "http/openapi.hpp"
#include "http/outbox_routes.hpp"
#include "http/photo_routes.hpp"
#include "http/progress_routes.hpp"
#include "http/records_routes.hpp"
#include "http/recovery_routes.hpp"
#include "http/safety_routes.hpp"
#include "http/scheduling_routes.hpp"
#include "http/session_day_routes.hpp"

namespace scarwise::http {
namespace {

HttpResponse Json(int status, const nlohmann::json& body) {
  return HttpResponse{status, "application/json", body.dump(), {}};
}

}  // namespace

Api::Api(ApiContext context) : context_(std::move(context)) {
  AddSystemRoutes();
}

Api::Api(ApiContext context, const ApiServices& services)
    : context_(std::move(context)), access_(&services.accounts.access()) {
  AddSystemRoutes();
  AddServiceRoutes(services);
}

void Api::AddServiceRoutes(const ApiServices& s) {
  service::AccountsService& accounts = s.accounts;  // signs every request in
  AddAccountsRoutes(router_, accounts);
  AddRecordsRoutes(router_, accounts, s.records);
  AddProgressRoutes(router_, accounts, s.records);
  AddRecoveryRoutes(router_, accounts, s.recovery);
  AddGuideRoutes(router_, accounts, s.guide);
  AddSessionDayRoutes(router_, accounts, s.session_day);
  AddSafetyRoutes(router_, accounts, s.session_day);
  AddSchedulingRoutes(router_, accounts, s.scheduling);
  AddDashboardRoutes(router_, accounts, s.scheduling, s.records);
  AddOutboxRoutes(router_, accounts, s.outbox);
  AddConsentRoutes(router_, accounts, s.consent);
  AddPhotoRoutes(router_, accounts, s.photos);
}

void Api::AddSystemRoutes() {
  router_.Add("GET", "/healthz", [this](const HttpRequest&, const PathParams&) {
    return Json(200, {{"status", "ok"}, {"version", context_.version}});
  });
  router_.Add("GET", "/readyz", [this](const HttpRequest& request, const PathParams&) {
    if (auto ready = context_.ready ? context_.ready() : Result<void>{}; !ready) {
      return ErrorResponse(Unavailable("not ready: " + ready.error().message), request.request_id);
    }
    if (access_ != nullptr) {
      const service::CommitHealth commits = access_->Commits();
      if (commits.Failing(service::CommitHealth::Clock::now(), context_.commit_failure_window)) {
        return ErrorResponse(Unavailable("not ready: commits are failing (" + commits.last_cause + ")"),
                             request.request_id);
      }
    }
    return Json(200, {{"status", "ready"}});
  });
  router_.Add("GET", "/metrics", [this](const HttpRequest&, const PathParams&) {
    std::string text = metrics_.Text();
    if (access_ != nullptr) text += CommitFailuresText(access_->Commits().failures_by_cause);
    return HttpResponse{200, "text/plain; version=0.0.4", std::move(text), {}};
  });
  router_.Add("GET", "/api/openapi.json", [](const HttpRequest&, const PathParams&) {
    return HttpResponse{200, "application/json", std::string(OpenApiDocument()), {}};
  });
}

void Api::Handle(HttpRequest request, Respond respond) {
  const auto started = std::chrono::steady_clock::now();
  Router::Match match = router_.Find(request.method, request.path);
  if (match.handler != nullptr && request.method != "GET" && request.method != "HEAD") {
    writers_.Post([this, request = std::move(request), match = std::move(match), respond = std::move(respond),
                   started]() mutable { Answer(std::move(request), match, std::move(respond), started); });
    return;
  }
  Answer(std::move(request), match, std::move(respond), started);
}

void Api::Answer(HttpRequest request, const Router::Match& match, Respond respond,
                 std::chrono::steady_clock::time_point started) {
  auto hold = std::make_shared<service::AuditHold>();
  request.audit_hold = hold;
  const bool routed = match.handler != nullptr || match.later != nullptr;
  // Sends the answer once the audit entries it waits for are durable (or a 503 when they
  // could not be written), and accounts for it.
  Respond finish = [this, hold, method = request.method, request_id = request.request_id,
                    route = routed ? match.pattern : "(unmatched)", respond = std::move(respond),
                    started](HttpResponse response) mutable {
    hold->Release([this, method = std::move(method), request_id = std::move(request_id), route = std::move(route),
                   response = std::move(response), respond = std::move(respond),
                   started](Result<void> audited) mutable {
      if (!audited) response = ErrorResponse(audited.error(), request_id);
      Account(method, request_id, route, response, started);
      respond(std::move(response));
    });
  };
  const auto unhandled = [&request] { return ErrorResponse(Internal("unhandled exception"), request.request_id); };
  if (match.later != nullptr) {
    try {
      (*match.later)(request, match.params, finish);  // it answers; if it threw, it had not
    } catch (const std::exception&) {
      finish(unhandled());
    }
    return;
  }
  HttpResponse response;
  if (match.handler != nullptr) {
    try {
      response = (*match.handler)(request, match.params);
    } catch (const std::exception&) {
      response = unhandled();
    }
  } else if (match.path_known) {
    response = ErrorResponse(405, "method_not_allowed", request.method + " is not allowed here", request.request_id);
  } else {
    response = ErrorResponse(NotFound("no such endpoint"), request.request_id);
  }
  finish(std::move(response));
}

HttpResponse Api::Handle(const HttpRequest& request) {
  std::promise<HttpResponse> answer;
  auto answered = answer.get_future();
  Handle(request, [&answer](HttpResponse response) { answer.set_value(std::move(response)); });
  return answered.get();
}

void Api::Account(const std::string& method, const std::string& request_id, const std::string& route,
                  const HttpResponse& response, std::chrono::steady_clock::time_point started) {
  const auto took = std::chrono::steady_clock::now() - started;
  metrics_.Record(method, route, response.status, took);
  if (!context_.access_log) return;
  // The members in ascending order, as the log has always written them.
  JsonText line;
  line.BeginObject();
  if (response.status >= 400) {
    const nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
    if (body.is_object() && body.contains("error")) line.Key("error").String(body["error"].value("code", ""));
  }
  line.Key("method").String(method);
  line.Key("ms").Raw(nlohmann::json(std::chrono::duration<double, std::milli>(took).count()).dump());
  line.Key("request_id").String(request_id).Key("route").String(route).Key("status").Int(response.status);
  line.Key("ts").String(
      FormatTimestamp({std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()), {}}));
  context_.access_log(std::move(line.EndObject()).Take());
}

}  // namespace scarwise::http
