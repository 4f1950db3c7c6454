// The outbox on a real SQLite database: appointment reminders 48 hours ahead that follow a
// rescheduled session, retries with growing delays that survive a restart, and alerts that
// reach every clinician without the patient's name.
#include <algorithm>
#include <filesystem>
#include <mutex>

#include <gtest/gtest.h>

#include "service/accounts_service.hpp"
#include "service/consent_service.hpp"
#include "service/outbox.hpp"
#include "service/records_service.hpp"
#include "service/recovery_service.hpp"
#include "service/scheduling_service.hpp"
#include "storage/testing/test_audit_key.hpp"
#include "support/test_dir.hpp"
#include "support/test_protocol.hpp"

namespace scarwise::service {
namespace {

namespace fs = std::filesystem;
using std::chrono::hours;
using std::chrono::minutes;

class FakeClock final : public Clock {
 public:
  std::chrono::sys_seconds Now() const override { return now; }
  std::chrono::sys_seconds now{std::chrono::seconds(1'795'000'000)};  // 2026-11-19
};

std::chrono::sys_seconds Utc(const char* iso) {
  return ParseTimestamp(iso, "t")->utc;
}

class OutboxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = scarwise::testing::TestDirectory("outbox");
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    store_ =
        std::move(*storage::OpenStore("sqlite:" + (dir_ / "test.db").string(), storage::testing::TestStoreOptions()));
    const domain::Protocol& protocol = scarwise::testing::FullDefaultProtocol();
    accounts_ = std::make_unique<AccountsService>(*store_, clock_);
    records_ = std::make_unique<RecordsService>(accounts_->access(), protocol, clock_);
    scheduling_ = std::make_unique<SchedulingService>(accounts_->access(), protocol);
    admin_ =
        Actor{accounts_->CreateStaffUser({std::nullopt, "t"}, {"admin@x.test", "A", "admin", "admin password 1"})->id,
              Role::kAdmin, std::nullopt};
    doctor_ = Actor{accounts_->CreateStaffUser({admin_, "t"}, {"doc@x.test", "D", "clinician", "doctor password"})->id,
                    Role::kClinician, std::nullopt};
    domain::WeeklyHours open;
    for (size_t d = 0; d < 5; ++d) open[d] = {{hours(9), hours(17)}};
    ASSERT_TRUE(scheduling_->SaveClinicCalendar(As(admin_), {"Europe/Amsterdam", open, {}, 0}, std::nullopt));
    ASSERT_TRUE(scheduling_->AddResource(As(admin_), {domain::ResourceKind::kPractitioner,
                                                      "Dr Vos",
                                                      std::nullopt,
                                                      interop::EncodePractitionerSchedule({open, {}}),
                                                      {}}));
    ASSERT_TRUE(scheduling_->AddResource(As(admin_), {domain::ResourceKind::kRoom, "Room 1", std::nullopt, "{}", {}}));
    ASSERT_TRUE(scheduling_->AddResource(As(admin_), {domain::ResourceKind::kDevice, "Pen", std::nullopt, "{}", {}}));

    patient_ = records_
                   ->CreatePatient(As(doctor_), {"Zoë", "Ærenberg", *ParseDate("1994-03-17", "d"), domain::Sex::kFemale,
                                                 "zoe@mail.test", "", 3})
                   ->id;
    domain::ScarAssessment a;
    a.date = *ParseDate("2026-11-19", "d");
    a.qualitative_grade = 2;
    a.zones.push_back({domain::FacialZone::kCheekRight, {1, 0, 3, 0, 3, 0}, 0});
    ASSERT_TRUE(records_->RecordAssessment(As(doctor_), patient_, a));
    ASSERT_TRUE(records_->RecordScreening(As(doctor_), patient_,
                                          domain::UnremarkableHistory(records_->protocol().screening.questions)));
    auto plan = records_->ProposePlan(As(doctor_), patient_);
    ASSERT_TRUE(plan);
    // The patient signs the treatment consent on the clinic's tablet (issue 22), then the plan is approved.
    ConsentService consent(accounts_->access(), protocol);
    const ShownConsentText treatment = consent.Texts(As(doctor_))->front();
    ASSERT_TRUE(consent.Sign(As(doctor_), patient_,
                             {treatment.text->purpose, treatment.text->version, treatment.sha256,
                              domain::ConsentSigner::kPatient, "Zoë Ærenberg", std::nullopt, "M 1 1 L 9 9", false}));
    ASSERT_TRUE(records_->ApprovePlan(As(doctor_), plan->id, plan->version));
    plan_ = plan->id;
  }
  void TearDown() override {
    scheduling_.reset();
    records_.reset();
    accounts_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  Request As(const Actor& actor) const { return {actor, "req"}; }

  // An outbox whose sender records what it sends, failing the first `failures` attempts.
  Outbox MakeOutbox(int failures = 0, OutboxOptions options = {}) {
    failures_ = failures;
    return Outbox(
        accounts_->access(),
        [this](const OutgoingMessage& m) -> Result<void> {
          std::lock_guard guard(sent_lock_);
          if (failures_ > 0) {
            --failures_;
            return Unexpected(Error{ErrorCode::kUnavailable, "connection refused", ""});
          }
          sent_.push_back(m);
          return {};
        },
        options);
  }

  std::vector<storage::OutboxRecord> Messages(storage::DeliveryStatus status) {
    return *records_->access().store().Begin().value()->Outbox().List(status, 100, 0);
  }

  fs::path dir_;
  FakeClock clock_;
  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<AccountsService> accounts_;
  std::unique_ptr<RecordsService> records_;
  std::unique_ptr<SchedulingService> scheduling_;
  Actor admin_, doctor_;
  storage::Id patient_ = 0, plan_ = 0;
  // Messages straight into the outbox, due `due`.
  void Enqueue(const char* kind, const std::string& recipient, const std::string& key, storage::Instant due) {
    auto tx = accounts_->access().store().Begin().value();
    ASSERT_TRUE(tx->Outbox().Enqueue({kind, recipient, key, "text", patient_, std::nullopt, 0, key, due, due}));
    ASSERT_TRUE(tx->Commit());
  }

  std::mutex sent_lock_;  // the outbox sends from several threads
  int failures_ = 0;
  std::vector<OutgoingMessage> sent_;
};

TEST_F(OutboxTest, AReminderGoesOut48HoursAheadAndFollowsARescheduledSession) {
  interop::BookingRequest booking;
  booking.earliest = *ParseDate("2026-12-07", "earliest");  // a Monday
  auto booked = scheduling_->BookSeries(As(doctor_), plan_, booking);
  ASSERT_TRUE(booked) << booked.error().ToString();
  ASSERT_EQ(booked->front().starts_at.utc, Utc("2026-12-07T09:00:00+01:00"));
  Outbox outbox = MakeOutbox();

  EXPECT_EQ(outbox.DeliverDue()->sent, 0) << "nothing is due yet";
  clock_.now = Utc("2026-12-05T08:59:00+01:00");
  EXPECT_EQ(outbox.DeliverDue()->sent, 0) << "a minute before 48 hours ahead";
  clock_.now = Utc("2026-12-05T09:00:00+01:00");
  ASSERT_EQ(outbox.DeliverDue()->sent, 1);
  EXPECT_EQ(sent_.back().to, "zoe@mail.test");
  EXPECT_EQ(sent_.back().subject, "Reminder: your microneedling session on Monday 7 December 2026, 09:00");
  EXPECT_EQ(outbox.DeliverDue()->sent, 0) << "sent once";

  // Session 2 moves a week later: in the same transaction the reminder of the old time is
  // withdrawn (skipped, with the reason) and one for the new time queued.
  const storage::Id second = *(*booked)[1].appointment_id;
  auto reminders_of = [&](storage::Id appointment) {
    std::vector<storage::OutboxRecord> out;
    auto tx = records_->access().store().Begin().value();
    const auto all = tx->Outbox().List(std::nullopt, 1000, 0).value();
    for (const auto& m : all) {
      if (m.message.appointment_id == appointment) out.push_back(m);
    }
    return out;  // newest first
  };
  ASSERT_EQ(reminders_of(second).size(), 1u);
  ASSERT_EQ(reminders_of(second)[0].status, storage::DeliveryStatus::kPending);
  auto moved = scheduling_->Reschedule(As(doctor_), second, ParseTimestamp("2027-01-11T10:00:00+01:00", "t").value(),
                                       std::nullopt, false);
  ASSERT_TRUE(moved) << moved.error().ToString();
  auto rows = reminders_of(second);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].status, storage::DeliveryStatus::kSkipped) << "the old reminder, withdrawn at once";
  EXPECT_EQ(rows[1].last_error, "cancelled: the session was moved");
  EXPECT_EQ(rows[1].message.appointment_sequence, 0);
  EXPECT_EQ(rows[0].status, storage::DeliveryStatus::kPending) << "the new one";
  EXPECT_EQ(rows[0].message.appointment_sequence, 1);
  EXPECT_EQ(rows[0].message.due_at, Utc("2027-01-09T10:00:00+01:00"));
  EXPECT_NE(rows[0].message.body.find("Monday 11 January 2027, 10:00"), std::string::npos);
  clock_.now = Utc("2027-01-02T09:00:00+01:00");  // past the old reminder time (2027-01-02)
  const DeliveryPass pass = *outbox.DeliverDue();
  EXPECT_EQ(pass.skipped, 0) << "nothing stale is left to skip at delivery";
  EXPECT_EQ(pass.sent, 0);
  clock_.now = Utc("2027-01-09T10:00:00+01:00");
  ASSERT_EQ(outbox.DeliverDue()->sent, 1);
  EXPECT_EQ(sent_.back().subject, "Reminder: your microneedling session on Monday 11 January 2027, 10:00");
  // Session 3 moved with it (the reflow), and so did the follow-up visit (kept at least the
  // protocol's days after the last session): their old reminders were withdrawn too.
  EXPECT_EQ(Messages(storage::DeliveryStatus::kSkipped).size(), 3u);

