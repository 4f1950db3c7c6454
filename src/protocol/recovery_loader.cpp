#include <set>

#include "protocol/section_loaders.hpp"

namespace scarwise::protocol {
namespace {

domain::Urgency ReadUrgency(const Node& item) {
  const std::string name = item.Text("urgency");
  const auto urgency = domain::UrgencyFromName(name);
  if (!urgency && !name.empty()) item.Report("urgency", "must be urgent, soon or routine");
  return urgency.value_or(domain::Urgency::kUrgent);
}

// The code, urgency, message and source every alert rule carries; codes are unique.
template <typename Rule>
void ReadAlert(const Node& item, std::set<std::string>& codes, Rule& rule) {
  rule.code = item.Text("code");
  if (!rule.code.empty() && !codes.insert(rule.code).second) item.Report("code", "duplicate alert code");
  rule.urgency = ReadUrgency(item);
  rule.message = item.Text("message");
  rule.source = item.ReadSource();
}

}  // namespace

domain::RecoveryProtocol LoadRecovery(const Node& root) {
  domain::RecoveryProtocol recovery;
  root.AllowOnly({"expected_course", "warning_signs", "persisting", "breaches", "missed_check_ins"});

  const Node course = root.Child("expected_course");
  course.AllowOnly({"peak_days", "settled_by_day", "advice", "source", "unverified"});
  const Node peak = course.Child("peak_days");
  peak.AllowOnly({"from", "to"});
  recovery.expected.peak_from_day = peak.Integer("from", 0, 30);
  recovery.expected.peak_to_day = peak.Integer("to", 0, 30);
  if (recovery.expected.peak_from_day > recovery.expected.peak_to_day) peak.Report("must satisfy from <= to");
  recovery.expected.settled_by_day = course.Integer("settled_by_day", 0, 60);
  recovery.expected.advice = course.Text("advice");
  recovery.expected.source = course.ReadSource();

  std::set<std::string> codes;
  std::set<domain::WarningSign> signs;
  for (const Node& item : root.Items("warning_signs")) {
    item.AllowOnly({"sign", "tell_patient", "code", "urgency", "message", "source", "unverified"});
    domain::WarningSignRule rule;
    rule.tell_patient = item.Text("tell_patient");
    const std::string name = item.Text("sign");
    const auto sign = domain::WarningSignFromName(name);
    if (!sign) {
      if (!name.empty()) item.Report("sign", "unknown warning sign");
    } else if (!signs.insert(*sign).second) {
      item.Report("sign", "duplicate warning sign");
    } else {
      rule.sign = *sign;
    }
    ReadAlert(item, codes, rule);
    recovery.warning_signs.push_back(std::move(rule));
  }
  for (domain::WarningSign sign : domain::kAllWarningSigns) {
    if (!signs.count(sign)) {
      root.Report("warning_signs", "no rule for '" + std::string(domain::WarningSignName(sign)) + "'");
    }
  }

  for (const Node& item : root.Items("persisting")) {
    item.AllowOnly({"measure", "code", "at_least", "after_day", "urgency", "message", "source", "unverified"});
    domain::PersistenceRule rule;
    const std::string measure = item.Text("measure");
    if (measure == "swelling") {
      rule.measure = domain::Measure::kSwelling;
    } else if (measure != "redness") {
      item.Report("measure", "must be redness or swelling");
    }
    rule.at_least = item.Integer("at_least", 0, 3);
    rule.after_day = item.Integer("after_day", 0, 60);
    ReadAlert(item, codes, rule);
    recovery.persisting.push_back(std::move(rule));
  }

  for (const Node& item : root.Items("breaches")) {
    item.AllowOnly({"breach", "code", "urgency", "message", "source", "unverified"});
    domain::BreachRule rule;
    const std::string breach = item.Text("breach");
    if (breach == "makeup_too_early") {
      rule.breach = domain::Breach::kMakeupTooEarly;
    } else if (breach == "active_too_early") {
      rule.breach = domain::Breach::kActiveTooEarly;
    } else if (breach == "no_sunscreen") {
      rule.breach = domain::Breach::kNoSunscreen;
    } else {
      item.Report("breach", "must be makeup_too_early, active_too_early or no_sunscreen");
    }
    ReadAlert(item, codes, rule);
    recovery.breaches.push_back(std::move(rule));
  }
  const Node missed = root.Child("missed_check_ins");
  missed.AllowOnly({"through_day", "code", "urgency", "message", "source", "unverified"});
  recovery.missed_check_ins.through_day = missed.Integer("through_day", 0, 30);
  ReadAlert(missed, codes, recovery.missed_check_ins);
  return recovery;
}

}  // namespace scarwise::protocol
