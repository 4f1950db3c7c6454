#include "http/guide_routes.hpp"

#include "http/answers.hpp"
#include "http/route_support.hpp"

namespace scarwise::http {
namespace {

// GET /api/v1/faq
Result<HttpResponse> Faq(service::PatientGuide& guide, const service::Request& who, const HttpRequest&) {
  SCARWISE_ASSIGN_OR_RETURN(const std::vector<domain::FaqEntry> items, guide.Faq(who, std::nullopt));
  return Json(200, ForReader(List(items, &EncodeFaq), who));
}

// GET /api/v1/patients/{id}/faq: the answers with the patient's own values.
Result<HttpResponse> PatientFaq(service::PatientGuide& guide, const service::Request& who, const HttpRequest&,
                                int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const std::vector<domain::FaqEntry> items, guide.Faq(who, id));
  return Json(200, ForReader(List(items, &EncodeFaq), who));
}

}  // namespace

void AddGuideRoutes(Router& router, service::AccountsService& accounts, service::PatientGuide& guide) {
  RouteTable routes(router, accounts, guide);
  routes.Add("GET", "/api/v1/faq", &Faq);
  routes.Add("GET", "/api/v1/patients/{id}/faq", &PatientFaq);
}

}  // namespace scarwise::http