  // Cancelling session 3 withdraws its pending reminder in the same transaction.
  const storage::Id third = *(*booked)[2].appointment_id;
  ASSERT_EQ(reminders_of(third).front().status, storage::DeliveryStatus::kPending);
  auto cancelled = scheduling_->Close(As(doctor_), third, domain::AppointmentStatus::kCancelled, false);
  ASSERT_TRUE(cancelled) << cancelled.error().ToString();
  rows = reminders_of(third);
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows.front().status, storage::DeliveryStatus::kSkipped) << "its newest reminder";
  EXPECT_EQ(rows.front().last_error, "cancelled: the session was cancelled");
  for (const auto& m : Messages(storage::DeliveryStatus::kPending))
    EXPECT_NE(m.message.appointment_id, third) << "nothing left for it";
}

// Issue 21: booking the series books the follow-up visit at least the protocol's days after
// the last session, with its own reminder in its own words; it keeps that distance when the
// last session moves, cannot be moved closer, and is rebooked when cancelled.
TEST_F(OutboxTest, TheFollowUpVisitIsBookedWithTheSeriesRemindedAndKeptAfterTheLastSession) {
  const domain::FollowUpRule& rule = records_->protocol().planning.outcome.follow_up;
  ASSERT_EQ(rule.min_days_after_last_session, 91) << "the dates below assume the default protocol";
  interop::BookingRequest booking;
  booking.earliest = *ParseDate("2026-12-07", "earliest");  // a Monday
  auto booked = scheduling_->BookSeries(As(doctor_), plan_, booking);
  ASSERT_TRUE(booked) << booked.error().ToString();
  ASSERT_EQ(booked->size(), 4u) << "three sessions and the follow-up visit";
  const ScheduledSession last = (*booked)[2];
  const ScheduledSession visit = booked->back();
  EXPECT_EQ(last.kind, storage::AppointmentKind::kSession);
  ASSERT_EQ(visit.kind, storage::AppointmentKind::kFollowUp);
  EXPECT_EQ(visit.session_number, 3) << "it follows session 3";
  EXPECT_EQ(last.starts_at.utc, Utc("2027-02-01T09:00:00+01:00"));
  EXPECT_EQ(visit.starts_at.utc, Utc("2027-05-03T09:00:00+02:00")) << "91 days later, same weekday and time";
  EXPECT_EQ(visit.ends_at.utc - visit.starts_at.utc, minutes(rule.minutes));

  auto reminders_of = [&](storage::Id appointment) {
    std::vector<storage::OutboxRecord> out;
    auto tx = records_->access().store().Begin().value();
    const auto all = tx->Outbox().List(std::nullopt, 1000, 0).value();
    for (const auto& m : all) {
      if (m.message.appointment_id == appointment) out.push_back(m);
    }
    return out;  // newest first
  };
  auto rows = reminders_of(*visit.appointment_id);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].status, storage::DeliveryStatus::kPending);
  EXPECT_EQ(rows[0].message.subject, "Reminder: " + rule.label + " on Monday 3 May 2027, 09:00");
  EXPECT_NE(rows[0].message.body.find(rule.patient_note), std::string::npos);
  EXPECT_EQ(rows[0].message.body.find("Numbing"), std::string::npos) << "not a session's advice";
  EXPECT_EQ(rows[0].message.due_at, Utc("2027-05-01T09:00:00+02:00"));

  // Not closer to the last session than the protocol allows.
  auto early = scheduling_->Reschedule(As(doctor_), *visit.appointment_id,
                                       *ParseTimestamp("2027-04-26T09:00:00+02:00", "t"), std::nullopt, false);
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kConflict);
  EXPECT_EQ(early.error().field, "starts_at");
  EXPECT_NE(early.error().message.find("2027-05-03"), std::string::npos) << early.error().message;

  // The last session moves a week later: the follow-up visit moves with it, its old reminder skipped.
  auto moved = scheduling_->Reschedule(As(doctor_), *last.appointment_id,
                                       *ParseTimestamp("2027-02-08T09:00:00+01:00", "t"), std::nullopt, false);
  ASSERT_TRUE(moved) << moved.error().ToString();
  ASSERT_EQ(moved->moved.size(), 1u);
  EXPECT_EQ(moved->moved[0].kind, storage::AppointmentKind::kFollowUp);
  EXPECT_EQ(moved->moved[0].starts_at.utc, Utc("2027-05-10T09:00:00+02:00"));
  rows = reminders_of(*visit.appointment_id);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].status, storage::DeliveryStatus::kSkipped);
  EXPECT_EQ(rows[0].status, storage::DeliveryStatus::kPending);
  EXPECT_EQ(rows[0].message.appointment_sequence, 1);

  // It may move later, to any free slot.
  auto later = scheduling_->Reschedule(As(doctor_), *visit.appointment_id,
                                       *ParseTimestamp("2027-06-01T14:00:00+02:00", "t"), std::nullopt, false);
  ASSERT_TRUE(later) << later.error().ToString();
  EXPECT_EQ(later->changed->kind, storage::AppointmentKind::kFollowUp);
  EXPECT_EQ(reminders_of(*visit.appointment_id)[1].last_error, "cancelled: the follow-up visit was moved");

  // Cancelled: its reminder is skipped and it is rebooked at the first free slot allowed.
  auto cancelled = scheduling_->Close(As(doctor_), *visit.appointment_id, domain::AppointmentStatus::kCancelled, false);
  ASSERT_TRUE(cancelled) << cancelled.error().ToString();
  EXPECT_EQ(reminders_of(*visit.appointment_id).front().status, storage::DeliveryStatus::kSkipped);
  EXPECT_EQ(reminders_of(*visit.appointment_id).front().last_error, "cancelled: the follow-up visit was cancelled");
  ASSERT_TRUE(cancelled->changed);
  EXPECT_EQ(cancelled->changed->kind, storage::AppointmentKind::kFollowUp);
  EXPECT_EQ(cancelled->changed->starts_at.utc, Utc("2027-05-10T09:00:00+02:00"));
  ASSERT_TRUE(cancelled->changed->appointment_id);
  EXPECT_EQ(reminders_of(*cancelled->changed->appointment_id).size(), 1u);

  // The patient's list shows it as a follow-up visit; a repeated booking (rebook) replaces it.
  auto listed = scheduling_->PatientAppointments(As(doctor_), patient_);
  ASSERT_TRUE(listed);
  int follow_ups_booked = 0;
  for (const ScheduledSession& s : *listed) {
    if (s.kind == storage::AppointmentKind::kFollowUp && s.status == domain::AppointmentStatus::kBooked)
      ++follow_ups_booked;
  }
  EXPECT_EQ(follow_ups_booked, 1);
  booking.rebook = true;
  booking.earliest = *ParseDate("2027-01-04", "earliest");
  auto rebooked = scheduling_->BookSeries(As(doctor_), plan_, booking);
  ASSERT_TRUE(rebooked) << rebooked.error().ToString();
  EXPECT_EQ(rebooked->back().kind, storage::AppointmentKind::kFollowUp);
  listed = scheduling_->PatientAppointments(As(doctor_), patient_);
  follow_ups_booked = 0;
  for (const ScheduledSession& s : *listed) {
    if (s.kind == storage::AppointmentKind::kFollowUp && s.status == domain::AppointmentStatus::kBooked)
      ++follow_ups_booked;
  }
  EXPECT_EQ(follow_ups_booked, 1) << "the earlier follow-up visit was cancelled";
}

