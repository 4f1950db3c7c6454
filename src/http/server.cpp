#include "http/server.hpp"

#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>
#include <restinio/all.hpp>

#include "http/body_guard.hpp"
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

// Set by ConnectionCap when it denies a connection; RESTinio then destroys that socket at
// once, on the same thread, and ~GuardedSocket answers it 503 before it closes.
thread_local bool answer_next_socket_over_the_cap = false;
void AnswerOverTheCap(int fd);

// Refuses a new connection while `max_connections` are open (RESTinio's IP blocker is the one
// hook between accept() and the connection; it sees the peer's address, never the socket, so
// the answer is written as the denied socket is destroyed: ~GuardedSocket).
class ConnectionCap {
 public:
  explicit ConnectionCap(std::shared_ptr<AcceptState> state) : state_(std::move(state)) {}
  restinio::ip_blocker::inspection_result_t inspect(const restinio::ip_blocker::incoming_info_t&) noexcept {
    const std::lock_guard lock(state_->mutex);
    if (state_->connections < state_->max_connections) return restinio::ip_blocker::allow();
    ++state_->refused;
    answer_next_socket_over_the_cap = true;
    return restinio::ip_blocker::deny();
  }

 private:
  std::shared_ptr<AcceptState> state_;
};

// What each connection's GuardedSocket judges bodies by; Listen() hands it over through this
// (RESTinio constructs the sockets itself, in run_async).
struct BodyLimits {
  size_t max_body_bytes = 0;
  std::shared_ptr<BodyBudget> budget;
};
thread_local std::shared_ptr<const BodyLimits> body_limits_for_new_sockets;

// A socket that reads and drops until the client closes or the deadline passes (then it
// closes); it lives as long as its pending read or wait.
struct LingeringSocket : std::enable_shared_from_this<LingeringSocket> {
  explicit LingeringSocket(asio::ip::tcp::socket s) : socket(std::move(s)), deadline(socket.get_executor()) {}
  void DropUntilClosed() {
    socket.async_read_some(asio::buffer(sink), [self = shared_from_this()](const asio::error_code& ec, size_t) {
      if (!ec) return self->DropUntilClosed();
      asio::error_code cancelled;
      self->deadline.cancel(cancelled);
    });
  }
  asio::ip::tcp::socket socket;
  asio::steady_timer deadline;
  std::array<char, 16 * 1024> sink{};
};

// A connection's TCP socket whose reads pass through a RequestBodyGuard (body_guard.hpp), so
// that an oversized or unaffordable body is refused from its head, before RESTinio reads it.
// It has the members RESTinio's connection, acceptor and sendfile use of a stream socket.
class GuardedSocket {
 public:
  using executor_type = restinio::default_asio_executor;

  explicit GuardedSocket(asio::io_context& io) : socket_(io), limits_(body_limits_for_new_sockets) {}
  // The acceptor moves each accepted socket into its connection and accepts the next one into
  // the moved-from socket: both keep the limits, and reading starts afresh.
  GuardedSocket(GuardedSocket&& other) noexcept
      : socket_(std::move(other.socket_)), limits_(other.limits_), reading_(std::move(other.reading_)) {}
  ~GuardedSocket() {
    if (std::exchange(answer_next_socket_over_the_cap, false) && socket_.is_open()) {
      AnswerOverTheCap(socket_.native_handle());
    }
  }
  GuardedSocket(const GuardedSocket&) = delete;
  GuardedSocket& operator=(const GuardedSocket&) = delete;
  GuardedSocket& operator=(GuardedSocket&& other) noexcept {
    socket_ = std::move(other.socket_);
    limits_ = other.limits_;
    reading_ = std::move(other.reading_);
    return *this;
  }

