#include "storage/testing/faulty_store.hpp"

namespace scarwise::storage::testing {
namespace {

// Forwards every call to the real transaction unless the store says this call fails.
class FaultyTransaction final : public Transaction {
 public:
  FaultyTransaction(FaultyStore& store, std::unique_ptr<Transaction> inner) : store_(store), inner_(std::move(inner)) {}

  Result<Id> CreateUser(const NewUser& user) override {
    return Call<Id>([&] { return inner_->CreateUser(user); });
  }
  Result<UserRecord> FindUser(Id id) override {
    return Call<UserRecord>([&] { return inner_->FindUser(id); });
  }
  Result<UserRecord> FindUserByEmail(std::string_view email) override {
    return Call<UserRecord>([&] { return inner_->FindUserByEmail(email); });
  }
  Result<UserRecord> FindPortalAccount(Id patient_id) override {
    return Call<UserRecord>([&] { return inner_->FindPortalAccount(patient_id); });
  }
  Result<std::vector<UserRecord>> ListUsers(int limit, Id after_id) override {
    return Call<std::vector<UserRecord>>([&] { return inner_->ListUsers(limit, after_id); });
  }
  Result<void> SetUserDisabled(Id id, bool disabled) override {
    return Call<void>([&] { return inner_->SetUserDisabled(id, disabled); });
  }
  Result<void> SetPasswordHash(Id id, std::string_view password_hash) override {
    return Call<void>([&] { return inner_->SetPasswordHash(id, password_hash); });
  }
  Result<Id> CreateSession(const NewSession& session) override {
    return Call<Id>([&] { return inner_->CreateSession(session); });
  }
  Result<SessionRecord> FindSession(std::string_view token_hash) override {
    return Call<SessionRecord>([&] { return inner_->FindSession(token_hash); });
  }
  Result<UserRecord> AuthenticateSession(std::string_view token_hash, Instant now) override {
    return Call<UserRecord>([&] { return inner_->AuthenticateSession(token_hash, now); });
  }
  Result<void> RevokeSession(std::string_view token_hash) override {
    return Call<void>([&] { return inner_->RevokeSession(token_hash); });
  }
  Result<Id> CreateInvitation(const NewInvitation& invitation) override {
    return Call<Id>([&] { return inner_->CreateInvitation(invitation); });
  }
  Result<InvitationRecord> FindLiveInvitation(std::string_view token_hash, Instant now) override {
    return Call<InvitationRecord>([&] { return inner_->FindLiveInvitation(token_hash, now); });
  }
  Result<void> UseInvitation(Id id, Instant now) override {
    return Call<void>([&] { return inner_->UseInvitation(id, now); });
  }
  Result<int64_t> RevokeUserInvitations(Id user_id) override {
    return Call<int64_t>([&] { return inner_->RevokeUserInvitations(user_id); });
  }
  Result<AlertRecord> RepeatAlert(Id id, Id check_in_id, Instant at) override {
    return Call<AlertRecord>([&] { return inner_->RepeatAlert(id, check_in_id, at); });
  }
  Result<int64_t> RevokeUserSessions(Id user_id) override {
    return Call<int64_t>([&] { return inner_->RevokeUserSessions(user_id); });
  }
  Result<int64_t> DeleteExpiredSessions(Instant now) override {
    return Call<int64_t>([&] { return inner_->DeleteExpiredSessions(now); });
  }
  Result<Id> CreatePatient(const NewPatient& patient) override {
    return Call<Id>([&] { return inner_->CreatePatient(patient); });
  }
  Result<PatientRecord> FindPatient(Id id) override {
    return Call<PatientRecord>([&] { return inner_->FindPatient(id); });
  }
  Result<PatientPage> ListPatients(const PatientQuery& query) override {
    return Call<PatientPage>([&] { return inner_->ListPatients(query); });
  }
  Result<PatientRecord> UpdatePatient(Id id, int64_t expected_version, const domain::PatientDetails& details,
                                      Instant updated_at) override {
    return Call<PatientRecord>([&] { return inner_->UpdatePatient(id, expected_version, details, updated_at); });
  }
  Result<Id> CreateAssessment(const NewAssessment& assessment) override {
    return Call<Id>([&] { return inner_->CreateAssessment(assessment); });
  }
  Result<AssessmentRecord> FindAssessment(Id id) override {
    return Call<AssessmentRecord>([&] { return inner_->FindAssessment(id); });
  }
  Result<AssessmentRecord> LatestAssessment(Id patient_id) override {
    return Call<AssessmentRecord>([&] { return inner_->LatestAssessment(patient_id); });
  }
  Result<std::vector<AssessmentRecord>> ListAssessments(Id patient_id) override {
    return Call<std::vector<AssessmentRecord>>([&] { return inner_->ListAssessments(patient_id); });
  }
  Result<Id> CreateScreening(const NewScreening& screening) override {
    return Call<Id>([&] { return inner_->CreateScreening(screening); });
  }
  Result<ScreeningRecord> FindScreening(Id id) override {
    return Call<ScreeningRecord>([&] { return inner_->FindScreening(id); });
  }
  Result<ScreeningRecord> LatestScreening(Id patient_id) override {
    return Call<ScreeningRecord>([&] { return inner_->LatestScreening(patient_id); });
  }
  Result<std::vector<ScreeningRecord>> ListScreenings(Id patient_id) override {
    return Call<std::vector<ScreeningRecord>>([&] { return inner_->ListScreenings(patient_id); });
  }
  Result<Id> CreatePlan(const NewPlan& plan) override {
    return Call<Id>([&] { return inner_->CreatePlan(plan); });
  }
  Result<PlanRecord> FindPlan(Id id) override {
    return Call<PlanRecord>([&] { return inner_->FindPlan(id); });
  }
  Result<PlanRecord> LatestPlan(Id patient_id) override {
    return Call<PlanRecord>([&] { return inner_->LatestPlan(patient_id); });
  }
  Result<std::vector<PlanRecord>> ListPlans(Id patient_id) override {
    return Call<std::vector<PlanRecord>>([&] { return inner_->ListPlans(patient_id); });
  }
  Result<PlanRecord> ApprovePlan(Id id, int64_t expected_version, Id approved_by, Instant approved_at) override {
    return Call<PlanRecord>([&] { return inner_->ApprovePlan(id, expected_version, approved_by, approved_at); });
  }
  Result<PlanRecord> ReviseProposal(Id id, int64_t expected_version, std::string_view proposal_json,
                                    Instant updated_at) override {
    return Call<PlanRecord>([&] { return inner_->ReviseProposal(id, expected_version, proposal_json, updated_at); });
  }
  Result<std::vector<PlanRecord>> ListPlansByStatus(PlanStatus status, int limit, Id after_id) override {
    return Call<std::vector<PlanRecord>>([&] { return inner_->ListPlansByStatus(status, limit, after_id); });
  }
  Result<Id> AppendHistory(const NewHistoryEntry& entry) override {
    return Call<Id>([&] { return inner_->AppendHistory(entry); });
  }
  Result<std::vector<HistoryRecord>> ListHistory(std::string_view entity, Id entity_id) override {
    return Call<std::vector<HistoryRecord>>([&] { return inner_->ListHistory(entity, entity_id); });
  }
  Result<IdempotencyRecord> FindIdempotency(Id user_id, std::string_view key) override {
    return Call<IdempotencyRecord>([&] { return inner_->FindIdempotency(user_id, key); });
  }
  Result<void> SaveIdempotency(const IdempotencyRecord& record) override {
    return Call<void>([&] { return inner_->SaveIdempotency(record); });
  }
  Result<int64_t> DeleteIdempotencyBefore(Instant before) override {
    return Call<int64_t>([&] { return inner_->DeleteIdempotencyBefore(before); });
  }
  Result<AuditRecord> AppendAudit(const NewAuditEntry& entry) override {
    return Call<AuditRecord>([&] { return inner_->AppendAudit(entry); });
  }
  Result<void> AppendAudits(std::span<const NewAuditEntry> entries) override {
    return Call<void>([&] { return inner_->AppendAudits(entries); });
  }
  Result<int64_t> IndexAuditTrail(int64_t max_entries) override {
    return Call<int64_t>([&] { return inner_->IndexAuditTrail(max_entries); });
  }
  Result<AuditPage> ListAudit(const AuditQuery& query) override {
    return Call<AuditPage>([&] { return inner_->ListAudit(query); });
  }
  Result<AuditVerification> VerifyAudit() override {
    return Call<AuditVerification>([&] { return inner_->VerifyAudit(); });
  }
  Result<Id> CreateCheckIn(const NewCheckIn& check_in) override {
    return Call<Id>([&] { return inner_->CreateCheckIn(check_in); });
  }
  Result<std::vector<CheckInRecord>> ListCheckIns(Id patient_id) override {
    return Call<std::vector<CheckInRecord>>([&] { return inner_->ListCheckIns(patient_id); });
  }
  Result<Id> CreateAlert(const NewAlert& alert) override {
    return Call<Id>([&] { return inner_->CreateAlert(alert); });
  }
  Result<AlertRecord> FindAlert(Id id) override {
    return Call<AlertRecord>([&] { return inner_->FindAlert(id); });
  }
  Result<std::vector<AlertRecord>> ListAlerts(const AlertQuery& query) override {
    return Call<std::vector<AlertRecord>>([&] { return inner_->ListAlerts(query); });
  }
  Result<AlertRecord> AcknowledgeAlert(Id id, const AlertStep& step) override {
    return Call<AlertRecord>([&] { return inner_->AcknowledgeAlert(id, step); });
  }
  Result<AlertRecord> ResolveAlert(Id id, const AlertStep& step) override {
    return Call<AlertRecord>([&] { return inner_->ResolveAlert(id, step); });
  }

