#include "support/engine_fixture.hpp"

#include <catch2/catch.hpp>

#include "engine/engine.hpp"
#include "engine/status_sink.hpp"

namespace testing {
namespace {

std::string describe(const graph::Node& node) {
  std::string line = node.name + " " + std::string(graph::to_string(node.phase));
  if (!node.message.empty()) {
    line += " " + node.message;
  }
  return line;
}

/// Keeps every node state it is told about.
class RecordingSink final : public engine::StatusSink {
 public:
  explicit RecordingSink(std::vector<std::string>& lines) : m_lines(lines) {}
  void on_node(const graph::Node& node) override { m_lines.push_back(describe(node)); }

 private:
  std::vector<std::string>& m_lines;
};

}  // namespace

EngineRun::EngineRun(const std::string& yaml) : m_linted(lint_text(yaml)) {
  INFO(Catch::rangeToString(m_linted->lines()));
  REQUIRE(!m_linted->diagnostics.has_errors());
  REQUIRE(!m_linted->documents.empty());
  request.workflow = &m_linted->documents.front();
  request.name = request.workflow->metadata.name ? request.workflow->metadata.name->value : "wf";
  request.uid = "00000000-0000-4000-8000-000000000000";
  request.artifacts = &artifacts;
  request.artifact_root = "/artifact-repository";  // keys map below it; the fake keeps them
}

const graph::WorkflowStatus& EngineRun::run() {
  m_transitions.clear();
  RecordingSink sink(m_transitions);
  engine::Engine engine(request, executor, clock, sink);
  status = engine.run(shutdown, inbox);
  return status;
}

const graph::Node& EngineRun::node(const std::string& name) const {
  const graph::Node* found = status.nodes.find_by_name(name);
  INFO("node " << name);
  REQUIRE(found != nullptr);
  return *found;
}

bool EngineRun::has(const std::string& name) const {
  return status.nodes.find_by_name(name) != nullptr;
}

std::vector<std::string> EngineRun::summary() const {
  std::vector<std::string> lines;
  for (const graph::Node& each : status.nodes.nodes()) {
    lines.push_back(describe(each));
  }
  return lines;
}

std::vector<std::string> EngineRun::names() const {
  std::vector<std::string> out;
  for (const graph::Node& each : status.nodes.nodes()) {
    out.push_back(each.name);
  }
  return out;
}

std::string EngineRun::phase(const std::string& name) const {
  return std::string(graph::to_string(node(name).phase));
}

long long EngineRun::started(const std::string& name) const {
  const graph::Node& found = node(name);
  INFO("node " << name);
  REQUIRE(found.started_at.has_value());
  return clock.seconds_at(*found.started_at);
}

long long EngineRun::finished(const std::string& name) const {
  const graph::Node& found = node(name);
  INFO("node " << name);
  REQUIRE(found.finished_at.has_value());
  return clock.seconds_at(*found.finished_at);
}

std::vector<std::string> EngineRun::children(const std::string& name) const {
  std::vector<std::string> out;
  for (const graph::Node* child : status.nodes.children(node(name).id)) {
    out.push_back(child->name);
  }
  return out;
}

}  // namespace testing
