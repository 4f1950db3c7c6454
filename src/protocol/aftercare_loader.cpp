#include <set>

#include "protocol/section_loaders.hpp"

namespace scarwise::protocol {

domain::AftercareProtocol LoadAftercare(const Node& root) {
  domain::AftercareProtocol aftercare;
  root.AllowOnly({"items"});
  std::set<std::string> codes;
  for (const Node& item : root.Items("items")) {
    item.AllowOnly({"code", "title", "advice", "allowed_after_hours", "keep_up_days", "keep_up_days_by_skin_type",
                    "source", "unverified"});
    domain::AftercareItem entry;
    entry.code = item.Text("code");
    if (!entry.code.empty() && !codes.insert(entry.code).second) item.Report("code", "duplicate item code");
    entry.title = item.Text("title");
    entry.advice = item.Text("advice");
    entry.allowed_after =
        std::chrono::minutes{static_cast<long>(item.Number("allowed_after_hours", 0, 24 * 365) * 60.0)};
    if (const auto days = item.OptionalNumber("keep_up_days", 0, 365)) {
      entry.keep_up_for = std::chrono::minutes{static_cast<long>(*days * 24 * 60)};
    }
    int from = 0;
    for (const Node& by : item.Items("keep_up_days_by_skin_type", false)) {
      by.AllowOnly({"from_fitzpatrick", "days", "source", "unverified"});
      domain::KeepUpBySkinType rule;
      rule.from_fitzpatrick = by.Integer("from_fitzpatrick", 1, 6);
      if (rule.from_fitzpatrick <= from) by.Report("from_fitzpatrick", "must be ascending");
      from = rule.from_fitzpatrick;
      rule.keep_up_for = std::chrono::minutes{static_cast<long>(by.Number("days", 0, 365) * 24 * 60)};
      rule.source = by.ReadSource();
      entry.keep_up_by_skin_type.push_back(std::move(rule));
    }
    if (!entry.keep_up_by_skin_type.empty() && !entry.keep_up_for) {
      item.Report("keep_up_days_by_skin_type", "needs keep_up_days (for the other skin types)");
    }
    entry.source = item.ReadSource();
    aftercare.items.push_back(std::move(entry));
  }
  return aftercare;
}

}  // namespace scarwise::protocol
