// How long the engine takes to score, screen and plan one consultation (target: < 20 µs),
// alone and together with decoding the consultation JSON.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>

#include "domain/outcome/outcome_model.hpp"
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

// The same with the planning's fixed bands instead of the outcome model: what the prediction costs.
void BM_ReviewConsultationFixedBands(benchmark::State& state) {
  static const domain::Protocol protocol = [] {
    domain::Protocol copy = DefaultProtocol();
    copy.planning.outcome.loaded = false;
    return copy;
  }();
  const domain::Consultation consultation = SixZones();
  for (auto _ : state) {
    benchmark::DoNotOptimize(domain::ReviewConsultation(protocol, consultation));
  }
}
BENCHMARK(BM_ReviewConsultationFixedBands);

void BM_DecodeAndReviewConsultation(benchmark::State& state) {
  const domain::Protocol& protocol = DefaultProtocol();
  const std::string text = ExampleText();
  for (auto _ : state) {
    auto consultation = interop::DecodeConsultationText(text, protocol.screening.questions);
    benchmark::DoNotOptimize(domain::ReviewConsultation(protocol, *consultation));
  }
}
BENCHMARK(BM_DecodeAndReviewConsultation);

// The outcome model (issue 21): one re-assessment's update of the patient's belief and the
// remaining course predicted from it (target: < 100 µs).
domain::PredictionInputs TypicalInputs() {
  domain::PredictionInputs in;
  in.grade = 3;
  in.quantitative_score = 14;
  in.shares = {0.3, 0.3, 0.4};
  in.fitzpatrick = 4;
  in.interval_days = 28;
  return in;
}

void BM_UpdateOnReassessment(benchmark::State& state) {
  const domain::OutcomeModel& model = DefaultProtocol().planning.outcome;
  const domain::PredictionInputs in = TypicalInputs();
  const domain::ResponseBelief prior = domain::PriorBelief(model, in);
  const std::vector<domain::ProgressObservation> observation = {{3, 22.0}};
  for (auto _ : state) {
    const domain::ResponseBelief belief = domain::UpdateBelief(model, in, prior, observation);
    benchmark::DoNotOptimize(domain::PredictCourse(model, in, belief, 6));
  }
}
BENCHMARK(BM_UpdateOnReassessment);

// A whole course's progress view with six re-assessments (what GET .../progress computes).
void BM_AssessProgressSixPoints(benchmark::State& state) {
  const domain::OutcomeModel& model = DefaultProtocol().planning.outcome;
  const domain::PredictionInputs in = TypicalInputs();
  const std::vector<domain::ProgressObservation> observations = {{1, 5}, {2, 12}, {3, 18}, {4, 20}, {5, 24}, {6, 27}};
  for (auto _ : state) {
    benchmark::DoNotOptimize(domain::AssessProgress(model, in, 6, observations));
  }
}
BENCHMARK(BM_AssessProgressSixPoints);

}  // namespace
