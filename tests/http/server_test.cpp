// The real HTTP server on a loopback port, driven over HTTP with a separate client.

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "http/api.hpp"
#include "http/error_mapping.hpp"
#include "http/server.hpp"
#include "http/static_files.hpp"
#include "support/free_port.hpp"
#include "support/test_dir.hpp"

namespace scarwise::http {
namespace {

using nlohmann::json;

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    web_root_ = scarwise::testing::TestDirectory("web");
    std::filesystem::create_directories(web_root_ / "assets");
    std::ofstream(web_root_ / "index.html") << "<!doctype html><title>Scarwise</title>";
    std::ofstream(web_root_ / "assets" / "app.js") << "console.log('scarwise')";
    std::ofstream(web_root_.parent_path() / "scarwise-secret.txt") << "secret";
    ServerOptions options;
    options.port = scarwise::testing::FreePort();
    options.web_root = web_root_;
    options.max_body_bytes = 1024;
    auto server = Server::Start(
        options, [this](HttpRequest r, Respond respond) { api_.Handle(std::move(r), std::move(respond)); });
    ASSERT_TRUE(server) << server.error().ToString();
    server_ = std::move(*server);
    client_ = std::make_unique<httplib::Client>("127.0.0.1", options.port);
  }
  void TearDown() override {
    if (server_) server_->Stop();
    std::filesystem::remove_all(web_root_);
  }

  Api api_{ApiContext{"test"}};
  std::unique_ptr<Server> server_;
  std::unique_ptr<httplib::Client> client_;
  std::filesystem::path web_root_;
};

TEST_F(ServerTest, HealthzAnswersWithARequestId) {
  const auto r = client_->Get("/healthz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(json::parse(r->body)["status"], "ok");
  EXPECT_EQ(r->get_header_value("X-Request-Id").size(), 16u);
}

TEST_F(ServerTest, SaneClientRequestIdIsEchoedAndUnsafeOneReplaced) {
  auto r = client_->Get("/healthz", {{"X-Request-Id", "abc-123"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->get_header_value("X-Request-Id"), "abc-123");
  r = client_->Get("/healthz", {{"X-Request-Id", "<script>"}});
  ASSERT_TRUE(r);
  EXPECT_NE(r->get_header_value("X-Request-Id"), "<script>");
}

TEST_F(ServerTest, ErrorsUseTheEnvelope) {
  const struct {
    const char* method;
    const char* path;
    int status;
    const char* code;
  } rows[] = {
      {"GET", "/api/v1/nothing-here", 404, "not_found"},
      {"POST", "/healthz", 405, "method_not_allowed"},
      {"DELETE", "/metrics", 405, "method_not_allowed"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.path);
    httplib::Request req;
    req.method = row.method;
    req.path = row.path;
    const auto r = client_->send(req);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, row.status);
    const json body = json::parse(r->body);
    EXPECT_EQ(body["error"]["code"], row.code);
    EXPECT_EQ(body["error"]["request_id"], r->get_header_value("X-Request-Id"));
  }
}

TEST_F(ServerTest, OversizedBodyIs413) {
  const auto r = client_->Post("/api/v1/patients", std::string(2000, 'x'), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  EXPECT_EQ(json::parse(r->body)["error"]["code"], "payload_too_large");
}

TEST_F(ServerTest, MetricsCountRequestsByRoutePattern) {
  ASSERT_TRUE(client_->Get("/healthz"));
  const auto r = client_->Get("/metrics");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("scarwise_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1"),
            std::string::npos)
      << r->body;
}

TEST_F(ServerTest, OpenApiDocumentIsValidJson) {
  const auto r = client_->Get("/api/openapi.json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  const json doc = json::parse(r->body);
  EXPECT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  EXPECT_TRUE(doc["paths"].contains("/healthz"));
}

TEST_F(ServerTest, ServesTheWebAppButNothingOutsideIt) {
  auto r = client_->Get("/assets/app.js");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->body, "console.log('scarwise')");
  EXPECT_NE(r->get_header_value("Content-Type").find("javascript"), std::string::npos);
  r = client_->Get("/patients/12");  // an app route: the app's index
  ASSERT_TRUE(r);
  EXPECT_NE(r->body.find("<title>Scarwise</title>"), std::string::npos);
  for (const char* path :
       {"/../scarwise-secret.txt", "/%2e%2e/scarwise-secret.txt", "/assets/../../scarwise-secret.txt"}) {
    SCOPED_TRACE(path);
    r = client_->Get(path);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body.find("secret"), std::string::npos);
  }
}

// A database that cannot be reached is "try again shortly" for the client: 503 with
// Retry-After, in the error envelope.
TEST(ServerUnavailable, DatabaseOutageIs503WithRetryAfter) {
  Api api{ApiContext{"test", [] { return Result<void>(Unexpected(Error{ErrorCode::kUnavailable, "db down", ""})); }}};
  ServerOptions options;
  options.port = scarwise::testing::FreePort();
  auto server =
      Server::Start(options, [&api](HttpRequest r, Respond respond) { api.Handle(std::move(r), std::move(respond)); });
  ASSERT_TRUE(server) << server.error().ToString();
  httplib::Client client("127.0.0.1", options.port);
  const auto r = client.Get("/readyz");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(r->get_header_value("Retry-After"), std::to_string(kRetryAfterSeconds));
  EXPECT_EQ(json::parse(r->body)["error"]["code"], "unavailable");
  (*server)->Stop();
}

TEST(PercentDecode, Table) {
  EXPECT_EQ(PercentDecode("a%20b", false), "a b");
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("%C3%A9", false), "\xC3\xA9");
  EXPECT_FALSE(PercentDecode("%", false));
  EXPECT_FALSE(PercentDecode("%4", false));
  EXPECT_FALSE(PercentDecode("%zz", false));
}

