#include "service/consent_service.hpp"

#include <cstdio>

#include "common/unicode_text.hpp"
#include "interop/pdf/consent_pdf.hpp"
#include "service/credentials.hpp"

namespace scarwise::service {
namespace {

using storage::Id;
using storage::Transaction;

constexpr size_t kMaxSignerName = 200;

Result<ShownConsentText> Shown(const domain::Protocol& protocol, domain::ConsentPurpose purpose) {
  const domain::ConsentText* text = protocol.consent.Find(purpose);
  if (text == nullptr) {
    return Unexpected(NotFound(
        "purpose", "the protocol has no consent text for '" + std::string(domain::ConsentPurposeName(purpose)) + "'"));
  }
  ShownConsentText shown{text, domain::ShownText(*text), ""};
  shown.sha256 = Sha256Hex(shown.shown);
  return shown;
}

std::string Trimmed(const std::string& text) {
  const size_t from = text.find_first_not_of(" \t\r\n");
  if (from == std::string::npos) return "";
  const size_t to = text.find_last_not_of(" \t\r\n");
  return text.substr(from, to - from + 1);
}

}  // namespace

Result<void> RequireConsent(Transaction& tx, Id patient_id, domain::ConsentPurpose purpose) {
  SCARWISE_ASSIGN_OR_RETURN(auto current,
                            tx.Consents().Current(patient_id, std::string(domain::ConsentPurposeName(purpose))));
  if (!current) {
    return Unexpected(Unprocessable("consent", "the patient has no current consent for '" +
                                                   std::string(domain::ConsentPurposeName(purpose)) +
                                                   "': the patient signs it first (portal or clinic tablet)"));
  }
  return {};
}

Result<std::vector<ShownConsentText>> ConsentService::Texts(const Request& request) const {
  if (!request.actor) return Unexpected(Unauthenticated());
  std::vector<ShownConsentText> out;
  for (domain::ConsentPurpose purpose : domain::kConsentPurposes) {
    SCARWISE_ASSIGN_OR_RETURN(auto shown, Shown(protocol_, purpose));
    out.push_back(std::move(shown));
  }
  return out;
}

Result<storage::ConsentRecord> ConsentService::Sign(const Request& request, Id patient_id,
                                                    const ConsentSignature& signature) {
  if (!request.actor) return Unexpected(Unauthenticated());
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kConsentSign, patient_id));
  SCARWISE_ASSIGN_OR_RETURN(const ShownConsentText shown, Shown(protocol_, signature.purpose));
  if (signature.text_version != shown.text->version) {
    return Unexpected(Conflict(
        "text_version", "the consent text is now version " + shown.text->version + ": show it again and sign that"));
  }
  if (signature.text_sha256 != shown.sha256) {
    return Unexpected(Conflict("text_sha256", "the text shown is not the protocol's text of version " +
                                                  shown.text->version + ": show it again and sign that"));
  }
  const std::string name = Trimmed(signature.signer_name);
  if (name.empty()) return Unexpected(InvalidArgument("signer_name", "type your full name"));
  if (name.size() > kMaxSignerName) return Unexpected(InvalidArgument("signer_name", "the name is too long"));
  SCARWISE_RETURN_IF_ERROR(CheckDisplayText(name, "signer_name"));
  if (signature.typed_only) {
    if (!signature.signature_svg_path.empty()) {
      return Unexpected(InvalidArgument("signature_svg_path", "a typed signature has no drawing"));
    }
  } else {
    SCARWISE_RETURN_IF_ERROR(domain::ValidateSignaturePath(signature.signature_svg_path));
  }
  const storage::Instant now = access_.Now();
  return access_.Write<storage::ConsentRecord>([&](Transaction& tx) -> Result<storage::ConsentRecord> {
    SCARWISE_ASSIGN_OR_RETURN(const auto patient, tx.Patients().Find(patient_id));
    SCARWISE_RETURN_IF_ERROR(domain::CheckSigner(protocol_.consent, patient.details,
                                                 std::chrono::floor<std::chrono::days>(now), signature.signer,
                                                 signature.guardian_relationship));
    storage::NewConsent consent{
        patient_id,
        std::string(domain::ConsentPurposeName(signature.purpose)),
        shown.text->version,
        shown.shown,
        shown.sha256,
        std::string(domain::ConsentSignerName(signature.signer)),
        name,
        signature.signer == domain::ConsentSigner::kGuardian ? signature.guardian_relationship : std::nullopt,
        signature.typed_only ? "typed" : "drawn",
        signature.signature_svg_path,
        now,
        request.actor->user_id};
    SCARWISE_ASSIGN_OR_RETURN(const Id id, tx.Consents().Create(consent));
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kConsentSign, "consent", id));
    return tx.Consents().Find(patient_id, id);
  });
}

