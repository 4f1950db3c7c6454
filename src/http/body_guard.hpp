#pragma once

// Request bodies judged before they are read. The server's socket passes every byte a client
// sends through one RequestBodyGuard per connection, which follows the HTTP/1.1 framing
// request by request and hands on only what the HTTP parser may read:
// - a head whose Content-Length is over the limit is replaced by a refusal head (the handler
//   answers 413 and the connection closes) and the body that follows is dropped unread;
// - a chunked body is held back until its last chunk, and refused the same way as soon as
//   it crosses the limit;
// - every announced body reserves its length (a chunked one: the limit) from one budget
//   shared by all connections; a body that does not fit is refused with 503 until bodies in
//   flight finish, so slow uploads cannot fill the server's memory.
// Framing it does not understand (an upgrade, a malformed length) is passed on untouched for
// the HTTP parser to refuse.

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace scarwise::http {

// Bytes of request bodies in flight, across connections.
class BodyBudget {
 public:
  explicit BodyBudget(std::size_t capacity) : capacity_(capacity) {}
  bool TryReserve(std::size_t bytes);
  void Release(std::size_t bytes);
  std::size_t used() const { return used_.load(); }

 private:
  const std::size_t capacity_;
  std::atomic<std::size_t> used_{0};
};

// What a refusal head asks the handler to answer; its value travels in kRefusalHeader.
inline constexpr std::string_view kRefusalHeader = "x-scarwise-refused";
inline constexpr std::string_view kRefusedTooLarge = "too_large";
inline constexpr std::string_view kRefusedBusy = "busy";

class RequestBodyGuard {
 public:
  // `max_upload_bytes` (when larger than max_body_bytes) is the limit of a photo upload
  // instead: a POST whose path is /api/v1/patients/{id}/photos with a Content-Length.
  RequestBodyGuard(std::size_t max_body_bytes, std::shared_ptr<BodyBudget> budget, std::size_t max_upload_bytes = 0);
  ~RequestBodyGuard();
  RequestBodyGuard(const RequestBodyGuard&) = delete;
  RequestBodyGuard& operator=(const RequestBodyGuard&) = delete;

  // Takes bytes read from the client and appends to `out` those the HTTP parser may read now.
  void Feed(std::string_view in, std::string& out);
  // Whether a request was refused: everything after it is dropped and the connection closes.
  bool refused() const { return state_ == State::kDiscard; }

 private:
  enum class State { kHead, kBody, kChunkSize, kChunkData, kChunkDataEnd, kTrailer, kDiscard, kPassThrough };

  void OnHead(std::string& out);
  void Refuse(std::string_view why, std::string& out);
  void FinishBody();
  bool OnChunkSizeLine(std::string_view line);

  const std::size_t max_body_bytes_;
  const std::shared_ptr<BodyBudget> budget_;
  const std::size_t max_upload_bytes_;
  State state_ = State::kHead;
  std::string head_;           // the head being read (kHead), or a chunk-size / trailer line
  std::string held_;           // a chunked request held back until its last chunk
  std::size_t remaining_ = 0;  // body (kBody) or chunk (kChunkData) bytes still to come
  std::size_t chunked_total_ = 0;
  std::size_t reserved_ = 0;  // bytes of the budget this connection holds
};

}  // namespace scarwise::http
