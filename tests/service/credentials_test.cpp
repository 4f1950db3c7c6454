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

TEST(Credentials, PasswordStrength) {
  EXPECT_FALSE(CheckPasswordStrength("short", "password"));
  EXPECT_EQ(CheckPasswordStrength("short", "password").error().field, "password");
  EXPECT_TRUE(CheckPasswordStrength("ten chars!", "password"));
  EXPECT_FALSE(CheckPasswordStrength(std::string(257, 'x'), "password"));
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
