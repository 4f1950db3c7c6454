// Linked (as an OBJECT library, so the linker always keeps it) into the test executables that
// create and sign in accounts: their new password hashes use libsodium's minimal argon2id cost
// instead of the INTERACTIVE one a server uses (~55 ms and 64 MiB each, several times that
// under the sanitizers). Verification reads the cost from the stored hash, so nothing else
// changes; Credentials.ProductionCostIsInteractiveAndBothCostsVerify checks the production default.
#include "service/credentials.hpp"

namespace {

// Before main, so before the first hash (the contract in credentials.hpp).
const bool kMinimalPasswordCost = [] {
  scarwise::service::SetPasswordCost(scarwise::service::PasswordCost::kMinimal);
  return true;
}();

}  // namespace
