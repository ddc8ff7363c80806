/// The waiting loop the process-based executors share: hand out queued events, else sweep
/// the running pods with a backoff from 1 ms to 10 ms, until the deadline.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <optional>

#include "engine/executor.hpp"

namespace exec {

/// Returns the first event of `events` (counting an `exited` one off `outstanding`), calling
/// `sweep` (which queues events and returns true when it found any) until there is one.
/// Returns nullopt when `idle()` says nothing runs, or when `deadline` passes.
std::optional<engine::PodEvent> wait_polling(std::deque<engine::PodEvent>& events,
                                             std::size_t& outstanding,
                                             const std::function<bool()>& idle,
                                             const std::function<bool()>& sweep,
                                             std::optional<engine::TimePoint> deadline);

}  // namespace exec
