#include "service/photo_service.hpp"

#include <sodium.h>

#include <algorithm>
#include <sstream>

#include "service/consent_service.hpp"
#include "service/credentials.hpp"

namespace scarwise::service {
namespace {

using storage::Id;
using storage::Transaction;

bool IsPhotoPurpose(domain::ConsentPurpose purpose) {
  return purpose != domain::ConsentPurpose::kTreatment;
}

std::string Number(double value) {
  std::ostringstream out;
  out.precision(6);
  out << value;
  return out.str();
}

// The alignment as the API shows it (a JSON object, stored verbatim).
std::string AlignmentJson(const std::optional<storage::PhotoRecord>& baseline, const interop::Alignment* alignment) {
  if (!baseline) return R"({"status":"baseline"})";
  std::string out = R"({"status":")" + std::string(alignment->aligned ? "aligned" : "not_aligned") +
                    R"(","baseline_photo_id":)" + std::to_string(baseline->id);
  if (!alignment->aligned) {
    std::string reason;
    for (char c : alignment->reason) {
      if (c == '"' || c == '\\') reason += '\\';
      reason += c;
    }
    out += R"(,"reason":")" + reason + "\"";
  } else {
    out += R"(,"rotation_deg":)" + Number(alignment->rotation_deg) + R"(,"scale":)" + Number(alignment->scale) +
           R"(,"shift_x":)" + Number(alignment->shift_x) + R"(,"shift_y":)" + Number(alignment->shift_y);
  }
  out += R"(,"matches":)" + std::to_string(alignment->matches) + R"(,"inliers":)" + std::to_string(alignment->inliers) +
         R"(,"error_before":)" + Number(alignment->error_before) + R"(,"error_after":)" +
         Number(alignment->error_after) + "}";
  return out;
}

}  // namespace

PhotoService::PhotoService(RecordAccess& access, const domain::Protocol& protocol, PhotoSettings settings)
    : access_(access), protocol_(protocol), settings_(settings) {
  if (sodium_init() < 0) std::abort();
  url_key_.resize(crypto_auth_hmacsha256_KEYBYTES);
  randombytes_buf(url_key_.data(), url_key_.size());
}

std::string PhotoService::Sign(Id user_id, Id patient_id, Id photo_id, const std::string& variant,
                               int64_t expires) const {
  const std::string message = std::to_string(user_id) + "|" + std::to_string(patient_id) + "|" +
                              std::to_string(photo_id) + "|" + variant + "|" + std::to_string(expires);
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256(mac, reinterpret_cast<const unsigned char*>(message.data()), message.size(),
                         reinterpret_cast<const unsigned char*>(url_key_.data()));
  char hex[sizeof mac * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, mac, sizeof mac);
  return hex;
}

