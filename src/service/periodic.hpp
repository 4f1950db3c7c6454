#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace scarwise::service {

// Runs `pass` at once and then every `interval` on its own thread (named `name`, at most 15
// characters, as ps and perf show it) until destroyed; the destructor waits for a pass
// under way. For the server's background work, such as delivering the outbox. A pass reports its own failures; the next
// pass is the retry.
class Periodic {
 public:
  Periodic(std::string name, std::chrono::milliseconds interval, std::function<void()> pass);
  ~Periodic();
  Periodic(const Periodic&) = delete;
  Periodic& operator=(const Periodic&) = delete;

  // Runs the next pass now (after the one in progress, if any) instead of at its time.
  void Wake();

 private:
  std::string name_;
  std::chrono::milliseconds interval_;
  std::function<void()> pass_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool woken_ = false;
  std::thread thread_;  // last: starts once everything above exists
};

}  // namespace scarwise::service
