// RecordsService (service/records_service.hpp): patients imported from a CSV file.
#include <map>
#include <utility>

#include "service/records_service.hpp"
#include "storage/snapshots.hpp"

namespace scarwise::service {

using storage::Id;
using storage::Transaction;

namespace {

// ASCII letters lower-cased: e-mail addresses and names compared as a person would.
std::string Folded(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string NameKey(const domain::PatientDetails& d) {
  return Folded(d.given_name) + "\x1f" + Folded(d.family_name) + "\x1f" + FormatDate(d.birth_date);
}

}  // namespace

Result<RecordsService::PatientImport> RecordsService::ImportPatients(const Request& request, std::string_view csv_text,
                                                                     ImportMode mode) {
  if (request.actor) SCARWISE_RETURN_IF_ERROR(access_.Permit(request, Action::kPatientImport));
  SCARWISE_ASSIGN_OR_RETURN(auto rows, interop::csv::ReadPatientRows(csv_text, Today()));
  PatientImport report;
  report.rows = static_cast<int64_t>(rows.size());
  // Who is on record already: by name and birth date, and by e-mail.
  std::map<std::string, std::string> by_name;   // key -> "patient N" / "line N"
  std::map<std::string, std::string> by_email;  // folded e-mail -> the same
  {
    SCARWISE_ASSIGN_OR_RETURN(auto tx, store_.Begin(storage::TransactionMode::kReadOnly));
    storage::PatientQuery query;
    query.limit = 1000;
    do {
      SCARWISE_ASSIGN_OR_RETURN(auto page, tx->Patients().List(query));
      for (const storage::PatientRecord& p : page.items) {
        const std::string who = "patient " + std::to_string(p.id);
        by_name.emplace(NameKey(p.details), who);
        if (!p.details.email.empty()) by_email.emplace(Folded(p.details.email), who);
      }
      query.after_cursor = page.next_cursor;
    } while (!query.after_cursor.empty());
  }
  std::vector<const domain::PatientDetails*> fresh;
  for (const interop::csv::PatientRow& row : rows) {
    if (!row.details) {
      report.problems.insert(report.problems.end(), row.problems.begin(), row.problems.end());
      continue;
    }
    const std::string here = "line " + std::to_string(row.line);
    const auto named = by_name.find(NameKey(*row.details));
    if (named != by_name.end()) {
      report.duplicates.push_back({row.line, "same name and birth date as " + named->second});
      continue;
    }
    if (!row.details->email.empty()) {
      const auto mailed = by_email.find(Folded(row.details->email));
      if (mailed != by_email.end()) {
        report.duplicates.push_back({row.line, "same e-mail as " + mailed->second});
        continue;
      }
      by_email.emplace(Folded(row.details->email), here);
    }
    by_name.emplace(NameKey(*row.details), here);
    fresh.push_back(&*row.details);
  }
  report.valid = static_cast<int64_t>(fresh.size());
  const bool write = mode == ImportMode::kValidRows || (mode == ImportMode::kAllValid && report.problems.empty());
  if (!write || fresh.empty()) return report;
  const storage::Instant now = Now();
  const std::optional<Id> by = request.actor ? std::optional<Id>(request.actor->user_id) : std::nullopt;
  const auto work = [&](Transaction& tx) -> Result<std::vector<Id>> {
    std::vector<Id> created;
    created.reserve(fresh.size());
    for (const domain::PatientDetails* details : fresh) {
      SCARWISE_ASSIGN_OR_RETURN(auto id, tx.Patients().Create({*details, now}));
      storage::PatientRecord record{id, *details, now, now, 1};
      SCARWISE_RETURN_IF_ERROR(tx.History().Append({"patient", id, 1, by, now, storage::PatientSnapshotJson(record)}));
      SCARWISE_RETURN_IF_ERROR(Audit(tx, request, now, Action::kPatientImport, "patient", id));
      created.push_back(id);
    }
    return created;
  };
  SCARWISE_ASSIGN_OR_RETURN(report.created, access_.Write<std::vector<Id>>(work));
  report.written = true;
  return report;
}

}  // namespace scarwise::service