  Result<Id> CreateTreatmentSession(const NewTreatmentSession& session) override {
    return Call<Id>([&] { return inner_->CreateTreatmentSession(session); });
  }
  Result<TreatmentSessionRecord> FindTreatmentSession(Id id) override {
    return Call<TreatmentSessionRecord>([&] { return inner_->FindTreatmentSession(id); });
  }
  Result<std::vector<TreatmentSessionRecord>> ListTreatmentSessions(Id patient_id) override {
    return Call<std::vector<TreatmentSessionRecord>>([&] { return inner_->ListTreatmentSessions(patient_id); });
  }
  Result<std::vector<TreatmentSessionRecord>> ListTreatmentSessionsEndedSince(Instant since) override {
    return Call<std::vector<TreatmentSessionRecord>>([&] { return inner_->ListTreatmentSessionsEndedSince(since); });
  }
  Result<Id> AppendSessionAmendment(const NewSessionAmendment& amendment) override {
    return Call<Id>([&] { return inner_->AppendSessionAmendment(amendment); });
  }
  Result<std::vector<SessionAmendmentRecord>> ListSessionAmendments(Id session_id) override {
    return Call<std::vector<SessionAmendmentRecord>>([&] { return inner_->ListSessionAmendments(session_id); });
  }

  Result<ClinicSettingsRecord> FindClinicSettings() override {
    return Call<ClinicSettingsRecord>([&] { return inner_->FindClinicSettings(); });
  }
  Result<ClinicSettingsRecord> SaveClinicSettings(const ClinicSettingsRecord& settings,
                                                  int64_t expected_version) override {
    return Call<ClinicSettingsRecord>([&] { return inner_->SaveClinicSettings(settings, expected_version); });
  }
  Result<Id> CreateResource(const NewResource& resource) override {
    return Call<Id>([&] { return inner_->CreateResource(resource); });
  }
  Result<ResourceRecord> FindResource(Id id) override {
    return Call<ResourceRecord>([&] { return inner_->FindResource(id); });
  }
  Result<std::vector<ResourceRecord>> ListResources() override {
    return Call<std::vector<ResourceRecord>>([&] { return inner_->ListResources(); });
  }
  Result<ResourceRecord> UpdateResource(Id id, int64_t expected_version, std::string_view name,
                                        std::string_view schedule_json, Instant updated_at) override {
    return Call<ResourceRecord>(
        [&] { return inner_->UpdateResource(id, expected_version, name, schedule_json, updated_at); });
  }
  Result<Id> CreateAppointment(const NewAppointment& appointment) override {
    return Call<Id>([&] { return inner_->CreateAppointment(appointment); });
  }
  Result<AppointmentRecord> FindAppointment(Id id) override {
    return Call<AppointmentRecord>([&] { return inner_->FindAppointment(id); });
  }
  Result<std::vector<AppointmentRecord>> ListAppointments(const AppointmentQuery& query) override {
    return Call<std::vector<AppointmentRecord>>([&] { return inner_->ListAppointments(query); });
  }
  Result<std::vector<BookedSlot>> ListBookedSlots(Instant from, Instant to) override {
    return Call<std::vector<BookedSlot>>([&] { return inner_->ListBookedSlots(from, to); });
  }
  Result<AppointmentRecord> MoveAppointment(Id id, const AppointmentMove& move, Instant updated_at) override {
    return Call<AppointmentRecord>([&] { return inner_->MoveAppointment(id, move, updated_at); });
  }
  Result<AppointmentRecord> CloseAppointment(Id id, std::string_view status, Instant updated_at) override {
    return Call<AppointmentRecord>([&] { return inner_->CloseAppointment(id, status, updated_at); });
  }

