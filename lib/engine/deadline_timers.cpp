#include "engine/deadline_timers.hpp"

namespace engine {

TimerQueue::Id TimerQueue::add(TimePoint when, std::function<void()> action) {
  const Id id = m_next++;
  m_timers.emplace(std::make_pair(when, id), std::move(action));
  m_when.emplace(id, when);
  return id;
}

void TimerQueue::cancel(Id id) {
  const auto it = m_when.find(id);
  if (it == m_when.end()) {
    return;
  }
  m_timers.erase(std::make_pair(it->second, id));
  m_when.erase(it);
}

std::optional<TimePoint> TimerQueue::next() const {
  if (m_timers.empty()) {
    return std::nullopt;
  }
  return m_timers.begin()->first.first;
}

std::optional<std::function<void()>> TimerQueue::pop_due(TimePoint now) {
  if (m_timers.empty() || m_timers.begin()->first.first > now) {
    return std::nullopt;
  }
  auto first = m_timers.begin();
  std::function<void()> action = std::move(first->second);
  m_when.erase(first->first.second);
  m_timers.erase(first);
  return action;
}

}  // namespace engine
