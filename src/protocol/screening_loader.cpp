#include <set>

#include "protocol/section_loaders.hpp"

namespace scarwise::protocol {

domain::ScreeningProtocol LoadScreening(const Node& root) {
  using domain::Decision;
  domain::ScreeningProtocol screening;
  root.AllowOnly({"rules"});
  std::set<std::string> codes;
  for (const Node& item : root.Items("rules")) {
    item.AllowOnly({"code", "decision", "when", "message", "action", "rescreen_after_days", "clinician_must_confirm",
                    "source", "unverified"});
    domain::ScreeningRule rule;
    rule.code = item.Text("code");
    if (!rule.code.empty() && !codes.insert(rule.code).second) item.Report("code", "duplicate rule code");
    const std::string decision = item.Text("decision");
    if (decision == "not_suitable")
      rule.decision = Decision::kNotSuitable;
    else if (decision == "defer")
      rule.decision = Decision::kDefer;
    else if (decision == "precaution")
      rule.decision = Decision::kProceedWithPrecautions;
    else if (!decision.empty())
      item.Report("decision", "must be not_suitable, defer or precaution");
    rule.when = ReadCondition(item.Child("when"));
    rule.message = item.Text("message");
    rule.action = item.Text("action");
    rule.rescreen_after_days = item.OptionalInteger("rescreen_after_days", 0, 3650);
    if (rule.decision == Decision::kDefer && !rule.rescreen_after_days) {
      item.Report("rescreen_after_days", "required for a defer rule");
    }
    if (rule.decision != Decision::kDefer && rule.rescreen_after_days) {
      item.Report("rescreen_after_days", "only a defer rule is rescreened");
    }
    rule.clinician_must_confirm = item.OptionalBoolean("clinician_must_confirm").value_or(false);
    rule.source = item.ReadSource();
    screening.rules.push_back(std::move(rule));
  }
  return screening;
}

}  // namespace scarwise::protocol
