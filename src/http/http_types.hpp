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
  // The client's IP address, set by the server: the TCP peer's, or, when the peer is the
  // trusted proxy on loopback (deploy/nginx), the last hop of X-Forwarded-For. "" when unknown.
  std::string client_address;
  // Set by the API: the audit entries of reads that the answer waits for (service::Request).
  std::shared_ptr<service::AuditHold> audit_hold;

  // The header's value, or "" when absent.
  const std::string& Header(const std::string& lower_case_name) const;
  // The query parameter's value, or "" when absent.
  const std::string& Query(const std::string& name) const;
};

// The client's address for HttpRequest::client_address: `peer` (the TCP peer's IP address),
// unless the peer is on loopback - the proxy in front of the server (deploy/nginx), which
// appends the address it saw to X-Forwarded-For - and `forwarded_for` ends in an IP
// address: then that last hop. Earlier hops are the client's own claims and are ignored.
std::string ClientAddressOf(const std::string& peer, bool peer_is_loopback, const std::string& forwarded_for);

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace scarwise::http
