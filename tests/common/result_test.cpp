#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "common/result.hpp"

namespace scarwise {
namespace {

Result<int> Parsed(bool ok) {
  if (!ok) return Unexpected(InvalidArgument("age", "must be a whole number"));
  return 42;
}

Result<void> Checked(bool ok) {
  if (!ok) return Unexpected(Conflict("an approved plan cannot be changed"));
  return {};
}

// Move-only values pass through the macro without a copy.
Result<std::unique_ptr<int>> Owned(bool ok) {
  if (!ok) return Unexpected(NotFound("patient_id", "no such patient"));
  return std::make_unique<int>(7);
}

Result<int> Doubled(bool parse_ok, bool check_ok) {
  SCARWISE_ASSIGN_OR_RETURN(const int value, Parsed(parse_ok));
  SCARWISE_RETURN_IF_ERROR(Checked(check_ok));
  return value * 2;
}

Result<void> Kept(bool ok, int& out) {
  SCARWISE_ASSIGN_OR_RETURN(auto owned, Owned(ok));
  SCARWISE_ASSIGN_OR_RETURN(out, Parsed(true));  // an existing variable
  out += *owned;
  return {};
}

TEST(Result, TheMacrosForwardTheFirstFailureUnchangedAndOtherwiseGoOn) {
  ASSERT_TRUE(Doubled(true, true));
  EXPECT_EQ(*Doubled(true, true), 84);

  const auto parse_failed = Doubled(false, true);
  ASSERT_FALSE(parse_failed);
  EXPECT_EQ(parse_failed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(parse_failed.error().field, "age");
  EXPECT_EQ(parse_failed.error().message, "must be a whole number");

  const auto check_failed = Doubled(true, false);
  ASSERT_FALSE(check_failed);
  EXPECT_EQ(check_failed.error().code, ErrorCode::kConflict);
  EXPECT_EQ(check_failed.error().field, "");

  int out = 0;
  ASSERT_TRUE(Kept(true, out));
  EXPECT_EQ(out, 49);
  const auto missing = Kept(false, out);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().ToString(), "patient_id: no such patient");
}

TEST(Error, EachNamedConstructorCarriesItsCodeWithTheFieldFirst) {
  const struct {
    Error error;
    ErrorCode code;
  } rows[] = {
      {InvalidArgument("f", "m"), ErrorCode::kInvalidArgument},
      {Unprocessable("f", "m"), ErrorCode::kUnprocessable},
      {NotFound("f", "m"), ErrorCode::kNotFound},
      {AlreadyExists("f", "m"), ErrorCode::kAlreadyExists},
      {Conflict("f", "m"), ErrorCode::kConflict},
      {FailedPrecondition("f", "m"), ErrorCode::kFailedPrecondition},
      {Unauthenticated("f", "m"), ErrorCode::kUnauthenticated},
      {PermissionDenied("f", "m"), ErrorCode::kPermissionDenied},
      {ResourceExhausted("f", "m"), ErrorCode::kResourceExhausted},
      {Unavailable("f", "m"), ErrorCode::kUnavailable},
      {Internal("f", "m"), ErrorCode::kInternal},
  };
  for (const auto& row : rows) {
    SCOPED_TRACE(std::string(ErrorCodeName(row.code)));
    EXPECT_EQ(row.error.code, row.code);
    EXPECT_EQ(row.error.field, "f");
    EXPECT_EQ(row.error.message, "m");
  }
  EXPECT_EQ(Unavailable("the database is unavailable").field, "");
}

}  // namespace
}  // namespace scarwise
