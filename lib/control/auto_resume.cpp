#include "control/auto_resume.hpp"

#include <utility>

#include <fmt/format.h>

namespace control {

AutoResume::AutoResume(engine::StatusSink& next, bool workflow_suspended,
                       std::function<void(std::string_view)> note)
    : m_next(next), m_note(std::move(note)) {
  if (workflow_suspended) {
    engine::PendingControl resume;
    resume.request.action = engine::ControlRequest::Action::resume;
    resume.reply = [this](const engine::ControlReply& /*reply*/) {
      if (m_note) {
        m_note("dry run: the workflow is submitted suspended (spec.suspend); resumed at once");
      }
    };
    m_ready.push_back(std::move(resume));
  }
}

void AutoResume::on_node(const graph::Node& node) {
  m_next.on_node(node);
  if (node.type == graph::NodeType::suspend && node.phase != graph::Phase::running &&
      node.phase != graph::Phase::pending) {
    m_ended.insert(node.id);
  }
  if (node.type != graph::NodeType::suspend || node.phase != graph::Phase::running ||
      !m_seen.insert(node.id).second) {
    return;
  }
  engine::PendingControl resume;
  resume.request.action = engine::ControlRequest::Action::resume;
  resume.request.node_selector = "id=" + node.id;
  resume.reply = [this, id = node.id, name = node.name](const engine::ControlReply& reply) {
    if (reply.ok || m_ended.count(id) > 0) {  // resumed by this request or an earlier one
      if (m_note) {
        m_note(fmt::format("dry run: suspend node {} resumed at once", name));
      }
      return;
    }
    // The resume cannot complete the node: fail it with the reason instead of waiting.
    engine::PendingControl fail;
    fail.request.action = engine::ControlRequest::Action::set_node;
    fail.request.node_selector = "id=" + id;
    fail.request.phase = "Failed";
    fail.request.message = reply.message;
    m_ready.push_back(std::move(fail));
  };
  m_ready.push_back(std::move(resume));
}

std::optional<engine::PendingControl> AutoResume::poll() {
  if (m_ready.empty()) {
    return std::nullopt;
  }
  engine::PendingControl next = std::move(m_ready.front());
  m_ready.pop_front();
  return next;
}

}  // namespace control