// Delivery: built assets go precompressed (the build's .br / .gz beside each) and are cached
// for a year under their content-hashed name; index.html is revalidated by its ETag.
TEST_F(ServerTest, AssetsArePrecompressedAndCachedForAYearUnderTheirHashedName) {
  const auto gz = Gzip("console.log('scarwise')");
  ASSERT_TRUE(gz);
  std::ofstream(web_root_ / "assets" / "app.js.gz", std::ios::binary) << *gz;
  std::ofstream(web_root_ / "assets" / "app.js.br", std::ios::binary) << "brotli bytes";
  client_->set_decompress(false);  // the bytes as sent
  auto r = client_->Get("/assets/app.js", {{"Accept-Encoding", "gzip, deflate"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(r->body, *gz);
  EXPECT_NE(r->get_header_value("Content-Type").find("javascript"), std::string::npos);
  EXPECT_EQ(r->get_header_value("Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(r->get_header_value("Vary"), "Accept-Encoding");
  r = client_->Get("/assets/app.js", {{"Accept-Encoding", "gzip, br"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->get_header_value("Content-Encoding"), "br");
  EXPECT_EQ(r->body, "brotli bytes");
  r = client_->Get("/assets/app.js", {{"Accept-Encoding", "br;q=0, gzip;q=0"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->get_header_value("Content-Encoding"), "");
  EXPECT_EQ(r->body, "console.log('scarwise')");
}

TEST_F(ServerTest, TheAppsIndexIsRevalidatedByItsEtag) {
  auto r = client_->Get("/patients/12");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->get_header_value("Cache-Control"), "no-cache");
  const std::string etag = r->get_header_value("ETag");
  ASSERT_FALSE(etag.empty());
  r = client_->Get("/", {{"If-None-Match", etag}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 304);
  EXPECT_TRUE(r->body.empty());
  r = client_->Get("/", {{"If-None-Match", "\"stale\""}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("<title>Scarwise</title>"), std::string::npos);
}

TEST_F(ServerTest, ApiAnswersOverOneKilobyteAreGzippedWhenAccepted) {
  client_->set_decompress(false);  // the bytes as sent
  auto r = client_->Get("/api/openapi.json", {{"Accept-Encoding", "gzip"}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->get_header_value("Content-Encoding"), "gzip");
  EXPECT_EQ(r->get_header_value("Vary"), "Accept-Encoding");
  ASSERT_GE(r->body.size(), 2u);
  EXPECT_EQ(r->body.substr(0, 2), "\x1f\x8b");  // the gzip magic
  const size_t compressed = r->body.size();
  r = client_->Get("/api/openapi.json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->get_header_value("Content-Encoding"), "");
  EXPECT_LT(compressed * 4, r->body.size());
  EXPECT_EQ(json::parse(r->body)["openapi"].get<std::string>().substr(0, 2), "3.");
  r = client_->Get("/healthz", {{"Accept-Encoding", "gzip"}});  // small: as it is
  ASSERT_TRUE(r);
  EXPECT_EQ(r->get_header_value("Content-Encoding"), "");
}

TEST(AcceptsEncoding, Table) {
  EXPECT_TRUE(AcceptsEncoding("gzip, deflate, br", "gzip"));
  EXPECT_TRUE(AcceptsEncoding("GZIP;q=0.5", "gzip"));
  EXPECT_TRUE(AcceptsEncoding("*", "br"));
  EXPECT_FALSE(AcceptsEncoding("gzip;q=0", "gzip"));
  EXPECT_FALSE(AcceptsEncoding("deflate", "gzip"));
  EXPECT_FALSE(AcceptsEncoding("", "gzip"));
  EXPECT_FALSE(AcceptsEncoding("xgzip", "gzip"));
}

}  // namespace
}  // namespace scarwise::http
