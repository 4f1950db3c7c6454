// Fuzz target for the INCI parser and product checker: any bytes, several days and
// product types. Must never crash or trip ASan/UBSan. The default protocol is loaded once;
// a protocol that fails to load aborts, since every input would then test nothing.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>
#include <utility>

#include "domain/aftercare/aftercare.hpp"
#include "domain/ingredients/ingredient_dictionary.hpp"
#include "domain/ingredients/product_check.hpp"
#include "protocol/protocol_loader.hpp"

namespace {

// The default protocol, loaded once; a protocol that fails to load aborts, since every
// run would then measure or test nothing.
const scarwise::domain::Protocol& Protocol() {
  static const scarwise::domain::Protocol protocol = [] {
    auto load = scarwise::protocol::LoadProtocol(SCARWISE_SOURCE_DIR "/protocol/default");
    if (!load.ok()) std::abort();
    return std::move(load.protocol);
  }();
  return protocol;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using scarwise::domain::ProductType;
  const scarwise::domain::Protocol& p = Protocol();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const ProductType types[] = {ProductType::kOther, ProductType::kScrub, ProductType::kSunscreen};
  const int days[] = {0, 7, 3};
  for (size_t i = 0; i < 3; ++i) {
    const auto check = scarwise::domain::CheckProduct(p.ingredients, p.aftercare, {text, days[i], types[i]});
    // Invariants of every result.
    int max_day = 0;
    for (const auto& f : check.findings) max_day = f.ok_from_day > max_day ? f.ok_from_day : max_day;
    if (max_day != check.ok_from_day || check.avoid != (check.ok_from_day > days[i])) std::abort();
  }
  return 0;
}
