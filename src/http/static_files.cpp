#include "http/static_files.hpp"

#include <zlib.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <system_error>

namespace scarwise::http {
namespace {

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

// The file under `root` for a URL path, or nullopt when it would leave the root or is absent.
std::optional<std::filesystem::path> FileUnder(const std::filesystem::path& root, const std::string& path) {
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

// A build's content-hashed asset (Vite writes them to assets/): its name changes with its content.
bool IsHashedAsset(const std::filesystem::path& root, const std::filesystem::path& file) {
  std::error_code ec;
  const auto rel = file.lexically_relative(std::filesystem::weakly_canonical(root, ec));
  return !ec && !rel.empty() && *rel.begin() == "assets";
}

// A strong validator from the file's size and modification time (a new build writes new files).
std::string EtagOf(const std::filesystem::path& file, std::string_view variant) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(file, ec);
  const auto mtime = std::filesystem::last_write_time(file, ec).time_since_epoch();
  char text[64];
  std::snprintf(text, sizeof text, "\"%llx-%llx%s%.*s\"", static_cast<unsigned long long>(size),
                static_cast<unsigned long long>(std::chrono::duration_cast<std::chrono::nanoseconds>(mtime).count()),
                variant.empty() ? "" : "-", static_cast<int>(variant.size()), variant.data());
  return text;
}

bool NamesEtag(std::string_view if_none_match, std::string_view etag) {
  if (if_none_match == "*") return true;
  size_t start = 0;
  while (start < if_none_match.size()) {
    size_t end = if_none_match.find(',', start);
    if (end == std::string_view::npos) end = if_none_match.size();
    std::string_view tag = if_none_match.substr(start, end - start);
    while (!tag.empty() && tag.front() == ' ') tag.remove_prefix(1);
    while (!tag.empty() && tag.back() == ' ') tag.remove_suffix(1);
    if (tag.rfind("W/", 0) == 0) tag.remove_prefix(2);
    if (tag == etag) return true;
    start = end + 1;
  }
  return false;
}

}  // namespace

bool AcceptsEncoding(std::string_view accept_encoding, std::string_view coding) {
  const std::string header = Lower(accept_encoding);
  size_t start = 0;
  while (start < header.size()) {
    size_t end = header.find(',', start);
    if (end == std::string::npos) end = header.size();
    std::string_view item = std::string_view(header).substr(start, end - start);
    const size_t semicolon = item.find(';');
    std::string_view name = item.substr(0, semicolon);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name == coding || (name == "*" && coding != "identity")) {
      if (semicolon == std::string_view::npos) return true;
      const size_t q = item.find("q=", semicolon);
      return q == std::string_view::npos || std::strtod(std::string(item.substr(q + 2)).c_str(), nullptr) > 0.0;
    }
    start = end + 1;
  }
  return false;
}

std::optional<StaticAnswer> ServeStatic(const std::filesystem::path& root, const std::string& path,
                                        std::string_view accept_encoding, std::string_view if_none_match) {
  auto file = FileUnder(root, path);
  if (!file && path.find('.') == std::string::npos) file = FileUnder(root, "/index.html");
  if (!file) return std::nullopt;
  StaticAnswer answer;
  answer.content_type = ContentTypeOf(*file);
  answer.cache_control = IsHashedAsset(root, *file) ? "public, max-age=31536000, immutable" : "no-cache";
  answer.file = *file;
  for (const auto& [coding, suffix] : {std::pair{"br", ".br"}, std::pair{"gzip", ".gz"}}) {
    std::error_code ec;
    std::filesystem::path variant = *file;
    variant += suffix;
    if (AcceptsEncoding(accept_encoding, coding) && std::filesystem::is_regular_file(variant, ec)) {
      answer.file = variant;
      answer.content_encoding = coding;
      break;
    }
  }
  answer.etag = EtagOf(answer.file, answer.content_encoding);
  if (!if_none_match.empty() && NamesEtag(if_none_match, answer.etag)) answer.status = 304;
  return answer;
}

std::optional<std::string> Gzip(std::string_view body) {
  z_stream stream{};
  // windowBits 15 + 16: a gzip header and trailer rather than zlib's.
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    return std::nullopt;
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(body.size())), '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  stream.avail_in = static_cast<uInt>(body.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  const int status = deflate(&stream, Z_FINISH);
  deflateEnd(&stream);
  if (status != Z_STREAM_END) return std::nullopt;
  out.resize(stream.total_out);
  return out;
}

}  // namespace scarwise::http
