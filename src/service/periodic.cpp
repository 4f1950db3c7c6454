#include "service/periodic.hpp"

#include <pthread.h>

namespace scarwise::service {

Periodic::Periodic(std::string name, std::chrono::milliseconds interval, std::function<void()> pass)
    : name_(std::move(name)), interval_(interval), pass_(std::move(pass)), thread_([this] {
        pthread_setname_np(pthread_self(), name_.substr(0, 15).c_str());
        std::unique_lock lock(mutex_);
        while (!stopping_) {
          lock.unlock();
          pass_();
          lock.lock();
          wake_.wait_for(lock, interval_, [this] { return stopping_ || woken_; });
          woken_ = false;
        }
      }) {}

void Periodic::Wake() {
  {
    const std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

Periodic::~Periodic() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

}  // namespace scarwise::service