TEST_F(OutboxTest, FailedDeliveriesAreRetriedWithGrowingDelaysAndSurviveARestart) {
  interop::BookingRequest booking;
  booking.earliest = *ParseDate("2026-11-20", "earliest");  // the reminder is due at once
  ASSERT_TRUE(scheduling_->BookSeries(As(doctor_), plan_, booking));
  {
    Outbox outbox = MakeOutbox(2);
    EXPECT_EQ(outbox.DeliverDue()->retried, 1);
    auto pending = Messages(storage::DeliveryStatus::kPending);
    auto first = std::find_if(pending.begin(), pending.end(), [](auto& m) { return m.attempts == 1; });
    ASSERT_NE(first, pending.end());
    EXPECT_EQ(first->next_attempt_at, clock_.now + minutes(1));
    EXPECT_EQ(first->last_error, "connection refused");
    EXPECT_EQ(outbox.DeliverDue()->retried, 0) << "not before its next attempt";
    clock_.now += minutes(1);
    EXPECT_EQ(outbox.DeliverDue()->retried, 1);
    pending = Messages(storage::DeliveryStatus::kPending);
    first = std::find_if(pending.begin(), pending.end(), [](auto& m) { return m.attempts == 2; });
    ASSERT_NE(first, pending.end());
    EXPECT_EQ(first->next_attempt_at, clock_.now + minutes(2)) << "the delay doubles";
  }
  // The server restarts: the message is still there and goes out.
  Outbox restarted = MakeOutbox(0);
  clock_.now += minutes(2);
  EXPECT_EQ(restarted.DeliverDue()->sent, 1);
  EXPECT_EQ(sent_.size(), 1u);

  // A message that keeps failing is given up after the last attempt, visibly.
  auto moved = scheduling_->Close(As(doctor_), 2, domain::AppointmentStatus::kCancelled, false);
  ASSERT_TRUE(moved) << moved.error().ToString();
  clock_.now = Utc("2027-02-28T09:00:00+01:00");
  OutboxOptions two_tries;
  two_tries.max_attempts = 2;
  Outbox failing = MakeOutbox(100, two_tries);
  (void)failing.DeliverDue();
  clock_.now += hours(1);
  EXPECT_GE(failing.DeliverDue()->failed, 1);
  EXPECT_FALSE(Messages(storage::DeliveryStatus::kFailed).empty());
}

