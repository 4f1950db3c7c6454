#include "storage/audit_key.hpp"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>

#include "storage/store.hpp"

namespace scarwise::storage {
namespace {

constexpr const char* kKeyFileField = "audit-key-file";

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

Error Unwritable(const std::filesystem::path& path, std::string_view what) {
  return Unavailable(kKeyFileField, "cannot " + std::string(what) + " the audit key file " + path.string() + ": " +
                                        std::strerror(errno));
}

}  // namespace

Result<std::vector<std::string>> ParseAuditKeys(std::string_view text, const std::string& field) {
  std::vector<std::string> keys;
  int line_number = 0;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    const std::string_view line = Trim(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++line_number;
    if (line.empty() || line.front() == '#') continue;
    std::string key;
    bool valid = line.size() == 2 * kAuditKeyBytes;
    for (size_t i = 0; valid && i < line.size(); i += 2) {
      const int high = HexDigit(line[i]);
      const int low = HexDigit(line[i + 1]);
      valid = high >= 0 && low >= 0;
      key += static_cast<char>((high << 4) | low);
    }
    if (!valid) {
      return Unexpected(InvalidArgument(field, "line " + std::to_string(line_number) + " is not a key (" +
                                                   std::to_string(2 * kAuditKeyBytes) + " hex digits)"));
    }
    keys.push_back(std::move(key));
  }
  if (keys.empty()) return Unexpected(InvalidArgument(field, "holds no audit key"));
  return keys;
}

Result<std::vector<std::string>> ReadAuditKeyFile(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    return Unexpected(NotFound(kKeyFileField, "there is no audit key file " + path.string()));
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) return Unexpected(InvalidArgument(kKeyFileField, "cannot read " + path.string()));
  return ParseAuditKeys(text.str(), kKeyFileField);
}

