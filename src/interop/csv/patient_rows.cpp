#include "interop/csv/patient_rows.hpp"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>

#include "interop/csv/csv.hpp"
#include "interop/json/patient_codec.hpp"

namespace scarwise::interop::csv {
namespace {

using nlohmann::json;

constexpr std::array<std::string_view, 4> kRequired = {"given_name", "family_name", "birth_date", "fitzpatrick"};
constexpr std::array<std::string_view, 3> kIgnored = {"id", "created_at", "updated_at"};

// The cell as the API's JSON would carry it: fitzpatrick as a number when it is one.
json Value(std::string_view column, const std::string& cell) {
  if (column == "fitzpatrick" && !cell.empty() && cell.size() <= 3 &&
      std::all_of(cell.begin(), cell.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::stoi(cell);
  }
  return cell;
}

}  // namespace

Result<std::vector<PatientRow>> ReadPatientRows(std::string_view text, Date today) {
  SCARWISE_ASSIGN_OR_RETURN(auto records, ReadCsv(text));
  if (records.empty()) return Unexpected(InvalidArgument("line 1", "the file is empty: a header row comes first"));
  const Record& header = records.front();
  std::map<std::string, size_t> columns;  // name -> index
  for (size_t i = 0; i < header.fields.size(); ++i) {
    const std::string& name = header.fields[i];
    const bool known = std::find(kPatientColumns.begin(), kPatientColumns.end(), name) != kPatientColumns.end();
    const bool ignored = std::find(kIgnored.begin(), kIgnored.end(), name) != kIgnored.end();
    if (!known && !ignored) {
      return Unexpected(InvalidArgument("line 1", "unknown column '" + name +
                                                      "' (the columns are given_name, "
                                                      "family_name, birth_date, sex, email, phone, fitzpatrick)"));
    }
    if (!columns.emplace(name, i).second) return Unexpected(InvalidArgument("line 1", "column '" + name + "' twice"));
  }
  for (std::string_view required : kRequired) {
    if (columns.count(std::string(required)) == 0) {
      return Unexpected(InvalidArgument("line 1", "the required column '" + std::string(required) + "' is missing"));
    }
  }
  // A placeholder the PATCH decoder checks each cell against, one column at a time.
  const domain::PatientDetails placeholder{"A", "B", today, domain::Sex::kUnknown, "", "", 1};
  std::vector<PatientRow> rows;
  rows.reserve(records.size() - 1);
  for (size_t r = 1; r < records.size(); ++r) {
    const Record& record = records[r];
    PatientRow row;
    row.line = record.line;
    if (record.fields.size() != header.fields.size()) {
      row.problems.push_back({record.line, "",
                              "has " + std::to_string(record.fields.size()) + " fields, the header " +
                                  std::to_string(header.fields.size())});
      rows.push_back(std::move(row));
      continue;
    }
    json patient = json::object();
    for (std::string_view column : kPatientColumns) {
      const auto at = columns.find(std::string(column));
      if (at == columns.end()) continue;
      std::string cell = record.fields[at->second];
      // A file Scarwise exported: its neutralised formula cells lose the apostrophe again.
      if (cell.size() > 1 && cell[0] == '\'' && std::string_view("=+-@\t\r").find(cell[1]) != std::string_view::npos) {
        cell.erase(0, 1);
      }
      const bool required = std::find(kRequired.begin(), kRequired.end(), column) != kRequired.end();
      if (cell.empty()) {
        if (required) row.problems.push_back({record.line, std::string(column), "is required"});
        continue;
      }
      json one = json::object();
      one[std::string(column)] = Value(column, cell);
      if (auto checked = DecodePatientChanges(one, placeholder, today); !checked) {
        row.problems.push_back({record.line, std::string(column), checked.error().message});
        continue;
      }
      patient[std::string(column)] = one[std::string(column)];
    }
    if (row.problems.empty()) {
      auto details = DecodeNewPatient(patient, today);
      if (details) {
        row.details = std::move(*details);
      } else {
        row.problems.push_back({record.line, details.error().field, details.error().message});
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace scarwise::interop::csv