// The check-in schedule is the protocol's (days 0, 1, 2, 3, 7 and 14): a reminder at the start
// of each day from day 1, with the protocol's words; the after-session e-mail lists the signs.
TEST_F(OutboxTest, CheckInRemindersFollowTheProtocolsSchedule) {
  const domain::Protocol& protocol = scarwise::testing::FullDefaultProtocol();
  const Timestamp end{clock_.now, minutes(60)};
  {
    auto tx = accounts_->access().store().Begin().value();
    ASSERT_TRUE(RemindAfterSession(*tx, protocol, patient_, 77, end, clock_.now));
    ASSERT_TRUE(tx->Commit());
  }
  std::vector<std::pair<std::string, storage::Instant>> reminders;
  std::string aftercare;
  for (const storage::OutboxRecord& m : Messages(storage::DeliveryStatus::kPending)) {
    if (m.message.kind == "check_in_reminder") reminders.emplace_back(m.message.subject, m.message.due_at);
    if (m.message.kind == "aftercare_reminder") aftercare = m.message.body;
  }
  std::sort(reminders.begin(), reminders.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  ASSERT_EQ(reminders.size(), 5u);
  const int days[] = {1, 2, 3, 7, 14};
  for (size_t i = 0; i < reminders.size(); ++i) {
    SCOPED_TRACE(days[i]);
    EXPECT_EQ(reminders[i].first, "Day " + std::to_string(days[i]) + ": how is your skin?");
    EXPECT_EQ(reminders[i].second, end.utc + hours(24 * days[i]));
  }
  EXPECT_NE(aftercare.find(protocol.recovery.after_session_note), std::string::npos) << aftercare;
  for (const domain::WarningSign& sign : protocol.recovery.signs) {
    EXPECT_NE(aftercare.find(sign.patient), std::string::npos) << sign.key;
  }
}

TEST_F(OutboxTest, AnAlertReachesEveryClinicianWithoutThePatientsName) {
  RecoveryService recovery(accounts_->access(), scarwise::testing::FullDefaultProtocol());
  domain::CheckIn pus;
  pus.day_after_session = 2;
  pus.warning_signs = {"pus"};
  pus.sunscreen_used = true;
  auto outcome = recovery.RecordCheckIn(As(doctor_), patient_, pus);
  ASSERT_TRUE(outcome) << outcome.error().ToString();
  Outbox outbox = MakeOutbox();
  ASSERT_GE(outbox.DeliverDue()->sent, 1);
  const OutgoingMessage& alert = sent_.front();
  EXPECT_EQ(alert.to, "doc@x.test");
  EXPECT_EQ(alert.subject.rfind("[urgent]", 0), 0u) << alert.subject;
  for (const char* secret : {"Zoë", "Ærenberg", "zoe@mail.test"}) {
    EXPECT_EQ(alert.subject.find(secret), std::string::npos);
    EXPECT_EQ(alert.body.find(secret), std::string::npos);
  }
}

TEST_F(OutboxTest, AlertsAndInvitationsLeaveBeforeABacklogOfReminders) {
  for (int i = 0; i < 5; ++i)
    Enqueue("check_in_reminder", "zoe@mail.test", "reminder " + std::to_string(i), clock_.now - hours(2));
  Enqueue("portal_invitation", "zoe@mail.test", "invitation", clock_.now - hours(1));
  Enqueue("clinic_alert", "doc@x.test", "alert", clock_.now);
  OutboxOptions one_at_a_time;
  one_at_a_time.workers = 1;
  one_at_a_time.batch = 2;
  Outbox outbox = MakeOutbox(0, one_at_a_time);
  ASSERT_EQ(outbox.DeliverDue()->sent, 2);
  ASSERT_EQ(sent_.size(), 2u);
  EXPECT_EQ(sent_[0].subject, "invitation");
  EXPECT_EQ(sent_[1].subject, "alert") << "the alert does not wait behind older reminders";
  EXPECT_EQ(outbox.DeliverDue()->sent, 2);
  EXPECT_EQ(sent_[2].subject, "reminder 0");
}

TEST_F(OutboxTest, AMailServerStuckOnOneMessageHoldsNeitherTheAlertNorTheOtherReminders) {
  Enqueue("check_in_reminder", "stuck@mail.test", "stuck reminder", clock_.now - hours(3));
  for (int i = 0; i < 3; ++i)
    Enqueue("check_in_reminder", "zoe@mail.test", "reminder " + std::to_string(i), clock_.now - hours(2));
  Enqueue("clinic_alert", "doc@x.test", "alert", clock_.now);
  std::mutex lock;
  std::condition_variable others_done;
  std::vector<std::string> sent, sent_while_stuck;
  Outbox outbox(accounts_->access(), [&](const OutgoingMessage& m) -> Result<void> {
    std::unique_lock guard(lock);
    if (m.to == "stuck@mail.test") {
      // A server that accepted the connection and never answers, until the mail client's
      // timeout (bounded here: 5 s).
      others_done.wait_for(guard, std::chrono::seconds(5), [&] { return sent.size() == 4; });
      sent_while_stuck = sent;
      return Unexpected(Error{ErrorCode::kUnavailable, "the mail server did not answer in time", ""});
    }
    sent.push_back(m.subject);
    others_done.notify_all();
    return {};
  });
  const auto started = std::chrono::steady_clock::now();
  const DeliveryPass pass = *outbox.DeliverDue();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(4)) << "nobody waited for the timeout";
  EXPECT_EQ(pass.sent, 4);
  EXPECT_EQ(pass.retried, 1);
  ASSERT_EQ(sent_while_stuck.size(), 4u) << "the others left while one message was stuck";
  EXPECT_EQ(sent_while_stuck.front(), "alert");
}

