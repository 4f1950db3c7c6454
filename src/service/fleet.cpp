#include "service/fleet.hpp"

#include <sodium.h>
#include <unistd.h>

#include <array>
#include <cstdio>

namespace scarwise::service {

const std::string& InstanceName() {
  static const std::string name = [] {
    std::array<char, 256> host{};
    if (gethostname(host.data(), host.size() - 1) != 0) host[0] = '\0';
    std::array<char, 16> suffix{};
    if (sodium_init() >= 0) {  // idempotent; without it, no random part
      std::snprintf(suffix.data(), suffix.size(), "%08x", static_cast<unsigned>(randombytes_random()));
    }
    return std::string(host.data()) + ":" + std::to_string(getpid()) + ":" + suffix.data();
  }();
  return name;
}

Result<bool> RunOncePerPeriod(RecordAccess& access, std::string_view job_name, std::chrono::seconds period,
                              const std::function<void()>& job) {
  const storage::Instant now = access.Now();
  SCARWISE_ASSIGN_OR_RETURN(const bool taken, access.Write<bool>([&](storage::Transaction& tx) {
    return tx.Leases().Take(job_name, InstanceName(), now, now + period);
  }));
  if (taken) job();
  return taken;
}

}  // namespace scarwise::service
