#pragma once

// Photographs: each photo's record and its bytes, kept in the database (a blob table on
// SQLite, bytea on PostgreSQL) so that a backup carries them. Reached through
// Transaction::Photos() (storage/store.hpp), whose rules on errors and aborts apply to
// every call here. Storage keeps bytes as given: the service checks, strips and scales them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "storage/records.hpp"

namespace scarwise::storage {

// The stored variants of a photo.
inline constexpr const char* kPhotoOriginal = "original";    // the upload, metadata stripped
inline constexpr const char* kPhotoThumbnail = "thumbnail";  // small JPEG for lists
inline constexpr const char* kPhotoDisplay = "display";      // screen-sized JPEG, the alignment's input
inline constexpr const char* kPhotoAligned = "aligned";      // a follow-up warped onto its baseline

struct PhotoBlob {
  std::string variant;
  std::string bytes;
};

struct NewPhoto {
  Id patient_id = 0;
  std::string view;                // a protocol view code ("frontal", ...)
  int visit = 0;                   // 0: the baseline (consultation); N: session N
  std::string purposes;            // consent purposes it may be used for, comma-separated ("photos_record")
  std::string withdrawn_purposes;  // purposes a withdrawn consent took off it, comma-separated (migration 020)
  std::string content_type;        // "image/jpeg" | "image/png"
  std::string sha256;              // lowercase hex SHA-256 of the original as stored
  int64_t width = 0, height = 0;
  int64_t stored_bytes = 0;    // every variant together (the clinic's quota counts these)
  std::string alignment_json;  // the alignment to the baseline, as the API shows it
  Id uploaded_by = 0;
  Instant uploaded_at{};
};

struct PhotoRecord {
  Id id = 0;
  NewPhoto photo;
  std::vector<std::string> variants;  // which variants are stored
};

class PhotoRepository {
 public:
  virtual ~PhotoRepository() = default;
  // The record and its variants, together. kNotFound for an unknown patient or user.
  virtual Result<Id> Create(const NewPhoto& photo, const std::vector<PhotoBlob>& blobs) = 0;
  // A patient's photos by view, visit and id.
  virtual Result<std::vector<PhotoRecord>> List(Id patient_id) = 0;
  // The photos of a page of patients (PatientIds), by patient and id; without their
  // `variants` (left empty).
  virtual Result<std::vector<PhotoRecord>> ListOf(const PatientIds& patients) = 0;
  // kNotFound when the patient has no such photo.
  virtual Result<PhotoRecord> Find(Id patient_id, Id photo_id) = 0;
  // The baseline of a view: the patient's photo of that view with the lowest visit (then id).
  virtual Result<std::optional<PhotoRecord>> Baseline(Id patient_id, const std::string& view) = 0;
  // One variant's bytes; kNotFound when the patient has no such photo or variant.
  virtual Result<std::string> ReadBlob(Id patient_id, Id photo_id, const std::string& variant) = 0;
  // Takes `purpose` off every photo of the patient that may be used for it and notes it among
  // the photo's withdrawn purposes; the ids of the photos changed, in id order.
  virtual Result<std::vector<Id>> WithdrawPurpose(Id patient_id, const std::string& purpose) = 0;
  // The bytes of every photo of the clinic (its quota).
  virtual Result<int64_t> TotalBytes() = 0;
};

}  // namespace scarwise::storage