TEST_F(OutboxTest, AMessageGivenUpTellsTheClinicAndCanBeRetried) {
  const auto coordinator =
      Actor{accounts_->CreateStaffUser({admin_, "t"}, {"desk@x.test", "K", "coordinator", "coordinator pass"})->id,
            Role::kCoordinator, std::nullopt};
  Enqueue("appointment_reminder", "zoe@mail.test", "reminder", clock_.now);
  OutboxOptions one_try;
  one_try.max_attempts = 1;
  Outbox failing = MakeOutbox(1, one_try);
  ASSERT_EQ(failing.DeliverDue()->failed, 1);
  const auto failed = Messages(storage::DeliveryStatus::kFailed);
  ASSERT_EQ(failed.size(), 1u);
  std::vector<std::string> told;
  for (const storage::OutboxRecord& r : Messages(storage::DeliveryStatus::kPending)) {
    EXPECT_EQ(r.message.kind, "delivery_failure");
    EXPECT_FALSE(r.message.patient_id) << "a clinic-wide notice";
    EXPECT_NE(r.message.subject.find("message " + std::to_string(failed[0].id)), std::string::npos);
    EXPECT_EQ(r.message.body.find("Zoë"), std::string::npos);
    EXPECT_NE(r.message.body.find("connection refused"), std::string::npos);
    told.push_back(r.message.recipient);
  }
  std::sort(told.begin(), told.end());
  EXPECT_EQ(told, (std::vector<std::string>{"admin@x.test", "doc@x.test"})) << "every admin and clinician";

  auto denied = failing.Retry({Actor{patient_, Role::kPatient, patient_}, "req"}, failed[0].id);
  ASSERT_FALSE(denied);
  auto retried = failing.Retry(As(coordinator), failed[0].id);
  ASSERT_TRUE(retried) << retried.error().ToString();
  EXPECT_EQ(retried->status, storage::DeliveryStatus::kPending);
  EXPECT_EQ(retried->attempts, 0);
  EXPECT_EQ(retried->next_attempt_at, clock_.now);
  auto again = failing.Retry(As(coordinator), failed[0].id);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(failing.Retry(As(coordinator), failed[0].id + 1000).error().code, ErrorCode::kNotFound);
  auto tx = accounts_->access().store().Begin().value();
  storage::AuditQuery query;
  query.limit = 1000;
  auto audit = tx->AuditLog().List(query);
  ASSERT_TRUE(audit);
  EXPECT_TRUE(std::any_of(audit->items.begin(), audit->items.end(), [&](const storage::AuditRecord& a) {
    return a.action == "outbox.retry" && a.entity_id == failed[0].id && a.actor_user_id == coordinator.user_id;
  }));
  tx.reset();

  OutboxOptions in_order;
  in_order.workers = 1;
  Outbox working = MakeOutbox(0, in_order);
  EXPECT_EQ(working.DeliverDue()->sent, 3);
  EXPECT_EQ(sent_.back().subject, "reminder") << "the notices went first, then the retried message";
  EXPECT_TRUE(Messages(storage::DeliveryStatus::kFailed).empty());
}

}  // namespace
}  // namespace scarwise::service
