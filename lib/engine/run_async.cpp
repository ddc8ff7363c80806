// Work off the run's thread: an http call, a data listing, a resource backend's command. The
// work runs on a thread of its own and hands back a continuation, which the run loop runs on
// the run's thread, so node state is only ever touched from one thread.

#include "engine/async_work.hpp"
#include "engine/run.hpp"

namespace engine {

AsyncWork::~AsyncWork() {
  cancelled = true;
  for (std::thread& thread : threads) {
    if (thread.joinable()) {
      thread.join();
    }
  }
}

void Run::start_async(std::function<Continuation(const std::atomic<bool>& cancelled)> work) {
  if (!m_async) {
    m_async = std::make_unique<AsyncWork>();
  }
  AsyncWork& async = *m_async;
  {
    const std::lock_guard<std::mutex> lock(async.mutex);
    ++async.in_flight;
  }
  async.threads.emplace_back([&async, work = std::move(work)] {
    Continuation continuation;
    try {
      continuation = work(async.cancelled);
    } catch (...) {
      // Work reports failures as values. Should one throw anyway, its node is left as it
      // was and the run ends as stalled (an internal error), rather than flowrun dying.
      continuation = nullptr;
    }
    const std::lock_guard<std::mutex> lock(async.mutex);
    async.finished.push_back(continuation ? std::move(continuation) : Continuation([] {}));
    async.finished_cv.notify_all();
  });
}

bool Run::finish_async() {
  if (!m_async) {
    return false;
  }
  std::vector<Continuation> due;
  {
    const std::lock_guard<std::mutex> lock(m_async->mutex);
    due.swap(m_async->finished);
    m_async->in_flight -= due.size();
  }
  for (Continuation& continuation : due) {
    continuation();
  }
  return !due.empty();
}

std::size_t Run::async_in_flight() const {
  if (!m_async) {
    return 0;
  }
  const std::lock_guard<std::mutex> lock(m_async->mutex);
  return m_async->in_flight;
}

void Run::wait_async(std::chrono::milliseconds limit) {
  if (!m_async) {
    return;
  }
  std::unique_lock<std::mutex> lock(m_async->mutex);
  m_async->finished_cv.wait_for(lock, limit, [this] { return !m_async->finished.empty(); });
}

}  // namespace engine
