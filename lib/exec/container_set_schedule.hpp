/// The order in which the members of a containerSet pod run (spec 1.9): each starts once all
/// its dependencies exited 0, independent ones at the same time; a member that exits
/// non-zero runs again while the set's retryStrategy allows; a member whose dependency
/// failed never starts. Pure bookkeeping: the executors (and the tests' fake executor) start
/// and watch the containers and tell it what happened.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "engine/executor.hpp"

namespace exec {

class ContainerSetSchedule {
 public:
  /// Where a member is.
  enum class State {
    waiting,     ///< for its dependencies
    running,     ///< started by the caller (take_ready)
    retry_wait,  ///< failed, runs again once the caller restarts it (after retry_delay)
    succeeded,   ///< exited 0
    failed,      ///< exited non-zero, no retries left
    blocked,     ///< never starts: a dependency failed or was blocked
  };

  /// Members of `request.container_set`, all waiting.
  explicit ContainerSetSchedule(const engine::PodRequest& request);

  /// The members that may start now, in template order; they are running from now on.
  std::vector<std::size_t> take_ready();
  /// Member `index` exited with `exit_code`. True when it is to run again: it is then in
  /// retry_wait until restarted() (the caller waits retry_delay() first).
  bool exited(std::size_t index, int exit_code);
  /// A member in retry_wait started again.
  void restarted(std::size_t index);
  /// Member `index` could not be started at all: it fails without retries.
  void start_failed(std::size_t index);
  /// Marks every member that is not over yet as blocked (the pod is being stopped).
  void abandon();
  /// No member is waiting, running or about to run again.
  bool finished() const;

  State state(std::size_t index) const { return m_states[index]; }
  /// How many times member `index` was started.
  int runs(std::size_t index) const { return m_runs[index]; }
  std::chrono::milliseconds retry_delay() const { return m_retry.duration; }
  std::size_t size() const { return m_states.size(); }

 private:
  /// Waiting members with a failed or blocked dependency become blocked, transitively.
  void propagate_blocks();

  std::vector<std::vector<std::size_t>> m_dependencies;  ///< by index; unknown names dropped
  std::vector<State> m_states;
  std::vector<int> m_runs;
  engine::ContainerSetRetry m_retry;
};

}  // namespace exec
