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
  std::filesystem::path web_root;  // static files of the web app; empty: none
  size_t threads = 2;              // handler threads; handlers do not wait for audit commits, so the core count
  // A request body over it gets 413 from its head (its Content-Length, or as soon as a chunked
  // one crosses it), before it is read; the connection then closes.
  size_t max_body_bytes = 1 << 20;
  // The limit of a photo upload's body (POST /api/v1/patients/{id}/photos), when larger.
  size_t max_upload_bytes = 0;
  // Bytes of request bodies being received at once, over all connections; a body that does
  // not fit gets 503 with Retry-After from its head (slow uploads cannot fill the memory).
  size_t max_bodies_in_flight_bytes = 64 << 20;
  // Connections open at once; a new one over it is answered 503 (Retry-After: 1) and closed.
  // 0: the soft limit of open files at Start() less a reserve of max(64, limit / 8) handles
  // for the database, the log and static files.
  size_t max_connections = 0;
  // Receives one JSON line per fault the server meets and survives (accepting stopped and
  // resumed, connections refused over the cap), once per burst. Empty: not logged.
  std::function<void(const std::string& line)> log;
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
// outside it. Out of file handles, it keeps accepting: a failed accept is retried with a
// backoff (at most 2 s) once handles are free again.
class Server {
 public:
  virtual ~Server() = default;
  // Stops accepting, finishes in-flight requests and returns when stopped.
  virtual void Stop() = 0;

  // Starts listening; returns once the socket is bound (kUnavailable when it cannot be).
  static Result<std::unique_ptr<Server>> Start(const ServerOptions& options, RequestHandler handler);
};

// Raises this process's soft limit of open files (RLIMIT_NOFILE) to its hard limit and
// returns the limit now in force. Call at start-up, before Server::Start, which sizes its
// connection cap from it.
Result<uint64_t> RaiseOpenFileLimit();

// Percent-decodes `text` ('+' as space when `plus_is_space`); nullopt on a malformed escape.
std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space);

}  // namespace scarwise::http