  Result<Id> CreateCalendarFeed(const NewCalendarFeed& feed) override {
    return Call<Id>([&] { return inner_->CreateCalendarFeed(feed); });
  }
  Result<CalendarFeedRecord> FindCalendarFeed(std::string_view token_hash) override {
    return Call<CalendarFeedRecord>([&] { return inner_->FindCalendarFeed(token_hash); });
  }
  Result<std::vector<CalendarFeedRecord>> ListCalendarFeeds(Id patient_id) override {
    return Call<std::vector<CalendarFeedRecord>>([&] { return inner_->ListCalendarFeeds(patient_id); });
  }
  Result<void> RevokeCalendarFeed(Id patient_id, Id feed_id, Instant at) override {
    return Call<void>([&] { return inner_->RevokeCalendarFeed(patient_id, feed_id, at); });
  }
  Result<int64_t> RevokeCalendarFeeds(Id patient_id, Instant at) override {
    return Call<int64_t>([&] { return inner_->RevokeCalendarFeeds(patient_id, at); });
  }
  Result<bool> ClaimCalendarFeedFetch(Id feed_id, Instant now, Instant not_before) override {
    return Call<bool>([&] { return inner_->ClaimCalendarFeedFetch(feed_id, now, not_before); });
  }

  Result<LoginFailureRecord> FindLoginFailures(std::string_view email_key, std::string_view address) override {
    return Call<LoginFailureRecord>([&] { return inner_->FindLoginFailures(email_key, address); });
  }
  Result<LoginFailureRecord> RecordLoginFailure(std::string_view email_key, std::string_view address,
                                                Instant now) override {
    return Call<LoginFailureRecord>([&] { return inner_->RecordLoginFailure(email_key, address, now); });
  }
  Result<bool> MarkLoginRefusalAudited(std::string_view email_key, std::string_view address) override {
    return Call<bool>([&] { return inner_->MarkLoginRefusalAudited(email_key, address); });
  }
  Result<void> ClearLoginFailures(std::string_view email_key, std::string_view address) override {
    return Call<void>([&] { return inner_->ClearLoginFailures(email_key, address); });
  }
  Result<int64_t> DeleteLoginFailuresBefore(Instant before) override {
    return Call<int64_t>([&] { return inner_->DeleteLoginFailuresBefore(before); });
  }

