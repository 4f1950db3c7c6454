#include <gtest/gtest.h>

#include "service/credentials.hpp"

namespace scarwise::service {
namespace {

TEST(Credentials, Argon2idHashVerifiesOnlyTheRightPassword) {
  const auto hash = HashPassword("correct horse battery 9");
  ASSERT_TRUE(hash);
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery 9"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse battery 8"));
  EXPECT_FALSE(VerifyPassword("not a hash", "anything"));
  EXPECT_NE(*HashPassword("correct horse battery 9"), *hash) << "salted";
}

// This executable hashes at the minimal cost (tests/support/minimal_password_cost.cpp); a
// server keeps the default, libsodium's INTERACTIVE limits. A hash made at either cost
// verifies whatever cost is set: the stored hash names its own.
TEST(Credentials, ProductionCostIsInteractiveAndBothCostsVerify) {
  const PasswordCost test_cost = CurrentPasswordCost();
  EXPECT_EQ(test_cost, PasswordCost::kMinimal) << "the test support object is linked";
  SetPasswordCost(PasswordCost::kInteractive);
  const auto interactive = HashPassword("correct horse battery 9");
  SetPasswordCost(PasswordCost::kMinimal);
  const auto minimal = HashPassword("correct horse battery 9");
  SetPasswordCost(test_cost);
  ASSERT_TRUE(interactive);
  ASSERT_TRUE(minimal);
  EXPECT_EQ(interactive->rfind("$argon2id$v=19$m=65536,t=2,p=1$", 0), 0u) << *interactive;
  EXPECT_EQ(minimal->rfind("$argon2id$v=19$m=8,t=1,p=1$", 0), 0u) << *minimal;
  EXPECT_TRUE(VerifyPassword(*interactive, "correct horse battery 9"));
  EXPECT_FALSE(VerifyPassword(*interactive, "correct horse battery 8"));
  EXPECT_TRUE(VerifyPassword(*minimal, "correct horse battery 9"));
  EXPECT_FALSE(VerifyPassword(*minimal, "correct horse battery 8"));
}

TEST(Credentials, PasswordStrength) {
  EXPECT_FALSE(CheckPasswordStrength("short", "password"));
  EXPECT_EQ(CheckPasswordStrength("short", "password").error().field, "password");
  EXPECT_TRUE(CheckPasswordStrength("ten chars!", "password"));
  EXPECT_FALSE(CheckPasswordStrength(std::string(257, 'x'), "password"));
}

// The length is what a person types, counted in characters (code points), not in bytes; a
// password everyone tries first is refused whatever its letter case.
TEST(Credentials, PasswordRulesCountCharactersAndRefuseTheMostCommonPasswords) {
  std::string e_acute_256;
  for (int i = 0; i < 256; ++i) e_acute_256 += "\u00e9";
  const struct {
    const char* name;
    std::string password;
    const char* refusal;  // "" when accepted
  } rows[] = {
      {"6 accented letters are 12 bytes but 6 characters", "\u00e9\u00e9\u00e9\u00e9\u00e9\u00e9",
       "must be at least 10 characters"},
      {"9 characters", "\u00e9\u00e8\u00ea\u00eb\u00e0\u00e2\u00e4\u00f4\u00f6", "must be at least 10 characters"},
      {"10 characters", "\u00e9\u00e8\u00ea\u00eb\u00e0\u00e2\u00e4\u00f4\u00f6\u00fc", ""},
      {"a Japanese passphrase", "\u3053\u308c\u306f\u79c1\u306e\u5bc6\u304b\u306a\u5408\u8a00\u8449", ""},
      {"256 characters in 512 bytes", e_acute_256, ""},
      {"257 characters", e_acute_256 + "x", "must be at most 256 characters"},
      {"not UTF-8", std::string(12, '\xff'), "must be valid UTF-8 text"},
      {"password123 (common)", "password123", "is one of the 10,000 most common passwords; choose another"},
      {"Password123 (common in another case)", "Password123",
       "is one of the 10,000 most common passwords; choose another"},
      {"qwertyuiop (common)", "qwertyuiop", "is one of the 10,000 most common passwords; choose another"},
      {"1234567890 (common)", "1234567890", "is one of the 10,000 most common passwords; choose another"},
      {"123456789qwerty (rank 9,990: the whole list is loaded)", "123456789qwerty",
       "is one of the 10,000 most common passwords; choose another"},
      {"a long uncommon phrase", "correct horse battery staple", ""},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(row.name);
    auto checked = CheckPasswordStrength(row.password, "password");
    if (std::string_view(row.refusal).empty()) {
      EXPECT_TRUE(checked) << checked.error().ToString();
    } else {
      ASSERT_FALSE(checked);
      EXPECT_EQ(checked.error().field, "password");
      EXPECT_EQ(checked.error().message, row.refusal);
    }
  }
}

TEST(Credentials, TokensAreRandomAndStoredOnlyAsHashes) {
  const std::string a = NewSessionToken();
  const std::string b = NewSessionToken();
  EXPECT_EQ(a.size(), 43u);
  EXPECT_NE(a, b);
  EXPECT_EQ(TokenHash(a).size(), 64u);
  EXPECT_EQ(TokenHash(a), TokenHash(a));
  EXPECT_NE(TokenHash(a), TokenHash(b));
  EXPECT_EQ(TokenHash("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");  // FIPS 180-2
}

}  // namespace
}  // namespace scarwise::service
