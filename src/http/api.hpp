#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "common/result.hpp"
#include "http/http_types.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "http/worker_pool.hpp"
#include "service/accounts_service.hpp"
#include "service/consent_service.hpp"
#include "service/outbox.hpp"
#include "service/patient_guide.hpp"
#include "service/photo_service.hpp"
#include "service/records_service.hpp"
#include "service/recovery_service.hpp"
#include "service/scheduling_service.hpp"
#include "service/session_day_service.hpp"

namespace scarwise::http {

// What the API's own endpoints need (/healthz, /readyz, /metrics, /api/openapi.json).
struct ApiContext {
  std::string version;                       // of the server, shown by /healthz
  std::function<Result<void>()> ready = {};  // readiness probe (e.g. the database answers)
  // Receives one JSON line per request: {"ts","request_id","method","route","status","ms",
  // "error"}. The route is the pattern ("/api/v1/patients/{id}"), never the raw path, and no
  // body or query is logged, so no patient identifier reaches the log. Empty: no log.
  std::function<void(const std::string& line)> access_log = {};
  // With services: /readyz answers 503 while the latest commit failed less than this long
  // ago and none has succeeded since (service::CommitHealth::Failing).
  std::chrono::seconds commit_failure_window{30};
};

// The services the /api/v1 routes call, wired once in apps/scarwise.cpp (or a test). Each
// route file serves one of them (http/<service>_routes.cpp); `accounts` also signs every
// request in.
struct ApiServices {
  service::AccountsService& accounts;       // sign-in, accounts, two-factor, invitations
  service::RecordsService& records;         // patients, clinical records, plans, audit
  service::RecoveryService& recovery;       // check-ins and alerts
  service::PatientGuide& guide;             // the patients' questions answered from the protocol
  service::SessionDayService& session_day;  // charting, aftercare, product checks
  service::SchedulingService& scheduling;   // clinic calendar, series booking, feeds
  service::Outbox& outbox;                  // reminders and alerts on their way out
  service::ConsentService& consent;         // consent texts, signatures, withdrawal
  service::PhotoService& photos;            // clinical photographs
};

// The HTTP API: decodes, calls one service function, encodes. Every answer is JSON (or
// Prometheus text for /metrics); every failure uses the error envelope of
// error_mapping.hpp; nothing a client sends can produce a 5xx except a real outage.
class Api {
 public:
  // The API's own endpoints only (a server under test, a probe).
  explicit Api(ApiContext context);
  // The API's own endpoints and every /api/v1 route.
  Api(ApiContext context, const ApiServices& services);

  // Answers through `respond` once the answer's audit entries are durable: at once for a
  // request that read no patient data, else from the group commit's telling thread (a 503
  // instead when the audit log could not be written). Writes (any method but GET and HEAD)
  // whose handlers wait for their commits run on the API's own write threads; handlers that
  // answer later run on the calling thread. Thread-safe; never waits for the disk in the
  // calling thread.
  void Handle(HttpRequest request, Respond respond);
  // The same, waiting for the answer (for callers without an event loop, such as tests).
  HttpResponse Handle(const HttpRequest& request);

 private:
  void AddSystemRoutes();
  void AddServiceRoutes(const ApiServices& services);
  // Answers the routed request (Handle's contract), on the calling thread.
  void Answer(HttpRequest request, const Router::Match& match, Respond respond,
              std::chrono::steady_clock::time_point started);
  // Records the answer in the metrics and the access log.
  void Account(const std::string& method, const std::string& request_id, const std::string& route,
               const HttpResponse& response, std::chrono::steady_clock::time_point started);
  ApiContext context_;
  service::RecordAccess* access_ = nullptr;  // for /readyz and /metrics; nullptr: no services
  Router router_;
  Metrics metrics_;
  WorkerPool writers_{64, "api-write"};  // last: drained (answering what it holds) first
};

}  // namespace scarwise::http
