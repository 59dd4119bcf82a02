// ThreadPool (see thread_pool.h).
#include "common/thread_pool.h"

#include <cstdlib>
#include <exception>

namespace fremdrift {

std::size_t ThreadPool::DefaultThreads() {
  if (const char* env = std::getenv("FREMDRIFT_THREADS")) {
    int n = std::atoi(env);
    if (n > 0) return static_cast<std::size_t>(n);
  }
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 2 : n;
}

ThreadPool::ThreadPool(std::size_t threads) {
  if (threads == 0) threads = DefaultThreads();
  for (std::size_t i = 0; i < threads; ++i) {
    workers_.emplace_back([this](std::stop_token st) { Run(st); });
  }
}

ThreadPool::~ThreadPool() {
  for (auto& w : workers_) w.request_stop();
  cv_.notify_all();
  workers_.clear();
}

void ThreadPool::Submit(std::function<void()> task) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(task));
  }
  cv_.notify_one();
}

void ThreadPool::Wait() {
  std::unique_lock lock(mu_);
  idle_cv_.wait(lock, [this] { return queue_.empty() && active_ == 0; });
}

std::string ThreadPool::first_error() const {
  std::lock_guard lock(mu_);
  return first_error_;
}

void ThreadPool::ParallelFor(std::size_t n, const std::function<void(std::size_t)>& fn) {
  for (std::size_t i = 0; i < n; ++i) Submit([&fn, i] { fn(i); });
  Wait();
}

void ThreadPool::Run(std::stop_token stop) {
  while (true) {
    std::function<void()> task;
    {
      std::unique_lock lock(mu_);
      if (!cv_.wait(lock, stop, [this] { return !queue_.empty(); })) return;
      task = std::move(queue_.front());
      queue_.pop_front();
      ++active_;
    }
    try {
      task();
    } catch (const std::exception& e) {
      std::lock_guard lock(mu_);
      if (first_error_.empty()) first_error_ = e.what();
    } catch (...) {
      std::lock_guard lock(mu_);
      if (first_error_.empty()) first_error_ = "unknown exception";
    }
    {
      std::lock_guard lock(mu_);
      --active_;
      if (queue_.empty() && active_ == 0) idle_cv_.notify_all();
    }
  }
}

}  // namespace fremdrift
