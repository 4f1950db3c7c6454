// Fuzzes the consultation decoder and, for every input it accepts, the whole engine: no
// input may crash, trip a sanitizer, or produce a review that breaks the contract.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "domain/review.hpp"
#include "interop/json/consultation_codec.hpp"
#include "protocol/protocol_loader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const scarwise::domain::Protocol protocol = [] {
    auto load = scarwise::protocol::LoadProtocol(SCARWISE_SOURCE_DIR "/protocol/default");
    if (!load.ok()) std::abort();
    return std::move(load.protocol);
  }();
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto consultation = scarwise::interop::DecodeConsultationText(text, protocol.screening.questions);
  if (!consultation) {
    if (consultation.error().field.empty()) std::abort();  // every decode error names its field
    return 0;
  }
  const auto review = scarwise::domain::ReviewConsultation(protocol, *consultation);
  const bool treatable = review.screening.decision == scarwise::domain::Decision::kProceed ||
                         review.screening.decision == scarwise::domain::Decision::kProceedWithPrecautions;
  if (treatable != review.plan.has_value()) std::abort();
  if (review.plan && (review.plan->sessions < 1 || review.plan->sessions > 6)) std::abort();
  return 0;
}
