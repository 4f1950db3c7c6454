#include "http/consent_routes.hpp"

#include "http/answers.hpp"
#include "http/route_support.hpp"

namespace scarwise::http {
namespace {

using nlohmann::json;
using service::ConsentService;

Result<domain::ConsentPurpose> PurposeOf(const json& body) {
  SCARWISE_ASSIGN_OR_RETURN(const std::string name, TextField(body, "purpose"));
  const auto purpose = domain::ConsentPurposeFromName(name);
  if (!purpose) {
    return Unexpected(
        InvalidArgument("purpose", "must be one of treatment, photos_record, photos_teaching, photos_marketing"));
  }
  return *purpose;
}

// GET /api/v1/consent-texts
Result<HttpResponse> Texts(ConsentService& consent, const service::Request& who, const HttpRequest&) {
  SCARWISE_ASSIGN_OR_RETURN(const auto texts, consent.Texts(who));
  json answer = List(texts, &EncodeConsentText);
  answer["age_of_majority"] = consent.AgeOfMajority();
  return Json(200, answer);
}

// GET /api/v1/patients/{id}/consents
Result<HttpResponse> ListConsents(ConsentService& consent, const service::Request& who, const HttpRequest&,
                                  int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const auto items, consent.List(who, id));
  return Json(200, List(items, &EncodeConsent));
}

// POST /api/v1/patients/{id}/consents
Result<HttpResponse> SignConsent(ConsentService& consent, const service::Request& who, const HttpRequest& request,
                                 int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_RETURN_IF_ERROR(KnownMembers(body, {"purpose", "text_version", "text_sha256", "signer", "signer_name",
                                               "guardian_relationship", "signature_method", "signature_svg_path"}));
  service::ConsentSignature signature;
  SCARWISE_ASSIGN_OR_RETURN(signature.purpose, PurposeOf(body));
  SCARWISE_ASSIGN_OR_RETURN(signature.text_version, TextField(body, "text_version"));
  SCARWISE_ASSIGN_OR_RETURN(signature.text_sha256, TextField(body, "text_sha256"));
  SCARWISE_ASSIGN_OR_RETURN(const std::string signer, TextField(body, "signer"));
  const auto signer_kind = domain::ConsentSignerFromName(signer);
  if (!signer_kind) return Unexpected(InvalidArgument("signer", "must be patient or guardian"));
  signature.signer = *signer_kind;
  SCARWISE_ASSIGN_OR_RETURN(signature.signer_name, TextField(body, "signer_name"));
  if (body.contains("guardian_relationship") && !body["guardian_relationship"].is_null()) {
    SCARWISE_ASSIGN_OR_RETURN(signature.guardian_relationship, TextField(body, "guardian_relationship"));
    if (signature.guardian_relationship->size() > 100) {
      return Unexpected(InvalidArgument("guardian_relationship", "at most 100 characters"));
    }
  }
  if (body.contains("signature_method")) {
    SCARWISE_ASSIGN_OR_RETURN(const std::string method, TextField(body, "signature_method"));
    if (method != "drawn" && method != "typed") {
      return Unexpected(InvalidArgument("signature_method", "must be drawn or typed"));
    }
    signature.typed_only = method == "typed";
  }
  if (!signature.typed_only || body.contains("signature_svg_path")) {
    SCARWISE_ASSIGN_OR_RETURN(signature.signature_svg_path, TextField(body, "signature_svg_path"));
  }
  SCARWISE_ASSIGN_OR_RETURN(const storage::ConsentRecord record, consent.Sign(who, id, signature));
  return Json(201, EncodeConsent(record));
}

// POST /api/v1/patients/{id}/consents/withdraw {"purpose": ...}
Result<HttpResponse> WithdrawConsent(ConsentService& consent, const service::Request& who, const HttpRequest& request,
                                     int64_t id) {
  SCARWISE_ASSIGN_OR_RETURN(const json body, Body(request));
  SCARWISE_RETURN_IF_ERROR(KnownMembers(body, {"purpose"}));
  SCARWISE_ASSIGN_OR_RETURN(const domain::ConsentPurpose purpose, PurposeOf(body));
  SCARWISE_ASSIGN_OR_RETURN(const auto items, consent.Withdraw(who, id, purpose));
  return Json(200, List(items, &EncodeConsent));
}

// GET /api/v1/patients/{id}/consents/{consent}/pdf
Result<HttpResponse> ConsentPdf(ConsentService& consent, const service::Request& who, const HttpRequest&,
                                const PathParams& params) {
  SCARWISE_ASSIGN_OR_RETURN(const int64_t id, PathId(params, "id"));
  SCARWISE_ASSIGN_OR_RETURN(const int64_t consent_id, PathId(params, "consent"));
  SCARWISE_ASSIGN_OR_RETURN(std::string pdf, consent.Pdf(who, id, consent_id, "Your clinic"));
  return HttpResponse{200,
                      "application/pdf",
                      std::move(pdf),
                      {{"Content-Disposition", "inline; filename=\"consent.pdf\""}, {"Cache-Control", "no-store"}}};
}

}  // namespace

void AddConsentRoutes(Router& router, service::AccountsService& accounts, service::ConsentService& consent) {
  RouteTable routes(router, accounts, consent);
  routes.Add("GET", "/api/v1/consent-texts", &Texts);
  routes.Add("GET", "/api/v1/patients/{id}/consents", &ListConsents);
  routes.Add("POST", "/api/v1/patients/{id}/consents", &SignConsent);
  routes.Add("POST", "/api/v1/patients/{id}/consents/withdraw", &WithdrawConsent);
  routes.Add("GET", "/api/v1/patients/{id}/consents/{consent}/pdf", &ConsentPdf);
}

}  // namespace scarwise::http
