#pragma once

// Consents: what a patient (or a minor's guardian) signed, per purpose, and its withdrawal.
// Reached through Transaction::Consents() (storage/store.hpp), whose rules on errors and
// aborts apply to every call here. A record keeps the exact text shown, so a later version
// of the protocol's text never changes what was signed.

#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/records.hpp"

namespace scarwise::storage {

struct NewConsent {
  Id patient_id = 0;
  std::string purpose;       // "treatment", "photos_record", "photos_teaching", "photos_marketing"
  std::string text_version;  // the protocol text's version
  std::string shown_text;    // the exact words shown (domain::ShownText)
  std::string text_sha256;   // lowercase hex SHA-256 of shown_text
  std::string signer;        // "patient" | "guardian"
  std::string signer_name;   // typed by the signer
  std::optional<std::string> guardian_relationship;
  // "drawn": signature_svg_path holds the drawing (domain::ValidateSignaturePath); "typed":
  // the signer could not draw (keyboard or screen reader) and confirmed that the typed name
  // is their signature; signature_svg_path is empty.
  std::string signature_method = "drawn";
  std::string signature_svg_path;
  Instant signed_at{};
  Id recorded_by = 0;  // the account that was signed in: the patient's own or the clinician's tablet
};

struct ConsentRecord {
  Id id = 0;
  NewConsent consent;
  std::optional<Instant> withdrawn_at;
  std::optional<Id> withdrawn_by;
  bool current() const { return !withdrawn_at.has_value(); }
};

class ConsentRepository {
 public:
  virtual ~ConsentRepository() = default;
  // kNotFound for an unknown patient or user.
  virtual Result<Id> Create(const NewConsent& consent) = 0;
  // A patient's consents, newest first (withdrawn ones too).
  virtual Result<std::vector<ConsentRecord>> List(Id patient_id) = 0;
  // The consents of a page of patients (PatientIds), by patient, oldest first.
  virtual Result<std::vector<ConsentRecord>> ListOf(const PatientIds& patients) = 0;
  // kNotFound when the patient has no such consent.
  virtual Result<ConsentRecord> Find(Id patient_id, Id consent_id) = 0;
  // The newest consent for `purpose` that is not withdrawn; nullopt when there is none.
  virtual Result<std::optional<ConsentRecord>> Current(Id patient_id, const std::string& purpose) = 0;
  // Withdraws every current consent of the patient for `purpose` at `at`; returns how many
  // (0: there was none).
  virtual Result<int64_t> Withdraw(Id patient_id, const std::string& purpose, Id by, Instant at) = 0;
};

}  // namespace scarwise::storage