  Result<Id> CreateProductCheck(const NewProductCheck& check) override {
    return Call<Id>([&] { return inner_->CreateProductCheck(check); });
  }
  Result<std::vector<ProductCheckRecord>> ListProductChecks(Id patient_id, int limit) override {
    return Call<std::vector<ProductCheckRecord>>([&] { return inner_->ListProductChecks(patient_id, limit); });
  }
  Result<Id> EnqueueMessage(const NewOutboxMessage& message) override {
    return Call<Id>([&] { return inner_->EnqueueMessage(message); });
  }
  Result<std::vector<OutboxRecord>> DueMessages(Instant now, int limit) override {
    return Call<std::vector<OutboxRecord>>([&] { return inner_->DueMessages(now, limit); });
  }
  Result<OutboxRecord> RetryMessage(Id id, Instant now) override {
    return Call<OutboxRecord>([&] { return inner_->RetryMessage(id, now); });
  }
  Result<void> StepMessage(Id id, const OutboxStep& step) override {
    return Call<void>([&] { return inner_->StepMessage(id, step); });
  }
  Result<std::vector<OutboxRecord>> ListMessages(std::optional<std::string> status, int limit, Id before) override {
    return Call<std::vector<OutboxRecord>>([&] { return inner_->ListMessages(status, limit, before); });
  }

