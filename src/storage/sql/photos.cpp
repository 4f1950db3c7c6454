// The SQL of Photos (storage/photos.hpp). The bytes live in photo_blobs: a BLOB on SQLite,
// given and read as they are; a BYTEA on PostgreSQL, given and read as hex (libpq's text
// parameters cannot carry a zero byte).
#include <soci/soci.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "storage/sql/dialect.hpp"
#include "storage/sql/repositories.hpp"

namespace scarwise::storage::sql {
namespace {

constexpr const char* kPhotoColumns =
    "id, patient_id, view, visit, purposes, content_type, sha256, width, height, stored_bytes, alignment_json, "
    "uploaded_by, uploaded_at, withdrawn_purposes";

// "a,b,c" without `item`, and with it.
std::string Without(const std::string& list, const std::string& item) {
  std::string out;
  for (size_t from = 0; from < list.size();) {
    const size_t comma = std::min(list.find(',', from), list.size());
    const std::string part = list.substr(from, comma - from);
    if (!part.empty() && part != item) out += (out.empty() ? "" : ",") + part;
    from = comma + 1;
  }
  return out;
}

bool Holds(const std::string& list, const std::string& item) {
  for (size_t from = 0; from <= list.size();) {
    const size_t comma = std::min(list.find(',', from), list.size());
    if (list.compare(from, comma - from, item) == 0) return true;
    from = comma + 1;
  }
  return false;
}

std::string Hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(bytes.size() * 2, '0');
  for (size_t i = 0; i < bytes.size(); ++i) {
    const auto byte = static_cast<unsigned char>(bytes[i]);
    out[2 * i] = kDigits[byte >> 4];
    out[2 * i + 1] = kDigits[byte & 15];
  }
  return out;
}

std::string Unhex(const std::string& hex) {
  const auto digit = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  std::string out(hex.size() / 2, '\0');
  for (size_t i = 0; i < out.size(); ++i) out[i] = static_cast<char>(digit(hex[2 * i]) * 16 + digit(hex[2 * i + 1]));
  return out;
}

struct PhotoRow {
  PhotoRecord record;
  int visit = 0;
  int64_t uploaded_at = 0;
  void Bind(Stmt& st) {
    NewPhoto& p = record.photo;
    st.Into(record.id).Into(p.patient_id).Into(p.view).Into(visit).Into(p.purposes).Into(p.content_type);
    st.Into(p.sha256).Into(p.width).Into(p.height).Into(p.stored_bytes).Into(p.alignment_json).Into(p.uploaded_by);
    st.Into(uploaded_at).Into(p.withdrawn_purposes);
  }
  PhotoRecord Record() const {
    PhotoRecord out = record;
    out.photo.visit = visit;
    out.photo.uploaded_at = FromSeconds(uploaded_at);
    return out;
  }
};

class SqlPhotos final : public PhotoRepository {
 public:
  explicit SqlPhotos(UnitOfWork& uow) : uow_(uow), postgres_(uow.dialect().Name() == "postgresql") {}

  Result<Id> Create(const NewPhoto& p, const std::vector<PhotoBlob>& blobs) override {
    return uow_.Run<Id>("CreatePhoto", CallKind::kInsert, [&]() -> Result<Id> {
      const int64_t patient = p.patient_id, by = p.uploaded_by, at = Seconds(p.uploaded_at);
      const int visit = p.visit;
      int64_t id = 0;
      {
        Stmt st(uow_.Sql());
        st.Into(id).Use(patient, "patient").Use(p.view, "view").Use(visit, "visit").Use(p.purposes, "purposes");
        st.Use(p.content_type, "type").Use(p.sha256, "sha").Use(p.width, "width").Use(p.height, "height");
        st.Use(p.stored_bytes, "stored").Use(p.alignment_json, "alignment").Use(by, "by").Use(at, "at");
        st.Prepare(
            "INSERT INTO photos (patient_id, view, visit, purposes, content_type, sha256, width, height, stored_bytes,"
            " alignment_json, uploaded_by, uploaded_at) VALUES (:patient, :view, :visit, :purposes, :type, :sha,"
            " :width, :height, :stored, :alignment, :by, :at) RETURNING id");
        st.Execute();
      }
      for (const PhotoBlob& blob : blobs) {
        const std::string bytes = postgres_ ? Hex(blob.bytes) : blob.bytes;
        Stmt st(uow_.Sql());
        st.Use(id, "id").Use(blob.variant, "variant").Use(bytes, "bytes");
        st.Prepare(std::string("INSERT INTO photo_blobs (photo_id, variant, bytes) VALUES (:id, :variant, ") +
                   (postgres_ ? "decode(:bytes, 'hex'))" : "CAST(:bytes AS BLOB))"));
        st.Execute();
      }
      return id;
    });
  }

