#pragma once

#include <chrono>

namespace scarwise {

// The one way code outside main learns the time. The domain never calls it: outer
// layers read the clock and pass instants in, so every rule is testable.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::sys_seconds Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::chrono::sys_seconds Now() const override {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

}  // namespace scarwise
