#include "cli/text_report.hpp"

#include <sstream>

#include <nlohmann/json.hpp>

namespace scarwise::cli {
namespace {

using nlohmann::json;

std::string Words(std::string code) {
  for (char& c : code) {
    if (c == '_') c = ' ';
  }
  return code;
}

std::string Num(const json& v) {
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  std::ostringstream s;
  s << v.get<double>();
  return s.str();
}

void Findings(std::ostringstream& out, const char* heading, const json& findings) {
  if (findings.empty()) return;
  out << "\n" << heading << ":\n";
  for (const json& f : findings) {
    out << "  - " << f["code"].get<std::string>() << ": " << f["message"].get<std::string>() << "\n"
        << "      " << f["action"].get<std::string>() << "\n"
        << "      because " << f["because"].get<std::string>() << "\n";
    if (f.value("clinician_must_confirm", false)) out << "      the clinician must confirm before proceeding\n";
    out << "      source: " << f["source"].get<std::string>() << (f["unverified"].get<bool>() ? " (unverified)" : "")
        << "\n";
  }
}

}  // namespace

std::string ReviewText(const json& r) {
  std::ostringstream out;
  out << "Decision: " << Words(r["decision"].get<std::string>()) << "\n";
  const json& scores = r["scores"];
  out << "Goodman & Baron: quantitative score " << Num(scores["goodman_baron_quantitative"]) << ", qualitative grade "
      << Num(scores["goodman_baron_qualitative"]) << "\n";
  Findings(out, "Reasons", r["reasons"]);
  if (!r["rescreen_after"].is_null()) out << "\nRescreen after " << r["rescreen_after"].get<std::string>() << "\n";
  Findings(out, "Precautions", r["precautions"]);
  const json& plan = r["plan"];
  if (!plan.is_null()) {
    const json& interval = plan["interval_days"];
    out << "\nProposed plan (for the clinician to review and approve):\n"
        << "  Sessions: " << Num(plan["sessions"]) << ", every " << Num(interval["target"]) << " days (window "
        << Num(interval["min"]) << "-" << Num(interval["max"]) << " days)\n"
        << "  Each session: about " << Num(plan["session_minutes"]) << " minutes for the procedure, after "
        << Num(plan["numbing_minutes"]) << " minutes of numbing\n"
        << "  Needle depth:";
    for (const json& z : plan["zones"]) {
      out << " " << z["zone"].get<std::string>() << " " << Num(z["needle_depth_mm"]) << " mm;";
    }
    out << "\n  Expected improvement (cumulative, low / mid / high):\n";
    for (const json& e : plan["expected"]) {
      const json& pct = e["improvement_pct"];
      out << "    after session " << Num(e["after_session"]) << ": " << Num(pct["low"]) << " / " << Num(pct["mid"])
          << " / " << Num(pct["high"]) << " %\n";
    }
    for (const json& rec : plan["recommendations"]) {
      out << "  Recommendation: " << rec["message"].get<std::string>() << "\n";
    }
    out << "  Why:\n";
    for (const json& e : plan["explanation"]) {
      out << "    - " << e["text"].get<std::string>() << "\n      source: " << e["source"].get<std::string>()
          << (e["unverified"].get<bool>() ? " (unverified)" : "") << "\n";
    }
  }
  out << "\nProtocol: " << r["protocol"]["name"].get<std::string>() << " "
      << r["protocol"]["version"].get<std::string>() << "\n";
  return out.str();
}

std::string AftercareText(const json& a) {
  std::ostringstream out;
  out << "Aftercare for a session that ended " << a["session_end"].get<std::string>() << ", as of "
      << a["at"].get<std::string>() << ":\n";
  for (const json& item : a["items"]) {
    const bool allowed = item["status"] == "allowed";
    out << "  [" << (allowed ? "allowed" : "wait   ") << "] " << item["title"].get<std::string>();
    if (!allowed) out << " - from " << item["allowed_from"].get<std::string>();
    if (item.contains("keep_up_until")) out << " - keep up until " << item["keep_up_until"].get<std::string>();
    out << "\n            " << item["advice"].get<std::string>() << "\n";
  }
  return out.str();
}

std::string ProductCheckText(const json& c) {
  std::ostringstream out;
  const bool avoid = c["verdict"] == "avoid";
  out << (avoid ? "AVOID" : "OK") << " on day " << Num(c["day"]) << " after the session";
  if (Num(c["ok_from_day"]) != "0") out << " (the whole product is fine from day " << Num(c["ok_from_day"]) << ")";
  out << "\n";
  for (const json& f : c["findings"]) {
    out << "  - " << f["ingredient"].get<std::string>() << ": " << Words(f["category"].get<std::string>()) << " ("
        << f["severity"].get<std::string>() << "), fine from day " << Num(f["ok_from_day"]) << "\n      "
        << f["reason"].get<std::string>() << "\n";
  }
  for (const json& n : c["notes"]) out << "  note: " << n.get<std::string>() << "\n";
  out << "Ingredients read (" << c["ingredients"].size() << "):";
  for (const json& i : c["ingredients"]) out << " " << i.get<std::string>() << ";";
  out << "\n";
  return out.str();
}

}  // namespace scarwise::cli
