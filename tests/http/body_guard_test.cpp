#include "http/body_guard.hpp"

#include <memory>
#include <string>

#include <gtest/gtest.h>

namespace scarwise::http {
namespace {

constexpr std::size_t kLimit = 100;

std::string Refusal(std::string_view why) {
  return "POST /refused HTTP/1.1\r\nHost: scarwise\r\nx-scarwise-refused: " + std::string(why) +
         "\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
}

std::string Post(std::size_t length, const std::string& body) {
  return "POST /api/v1/patients HTTP/1.1\r\nHost: a\r\nContent-Length: " + std::to_string(length) + "\r\n\r\n" + body;
}

const std::string kGet = "GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n";
const std::string kChunkedHead = "POST /api/v1/patients HTTP/1.1\r\nHost: a\r\ntransfer-encoding: Chunked\r\n\r\n";

// What the HTTP parser gets from `sent`, fed at once and fed a byte at a time (the same).
std::string LetThrough(const std::string& sent, bool* refused = nullptr) {
  std::string whole;
  RequestBodyGuard at_once(kLimit, std::make_shared<BodyBudget>(1000));
  at_once.Feed(sent, whole);
  std::string bytewise;
  RequestBodyGuard slowly(kLimit, std::make_shared<BodyBudget>(1000));
  for (char c : sent) slowly.Feed(std::string_view(&c, 1), bytewise);
  EXPECT_EQ(whole, bytewise) << "fed a byte at a time";
  EXPECT_EQ(at_once.refused(), slowly.refused());
  if (refused != nullptr) *refused = at_once.refused();
  return whole;
}

TEST(RequestBodyGuard, LetsThroughWhatFitsAndRefusesFromTheHeadWhatDoesNot) {
  const std::string body100(100, 'x');
  const std::string chunked_ok = kChunkedHead + "5;ext=1\r\nhello\r\n3\r\nabc\r\n0\r\nX-Trailer: 1\r\n\r\n";
  const std::string chunked_over = kChunkedHead + "64\r\n" + body100 + "\r\n1\r\nx\r\n0\r\n\r\n";
  const struct {
    const char* name;
    std::string sent;
    std::string expected;
    bool refused;
  } rows[] = {
      {"no body", kGet, kGet, false},
      {"a body at the limit", Post(100, body100), Post(100, body100), false},
      {"pipelined requests keep their order", kGet + Post(5, "hello") + kGet, kGet + Post(5, "hello") + kGet, false},
      {"blank lines between requests", "\r\n" + kGet, "\r\n" + kGet, false},
      {"a length over the limit, before any body", Post(101, ""), Refusal("too_large"), true},
      {"a length over the limit, its body dropped", Post(5000, std::string(5000, 'y')) + kGet, Refusal("too_large"),
       true},
      {"a length no integer holds", "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n",
       Refusal("too_large"), true},
      {"a request before the refused one is kept", kGet + Post(101, ""), kGet + Refusal("too_large"), true},
      {"a chunked body under the limit, whole", chunked_ok, chunked_ok, false},
      {"a chunked body held back until its last chunk", kChunkedHead + "5\r\nhello\r\n", "", false},
      {"a chunked body refused as it crosses the limit", chunked_over, Refusal("too_large"), true},
      {"a malformed length is left to the parser", "POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\nabc",
       "POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\nabc", false},
      {"a malformed chunk size is left to the parser", kChunkedHead + "zz\r\nhello", kChunkedHead + "zz\r\nhello",
       false},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    bool refused = false;
    EXPECT_EQ(LetThrough(row.sent, &refused), row.expected);
    EXPECT_EQ(refused, row.refused);
  }
}

TEST(RequestBodyGuard, BodiesInFlightShareOneBudgetAndGiveItBackWhenRead) {
  auto budget = std::make_shared<BodyBudget>(150);
  std::string first_out;
  auto first = std::make_unique<RequestBodyGuard>(kLimit, budget);
  first->Feed(Post(100, "half"), first_out);
  EXPECT_EQ(budget->used(), 100u);

  std::string second_out;
  RequestBodyGuard second(kLimit, budget);
  second.Feed(Post(100, ""), second_out);
  EXPECT_EQ(second_out, Refusal("busy"));

  first->Feed(std::string(96, 'x'), first_out);  // the rest of the first body
  EXPECT_EQ(budget->used(), 0u);
  std::string third_out;
  RequestBodyGuard third(kLimit, budget);
  third.Feed(Post(100, ""), third_out);
  EXPECT_EQ(third_out, Post(100, ""));
  EXPECT_EQ(budget->used(), 100u);

  std::string chunked_out;
  RequestBodyGuard chunked(kLimit, budget);  // a chunked body reserves the limit
  chunked.Feed(kChunkedHead, chunked_out);
  EXPECT_EQ(chunked_out, Refusal("busy"));
}

TEST(RequestBodyGuard, AConnectionThatClosesMidBodyGivesItsShareBack) {
  auto budget = std::make_shared<BodyBudget>(1000);
  {
    RequestBodyGuard guard(kLimit, budget);
    std::string out;
    guard.Feed(Post(80, "part"), out);
    EXPECT_EQ(budget->used(), 80u);
  }
  EXPECT_EQ(budget->used(), 0u);
}

}  // namespace
}  // namespace scarwise::http