  Result<TwoFactorRecord> FindTwoFactor(Id user_id) override {
    return Call<TwoFactorRecord>([&] { return inner_->FindTwoFactor(user_id); });
  }
  Result<void> SaveTwoFactor(const TwoFactorRecord& record) override {
    return Call<void>([&] { return inner_->SaveTwoFactor(record); });
  }
  Result<void> UseTwoFactorStep(Id user_id, int64_t step) override {
    return Call<void>([&] { return inner_->UseTwoFactorStep(user_id, step); });
  }
  Result<void> DeleteTwoFactor(Id user_id) override {
    return Call<void>([&] { return inner_->DeleteTwoFactor(user_id); });
  }
  Result<void> ReplaceRecoveryCodes(Id user_id, std::span<const std::string> code_hashes, Instant created_at) override {
    return Call<void>([&] { return inner_->ReplaceRecoveryCodes(user_id, code_hashes, created_at); });
  }
  Result<void> UseRecoveryCode(Id user_id, std::string_view code_hash, Instant used_at) override {
    return Call<void>([&] { return inner_->UseRecoveryCode(user_id, code_hash, used_at); });
  }
  Result<int64_t> CountRecoveryCodes(Id user_id) override {
    return Call<int64_t>([&] { return inner_->CountRecoveryCodes(user_id); });
  }
  Result<SecuritySettingsRecord> FindSecuritySettings() override {
    return Call<SecuritySettingsRecord>([&] { return inner_->FindSecuritySettings(); });
  }
  Result<void> SaveSecuritySettings(const SecuritySettingsRecord& settings) override {
    return Call<void>([&] { return inner_->SaveSecuritySettings(settings); });
  }

  // Not a storage call of its own: the unit's calls count, made through this decorator.
  Result<void> Nested(const std::function<Result<void>(Transaction&)>& unit) override {
    if (aborted_) return Unexpected(InjectedFault());
    return inner_->Nested([&](Transaction&) -> Result<void> {
      in_unit_ = true;
      Result<void> result = unit(*this);
      in_unit_ = false;
      if (unit_aborted_) {
        unit_aborted_ = false;
        if (result) return Unexpected(InjectedFault());
      }
      return result;
    });
  }

  Result<void> Commit() override {
    return Call<void>([&] { return inner_->Commit(); });
  }

 private:
  // A failed call aborts the transaction (inside a unit of work: the unit), as a real
  // kUnavailable does (store.hpp).
  template <typename T, typename Forward>
  Result<T> Call(Forward&& forward) {
    if (aborted_ || unit_aborted_) {
      return Unexpected(Error{ErrorCode::kFailedPrecondition, "the transaction is no longer usable", ""});
    }
    if (store_.NextCallFails()) {
      (in_unit_ ? unit_aborted_ : aborted_) = true;
      return Unexpected(InjectedFault());
    }
    return forward();
  }

  FaultyStore& store_;
  std::unique_ptr<Transaction> inner_;
  bool aborted_ = false;
  bool in_unit_ = false;
  bool unit_aborted_ = false;
};

}  // namespace

Error InjectedFault() {
  return Error{ErrorCode::kUnavailable, "injected fault: the record store is unavailable", ""};
}

Result<std::unique_ptr<Transaction>> FaultyStore::Begin(TransactionMode mode) {
  if (mode == TransactionMode::kReadWrite) {
    const std::lock_guard lock(outage_mutex_);
    if (outage_) return Unexpected(*outage_);
  }
  if (NextCallFails()) return Unexpected(InjectedFault());
  auto inner = inner_.Begin(mode);
  if (!inner) return inner;
  return std::unique_ptr<Transaction>(std::make_unique<FaultyTransaction>(*this, std::move(*inner)));
}

}  // namespace scarwise::storage::testing
