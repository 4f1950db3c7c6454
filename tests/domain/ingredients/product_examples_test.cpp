// The 16 labelled real products of shared/data/product-examples.csv (REFERENCE.md part 2
// §1 says what each flag and verdict means): every category flag, both verdicts and the
// named triggering ingredients must come out right.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "default_protocol.hpp"
#include "domain/ingredients/inci_text.hpp"
#include "domain/ingredients/product_check.hpp"

namespace scarwise {
namespace {

using domain::FlagCategory;
using domain::ProductType;

// RFC 4180: quoted fields may hold commas, doubled quotes and line breaks.
std::vector<std::vector<std::string>> ReadCsv(std::istream& in) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  bool any = false;
  char c = 0;
  while (in.get(c)) {
    any = true;
    if (quoted) {
      if (c == '"') {
        if (in.peek() == '"') {
          field.push_back('"');
          in.get(c);
        } else {
          quoted = false;
        }
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && in.peek() == '\n') in.get(c);
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      any = false;
    } else {
      field.push_back(c);
    }
  }
  if (any) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

ProductType TypeOf(const std::string& csv_type) {
  std::string lower;
  for (char c : csv_type) lower.push_back(domain::inci::AsciiLower(c));
  const std::vector<std::pair<std::string, ProductType>> prefixes = {
      {"cleanser", ProductType::kCleanser},
      {"toner", ProductType::kToner},
      {"moisturizer", ProductType::kMoisturizer},
      {"sun protect", ProductType::kSunscreen},
      {"treatment (hyaluronic serum)", ProductType::kSerum},
      {"treatment", ProductType::kTreatment},
      {"serum", ProductType::kSerum},
      {"mask", ProductType::kMask},
      {"scrub", ProductType::kScrub},
      {"makeup", ProductType::kMakeup}};
  for (const auto& [prefix, type] : prefixes) {
    if (lower.rfind(prefix, 0) == 0) return type;
  }
  return ProductType::kOther;
}

// "yes: Glycolic Acid; Lactic Acid (alphabetical list - ...)" -> normalised names.
std::vector<std::string> ExpectedNames(const std::string& cell) {
  std::vector<std::string> names;
  if (cell.rfind("yes", 0) != 0) return names;
  const size_t colon = cell.find(':');
  if (colon == std::string::npos) return names;
  std::stringstream list(cell.substr(colon + 1));
  std::string part;
  while (std::getline(list, part, ';')) {
    domain::inci::StripDoses(&part);
    const std::string key = domain::inci::Key(domain::inci::WithoutParentheticals(part));
    if (!key.empty()) names.push_back(key);
  }
  return names;
}

std::string Normalised(const std::string& ingredient) {
  std::string text = ingredient;
  domain::inci::StripDoses(&text);
  return domain::inci::Key(domain::inci::WithoutParentheticals(text));
}

bool HasCategory(const domain::ProductCheck& check, FlagCategory category) {
  return std::find(check.categories.begin(), check.categories.end(), category) != check.categories.end();
}

std::string Describe(const domain::ProductCheck& check) {
  std::string text = "findings:";
  for (const auto& f : check.findings) {
    text += "\n  " + f.ingredient + " [" + std::string(domain::FlagCategoryName(f.category)) + ", " +
            std::string(domain::SeverityName(f.severity)) + ", day " + std::to_string(f.ok_from_day) + "]";
  }
  text += "\ningredients:";
  for (const auto& i : check.ingredients) text += " | " + i;
  text += "\nnotes:";
  for (const auto& n : check.notes) text += "\n  " + n;
  return text;
}

TEST(ProductExamplesTest, DefaultProtocolLoadsWithoutProblems) {
  const auto& p = testing::DefaultIngredientProtocol();
  for (const auto& problem : p.problems) ADD_FAILURE() << problem.ToString();
  EXPECT_GT(p.dictionary.names.size(), 1000u);
}

TEST(ProductExamplesTest, EveryLabelledProductIsJudgedAsLabelled) {
  std::ifstream file(SCARWISE_SOURCE_DIR "/tests/data/product-examples.csv", std::ios::binary);
  ASSERT_TRUE(file.good());
  const auto rows = ReadCsv(file);
  ASSERT_GE(rows.size(), 17u);
  const std::vector<std::string>& header = rows[0];
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < header.size(); ++i) col[header[i]] = i;
  const std::vector<std::pair<std::string, FlagCategory>> flag_columns = {
      {"expected_alcohol_drying", FlagCategory::kDryingAlcohol},
      {"expected_retinoid", FlagCategory::kRetinoid},
      {"expected_exfoliant_chemical", FlagCategory::kChemicalExfoliant},
      {"expected_exfoliant_physical", FlagCategory::kPhysicalExfoliant},
      {"expected_other_irritant", FlagCategory::kOtherIrritant}};
  size_t checked = 0;
  for (size_t r = 1; r < rows.size(); ++r) {
    const auto& row = rows[r];
    if (row.size() < header.size()) continue;
    SCOPED_TRACE(row[col["id"]] + " " + row[col["product_name"]]);
    const ProductType type = TypeOf(row[col["product_type"]]);
    const std::string& inci = row[col["inci_text"]];
    const auto day0 = testing::Check(inci, 0, type);
    const auto day7 = testing::Check(inci, 7, type);
    SCOPED_TRACE(Describe(day0));
    for (const auto& [column, category] : flag_columns) {
      SCOPED_TRACE(column);
      const std::string& cell = row[col[column]];
      const bool expected = cell.rfind("yes", 0) == 0;
      EXPECT_EQ(HasCategory(day0, category), expected);
      for (const std::string& name : ExpectedNames(cell)) {
        const bool found = std::any_of(day0.findings.begin(), day0.findings.end(), [&](const auto& f) {
          return f.category == category && Normalised(f.ingredient) == name;
        });
        EXPECT_TRUE(found) << "expected finding: " << name;
      }
    }
    const bool tinted = row[col["product_type"]].find("tinted") != std::string::npos;
    EXPECT_EQ(HasCategory(day0, FlagCategory::kMakeup), tinted);
    const std::string day1 = row[col["expected_verdict_day1"]];
    const std::string healed = row[col["expected_verdict_after_healing"]];
    EXPECT_EQ(day0.avoid, day1.rfind("avoid", 0) == 0) << "day 0 verdict";
    EXPECT_EQ(day7.avoid, healed.rfind("avoid", 0) == 0) << "day 7 verdict";
    EXPECT_EQ(day0.findings.size(), day7.findings.size());
    ++checked;
  }
  EXPECT_EQ(checked, 16u);
}

}  // namespace
}  // namespace scarwise
