#pragma once

// Consent per purpose (issue 22): the protocol's current texts, signing (the patient in the
// portal, or on the clinic's tablet handed over by a clinician; a minor's guardian in their
// own name), withdrawal effective at once, and the check other use cases make before
// acting (approving a plan needs a current treatment consent; a photograph needs the
// consent of its purpose). Every signature, withdrawal and read is audited.

#include <optional>
#include <string>
#include <vector>

#include "domain/protocol.hpp"
#include "service/record_access.hpp"

namespace scarwise::service {

// What a signer sends: the purpose and the exact text version they were shown, with its
// SHA-256 (so a text that changed between showing and signing is refused), who signs and
// the signature.
struct ConsentSignature {
  domain::ConsentPurpose purpose = domain::ConsentPurpose::kTreatment;
  std::string text_version;
  std::string text_sha256;
  domain::ConsentSigner signer = domain::ConsentSigner::kPatient;
  std::string signer_name;
  std::optional<std::string> guardian_relationship;
  std::string signature_svg_path;
  // The signer cannot draw (keyboard or screen-reader use) and confirms that the typed name
  // is their signature: no drawing is stored (signature_svg_path must be empty).
  bool typed_only = false;
};

// A protocol text as shown, with its hash.
struct ShownConsentText {
  const domain::ConsentText* text = nullptr;
  std::string shown;
  std::string sha256;
};

class ConsentService {
 public:
  ConsentService(RecordAccess& access, const domain::Protocol& protocol) : access_(access), protocol_(protocol) {}

  // The current texts, one per purpose (any signed-in user).
  Result<std::vector<ShownConsentText>> Texts(const Request& request) const;
  // Younger than this on the day of signing, a patient's guardian signs (the protocol's).
  int AgeOfMajority() const { return protocol_.consent.age_of_majority; }
  // kConflict (field "text_version" / "text_sha256") when the text shown is not the
  // current one; kInvalidArgument for a bad signature or name; kUnprocessable (field
  // "signer") when a minor signs for themself or an adult's guardian signs.
  Result<storage::ConsentRecord> Sign(const Request& request, storage::Id patient_id,
                                      const ConsentSignature& signature);
  Result<std::vector<storage::ConsentRecord>> List(const Request& request, storage::Id patient_id);
  Result<storage::ConsentRecord> Read(const Request& request, storage::Id patient_id, storage::Id consent_id);
  // The signed consent as a PDF (the text shown, signer, time, signature, hash); audited.
  Result<std::string> Pdf(const Request& request, storage::Id patient_id, storage::Id consent_id,
                          const std::string& clinic_name);
  // Withdraws the patient's current consent for `purpose` at once; kNotFound when there is none.
  Result<std::vector<storage::ConsentRecord>> Withdraw(const Request& request, storage::Id patient_id,
                                                       domain::ConsentPurpose purpose);

 private:
  RecordAccess& access_;
  const domain::Protocol& protocol_;
};

// Inside a unit of work: kUnprocessable (field "consent") naming the purpose when the
// patient has no current consent for it.
Result<void> RequireConsent(storage::Transaction& tx, storage::Id patient_id, domain::ConsentPurpose purpose);

}  // namespace scarwise::service
