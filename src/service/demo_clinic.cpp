#include "service/demo_clinic.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include "service/outbox.hpp"
#include "service/scheduling_service.hpp"
#include "service/session_day_service.hpp"

namespace scarwise::service {
namespace {

const std::vector<DemoLogin> kLogins = {
    {"admin", "admin@demo.scarwise.test", "demo-admin-2026"},
    {"clinician", "clinician@demo.scarwise.test", "demo-clinician-2026"},
    {"coordinator", "coordinator@demo.scarwise.test", "demo-coordinator-2026"},
    {"patient", "ada@demo.scarwise.test", "demo-patient-2026"},
    {"patient", "bea@demo.scarwise.test", "demo-patient-2026"},
};

enum class Stage { kRegistered, kAssessed, kScreened, kPlanned, kApproved };

struct DemoPatient {
  const char* given;
  const char* family;
  const char* birth;
  domain::Sex sex;
  int fitzpatrick;
  int grade;
  std::array<int, 6> cheek_counts;  // macular, ice pick, boxcar shallow, boxcar deep, rolling, papular
  const char* history_change;       // a screening answer set to true, or ""
  Stage stage;
};

const DemoPatient kPatients[] = {
    {"Ada", "Lindqvist", "1994-03-17", domain::Sex::kFemale, 2, 2, {1, 0, 4, 0, 3, 0}, "", Stage::kApproved},
    {"Béatrice",
     "Okafor",
     "1990-11-02",
     domain::Sex::kFemale,
     5,
     3,
     {0, 3, 4, 2, 6, 0},
     "cold_sore_history",
     Stage::kPlanned},
    {"Chen", "Wei", "1998-06-21", domain::Sex::kMale, 3, 3, {0, 4, 2, 3, 2, 0}, "", Stage::kApproved},
    {"Dário", "Fonseca", "1987-01-30", domain::Sex::kMale, 4, 4, {0, 6, 3, 6, 8, 0}, "", Stage::kPlanned},
    {"Elif", "Yıldız", "2001-09-09", domain::Sex::kFemale, 3, 2, {2, 1, 5, 0, 4, 0}, "pregnant", Stage::kScreened},
    {"Farid", "Haddad", "1992-04-14", domain::Sex::kMale, 4, 3, {0, 2, 3, 1, 7, 0}, "", Stage::kScreened},
    {"Grace", "Mensah", "1996-12-01", domain::Sex::kFemale, 6, 2, {1, 0, 3, 0, 3, 0}, "", Stage::kAssessed},
    {"Hannes", "Berger", "1985-07-07", domain::Sex::kMale, 2, 3, {0, 1, 2, 0, 3, 6}, "", Stage::kScreened},
    {"Ines", "Moreau", "1999-02-28", domain::Sex::kFemale, 3, 1, {6, 0, 1, 0, 0, 0}, "", Stage::kApproved},
    {"Jonas",
     "Virtanen",
     "1993-05-19",
     domain::Sex::kMale,
     1,
     2,
     {0, 0, 6, 0, 2, 0},
     "keloid_tendency",
     Stage::kScreened},
    {"Kiri", "Tane", "1997-08-11", domain::Sex::kOther, 4, 3, {0, 3, 3, 1, 5, 0}, "", Stage::kPlanned},
    {"Lena", "Schulz", "2000-10-23", domain::Sex::kFemale, 2, 2, {1, 1, 4, 0, 2, 0}, "", Stage::kRegistered},
    {"Mateo", "García", "1991-03-03", domain::Sex::kMale, 3, 4, {0, 5, 2, 5, 4, 0}, "anticoagulants", Stage::kApproved},
    {"Nadia", "Rahman", "1995-01-15", domain::Sex::kFemale, 5, 3, {0, 2, 4, 1, 6, 0}, "", Stage::kAssessed},
    {"Oskar", "Nowak", "1989-09-27", domain::Sex::kMale, 2, 2, {0, 0, 3, 1, 4, 0}, "sunburn_in_area", Stage::kScreened},
    {"Priya", "Nair", "1994-06-06", domain::Sex::kFemale, 4, 3, {0, 3, 2, 2, 6, 0}, "", Stage::kPlanned},
    {"Quentin", "Dubois", "1986-04-04", domain::Sex::kMale, 2, 2, {0, 1, 5, 0, 3, 0}, "", Stage::kRegistered},
    {"Rosa", "Esposito", "1998-11-30", domain::Sex::kFemale, 3, 2, {2, 0, 4, 0, 3, 0}, "", Stage::kApproved},
    {"Søren", "Madsen", "1990-02-12", domain::Sex::kMale, 1, 3, {0, 2, 4, 2, 5, 0}, "", Stage::kAssessed},
    {"Tamar", "Levi", "2002-07-18", domain::Sex::kFemale, 4, 2, {1, 1, 3, 0, 3, 0}, "", Stage::kRegistered},
};

// Nothing of concern, except the yes/no question `change` answered yes ("" for none).
domain::MedicalHistory History(const domain::Protocol& protocol, const char* change) {
  domain::MedicalHistory h = domain::UnremarkableHistory(protocol.screening.questions);
  if (*change != '\0') h.Set(change, true);
  return h;
}

// What the demo clinician recorded for a precaution: each field answered (a date: the
// consultation; a confirmation: given), as a JSON object.
std::string DemoDetails(const PlanPrecaution& precaution, Date consulted) {
  std::string out = "{";
  for (const domain::RecordField& f : precaution.record.fields) {
    if (out.size() > 1) out += ",";
    out += "\"" + f.key + "\":";
    switch (f.type) {
      case domain::RecordFieldType::kText:
        out += "\"Recorded when the demo clinic was set up\"";
        break;
      case domain::RecordFieldType::kDate:
        out += "\"" + FormatDate(consulted) + "\"";
        break;
      case domain::RecordFieldType::kConfirm:
        out += "true";
        break;
    }
  }
  return out + "}";
}

domain::ScarAssessment Assessment(const DemoPatient& p, Date date) {
  domain::ScarAssessment a;
  a.date = date;
  a.qualitative_grade = p.grade;
  a.zones.push_back({domain::FacialZone::kCheekLeft, p.cheek_counts, 0});
  return a;
}

// A re-assessment after session 1: one boxcar and one rolling scar fewer on the cheek than at
// the consultation (the demo's data, not a prediction), and the patient's ratings.
domain::Reassessment DemoReassessment(const DemoPatient& p, Date date) {
  domain::Reassessment r;
  r.visit = domain::ReassessmentVisit::kSession;
  r.after_session = 1;
  r.assessment = Assessment(p, date);
  auto& counts = r.assessment.zones.front().counts;
  for (size_t type : {size_t{2}, size_t{4}}) counts[type] = std::max(0, counts[type] - 1);
  r.patient_improvement = 3;
  r.patient_satisfaction = 7;
  return r;
}

// The demo clinic's calendar in Amsterdam: weekdays 09:00-17:30, Saturday mornings, closed
// over Christmas and New Year; two practitioners (the first is the demo clinician), two
// rooms and two pens.
Result<void> SetUpCalendar(SchedulingService& scheduling, const Request& as_admin, storage::Id clinician_user) {
  domain::WeeklyHours open;
  for (size_t d = 0; d < 5; ++d) open[d] = {{std::chrono::hours(9), std::chrono::hours(17) + std::chrono::minutes(30)}};
  open[5] = {{std::chrono::hours(9), std::chrono::hours(13)}};
  std::vector<Date> closed;
  for (const char* day : {"2026-12-25", "2026-12-26", "2027-01-01", "2027-12-25", "2027-12-26"}) {
    closed.push_back(*ParseDate(day, "closed_dates"));
  }
  SCARWISE_RETURN_IF_ERROR(
      scheduling.SaveClinicCalendar(as_admin, {"Europe/Amsterdam", open, closed, 0}, std::nullopt));
  // Who the demo clinic is: what patients see on the portal, in e-mails, on the handout.
  ClinicIdentityChange identity;
  identity.name = "Huidkliniek De Vries (demo)";
  identity.address = "Prinsengracht 100\n1015 EA Amsterdam";
  identity.phone = "+31 20 555 0100";
  identity.email = "info@demo.scarwise.test";
  SCARWISE_RETURN_IF_ERROR(scheduling.SaveIdentity(as_admin, identity, std::nullopt));
  domain::WeeklyHours mornings_off = open;
  mornings_off[2] = {{std::chrono::hours(13), std::chrono::hours(17) + std::chrono::minutes(30)}};
  const std::vector<storage::NewResource> resources = {
      {domain::ResourceKind::kPractitioner,
       "Dr Anouk de Vries",
       clinician_user,
       interop::EncodePractitionerSchedule({open, {}}),
       {}},
      {domain::ResourceKind::kPractitioner,
       "Sam Okoye (nurse practitioner)",
       std::nullopt,
       interop::EncodePractitionerSchedule(
           {mornings_off, {{*ParseDate("2027-02-15", "absences"), *ParseDate("2027-02-19", "absences")}}}),
       {}},
      {domain::ResourceKind::kRoom, "Treatment room 1", std::nullopt, "{}", {}},
      {domain::ResourceKind::kRoom, "Treatment room 2", std::nullopt, "{}", {}},
      {domain::ResourceKind::kDevice, "Dermapen 4 (no. 1)", std::nullopt, "{}", {}},
      {domain::ResourceKind::kDevice, "Dermapen 4 (no. 2)", std::nullopt, "{}", {}},
  };
  for (const storage::NewResource& r : resources) {
    SCARWISE_RETURN_IF_ERROR(scheduling.AddResource(as_admin, r));
  }
  return {};
}

// The demo patient whose first session is booked for today.
constexpr std::string_view kSessionTodayFamily = "Esposito";

// Moves a booked appointment to the same wall-clock time today in the clinic's time zone
// (the seed's shortcut: a booking is otherwise made from tomorrow on).
Result<void> MoveToToday(RecordAccess& access, const domain::PlanningProtocol& planning, storage::Id appointment_id) {
  const storage::Instant now = access.Now();
  return access.Write<void>([&](storage::Transaction& tx) -> Result<void> {
    SCARWISE_ASSIGN_OR_RETURN(auto zone, ClinicTimeZone(tx));
    SCARWISE_ASSIGN_OR_RETURN(auto appointment, tx.Scheduling().FindAppointment(appointment_id));
    const storage::NewAppointment& a = appointment.appointment;
    const LocalTime booked = zone.ToLocal(a.starts_at);
    const auto starts = zone.ToUtc({zone.ToLocal(now).day, booked.time});
    SCARWISE_ASSIGN_OR_RETURN(
        auto moved, tx.Scheduling().MoveAppointment(
                        appointment_id,
                        {starts, starts + (a.ends_at - a.starts_at), a.practitioner_id, a.room_id, a.device_id}, now));
    SCARWISE_RETURN_IF_ERROR(WithdrawAppointmentReminders(tx, appointment_id, "cancelled: the session was moved"));
    return RemindOfAppointment(tx, zone, moved, planning, now);
  });
}

// The patient signs the treatment and medical-record photograph consents on the clinic's
// tablet (a minor's parent signs for them), as at the consultation.
Result<void> SignDemoConsents(ConsentService& consent, const Request& as_clinician, int64_t patient_id,
                              const domain::PatientDetails& details, const domain::Protocol& protocol, Date today) {
  SCARWISE_ASSIGN_OR_RETURN(const auto texts, consent.Texts(as_clinician));
  const bool minor = WholeYearsBetween(details.birth_date, today) < protocol.consent.age_of_majority;
  for (const ShownConsentText& text : texts) {
    if (text.text->purpose != domain::ConsentPurpose::kTreatment &&
        text.text->purpose != domain::ConsentPurpose::kPhotosRecord) {
      continue;
    }
    ConsentSignature signature{
        text.text->purpose,
        text.text->version,
        text.sha256,
        minor ? domain::ConsentSigner::kGuardian : domain::ConsentSigner::kPatient,
        minor ? "Parent of " + details.given_name : details.given_name + " " + details.family_name,
        minor ? std::optional<std::string>("parent") : std::nullopt,
        "M 10 40 L 30 12 L 44 40 L 60 18 L 80 38 L 104 16 L 130 36",
        false};
    SCARWISE_RETURN_IF_ERROR(consent.Sign(as_clinician, patient_id, signature));
  }
  return {};
}

}  // namespace

// Charts session 1 as ended yesterday at 10:45 in Amsterdam (UTC+1), at the plan's depths.
Result<void> ChartYesterday(SessionDayService& session_day, const Request& as_clinician, storage::Id patient_id,
                            Date today) {
  SCARWISE_ASSIGN_OR_RETURN(auto draft, session_day.Draft(as_clinician, patient_id));
  domain::SessionChart chart = draft;
  const auto yesterday = std::chrono::sys_days(today) - std::chrono::days(1);
  chart.started_at = Timestamp{yesterday + std::chrono::hours(9), std::chrono::minutes(60)};
  chart.ended_at = Timestamp{yesterday + std::chrono::hours(9) + std::chrono::minutes(45), std::chrono::minutes(60)};
  chart.device = "Dermapen 4";
  chart.cartridge_lot = "DP4-2026-118";
  chart.numbing_product = "Lidocaine 4 % cream";
  chart.endpoint = "pinpoint bleeding";
  chart.redness = 2;
  chart.swelling = 1;
  chart.bleeding = domain::Bleeding::kPinpoint;
  for (auto& zone : chart.zones) zone.passes = 3;
  SCARWISE_RETURN_IF_ERROR(
      session_day.ChartSession(as_clinician, patient_id, History(session_day.protocol(), ""), chart));
  return {};
}

Result<std::vector<DemoLogin>> SeedDemoClinic(AccountsService& accounts, RecordsService& records,
                                              ConsentService& consent) {
  const Request console{std::nullopt, "demo-seed"};
  std::optional<Actor> clinician, admin;
  for (const DemoLogin& login : kLogins) {
    if (login.role == "patient") continue;
    auto user = accounts.CreateStaffUser(console, {login.email, "Demo " + login.role, login.role, login.password});
    if (!user) {
      if (user.error().code == ErrorCode::kAlreadyExists && login.role == "admin") return kLogins;  // seeded before
      return Unexpected(std::move(user).error());
    }
    if (login.role == "clinician") clinician = Actor{user->id, Role::kClinician, std::nullopt};
    if (login.role == "admin") admin = Actor{user->id, Role::kAdmin, std::nullopt};
  }
  const Request as_clinician{clinician, "demo-seed"};
  SessionDayService session_day(records, records.protocol());
  SchedulingService scheduling(records.access(), records.protocol());
  SCARWISE_RETURN_IF_ERROR(SetUpCalendar(scheduling, {admin, "demo-seed"}, clinician->user_id));
  int portal = 0, number = 0;
  for (const DemoPatient& p : kPatients) {
    const bool has_portal = portal < 2;
    // Every demo patient has an e-mail address (reserved .test domain), so reminders queue.
    const std::string email = has_portal ? kLogins[3 + static_cast<size_t>(portal)].email
                                         : "patient" + std::to_string(++number) + "@demo.scarwise.test";
    domain::PatientDetails details{p.given, p.family,     *ParseDate(p.birth, "birth_date"), p.sex, email,
                                   "",      p.fitzpatrick};
    SCARWISE_ASSIGN_OR_RETURN(auto patient, records.CreatePatient(as_clinician, details));
    if (has_portal) {
      const DemoLogin& login = kLogins[3 + static_cast<size_t>(portal++)];
      // The demo's patients accept their invitations with known passwords (README), as a
      // patient would from the link in the e-mail.
      SCARWISE_ASSIGN_OR_RETURN(auto invitation, accounts.InvitePatient(as_clinician, patient.id, login.email));
      SCARWISE_RETURN_IF_ERROR(accounts.AcceptInvitation(invitation.token, login.password, "demo-seed"));
    }
    if (p.stage == Stage::kRegistered) continue;
    // The consultation was two weeks ago: a session is never charted before it.
    const Date consulted = records.Today() - std::chrono::days(14);
    SCARWISE_RETURN_IF_ERROR(records.RecordAssessment(as_clinician, patient.id, Assessment(p, consulted)));
    if (p.stage == Stage::kAssessed) continue;
    SCARWISE_RETURN_IF_ERROR(
        records.RecordScreening(as_clinician, patient.id, History(records.protocol(), p.history_change)));
    if (p.stage == Stage::kScreened) continue;
    SCARWISE_RETURN_IF_ERROR(
        SignDemoConsents(consent, as_clinician, patient.id, details, records.protocol(), records.Today()));
    SCARWISE_ASSIGN_OR_RETURN(auto plan, records.ProposePlan(as_clinician, patient.id));
    if (p.stage == Stage::kApproved) {
      // Every precaution is recorded before approval, as the server requires.
      SCARWISE_ASSIGN_OR_RETURN(auto precautions, records.PlanPrecautions(as_clinician, plan.id));
      for (const PlanPrecaution& precaution : precautions) {
        SCARWISE_RETURN_IF_ERROR(
            records.RecordPrecaution(as_clinician, plan.id, precaution.code, DemoDetails(precaution, consulted)));
      }
      SCARWISE_RETURN_IF_ERROR(records.ApprovePlan(as_clinician, plan.id, plan.version));
      // Portal patients with an approved plan had their first session yesterday, so the
      // portal's "today", the aftercare handout and the product checker have a real day.
      if (has_portal) {
        SCARWISE_RETURN_IF_ERROR(ChartYesterday(session_day, as_clinician, patient.id, records.Today()));
        // ...and were re-assessed after it (issue 21), so the progress views have a point
        // against the predicted band and the patient's own ratings.
        SCARWISE_RETURN_IF_ERROR(
            records.RecordReassessment(as_clinician, patient.id, DemoReassessment(p, records.Today())));
      }
      // Every approved plan has its (remaining) sessions booked as a series.
      SCARWISE_ASSIGN_OR_RETURN(auto series, scheduling.BookSeries(as_clinician, plan.id, {}));
      // One patient's first session is today, so the session day (charting, which opens only
      // on the session's day) has something to show.
      if (std::string_view(p.family) == kSessionTodayFamily && !series.empty() && series.front().appointment_id) {
        SCARWISE_RETURN_IF_ERROR(
            MoveToToday(records.access(), records.protocol().planning, *series.front().appointment_id));
      }
    }
  }
  return kLogins;
}

}  // namespace scarwise::service
