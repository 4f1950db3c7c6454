#pragma once

// Clinical photographs (issue 22): the protocol's standard views per visit, uploads checked
// by content, stripped of metadata, sized and aligned to the baseline of the same view;
// stored in the database; served only to the treating clinician and the patient, through
// URLs that are signed for the user, unguessable and expire; every access audited.

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "domain/protocol.hpp"
#include "interop/image/photo_image.hpp"
#include "service/record_access.hpp"

namespace scarwise::service {

struct PhotoSettings {
  int64_t max_photo_bytes = 20LL * 1024 * 1024;            // one upload
  int64_t clinic_quota_bytes = 20LL * 1024 * 1024 * 1024;  // every photo of the clinic, all variants
  std::chrono::seconds url_lifetime{600};
};

struct PhotoUpload {
  std::string view;
  int visit = 0;  // 0: baseline (consultation); N: session N
  std::vector<domain::ConsentPurpose> purposes = {domain::ConsentPurpose::kPhotosRecord};
  std::string bytes;
};

// A photo variant's bytes, as served.
struct PhotoFile {
  std::string content_type;
  std::string bytes;
};

// A signed address of one variant: valid for `user_id` until `expires`.
struct PhotoLink {
  std::string variant;
  std::string path;  // "/api/v1/patients/1/photos/2/thumbnail?expires=...&sig=..."
};

struct PhotoListing {
  storage::PhotoRecord record;
  std::vector<PhotoLink> links;
};

class PhotoService {
 public:
  PhotoService(RecordAccess& access, const domain::Protocol& protocol, PhotoSettings settings = {});

  const domain::PhotoProtocol& Views() const { return protocol_.photos; }

  // kInvalidArgument (field "view", "visit", "purposes" or "photo"); kResourceExhausted
  // (field "photo") past the photo or the clinic's limit; kUnprocessable (field "consent")
  // without the patient's current consent to each purpose. Audited ("photo.upload").
  Result<storage::PhotoRecord> Upload(const Request& request, storage::Id patient_id, const PhotoUpload& upload);
  // The patient's photos with signed links for the asking user; audited.
  Result<std::vector<PhotoListing>> List(const Request& request, storage::Id patient_id);
  // One variant's bytes, when `expires` has not passed and `signature` was made for this
  // user, photo and variant; otherwise kNotFound (an address that does not work says
  // nothing). Every access is audited ("photo.read", the photo).
  Result<PhotoFile> Read(const Request& request, storage::Id patient_id, storage::Id photo_id,
                         const std::string& variant, int64_t expires, const std::string& signature);

  // The signature of an address (exposed for tests).
  std::string Sign(storage::Id user_id, storage::Id patient_id, storage::Id photo_id, const std::string& variant,
                   int64_t expires) const;

 private:
  RecordAccess& access_;
  const domain::Protocol& protocol_;
  PhotoSettings settings_;
  std::string url_key_;  // random per server: addresses stop working at a restart too
};

}  // namespace scarwise::service
