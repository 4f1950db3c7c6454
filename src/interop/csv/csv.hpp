#pragma once

// CSV as a spreadsheet opens it (RFC 4180): UTF-8, a header row, fields separated by commas,
// records ended by CRLF, a field quoted (its quotes doubled) when it holds a comma, a quote,
// CR or LF. A text cell that starts with =, +, -, @ (or a tab or CR) would be read as a
// formula by a spreadsheet: it is written with a leading apostrophe (formula injection,
// OWASP). Numbers are written as numbers.
//
//   CsvWriter csv({"id", "name"});
//   csv.Int(7).Text("=cmd").EndRow();
//   std::string text = std::move(csv).Take();  // "id,name\r\n7,'=cmd\r\n"

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace scarwise::interop::csv {

class CsvWriter {
 public:
  // Starts with the header row.
  explicit CsvWriter(std::initializer_list<std::string_view> header);
  CsvWriter& Text(std::string_view text);  // neutralised, then quoted when it must be
  CsvWriter& Int(int64_t value);
  CsvWriter& Number(double value);  // shortest round-trip form ("1.5")
  CsvWriter& Empty();
  CsvWriter& EndRow();
  int64_t rows() const { return rows_; }  // data rows ended so far
  std::string Take() && { return std::move(out_); }

 private:
  void Separate();
  std::string out_;
  bool row_started_ = false;
  int64_t rows_ = 0;
};

// The cell as written: an apostrophe before a leading = + - @ tab or CR; quoted when needed.
std::string Cell(std::string_view text);

// One record of a CSV file: its fields and the line it starts on (1 = the header).
struct Record {
  int64_t line = 0;
  std::vector<std::string> fields;
};

// Reads RFC 4180 text (CRLF or LF; quoted fields may hold commas, quotes and line breaks; a
// UTF-8 byte order mark is skipped). kInvalidArgument naming the line for an unterminated
// quote or text after a closing quote, and for text that is not UTF-8. Blank lines are skipped.
Result<std::vector<Record>> ReadCsv(std::string_view text);

}  // namespace scarwise::interop::csv
