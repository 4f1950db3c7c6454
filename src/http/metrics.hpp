#pragma once

#include <array>
#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace scarwise::http {

// Request counters and a latency histogram per route, in Prometheus text format.
// Thread-safe. Routes are patterns ("/api/v1/patients/{id}"), never raw paths, so no
// patient identifier ever reaches a label.
class Metrics {
 public:
  void Record(const std::string& method, const std::string& route, int status, std::chrono::nanoseconds took);
  std::string Text() const;

 private:
  static constexpr std::array<double, 8> kBucketsSeconds = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 1.0};
  struct Histogram {
    std::array<uint64_t, kBucketsSeconds.size()> buckets{};
    uint64_t count = 0;
    double sum_seconds = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
};

// scarwise_commit_failures_total{cause="..."}: the group commit's failed batches by cause
// (service::CommitHealth), in Prometheus text format; the header alone when none failed.
std::string CommitFailuresText(const std::map<std::string, uint64_t>& failures_by_cause);

}  // namespace scarwise::http
