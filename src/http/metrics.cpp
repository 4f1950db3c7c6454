#include "http/metrics.hpp"

#include <sstream>

namespace scarwise::http {

void Metrics::Record(const std::string& method, const std::string& route, int status, std::chrono::nanoseconds took) {
  const double seconds = std::chrono::duration<double>(took).count();
  const std::lock_guard lock(mutex_);
  ++requests_[{method, route, status}];
  Histogram& h = latency_[route];
  for (size_t i = 0; i < kBucketsSeconds.size(); ++i) {
    if (seconds <= kBucketsSeconds[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum_seconds += seconds;
}

std::string Metrics::Text() const {
  const std::lock_guard lock(mutex_);
  std::ostringstream out;
  out << "# HELP scarwise_http_requests_total HTTP requests by method, route and status.\n"
      << "# TYPE scarwise_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [method, route, status] = key;
    out << "scarwise_http_requests_total{method=\"" << method << "\",route=\"" << route << "\",status=\"" << status
        << "\"} " << count << "\n";
  }
  out << "# HELP scarwise_http_request_duration_seconds Time to answer a request, by route.\n"
      << "# TYPE scarwise_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    for (size_t i = 0; i < kBucketsSeconds.size(); ++i) {
      out << "scarwise_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"" << kBucketsSeconds[i]
          << "\"} " << h.buckets[i] << "\n";
    }
    out << "scarwise_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} " << h.count << "\n"
        << "scarwise_http_request_duration_seconds_sum{route=\"" << route << "\"} " << h.sum_seconds << "\n"
        << "scarwise_http_request_duration_seconds_count{route=\"" << route << "\"} " << h.count << "\n";
  }
  return out.str();
}

std::string CommitFailuresText(const std::map<std::string, uint64_t>& failures_by_cause) {
  std::ostringstream out;
  out << "# HELP scarwise_commit_failures_total Commits of the group commit that failed, by cause.\n"
      << "# TYPE scarwise_commit_failures_total counter\n";
  for (const auto& [cause, count] : failures_by_cause) {
    out << "scarwise_commit_failures_total{cause=\"" << cause << "\"} " << count << "\n";
  }
  return out.str();
}

}  // namespace scarwise::http
