#include <set>

#include "common/unicode_text.hpp"
#include "protocol/section_loaders.hpp"

namespace scarwise::protocol {
namespace {

using domain::QuestionType;

// Question keys become JSON keys and fact names: lower-case words joined by '_'.
bool IsKey(const std::string& key) {
  if (key.empty() || key.size() > 64 || key.front() == '_' || key.back() == '_') return false;
  for (char c : key) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return key.front() >= 'a' && key.front() <= 'z';
}

std::vector<domain::ScreeningQuestion> LoadQuestions(const Node& root) {
  std::vector<domain::ScreeningQuestion> questions;
  const domain::FactVocabulary computed;
  std::set<std::string> keys;
  for (const Node& item : root.Items("questions")) {
    item.AllowOnly({"key", "type", "options", "clinician", "patient", "help", "no_concern_answer"});
    domain::ScreeningQuestion q;
    q.key = item.Text("key");
    if (!q.key.empty()) {
      if (!IsKey(q.key)) {
        item.Report("key", "must be lower-case letters, digits and '_' (it is a JSON key and a fact name)");
      } else if (computed.Find(q.key) != nullptr) {
        item.Report("key", "'" + q.key + "' is a computed fact, not a question");
      } else if (!keys.insert(q.key).second) {
        item.Report("key", "duplicate question key");
      }
    }
    const std::string type = item.Text("type");
    if (type == "bool") {
      q.type = QuestionType::kYesNo;
    } else if (type == "enum") {
      q.type = QuestionType::kChoice;
    } else if (type == "months_ago") {
      q.type = QuestionType::kMonthsAgo;
    } else if (type == "weeks_ago") {
      q.type = QuestionType::kWeeksAgo;
    } else if (type == "course") {
      q.type = QuestionType::kCourse;
    } else if (!type.empty()) {
      item.Report("type", "must be bool, enum, months_ago, weeks_ago or course");
    }
    if (q.type == QuestionType::kChoice) {
      q.options = item.TextList("options");
      std::set<std::string> seen;
      for (const std::string& option : q.options) {
        if (!IsKey(option)) item.Report("options", "'" + Printable(option) + "' must be a lower-case key");
        if (!seen.insert(option).second) item.Report("options", "'" + Printable(option) + "' is listed twice");
      }
      if (q.options.size() < 2) item.Report("options", "needs at least two options");
    } else if (item.Has("options")) {
      item.Report("options", "only an enum question has options");
    }
    q.clinician_wording = item.Text("clinician");
    q.patient_wording = item.Text("patient");
    q.help = item.OptionalText("help").value_or("");
    if (const auto no_concern = item.OptionalBoolean("no_concern_answer")) {
      if (q.type != QuestionType::kYesNo) item.Report("no_concern_answer", "only a bool question has one");
      q.no_concern_answer = *no_concern;
    }
    questions.push_back(std::move(q));
  }
  return questions;
}

std::optional<domain::PlanModifiers> ReadPlanModifiers(const Node& item) {
  if (!item.Has("plan_modifiers")) return std::nullopt;
  const Node node = item.Child("plan_modifiers");
  node.AllowOnly({"max_needle_depth_mm", "priming_days", "source", "unverified"});
  domain::PlanModifiers modifiers;
  modifiers.max_needle_depth_mm = node.OptionalNumber("max_needle_depth_mm", 0.1, 3.0);
  modifiers.priming_days = node.OptionalInteger("priming_days", 1, 180);
  if (!modifiers.max_needle_depth_mm && !modifiers.priming_days) {
    node.Report("needs at least one modifier: max_needle_depth_mm or priming_days");
  }
  modifiers.source = node.ReadSource();
  return modifiers;
}

// `record`: what a precaution asks someone to record, {fields: [{key, type, label}], source}.
std::optional<domain::PrecautionRecording> ReadRecording(const Node& item) {
  if (!item.Has("record")) return std::nullopt;
  const Node node = item.Child("record");
  node.AllowOnly({"fields", "source", "unverified"});
  domain::PrecautionRecording recording;
  std::set<std::string> keys;
  for (const Node& field : node.Items("fields")) {
    field.AllowOnly({"key", "type", "label"});
    domain::RecordField f;
    f.key = field.Text("key");
    if (!f.key.empty()) {
      if (!IsKey(f.key)) {
        field.Report("key", "must be lower-case letters, digits and '_' (it is a JSON key)");
      } else if (!keys.insert(f.key).second) {
        field.Report("key", "duplicate field key");
      }
    }
    const std::string type = field.Text("type");
    if (type == "text") {
      f.type = domain::RecordFieldType::kText;
    } else if (type == "date") {
      f.type = domain::RecordFieldType::kDate;
    } else if (type == "confirm") {
      f.type = domain::RecordFieldType::kConfirm;
    } else if (!type.empty()) {
      field.Report("type", "must be text, date or confirm");
    }
    f.label = field.Text("label");
    recording.fields.push_back(std::move(f));
  }
  recording.source = node.ReadSource();
  return recording;
}

}  // namespace

domain::ScreeningProtocol LoadScreening(const Node& root) {
  using domain::Decision;
  domain::ScreeningProtocol screening;
  root.AllowOnly({"questions", "rules"});
  screening.questions = LoadQuestions(root);
  const domain::FactVocabulary facts(screening.questions);
  std::set<std::string> codes;
  for (const Node& item : root.Items("rules")) {
    item.AllowOnly({"code", "decision", "when", "message", "action", "rescreen_after_days", "clinician_must_confirm",
                    "plan_modifiers", "record", "source", "unverified"});
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
    rule.when = ReadCondition(item.Child("when"), facts);
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
    rule.plan_modifiers = ReadPlanModifiers(item);
    if (rule.plan_modifiers && rule.decision != Decision::kProceedWithPrecautions) {
      item.Report("plan_modifiers", "only a precaution modifies the plan (no plan is made otherwise)");
    }
    rule.record = ReadRecording(item);
    if (rule.decision == Decision::kProceedWithPrecautions && !rule.record) {
      item.Report("record", "required for a precaution: what must be recorded before approval and each session");
    }
    if (rule.record && rule.decision != Decision::kProceedWithPrecautions) {
      item.Report("record", "only a precaution is recorded");
    }
    rule.source = item.ReadSource();
    screening.rules.push_back(std::move(rule));
  }
  return screening;
}

}  // namespace scarwise::protocol
