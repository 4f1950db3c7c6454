#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "http/http_types.hpp"

namespace scarwise::http {

// Path parameters captured by a route pattern: "/api/v1/patients/{id}" matched against
// "/api/v1/patients/12" gives {"id": "12"}.
using PathParams = std::map<std::string, std::string, std::less<>>;
using Handler = std::function<HttpResponse(const HttpRequest&, const PathParams&)>;

// Segment-by-segment routing. A pattern segment "{name}" matches any one non-empty
// segment. Literal segments win over parameters when both match.
class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler);

  struct Match {
    const Handler* handler = nullptr;  // nullptr: no route
    PathParams params;
    std::string pattern;      // the matched pattern, for metrics
    bool path_known = false;  // the path exists with another method (-> 405)
  };
  Match Find(std::string_view method, std::string_view path) const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace scarwise::http
