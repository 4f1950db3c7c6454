#include "http/router.hpp"

namespace scarwise::http {
namespace {

// The non-empty segments of a path, viewing `path`.
std::vector<std::string_view> Split(std::string_view path) {
  std::vector<std::string_view> segments;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t slash = path.find('/', start);
    const size_t end = slash == std::string_view::npos ? path.size() : slash;
    if (end > start) segments.push_back(path.substr(start, end - start));
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
  AddRoute(std::move(method), std::move(pattern), std::move(handler), nullptr);
}

void Router::AddLater(std::string method, std::string pattern, LaterHandler handler) {
  AddRoute(std::move(method), std::move(pattern), nullptr, std::move(handler));
}

void Router::AddRoute(std::string method, std::string pattern, Handler handler, LaterHandler later) {
  std::vector<std::string> segments;
  for (std::string_view segment : Split(pattern)) segments.emplace_back(segment);
  routes_.push_back({std::move(method), std::move(pattern), std::move(segments), std::move(handler), std::move(later)});
}

Router::Match Router::Find(std::string_view method, std::string_view path) const {
  const std::vector<std::string_view> parts = Split(path);
  Match best;
  const Route* chosen = nullptr;
  int best_literals = -1;
  for (const Route& route : routes_) {
    if (route.segments.size() != parts.size()) continue;
    int literals = 0;
    bool matches = true;
    for (size_t i = 0; i < parts.size() && matches; ++i) {
      if (IsParam(route.segments[i])) continue;
      matches = route.segments[i] == parts[i];
      literals += matches ? 1 : 0;
    }
    if (!matches) continue;
    if (route.method != method) {
      best.path_known = true;
      continue;
    }
    if (literals > best_literals) {
      best_literals = literals;
      chosen = &route;
    }
  }
  if (chosen == nullptr) return best;
  // Only the chosen route's parameters are captured.
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string& segment = chosen->segments[i];
    if (IsParam(segment)) best.params.emplace(segment.substr(1, segment.size() - 2), parts[i]);
  }
  if (chosen->later) {
    best.later = &chosen->later;
  } else {
    best.handler = &chosen->handler;
  }
  best.pattern = chosen->pattern;
  return best;
}

}  // namespace scarwise::http