  Result<std::vector<PhotoRecord>> List(Id patient_id) override {
    return uow_.Run<std::vector<PhotoRecord>>("ListPhotos", CallKind::kRead, [&]() -> Result<std::vector<PhotoRecord>> {
      const int64_t patient = patient_id;
      PhotoRow row;
      Stmt st(uow_.Sql());
      row.Bind(st);
      st.Use(patient, "patient")
          .Prepare(std::string("SELECT ") + kPhotoColumns +
                   " FROM photos WHERE patient_id = :patient ORDER BY view, visit, id");
      std::vector<PhotoRecord> out;
      st.Start();
      while (st.Fetch()) out.push_back(row.Record());
      for (PhotoRecord& photo : out) SCARWISE_RETURN_IF_ERROR(Variants(photo));
      return out;
    });
  }

  Result<std::vector<PhotoRecord>> ListOf(const PatientIds& patients) override {
    return uow_.Run<std::vector<PhotoRecord>>("ListPhotosOf", CallKind::kRead,
                                              [&]() -> Result<std::vector<PhotoRecord>> {
                                                const int64_t first = patients.first, last = patients.last;
                                                PhotoRow row;
                                                Stmt st(uow_.Sql());
                                                row.Bind(st);
                                                st.Use(first, "first").Use(last, "last");
                                                st.Prepare(std::string("SELECT ") + kPhotoColumns +
                                                           " FROM photos WHERE patient_id BETWEEN :first AND :last"
                                                           " ORDER BY patient_id, id");
                                                std::vector<PhotoRecord> out;
                                                st.Start();
                                                while (st.Fetch()) out.push_back(row.Record());
                                                return out;
                                              });
  }

  Result<PhotoRecord> Find(Id patient_id, Id photo_id) override {
    return uow_.Run<PhotoRecord>("FindPhoto", CallKind::kRead, [&]() -> Result<PhotoRecord> {
      const int64_t patient = patient_id, id = photo_id;
      PhotoRow row;
      Stmt st(uow_.Sql());
      row.Bind(st);
      st.Use(patient, "patient").Use(id, "id");
      st.Prepare(std::string("SELECT ") + kPhotoColumns + " FROM photos WHERE patient_id = :patient AND id = :id");
      if (!st.Execute()) return Unexpected(NoSuch("photo"));
      PhotoRecord photo = row.Record();
      SCARWISE_RETURN_IF_ERROR(Variants(photo));
      return photo;
    });
  }

  Result<std::optional<PhotoRecord>> Baseline(Id patient_id, const std::string& view) override {
    return uow_.Run<std::optional<PhotoRecord>>(
        "PhotoBaseline", CallKind::kRead, [&]() -> Result<std::optional<PhotoRecord>> {
          const int64_t patient = patient_id;
          PhotoRow row;
          Stmt st(uow_.Sql());
          row.Bind(st);
          st.Use(patient, "patient").Use(view, "view");
          st.Prepare(std::string("SELECT ") + kPhotoColumns +
                     " FROM photos WHERE patient_id = :patient AND view = :view ORDER BY visit, id LIMIT 1");
          if (!st.Execute()) return std::optional<PhotoRecord>();
          PhotoRecord photo = row.Record();
          SCARWISE_RETURN_IF_ERROR(Variants(photo));
          return std::optional<PhotoRecord>(std::move(photo));
        });
  }

