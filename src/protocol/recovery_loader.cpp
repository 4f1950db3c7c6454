#include <set>

#include "common/unicode_text.hpp"
#include "protocol/section_loaders.hpp"

namespace scarwise::protocol {
namespace {

domain::Urgency ReadUrgency(const Node& item) {
  const std::string name = item.Text("urgency");
  const auto urgency = FromName<domain::Urgency>(name);
  if (!urgency && !name.empty()) item.Report("urgency", "must be emergency, urgent, soon or routine");
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

domain::RecoveryProtocol LoadRecovery(const Node& root, const domain::AftercareProtocol& aftercare) {
  domain::RecoveryProtocol recovery;
  root.AllowOnly({"expected_course", "after_session_note", "signs", "warning_signs", "pain", "rising", "persisting",
                  "breaches", "check_ins", "patient_advice", "adverse_events"});

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

  recovery.after_session_note = root.Text("after_session_note");
  // The signs a patient can report; every one must raise an alert (nothing is ignored).
  std::set<std::string> sign_keys;
  std::vector<Node> sign_nodes = root.Items("signs");
  for (const Node& item : sign_nodes) {
    item.AllowOnly({"sign", "patient"});
    domain::WarningSign sign{item.Text("sign"), item.Text("patient")};
    if (!sign.key.empty() && !sign_keys.insert(sign.key).second) item.Report("sign", "duplicate sign");
    recovery.signs.push_back(std::move(sign));
  }
  std::set<std::string> codes;
  std::set<std::string> alerted;
  for (const Node& item : root.Items("warning_signs")) {
    item.AllowOnly({"signs", "code", "urgency", "message", "source", "unverified"});
    domain::WarningSignRule rule;
    rule.signs = item.TextList("signs");
    if (rule.signs.empty()) item.Report("signs", "must name at least one sign");
    for (size_t i = 0; i < rule.signs.size(); ++i) {
      if (!sign_keys.count(rule.signs[i])) {
        item.Report("signs[" + std::to_string(i) + "]",
                    "no sign '" + Printable(rule.signs[i]) + "' in signs: this rule would never apply");
      }
      alerted.insert(rule.signs[i]);
    }
    ReadAlert(item, codes, rule);
    recovery.warning_signs.push_back(std::move(rule));
  }
  for (size_t i = 0; i < recovery.signs.size(); ++i) {
    if (!recovery.signs[i].key.empty() && !alerted.count(recovery.signs[i].key)) {
      sign_nodes[i].Report("sign", "no warning_signs rule raises an alert for '" + recovery.signs[i].key + "'");
    }
  }

  if (root.Has("pain")) {
    const Node pain = root.Child("pain");
    pain.AllowOnly({"at_least", "code", "urgency", "message", "source", "unverified"});
    domain::PainRule rule;
    rule.at_least = pain.Integer("at_least", 1, 10);
    ReadAlert(pain, codes, rule);
    recovery.pain = std::move(rule);
  }
  if (root.Has("rising")) {
    const Node rising = root.Child("rising");
    rising.AllowOnly({"after_day", "code", "urgency", "message", "source", "unverified"});
    domain::RisingRule rule;
    rule.after_day = rising.Integer("after_day", 0, 60);
    ReadAlert(rising, codes, rule);
    recovery.rising = std::move(rule);
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
    item.AllowOnly({"breach", "item", "code", "urgency", "message", "source", "unverified"});
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
    if (rule.breach == domain::Breach::kActiveTooEarly) {
      if (item.Has("item")) item.Report("item", "active_too_early judges every ingredient wait, not one item");
    } else {
      rule.item = item.Text("item");
      const domain::AftercareItem* named = aftercare.Find(rule.item);
      if (!rule.item.empty() && named == nullptr) {
        item.Report("item", "no aftercare item '" + Printable(rule.item) + "' in aftercare.yaml");
      } else if (named != nullptr && rule.breach == domain::Breach::kNoSunscreen && !named->keep_up_for) {
        item.Report("item", "'" + rule.item + "' has no keep_up_days: this rule would never apply");
      }
    }
    ReadAlert(item, codes, rule);
    recovery.breaches.push_back(std::move(rule));
  }
  const Node missed = root.Child("check_ins");
  missed.AllowOnly({"days", "reminder_subject", "reminder_body", "code", "urgency", "message", "source", "unverified"});
  int last = -1;
  for (const Node& day : missed.Items("days")) {
    const int d = day.AsInteger(0, 365);
    if (d <= last) day.Report("must be ascending, each day once");
    last = d;
    recovery.missed_check_ins.days.push_back(d);
  }
  recovery.missed_check_ins.reminder_subject = missed.Text("reminder_subject");
  recovery.missed_check_ins.reminder_body = missed.Text("reminder_body");
  ReadAlert(missed, codes, recovery.missed_check_ins);

  // What the patient is told at once, by the most urgent alert of the check-in; every
  // urgency has its advice.
  std::set<domain::Urgency> advised;
  for (const Node& item : root.Items("patient_advice")) {
    item.AllowOnly({"urgency", "tell_patient", "source", "unverified"});
    domain::PatientAdvice advice;
    advice.urgency = ReadUrgency(item);
    if (!advised.insert(advice.urgency).second) item.Report("urgency", "advice given twice");
    advice.tell_patient = item.Text("tell_patient");
    advice.source = item.ReadSource();
    recovery.advice.push_back(std::move(advice));
  }
  for (domain::Urgency u :
       {domain::Urgency::kEmergency, domain::Urgency::kUrgent, domain::Urgency::kSoon, domain::Urgency::kRoutine}) {
    if (!advised.count(u)) {
      root.Report("patient_advice", "no advice for urgency '" + std::string(NameOf(u)) + "'");
    }
  }

  // The adverse-event register's types; each alert code it names must be an alert above.
  const Node events = root.Child("adverse_events");
  events.AllowOnly({"types", "source", "unverified"});
  if (!events.IsMap()) {
    root.Report("adverse_events", "required: the types of adverse event the register records");
  } else {
    std::set<std::string> types;
    for (const Node& item : events.Items("types")) {
      item.AllowOnly({"code", "label", "from_alerts"});
      domain::AdverseEventType type;
      type.code = item.Text("code");
      if (!type.code.empty() && !types.insert(type.code).second) item.Report("code", "duplicate adverse event type");
      type.label = item.Text("label");
      if (item.Has("from_alerts")) {
        type.from_alerts = item.TextList("from_alerts");
        for (size_t i = 0; i < type.from_alerts.size(); ++i) {
          if (!codes.count(type.from_alerts[i])) {
            item.Report("from_alerts", "no alert '" + Printable(type.from_alerts[i]) + "' in recovery.yaml");
          }
        }
      }
      recovery.adverse_event_types.push_back(std::move(type));
    }
    recovery.adverse_events_source = events.ReadSource();
  }
  return recovery;
}

}  // namespace scarwise::protocol
