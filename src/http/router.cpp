#include "http/router.hpp"

namespace scarwise::http {
namespace {

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t slash = path.find('/', start);
    const size_t end = slash == std::string_view::npos ? path.size() : slash;
    if (end > start) segments.emplace_back(path.substr(start, end - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return segments;
}

bool IsParam(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler) {
  std::vector<std::string> segments = Split(pattern);
  routes_.push_back({std::move(method), std::move(pattern), std::move(segments), std::move(handler)});
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  const std::vector<std::string> parts = Split(path);
  Match best;
  int best_literals = -1;
  for (const Route& route : routes_) {
    if (route.segments.size() != parts.size()) continue;
    PathParams params;
    int literals = 0;
    bool matches = true;
    for (size_t i = 0; i < parts.size() && matches; ++i) {
      if (IsParam(route.segments[i])) {
        params[route.segments[i].substr(1, route.segments[i].size() - 2)] = parts[i];
      } else if (route.segments[i] == parts[i]) {
        ++literals;
      } else {
        matches = false;
      }
    }
    if (!matches) continue;
    if (route.method != method) {
      best.path_known = true;
      continue;
    }
    if (literals > best_literals) {
      best_literals = literals;
      best.handler = &route.handler;
      best.params = std::move(params);
      best.pattern = route.pattern;
    }
  }
  return best;
}

}  // namespace scarwise::http
