#pragma once

// The SQL repositories, one per aggregate, each made for one unit of work (sql_store.cpp
// makes them when a transaction first asks for one).
#include <memory>

#include "storage/sql/unit_of_work.hpp"
#include "storage/store.hpp"

namespace scarwise::storage::sql {

std::unique_ptr<AccountRepository> NewSqlAccounts(UnitOfWork& uow);
std::unique_ptr<SessionRepository> NewSqlSessions(UnitOfWork& uow);
std::unique_ptr<TwoFactorRepository> NewSqlTwoFactor(UnitOfWork& uow);
std::unique_ptr<PatientRepository> NewSqlPatients(UnitOfWork& uow);
std::unique_ptr<HistoryRepository> NewSqlHistory(UnitOfWork& uow);
std::unique_ptr<EvaluationRepository> NewSqlEvaluations(UnitOfWork& uow);
std::unique_ptr<PlanRepository> NewSqlPlans(UnitOfWork& uow);
std::unique_ptr<IdempotencyRepository> NewSqlIdempotency(UnitOfWork& uow);
std::unique_ptr<AuditRepository> NewSqlAuditLog(UnitOfWork& uow);
std::unique_ptr<RecoveryRepository> NewSqlRecovery(UnitOfWork& uow);
std::unique_ptr<SessionDayRepository> NewSqlSessionDay(UnitOfWork& uow);
std::unique_ptr<SchedulingRepository> NewSqlScheduling(UnitOfWork& uow);
std::unique_ptr<CalendarFeedRepository> NewSqlCalendarFeeds(UnitOfWork& uow);
std::unique_ptr<OutboxRepository> NewSqlOutbox(UnitOfWork& uow);
std::unique_ptr<LeaseRepository> NewSqlLeases(UnitOfWork& uow);

}  // namespace scarwise::storage::sql