Result<storage::PhotoRecord> PhotoService::Upload(const Request& request, Id patient_id, const PhotoUpload& upload) {
  if (!request.actor) return Unexpected(Unauthenticated());
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kPhotoUpload, patient_id));
  if (protocol_.photos.Find(upload.view) == nullptr) {
    std::string known;
    for (const auto& view : protocol_.photos.views) known += (known.empty() ? "" : ", ") + view.code;
    return Unexpected(InvalidArgument("view", "not a standard view of the protocol (" + known + ")"));
  }
  if (upload.visit < 0 || upload.visit > 100) {
    return Unexpected(InvalidArgument("visit", "0 (the baseline) or the session number"));
  }
  // Every photo is part of the medical record; teaching and publicity come on top.
  std::vector<domain::ConsentPurpose> wanted = {domain::ConsentPurpose::kPhotosRecord};
  for (domain::ConsentPurpose purpose : upload.purposes) {
    if (std::find(wanted.begin(), wanted.end(), purpose) == wanted.end()) wanted.push_back(purpose);
  }
  std::string purposes;
  for (domain::ConsentPurpose purpose : wanted) {
    if (!IsPhotoPurpose(purpose)) {
      return Unexpected(InvalidArgument("purposes", "photos_record, photos_teaching or photos_marketing"));
    }
    purposes += (purposes.empty() ? "" : ",") + std::string(domain::ConsentPurposeName(purpose));
  }
  // The pixel work happens before any transaction: decode, strip, scale.
  interop::PhotoLimits limits;
  limits.max_bytes = settings_.max_photo_bytes;
  SCARWISE_ASSIGN_OR_RETURN(interop::PreparedPhoto prepared, interop::PreparePhoto(upload.bytes, limits));
  // The baseline of the view, and the alignment to it.
  std::optional<storage::PhotoRecord> baseline;
  std::string baseline_display;
  {
    SCARWISE_ASSIGN_OR_RETURN(auto tx, access_.store().Begin(storage::TransactionMode::kReadOnly));
    SCARWISE_RETURN_IF_ERROR(tx->Patients().Find(patient_id));
    SCARWISE_ASSIGN_OR_RETURN(baseline, tx->Photos().Baseline(patient_id, upload.view));
    if (baseline) {
      SCARWISE_ASSIGN_OR_RETURN(baseline_display,
                                tx->Photos().ReadBlob(patient_id, baseline->id, storage::kPhotoDisplay));
    }
  }
  interop::Alignment alignment;
  if (baseline) alignment = interop::AlignToBaseline(baseline_display, prepared.display_jpeg);

  storage::NewPhoto photo;
  photo.patient_id = patient_id;
  photo.view = upload.view;
  photo.visit = upload.visit;
  photo.purposes = purposes;
  photo.content_type = std::string(interop::ImageContentType(prepared.format));
  photo.sha256 = Sha256Hex(prepared.original);
  photo.width = prepared.width;
  photo.height = prepared.height;
  photo.alignment_json = AlignmentJson(baseline, &alignment);
  photo.uploaded_by = request.actor->user_id;
  photo.uploaded_at = access_.Now();
  std::vector<storage::PhotoBlob> blobs = {{storage::kPhotoOriginal, std::move(prepared.original)},
                                           {storage::kPhotoThumbnail, std::move(prepared.thumbnail_jpeg)},
                                           {storage::kPhotoDisplay, std::move(prepared.display_jpeg)}};
  if (alignment.aligned) blobs.push_back({storage::kPhotoAligned, std::move(alignment.aligned_jpeg)});
  for (const auto& blob : blobs) photo.stored_bytes += static_cast<int64_t>(blob.bytes.size());

  return access_.Write<storage::PhotoRecord>([&](Transaction& tx) -> Result<storage::PhotoRecord> {
    for (domain::ConsentPurpose purpose : wanted) {
      SCARWISE_RETURN_IF_ERROR(RequireConsent(tx, patient_id, purpose));
    }
    SCARWISE_ASSIGN_OR_RETURN(const int64_t used, tx.Photos().TotalBytes());
    if (used + photo.stored_bytes > settings_.clinic_quota_bytes) {
      return Unexpected(ResourceExhausted("photo", "the clinic's photo storage is full (" +
                                                       std::to_string(settings_.clinic_quota_bytes / (1024 * 1024)) +
                                                       " MB): ask the administrator to raise the limit"));
    }
    SCARWISE_ASSIGN_OR_RETURN(const Id id, tx.Photos().Create(photo, blobs));
    SCARWISE_RETURN_IF_ERROR(Audit(tx, request, photo.uploaded_at, Action::kPhotoUpload, "photo", id));
    return tx.Photos().Find(patient_id, id);
  });
}

Result<std::vector<PhotoListing>> PhotoService::List(const Request& request, Id patient_id) {
  SCARWISE_ASSIGN_OR_RETURN(const auto photos, access_.ReadPatientRecords<std::vector<storage::PhotoRecord>>(
                                                   request, Action::kPhotoRead, patient_id,
                                                   [&](Transaction& tx) -> Result<std::vector<storage::PhotoRecord>> {
                                                     SCARWISE_RETURN_IF_ERROR(tx.Patients().Find(patient_id));
                                                     return tx.Photos().List(patient_id);
                                                   }));
  const int64_t expires = (access_.Now() + settings_.url_lifetime).time_since_epoch().count();
  std::vector<PhotoListing> out;
  for (const storage::PhotoRecord& photo : photos) {
    PhotoListing listing{photo, {}};
    for (const std::string& variant : photo.variants) {
      listing.links.push_back(
          {variant, "/api/v1/patients/" + std::to_string(patient_id) + "/photos/" + std::to_string(photo.id) + "/" +
                        variant + "?expires=" + std::to_string(expires) +
                        "&sig=" + Sign(request.actor->user_id, patient_id, photo.id, variant, expires)});
    }
    out.push_back(std::move(listing));
  }
  return out;
}

Result<PhotoFile> PhotoService::Read(const Request& request, Id patient_id, Id photo_id, const std::string& variant,
                                     int64_t expires, const std::string& signature) {
  if (!request.actor) return Unexpected(Unauthenticated());
  SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kPhotoRead, patient_id));
  const std::string expected = Sign(request.actor->user_id, patient_id, photo_id, variant, expires);
  const bool valid = signature.size() == expected.size() &&
                     sodium_memcmp(signature.data(), expected.data(), expected.size()) == 0 &&
                     expires >= access_.Now().time_since_epoch().count();
  if (!valid) return Unexpected(NotFound("this photo address is not valid (or has expired): reload the page"));
  return access_.ReadThenAudit<PhotoFile>(
      request, Action::kPhotoRead, "photo", photo_id, [&](Transaction& tx) -> Result<PhotoFile> {
        SCARWISE_ASSIGN_OR_RETURN(auto photo, tx.Photos().Find(patient_id, photo_id));
        SCARWISE_ASSIGN_OR_RETURN(auto bytes, tx.Photos().ReadBlob(patient_id, photo_id, variant));
        return PhotoFile{variant == storage::kPhotoOriginal ? photo.photo.content_type : std::string("image/jpeg"),
                         std::move(bytes)};
      });
}

}  // namespace scarwise::service
