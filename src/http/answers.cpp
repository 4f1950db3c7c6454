#include "http/answers.hpp"

#include "common/civil_time.hpp"
#include "common/json_text.hpp"
#include "http/route_support.hpp"
#include "interop/json/patient_codec.hpp"
#include "interop/json/scheduling_codec.hpp"

namespace scarwise::http {
namespace {

using nlohmann::json;

template <typename T>
json OrNull(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

json IsoOrNull(const std::optional<storage::Instant>& at) {
  return at ? json(Iso(*at)) : json(nullptr);
}

void WritePatient(JsonText& out, const storage::PatientRecord& p) {
  out.BeginObject().Key("id").Int(p.id);
  interop::WritePatientDetails(out, p.details);
  out.Key("version").Int(p.version).Key("created_at").String(Iso(p.created_at));
  out.Key("updated_at").String(Iso(p.updated_at)).EndObject();
}

// The members a patient's read never carries (ForRole).
constexpr std::string_view kInternalMembers[] = {"source", "unverified", "because", "explanation", "notes"};

void WithoutInternal(json& doc) {
  if (doc.is_array()) {
    for (json& item : doc) WithoutInternal(item);
    return;
  }
  if (!doc.is_object()) return;
  for (std::string_view member : kInternalMembers) doc.erase(std::string(member));
  if (auto amendments = doc.find("amendments"); amendments != doc.end() && amendments->is_array()) {
    for (json& amendment : *amendments) {
      if (amendment.is_object()) amendment.erase("reason");
    }
  }
  for (auto& item : doc.items()) WithoutInternal(item.value());
}

json EncodeStep(const std::optional<storage::AlertStep>& step) {
  if (!step) return nullptr;
  return {{"by", step->by}, {"at", Iso(step->at)}, {"note", step->note}};
}

json EncodeUnbookable(const domain::Unbookable& why) {
  return {{"session_number", why.session_number},
          {"constraint", why.constraint},
          {"from", FormatDate(why.from)},
          {"to", FormatDate(why.to)},
          {"message", why.message}};
}

}  // namespace

json ForRole(json doc, service::Role role) {
  if (role == service::Role::kPatient) WithoutInternal(doc);
  return doc;
}

json ForReader(json doc, const service::Request& who) {
  return ForRole(std::move(doc), who.actor ? who.actor->role : service::Role::kPatient);
}

// ---- accounts ----

json EncodeUser(const storage::UserRecord& u) {
  return {{"id", u.id},
          {"email", u.email},
          {"name", u.name},
          {"role", NameOf(u.role)},
          {"patient_id", OrNull(u.patient_id)},
          {"disabled", u.disabled}};
}

json EncodeSecurity(const storage::SecuritySettingsRecord& s) {
  return {{"require_two_factor_for_staff", s.require_two_factor_for_staff}};
}

json EncodeTwoFactorStatus(const service::TwoFactorStatus& s) {
  return {{"enabled", s.enabled},
          {"pending", s.pending},
          {"required", s.required},
          {"recovery_codes_left", s.recovery_codes_left}};
}

json EncodeTwoFactorEnrolment(const service::TwoFactorEnrolment& e) {
  return {{"secret_base32", e.secret_base32}, {"otpauth_uri", e.otpauth_uri}, {"qr_svg", e.qr_svg}};
}

// ---- records ----

HttpResponse PatientResponse(int status, const storage::PatientRecord& p) {
  JsonText out;
  WritePatient(out, p);
  return WithEtag(HttpResponse{status, "application/json", std::move(out).Take(), {}}, p.version);
}

std::string PatientPageJson(const storage::PatientPage& page) {
  JsonText out;
  out.BeginObject().Key("items").BeginArray();
  for (const storage::PatientRecord& patient : page.items) WritePatient(out, patient);
  out.EndArray().Key("next_cursor");
  page.next_cursor.empty() ? out.Null() : out.String(page.next_cursor);
  return std::move(out.EndObject()).Take();
}

json EncodeEvaluation(const storage::EvaluationRecord& e) {
  return {{"id", e.id},
          {"patient_id", e.patient_id},
          {"created_by", e.created_by},
          {"created_at", Iso(e.created_at)},
          {"input", Document(e.input_json)},
          {"result", Document(e.result_json)}};
}

std::string NewEvaluationJson(const storage::EvaluationRecord& e) {
  JsonText out;
  out.BeginObject().Key("id").Int(e.id).Key("patient_id").Int(e.patient_id).Key("created_by").Int(e.created_by);
  out.Key("created_at").String(Iso(e.created_at)).Key("input").Raw(e.input_json).Key("result").Raw(e.result_json);
  return std::move(out.EndObject()).Take();
}

json EncodePlan(const storage::PlanRecord& p, service::Role role) {
  if (role == service::Role::kCoordinator) {
    const json proposal = Document(p.proposal_json);
    json plan = nullptr;
    if (proposal.is_object() && proposal.contains("plan") && proposal["plan"].is_object()) {
      plan = json::object();
      for (const char* key : {"sessions", "interval_days", "session_minutes", "numbing_minutes", "priming_days"}) {
        if (proposal["plan"].contains(key)) plan[key] = proposal["plan"][key];
      }
    }
    return {{"id", p.id},
            {"patient_id", p.patient_id},
            {"status", NameOf(p.status)},
            {"protocol", {{"name", p.protocol_name}, {"version", p.protocol_version}}},
            {"proposal", {{"plan", plan}}},
            {"created_at", Iso(p.created_at)},
            {"approved_at", IsoOrNull(p.approved_at)},
            {"version", p.version}};
  }
  return ForRole({{"id", p.id},
                  {"patient_id", p.patient_id},
                  {"assessment_id", p.assessment_id},
                  {"screening_id", p.screening_id},
                  {"status", NameOf(p.status)},
                  {"protocol", {{"name", p.protocol_name}, {"version", p.protocol_version}}},
                  {"proposal", Document(p.proposal_json)},
                  {"created_by", p.created_by},
                  {"created_at", Iso(p.created_at)},
                  {"approved_by", OrNull(p.approved_by)},
                  {"approved_at", IsoOrNull(p.approved_at)},
                  {"version", p.version}},
                 role);
}

json EncodePlans(const std::vector<storage::PlanRecord>& plans, service::Role role) {
  json items = json::array();
  for (const storage::PlanRecord& p : plans) items.push_back(EncodePlan(p, role));
  return {{"items", items}};
}

json EncodeHistory(const storage::HistoryRecord& h) {
  return {{"version", h.version},
          {"changed_by", OrNull(h.changed_by)},
          {"changed_at", Iso(h.changed_at)},
          {"record", Document(h.snapshot_json)}};
}

json EncodeAudit(const storage::AuditRecord& a) {
  return {{"seq", a.seq},
          {"at", Iso(a.at)},
          {"actor_user_id", OrNull(a.actor_user_id)},
          {"actor_role", a.actor_role},
          {"action", a.action},
          {"entity", a.entity},
          {"entity_id", OrNull(a.entity_id)},
          {"request_id", a.request_id},
          {"outcome", a.outcome},
          {"hash", a.hash}};
}

// ---- recovery and the patients' questions ----

json EncodeCheckIn(const storage::CheckInRecord& r) {
  const storage::NewCheckIn& c = r.check_in;
  json signs = json::array();
  for (size_t start = 0; start < c.warning_signs.size();) {
    const size_t end = std::min(c.warning_signs.find(',', start), c.warning_signs.size());
    signs.push_back(c.warning_signs.substr(start, end - start));
    start = end + 1;
  }
  return {{"id", r.id},
          {"patient_id", c.patient_id},
          {"recorded_by", c.recorded_by},
          {"recorded_at", Iso(c.recorded_at)},
          {"day_after_session", c.day_after_session},
          {"redness", c.redness},
          {"swelling", c.swelling},
          {"pain", c.pain},
          {"warning_signs", signs},
          {"products_applied", c.products_applied},
          {"sunscreen_used", c.sunscreen_used},
          {"makeup_used", c.makeup_used}};
}

json EncodeAdverseEvent(const storage::AdverseEventRecord& r) {
  const storage::NewAdverseEvent& e = r.event;
  const auto text_or_null = [](const std::string& text) { return text.empty() ? json(nullptr) : json(text); };
  return {{"id", r.id},
          {"patient_id", e.patient_id},
          {"type", e.type},
          {"severity", e.severity},
          {"onset_on", e.onset_on},
          {"session_id", e.session_id ? json(*e.session_id) : json(nullptr)},
          {"lot", text_or_null(e.lot)},
          {"alert_id", e.alert_id ? json(*e.alert_id) : json(nullptr)},
          {"treatment", e.treatment},
          {"outcome", e.outcome},
          {"resolved_on", text_or_null(e.resolved_on)},
          {"notes", e.notes},
          {"recorded_by", e.recorded_by},
          {"recorded_at", Iso(e.recorded_at)},
          {"updated_at", Iso(r.updated_at)},
          {"version", r.version}};
}

json EncodeAlert(const storage::AlertRecord& r) {
  return {{"id", r.id},
          {"patient_id", r.alert.patient_id},
          {"check_in_id", OrNull(r.alert.check_in_id)},
          {"urgency", NameOf(r.alert.urgency)},
          {"code", r.alert.code},
          {"message", r.alert.message},
          {"source", r.alert.source},
          {"status", NameOf(r.status)},
          {"created_at", Iso(r.alert.created_at)},
          {"acknowledged", EncodeStep(r.acknowledged)},
          {"resolved", EncodeStep(r.resolved)},
          {"repeats", r.repeats},
          {"last_check_in_id", OrNull(r.last_check_in_id)},
          {"last_seen_at", IsoOrNull(r.last_seen_at)}};
}

json EncodeAlertForPatient(const storage::AlertRecord& r) {
  return {{"id", r.id}, {"urgency", NameOf(r.alert.urgency)}};
}

json EncodeFaq(const domain::FaqEntry& entry) {
  return {{"code", entry.code},
          {"question", entry.question},
          {"answer", entry.answer},
          {"source", entry.source.citation},
          {"unverified", entry.source.unverified}};
}

// ---- consent ----

json EncodeConsentText(const service::ShownConsentText& shown) {
  json sections = json::array();
  for (const domain::ConsentSection& section : shown.text->sections) {
    sections.push_back({{"heading", section.heading}, {"text", section.text}, {"source", section.source.citation}});
  }
  return {{"purpose", domain::ConsentPurposeName(shown.text->purpose)},
          {"version", shown.text->version},
          {"title", shown.text->title},
          {"sections", std::move(sections)},
          {"shown_text", shown.shown},
          {"sha256", shown.sha256}};
}

json EncodeConsent(const storage::ConsentRecord& r) {
  const storage::NewConsent& c = r.consent;
  return {{"id", r.id},
          {"patient_id", c.patient_id},
          {"purpose", c.purpose},
          {"text_version", c.text_version},
          {"text_sha256", c.text_sha256},
          {"shown_text", c.shown_text},
          {"signer", c.signer},
          {"signer_name", c.signer_name},
          {"guardian_relationship", c.guardian_relationship ? json(*c.guardian_relationship) : json(nullptr)},
          {"signature_method", c.signature_method},
          {"signature_svg_path", c.signature_svg_path},
          {"signed_at", Iso(c.signed_at)},
          {"recorded_by", c.recorded_by},
          {"current", r.current()},
          {"withdrawn_at", r.withdrawn_at ? json(Iso(*r.withdrawn_at)) : json(nullptr)},
          {"withdrawn_by", r.withdrawn_by ? json(*r.withdrawn_by) : json(nullptr)}};
}

// ---- photographs ----

// "a,b" as ["a", "b"]; "" as [].
json CommaList(const std::string& list) {
  json out = json::array();
  for (size_t from = 0; from < list.size();) {
    const size_t comma = std::min(list.find(',', from), list.size());
    out.push_back(list.substr(from, comma - from));
    from = comma + 1;
  }
  return out;
}

json EncodePhoto(const service::PhotoListing& listing) {
  const storage::PhotoRecord& r = listing.record;
  const storage::NewPhoto& p = r.photo;
  json urls = json::object();
  for (const service::PhotoLink& link : listing.links) urls[link.variant] = link.path;
  return {{"id", r.id},
          {"patient_id", p.patient_id},
          {"view", p.view},
          {"visit", p.visit},
          {"purposes", CommaList(p.purposes)},
          {"withdrawn_purposes", CommaList(p.withdrawn_purposes)},
          {"content_type", p.content_type},
          {"sha256", p.sha256},
          {"width", p.width},
          {"height", p.height},
          {"stored_bytes", p.stored_bytes},
          {"variants", r.variants},
          {"alignment", Document(p.alignment_json)},
          {"uploaded_by", p.uploaded_by},
          {"uploaded_at", Iso(p.uploaded_at)},
          {"urls", std::move(urls)}};
}

// ---- session day ----

json EncodeAmendment(const storage::SessionAmendmentRecord& r) {
  return {{"id", r.id},
          {"amended_by", r.amendment.amended_by},
          {"amended_at", Iso(r.amendment.amended_at)},
          {"reason", r.amendment.reason},
          {"changes", Document(r.amendment.changes_json)}};
}

json EncodeChartedSession(const service::ChartedSession& charted) {
  const storage::NewTreatmentSession& s = charted.record.session;
  return {{"id", charted.record.id},
          {"patient_id", s.patient_id},
          {"plan_id", s.plan_id},
          {"session_number", s.session_number},
          {"appointment_id", OrNull(s.appointment_id)},
          {"screening_id", s.screening_id},
          {"charted_by", s.charted_by},
          {"charted_at", Iso(s.charted_at)},
          {"chart", Document(s.chart_json)},
          {"amendments", List(charted.amendments, &EncodeAmendment)["items"]}};
}

json EncodeProductCheckRecord(const storage::ProductCheckRecord& r) {
  return {{"id", r.id},
          {"checked_at", Iso(r.check.checked_at)},
          {"checked_by", r.check.checked_by},
          {"day_after_session", r.check.day_after_session},
          {"product_type", r.check.product_type},
          {"inci", r.check.inci},
          {"result", Document(r.check.result_json)}};
}

// ---- scheduling ----

json EncodeScheduledSession(const service::ScheduledSession& s) {
  return {{"id", OrNull(s.appointment_id)},
          {"plan_id", s.plan_id},
          {"patient_id", s.patient_id},
          {"session_number", s.session_number},
          {"starts_at", FormatTimestamp(s.starts_at)},
          {"ends_at", FormatTimestamp(s.ends_at)},
          {"practitioner_id", s.practitioner_id},
          {"room_id", s.room_id},
          {"device_id", s.device_id},
          {"status", NameOf(s.status)},
          {"sequence", s.sequence},
          {"kind", NameOf(s.kind)}};
}

json EncodeScheduledSessions(const std::vector<service::ScheduledSession>& sessions) {
  json out = json::array();
  for (const auto& s : sessions) out.push_back(EncodeScheduledSession(s));
  return out;
}

json EncodeClinicCalendar(const service::ClinicCalendarSettings& c) {
  return {{"time_zone", c.time_zone},
          {"opening_hours", interop::EncodeWeeklyHours(c.opening_hours)},
          {"closed_dates", interop::EncodeDates(c.closed_dates)},
          {"version", c.version}};
}

json EncodeResource(const storage::ResourceRecord& r) {
  json out = {{"id", r.id}, {"kind", NameOf(r.resource.kind)}, {"name", r.resource.name}, {"version", r.version}};
  if (r.resource.kind == domain::ResourceKind::kPractitioner) {
    out["user_id"] = OrNull(r.resource.user_id);
    const json schedule = Document(r.resource.schedule_json);
    out["working_hours"] = schedule.value("working_hours", json::object());
    out["absences"] = schedule.value("absences", json::array());
  }
  return out;
}

json EncodeReflow(const service::ReflowOutcome& o) {
  return {{"dry_run", o.dry_run},
          {"appointment", o.changed ? EncodeScheduledSession(*o.changed) : json(nullptr)},
          {"moved", EncodeScheduledSessions(o.moved)},
          {"unresolved", o.unresolved ? EncodeUnbookable(*o.unresolved) : json(nullptr)}};
}

json EncodeAlternatives(const std::vector<service::SeriesAlternative>& alternatives) {
  json out = json::array();
  for (const auto& a : alternatives) {
    out.push_back({{"rank", a.rank},
                   {"same_practitioner", a.same_practitioner},
                   {"same_weekday_and_time", a.same_weekday_and_time},
                   {"gaps_days", a.gaps_days},
                   {"appointments", EncodeScheduledSessions(a.sessions)}});
  }
  return json{{"dry_run", true}, {"alternatives", out}};
}

json EncodePractitionerUpdate(const service::SchedulingService::PractitionerUpdate& updated) {
  json out = EncodeResource(updated.practitioner);
  out["displaced_sessions"] = json::array();
  for (const service::DisplacedSession& d : updated.displaced) {
    json session = EncodeScheduledSession(d.session);
    session["constraint"] = d.constraint;
    out["displaced_sessions"].push_back(std::move(session));
  }
  return out;
}

json EncodeCalendarFeed(const storage::CalendarFeedRecord& f) {
  return {{"id", f.id},
          {"created_at", Iso(f.feed.created_at)},
          {"created_by", f.feed.created_by},
          {"last_fetched_at", IsoOrNull(f.last_fetched_at)}};
}

// ---- outbox ----

json EncodeOutboxMessage(const storage::OutboxRecord& r) {
  const storage::NewOutboxMessage& m = r.message;
  return {{"id", r.id},
          {"kind", m.kind},
          {"recipient", m.recipient},
          {"subject", m.subject},
          {"patient_id", OrNull(m.patient_id)},
          {"appointment_id", OrNull(m.appointment_id)},
          {"due_at", Iso(m.due_at)},
          {"status", NameOf(r.status)},
          {"attempts", r.attempts},
          {"next_attempt_at", Iso(r.next_attempt_at)},
          {"last_error", r.last_error},
          {"sent_at", IsoOrNull(r.sent_at)}};
}

// ---- progress ----

namespace {

json ProgressBands(const std::vector<domain::ImprovementBand>& bands) {
  json out = json::array();
  for (const domain::ImprovementBand& b : bands) {
    out.push_back({{"after_session", b.after_session},
                   {"improvement_pct", {{"low", b.low_pct}, {"mid", b.mid_pct}, {"high", b.high_pct}}}});
  }
  return out;
}

}  // namespace

// The course as the API shows it. A patient sees their progress against the band and the
// protocol's words for them, not the clinician's reason and suggestions.
json EncodeCourse(const service::CourseProgressView& view, const domain::OutcomeModel& model, bool for_patient) {
  json points = json::array();
  for (const service::ProgressPoint& p : view.points) {
    json rating = json::object();
    rating["improvement"] = OrNull(p.reassessment.patient_improvement);
    rating["satisfaction"] = OrNull(p.reassessment.patient_satisfaction);
    points.push_back({{"id", p.id},
                      {"visit", domain::ReassessmentVisitName(p.reassessment.visit)},
                      {"after_session", p.reassessment.after_session},
                      {"date", FormatDate(p.reassessment.assessment.date)},
                      {"recorded_at", Iso(p.recorded_at)},
                      {"goodman_baron_quantitative", p.quantitative},
                      {"goodman_baron_qualitative", p.qualitative_grade},
                      {"ecca_total", OrNull(p.ecca_total)},
                      {"improvement_pct", OrNull(p.improvement_pct)},
                      {"patient_rating", rating}});
  }
  const domain::CourseProgress& progress = view.progress;
  json behind = {{"evaluated", progress.behind.evaluated},
                 {"behind", progress.behind.behind},
                 {"from_session", model.behind.from_session},
                 {"after_session", progress.behind.evaluated ? json(progress.behind.after_session) : json(nullptr)},
                 {"observed_pct", progress.behind.evaluated ? json(progress.behind.observed_pct) : json(nullptr)},
                 {"low_pct", progress.behind.evaluated ? json(progress.behind.low_pct) : json(nullptr)},
                 {"source", model.behind.source.citation}};
  json suggestions = json::array();
  if (!for_patient) {
    behind["reason"] = progress.behind.reason;
    if (progress.behind.behind) {
      for (const domain::BehindSuggestion& s : model.behind.suggestions) {
        suggestions.push_back({{"code", s.code},
                               {"message", s.message},
                               {"source", s.source.citation},
                               {"unverified", s.source.unverified}});
      }
    }
  }
  return {{"patient_id", view.patient_id},
          {"patient_name", view.patient_name},
          {"plan_id", view.plan_id},
          {"sessions", view.sessions},
          {"baseline",
           {{"date", FormatDate(view.baseline_date)},
            {"goodman_baron_quantitative", view.baseline_quantitative},
            {"goodman_baron_qualitative", view.baseline_grade}}},
          {"points", points},
          {"expected", ProgressBands(progress.planned)},
          {"updated", ProgressBands(progress.updated)},
          {"status", domain::CourseStatusName(progress.status)},
          {"behind", behind},
          {"suggestions", suggestions},
          {"patient_message", progress.patient_message},
          {"explanation", progress.explanation},
          {"explanation_source", model.wording.source.citation},
          {"adherence",
           {{"share", domain::AdherenceShare(view.adherence)},
            {"check_ins", view.adherence.check_ins},
            {"check_ins_followed", view.adherence.check_ins_followed},
            {"sessions_kept", view.adherence.sessions_kept},
            {"sessions_skipped", view.adherence.sessions_skipped},
            {"source", model.adherence_source.citation}}}};
}

}  // namespace scarwise::http
