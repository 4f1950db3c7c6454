#pragma once
// The web app's files (--web-root): which file answers a path, in which encoding, and for how
// long a browser may keep it. Vite names every built asset after its content (assets/*-HASH.*):
// those never change under their name and are cached for a year as immutable; index.html (and
// the routes it answers) is revalidated on each load by its ETag. The build writes a .br and a
// .gz beside each compressible file; the one the client accepts is sent as is.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace scarwise::http {

struct StaticAnswer {
  int status = 200;              // 200, or 304 when If-None-Match names the current ETag
  std::filesystem::path file;    // what to send (the precompressed variant when one is used)
  std::string content_type;      // of the original file
  std::string content_encoding;  // "br", "gzip" or empty
  std::string cache_control;
  std::string etag;
};

// The answer for GET `path` under `root`, or nullopt when no file answers it. A path without
// a dot that names no file is a route of the app: index.html answers it.
std::optional<StaticAnswer> ServeStatic(const std::filesystem::path& root, const std::string& path,
                                        std::string_view accept_encoding, std::string_view if_none_match);

// True when the Accept-Encoding header value accepts `coding` ("gzip", "br"; q=0 refuses it).
bool AcceptsEncoding(std::string_view accept_encoding, std::string_view coding);

// `body` gzip-compressed (RFC 1952), or nullopt if zlib failed.
std::optional<std::string> Gzip(std::string_view body);

// API answers at least this large are sent gzip-compressed to a client that accepts it.
inline constexpr size_t kCompressApiAnswersFrom = 1024;

}  // namespace scarwise::http
