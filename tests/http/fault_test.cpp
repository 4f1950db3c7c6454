// The server meeting the faults of a real clinic's machine: no file handle left, more
// connections than it may hold. The real server on a loopback port, driven with raw sockets.
//
// The tests lower this process's own limit of open files until accept() fails. While no
// handle is free, UBSan's vptr check of a type it has not seen yet fails (it reads the vtable
// through a pipe) and aborts: so the window without a handle is kept short and idle.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <poll.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "http/api.hpp"
#include "http/server.hpp"
#include "support/free_port.hpp"

namespace scarwise::http {
namespace {

using nlohmann::json;

// A raw TCP connection to the loopback port, or -1 (errno says why).
int ConnectTo(uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    const int error = errno;
    ::close(fd);
    errno = error;
    return -1;
  }
  return fd;
}

// Whether GET /healthz is answered 200 within `deadline` (tries again every 100 ms).
bool HealthyWithin(uint16_t port, std::chrono::milliseconds deadline) {
  const auto until = std::chrono::steady_clock::now() + deadline;
  while (std::chrono::steady_clock::now() < until) {
    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(std::chrono::milliseconds(500));
    client.set_read_timeout(std::chrono::milliseconds(500));
    if (const auto r = client.Get("/healthz"); r && r->status == 200) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

// Sends `head` and then up to `body_bytes` of body on a new connection, reading as it sends
// (as curl does), and returns the answer once it is whole. `sent` counts the body bytes
// the server took before it answered.
std::string AnswerWhileSending(uint16_t port, const std::string& head, size_t body_bytes, size_t* sent = nullptr) {
  const int fd = ConnectTo(port);
  if (fd < 0) return "connect failed";
  ::fcntl(fd, F_SETFL, O_NONBLOCK);
  std::string out = head;
  size_t body_sent = 0;
  std::string answer;
  const std::string chunk(64 * 1024, 'x');
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (std::chrono::steady_clock::now() < until) {
    if (out.empty() && body_sent < body_bytes) {
      out = chunk.substr(0, std::min(chunk.size(), body_bytes - body_sent));
      body_sent += out.size();
    }
    pollfd p{fd, static_cast<short>(POLLIN | (out.empty() ? 0 : POLLOUT)), 0};
    if (::poll(&p, 1, 1000) <= 0) continue;
    if ((p.revents & POLLOUT) != 0) {
      const auto n = ::send(fd, out.data(), out.size(), MSG_NOSIGNAL);
      if (n > 0) out.erase(0, static_cast<size_t>(n));
    }
    if ((p.revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
      char buffer[4096];
      const auto n = ::recv(fd, buffer, sizeof buffer, 0);
      if (n <= 0) break;
      answer.append(buffer, static_cast<size_t>(n));
      const auto end = answer.find("\r\n\r\n");
      const auto length = answer.find("Content-Length: ");
      if (end != std::string::npos && length != std::string::npos &&
          answer.size() >= end + 4 + std::stoul(answer.substr(length + 16))) {
        break;
      }
    }
  }
  ::close(fd);
  if (sent != nullptr) *sent = body_sent - out.size();
  return answer;
}

int StatusOf(const std::string& answer) {
  return answer.size() > 12 ? std::stoi(answer.substr(9, 3)) : 0;
}
json BodyOf(const std::string& answer) {
  return json::parse(answer.substr(answer.find("\r\n\r\n") + 4));
}

class ServerFaultTest : public ::testing::Test {
 protected:
  void Start(size_t max_connections, size_t max_bodies_in_flight_bytes = 64 << 20) {
    ServerOptions options;
    options.port = port_ = scarwise::testing::FreePort();
    options.max_connections = max_connections;
    options.max_bodies_in_flight_bytes = max_bodies_in_flight_bytes;
    options.log = [this](const std::string& line) {
      const std::lock_guard lock(log_mutex_);
      log_.push_back(line);
    };
    auto server = Server::Start(
        options, [this](HttpRequest r, Respond respond) { api_.Handle(std::move(r), std::move(respond)); });
    ASSERT_TRUE(server) << server.error().ToString();
    server_ = std::move(*server);
  }
  void TearDown() override {
    for (int fd : clients_) ::close(fd);
    if (server_) server_->Stop();
  }
  // How many logged lines name `event`, once at least one does or a second has passed.
  int Logged(const std::string& event) {
    int n = 0;
    for (int tries = 0; tries < 10 && n == 0; ++tries) {
      if (tries > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      const std::lock_guard lock(log_mutex_);
      for (const auto& line : log_) n += json::parse(line)["event"] == event ? 1 : 0;
    }
    return n;
  }
  void CloseClients() {
    for (int fd : clients_) ::close(fd);
    clients_.clear();
  }

  Api api_{ApiContext{"test"}};
  uint16_t port_ = 0;
  std::unique_ptr<Server> server_;
  std::vector<int> clients_;
  std::mutex log_mutex_;
  std::vector<std::string> log_;
};

// Out of file handles, accept() fails (EMFILE). The server must accept again once handles
// are free: the clinic's staff would otherwise face a server that is up but never answers.
// The handles are taken by files, not connections, so that the server does no work of its
// own while none is free (the sanitizers need a pipe for some checks: see the top).
TEST_F(ServerFaultTest, KeepsAcceptingAfterRunningOutOfFileHandles) {
  ASSERT_NO_FATAL_FAILURE(Start(0));
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(HealthyWithin(port_, std::chrono::seconds(2)));
  rlimit saved{};
  ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &saved), 0);
  struct Restore {
    rlimit limit;
    std::vector<int> files;
    ~Restore() {
      ::setrlimit(RLIMIT_NOFILE, &limit);
      for (int fd : files) ::close(fd);
    }
  } restore{saved, {}};
  long open = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) ++open;
  rlimit low = saved;
  low.rlim_cur = static_cast<rlim_t>(open + 64);
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &low), 0);
  // Every handle taken but one; the connection takes it, so the server's accept() fails.
  for (int fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC); fd >= 0; fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC)) {
    restore.files.push_back(fd);
  }
  ASSERT_EQ(errno, EMFILE);
  ::close(restore.files.back());
  restore.files.pop_back();
  const int client = ConnectTo(port_);
  ASSERT_GE(client, 0) << std::strerror(errno);
  clients_.push_back(client);
  // The server's accept() fails for want of a handle (waited for, not slept on: a loaded
  // machine may take longer than any fixed pause to run the accepting thread).
  for (const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
       Logged("accepting_stopped") == 0 && std::chrono::steady_clock::now() < deadline;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // Handles are free again.
  ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &saved), 0);
  for (int fd : restore.files) ::close(fd);
  restore.files.clear();
  CloseClients();
  EXPECT_TRUE(HealthyWithin(port_, std::chrono::seconds(5)));
  EXPECT_EQ(Logged("accepting_stopped"), 1);  // once per burst
  EXPECT_EQ(Logged("accepting_again"), 1);
}

