/// Time, behind an interface so the engine can be tested without sleeping.
#pragma once

#include "graph/node.hpp"

namespace engine {

using graph::TimePoint;

/// What the engine asks of time: the current instant and waiting until one.
class Clock {
 public:
  virtual ~Clock() = default;
  /// The current wall-clock time.
  virtual TimePoint now() = 0;
  /// Blocks until `when` (returns at once when it is past). Fakes just move their time.
  virtual void sleep_until(TimePoint when) = 0;
};

/// The real clock (std::chrono::system_clock).
class SystemClock final : public Clock {
 public:
  TimePoint now() override;
  void sleep_until(TimePoint when) override;
};

}  // namespace engine
