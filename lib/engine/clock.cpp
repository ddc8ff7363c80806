#include "engine/clock.hpp"

#include <thread>

namespace engine {

TimePoint SystemClock::now() {
  return std::chrono::system_clock::now();
}

void SystemClock::sleep_until(TimePoint when) {
  std::this_thread::sleep_until(when);
}

}  // namespace engine
