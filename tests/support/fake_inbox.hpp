/// Test helper: control requests (resume, stop, ...) delivered to the engine at set times on
/// the fake clock, with the engine's replies kept for assertions.
#pragma once

#include <string>
#include <vector>

#include "engine/control.hpp"

#include "support/fake_executor.hpp"

namespace testing {

class FakeInbox final : public engine::ControlInbox {
 public:
  explicit FakeInbox(FakeClock& clock) : m_clock(clock) {}

  /// Delivers `request` at the first poll at or after `at_seconds` on the fake clock.
  void at(double at_seconds, engine::ControlRequest request);

  std::optional<engine::PendingControl> poll() override;

  /// "ok: message" / "error: message" for every answered request, in order.
  const std::vector<std::string>& replies() const { return m_replies; }
  /// Requests not delivered yet.
  std::size_t waiting() const { return m_scripted.size(); }

 private:
  struct Scripted {
    double at_seconds = 0;
    engine::ControlRequest request;
  };
  FakeClock& m_clock;
  std::vector<Scripted> m_scripted;
  std::vector<std::string> m_replies;
};

}  // namespace testing
