#pragma once

#include <string_view>

namespace scarwise::http {

// The OpenAPI 3 description of the API (src/http/openapi.json, embedded at build time).
std::string_view OpenApiDocument();

}  // namespace scarwise::http
