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

}  // namespace scarwise::http
