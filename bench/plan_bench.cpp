// How long the engine takes to score, screen and plan one consultation (target: < 20 µs),
// alone and together with decoding the consultation JSON.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "domain/review.hpp"
#include "interop/json/consultation_codec.hpp"
#include "protocol/protocol_loader.hpp"

namespace {

using namespace scarwise;

const domain::Protocol& DefaultProtocol() {
  static const domain::Protocol protocol = [] {
    auto load = protocol::LoadProtocol(SCARWISE_SOURCE_DIR "/protocol/default");
    if (!load.ok()) std::abort();
    return std::move(load.protocol);
  }();
  return protocol;
}

std::string ExampleText() {
  std::ifstream in(SCARWISE_SOURCE_DIR "/examples/consultation.json");
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A consultation with six scarred zones and two precautions.
domain::Consultation SixZones() {
  auto c = interop::DecodeConsultationText(ExampleText(), DefaultProtocol().screening.questions);
  if (!c) std::abort();
  c->assessment.zones.clear();
  int i = 0;
  for (domain::FacialZone zone :
       {domain::FacialZone::kCheekLeft, domain::FacialZone::kCheekRight, domain::FacialZone::kForehead,
        domain::FacialZone::kChin, domain::FacialZone::kJawLeft, domain::FacialZone::kTempleRight}) {
    c->assessment.zones.push_back({zone, {1, 2 + i, 3, i, 4, 0}, 0});
    ++i;
  }
  return *c;
}

void BM_ReviewConsultation(benchmark::State& state) {
  const domain::Protocol& protocol = DefaultProtocol();
  const domain::Consultation consultation = SixZones();
  for (auto _ : state) {
    benchmark::DoNotOptimize(domain::ReviewConsultation(protocol, consultation));
  }
}
BENCHMARK(BM_ReviewConsultation);

void BM_DecodeAndReviewConsultation(benchmark::State& state) {
  const domain::Protocol& protocol = DefaultProtocol();
  const std::string text = ExampleText();
  for (auto _ : state) {
    auto consultation = interop::DecodeConsultationText(text, protocol.screening.questions);
    benchmark::DoNotOptimize(domain::ReviewConsultation(protocol, *consultation));
  }
}
BENCHMARK(BM_DecodeAndReviewConsultation);

}  // namespace
