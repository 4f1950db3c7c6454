#pragma once

// Test-only: a store on the same database as the one under test, whose calls go through a
// FaultPlan (storage/faults.hpp). The plan lives in the store's unit of work: no wrapper.
//
//   auto faults = std::make_shared<FaultPlan>();
//   faults->FailCall(n);
//   auto faulty = OpenFaultyStore(url, faults);
//   RunUseCase(*faulty);
//   if (faults->Fired()) ...

#include <cstdlib>
#include <memory>
#include <string>

#include "storage/faults.hpp"
#include "storage/store.hpp"
#include "storage/testing/test_audit_key.hpp"

namespace scarwise::storage::testing {

inline std::unique_ptr<Store> OpenFaultyStore(const std::string& url, std::shared_ptr<FaultPlan> faults) {
  StoreOptions options = TestStoreOptions();
  options.faults = std::move(faults);
  auto store = OpenStore(url, std::move(options));
  if (!store) std::abort();  // the database under test opened a moment ago
  return std::move(*store);
}

}  // namespace scarwise::storage::testing
