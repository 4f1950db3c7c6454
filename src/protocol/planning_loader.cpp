#include "protocol/section_loaders.hpp"

namespace scarwise::protocol {
namespace {

domain::Source MinutesWithSource(const Node& node, int& minutes) {
  node.AllowOnly({"minutes", "note", "source", "unverified"});
  minutes = node.Integer("minutes", 0, 600);
  return node.ReadSource();
}

}  // namespace

domain::PlanningProtocol LoadPlanning(const Node& root, const domain::FactVocabulary& facts) {
  domain::PlanningProtocol planning;
  root.AllowOnly({"sessions", "interval_days", "session", "needle_depth_mm", "expected_improvement", "recommendations",
                  "facts_in_words", "record_words"});

  const Node sessions = root.Child("sessions");
  sessions.AllowOnly({"by_grade", "min", "max", "source", "unverified", "adjustments"});
  planning.min_sessions = sessions.Integer("min", 1, 20);
  planning.max_sessions = sessions.Integer("max", 1, 20);
  if (planning.max_sessions < planning.min_sessions) sessions.Report("max", "must not be below min");
  planning.sessions_source = sessions.ReadSource();
  for (int grade = 1; grade <= 4; ++grade) {
    const Node by_grade = sessions.Child("by_grade");
    const Node n = by_grade.Child(std::to_string(grade));
    if (!n.IsDefined()) {
      by_grade.Report("missing grade " + std::to_string(grade));
      continue;
    }
    const int count = n.AsInteger(1, 20);
    if (count < planning.min_sessions || count > planning.max_sessions) n.Report("must be within min..max");
    planning.sessions_by_grade[static_cast<size_t>(grade)] = count;
  }
  for (const Node& item : sessions.Items("adjustments", false)) {
    item.AllowOnly({"code", "when", "add", "message", "source", "unverified"});
    planning.session_adjustments.push_back({item.Text("code"), ReadCondition(item.Child("when"), facts),
                                            item.Integer("add", -10, 10), item.Text("message"), item.ReadSource()});
  }

  const Node interval = root.Child("interval_days");
  interval.AllowOnly({"min", "target", "max", "reason", "source", "unverified"});
  planning.interval = {interval.Integer("min", 1, 365), interval.Integer("target", 1, 365),
                       interval.Integer("max", 1, 365)};
  if (!(planning.interval.min <= planning.interval.target && planning.interval.target <= planning.interval.max)) {
    interval.Report("must satisfy min <= target <= max");
  }
  planning.interval_reason = interval.Text("reason");
  planning.interval_source = interval.ReadSource();

  const Node session = root.Child("session");
  session.AllowOnly({"needling", "numbing", "turnover", "pre_session_advice"});
  planning.pre_session_advice = session.Text("pre_session_advice");
  planning.needling_source = MinutesWithSource(session.Child("needling"), planning.needling_minutes);
  planning.needling_note = session.Child("needling").Text("note");
  planning.numbing_source = MinutesWithSource(session.Child("numbing"), planning.numbing_minutes);
  planning.turnover_source = MinutesWithSource(session.Child("turnover"), planning.turnover_minutes);

  const Node depth = root.Child("needle_depth_mm");
  depth.AllowOnly({"zones", "source", "unverified", "deep_scar_adjustment", "clinician_range"});
  std::array<bool, domain::kFacialZoneCount> seen{};
  for (const auto& [name, item] : depth.Entries("zones")) {
    const auto zone = domain::ZoneFromName(name);
    if (!zone) {
      item.Report("unknown zone");
      continue;
    }
    seen[domain::Index(*zone)] = true;
    planning.depth_mm[domain::Index(*zone)] = item.AsNumber(0.1, 3.0);
  }
  for (domain::FacialZone zone : domain::kAllFacialZones) {
    if (!seen[domain::Index(zone)]) depth.Report("zones", "missing zone '" + std::string(domain::ZoneName(zone)) + "'");
  }
  planning.depth_source = depth.ReadSource();
  const Node deep = depth.Child("deep_scar_adjustment");
  deep.AllowOnly({"min_deep_scars", "add_mm", "max_mm", "source", "unverified"});
  planning.deep_scar_depth = {deep.Integer("min_deep_scars", 1, 1000), deep.Number("add_mm", 0, 2.0),
                              deep.Number("max_mm", 0.1, 3.0), deep.ReadSource()};
  const Node range = depth.Child("clinician_range");
  range.AllowOnly({"min", "max", "source", "unverified"});
  planning.depth_range = {range.Number("min", 0.1, 3.0), range.Number("max", 0.1, 3.0), range.ReadSource()};
  if (planning.depth_range.min_mm > planning.depth_range.max_mm) range.Report("must satisfy min <= max");

  const Node expected = root.Child("expected_improvement");
  expected.AllowOnly({"note", "source", "unverified", "bands"});
  planning.expected_note = expected.Text("note");
  planning.expected_source = expected.ReadSource();
  int next_session = 1;
  for (const Node& item : expected.Items("bands")) {
    item.AllowOnly({"after_session", "low", "mid", "high"});
    domain::ImprovementBand band{item.Integer("after_session", 1, 20), item.Number("low", 0, 100),
                                 item.Number("mid", 0, 100), item.Number("high", 0, 100)};
    if (band.after_session != next_session) item.Report("after_session", "must be " + std::to_string(next_session));
    if (!(band.low_pct <= band.mid_pct && band.mid_pct <= band.high_pct))
      item.Report("must satisfy low <= mid <= high");
    next_session = band.after_session + 1;
    planning.expected_improvement.push_back(band);
  }
  if (next_session <= planning.max_sessions) {
    expected.Report("bands", "needs a band for every session up to " + std::to_string(planning.max_sessions));
  }

  for (const Node& item : root.Items("recommendations", false)) {
    item.AllowOnly({"code", "when", "message", "source", "unverified"});
    planning.recommendations.push_back(
        {item.Text("code"), ReadCondition(item.Child("when"), facts), item.Text("message"), item.ReadSource()});
  }

  // How the plan's reasons say each fact: every fact a rule above tests needs its words.
  const Node words = root.Child("facts_in_words");
  if (!words.IsMap()) {
    root.Report("facts_in_words", "required: how the plan's reasons say each fact its rules test");
  } else {
    for (const auto& [fact, node] : root.Entries("facts_in_words")) {
      const std::string said = node.AsText();
      if (facts.Find(fact) == nullptr) {
        node.Report("unknown fact '" + fact + "'");
      } else if (!said.empty() && said.find(domain::kValuePlaceholder) == std::string::npos) {
        node.Report("must say where the value goes with {value}");
      }
      planning.fact_wording[fact] = said;
    }
  }
  // How exported records name the course and its parts.
  const Node record = root.Child("record_words");
  record.AllowOnly({"course", "session", "procedure", "condition", "cartridge"});
  planning.record_words = {record.Text("course"), record.Text("session"), record.Text("procedure"),
                           record.Text("condition"), record.Text("cartridge")};
  if (planning.record_words.course.find("{sessions}") == std::string::npos) {
    record.Report("course", "must say where the number of sessions goes with {sessions}");
  }
  if (planning.record_words.session.find("{number}") == std::string::npos) {
    record.Report("session", "must say where the session's number goes with {number}");
  }
  auto needs_words = [&](const domain::Condition& when, const std::string& rule) {
    for (const std::string& fact : domain::FactsTested(when)) {
      if (words.IsMap() && planning.fact_wording.find(fact) == planning.fact_wording.end()) {
        words.Report("no words for fact '" + fact + "', which " + rule + " tests");
      }
    }
  };
  for (size_t i = 0; i < planning.session_adjustments.size(); ++i) {
    needs_words(planning.session_adjustments[i].when, "sessions.adjustments[" + std::to_string(i) + "]");
  }
  for (size_t i = 0; i < planning.recommendations.size(); ++i) {
    needs_words(planning.recommendations[i].when, "recommendations[" + std::to_string(i) + "]");
  }
  return planning;
}

}  // namespace scarwise::protocol
