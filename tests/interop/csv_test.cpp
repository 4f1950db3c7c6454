// CSV as a spreadsheet reads it: RFC 4180 quoting, formula injection neutralised, and the
// reader that the patient import uses (line numbers, quoted line breaks, bad files).
#include <gtest/gtest.h>

#include "interop/csv/csv.hpp"
#include "interop/csv/patient_rows.hpp"

namespace scarwise::interop::csv {
namespace {

TEST(Csv, QuotesOnlyWhatRfc4180Needs) {
  EXPECT_EQ(Cell("plain"), "plain");
  EXPECT_EQ(Cell("a,b"), "\"a,b\"");
  EXPECT_EQ(Cell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(Cell("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(Cell("Béatrice Łukasz 李"), "Béatrice Łukasz 李") << "UTF-8 as is";
  CsvWriter csv({"id", "name", "depth"});
  csv.Int(7).Text("Ada, B").Number(1.5).EndRow();
  csv.Int(-3).Empty().Number(0.25).EndRow();
  EXPECT_EQ(std::move(csv).Take(), "id,name,depth\r\n7,\"Ada, B\",1.5\r\n-3,,0.25\r\n");
}

TEST(Csv, AFormulaInATextCellIsNeutralised) {
  for (const char* formula : {"=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"}) {
    const std::string cell = Cell(formula);
    const size_t at = cell[0] == '"' ? 1 : 0;
    EXPECT_EQ(cell[at], '\'') << formula;
    EXPECT_EQ(cell.substr(at + 1, 1), std::string(formula).substr(0, 1)) << formula;
  }
  EXPECT_EQ(Cell("=1,2"), "\"'=1,2\"");
  EXPECT_EQ(Cell("a=b"), "a=b") << "only a leading sign";
  CsvWriter csv({"n"});
  csv.Int(-5).EndRow();
  EXPECT_EQ(std::move(csv).Take(), "n\r\n-5\r\n") << "numbers stay numbers";
}

TEST(Csv, TheReaderKeepsLineNumbersAcrossQuotedLineBreaks) {
  auto records = ReadCsv(
      "\xEF\xBB\xBF"
      "a,b\r\n\"x\ny\",\"q\"\"q\"\n\n3,\n");
  ASSERT_TRUE(records) << records.error().ToString();
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[0].fields, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ((*records)[1].line, 2);
  EXPECT_EQ((*records)[1].fields, (std::vector<std::string>{"x\ny", "q\"q"}));
  EXPECT_EQ((*records)[2].line, 5);
  EXPECT_EQ((*records)[2].fields, (std::vector<std::string>{"3", ""}));
  // What a writer writes, a reader reads back.
  CsvWriter csv({"text"});
  csv.Text("a, \"b\"\r\nc").EndRow();
  auto back = ReadCsv(std::move(csv).Take());
  ASSERT_TRUE(back);
  EXPECT_EQ((*back)[1].fields[0], "a, \"b\"\r\nc");

  auto open = ReadCsv("a\n\"never closed\n");
  ASSERT_FALSE(open);
  EXPECT_EQ(open.error().field, "line 2");
  EXPECT_EQ(ReadCsv("a\n\"x\"y\n").error().field, "line 2");
  EXPECT_EQ(ReadCsv("a\n\xFF\n").error().field, "line 2");
}

TEST(Csv, PatientRowsReportEveryProblemByLineAndColumn) {
  const Date today = *ParseDate("2026-12-07", "today");
  auto rows = ReadPatientRows(
      "given_name,family_name,birth_date,sex,email,phone,fitzpatrick\n"
      "Ada,Lovelace,1990-01-02,female,ada@x.test,,3\n"
      ",Nobody,2030-01-01,robot,not-an-email,,9\n"
      "Bea,B,1991-02-03\n",
      today);
  ASSERT_TRUE(rows) << rows.error().ToString();
  ASSERT_EQ(rows->size(), 3u);
  ASSERT_TRUE((*rows)[0].details);
  EXPECT_EQ((*rows)[0].details->family_name, "Lovelace");
  EXPECT_EQ((*rows)[0].details->fitzpatrick, 3);
  const auto& bad = (*rows)[1];
  EXPECT_FALSE(bad.details);
  std::vector<std::string> columns;
  for (const RowProblem& p : bad.problems) {
    EXPECT_EQ(p.line, 3);
    columns.push_back(p.column);
  }
  EXPECT_EQ(columns, (std::vector<std::string>{"given_name", "birth_date", "sex", "email", "fitzpatrick"}));
  EXPECT_EQ((*rows)[2].problems.size(), 1u) << "too few fields";
  EXPECT_FALSE(ReadPatientRows("given_name,family_name\nA,B\n", today)) << "required columns";
  EXPECT_FALSE(ReadPatientRows("given_name,family_name,birth_date,fitzpatrick,shoe_size\n", today));
}

}  // namespace
}  // namespace scarwise::interop::csv