  asio::ip::tcp::socket& lowest_layer() { return socket_; }
  const asio::ip::tcp::socket& lowest_layer() const { return socket_; }
  executor_type get_executor() { return socket_.get_executor(); }
  auto remote_endpoint() const { return socket_.remote_endpoint(); }
  bool is_open() const { return socket_.is_open(); }
  void cancel(asio::error_code& ec) { socket_.cancel(ec); }
  void shutdown(asio::socket_base::shutdown_type what, asio::error_code& ec) {
    if (Refused()) what = asio::socket_base::shutdown_send;  // it reads on: see Linger()
    socket_.shutdown(what, ec);
  }
  void close() {
    asio::error_code ignored;
    close(ignored);
  }
  void close(asio::error_code& ec) {
    if (Refused() && socket_.is_open()) return Linger();
    socket_.close(ec);
  }

  template <typename Buffers, typename Handler>
  auto async_write_some(const Buffers& buffers, Handler&& handler) {
    return socket_.async_write_some(buffers, std::forward<Handler>(handler));
  }

  // Completes with bytes the guard let through: at once when some are waiting, otherwise after
  // as many reads from the client as it takes (a head or a chunked body held back reads on).
  template <typename Handler>
  void async_read_some(asio::mutable_buffer buffer, Handler handler) {
    if (!reading_) reading_ = std::make_unique<Reading>(limits_->max_body_bytes, limits_->budget);
    const auto executor = asio::get_associated_executor(handler, socket_.get_executor());
    if (!reading_->ready.empty()) {
      const size_t n = Deliver(buffer);
      asio::post(executor, [handler = std::move(handler), n]() mutable { handler(asio::error_code{}, n); });
      return;
    }
    socket_.async_read_some(asio::buffer(reading_->scratch),
                            asio::bind_executor(executor, [this, buffer, handler = std::move(handler)](
                                                              const asio::error_code& ec, size_t read) mutable {
                              if (ec) return handler(ec, size_t{0});
                              reading_->guard.Feed(std::string_view(reading_->scratch.data(), read), reading_->ready);
                              if (reading_->ready.empty()) return async_read_some(buffer, std::move(handler));
                              handler(ec, Deliver(buffer));
                            }));
  }

 private:
  struct Reading {
    Reading(size_t max_body_bytes, std::shared_ptr<BodyBudget> budget) : guard(max_body_bytes, std::move(budget)) {}
    RequestBodyGuard guard;
    std::string ready;  // let through, not yet handed to RESTinio
    std::array<char, 16 * 1024> scratch{};
  };

  bool Refused() const { return reading_ && reading_->guard.refused(); }

  // After a refusal the client may still be sending its body. Closing at once would reset the
  // connection (the kernel answers unread data with RST) and the client could lose the 413,
  // so the socket reads on and drops what comes until the client closes, for at most 2 s.
  void Linger() {
    asio::error_code ignored;
    socket_.cancel(ignored);
    auto lingering = std::make_shared<LingeringSocket>(std::move(socket_));
    lingering->deadline.expires_after(std::chrono::seconds(2));
    lingering->deadline.async_wait([lingering](const asio::error_code&) {
      asio::error_code closed;
      lingering->socket.close(closed);
    });
    lingering->DropUntilClosed();
  }

  size_t Deliver(asio::mutable_buffer buffer) {
    const size_t n = std::min(buffer.size(), reading_->ready.size());
    std::memcpy(buffer.data(), reading_->ready.data(), n);
    reading_->ready.erase(0, n);
    return n;
  }

  asio::ip::tcp::socket socket_;
  std::shared_ptr<const BodyLimits> limits_;
  std::unique_ptr<Reading> reading_;
};

// RESTinio's hooks for a plain (non-TLS) socket, found by argument-dependent lookup.
template <typename Connection, typename StartRead, typename Failed>
void prepare_connection_and_start_read(GuardedSocket&, Connection&, StartRead start_read, Failed) {
  start_read();
}
inline restinio::impl::tls_socket_t* make_tls_socket_pointer_for_state_listener(GuardedSocket&) noexcept {
  return nullptr;
}

