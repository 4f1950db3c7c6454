#include "http/http_types.hpp"

namespace scarwise::http {
namespace {
const std::string kEmpty;
}  // namespace

const std::string& HttpRequest::Header(const std::string& lower_case_name) const {
  const auto it = headers.find(lower_case_name);
  return it == headers.end() ? kEmpty : it->second;
}

const std::string& HttpRequest::Query(const std::string& name) const {
  const auto it = query.find(name);
  return it == query.end() ? kEmpty : it->second;
}

std::string ClientAddressOf(const std::string& peer, bool peer_is_loopback, const std::string& forwarded_for) {
  if (!peer_is_loopback || forwarded_for.empty()) return peer;
  const size_t comma = forwarded_for.rfind(',');
  std::string last = forwarded_for.substr(comma == std::string::npos ? 0 : comma + 1);
  const size_t begin = last.find_first_not_of(" \t");
  const size_t end = last.find_last_not_of(" \t");
  last = begin == std::string::npos ? "" : last.substr(begin, end - begin + 1);
  const bool address =
      !last.empty() && last.size() <= 45 && last.find_first_not_of("0123456789abcdefABCDEF.:") == std::string::npos;
  return address ? last : peer;
}

}  // namespace scarwise::http
