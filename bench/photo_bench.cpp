// Photographs (issue 22): one 12-megapixel JPEG (4032 x 3024, a face-like pattern with fine
// marks) uploaded as a follow-up through PhotoService on a SQLite file: type check, metadata
// strip, decode, thumbnail and display copy, alignment to the baseline, SHA-256, the blobs
// and the audit entry committed durably. Then the read path of a thumbnail against the read
// of a patient (both audited reads, waiting for their audit entry).
//   photo_bench [ROUNDS] [DB_FILE]       (docs/benchmarks.md)
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "common/clock.hpp"
#include "protocol/protocol_loader.hpp"
#include "service/accounts_service.hpp"
#include "service/consent_service.hpp"
#include "service/photo_service.hpp"
#include "service/records_service.hpp"
#include "storage/testing/test_audit_key.hpp"

namespace {

using namespace scarwise;
using Steady = std::chrono::steady_clock;

template <typename T>
T Must(Result<T> r, const char* what) {
  if (!r) {
    std::fprintf(stderr, "%s: %s\n", what, r.error().ToString().c_str());
    std::exit(1);
  }
  return std::move(*r);
}

cv::Mat Face(int width, int height, unsigned seed) {
  std::mt19937 random(seed);
  cv::Mat image(height, width, CV_8UC3, cv::Scalar(200, 196, 190));
  cv::Mat noise(image.size(), CV_8UC3);
  cv::randn(noise, cv::Scalar::all(0), cv::Scalar::all(14));
  image += noise;
  cv::ellipse(image, {width / 2, height / 2}, {width / 5, height / 3}, 0, 0, 360, cv::Scalar(140, 170, 215),
              cv::FILLED);
  std::uniform_int_distribution<int> x(width / 3, 2 * width / 3), y(height / 5, 4 * height / 5), r(3, 18), s(60, 130);
  for (int i = 0; i < 3000; ++i) {
    const int shade = s(random);
    cv::circle(image, {x(random), y(random)}, r(random), cv::Scalar(shade, shade + 10, shade + 40), cv::FILLED);
  }
  return image;
}

std::string Jpeg(const cv::Mat& image) {
  std::vector<uchar> bytes;
  cv::imencode(".jpg", image, bytes, {cv::IMWRITE_JPEG_QUALITY, 90});
  return std::string(bytes.begin(), bytes.end());
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}
double P95(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, v.size() * 95 / 100)];
}

double Ms(Steady::time_point from) {
  return std::chrono::duration<double, std::milli>(Steady::now() - from).count();
}

}  // namespace

