#pragma once

// JSON of the account requests whose values are plain (the two-factor code, the clinic's
// sign-in policy, disabling an account). Every error is kInvalidArgument naming the field.

#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "common/result.hpp"

namespace scarwise::interop {

// The optional "code" member of a body (a two-factor code): nullopt when absent or null; an
// error naming "code" when it is not a string of at most 64 characters.
Result<std::optional<std::string>> DecodeTwoFactorCode(const nlohmann::json& body);

// {"require_two_factor_for_staff": true|false}, nothing else.
Result<bool> DecodeSecuritySettings(const nlohmann::json& body);

// {"disabled": true|false}: the only change an account takes through PATCH /api/v1/users/{id}.
Result<bool> DecodeAccountDisabled(const nlohmann::json& body);

}  // namespace scarwise::interop
