#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "http/http_types.hpp"

namespace scarwise::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;
  std::filesystem::path web_root;   // static files of the web app; empty: none
  size_t threads = 2;               // handler threads; handlers do not wait for audit commits, so the core count
  size_t max_body_bytes = 1 << 20;  // larger bodies get 413
};

// Sends the answer to one request. Call it exactly once, from any thread.
using Respond = std::function<void(HttpResponse)>;
// Answers one API request through `respond`, before returning or later from another thread
// (an audited read is answered when its audit entry has committed). Must be thread-safe:
// called from the server's thread pool, which must never wait for the disk.
using RequestHandler = std::function<void(HttpRequest, Respond)>;

// The HTTP server (RESTinio, confined to server.cpp). Requests under /api/, /healthz,
// /readyz and /metrics go to the handler, with a request id (X-Request-Id when the
// client sent a sane one, else a random one) echoed in the response; other GETs are
// served from web_root (index.html for unknown paths, so the web app can route), never
// outside it.
class Server {
 public:
  virtual ~Server() = default;
  // Stops accepting, finishes in-flight requests and returns when stopped.
  virtual void Stop() = 0;

  // Starts listening; returns once the socket is bound (kUnavailable when it cannot be).
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options, RequestHandler handler);
};

// Percent-decodes `text` ('+' as space when `plus_is_space`); nullopt on a malformed escape.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);

}  // namespace scarwise::http
