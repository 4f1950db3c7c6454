#include "http/server.hpp"

#include <poll.h>
#include <sys/resource.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>
#include <restinio/all.hpp>

#include "http/error_mapping.hpp"
#include "http/static_files.hpp"

namespace scarwise::http {
namespace {

namespace asio = restinio::asio_ns;
using restinio::connection_count_limits::impl::acceptor_callback_iface_t;

// What RESTinio's accept loop (AcceptLimiter, ConnectionCap) and the server's accept watch
// (RestinioServer::Watch) share. Guarded by `mutex`.
struct AcceptState {
  std::mutex mutex;
  acceptor_callback_iface_t* acceptor = nullptr;  // RESTinio's acceptor; null once destroyed
  asio::ip::tcp::acceptor* listener = nullptr;    // its listening socket; null once destroyed
  int listen_fd = -1;
  size_t max_connections = 0;  // connections over it are closed at once
  size_t connections = 0;      // accepted and not yet closed
  size_t slot = 0;             // RESTinio's socket slot of the last accept (one accept at a time)
  bool accepting = false;      // an accept was issued and has not come back
  uint64_t accepted = 0;       // accepts that came back with a connection (kept or refused)
  uint64_t refused = 0;        // connections closed at once because `max_connections` were open
};

// RESTinio constructs the limiter itself; Listen() hands it the server's state through this.
thread_local std::shared_ptr<AcceptState> state_for_new_acceptor;

// RESTinio's connection count limiter, replaced (connection_count_limit_types below) because
// RESTinio 0.6's acceptor drops an accept that fails (EMFILE, ENFILE, ENOBUFS): its handler
// ignores the error and never accepts on that slot again, so one moment without a free file
// handle stops the server for good. This one records each accept issued and each that came
// back, so that the server's watch can tell a dead accept from an idle one and issue a new
// one (RestinioServer::Watch). Connections are counted (ConnectionSlot) for ConnectionCap;
// accepting never pauses (a connection over the cap is accepted to be closed at once).
class AcceptLimiter {
 public:
  AcceptLimiter(acceptor_callback_iface_t* acceptor, restinio::connection_count_limits::max_parallel_connections_t,
                restinio::connection_count_limits::max_active_accepts_t)
      : acceptor_(acceptor), state_(state_for_new_acceptor) {
    const std::lock_guard lock(state_->mutex);
    state_->acceptor = acceptor;
  }
  ~AcceptLimiter() {
    const std::lock_guard lock(state_->mutex);
    state_->acceptor = nullptr;
    state_->listener = nullptr;
  }
  AcceptLimiter(const AcceptLimiter&) = delete;
  AcceptLimiter& operator=(const AcceptLimiter&) = delete;

  const std::shared_ptr<AcceptState>& state() const { return state_; }
  // Called when the acceptor opens and after every accept that came back without an error.
  void accept_next(std::size_t slot) noexcept {
    {
      const std::lock_guard lock(state_->mutex);
      if (state_->accepting) ++state_->accepted;
      state_->accepting = true;
      state_->slot = slot;
    }
    acceptor_->call_accept_now(slot);
  }

 private:
  acceptor_callback_iface_t* acceptor_;
  std::shared_ptr<AcceptState> state_;
};

// Counts one connection for as long as it lives (RESTinio keeps it in the connection).
// It holds the shared state, not the limiter: a connection may outlive the acceptor (a
// request still held by a handler when the server stops).
class ConnectionSlot {
 public:
  explicit ConnectionSlot(AcceptLimiter* limiter) noexcept : state_(limiter->state()) {
    const std::lock_guard lock(state_->mutex);
    ++state_->connections;
  }
  ~ConnectionSlot() {
    if (!state_) return;
    const std::lock_guard lock(state_->mutex);
    --state_->connections;
  }
  ConnectionSlot(ConnectionSlot&& other) noexcept = default;
  ConnectionSlot& operator=(ConnectionSlot&& other) noexcept {
    ConnectionSlot gone(std::move(*this));
    state_ = std::move(other.state_);
    return *this;
  }
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;

