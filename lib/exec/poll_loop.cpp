#include "exec/poll_loop.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

namespace exec {
namespace {

constexpr auto k_min_poll = std::chrono::milliseconds(1);
constexpr auto k_max_poll = std::chrono::milliseconds(10);

}  // namespace

std::optional<engine::PodEvent> wait_polling(std::deque<engine::PodEvent>& events,
                                             std::size_t& outstanding,
                                             const std::function<bool()>& idle,
                                             const std::function<bool()>& sweep,
                                             std::optional<engine::TimePoint> deadline) {
  auto interval = k_min_poll;
  while (true) {
    if (!events.empty()) {
      engine::PodEvent event = std::move(events.front());
      events.pop_front();
      if (event.kind == engine::PodEvent::Kind::exited) {
        --outstanding;
      }
      return event;
    }
    if (idle()) {
      return std::nullopt;
    }
    if (sweep()) {
      continue;
    }
    const auto now = std::chrono::system_clock::now();
    if (deadline && now >= *deadline) {
      return std::nullopt;
    }
    auto pause = std::chrono::duration_cast<std::chrono::system_clock::duration>(interval);
    if (deadline) {
      pause = std::min(pause, *deadline - now);
    }
    std::this_thread::sleep_for(pause);
    interval = std::min(interval * 2, k_max_poll);
  }
}

}  // namespace exec
