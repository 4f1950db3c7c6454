#include "service/two_factor.hpp"

#include <cctype>
#include <cstdlib>
#include <memory>

#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>

#include "service/credentials.hpp"

namespace scarwise::service {
namespace {

// liboath and libsodium initialise once (both calls are safe to repeat).
void EnsureLibraries() {
  static const bool ready = [] {
    const int sodium = sodium_init();
    const int oath = oath_init();
    return sodium >= 0 && oath == OATH_OK;
  }();
  (void)ready;
}

struct FreeDeleter {
  void operator()(char* p) const { std::free(p); }
};

// The bytes of unpadded or padded RFC 4648 base32 (case-insensitive); nullopt when it is
// not base32.
std::optional<std::string> FromBase32(std::string_view text) {
  EnsureLibraries();
  std::string padded;
  for (char c : text) padded.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  while (padded.size() % 8 != 0) padded.push_back('=');
  char* out = nullptr;
  size_t out_length = 0;
  if (oath_base32_decode(padded.data(), padded.size(), &out, &out_length) != OATH_OK) return std::nullopt;
  const std::unique_ptr<char, FreeDeleter> owned(out);
  return std::string(out, out_length);
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' || c == '~' || c == '@') {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0xF]);
    }
  }
  return out;
}

// Crockford's base32 alphabet: no i, l, o or u, so a code read aloud or copied by hand is
// not mistaken.
constexpr std::string_view kCrockford = "0123456789abcdefghjkmnpqrstvwxyz";

std::string NormaliseRecoveryCode(std::string_view code) {
  std::string out;
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == 'i' || lower == 'l') lower = '1';
    if (lower == 'o') lower = '0';
    out.push_back(lower);
  }
  return out;
}

}  // namespace

std::string Base32(std::string_view bytes) {
  EnsureLibraries();
  char* out = nullptr;
  size_t out_length = 0;
  if (oath_base32_encode(bytes.data(), bytes.size(), &out, &out_length) != OATH_OK) return "";
  const std::unique_ptr<char, FreeDeleter> owned(out);
  std::string text(out, out_length);
  while (!text.empty() && text.back() == '=') text.pop_back();
  return text;
}

std::string NewTotpSecret() {
  EnsureLibraries();
  unsigned char bytes[20];
  randombytes_buf(bytes, sizeof bytes);
  std::string secret = Base32(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
  sodium_memzero(bytes, sizeof bytes);
  return secret;
}

int64_t TotpStep(std::chrono::sys_seconds at) {
  const int64_t seconds = at.time_since_epoch().count();
  // floor division: instants before 1970 do not occur, but the step is still well defined
  return seconds >= 0 ? seconds / kTotpStepSeconds : -((-seconds + kTotpStepSeconds - 1) / kTotpStepSeconds);
}

std::string TotpCode(std::string_view raw_secret, int64_t step, int digits) {
  EnsureLibraries();
  char out[16] = {};
  const auto now = static_cast<time_t>(step * kTotpStepSeconds);
  if (oath_totp_generate2(raw_secret.data(), raw_secret.size(), now, kTotpStepSeconds, 0, static_cast<unsigned>(digits),
                          0, out) != OATH_OK) {
    return "";
  }
  return out;
}

bool IsTotpCode(std::string_view code) {
  if (code.size() != static_cast<size_t>(kTotpDigits)) return false;
  for (char c : code) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::optional<int64_t> MatchTotp(std::string_view secret_base32, std::string_view code, std::chrono::sys_seconds now,
                                 int digits) {
  if (digits < 6 || digits > 8 || code.size() != static_cast<size_t>(digits)) return std::nullopt;
  for (char c : code) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  const auto secret = FromBase32(secret_base32);
  if (!secret || secret->empty()) return std::nullopt;
  const int64_t current = TotpStep(now);
  std::optional<int64_t> matched;
  // Every step of the window is computed and compared, whichever matches.
  for (int64_t step = current - kTotpWindowSteps; step <= current + kTotpWindowSteps; ++step) {
    const std::string expected = TotpCode(*secret, step, digits);
    if (expected.size() == code.size() && sodium_memcmp(expected.data(), code.data(), code.size()) == 0 && !matched) {
      matched = step;
    }
  }
  return matched;
}

std::string OtpauthUri(std::string_view email, std::string_view secret_base32) {
  return "otpauth://totp/Scarwise:" + PercentEncode(email) + "?secret=" + std::string(secret_base32) +
         "&issuer=Scarwise&digits=" + std::to_string(kTotpDigits) + "&period=" + std::to_string(kTotpStepSeconds);
}

std::string QrSvg(std::string_view text) {
  const std::string terminated(text);
  QRcode* code = QRcode_encodeString8bit(terminated.c_str(), 0, QR_ECLEVEL_M);
  if (code == nullptr) return "";
  const std::unique_ptr<QRcode, decltype(&QRcode_free)> owned(code, &QRcode_free);
  constexpr int kQuiet = 4;
  constexpr int kScale = 4;
  const int width = code->width;
  const int size = (width + 2 * kQuiet) * kScale;
  std::string path;
  for (int y = 0; y < width; ++y) {
    for (int x = 0; x < width; ++x) {
      // Bit 0 of each module's byte: 1 is a dark module.
      if ((code->data[y * width + x] & 1) == 0) continue;
      path += "M" + std::to_string((x + kQuiet) * kScale) + " " + std::to_string((y + kQuiet) * kScale) + "h" +
              std::to_string(kScale) + "v" + std::to_string(kScale) + "h-" + std::to_string(kScale) + "z";
    }
  }
  const std::string side = std::to_string(size);
  return R"(<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 )" + side + " " + side + R"(" width=")" + side +
         R"(" height=")" + side + R"(" shape-rendering="crispEdges" role="img" aria-label="QR code">)" +
         R"(<rect width="100%" height="100%" fill="#fff"/><path fill="#000" d=")" + path + R"("/></svg>)";
}

std::vector<std::string> NewRecoveryCodes() {
  EnsureLibraries();
  std::vector<std::string> codes;
  for (int i = 0; i < kRecoveryCodeCount; ++i) {
    std::string code;
    for (int c = 0; c < 16; ++c) {
      if (c > 0 && c % 4 == 0) code.push_back('-');
      code.push_back(kCrockford[randombytes_uniform(static_cast<uint32_t>(kCrockford.size()))]);
    }
    codes.push_back(std::move(code));
  }
  return codes;
}

std::string RecoveryCodeHash(std::string_view code) {
  return TokenHash(NormaliseRecoveryCode(code));
}

}  // namespace scarwise::service
