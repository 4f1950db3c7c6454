#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace scarwise::http {

// A fixed set of threads that run posted work in order of posting; the destructor runs what
// is still queued, then joins them. The API runs writes here: a write waits for its own
// durable commit, and that wait must not hold one of the few threads that serve every
// other request.
class WorkerPool {
 public:
  WorkerPool(size_t threads, const std::string& name);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void Post(std::function<void()> work);

 private:
  std::mutex mutex_;
  std::condition_variable posted_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace scarwise::http
