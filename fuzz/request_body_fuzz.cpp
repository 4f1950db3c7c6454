// Fuzzes what the server does with every request body before any handler reads it: parse
// (refusing deep nesting on the raw text), then dump it as the Idempotency-Key hash does and
// walk it as the amendment diff does. No input may crash or exhaust the stack; every
// refusal names its field.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "interop/json/json_parse.hpp"

namespace {

size_t Walk(const nlohmann::json& value) {
  size_t nodes = 1;
  if (value.is_structured()) {
    for (const auto& item : value) nodes += Walk(item);
  }
  return nodes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto body = scarwise::interop::ParseJson(text, "(body)");
  if (!body) {
    if (body.error().field != "(body)") std::abort();
    return 0;
  }
  if (scarwise::interop::NestsDeeperThan(text, scarwise::interop::kMaxJsonNesting)) std::abort();
  if (body->dump().empty() || Walk(*body) == 0) std::abort();
  return 0;
}
