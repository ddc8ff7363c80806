#include "control_inbox.hpp"

#include <fmt/format.h>

#include "report.hpp"

namespace cli {

RunControl::RunControl(const model::Workflow& workflow, const std::string& name, RunRecord* record,
                       engine::StatusSink& sink)
    : m_sink(sink) {
  if (record == nullptr) {
    const bool suspended = workflow.spec.suspend && workflow.spec.suspend->value == "true";
    m_auto_resume = std::make_unique<control::AutoResume>(
        sink, suspended, [](std::string_view line) { print_message(line); });
    return;
  }
  auto server = control::ControlServer::start(record->directory().path(), name);
  if (!server) {
    print_message(
        fmt::format("warning: no control channel ({}): `flowrun resume {}` and the "
                    "other control commands cannot reach this run",
                    server.error().message, name));
    return;
  }
  m_server = std::move(server.value());
  m_hint.emplace(sink, name);
  if (workflow.spec.suspend && workflow.spec.suspend->value == "true") {
    print_message(
        fmt::format("{} is submitted suspended (spec.suspend): nothing starts until "
                    "`flowrun resume {}` (from another shell)",
                    name, name));
  }
}

void RunControl::ResumeHint::on_node(const graph::Node& node) {
  m_next.on_node(node);
  if (node.type == graph::NodeType::suspend && node.phase == graph::Phase::running &&
      m_told.insert(node.id).second) {
    print_message(
        fmt::format("{} is suspended: `flowrun resume {}` (from another shell) "
                    "releases it",
                    node.name, m_workflow_name));
  }
}

RunControl::~RunControl() {
  close();
}

engine::StatusSink& RunControl::sink() {
  if (m_auto_resume) {
    return *m_auto_resume;
  }
  if (m_hint) {
    return *m_hint;
  }
  return m_sink;
}

engine::ControlInbox* RunControl::inbox() {
  if (m_auto_resume) {
    return m_auto_resume.get();
  }
  return m_server.get();
}

void RunControl::close() {
  if (m_server) {
    m_server->close();
  }
}

}  // namespace cli
