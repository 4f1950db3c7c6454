#include "http/server.hpp"

#include <array>
#include <condition_variable>
#include <mutex>
#include <random>

#include <restinio/all.hpp>

#include "http/error_mapping.hpp"

namespace scarwise::http {
namespace {

using Traits = restinio::default_traits_t;

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

const char* ContentTypeOf(const std::filesystem::path& file) {
  const std::string ext = Lower(file.extension().string());
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  return "application/octet-stream";
}

bool IsApiPath(std::string_view path) {
  return path.rfind("/api/", 0) == 0 || path == "/api" || path == "/healthz" || path == "/readyz" || path == "/metrics";
}

// The file under `root` for a URL path, or nullopt when it would leave the root or is absent.
std::optional<std::filesystem::path> StaticFile(const std::filesystem::path& root, const std::string& path) {
  std::error_code ec;
  const auto canonical_root = std::filesystem::weakly_canonical(root, ec);
  if (ec) return std::nullopt;
  auto candidate = std::filesystem::weakly_canonical(canonical_root / std::filesystem::path(path).relative_path(), ec);
  if (ec) return std::nullopt;
  const auto rel = candidate.lexically_relative(canonical_root);
  if (rel.empty() || *rel.begin() == "..") return std::nullopt;
  if (std::filesystem::is_directory(candidate, ec)) candidate /= "index.html";
  if (!std::filesystem::is_regular_file(candidate, ec)) return std::nullopt;
  return candidate;
}

class RestinioServer final : public Server {
 public:
  RestinioServer(const ServerOptions& options, RequestHandler handler)
      : options_(options), handler_(std::move(handler)) {}

  Result<void> Listen() {
    auto settings =
        restinio::server_settings_t<Traits>{}
            .address(options_.host)
            .port(options_.port)
            .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}.max_body_size(options_.max_body_bytes * 4))
            .handle_request_timeout(std::chrono::seconds(30))
            .request_handler([this](auto req) { return OnRequest(std::move(req)); });
    try {
      running_ = restinio::run_async(restinio::own_io_context(), std::move(settings), options_.threads);
    } catch (const std::exception& e) {
      return Unexpected(Error{
          ErrorCode::kUnavailable,
          "cannot listen on " + options_.host + ":" + std::to_string(options_.port) + ": " + e.what(), "--listen"});
    }
    return {};
  }

  void Stop() override {
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
      auto file = StaticFile(options_.web_root, request.path);
      if (!file && request.path.find('.') == std::string::npos) file = StaticFile(options_.web_root, "/index.html");
      if (file) {
        return req->create_response()
            .append_header(restinio::http_field::content_type, ContentTypeOf(*file))
            .append_header("X-Request-Id", request.request_id)
            .set_body(restinio::sendfile(file->string()))
            .done();
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
  static void Send(const restinio::request_handle_t& req, HttpResponse response, const std::string& request_id) {
    auto out = req->create_response(
        restinio::http_status_line_t{restinio::http_status_code_t{static_cast<std::uint16_t>(response.status)}, ""});
    out.append_header(restinio::http_field::content_type, response.content_type);
    out.append_header("X-Request-Id", request_id);
    for (const auto& [name, value] : response.headers) out.append_header(name, value);
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

  ServerOptions options_;
  RequestHandler handler_;
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

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options, RequestHandler handler) {
  auto server = std::make_unique<RestinioServer>(options, std::move(handler));
  if (auto listening = server->Listen(); !listening) return Unexpected(listening.error());
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace scarwise::http
