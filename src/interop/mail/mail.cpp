#include "interop/mail/mail.hpp"

#include <curl/curl.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>

namespace scarwise::interop {
namespace {

bool Ascii(const std::string& text) {
  for (char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) return false;
  }
  return true;
}

unsigned Byte(const std::string& in, size_t i) {
  return static_cast<unsigned char>(in[i]);
}

std::string Base64(const std::string& in) {
  static const char* kDigits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned n = (Byte(in, i) << 16) | (Byte(in, i + 1) << 8) | Byte(in, i + 2);
    for (int shift : {18, 12, 6, 0}) out += kDigits[(n >> shift) & 63];
  }
  if (i < in.size()) {
    unsigned n = Byte(in, i) << 16;
    if (i + 1 < in.size()) n |= Byte(in, i + 1) << 8;
    out += kDigits[(n >> 18) & 63];
    out += kDigits[(n >> 12) & 63];
    out += i + 1 < in.size() ? kDigits[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// An RFC 2047 encoded-word when the text is not plain ASCII.
std::string HeaderText(const std::string& text) {
  return Ascii(text) ? text : "=?UTF-8?B?" + Base64(text) + "?=";
}

// Quoted-printable (RFC 2045) with CRLF line ends and soft breaks before 76 characters.
std::string QuotedPrintable(const std::string& text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out, line;
  auto flush = [&](bool soft) {
    out += line + (soft ? "=\r\n" : "\r\n");
    line.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      if (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
        const char last = line.back();
        line.pop_back();
        line += std::string("=") + kHex[last >> 4] + kHex[last & 15];
      }
      flush(false);
      continue;
    }
    std::string piece;
    if ((c >= 33 && c <= 126 && c != '=') || c == ' ' || c == '\t') {
      piece = std::string(1, static_cast<char>(c));
    } else {
      piece = std::string("=") + kHex[c >> 4] + kHex[c & 15];
    }
    if (line.size() + piece.size() > 75) flush(true);
    line += piece;
  }
  if (!line.empty()) flush(false);
  return out;
}

std::string RfcDate(std::chrono::sys_seconds date) {
  const std::time_t t = std::chrono::system_clock::to_time_t(date);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[64];
  std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return text;
}

Result<void> CheckAddress(const std::string& address, const char* field) {
  if (address.find_first_of("\r\n<>") != std::string::npos || address.find('@') == std::string::npos) {
    return Unexpected(InvalidArgument(field, "is not an e-mail address"));
  }
  return {};
}

// The host of an smtp:// or smtps:// URL ("[::1]" -> "::1"); empty when there is none.
std::string UrlHost(const std::string& url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  std::string rest = url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (const auto at = rest.rfind('@'); at != std::string::npos) rest.erase(0, at + 1);
  if (!rest.empty() && rest.front() == '[') return rest.substr(1, rest.find(']') - 1);
  return rest.substr(0, rest.find(':'));
}

bool LoopbackHost(const std::string& host) {
  if (host == "localhost" || host == "::1") return true;
  // 127.0.0.0/8, written as four decimal numbers.
  int parts = 0;
  size_t i = 0;
  while (i <= host.size()) {
    const size_t end = host.find('.', i) == std::string::npos ? host.size() : host.find('.', i);
    const std::string part = host.substr(i, end - i);
    if (part.empty() || part.size() > 3 || part.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(part) > 255 || (parts == 0 && part != "127")) {
      return false;
    }
    ++parts;
    i = end + 1;
  }
  return parts == 4;
}

std::atomic<unsigned> g_sequence{0};

// This process among the servers that may send at the same second with the same sequence
// number (several servers on one database, one mail folder or relay): its id and a random
// part, fixed for the life of the process.
const std::string& ProcessTag() {
  static const std::string tag = [] {
    std::random_device random;
    char hex[9];
    std::snprintf(hex, sizeof hex, "%08x", static_cast<unsigned>(random()));
    return std::to_string(getpid()) + "-" + hex;
  }();
  return tag;
}

// Unique across processes and machines, so a mail server never takes two messages for one.
std::string MessageId(std::chrono::sys_seconds now, const std::string& from, unsigned sequence) {
  const auto at = from.find('@');
  return "<" + std::to_string(now.time_since_epoch().count()) + "." + std::to_string(sequence) + "." + ProcessTag() +
         "@" + (at == std::string::npos ? "scarwise" : from.substr(at + 1)) + ">";
}

struct Upload {
  std::string data;
  size_t offset = 0;
};

size_t ReadUpload(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, upload->data.size() - upload->offset);
  std::memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

void GlobalInit() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

}  // namespace

std::string FormatMail(const MailMessage& m, std::chrono::sys_seconds date, const std::string& message_id) {
  return "Date: " + RfcDate(date) + "\r\nFrom: " + m.from + "\r\nTo: " + m.to +
         "\r\nSubject: " + HeaderText(m.subject) + "\r\nMessage-ID: " + message_id +
         "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: "
         "quoted-printable\r\n\r\n" +
         QuotedPrintable(m.body);
}

Result<void> CheckSmtpSettings(const SmtpSettings& settings) {
  if (settings.url.rfind("smtp://", 0) != 0 && settings.url.rfind("smtps://", 0) != 0) {
    return Unexpected(InvalidArgument("--smtp", "must be smtp://HOST:PORT or smtps://HOST:PORT"));
  }
  if (UrlHost(settings.url).empty()) return Unexpected(InvalidArgument("--smtp", "names no host"));
  if (settings.allow_plaintext && !LoopbackHost(UrlHost(settings.url))) {
    return Unexpected(
        InvalidArgument("--smtp-allow-plaintext", "only for a relay on this host (localhost, 127.0.0.1 or ::1), not " +
                                                      UrlHost(settings.url) + ": mail to another host needs TLS"));
  }
  return {};
}

Result<void> SendSmtp(const SmtpSettings& settings, const MailMessage& message, std::chrono::sys_seconds now) {
  if (auto ok = CheckSmtpSettings(settings); !ok) return ok;
  if (auto ok = CheckAddress(message.to, "to"); !ok) return ok;
  if (auto ok = CheckAddress(message.from, "from"); !ok) return ok;
  GlobalInit();
  CURL* curl = curl_easy_init();
  if (curl == nullptr) return Unexpected(Unavailable("the mail client could not start"));
  Upload upload{FormatMail(message, now, MessageId(now, message.from, ++g_sequence)), 0};
  const std::string from = "<" + message.from + ">", to = "<" + message.to + ">";
  curl_slist* recipients = curl_slist_append(nullptr, to.c_str());
  char error[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(curl, CURLOPT_URL, settings.url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, &ReadUpload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  // CURLUSESSL_ALL: without TLS the session ends before MAIL FROM and AUTH.
  curl_easy_setopt(curl, CURLOPT_USE_SSL,
                   static_cast<long>(settings.allow_plaintext ? CURLUSESSL_TRY : CURLUSESSL_ALL));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, static_cast<long>(settings.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, static_cast<long>(settings.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error);
  if (!settings.user.empty()) {
    curl_easy_setopt(curl, CURLOPT_USERNAME, settings.user.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, settings.password.c_str());
  }
  const CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(recipients);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK) {
    return Unexpected(Unavailable(std::string("the mail server did not take the message: ") +
                                  (error[0] != 0 ? error : curl_easy_strerror(code))));
  }
  return {};
}

Result<void> WriteMailFile(const std::string& folder, const MailMessage& message, std::chrono::sys_seconds now) {
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  // One sequence number for both, and the process's tag: messages written at once from several
  // threads, or by several servers into one folder, never share a file name.
  const unsigned sequence = ++g_sequence;
  const std::string id = MessageId(now, message.from, sequence);
  const std::string name =
      std::to_string(now.time_since_epoch().count()) + "-" + std::to_string(sequence) + "-" + ProcessTag();
  const std::filesystem::path path = std::filesystem::path(folder) / (name + ".eml");
  std::ofstream file(path, std::ios::binary);
  file << FormatMail(message, now, id);
  file.close();
  if (!file) {
    return Unexpected(Unavailable("could not write the message to " + path.string()));
  }
  return {};
}

}  // namespace scarwise::interop
