// ThreadPool: a fixed set of std::jthread workers over one shared work queue. Tasks must not
// throw (the pool catches and records the first exception as a barrier). Thread-safe.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace fremdrift {

class ThreadPool {
 public:
  // 0 threads = std::thread::hardware_concurrency().
  explicit ThreadPool(std::size_t threads = 0);
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  void Submit(std::function<void()> task);
  // Blocks until every submitted task has finished.
  void Wait();
  std::size_t size() const { return workers_.size(); }
  // The message of the first exception a task threw, or empty.
  std::string first_error() const;

  // Runs fn(i) for i in [0, n) on the pool and waits.
  void ParallelFor(std::size_t n, const std::function<void(std::size_t)>& fn);

  static std::size_t DefaultThreads();

 private:
  void Run(std::stop_token stop);
  mutable std::mutex mu_;
  std::condition_variable_any cv_;
  std::condition_variable idle_cv_;
  std::deque<std::function<void()>> queue_;
  std::size_t active_ = 0;
  std::string first_error_;
  std::vector<std::jthread> workers_;
};

}  // namespace fremdrift
