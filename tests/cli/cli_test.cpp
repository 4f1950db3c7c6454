// The scarwise command, run in-process: exit statuses, --json documents, and messages that
// name the field on bad input.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cli/cli.hpp"
#include "support/test_protocol.hpp"

namespace scarwise::cli {
namespace {

using nlohmann::json;

class FixedClock final : public Clock {
 public:
  std::chrono::sys_seconds Now() const override { return ParseTimestamp("2026-11-24T09:00:00Z", "now")->utc; }
};

struct Outcome {
  int status;
  std::string out;
  std::string err;
};

Outcome RunCli(std::vector<std::string> args, const std::string& stdin_text = "") {
  args.insert(args.begin(), "scarwise");
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::istringstream in(stdin_text);
  std::ostringstream out, err;
  const FixedClock clock;
  const int status = Run(static_cast<int>(argv.size()), argv.data(), in, out, err, clock);
  return {status, out.str(), err.str()};
}

const std::string kExample = SCARWISE_SOURCE_DIR "/examples/consultation.json";

TEST(Cli, PlanPrintsOneJsonDocument) {
  const Outcome o = RunCli({"plan", "--input", kExample, "--json"});
  ASSERT_EQ(o.status, kExitOk) << o.err;
  const json r = json::parse(o.out);
  EXPECT_EQ(r["decision"], "proceed_with_precautions");
  EXPECT_EQ(r["scores"]["goodman_baron_qualitative"], 3);
  EXPECT_TRUE(r["scores"]["goodman_baron_quantitative"].is_number_integer());
  EXPECT_EQ(r["plan"]["interval_days"]["target"], 28);
  EXPECT_EQ(r["protocol"]["name"], "scarwise-default");
  EXPECT_TRUE(r["rescreen_after"].is_null());
}

TEST(Cli, PlanReadsStandardInputAndPrintsText) {
  std::ifstream file(kExample);
  const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const Outcome o = RunCli({"plan", "--input", "-"}, text);
  ASSERT_EQ(o.status, kExitOk) << o.err;
  EXPECT_NE(o.out.find("Decision: proceed with precautions"), std::string::npos);
  EXPECT_NE(o.out.find("Proposed plan"), std::string::npos);
}

// Every screening question of the protocol must be answered, the new ones too.
TEST(Cli, AnUnansweredQuestionExitsTwoNamingIt) {
  std::ifstream file(kExample);
  json doc = json::parse(file);
  for (const char* key : {"pregnant", "metal_allergy", "realistic_expectations"}) {
    SCOPED_TRACE(key);
    json missing = doc;
    missing["history"].erase(key);
    const Outcome o = RunCli({"plan", "--input", "-"}, missing.dump());
    EXPECT_EQ(o.status, kExitBadInput);
    EXPECT_NE(o.err.find(std::string("history.") + key), std::string::npos) << o.err;
  }
  json unknown = doc;
  unknown["history"]["gold_threads"] = false;
  const Outcome o = RunCli({"plan", "--input", "-"}, unknown.dump());
  EXPECT_EQ(o.status, kExitBadInput);
  EXPECT_NE(o.err.find("history.gold_threads"), std::string::npos) << o.err;
}

TEST(Cli, BadInputExitsTwoNamingTheField) {
  const struct {
    std::vector<std::string> args;
    std::string stdin_text;
    std::string expected;
  } rows[] = {
      {{"plan", "--input", "-"}, "{", "(input): is not valid JSON"},
      {{"plan", "--input", "-"},
       R"({"patient": {"birth_date": "1990-01-01", "fitzpatrick": 7}})",
       "patient.fitzpatrick"},
      {{"plan", "--input", "/nonexistent.json"}, "", "--input: cannot read"},
      {{"plan"}, "", "--input"},
      {{"aftercare", "--session-end", "tomorrow"}, "", "--session-end: must be"},
      {{"aftercare", "--session-end", "2026-10-01T15:30:00"}, "", "--session-end: needs a UTC offset"},
      {{"aftercare", "--session-end", "2026-10-01T15:30:00Z", "--at", "x"}, "", "--at: must be"},
      {{"check-product", "--inci", "Water", "--product-type", "lotion"},
       "",
       "--product-type: unknown product type 'lotion'"},
      {{"check-product", "--inci", "Water", "--day", "-1"}, "", "--day"},
      {{"check-product", "--inci", "Water", "--day", "two"}, "", "--day"},
      {{"check-product"}, "  \n", "--inci: the ingredient list is empty"},
      {{"plan", "--input", kExample, "--protocol", "/nonexistent"}, "", "has problems"},
      {{"no-such-command"}, "", "no-such-command"},
      {{"serve", "--smtp", "smtp://mail.example.org:25", "--smtp-allow-plaintext"},
       "",
       "--smtp-allow-plaintext: only for a relay on this host"},
      {{"serve", "--smtp-allow-plaintext"}, "", "--smtp-allow-plaintext: needs --smtp"},
      {{"serve", "--smtp", "mail.example.org:25"}, "", "--smtp: must be smtp://HOST:PORT or smtps://HOST:PORT"},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.expected);
    const Outcome o = RunCli(row.args, row.stdin_text);
    EXPECT_EQ(o.status, kExitBadInput);
    EXPECT_NE(o.err.find(row.expected), std::string::npos) << o.err;
    EXPECT_TRUE(o.out.empty()) << o.out;
  }
}

TEST(Cli, AftercareJsonHasEveryItem) {
  const Outcome o = RunCli(
      {"aftercare", "--json", "--session-end", "2026-10-01T15:30:00+02:00", "--at", "2026-10-02T09:00:00+02:00"});
  ASSERT_EQ(o.status, kExitOk) << o.err;
  const json r = json::parse(o.out);
  std::map<std::string, json> items;
  for (const json& i : r["items"]) items[i["code"]] = i;
  for (const char* code :
       {"makeup", "sun_exposure", "sunscreen", "gentle_cleanser", "hydrating_serum", "exercise_sweating",
        "drying_alcohol", "fragrance", "retinoid_otc", "retinoid_rx", "chemical_exfoliant", "vitamin_c",
        "benzoyl_peroxide", "physical_exfoliant", "strong_peel"}) {
    SCOPED_TRACE(code);
    ASSERT_TRUE(items.count(code));
    for (const char* key : {"code", "title", "allowed_from", "status", "advice", "source"}) {
      EXPECT_TRUE(items[code].contains(key)) << key;
    }
  }
  EXPECT_EQ(items["makeup"]["status"], "wait");
  EXPECT_EQ(items["makeup"]["allowed_from"], "2026-10-02T15:30:00+02:00");
  EXPECT_EQ(items["gentle_cleanser"]["status"], "allowed");
}

TEST(Cli, AftercareDefaultsToNowInTheSessionOffset) {
  const Outcome o = RunCli({"aftercare", "--json", "--session-end", "2026-11-23T15:30:00+01:00"});
  ASSERT_EQ(o.status, kExitOk) << o.err;
  EXPECT_EQ(json::parse(o.out)["at"], "2026-11-24T10:00:00+01:00");
}

TEST(Cli, ProtocolCheck) {
  const Outcome good = RunCli({"protocol", "check", scarwise::testing::kDefaultProtocolDir});
  EXPECT_EQ(good.status, kExitOk) << good.out;
  EXPECT_NE(good.out.find("no problems"), std::string::npos);
  const Outcome bad = RunCli({"protocol", "check", "/nonexistent", "--json"});
  EXPECT_EQ(bad.status, kExitBadInput);
  EXPECT_EQ(json::parse(bad.out)["ok"], false);
}

// A copy whose recovery rule names a sign the protocol does not list fails the check with
// the file and the path: nothing switches off silently.
TEST(Cli, ProtocolCheckRejectsARecoveryRuleNamingAMissingSign) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "scarwise-cli-missing-sign";
  fs::remove_all(dir);
  fs::copy(scarwise::testing::kDefaultProtocolDir, dir, fs::copy_options::recursive);
  std::ifstream in(dir / "recovery.yaml");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  in.close();
  const std::string from = "  - signs: [pus]";
  ASSERT_NE(text.find(from), std::string::npos);
  text.replace(text.find(from), from.size(), "  - signs: [pus, oozing]");
  std::ofstream(dir / "recovery.yaml") << text;
  const Outcome o = RunCli({"protocol", "check", dir.string()});
  fs::remove_all(dir);
  EXPECT_EQ(o.status, kExitBadInput);
  EXPECT_NE((o.out + o.err).find("recovery.yaml:warning_signs[1].signs[1]: no sign 'oozing'"), std::string::npos)
      << o.out << o.err;
}

}  // namespace
}  // namespace scarwise::cli
