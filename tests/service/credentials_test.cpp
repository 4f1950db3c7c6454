#include <gtest/gtest.h>

#include "service/credentials.hpp"
#include "service/login_throttle.hpp"

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

TEST(LoginThrottle, LocksOutAfterRepeatedFailuresForTheWindow) {
  LoginThrottle throttle(3, std::chrono::minutes(15));
  const std::chrono::sys_seconds t0{std::chrono::seconds(1'800'000'000)};
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(throttle.Allows("a@x.test", t0));
    throttle.RecordFailure("a@x.test", t0);
  }
  EXPECT_FALSE(throttle.Allows("a@x.test", t0 + std::chrono::minutes(14)));
  EXPECT_TRUE(throttle.Allows("b@x.test", t0)) << "other accounts are not affected";
  EXPECT_TRUE(throttle.Allows("a@x.test", t0 + std::chrono::minutes(15)));
  throttle.RecordFailure("c@x.test", t0);
  throttle.RecordSuccess("c@x.test");
  EXPECT_TRUE(throttle.Allows("c@x.test", t0));
}

}  // namespace
}  // namespace scarwise::service
