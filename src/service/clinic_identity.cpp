#include "service/clinic_identity.hpp"

#include "common/base64.hpp"

namespace scarwise::service {

Result<ClinicIdentity> LoadClinicIdentity(storage::Transaction& tx) {
  ClinicIdentity identity;
  if (auto settings = tx.Scheduling().FindClinicSettings(); settings) {
    identity.time_zone = settings->time_zone;
  } else if (settings.error().code != ErrorCode::kNotFound) {
    return Unexpected(std::move(settings).error());
  }
  auto found = tx.Scheduling().FindClinicIdentity();
  if (!found) {
    if (found.error().code == ErrorCode::kNotFound) return identity;
    return Unexpected(std::move(found).error());
  }
  identity.name = found->name;
  identity.address = found->address;
  identity.phone = found->phone;
  identity.email = found->email;
  identity.version = found->version;
  if (!found->logo_type.empty()) {
    auto logo = Base64Decode(found->logo_base64);
    if (!logo) return Unexpected(Internal("the stored clinic logo is unreadable"));
    identity.logo_type = found->logo_type;
    identity.logo = std::move(*logo);
  }
  return identity;
}

std::string ClinicContactLine(const ClinicIdentity& identity) {
  std::string line;
  for (const std::string* part : {&identity.name, &identity.address, &identity.phone, &identity.email}) {
    if (part->empty()) continue;
    if (!line.empty()) line += ", ";
    line += *part;
  }
  return line;
}

std::string WithClinicPhone(std::string text, const std::string& phone) {
  constexpr std::string_view kPlaceholder = "{clinic_phone}";
  constexpr std::string_view kOnPlaceholder = " on {clinic_phone}";
  if (phone.empty()) {
    for (size_t at = text.find(kOnPlaceholder); at != std::string::npos; at = text.find(kOnPlaceholder, at)) {
      text.erase(at, kOnPlaceholder.size());
    }
  }
  for (size_t at = text.find(kPlaceholder); at != std::string::npos; at = text.find(kPlaceholder, at)) {
    text.replace(at, kPlaceholder.size(), phone);
    at += phone.size();
  }
  return text;
}

std::optional<std::string> SniffLogo(std::string_view bytes) {
  constexpr std::string_view kPng("\x89PNG\r\n\x1a\n", 8);
  constexpr std::string_view kJpeg("\xff\xd8\xff", 3);
  if (bytes.starts_with(kPng)) return "image/png";
  if (bytes.starts_with(kJpeg)) return "image/jpeg";
  return std::nullopt;
}

}  // namespace scarwise::service
