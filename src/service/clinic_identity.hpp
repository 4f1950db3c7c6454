#pragma once

// The clinic's identity: its name, address, phone, e-mail and logo, as patients see them on
// the portal, in e-mails, on the aftercare handout and in calendar files. Saved by an admin
// (SchedulingService::SaveIdentity); read here by whoever writes to patients.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "storage/store.hpp"

namespace scarwise::service {

// The clinic's identity as everyone sees it: on the portal, in e-mails, on the handout and
// in calendar files. Empty strings until an admin fills them in.
struct ClinicIdentity {
  std::string name;
  std::string address;
  std::string phone;
  std::string email;
  std::string logo_type;  // "image/png", "image/jpeg", or "" without a logo
  std::string logo;       // the image's bytes
  std::string time_zone;  // from the clinic's calendar ("" before it is saved)
  int64_t version = 0;    // 0: never saved
};

// An admin's change of the identity: the texts, and the logo kept, removed or replaced.
struct ClinicIdentityChange {
  std::string name;
  std::string address;
  std::string phone;
  std::string email;
  enum class Logo { kKeep, kRemove, kReplace } logo = Logo::kKeep;
  std::string logo_bytes;  // with kReplace: the upload, sniffed by content
};

// The most a logo may weigh, in bytes.
inline constexpr size_t kMaxLogoBytes = 200 * 1024;

// The clinic's identity in `tx` (empty, version 0, before it is first saved).
Result<ClinicIdentity> LoadClinicIdentity(storage::Transaction& tx);
// "Name, address, phone, e-mail" of the clinic, for a line of contact ("" when nothing is set).
std::string ClinicContactLine(const ClinicIdentity& identity);

// `text` (the protocol's words for a patient) with "{clinic_phone}" replaced by `phone`;
// without a phone, " on {clinic_phone}" (or the bare placeholder) is left out.
std::string WithClinicPhone(std::string text, const std::string& phone);

// The content type of a logo by its first bytes: "image/png" or "image/jpeg"; nothing for
// anything else (an SVG, which can carry scripts, included).
std::optional<std::string> SniffLogo(std::string_view bytes);

}  // namespace scarwise::service
