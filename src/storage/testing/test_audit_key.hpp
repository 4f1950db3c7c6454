#pragma once

// Test-only: a fixed audit key for stores opened by tests. Never used by the application.

#include <string>
#include <string_view>

#include "storage/store.hpp"

namespace scarwise::storage::testing {

// kAuditKeyBytes (32) bytes.
inline constexpr std::string_view kTestAuditKey = "scarwise-test-audit-key-32-bytes";

// StoreOptions whose audit log is keyed with kTestAuditKey.
inline StoreOptions TestStoreOptions() {
  StoreOptions options;
  options.audit_keys = {std::string(kTestAuditKey)};
  return options;
}

}  // namespace scarwise::storage::testing
