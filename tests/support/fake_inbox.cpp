#include "support/fake_inbox.hpp"

#include <algorithm>

namespace testing {

void FakeInbox::at(double at_seconds, engine::ControlRequest request) {
  m_scripted.push_back({at_seconds, std::move(request)});
  std::stable_sort(m_scripted.begin(), m_scripted.end(), [](const Scripted& a, const Scripted& b) {
    return a.at_seconds < b.at_seconds;
  });
}

std::optional<engine::PendingControl> FakeInbox::poll() {
  if (m_scripted.empty() || m_clock.now() < m_clock.at(m_scripted.front().at_seconds)) {
    return std::nullopt;
  }
  engine::PendingControl pending;
  pending.request = std::move(m_scripted.front().request);
  m_scripted.erase(m_scripted.begin());
  pending.reply = [this](const engine::ControlReply& reply) {
    m_replies.push_back((reply.ok ? "ok: " : "error: ") + reply.message);
  };
  return pending;
}

}  // namespace testing
