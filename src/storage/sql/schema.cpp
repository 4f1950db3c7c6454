#include "storage/sql/migration.hpp"

namespace scarwise::storage::sql {
namespace {

constexpr ColumnSpec I(std::string_view name) {
  return ColumnSpec{name, true};
}
constexpr ColumnSpec T(std::string_view name) {
  return ColumnSpec{name, false};
}

}  // namespace

const std::vector<TableSpec>& BackupTables() {
  static const std::vector<TableSpec> kTables = {
      {"patients",
       {I("id"), T("given_name"), T("family_name"), T("birth_date"), T("sex"), T("email"), T("phone"), I("fitzpatrick"),
        T("sort_key"), T("search_text"), I("created_at"), I("updated_at"), I("version")},
       "id",
       true},
      {"users",
       {I("id"), T("email"), T("email_key"), T("name"), T("role"), T("password_hash"), I("patient_id"), I("created_at"),
        I("disabled")},
       "id",
       true},
      {"sessions",
       {I("id"), T("token_hash"), I("user_id"), I("created_at"), I("expires_at"), I("revoked")},
       "id",
       true},
      {"assessments",
       {I("id"), I("patient_id"), I("created_by"), I("created_at"), T("input_json"), T("result_json")},
       "id",
       true},
      {"screenings",
       {I("id"), I("patient_id"), I("created_by"), I("created_at"), T("input_json"), T("result_json")},
       "id",
       true},
      {"plans",
       {I("id"), I("patient_id"), I("assessment_id"), I("screening_id"), T("proposal_json"), T("status"),
        T("protocol_name"), T("protocol_version"), I("created_by"), I("created_at"), I("approved_by"), I("approved_at"),
        I("updated_at"), I("version")},
       "id",
       true},
      {"record_history",
       {I("id"), T("entity"), I("entity_id"), I("version"), I("changed_by"), I("changed_at"), T("snapshot_json")},
       "id",
       true},
      {"idempotency_keys",
       {I("user_id"), T("idem_key"), T("method"), T("path"), T("request_hash"), I("status_code"), T("response_body"),
        I("created_at")},
       "user_id, idem_key",
       false},
      {"audit_log",
       {I("seq"), I("at"), I("actor_user_id"), T("actor_role"), T("action"), T("entity"), I("entity_id"),
        T("request_id"), T("outcome"), T("prev_hash"), T("hash")},
       "seq",
       false},
      {"audit_head", {I("id"), I("last_seq"), T("last_hash")}, "id", false},
      {"check_ins",
       {I("id"), I("patient_id"), I("recorded_by"), I("recorded_at"), I("day_after_session"), I("redness"),
        I("swelling"), I("pain"), T("warning_signs"), T("products_applied"), I("sunscreen_used"), I("makeup_used")},
       "id",
       true},
      {"alerts",
       {I("id"),          I("patient_id"),      I("check_in_id"),      T("urgency"),
        T("code"),        T("message"),         T("source"),           T("status"),
        I("created_at"),  I("acknowledged_by"), I("acknowledged_at"),  T("acknowledged_note"),
        I("resolved_by"), I("resolved_at"),     T("resolved_note"),    I("session_id"),
        I("missed_day"),  I("repeats"),         I("last_check_in_id"), I("last_seen_at")},
       "id",
       true},
      {"treatment_sessions",
       {I("id"), I("patient_id"), I("plan_id"), I("session_number"), I("appointment_id"), I("screening_id"),
        I("charted_by"), I("charted_at"), I("ended_at"), I("end_offset_minutes"), T("chart_json")},
       "id",
       true},
      {"session_amendments",
       {I("id"), I("session_id"), I("amended_by"), I("amended_at"), T("reason"), T("changes_json")},
       "id",
       true},
      {"clinic_settings",
       {I("id"), T("time_zone"), T("opening_hours_json"), T("closed_dates_json"), I("updated_at"), I("version")},
       "id",
       false},
      {"resources",
       {I("id"), T("kind"), T("name"), I("user_id"), T("schedule_json"), I("created_at"), I("updated_at"),
        I("version")},
       "id",
       true},
      {"appointments",
       {I("id"), I("plan_id"), I("patient_id"), I("session_number"), I("starts_at"), I("ends_at"), I("practitioner_id"),
        I("room_id"), I("device_id"), I("booked_by"), I("created_at"), T("status"), I("sequence"), I("updated_at")},
       "id",
       true},
      {"resource_slots", {I("resource_id"), I("cell"), I("appointment_id")}, "resource_id, cell", false},
      {"outbox_messages",
       {I("id"), T("kind"), T("recipient"), T("subject"), T("body"), I("patient_id"), I("appointment_id"),
        I("appointment_sequence"), T("dedupe_key"), I("due_at"), I("created_at"), T("status"), I("attempts"),
        I("next_attempt_at"), T("last_error"), I("sent_at")},
       "id",
       true},
      {"product_checks",
       {I("id"), I("patient_id"), I("checked_by"), I("checked_at"), I("day_after_session"), T("product_type"),
        T("inci"), T("result_json")},
       "id",
       true},
      {"calendar_feeds",
       {I("id"), T("token_hash"), I("patient_id"), I("practitioner_id"), I("created_by"), I("created_at"),
        I("revoked_at"), I("last_fetched_at")},
       "id",
       true},
      {"portal_invitations",
       {I("id"), I("user_id"), T("token_hash"), I("created_by"), I("created_at"), I("expires_at"), I("used_at"),
        I("revoked")},
       "id",
       true},
      {"login_failures",
       {T("email_key"), T("address"), I("failures"), I("last_failure_at"), I("refusal_audited")},
       "email_key, address",
       false},
      {"two_factor", {I("user_id"), T("secret"), I("enabled"), I("last_step"), I("updated_at")}, "user_id", false},
      {"recovery_codes", {I("user_id"), T("code_hash"), I("created_at"), I("used_at")}, "user_id, code_hash", false},
      {"security_settings",
       {I("id"), I("require_two_factor_for_staff"), I("updated_at"), I("updated_by")},
       "id",
       false},
  };
  return kTables;
}

const TableSpec* FindBackupTable(std::string_view name) {
  for (const TableSpec& table : BackupTables()) {
    if (table.name == name) return &table;
  }
  return nullptr;
}

}  // namespace scarwise::storage::sql