Result<std::vector<storage::ConsentRecord>> ConsentService::List(const Request& request, Id patient_id) {
  return access_.ReadPatientRecords<std::vector<storage::ConsentRecord>>(
      request, Action::kConsentRead, patient_id, [&](Transaction& tx) -> Result<std::vector<storage::ConsentRecord>> {
        SCARWISE_RETURN_IF_ERROR(tx.Patients().Find(patient_id));
        return tx.Consents().List(patient_id);
      });
}

Result<storage::ConsentRecord> ConsentService::Read(const Request& request, Id patient_id, Id consent_id) {
  return access_.ReadPatientRecords<storage::ConsentRecord>(
      request, Action::kConsentRead, patient_id,
      [&](Transaction& tx) -> Result<storage::ConsentRecord> { return tx.Consents().Find(patient_id, consent_id); });
}

Result<std::string> ConsentService::Pdf(const Request& request, Id patient_id, Id consent_id,
                                        const std::string& clinic_name) {
  struct Found {
    storage::ConsentRecord consent;
    storage::PatientRecord patient;
  };
  SCARWISE_ASSIGN_OR_RETURN(const Found found,
                            access_.ReadPatientRecords<Found>(
                                request, Action::kConsentRead, patient_id, [&](Transaction& tx) -> Result<Found> {
                                  SCARWISE_ASSIGN_OR_RETURN(auto consent, tx.Consents().Find(patient_id, consent_id));
                                  SCARWISE_ASSIGN_OR_RETURN(auto patient, tx.Patients().Find(patient_id));
                                  return Found{std::move(consent), std::move(patient)};
                                }));
  const storage::NewConsent& c = found.consent.consent;
  const auto when = [](storage::Instant at) {
    const auto day = std::chrono::floor<std::chrono::days>(at);
    const std::chrono::hh_mm_ss<std::chrono::seconds> time(at - day);
    char clock[16];
    std::snprintf(clock, sizeof clock, " %02d:%02d UTC", static_cast<int>(time.hours().count()),
                  static_cast<int>(time.minutes().count()));
    return FormatDate(day) + clock;
  };
  interop::ConsentDocument document;
  document.clinic_name = clinic_name;
  document.patient_name = found.patient.details.given_name + " " + found.patient.details.family_name;
  document.shown_text = c.shown_text;
  document.text_version = c.text_version;
  document.text_sha256 = c.text_sha256;
  document.signer_line = "Signed by " + c.signer_name +
                         (c.signer == "guardian" ? " (guardian: " + c.guardian_relationship.value_or("") + ")"
                                                 : std::string(" (the patient)"));
  document.signed_at = when(c.signed_at);
  document.signature_svg_path = c.signature_svg_path;
  if (c.signature_method == "typed") document.signer_line += ", by typing their name";
  if (found.consent.withdrawn_at) document.withdrawn_at = when(*found.consent.withdrawn_at);
  return interop::RenderConsentPdf(document);
}

Result<std::vector<storage::ConsentRecord>> ConsentService::Withdraw(const Request& request, Id patient_id,
                                                                     domain::ConsentPurpose purpose) {
  if (!request.actor) return Unexpected(Unauthenticated());
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kConsentWithdraw, patient_id));
  const storage::Instant now = access_.Now();
  return access_.Write<std::vector<storage::ConsentRecord>>(
      [&](Transaction& tx) -> Result<std::vector<storage::ConsentRecord>> {
        SCARWISE_RETURN_IF_ERROR(tx.Patients().Find(patient_id));
        SCARWISE_ASSIGN_OR_RETURN(const int64_t withdrawn,
                                  tx.Consents().Withdraw(patient_id, std::string(domain::ConsentPurposeName(purpose)),
                                                         request.actor->user_id, now));
        if (withdrawn == 0) {
          return Unexpected(NotFound(
              "purpose", "there is no current consent for '" + std::string(domain::ConsentPurposeName(purpose)) + "'"));
        }
        SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kConsentWithdraw, "patient", patient_id));
        // Effective at once: photos taken for teaching or publicity are no longer usable for it
        // (they stay in the medical record). A later consent does not put the purpose back.
        if (purpose == domain::ConsentPurpose::kPhotosTeaching || purpose == domain::ConsentPurpose::kPhotosMarketing) {
          SCARWISE_ASSIGN_OR_RETURN(
              const std::vector<Id> retagged,
              tx.Photos().WithdrawPurpose(patient_id, std::string(domain::ConsentPurposeName(purpose))));
          for (const Id photo_id : retagged) {
            SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kPhotoPurposeWithdrawn, "photo", photo_id));
          }
        }
        return tx.Consents().List(patient_id);
      });
}

}  // namespace scarwise::service
