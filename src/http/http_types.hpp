#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace scarwise::service {
class AuditHold;
}

namespace scarwise::http {

// A request as the API sees it, independent of the HTTP library. Header names are
// lower-case; `query` holds decoded query parameters.
struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded path without the query, e.g. "/api/v1/patients/12"
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;
  std::string body;
  std::string request_id;  // set by the server before the API sees the request
  // Set by the API: the audit entries of reads that the answer waits for (service::Request).
  std::shared_ptr<service::AuditHold> audit_hold;

  // The header's value, or "" when absent.
  const std::string& Header(const std::string& lower_case_name) const;
  // The query parameter's value, or "" when absent.
  const std::string& Query(const std::string& name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace scarwise::http