 private:
  std::shared_ptr<AcceptState> state_;
};

// Closes a new connection at once while `max_connections` are open (RESTinio's IP blocker is
// the one hook between accept() and the connection). Answering it with a 503 is not possible
// there: RESTinio hands the hook the peer's address, never the socket.
class ConnectionCap {
 public:
  explicit ConnectionCap(std::shared_ptr<AcceptState> state) : state_(std::move(state)) {}
  restinio::ip_blocker::inspection_result_t inspect(const restinio::ip_blocker::incoming_info_t&) noexcept {
    const std::lock_guard lock(state_->mutex);
    if (state_->connections < state_->max_connections) return restinio::ip_blocker::allow();
    ++state_->refused;
    return restinio::ip_blocker::deny();
  }

 private:
  std::shared_ptr<AcceptState> state_;
};

struct Traits : restinio::default_traits_t {
  static constexpr bool use_connection_count_limiter = true;
  using ip_blocker_t = ConnectionCap;
};

}  // namespace
}  // namespace scarwise::http

template <>
struct restinio::connection_count_limit_types<scarwise::http::Traits> {
  using limiter_t = scarwise::http::AcceptLimiter;
  using lifetime_monitor_t = scarwise::http::ConnectionSlot;
};

namespace scarwise::http {
namespace {

// The connections served at once when the options leave it open: the soft limit of open
// files less a reserve for the database, the log, static files and the listening socket.
size_t DefaultMaxConnections() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 4096;
  const auto soft = static_cast<size_t>(limit.rlim_cur);
  const size_t reserve = std::max<size_t>(64, soft / 8);
  return soft > 2 * reserve ? soft - reserve : std::max<size_t>(8, soft / 2);
}

// Open file descriptors of this process (for the log), or -1.
long OpenFiles() {
  std::error_code ec;
  long n = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", ec), end; !ec && it != end; it.increment(ec)) ++n;
  return ec ? -1 : n;
}

std::string NewRequestId() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(16, '0');
  uint64_t bits = random();
  for (char& c : id) {
    c = kHex[bits & 0xF];
    bits >>= 4;
  }
  return id;
}

// A client's X-Request-Id is kept only if it is short and harmless to log.
bool SaneRequestId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.') return false;
  }
  return true;
}

