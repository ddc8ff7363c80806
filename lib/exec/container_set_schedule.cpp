#include "exec/container_set_schedule.hpp"

#include <algorithm>

namespace exec {

ContainerSetSchedule::ContainerSetSchedule(const engine::PodRequest& request)
    : m_dependencies(request.container_set.size()),
      m_states(request.container_set.size(), State::waiting),
      m_runs(request.container_set.size(), 0),
      m_retry(request.container_set_retry) {
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < request.container_set.size(); ++i) {
    index.emplace(request.container_set[i].spec.name, i);
  }
  for (std::size_t i = 0; i < request.container_set.size(); ++i) {
    for (const std::string& name : request.container_set[i].dependencies) {
      // Lint rejects unknown names and cycles; a dependency on itself could never start.
      if (const auto found = index.find(name); found != index.end() && found->second != i) {
        m_dependencies[i].push_back(found->second);
      }
    }
  }
}

void ContainerSetSchedule::propagate_blocks() {
  bool changed = true;
  while (changed) {
    changed = false;
    for (std::size_t i = 0; i < m_states.size(); ++i) {
      if (m_states[i] != State::waiting) {
        continue;
      }
      const bool blocked =
          std::any_of(m_dependencies[i].begin(), m_dependencies[i].end(), [&](std::size_t dep) {
            return m_states[dep] == State::failed || m_states[dep] == State::blocked;
          });
      if (blocked) {
        m_states[i] = State::blocked;
        changed = true;
      }
    }
  }
}

std::vector<std::size_t> ContainerSetSchedule::take_ready() {
  propagate_blocks();
  std::vector<std::size_t> ready;
  for (std::size_t i = 0; i < m_states.size(); ++i) {
    if (m_states[i] != State::waiting) {
      continue;
    }
    const bool satisfied =
        std::all_of(m_dependencies[i].begin(), m_dependencies[i].end(),
                    [&](std::size_t dep) { return m_states[dep] == State::succeeded; });
    if (satisfied) {
      ready.push_back(i);
    }
  }
  for (std::size_t i : ready) {
    m_states[i] = State::running;
    ++m_runs[i];
  }
  return ready;
}

bool ContainerSetSchedule::exited(std::size_t index, int exit_code) {
  if (exit_code == 0) {
    m_states[index] = State::succeeded;
    return false;
  }
  if (m_runs[index] <= m_retry.retries) {
    m_states[index] = State::retry_wait;
    return true;
  }
  m_states[index] = State::failed;
  propagate_blocks();
  return false;
}

void ContainerSetSchedule::restarted(std::size_t index) {
  m_states[index] = State::running;
  ++m_runs[index];
}

void ContainerSetSchedule::start_failed(std::size_t index) {
  m_states[index] = State::failed;
  propagate_blocks();
}

void ContainerSetSchedule::abandon() {
  for (State& state : m_states) {
    if (state == State::waiting || state == State::retry_wait) {
      state = State::blocked;
    }
  }
}

bool ContainerSetSchedule::finished() const {
  return std::none_of(m_states.begin(), m_states.end(), [](State state) {
    return state == State::waiting || state == State::running || state == State::retry_wait;
  });
}

}  // namespace exec