int main(int argc, char** argv) {
  const int rounds = argc > 1 ? std::atoi(argv[1]) : 10;
  const std::string file = argc > 2 ? argv[2] : "/tmp/scarwise-photo-bench.db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(file + suffix);
  auto load = protocol::LoadProtocol(std::string(SCARWISE_SOURCE_DIR) + "/protocol/default");
  if (!load.ok()) return 1;
  const SystemClock clock;
  auto store = Must(storage::OpenStore("sqlite:" + file, storage::testing::TestStoreOptions()), "open");
  service::AccountsService accounts(*store, clock);
  service::RecordsService records(accounts.access(), load.protocol, clock);
  service::ConsentService consent(accounts.access(), load.protocol);
  service::PhotoSettings settings;
  settings.max_photo_bytes = 50LL * 1024 * 1024;
  service::PhotoService photos(accounts.access(), load.protocol, settings);
  const auto admin_user =
      Must(accounts.CreateStaffUser({std::nullopt, "bench"}, {"admin@bench.test", "A", "admin", "admin password 1"}),
           "admin");
  const service::Request admin{service::Actor{admin_user.id, service::Role::kAdmin, std::nullopt}, "bench"};
  const auto doc_user =
      Must(accounts.CreateStaffUser(admin, {"doc@bench.test", "D", "clinician", "doctor password"}), "doctor");
  const service::Request doctor{service::Actor{doc_user.id, service::Role::kClinician, std::nullopt}, "bench"};
  const auto patient = Must(
      records.CreatePatient(doctor, {"Ada", "Bench", *ParseDate("1990-01-01", "d"), domain::Sex::kFemale, "", "", 3}),
      "patient");
  const auto texts = Must(consent.Texts(doctor), "texts");
  for (const auto& text : texts) {
    if (text.text->purpose != domain::ConsentPurpose::kPhotosRecord) continue;
    Must(consent.Sign(doctor, patient.id,
                      {text.text->purpose, text.text->version, text.sha256, domain::ConsentSigner::kPatient,
                       "Ada Bench", std::nullopt, "M 1 1 L 20 20", false}),
         "consent");
  }

  const cv::Mat baseline_image = Face(4032, 3024, 1);
  cv::Mat moved;
  cv::Mat transform = cv::getRotationMatrix2D(cv::Point2f(2016, 1512), 4, 1.05);
  transform.at<double>(0, 2) += 60;
  cv::warpAffine(baseline_image, moved, transform, baseline_image.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT);
  const std::string baseline_jpeg = Jpeg(baseline_image), followup_jpeg = Jpeg(moved);
  std::printf("12 MP JPEGs: baseline %.1f MB, follow-up %.1f MB\n",
              static_cast<double>(baseline_jpeg.size()) / 1048576.0,
              static_cast<double>(followup_jpeg.size()) / 1048576.0);
  Must(photos.Upload(doctor, patient.id, {"frontal", 0, {domain::ConsentPurpose::kPhotosRecord}, baseline_jpeg}),
       "baseline");

  std::vector<double> uploads, cpu;
  std::string alignment;
  for (int i = 0; i < rounds; ++i) {
    const std::clock_t cpu_started = std::clock();  // this process's CPU time, every thread
    const auto started = Steady::now();
    const auto photo = Must(
        photos.Upload(doctor, patient.id, {"frontal", i + 1, {domain::ConsentPurpose::kPhotosRecord}, followup_jpeg}),
        "follow-up");
    uploads.push_back(Ms(started));
    cpu.push_back(1000.0 * static_cast<double>(std::clock() - cpu_started) / CLOCKS_PER_SEC);
    alignment = photo.photo.alignment_json;
  }
  std::printf(
      "upload + thumbnail + alignment of a 12 MP follow-up (%d rounds): median %.0f ms, p95 %.0f ms, max %.0f ms\n",
      rounds, Median(uploads), P95(uploads), *std::max_element(uploads.begin(), uploads.end()));
  std::printf("  CPU time of the process per upload: median %.0f ms, p95 %.0f ms\n", Median(cpu), P95(cpu));
  std::printf("  alignment: %s\n", alignment.c_str());

  // The read paths: a thumbnail (through its signed link) and a patient, each audited.
  const auto listing = Must(photos.List(doctor, patient.id), "list");
  const service::PhotoLink* link = nullptr;
  for (const auto& l : listing.front().links) {
    if (l.variant == "thumbnail") link = &l;
  }
  const std::string query = link->path.substr(link->path.find('?') + 1);
  const int64_t expires = std::stoll(query.substr(8, query.find('&') - 8));
  const std::string sig = query.substr(query.find("sig=") + 4);
  std::vector<double> thumbnails, patients;
  for (int i = 0; i < 200; ++i) {
    auto started = Steady::now();
    Must(records.ReadPatient(doctor, patient.id), "patient read");
    patients.push_back(Ms(started));
    started = Steady::now();
    const auto file_read =
        Must(photos.Read(doctor, patient.id, listing.front().record.id, "thumbnail", expires, sig), "thumbnail");
    thumbnails.push_back(Ms(started));
    if (file_read.bytes.empty()) return 1;
  }
  std::printf("read of a patient (200): median %.2f ms, p95 %.2f ms\n", Median(patients), P95(patients));
  std::printf("read of a thumbnail (200): median %.2f ms, p95 %.2f ms (%.2fx the patient read)\n", Median(thumbnails),
              P95(thumbnails), Median(thumbnails) / Median(patients));
  return 0;
}
