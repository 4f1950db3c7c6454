#pragma once

// Consent a patient gives, per purpose (issue 22): the texts are versioned protocol data
// (protocol/default/consent/), a signature is a typed name plus a drawn signature kept as
// SVG path data. Pure: the service hashes the shown text and stores the signature.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "domain/patient.hpp"
#include "domain/source.hpp"

namespace scarwise::domain {

// Each purpose is consented to (and withdrawn) on its own.
enum class ConsentPurpose { kTreatment, kPhotosRecord, kPhotosTeaching, kPhotosMarketing };
inline constexpr ConsentPurpose kConsentPurposes[] = {ConsentPurpose::kTreatment, ConsentPurpose::kPhotosRecord,
                                                      ConsentPurpose::kPhotosTeaching,
                                                      ConsentPurpose::kPhotosMarketing};
std::string_view ConsentPurposeName(ConsentPurpose purpose);  // "treatment", "photos_record", ...
std::optional<ConsentPurpose> ConsentPurposeFromName(std::string_view name);

struct ConsentSection {
  std::string heading;
  std::string text;
  Source source;
};

// One version of one purpose's text.
struct ConsentText {
  ConsentPurpose purpose = ConsentPurpose::kTreatment;
  std::string version;
  std::string title;
  std::vector<ConsentSection> sections;
};

// consent/consent.yaml and its texts.
struct ConsentProtocol {
  int age_of_majority = 18;
  Source age_of_majority_source;
  std::vector<ConsentText> texts;  // one per purpose, in kConsentPurposes order
  const ConsentText* Find(ConsentPurpose purpose) const;
};

// The exact words a signer is shown (title, then each heading and its text, one per
// paragraph): what is stored with a signature and what its SHA-256 is taken of.
std::string ShownText(const ConsentText& text);

// Who signs: the patient, or for a minor a parent or legal guardian in their own name.
enum class ConsentSigner { kPatient, kGuardian };
std::string_view ConsentSignerName(ConsentSigner signer);  // "patient" | "guardian"
std::optional<ConsentSigner> ConsentSignerFromName(std::string_view name);

// A drawn signature's SVG path data, as the web app's canvas writes it: only absolute
// "M x y" and "L x y" commands, non-negative coordinates with at most one decimal place,
// at most kMaxSignaturePathBytes, at least two points. kInvalidArgument (field
// "signature_svg_path") naming what is wrong.
inline constexpr size_t kMaxSignaturePathBytes = 64 * 1024;
inline constexpr double kMaxSignatureCoordinate = 4000;
Result<void> ValidateSignaturePath(std::string_view path);

// Checks who may sign for this patient on `signed_on`: a minor (younger than the
// protocol's age of majority) needs a guardian with the guardian's relationship; an adult
// signs for themself. kUnprocessable (field "signer") otherwise.
Result<void> CheckSigner(const ConsentProtocol& protocol, const PatientDetails& patient, Date signed_on,
                         ConsentSigner signer, const std::optional<std::string>& guardian_relationship);

}  // namespace scarwise::domain