  Result<std::string> ReadBlob(Id patient_id, Id photo_id, const std::string& variant) override {
    return uow_.Run<std::string>("ReadPhotoBlob", CallKind::kRead, [&]() -> Result<std::string> {
      const int64_t patient = patient_id, id = photo_id;
      std::string bytes;
      Stmt st(uow_.Sql());
      st.Into(bytes).Use(id, "id").Use(variant, "variant").Use(patient, "patient");
      st.Prepare(std::string("SELECT ") + (postgres_ ? "encode(b.bytes, 'hex')" : "b.bytes") +
                 " FROM photo_blobs b JOIN photos p ON p.id = b.photo_id"
                 " WHERE b.photo_id = :id AND b.variant = :variant AND p.patient_id = :patient");
      if (!st.Execute()) return Unexpected(NoSuch("photo"));
      return postgres_ ? Unhex(bytes) : bytes;
    });
  }

  Result<std::vector<Id>> WithdrawPurpose(Id patient_id, const std::string& purpose) override {
    return uow_.Run<std::vector<Id>>("WithdrawPhotoPurpose", CallKind::kRead, [&]() -> Result<std::vector<Id>> {
      const int64_t patient = patient_id;
      std::vector<std::pair<Id, std::pair<std::string, std::string>>> photos;
      {
        int64_t id = 0;
        std::string purposes, withdrawn;
        Stmt st(uow_.Sql());
        st.Into(id).Into(purposes).Into(withdrawn).Use(patient, "patient");
        st.Prepare("SELECT id, purposes, withdrawn_purposes FROM photos WHERE patient_id = :patient ORDER BY id");
        st.Start();
        while (st.Fetch()) photos.push_back({id, {purposes, withdrawn}});
      }
      std::vector<Id> changed;
      for (const auto& [id, lists] : photos) {
        if (!Holds(lists.first, purpose)) continue;
        const std::string purposes = Without(lists.first, purpose);
        const std::string withdrawn =
            Holds(lists.second, purpose) ? lists.second : lists.second + (lists.second.empty() ? "" : ",") + purpose;
        const int64_t key = id;
        Stmt st(uow_.Sql());
        st.Use(purposes, "purposes").Use(withdrawn, "withdrawn").Use(key, "id");
        st.Prepare("UPDATE photos SET purposes = :purposes, withdrawn_purposes = :withdrawn WHERE id = :id");
        st.Execute();
        changed.push_back(id);
      }
      return changed;
    });
  }

  Result<int64_t> TotalBytes() override {
    return uow_.Run<int64_t>("PhotoBytes", CallKind::kRead, [&]() -> Result<int64_t> {
      int64_t total = 0;
      soci::indicator ind = soci::i_null;
      Stmt st(uow_.Sql());
      st.Into(total, ind).Prepare("SELECT SUM(stored_bytes) FROM photos");
      st.Execute();
      return ind == soci::i_ok ? total : 0;
    });
  }

 private:
  Result<void> Variants(PhotoRecord& photo) {
    const int64_t id = photo.id;
    std::string variant;
    Stmt st(uow_.Sql());
    st.Into(variant).Use(id, "id").Prepare("SELECT variant FROM photo_blobs WHERE photo_id = :id ORDER BY variant");
    st.Start();
    while (st.Fetch()) photo.variants.push_back(variant);
    return {};
  }

  UnitOfWork& uow_;
  bool postgres_;
};

}  // namespace

std::unique_ptr<PhotoRepository> NewSqlPhotos(UnitOfWork& uow) {
  return std::make_unique<SqlPhotos>(uow);
}

}  // namespace scarwise::storage::sql