Result<std::vector<std::string>> CreateAuditKeyFile(const std::filesystem::path& path) {
  if (sodium_init() < 0) return Unexpected(Internal("libsodium cannot start"));
  std::array<unsigned char, kAuditKeyBytes> key{};
  randombytes_buf(key.data(), key.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text = "# Scarwise audit log key (HMAC-SHA-256). Keep it secret, back it up apart from the database.\n";
  for (unsigned char byte : key) {
    text += kHex[byte >> 4];
    text += kHex[byte & 0x0f];
  }
  text += '\n';
  sodium_memzero(key.data(), key.size());
  // Written aside and linked into place, so that a second server starting at the same time
  // reads a whole file or creates none.
  const std::filesystem::path aside = path.string() + ".new-" + std::to_string(::getpid());
  const int fd = ::open(aside.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Unexpected(Unwritable(path, "create"));
  const bool written = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  sodium_memzero(text.data(), text.size());
  ::close(fd);
  if (!written) {
    Error error = Unwritable(path, "write");
    ::unlink(aside.c_str());
    return Unexpected(std::move(error));
  }
  const bool linked = ::link(aside.c_str(), path.c_str()) == 0;
  const int link_errno = errno;
  ::unlink(aside.c_str());
  if (!linked && link_errno != EEXIST) {
    errno = link_errno;
    return Unexpected(Unwritable(path, "create"));
  }
  return ReadAuditKeyFile(path);  // ours, or the one another process linked first
}

std::optional<std::filesystem::path> AuditKeyFileBeside(std::string_view db_url) {
  if (db_url.substr(0, 7) != "sqlite:") return std::nullopt;
  std::string path(db_url.substr(7));
  if (path.rfind("//", 0) == 0) path.erase(0, 2);
  if (path.empty()) return std::nullopt;
  return std::filesystem::path(path + ".audit-key");
}

Result<ResolvedAuditKeys> ResolveAuditKeys(std::string_view db_url, const AuditKeySettings& settings,
                                           bool create_beside_sqlite) {
  const auto from_file = [](const std::filesystem::path& path, std::string source) -> Result<ResolvedAuditKeys> {
    SCARWISE_ASSIGN_OR_RETURN(auto keys, ReadAuditKeyFile(path));
    return ResolvedAuditKeys{std::move(keys), std::move(source), false};
  };
  if (!settings.key_file.empty()) return from_file(settings.key_file, "the file " + settings.key_file);
  if (!settings.env_key.empty()) {
    SCARWISE_ASSIGN_OR_RETURN(auto keys, ParseAuditKeys(settings.env_key, "SCARWISE_AUDIT_KEY"));
    return ResolvedAuditKeys{std::move(keys), "$SCARWISE_AUDIT_KEY", false};
  }
  if (!settings.env_key_file.empty()) return from_file(settings.env_key_file, "the file " + settings.env_key_file);
  const auto beside = AuditKeyFileBeside(db_url);
  if (beside) {
    auto keys = ReadAuditKeyFile(*beside);
    if (keys) return ResolvedAuditKeys{std::move(*keys), "the file " + beside->string(), false};
    if (keys.error().code != ErrorCode::kNotFound) return Unexpected(std::move(keys).error());
    if (create_beside_sqlite) {
      SCARWISE_ASSIGN_OR_RETURN(auto created, CreateAuditKeyFile(*beside));
      return ResolvedAuditKeys{std::move(created), "the new file " + beside->string(), true};
    }
  }
  return Unexpected(FailedPrecondition(
      kKeyFileField, beside ? "there is no audit key: " + beside->string() +
                                  " is missing; pass --audit-key-file or set SCARWISE_AUDIT_KEY or "
                                  "SCARWISE_AUDIT_KEY_FILE"
                            : "a PostgreSQL database needs an audit key kept outside it: pass --audit-key-file "
                              "or set SCARWISE_AUDIT_KEY or SCARWISE_AUDIT_KEY_FILE"));
}

std::string FormatAuditHead(const AuditHead& head) {
  return std::to_string(head.seq) + " " + head.hash + "\n";
}

Result<AuditHead> ParseAuditHead(std::string_view text) {
  text = Trim(text.substr(0, text.find('\n')));
  const size_t space = text.find(' ');
  const auto bad = [] { return Unexpected(InvalidArgument("head", "is not an audit head (\"SEQ HASH\")")); };
  if (space == std::string_view::npos || space == 0) return bad();
  AuditHead head;
  for (char c : text.substr(0, space)) {
    if (c < '0' || c > '9' || head.seq > (INT64_MAX - 9) / 10) return bad();
    head.seq = head.seq * 10 + (c - '0');
  }
  head.hash = std::string(Trim(text.substr(space + 1)));
  if (head.seq < 1 || head.hash.size() != 64 || head.hash.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return bad();
  }
  return head;
}

Result<AuditVerification> VerifyAuditAgainstHead(Transaction& tx, const AuditHead& exported) {
  auto verification = tx.AuditLog().Verify();
  if (!verification || !verification->intact) return verification;
  const auto broken = [&](int64_t seq, std::string problem) {
    verification->intact = false;
    verification->first_broken_seq = seq;
    verification->problem = std::move(problem);
    return verification;
  };
  if (verification->head_seq < exported.seq) {
    return broken(verification->head_seq + 1, "the log ends at entry " + std::to_string(verification->head_seq) +
                                                  " but the exported head is entry " + std::to_string(exported.seq) +
                                                  ": newer entries were removed");
  }
  AuditQuery query;
  query.after_seq = exported.seq - 1;
  query.limit = 1;
  SCARWISE_ASSIGN_OR_RETURN(auto page, tx.AuditLog().List(query));
  if (page.items.empty() || page.items.front().seq != exported.seq || page.items.front().hash != exported.hash) {
    return broken(exported.seq, "entry " + std::to_string(exported.seq) +
                                    " is not the exported head: the log was rewritten since the export");
  }
  return verification;
}

}  // namespace scarwise::storage
