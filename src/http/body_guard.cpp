#include "http/body_guard.hpp"

#include <algorithm>
#include <cctype>
#include <optional>
#include <utility>

namespace scarwise::http {
namespace {

// A head longer than this is passed on for the HTTP parser's own limits to refuse.
constexpr std::size_t kMaxHeadBytes = 64 * 1024;
// A chunk-size or trailer line longer than this is malformed framing.
constexpr std::size_t kMaxLineBytes = 4 * 1024;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

// Where the head in `text` ends (just after its empty line), skipping blank lines before the
// request line; npos while it has not ended.
std::size_t HeadEnd(std::string_view text) {
  const std::size_t start = text.find_first_not_of("\r\n");
  if (start == std::string_view::npos) return std::string_view::npos;
  for (std::size_t nl = text.find('\n', start); nl != std::string_view::npos; nl = text.find('\n', nl + 1)) {
    const std::size_t next = nl + 1;
    if (next < text.size() && text[next] == '\n') return next + 1;
    if (next + 1 < text.size() && text[next] == '\r' && text[next + 1] == '\n') return next + 2;
  }
  return std::string_view::npos;
}

struct Framing {
  enum class Kind { kNone, kLength, kChunked, kUnknown } kind = Kind::kNone;
  std::size_t length = 0;  // with kLength; SIZE_MAX when it does not fit
};

Framing FramingOf(std::string_view head) {
  Framing framing;
  std::optional<std::string> content_length;
  bool first_line = true;
  for (std::size_t pos = 0; pos < head.size();) {
    std::size_t nl = head.find('\n', pos);
    if (nl == std::string_view::npos) nl = head.size();
    const std::string_view line = Trim(head.substr(pos, nl - pos));
    pos = nl + 1;
    if (line.empty()) continue;
    if (first_line) {
      first_line = false;
      if (Lower(line.substr(0, 8)) == "connect ") return {Framing::Kind::kUnknown};
      continue;
    }
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) return {Framing::Kind::kUnknown};
    const std::string name = Lower(Trim(line.substr(0, colon)));
    const std::string value(Trim(line.substr(colon + 1)));
    if (name == "upgrade") return {Framing::Kind::kUnknown};
    if (name == "transfer-encoding") {
      if (Lower(value).find("chunked") == std::string::npos) return {Framing::Kind::kUnknown};
      framing.kind = Framing::Kind::kChunked;
    } else if (name == "content-length") {
      if (content_length && *content_length != value) return {Framing::Kind::kUnknown};
      content_length = value;
    }
  }
  if (framing.kind == Framing::Kind::kChunked) return framing;
  if (!content_length) return framing;
  if (content_length->empty() ||
      !std::all_of(content_length->begin(), content_length->end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return {Framing::Kind::kUnknown};
  }
  framing.kind = Framing::Kind::kLength;
  framing.length = content_length->size() > 18 ? SIZE_MAX : std::stoull(*content_length);
  return framing;
}

}  // namespace

bool BodyBudget::TryReserve(std::size_t bytes) {
  std::size_t used = used_.load();
  do {
    if (bytes > capacity_ - std::min(used, capacity_)) return false;
  } while (!used_.compare_exchange_weak(used, used + bytes));
  return true;
}

void BodyBudget::Release(std::size_t bytes) {
  used_.fetch_sub(bytes);
}

RequestBodyGuard::RequestBodyGuard(std::size_t max_body_bytes, std::shared_ptr<BodyBudget> budget,
                                   std::size_t max_upload_bytes)
    : max_body_bytes_(max_body_bytes), budget_(std::move(budget)), max_upload_bytes_(max_upload_bytes) {}

namespace {

// True for the head of "POST /api/v1/patients/{id}/photos[?...] HTTP/1.1".
bool IsPhotoUpload(std::string_view head) {
  constexpr std::string_view kPrefix = "POST /api/v1/patients/";
  if (!head.starts_with(kPrefix)) return false;
  const std::string_view rest = head.substr(kPrefix.size());
  const size_t digits = rest.find_first_not_of("0123456789");
  if (digits == 0 || digits == std::string_view::npos) return false;
  const std::string_view tail = rest.substr(digits);
  return tail.starts_with("/photos ") || tail.starts_with("/photos?");
}

}  // namespace

RequestBodyGuard::~RequestBodyGuard() {
  FinishBody();
}

void RequestBodyGuard::FinishBody() {
  if (reserved_ > 0) budget_->Release(reserved_);
  reserved_ = 0;
}

void RequestBodyGuard::Refuse(std::string_view why, std::string& out) {
  FinishBody();
  held_.clear();
  head_.clear();
  out += "POST /refused HTTP/1.1\r\nHost: scarwise\r\n";
  out += kRefusalHeader;
  out += ": ";
  out += why;
  out += "\r\nConnection: close\r\nContent-Length: 0\r\n\r\n";
  state_ = State::kDiscard;
}

void RequestBodyGuard::OnHead(std::string& out) {
  const Framing framing = FramingOf(head_);
  switch (framing.kind) {
    case Framing::Kind::kNone:
      out += head_;
      state_ = State::kHead;
      break;
    case Framing::Kind::kUnknown:
      out += head_;
      state_ = State::kPassThrough;
      break;
    case Framing::Kind::kLength:
      if (framing.length > std::max(max_body_bytes_, IsPhotoUpload(head_) ? max_upload_bytes_ : 0)) {
        return Refuse(kRefusedTooLarge, out);
      }
      if (framing.length > 0 && !budget_->TryReserve(framing.length)) return Refuse(kRefusedBusy, out);
      reserved_ = framing.length;
      out += head_;
      remaining_ = framing.length;
      state_ = remaining_ > 0 ? State::kBody : State::kHead;
      break;
    case Framing::Kind::kChunked:
      if (!budget_->TryReserve(max_body_bytes_)) return Refuse(kRefusedBusy, out);
      reserved_ = max_body_bytes_;
      held_ = std::move(head_);
      chunked_total_ = 0;
      state_ = State::kChunkSize;
      break;
  }
  head_.clear();
}

// A chunk-size line ("1a;name=value"): false when it is not one.
bool RequestBodyGuard::OnChunkSizeLine(std::string_view line) {
  line = Trim(line.substr(0, line.find(';')));
  if (line.empty() || line.size() > 15 || !std::all_of(line.begin(), line.end(), [](char c) {
        return std::isxdigit(static_cast<unsigned char>(c)) != 0;
      })) {
    return false;
  }
  remaining_ = std::stoull(std::string(line), nullptr, 16);
  chunked_total_ += remaining_;
  state_ = remaining_ == 0 ? State::kTrailer : State::kChunkData;
  return true;
}

void RequestBodyGuard::Feed(std::string_view in, std::string& out) {
  while (!in.empty()) {
    switch (state_) {
      case State::kPassThrough:
        out.append(in);
        return;
      case State::kDiscard:
        return;
      case State::kHead: {
        const std::size_t before = head_.size();
        head_.append(in);
        const std::size_t end = HeadEnd(head_);
        if (end == std::string::npos) {
          if (head_.size() > kMaxHeadBytes) {
            out += head_;
            head_.clear();
            state_ = State::kPassThrough;
          }
          return;
        }
        in.remove_prefix(end - before);
        head_.resize(end);
        OnHead(out);
        break;
      }
      case State::kBody: {
        const std::size_t n = std::min(remaining_, in.size());
        out.append(in.substr(0, n));
        in.remove_prefix(n);
        remaining_ -= n;
        if (remaining_ == 0) {
          FinishBody();
          state_ = State::kHead;
        }
        break;
      }
      case State::kChunkData: {
        const std::size_t n = std::min(remaining_, in.size());
        held_.append(in.substr(0, n));
        in.remove_prefix(n);
        remaining_ -= n;
        if (remaining_ == 0) state_ = State::kChunkDataEnd;
        break;
      }
      case State::kChunkSize:
      case State::kChunkDataEnd:
      case State::kTrailer: {
        const std::size_t nl = in.find('\n');
        const std::size_t take = nl == std::string_view::npos ? in.size() : nl + 1;
        head_.append(in.substr(0, take));
        held_.append(in.substr(0, take));
        in.remove_prefix(take);
        if (head_.size() > kMaxLineBytes || held_.size() > 2 * max_body_bytes_ + kMaxHeadBytes) {
          return Refuse(kRefusedTooLarge, out);
        }
        if (nl == std::string_view::npos) break;
        const std::string line = std::move(head_);
        head_.clear();
        if (state_ == State::kChunkDataEnd) {
          state_ = State::kChunkSize;
        } else if (state_ == State::kChunkSize) {
          if (!OnChunkSizeLine(line)) {
            out += held_;
            held_.clear();
            FinishBody();
            state_ = State::kPassThrough;
          } else if (chunked_total_ > max_body_bytes_) {
            return Refuse(kRefusedTooLarge, out);
          }
        } else if (Trim(line).empty()) {  // the empty line after the trailers: the request is whole
          out += held_;
          held_.clear();
          FinishBody();
          state_ = State::kHead;
        }
        break;
      }
    }
  }
}

}  // namespace scarwise::http
