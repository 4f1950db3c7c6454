#include "interop/csv/csv.hpp"

#include <charconv>
#include <system_error>

#include "common/unicode_text.hpp"

namespace scarwise::interop::csv {

std::string Cell(std::string_view text) {
  std::string cell;
  if (!text.empty() &&
      (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t' || text[0] == '\r')) {
    cell.push_back('\'');
  }
  cell.append(text);
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (char c : cell) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

CsvWriter::CsvWriter(std::initializer_list<std::string_view> header) {
  for (std::string_view name : header) Text(name);
  EndRow();
  rows_ = 0;
}

void CsvWriter::Separate() {
  if (row_started_) out_.push_back(',');
  row_started_ = true;
}

CsvWriter& CsvWriter::Text(std::string_view text) {
  Separate();
  out_ += Cell(text);
  return *this;
}

CsvWriter& CsvWriter::Int(int64_t value) {
  Separate();
  out_ += std::to_string(value);
  return *this;
}

CsvWriter& CsvWriter::Number(double value) {
  Separate();
  char buffer[32];
  const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out_.append(buffer, ec == std::errc() ? end : buffer);
  return *this;
}

CsvWriter& CsvWriter::Empty() {
  Separate();
  return *this;
}

CsvWriter& CsvWriter::EndRow() {
  out_ += "\r\n";
  row_started_ = false;
  ++rows_;
  return *this;
}

Result<std::vector<Record>> ReadCsv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  std::vector<Record> records;
  Record record;
  std::string field;
  int64_t line = 1;
  size_t i = 0;
  bool any = false;  // the record has a field or a separator
  const auto end_field = [&] {
    record.fields.push_back(std::move(field));
    field.clear();
  };
  const auto end_record = [&] {
    if (any) {
      end_field();
      records.push_back(std::move(record));
    }
    record = Record{};
    any = false;
  };
  while (i < text.size()) {
    if (!any) record.line = line;
    const char c = text[i];
    if (c == '"' && field.empty()) {
      any = true;
      const int64_t opened = line;
      ++i;
      for (;;) {
        if (i >= text.size())
          return Unexpected(InvalidArgument("line " + std::to_string(opened), "a quote is never closed"));
        if (text[i] == '"') {
          if (i + 1 < text.size() && text[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        if (text[i] == '\n') ++line;
        field.push_back(text[i++]);
      }
      if (i < text.size() && text[i] != ',' && text[i] != '\r' && text[i] != '\n') {
        return Unexpected(InvalidArgument("line " + std::to_string(line), "text follows a closing quote"));
      }
      continue;
    }
    if (c == ',') {
      any = true;
      end_field();
      ++i;
    } else if (c == '\r' || c == '\n') {
      end_record();
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      ++i;
      ++line;
    } else {
      any = true;
      field.push_back(c);
      ++i;
    }
  }
  end_record();
  for (const Record& r : records) {
    for (const std::string& f : r.fields) {
      if (!CountCodePoints(f))
        return Unexpected(InvalidArgument("line " + std::to_string(r.line), "is not UTF-8 text"));
    }
  }
  return records;
}

}  // namespace scarwise::interop::csv