struct Traits : restinio::default_traits_t {
  static constexpr bool use_connection_count_limiter = true;
  using ip_blocker_t = ConnectionCap;
  using stream_socket_t = GuardedSocket;
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

// A connection over the cap: what the client already sent is read (so that closing does not
// reset the connection and lose the answer), then it is answered 503 without blocking; the
// socket closes right after.
void AnswerOverTheCap(int fd) {
  std::array<char, 16 * 1024> sink{};
  while (::recv(fd, sink.data(), sink.size(), MSG_DONTWAIT) > 0) {
  }
  const HttpResponse busy =
      ErrorResponse(503, "unavailable", "the server has too many connections open; try again", NewRequestId());
  const std::string answer =
      "HTTP/1.1 503 Service Unavailable\r\nContent-Type: " + busy.content_type +
      "\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: " + std::to_string(busy.body.size()) + "\r\n\r\n" +
      busy.body;
  [[maybe_unused]] const auto sent = ::send(fd, answer.data(), answer.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  ::shutdown(fd, SHUT_WR);
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
            .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}.max_body_size(options_.max_body_bytes))
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
      body_limits_for_new_sockets = std::make_shared<const BodyLimits>(
          BodyLimits{options_.max_body_bytes, std::make_shared<BodyBudget>(options_.max_bodies_in_flight_bytes)});
      running_ = restinio::run_async(restinio::own_io_context(), std::move(settings), options_.threads);
      state_for_new_acceptor.reset();
      body_limits_for_new_sockets.reset();
    } catch (const std::exception& e) {
      state_for_new_acceptor.reset();
      body_limits_for_new_sockets.reset();
      return Unexpected(Unavailable(
          "--listen", "cannot listen on " + options_.host + ":" + std::to_string(options_.port) + ": " + e.what()));
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

    if (const std::string& refused = request.Header(std::string(kRefusalHeader)); !refused.empty()) {
      Send(req, BodyRefusal(refused, request.request_id), request.request_id);
      return restinio::request_accepted();
    }
    if (!IsApiPath(request.path) && !options_.web_root.empty() &&
        (request.method == "GET" || request.method == "HEAD")) {
      auto file = ServeStatic(options_.web_root, request.path, request.Header("accept-encoding"),
                              request.Header("if-none-match"));
      // Read into memory rather than sent with RESTinio's sendfile: the app's files are small
      // (the largest a few hundred KB), and a sendfile still under way when the server stops
      // was never freed (LeakSanitizer, ServerTest). A file gone since is answered as no file.
      std::string body;
      if (file && file->status != 304) {
        std::ifstream in(file->file, std::ios::binary);
        body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        if (in.bad() || !in.is_open()) file.reset();
      }
      if (file) {
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
        return response.set_body(std::move(body)).done();
      }
    }

    const std::string request_id = request.request_id;
    try {
      handler_(std::move(request),
               [req, request_id, held = Hold()](HttpResponse response) { Send(req, std::move(response), request_id); });
    } catch (const std::exception&) {
      // Only a handler that threw before answering gets here (the API answers its own failures).
      Send(req, ErrorResponse(Internal("unhandled exception"), request_id), request_id);
    }
    return restinio::request_accepted();
  }

  // The answer to a request whose body the socket refused from its head (GuardedSocket).
  HttpResponse BodyRefusal(std::string_view why, const std::string& request_id) const {
    if (why == kRefusedBusy) {
      auto response =
          ErrorResponse(503, "unavailable", "the server is receiving too many request bodies; try again", request_id);
      response.headers.emplace_back("Retry-After", "1");
      return response;
    }
    return ErrorResponse(413, "payload_too_large",
                         "the request body is larger than " + std::to_string(options_.max_body_bytes) + " bytes",
                         request_id);
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
    return Unexpected(Internal(std::string("getrlimit(RLIMIT_NOFILE): ") + std::strerror(errno)));
  }
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (::setrlimit(RLIMIT_NOFILE, &raised) != 0) {
      return Unexpected(Internal("cannot raise the open files limit from " + std::to_string(limit.rlim_cur) + " to " +
                                 std::to_string(limit.rlim_max) + ": " + std::strerror(errno)));
    }
    limit = raised;
  }
  return static_cast<uint64_t>(limit.rlim_cur);
}

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options, RequestHandler handler) {
  auto server = std::make_unique<RestinioServer>(options, std::move(handler));
  SCARWISE_RETURN_IF_ERROR(server->Listen());
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace scarwise::http
