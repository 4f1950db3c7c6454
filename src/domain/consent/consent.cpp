#include "domain/consent/consent.hpp"

#include <cctype>

namespace scarwise::domain {
namespace {

constexpr std::string_view kPurposeNames[] = {"treatment", "photos_record", "photos_teaching", "photos_marketing"};

Error BadPath(std::string message) {
  return InvalidArgument("signature_svg_path", std::move(message));
}

}  // namespace

std::string_view ConsentPurposeName(ConsentPurpose purpose) {
  return kPurposeNames[static_cast<size_t>(purpose)];
}

std::optional<ConsentPurpose> ConsentPurposeFromName(std::string_view name) {
  for (ConsentPurpose purpose : kConsentPurposes) {
    if (ConsentPurposeName(purpose) == name) return purpose;
  }
  return std::nullopt;
}

const ConsentText* ConsentProtocol::Find(ConsentPurpose purpose) const {
  for (const ConsentText& text : texts) {
    if (text.purpose == purpose) return &text;
  }
  return nullptr;
}

std::string ShownText(const ConsentText& text) {
  std::string out = text.title + "\n";
  for (const ConsentSection& section : text.sections) out += "\n" + section.heading + "\n" + section.text + "\n";
  return out;
}

std::string_view ConsentSignerName(ConsentSigner signer) {
  return signer == ConsentSigner::kGuardian ? "guardian" : "patient";
}

std::optional<ConsentSigner> ConsentSignerFromName(std::string_view name) {
  if (name == "patient") return ConsentSigner::kPatient;
  if (name == "guardian") return ConsentSigner::kGuardian;
  return std::nullopt;
}

Result<void> ValidateSignaturePath(std::string_view path) {
  if (path.size() > kMaxSignaturePathBytes) {
    return Unexpected(BadPath("the signature is longer than " + std::to_string(kMaxSignaturePathBytes) + " bytes"));
  }
  size_t i = 0, points = 0;
  const auto skip_spaces = [&] {
    while (i < path.size() && (path[i] == ' ' || path[i] == ',')) ++i;
  };
  // A coordinate: digits, optionally '.' and one digit.
  const auto number = [&]() -> bool {
    const size_t start = i;
    double value = 0;
    while (i < path.size() && std::isdigit(static_cast<unsigned char>(path[i])) && i - start < 5) {
      value = value * 10 + (path[i] - '0');
      ++i;
    }
    if (i == start) return false;
    if (i < path.size() && path[i] == '.') {
      ++i;
      if (i >= path.size() || !std::isdigit(static_cast<unsigned char>(path[i]))) return false;
      ++i;
    }
    return value <= kMaxSignatureCoordinate;
  };
  bool started = false;
  skip_spaces();
  while (i < path.size()) {
    const char command = path[i];
    if (command != 'M' && command != 'L') {
      return Unexpected(BadPath("only M and L commands with coordinates may appear (found '" +
                                std::string(1, std::isprint(static_cast<unsigned char>(command)) ? command : '?') +
                                "' at " + std::to_string(i) + ")"));
    }
    if (command == 'L' && !started) return Unexpected(BadPath("the path must start with M"));
    started = true;
    ++i;
    skip_spaces();
    if (!number()) return Unexpected(BadPath("a coordinate is missing or out of range at " + std::to_string(i)));
    skip_spaces();
    if (!number()) return Unexpected(BadPath("a coordinate is missing or out of range at " + std::to_string(i)));
    ++points;
    skip_spaces();
  }
  if (points < 2) return Unexpected(BadPath("the signature is empty: draw it in the box"));
  return {};
}

Result<void> CheckSigner(const ConsentProtocol& protocol, const PatientDetails& patient, Date signed_on,
                         ConsentSigner signer, const std::optional<std::string>& guardian_relationship) {
  const bool minor = WholeYearsBetween(patient.birth_date, signed_on) < protocol.age_of_majority;
  if (minor && signer != ConsentSigner::kGuardian) {
    return Unexpected(Unprocessable("signer", "the patient is younger than " +
                                                  std::to_string(protocol.age_of_majority) +
                                                  ": a parent or legal guardian signs in their own name"));
  }
  if (!minor && signer == ConsentSigner::kGuardian) {
    return Unexpected(Unprocessable("signer", "the patient is an adult and signs for themself"));
  }
  if (signer == ConsentSigner::kGuardian && (!guardian_relationship || guardian_relationship->empty())) {
    return Unexpected(Unprocessable("guardian_relationship", "say how the guardian is related to the patient"));
  }
  return {};
}

}  // namespace scarwise::domain
