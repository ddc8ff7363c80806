/// The control inbox of a dry run: nobody can run `flowrun resume` against a dry run, so
/// every suspend gate opens as soon as it is reached and the walk goes on past it.
#pragma once

#include <deque>
#include <functional>
#include <set>
#include <string>
#include <string_view>

#include "engine/control.hpp"
#include "engine/status_sink.hpp"

namespace control {

/// Both the engine's StatusSink (every report is passed on to `next`) and its ControlInbox.
/// A Suspend node that turns Running is resumed at the next poll (`resume` with selector
/// `id=<node id>`); one whose resume fails (an output parameter without a value or a
/// default) is failed with the resume's error instead, so the run never waits forever.
/// A workflow submitted with `spec.suspend: true` is resumed at the first poll. poll()
/// returns nothing once these are answered, so the run loop never spins on it. Used on the
/// engine's thread only.
class AutoResume final : public engine::ControlInbox, public engine::StatusSink {
 public:
  /// `note` receives one line per suspend node resumed or failed (the CLI prints it).
  AutoResume(engine::StatusSink& next, bool workflow_suspended,
             std::function<void(std::string_view)> note);

  void on_node(const graph::Node& node) override;
  std::optional<engine::PendingControl> poll() override;

 private:
  engine::StatusSink& m_next;
  std::function<void(std::string_view)> m_note;
  std::deque<engine::PendingControl> m_ready;
  std::set<std::string> m_seen;  ///< suspend node IDs already queued
  /// Suspend nodes that have ended (a plain resume may end one before its own resume).
  std::set<std::string> m_ended;
};

}  // namespace control
