/// The run's work on other threads (internal to the engine; see Run::start_async).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace engine {

/// Threads running async work, and the continuations they handed back. The destructor
/// cancels and joins whatever still runs, so a Run never outlives its threads.
struct AsyncWork {
  AsyncWork() = default;
  AsyncWork(const AsyncWork&) = delete;
  AsyncWork& operator=(const AsyncWork&) = delete;
  ~AsyncWork();

  std::mutex mutex;
  std::condition_variable finished_cv;
  std::vector<std::function<void()>> finished;  ///< continuations due on the run's thread
  std::size_t in_flight = 0;                    ///< started, continuation not yet run
  std::atomic<bool> cancelled{false};
  std::vector<std::thread> threads;
};

}  // namespace engine
