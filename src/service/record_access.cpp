#include "service/record_access.hpp"

#include "storage/audit_chain.hpp"

namespace scarwise::service {

storage::NewAuditEntry AuditEntry(const Request& request, storage::Instant at, std::string_view action,
                                  std::string entity, std::optional<storage::Id> entity_id, std::string outcome) {
  storage::NewAuditEntry entry;
  entry.at = at;
  if (request.actor) {
    entry.actor_user_id = request.actor->user_id;
    entry.actor_role = std::string(NameOf(request.actor->role));
  }
  entry.action = std::string(action);
  entry.entity = std::move(entity);
  entry.entity_id = entity_id;
  entry.request_id = request.request_id;
  entry.outcome = std::move(outcome);
  return entry;
}

Result<std::optional<storage::Id>> EarlierCreation(storage::Transaction& tx, storage::Id user_id,
                                                   const std::optional<IdempotencyKey>& key) {
  if (!key) return std::optional<storage::Id>();
  auto earlier = tx.Idempotency().Find(user_id, key->key);
  if (!earlier) {
    if (earlier.error().code != ErrorCode::kNotFound) return Unexpected(std::move(earlier).error());
    return std::optional<storage::Id>();
  }
  if (earlier->request_hash != storage::Sha256Hex(key->body) || earlier->path != key->path) {
    return Unexpected(Conflict("Idempotency-Key", "this key was used for a different request"));
  }
  return std::optional<storage::Id>(earlier->created_id);
}

Result<void> RememberCreation(storage::Transaction& tx, storage::Id user_id, const std::optional<IdempotencyKey>& key,
                              storage::Id id, storage::Instant at) {
  if (!key) return {};
  return tx.Idempotency().Save({user_id, key->key, "POST", key->path, storage::Sha256Hex(key->body), 201, id, at});
}

Result<void> Audit(storage::Transaction& tx, const Request& request, storage::Instant at, Action action,
                   std::string entity, std::optional<storage::Id> entity_id) {
  SCARWISE_RETURN_IF_ERROR(
      tx.AuditLog().Append(AuditEntry(request, at, ActionName(action), std::move(entity), entity_id)));
  return {};
}

RecordAccess::RecordAccess(storage::Store& store, const Clock& clock,
                           std::optional<std::chrono::milliseconds> index_audit_trail_when_idle)
    : store_(store), clock_(clock), group_commit_(std::make_unique<GroupCommit>(store, index_audit_trail_when_idle)) {}

std::optional<RecordAccess::Refusal> RecordAccess::Refuse(const Request& request, Action action,
                                                          std::optional<storage::Id> patient_id) {
  if (!request.actor) return Refusal{Unauthenticated(), std::nullopt};
  auto allowed = Authorize(*request.actor, action, patient_id);
  if (allowed) return std::nullopt;
  // A refusal is audited too: who tried to reach which record.
  return Refusal{allowed.error(), AuditEntry(request, Now(), ActionName(action), patient_id ? "patient" : "",
                                             patient_id, std::string(ErrorCodeName(allowed.error().code)))};
}

Result<void> RecordAccess::Permit(const Request& request, Action action, std::optional<storage::Id> patient_id) {
  auto refusal = Refuse(request, action, patient_id);
  if (!refusal) return {};
  if (refusal->entry) {
    auto audited = Write<void>([&](storage::Transaction& tx) -> Result<void> {
      SCARWISE_RETURN_IF_ERROR(tx.AuditLog().Append(*refusal->entry));
      return {};
    });
    if (!audited) return audited;
  }
  return Unexpected(refusal->error);
}

}  // namespace scarwise::service