std::map<std::string, std::string> ParseQuery(std::string_view query) {
  std::map<std::string, std::string> out;
  size_t start = 0;
  while (start < query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view pair = query.substr(start, end - start);
    const size_t eq = pair.find('=');
    const auto key = PercentDecode(pair.substr(0, eq), true);
    const auto value =
        eq == std::string_view::npos ? std::optional<std::string>("") : PercentDecode(pair.substr(eq + 1), true);
    if (key && value && !key->empty()) out[*key] = *value;
    start = end + 1;
  }
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsApiPath(std::string_view path) {
  return path.rfind("/api/", 0) == 0 || path == "/api" || path == "/healthz" || path == "/readyz" || path == "/metrics";
}

class RestinioServer final : public Server {
 public:
  RestinioServer(const ServerOptions& options, RequestHandler handler)
      : options_(options), handler_(std::move(handler)) {}

  Result<void> Listen() {
    accept_->max_connections = options_.max_connections > 0 ? options_.max_connections : DefaultMaxConnections();
    auto settings =
        restinio::server_settings_t<Traits>{}
            .address(options_.host)
            .port(options_.port)
            .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}.max_body_size(options_.max_body_bytes * 4))
            .handle_request_timeout(std::chrono::seconds(30))
            .ip_blocker(std::make_shared<ConnectionCap>(accept_))
            .acceptor_post_bind_hook([state = accept_](asio::ip::tcp::acceptor& listener) {
              const std::lock_guard lock(state->mutex);
              state->listener = &listener;
              state->listen_fd = listener.native_handle();
            })
            .request_handler([this](auto req) { return OnRequest(std::move(req)); });
    try {
      state_for_new_acceptor = accept_;
      running_ = restinio::run_async(restinio::own_io_context(), std::move(settings), options_.threads);
      state_for_new_acceptor.reset();
    } catch (const std::exception& e) {
      state_for_new_acceptor.reset();
      return Unexpected(Error{
          ErrorCode::kUnavailable,
          "cannot listen on " + options_.host + ":" + std::to_string(options_.port) + ": " + e.what(), "--listen"});
    }
    watch_ = std::thread([this] { Watch(); });
    return {};
  }

  void Stop() override {
    if (watch_.joinable()) {
      {
        const std::lock_guard lock(watch_mutex_);
        stopping_ = true;
      }
      watch_wake_.notify_all();
      watch_.join();
    }
    if (!running_) return;
    running_->stop();
    running_->wait();
    // A request still held by a handler (a write, an audited read) keeps its connection, which
    // must be released before the io_context it lives in is destroyed.
    std::unique_lock lock(in_flight_mutex_);
    all_answered_.wait(lock, [this] { return in_flight_ == 0; });
    lock.unlock();
    running_.reset();
  }

  ~RestinioServer() override { Stop(); }

 private:
  restinio::request_handling_status_t OnRequest(restinio::request_handle_t req) {
    const auto& header = req->header();
    HttpRequest request;
    request.method = header.method().c_str();
    const auto path = PercentDecode(restinio::string_view_t(header.path()), false);
    request.path = path ? *path : std::string(header.path());
    request.query = ParseQuery(header.query());
    header.for_each_field([&](const auto& field) { request.headers[Lower(field.name())] = field.value(); });
    request.body = req->body();
    const std::string& client_id = request.Header("x-request-id");
    request.request_id = SaneRequestId(client_id) ? client_id : NewRequestId();
    const auto peer = req->remote_endpoint().address();
    request.client_address = ClientAddressOf(peer.to_string(), peer.is_loopback(), request.Header("x-forwarded-for"));

    if (!IsApiPath(request.path) && !options_.web_root.empty() &&
        (request.method == "GET" || request.method == "HEAD")) {
      if (auto file = ServeStatic(options_.web_root, request.path, request.Header("accept-encoding"),
                                  request.Header("if-none-match"))) {
        auto response =
            req->create_response(file->status == 304 ? restinio::status_not_modified() : restinio::status_ok());
        response.append_header(restinio::http_field::content_type, file->content_type)
            .append_header("X-Request-Id", request.request_id)
            .append_header(restinio::http_field::cache_control, file->cache_control)
            .append_header(restinio::http_field::etag, file->etag)
            .append_header(restinio::http_field::vary, "Accept-Encoding");
        if (!file->content_encoding.empty()) {
          response.append_header(restinio::http_field::content_encoding, file->content_encoding);
        }
        if (file->status == 304) return response.done();
        return response.set_body(restinio::sendfile(file->file.string())).done();
      }
    }

    if (request.body.size() > options_.max_body_bytes) {
      Send(req,
           ErrorResponse(413, "payload_too_large",
                         "the request body is larger than " + std::to_string(options_.max_body_bytes) + " bytes",
                         request.request_id),
           request.request_id);
      return restinio::request_accepted();
    }
    const std::string request_id = request.request_id;
    try {
      handler_(std::move(request),
               [req, request_id, held = Hold()](HttpResponse response) { Send(req, std::move(response), request_id); });
    } catch (const std::exception&) {
      // Only a handler that threw before answering gets here (the API answers its own failures).
      Send(req, ErrorResponse(Error{ErrorCode::kInternal, "unhandled exception", ""}, request_id), request_id);
    }
    return restinio::request_accepted();
  }

  // Sends `response` on the request's connection; RESTinio hands the write to the
  // connection's own executor, so any thread may call it.
  // A JSON or text answer of kCompressApiAnswersFrom bytes or more goes gzip-compressed to a
  // client that accepts it.
  static void Send(const restinio::request_handle_t& req, HttpResponse response, const std::string& request_id) {
    auto out = req->create_response(
        restinio::http_status_line_t{restinio::http_status_code_t{static_cast<std::uint16_t>(response.status)}, ""});
    out.append_header(restinio::http_field::content_type, response.content_type);
    out.append_header("X-Request-Id", request_id);
    for (const auto& [name, value] : response.headers) out.append_header(name, value);
    const bool textual =
        response.content_type.rfind("application/json", 0) == 0 || response.content_type.rfind("text/", 0) == 0;
    if (textual && response.body.size() >= kCompressApiAnswersFrom) {
      out.append_header(restinio::http_field::vary, "Accept-Encoding");
      if (AcceptsEncoding(req->header().get_field_or(restinio::http_field::accept_encoding, ""), "gzip")) {
        if (auto gzipped = Gzip(response.body)) {
          out.append_header(restinio::http_field::content_encoding, "gzip");
          response.body = std::move(*gzipped);
        }
      }
    }
    out.set_body(std::move(response.body));
    out.done();
  }

  // Counts a request handed to the handler until the last copy of the returned token is gone.
  std::shared_ptr<void> Hold() {
    {
      const std::lock_guard lock(in_flight_mutex_);
      ++in_flight_;
    }
    return std::shared_ptr<void>(nullptr, [this](void*) {
      const std::lock_guard lock(in_flight_mutex_);
      if (--in_flight_ == 0) all_answered_.notify_all();
    });
  }

  void Log(nlohmann::json event) const {
    if (!options_.log) return;
    event["ts_unix"] =
        std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    options_.log(event.dump());
  }

  // Keeps the server accepting (a thread, every kWatchTick). An accept that failed is dead
  // (AcceptLimiter): the listening socket then has connections waiting while no accept
  // comes back. Once that has lasted `backoff`, the watch cancels the accept, waits a tick
  // (an accept that had just succeeded comes back in it), and issues a new one if none did;
  // while accepts keep failing it retries with the backoff doubling from 250 ms up to 2 s.
  // Logs once when accepting stops and once when it works again, with the retries between;
  // likewise once when connections are refused over the cap and once when they no longer are.
  void Watch() {
    using namespace std::chrono_literals;
    constexpr auto kWatchTick = 100ms;
    constexpr auto kFirstBackoff = 250ms;
    constexpr auto kLongestBackoff = 2s;
    uint64_t seen_accepted = 0;
    uint64_t seen_refused = 0;
    std::optional<std::chrono::steady_clock::time_point> stuck_since;
    auto backoff = std::chrono::milliseconds(kFirstBackoff);
    bool cancelled = false;  // the dead accept was cancelled a tick ago
    bool stalled = false;    // in a burst of failed accepts (logged)
    int retries = 0;
    bool refusing = false;  // in a burst of refused connections (logged)
    auto last_refusal = std::chrono::steady_clock::now();
    std::unique_lock wait_lock(watch_mutex_);
    while (!watch_wake_.wait_for(wait_lock, kWatchTick, [this] { return stopping_; })) {
      const auto now = std::chrono::steady_clock::now();
      bool accepting = false;
      uint64_t accepted = 0;
      uint64_t refused = 0;
      size_t connections = 0;
      int fd = -1;
      {
        const std::lock_guard lock(accept_->mutex);
        accepting = accept_->accepting && accept_->acceptor != nullptr;
        accepted = accept_->accepted;
        refused = accept_->refused;
        connections = accept_->connections;
        fd = accept_->listen_fd;
      }
      if (refused != seen_refused) {
        if (!refusing) {
          Log({{"event", "connections_refused"},
               {"reason", "over the connection cap; new connections are closed at once"},
               {"max_connections", accept_->max_connections}});
        }
        refusing = true;
        last_refusal = now;
        seen_refused = refused;
      } else if (refusing && now - last_refusal > 1s) {
        Log({{"event", "connections_accepted_again"}, {"connections", connections}});
        refusing = false;
      }
      if (accepted != seen_accepted) {
        seen_accepted = accepted;
        stuck_since.reset();
        cancelled = false;
        backoff = kFirstBackoff;
        if (stalled) Log({{"event", "accepting_again"}, {"retries", retries}});
        stalled = false;
        retries = 0;
        continue;
      }
      pollfd listening{fd, POLLIN, 0};
      const bool waiting = fd >= 0 && ::poll(&listening, 1, 0) == 1 && (listening.revents & POLLIN) != 0;
      if (!accepting || !waiting) {
        stuck_since.reset();
        cancelled = false;
        continue;
      }
      if (!stuck_since) stuck_since = now;
      if (now - *stuck_since < backoff) continue;
      if (!cancelled) {
        if (!stalled) {
          rlimit limit{};
          ::getrlimit(RLIMIT_NOFILE, &limit);
          Log({{"event", "accepting_stopped"},
               {"reason", "accept() failed (out of file handles?); retrying"},
               {"open_files", OpenFiles()},
               {"open_files_limit", limit.rlim_cur},
               {"connections", connections}});
          stalled = true;
        }
        Post([](AcceptState& state) {
          asio::error_code ignored;
          if (state.listener != nullptr) state.listener->cancel(ignored);
          return false;
        });
        cancelled = true;
        continue;
      }
      Post([seen_accepted](AcceptState& state) {
        if (state.accepted != seen_accepted || state.acceptor == nullptr) return false;  // one came back: alive
        state.accepting = true;
        return true;
      });
      ++retries;
      cancelled = false;
      stuck_since = now;
      backoff = std::min<std::chrono::milliseconds>(backoff * 2, kLongestBackoff);
    }
  }

  // Runs `step` on the server's I/O threads with the accept state locked; when it returns
  // true, issues a new accept on the state's slot.
  void Post(std::function<bool(AcceptState&)> step) {
    asio::ip::tcp::acceptor* listener = nullptr;
    {
      const std::lock_guard lock(accept_->mutex);
      listener = accept_->listener;
    }
    if (listener == nullptr) return;
    asio::post(listener->get_executor(), [state = accept_, step = std::move(step)] {
      acceptor_callback_iface_t* acceptor = nullptr;
      size_t slot = 0;
      {
        const std::lock_guard lock(state->mutex);
        if (!step(*state)) return;
        acceptor = state->acceptor;
        slot = state->slot;
      }
      if (acceptor != nullptr) acceptor->call_accept_now(slot);
    });
  }

  ServerOptions options_;
  RequestHandler handler_;
  std::shared_ptr<AcceptState> accept_ = std::make_shared<AcceptState>();
  std::thread watch_;
  std::mutex watch_mutex_;
  std::condition_variable watch_wake_;
  bool stopping_ = false;
  std::mutex in_flight_mutex_;
  std::condition_variable all_answered_;
  size_t in_flight_ = 0;
  restinio::running_server_handle_t<Traits> running_;
};

}  // namespace

std::optional<std::string> PercentDecode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const auto hex = [](char h) -> int {
        if (h >= '0' && h <= '9') return h - '0';
        if (h >= 'a' && h <= 'f') return h - 'a' + 10;
        if (h >= 'A' && h <= 'F') return h - 'A' + 10;
        return -1;
      };
      const int hi = hex(text[i + 1]);
      const int lo = hex(text[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

Result<uint64_t> RaiseOpenFileLimit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    return Unexpected(
        Error{ErrorCode::kInternal, std::string("getrlimit(RLIMIT_NOFILE): ") + std::strerror(errno), ""});
  }
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) != 0) {
      return Unexpected(Error{ErrorCode::kInternal,
                              "cannot raise the open files limit from " + std::to_string(limit.rlim_cur) + " to " +
                                  std::to_string(limit.rlim_max) + ": " + std::strerror(errno),
                              ""});
    }
    limit = raised;
  }
  return static_cast<uint64_t>(limit.rlim_cur);
}

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options, RequestHandler handler) {
  auto server = std::make_unique<RestinioServer>(options, std::move(handler));
  if (auto listening = server->Listen(); !listening) return Unexpected(listening.error());
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace scarwise::http
