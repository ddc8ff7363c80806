/// Timers for the engine's run loop: backoff waits and deadlines (spec sections 2.3, 2.4).
/// The engine never sleeps on them itself: the run loop asks for the earliest one and waits
/// for pod events until then, and fires what is due on the injected Clock's time.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <unordered_map>
#include <utility>

#include "graph/node.hpp"

namespace engine {

using graph::TimePoint;

/// Actions due at given times, fired in time order (ties in the order they were added).
class TimerQueue {
 public:
  using Id = std::uint64_t;

  /// Schedules `action` for `when` (a past time fires at the next opportunity).
  Id add(TimePoint when, std::function<void()> action);
  /// Drops a timer that has not fired; unknown or fired ids are ignored.
  void cancel(Id id);
  /// The earliest time a timer is due, or nullopt when none is pending.
  std::optional<TimePoint> next() const;
  /// Removes and returns the earliest timer due at `now`, if any. One at a time, because an
  /// action may add or cancel timers.
  std::optional<std::function<void()>> pop_due(TimePoint now);
  /// True when no timer is pending.
  bool empty() const { return m_timers.empty(); }

 private:
  std::map<std::pair<TimePoint, Id>, std::function<void()>> m_timers;
  std::unordered_map<Id, TimePoint> m_when;
  Id m_next = 0;
};

}  // namespace engine
