#include "service/precautions.hpp"

#include "interop/json/plan_codec.hpp"

namespace scarwise::service {
namespace {

domain::PrecautionRecording FromProtocol(const domain::Protocol& protocol, const std::string& code) {
  const domain::ScreeningRule* rule = domain::FindPrecaution(protocol.screening, code);
  return rule && rule->record ? *rule->record : domain::PrecautionRecording{};
}

}  // namespace

Result<std::vector<PlanPrecaution>> PrecautionsOf(storage::Transaction& tx, const domain::Protocol& protocol,
                                                  const storage::PlanRecord& plan,
                                                  const std::vector<domain::ScreeningFinding>& also) {
  SCARWISE_ASSIGN_OR_RETURN(auto named, interop::PrecautionsOfReviewDocument(plan.proposal_json));
  SCARWISE_ASSIGN_OR_RETURN(auto recorded, tx.Safety().ListPrecautions(plan.id));
  std::vector<PlanPrecaution> out;
  auto add = [&](PlanPrecaution p) {
    for (const PlanPrecaution& seen : out) {
      if (seen.code == p.code) return;
    }
    for (const storage::PrecautionRecord& r : recorded) {
      if (r.record.code == p.code) p.recorded = r;
    }
    out.push_back(std::move(p));
  };
  for (auto& p : named) {
    add({p.code, p.message, p.action, p.record ? std::move(*p.record) : FromProtocol(protocol, p.code), std::nullopt});
  }
  for (const domain::ScreeningFinding& f : also) {
    add({f.code, f.message, f.action, f.record ? *f.record : FromProtocol(protocol, f.code), std::nullopt});
  }
  return out;
}

Result<domain::PrecautionRecording> RecordingFor(const domain::Protocol& protocol, const storage::PlanRecord& plan,
                                                 const std::string& code) {
  SCARWISE_ASSIGN_OR_RETURN(auto named, interop::PrecautionsOfReviewDocument(plan.proposal_json));
  for (auto& p : named) {
    if (p.code == code) return p.record ? std::move(*p.record) : FromProtocol(protocol, code);
  }
  const domain::ScreeningRule* rule = domain::FindPrecaution(protocol.screening, code);
  if (!rule) return Unexpected(InvalidArgument("code", "is not a precaution of this plan or of the protocol"));
  return rule->record ? *rule->record : domain::PrecautionRecording{};
}

Result<void> RequireRecorded(const std::vector<PlanPrecaution>& precautions, const std::string& before) {
  std::string missing;
  for (const PlanPrecaution& p : precautions) {
    if (p.recorded) continue;
    std::string asks;
    for (const domain::RecordField& f : p.record.fields) asks += (asks.empty() ? "" : ", ") + f.key;
    missing += (missing.empty() ? "" : "; ") + p.code + (asks.empty() ? "" : " (" + asks + ")");
  }
  if (missing.empty()) return {};
  return Unexpected(Unprocessable("precautions", "record each precaution before " + before + ": " + missing));
}

}  // namespace scarwise::service
