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

// Sends a request's answer: called once, from any thread.
using Respond = std::function<void(HttpResponse)>;
// A handler that answers through `respond` once work it hands elsewhere (the group commit)
// is done. It runs on the server's I/O threads and must not wait for the disk.
using LaterHandler = std::function<void(const HttpRequest&, const PathParams&, Respond respond)>;

// Segment-by-segment routing. A pattern segment "{name}" matches any one non-empty
// segment. Literal segments win over parameters when both match.
class Router {
 public:
  void Add(std::string method, std::string pattern, Handler handler);
  void AddLater(std::string method, std::string pattern, LaterHandler handler);

  struct Match {
    const Handler* handler = nullptr;     // the route's handler, or
    const LaterHandler* later = nullptr;  // ... the one that answers later; both nullptr: no route
    PathParams params;
    std::string pattern;      // the matched pattern, for metrics
    bool path_known = false;  // the path exists with another method (-> 405)
  };
  Match Find(std::string_view method, std::string_view path) const;

 private:
  void AddRoute(std::string method, std::string pattern, Handler handler, LaterHandler later);

  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    Handler handler;  // one of the two
    LaterHandler later;
  };
  std::vector<Route> routes_;
};

}  // namespace scarwise::http