// Over its connection cap the server answers a new connection 503 with Retry-After and closes
// it, and serves again as soon as connections close.
TEST_F(ServerFaultTest, AnswersConnectionsOverTheCap503AndServesAgainBelowIt) {
  ASSERT_NO_FATAL_FAILURE(Start(3));
  for (int i = 0; i < 3; ++i) {
    const int fd = ConnectTo(port_);
    ASSERT_GE(fd, 0) << std::strerror(errno);
    clients_.push_back(fd);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // all three accepted
  const std::string busy = AnswerWhileSending(port_, "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n", 0);
  ASSERT_EQ(StatusOf(busy), 503) << busy;
  EXPECT_NE(busy.find("Retry-After: 1"), std::string::npos);
  EXPECT_EQ(BodyOf(busy)["error"]["code"], "unavailable");
  ::close(clients_.back());
  clients_.pop_back();
  EXPECT_TRUE(HealthyWithin(port_, std::chrono::seconds(3)));
  EXPECT_EQ(Logged("connections_refused"), 1);
}

// A body over the limit is refused from its head: the client gets a 413 it can read, not a
// reset, and the server never holds the body (it stops taking it long before its end).
TEST_F(ServerFaultTest, AFiftyMegabyteBodyGetsA413BeforeItIsRead) {
  ASSERT_NO_FATAL_FAILURE(Start(0));
  const size_t fifty_mb = 50'000'000;
  size_t sent = 0;
  const std::string answer = AnswerWhileSending(
      port_, "POST /api/v1/patients HTTP/1.1\r\nHost: a\r\nContent-Length: 50000000\r\n\r\n", fifty_mb, &sent);
  ASSERT_EQ(StatusOf(answer), 413) << answer.substr(0, 200);
  EXPECT_EQ(BodyOf(answer)["error"]["code"], "payload_too_large");
  EXPECT_NE(answer.find("Connection: close"), std::string::npos);
  EXPECT_LT(sent, fifty_mb / 2);

  const std::string chunked = AnswerWhileSending(
      port_, "POST /api/v1/patients HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n1000000\r\n", 16 << 20);
  EXPECT_EQ(StatusOf(chunked), 413) << chunked.substr(0, 200);
  EXPECT_TRUE(HealthyWithin(port_, std::chrono::seconds(2)));
}

// Slow uploads share one budget: over it a new body gets 503 with Retry-After, and bodies are
// taken again once those in flight are read.
TEST_F(ServerFaultTest, BodiesOverTheInFlightBudgetAreAskedToComeBackLater) {
  ASSERT_NO_FATAL_FAILURE(Start(0, 1 << 20));
  const int slow = ConnectTo(port_);
  ASSERT_GE(slow, 0);
  clients_.push_back(slow);
  const std::string head = "POST /api/v1/patients HTTP/1.1\r\nHost: a\r\nContent-Length: 1048576\r\n\r\n";
  ASSERT_EQ(::send(slow, head.data(), head.size(), MSG_NOSIGNAL), static_cast<ssize_t>(head.size()));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // its head read: the budget is taken

  const std::string busy = AnswerWhileSending(port_, head, 1 << 20);
  ASSERT_EQ(StatusOf(busy), 503) << busy.substr(0, 200);
  EXPECT_NE(busy.find("Retry-After: 1"), std::string::npos);

  CloseClients();  // the slow upload gives up: its share comes back
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const std::string taken = AnswerWhileSending(port_, head, 1 << 20);
  EXPECT_EQ(StatusOf(taken), 404) << taken.substr(0, 200);  // read whole and routed (this API has no routes)
}

}  // namespace
}  // namespace scarwise::http
