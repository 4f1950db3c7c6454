// The default protocol loads cleanly, and a broken copy is reported as file:path: reason.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "protocol/protocol_loader.hpp"
#include "protocol/section_loaders.hpp"
#include "support/test_protocol.hpp"

namespace scarwise::protocol {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A private copy of the default protocol that a test may break.
class ProtocolCopy {
 public:
  ProtocolCopy() {
    dir_ = fs::temp_directory_path() /
           ("scarwise-protocol-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::copy(scarwise::testing::kDefaultProtocolDir, dir_, fs::copy_options::recursive);
  }
  ~ProtocolCopy() { fs::remove_all(dir_); }
  ProtocolCopy(const ProtocolCopy&) = delete;
  ProtocolCopy& operator=(const ProtocolCopy&) = delete;

  // Replaces the first occurrence of `from` in `file`; the test fails if it is absent.
  void Replace(const std::string& file, const std::string& from, const std::string& to) {
    std::string text = Read(dir_ / file);
    const auto at = text.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    text.replace(at, from.size(), to);
    std::ofstream(dir_ / file) << text;
  }
  const fs::path& dir() const { return dir_; }

 private:
  fs::path dir_;
};

std::string AllProblems(const ProtocolLoad& load) {
  std::string out;
  for (const auto& p : load.problems) out += p.ToString() + "\n";
  return out;
}

// Loads one file of a folder with its own loader, as LoadProtocol would (fast: the
// ingredient dictionary is only read when the file is ingredients.yaml).
ProtocolLoad LoadOneFile(const fs::path& dir, const std::string& file) {
  ProtocolLoad load;
  const auto root = LoadFile(dir, file, &load.problems);
  if (!root) return load;
  if (file == "scoring.yaml") load.protocol.scoring = LoadScoring(*root);
  if (file == "screening.yaml") load.protocol.screening = LoadScreening(*root);
  if (file == "planning.yaml") {
    load.protocol.planning =
        LoadPlanning(*root, domain::FactVocabulary(scarwise::testing::DefaultScreening().questions));
  }
  if (file == "aftercare.yaml") load.protocol.aftercare = LoadAftercare(*root);
  if (file == "recovery.yaml") load.protocol.recovery = LoadRecovery(*root, scarwise::testing::DefaultAftercare());
  if (file == "outcome.yaml") load.protocol.planning.outcome = LoadOutcome(*root);
  return load;
}

TEST(ProtocolLoader, DefaultProtocolHasNoProblems) {
  const ProtocolLoad load = LoadProtocol(scarwise::testing::kDefaultProtocolDir);
  EXPECT_TRUE(load.ok()) << AllProblems(load);
  EXPECT_EQ(load.protocol.id.name, "scarwise-default");
  EXPECT_FALSE(load.protocol.id.version.empty());
}

TEST(ProtocolLoader, ReportsEveryProblemWithFileAndPath) {
  const struct {
    const char* name;
    const char* file;
    const char* from;
    const char* to;
    const char* expected;
  } rows[] = {
      {"unknown fact", "screening.yaml", "{fact: keloid_tendency, is: true}", "{fact: keloid_tendancy, is: true}",
       "screening.yaml:rules[0].when.any[0].fact: unknown fact 'keloid_tendancy'"},
      {"number test on a yes/no fact", "screening.yaml", "{fact: bleeding_disorder, is: true}",
       "{fact: bleeding_disorder, above: 2}",
       "screening.yaml:rules[1].when.above: 'bleeding_disorder' is a yes/no fact"},
      {"bad decision", "screening.yaml", "    decision: not_suitable", "    decision: maybe",
       "screening.yaml:rules[0].decision: must be not_suitable, defer or precaution"},
      {"defer without rescreen", "screening.yaml", "    rescreen_after_days: 90\n", "",
       "screening.yaml:rules[5].rescreen_after_days: required for a defer rule"},
      {"missing source", "screening.yaml", "    source: \"Minutilli, J Drugs Dermatol 2024 (oral antiviral",
       "    sourc: \"Minutilli, J Drugs Dermatol 2024 (oral antiviral", "screening.yaml:rules[18].source: required"},
      {"typo in a key", "planning.yaml", "  min: 28\n", "  minimum: 28\n",
       "planning.yaml:interval_days.minimum: unknown key"},
      {"missing zone depth", "planning.yaml", "    nose: 0.5\n", "",
       "planning.yaml:needle_depth_mm.zones: missing zone 'nose'"},
      {"depth out of range", "planning.yaml", "    chin: 1.0", "    chin: 12",
       "planning.yaml:needle_depth_mm.zones.chin: must be between 0.1 and 3"},
      {"unknown scar category", "scoring.yaml", "rolling: {category: B", "rolling: {category: Q",
       "scoring.yaml:scar_types.rolling.category: unknown category 'Q'"},
      {"text where a number belongs", "scoring.yaml", "points: 3", "points: three",
       "scoring.yaml:categories[2].points: must be a number"},
      {"negative hours", "aftercare.yaml", "allowed_after_hours: 24", "allowed_after_hours: -24",
       "aftercare.yaml:items[3].allowed_after_hours: must be between 0 and 8760"},
      // questions and their references (issue 19)
      {"unknown question type", "screening.yaml", "    type: weeks_ago", "    type: days_ago",
       "screening.yaml:questions[26].type: must be bool, enum, months_ago, weeks_ago or course"},
      {"enum without options", "screening.yaml", "    options: [none, stable, active]\n", "",
       "screening.yaml:questions[16].options: required"},
      {"a question twice", "screening.yaml", "  - key: breastfeeding", "  - key: pregnant",
       "screening.yaml:questions[6].key: duplicate question key"},
      {"a question named like a computed fact", "screening.yaml", "  - key: metal_allergy", "  - key: age_years",
       "screening.yaml:questions[20].key: 'age_years' is a computed fact"},
      {"a rule on a question the protocol does not ask", "screening.yaml", "{fact: metal_allergy, is: true}",
       "{fact: nickel_allergy, is: true}", "when.fact: unknown fact 'nickel_allergy'"},
      {"a depth cap on a deferral", "screening.yaml", "    rescreen_after_days: 14\n",
       "    rescreen_after_days: 14\n    plan_modifiers: {max_needle_depth_mm: 1.0, source: x}\n",
       "plan_modifiers: only a precaution modifies the plan"},
      {"a recovery rule naming a missing sign", "recovery.yaml", "  - signs: [pus]", "  - signs: [puss]",
       "recovery.yaml:warning_signs[1].signs[0]: no sign 'puss' in signs"},
      {"a sign no rule alerts on", "recovery.yaml", "  - signs: [fever]", "  - signs: [pus]",
       "recovery.yaml:signs[5].sign: no warning_signs rule raises an alert for 'fever'"},
      {"a breach naming a missing aftercare item", "recovery.yaml", "    item: sunscreen", "    item: sun_cream",
       "recovery.yaml:breaches[2].item: no aftercare item 'sun_cream' in aftercare.yaml"},
      {"an urgency without patient advice", "recovery.yaml", "  - urgency: emergency\n    tell_patient",
       "  - urgency: urgent\n    tell_patient", "recovery.yaml:patient_advice: no advice for urgency 'emergency'"},
      {"a check-in schedule out of order", "recovery.yaml", "days: [0, 1, 2, 3, 7, 14]", "days: [0, 1, 7, 3]",
       "recovery.yaml:check_ins.days[3]: must be ascending"},
      // what a precaution asks to record (issue 19 §2)
      {"a precaution without what to record", "screening.yaml", "    record:\n      fields:\n        - {key: drug,",
       "    recorded:\n      fields:\n        - {key: drug,",
       "screening.yaml:rules[18].record: required for a precaution"},
      {"a record field of an unknown type", "screening.yaml", "{key: drug, type: text", "{key: drug, type: number",
       "screening.yaml:rules[18].record.fields[0].type: must be text, date or confirm"},
      {"a record field without its label", "screening.yaml", ", label: \"Antiviral drug and dose prescribed\"", "",
       "screening.yaml:rules[18].record.fields[0].label: required"},
      // the plan's reasons say facts in the protocol's words (issue 19 §6)
      {"a fact a rule tests without words", "planning.yaml",
       "  rolling_share: \"rolling scars are {value} of the atrophic scars\"\n", "",
       "planning.yaml:facts_in_words: no words for fact 'rolling_share', which recommendations[1] tests"},
      {"words without the value", "planning.yaml", "\"Fitzpatrick skin type {value}\"", "\"Fitzpatrick skin type\"",
       "planning.yaml:facts_in_words.fitzpatrick: must say where the value goes with {value}"},
      {"words for an unknown fact", "planning.yaml",
       "  age_years: ", "  age_yeers: ", "planning.yaml:facts_in_words.age_yeers: unknown fact 'age_yeers'"},
      // how exported records name the course (issue 24)
      {"a course title without the number of sessions", "planning.yaml",
       "\"Microneedling course, {sessions} sessions\"", "\"Microneedling course\"",
       "planning.yaml:record_words.course: must say where the number of sessions goes with {sessions}"},
      {"no words for the exported records", "planning.yaml",
       "record_words:", "record_wordz:", "planning.yaml:record_wordz: unknown key"},
      {"not YAML", "protocol.yaml", "name: scarwise-default", "name: [unclosed", "protocol.yaml:line"},
      // the outcome model (issue 21)
      {"an outcome parameter without its arms", "outcome.yaml", "  arms: [alam2014_mn, alam2014_control]\n", "",
       "outcome.yaml:spread.arms: required: the trial arms this value comes from"},
      {"a follow-up sooner than 3 months", "outcome.yaml", "min_days_after_last_session: 91",
       "min_days_after_last_session: 30", "outcome.yaml:follow_up.min_days_after_last_session: must be between 90"},
      {"a behind flag after session 1", "outcome.yaml", "from_session: 3", "from_session: 1",
       "outcome.yaml:behind.from_session: must be between 2"},
      {"a grade the scale does not have", "outcome.yaml", "4: {factor: 0.75", "5: {factor: 0.75",
       "outcome.yaml:grade.factors: keys must be the grades 1 to 4, not '5'"},
      {"reference shares that do not add up", "outcome.yaml", "{ice_pick: 0.34,", "{ice_pick: 0.5,",
       "outcome.yaml:scar_mix.reference_shares: must add up to 1"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    ProtocolCopy copy;
    copy.Replace(row.file, row.from, row.to);
    const ProtocolLoad load = LoadOneFile(copy.dir(), row.file);
    EXPECT_FALSE(load.ok());
    EXPECT_NE(AllProblems(load).find(row.expected), std::string::npos) << AllProblems(load);
  }
}

// `scarwise protocol check` sees a broken cross-reference in the whole folder too.
TEST(ProtocolLoader, TheWholeFolderFailsOnARecoveryRuleNamingAMissingSign) {
  ProtocolCopy copy;
  copy.Replace("recovery.yaml", "  - signs: [pus]", "  - signs: [pus, oozing]");
  const std::string problems = AllProblems(LoadProtocol(copy.dir()));
  EXPECT_NE(problems.find("recovery.yaml:warning_signs[1].signs[1]: no sign 'oozing'"), std::string::npos) << problems;
}

// Consent texts (issue 22): one per purpose, each section with a source; a missing or
// misnamed text is a problem of the folder.
TEST(ProtocolLoader, ConsentTextsOnePerPurposeEachSectionWithASource) {
  const ProtocolLoad load = LoadProtocol(scarwise::testing::kDefaultProtocolDir);
  ASSERT_TRUE(load.ok()) << AllProblems(load);
  ASSERT_EQ(load.protocol.consent.texts.size(), 4u);
  for (const auto& text : load.protocol.consent.texts) {
    EXPECT_FALSE(text.version.empty());
    for (const auto& section : text.sections) EXPECT_FALSE(section.source.citation.empty()) << section.heading;
  }
  EXPECT_NE(domain::ShownText(*load.protocol.consent.Find(domain::ConsentPurpose::kTreatment)).find("infection"),
            std::string::npos)
      << "the treatment consent names the protocol's risks";
  {
    ProtocolCopy copy;
    fs::remove(copy.dir() / "consent" / "photos_marketing.yaml");
    EXPECT_NE(AllProblems(LoadProtocol(copy.dir())).find("consent/photos_marketing.yaml:(file): missing"),
              std::string::npos);
  }
  {
    ProtocolCopy copy;
    copy.Replace("consent/consent.yaml", "  - photos_teaching\n", "  - photos_teeching\n");
    const std::string problems = AllProblems(LoadProtocol(copy.dir()));
    EXPECT_NE(problems.find("unknown consent purpose 'photos_teeching'"), std::string::npos) << problems;
    EXPECT_NE(problems.find("the consent text for 'photos_teaching' is missing"), std::string::npos) << problems;
  }
  {
    ProtocolCopy copy;
    copy.Replace("consent/treatment.yaml",
                 "    source: \"General principle of informed consent (voluntary, revocable)\"\n", "");
    EXPECT_NE(AllProblems(LoadProtocol(copy.dir())).find("consent/treatment.yaml:sections[5].source"),
              std::string::npos);
  }
}

TEST(ProtocolLoader, MissingFileAndFolder) {
  ProtocolCopy copy;
  fs::remove(copy.dir() / "planning.yaml");
  EXPECT_NE(AllProblems(LoadProtocol(copy.dir())).find("planning.yaml:(file): missing"), std::string::npos);
  EXPECT_FALSE(LoadProtocol("/nonexistent/protocol").ok());
}

TEST(ProtocolLoader, EveryProblemInOnePass) {
  ProtocolCopy copy;
  copy.Replace("planning.yaml", "  min: 28\n", "  minimum: 28\n");
  copy.Replace("scoring.yaml", "points: 3", "points: three");
  EXPECT_GE(LoadProtocol(copy.dir()).problems.size(), 2u);
}

// Nesting beyond 64 levels, and aliases that expand a few lines into millions of values, are
// refused as problems of the file before any loader walks it.
TEST(ProtocolLoader, NestingAndAliasExpansionAreBounded) {
  ProtocolCopy copy;
  std::ofstream(copy.dir() / "aftercare.yaml") << "version: " << std::string(70, '[') << std::string(70, ']') << "\n";
  EXPECT_NE(AllProblems(LoadOneFile(copy.dir(), "aftercare.yaml")).find("aftercare.yaml:(top): nests deeper than 64"),
            std::string::npos);
  std::ofstream laughs(copy.dir() / "scoring.yaml");
  laughs << "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char level = 'b'; level <= 'i'; ++level) {
    const char prev = static_cast<char>(level - 1);
    laughs << level << ": &" << level << " [";
    for (int i = 0; i < 10; ++i) laughs << (i ? ", *" : "*") << prev;
    laughs << "]\n";
  }
  laughs.close();
  EXPECT_NE(AllProblems(LoadOneFile(copy.dir(), "scoring.yaml")).find("expands to more than 1000000 values"),
            std::string::npos)
      << AllProblems(LoadOneFile(copy.dir(), "scoring.yaml"));
}

// A protocol file nested far deeper than any protocol needs is refused as a problem of that
// file (yaml-cpp's own depth guard), never a stack overflow in the server that loads it.
TEST(ProtocolLoader, DeeplyNestedFileIsAProblemNotACrash) {
  for (const std::string& nesting : {std::string(100000, '['), std::string(200000, '{')}) {
    ProtocolCopy copy;
    std::ofstream(copy.dir() / "aftercare.yaml") << "version: " << nesting << "\n";
    const ProtocolLoad load = LoadOneFile(copy.dir(), "aftercare.yaml");
    EXPECT_NE(AllProblems(load).find("not valid YAML"), std::string::npos) << AllProblems(load);
    EXPECT_EQ(AllProblems(load).rfind("aftercare.yaml:", 0), 0u) << AllProblems(load);
  }
}

}  // namespace
}  // namespace scarwise::protocol
