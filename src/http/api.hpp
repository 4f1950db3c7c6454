#pragma once

#include <functional>
#include <string>

#include "common/result.hpp"
#include "http/http_types.hpp"
#include "http/metrics.hpp"
#include "http/router.hpp"
#include "service/clinic_service.hpp"
#include "service/outbox.hpp"
#include "service/patient_guide.hpp"
#include "service/recovery_service.hpp"
#include "service/scheduling_service.hpp"
#include "service/session_day_service.hpp"

namespace scarwise::http {

struct ApiContext {
  std::string version;                        // of the server, shown by /healthz
  std::function<Result<void>()> ready;        // readiness probe (e.g. the database answers)
  service::ClinicService* service = nullptr;  // the records API; nullptr: system endpoints only
  // Receives one JSON line per request: {"ts","request_id","method","route","status","ms",
  // "error"}. The route is the pattern ("/api/v1/patients/{id}"), never the raw path, and no
  // body or query is logged, so no patient identifier reaches the log. nullptr: no log.
  std::function<void(const std::string& line)> access_log;
  service::RecoveryService* recovery = nullptr;       // check-ins and alerts (needs `service` and `guide`)
  service::PatientGuide* guide = nullptr;             // the patients' questions answered from the protocol
  service::SessionDayService* session_day = nullptr;  // charting, aftercare, product checks
  service::SchedulingService* scheduling = nullptr;   // clinic calendar, series booking, feeds
  service::Outbox* outbox = nullptr;                  // reminders and alerts on their way out
};

// The HTTP API: decodes, calls one service function, encodes. Every answer is JSON (or
// Prometheus text for /metrics); every failure uses the error envelope of
// error_mapping.hpp; nothing a client sends can produce a 5xx except a real outage.
class Api {
 public:
  explicit Api(ApiContext context);

  // Thread-safe: called concurrently from the server's thread pool.
  HttpResponse Handle(const HttpRequest& request);

 private:
  void AddSystemRoutes();

  ApiContext context_;
  Router router_;
  Metrics metrics_;
};

}  // namespace scarwise::http
