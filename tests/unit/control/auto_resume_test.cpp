// The dry run's inbox: every suspend gate opens as soon as it is reached, a gate that cannot
// open fails instead of waiting, and the engine's loop stops asking once all is answered.
#include "control/auto_resume.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "engine/engine.hpp"

#include "support/engine_fixture.hpp"

namespace {

/// Remembers every node report.
class Recorder final : public engine::StatusSink {
 public:
  void on_node(const graph::Node& node) override {
    reports.push_back(node.name + " " + std::string(graph::to_string(node.phase)));
  }
  std::vector<std::string> reports;
};

/// Counts the requests the engine takes from the inbox it wraps (a spinning loop would
/// take requests without end).
class CountingInbox final : public engine::ControlInbox {
 public:
  explicit CountingInbox(engine::ControlInbox& inner) : m_inner(inner) {}
  std::optional<engine::PendingControl> poll() override {
    ++polls;
    std::optional<engine::PendingControl> next = m_inner.poll();
    if (next) {
      ++delivered;
    }
    return next;
  }
  int polls = 0;
  int delivered = 0;

 private:
  engine::ControlInbox& m_inner;
};

/// One dry run of `yaml` with auto-resume on the fake executor and clock.
struct AutoRun {
  explicit AutoRun(const std::string& yaml, bool workflow_suspended = false)
      : run(yaml),
        auto_resume(recorder, workflow_suspended,
                    [this](std::string_view line) { notes.emplace_back(line); }),
        counting(auto_resume) {
    engine::Engine engine(run.request, run.executor, run.clock, auto_resume);
    status = engine.run(nullptr, &counting);
  }
  const graph::Node& node(const std::string& name) const {
    for (const graph::Node& each : status.nodes.nodes()) {
      if (each.name == name) {
        return each;
      }
    }
    FAIL("no node " << name);
    throw std::logic_error("unreachable");
  }

  testing::EngineRun run;
  Recorder recorder;
  std::vector<std::string> notes;
  control::AutoResume auto_resume;
  CountingInbox counting;
  graph::WorkflowStatus status;
};

std::string gate(const std::string& suspend, const std::string& output) {
  return R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: approve
        template: approve
    - - name: deploy
        template: work
        arguments:
          parameters:
          - name: target
            value: "{{steps.approve.outputs.parameters.target}}"
  - name: approve
    suspend: )" +
         suspend + R"(
    outputs:
      parameters:
      - name: target
        valueFrom:
          supplied: {})" +
         output + R"(
  - name: work
    inputs:
      parameters:
      - name: target
    container:
      image: busybox
      args: ["{{inputs.parameters.target}}"]
)";
}

}  // namespace

TEST_CASE("auto-resume: a suspend node is resumed at once and the run goes on",
          "[control][dry-run]") {
  AutoRun dry(gate("{}", "\n          default: staging"));
  CHECK(dry.status.phase == graph::WorkflowPhase::succeeded);
  CHECK(graph::to_string(dry.node("wf[0].approve").phase) == "Succeeded");
  CHECK(dry.node("wf[0].approve").outputs.parameters ==
        std::vector<std::pair<std::string, std::string>>{{"target", "staging"}});
  CHECK(graph::to_string(dry.node("wf[1].deploy").phase) == "Succeeded");
  CHECK(dry.notes ==
        std::vector<std::string>{"dry run: suspend node wf[0].approve resumed at once"});
  CHECK(dry.counting.delivered == 1);
  CHECK(dry.run.clock.elapsed_seconds() < 5);
  // Every report still reaches the sink it wraps.
  CHECK(std::find(dry.recorder.reports.begin(), dry.recorder.reports.end(),
                  "wf[1].deploy Succeeded") != dry.recorder.reports.end());
}

TEST_CASE("auto-resume: a suspend with a duration does not wait for it", "[control][dry-run]") {
  AutoRun dry(gate("{duration: \"6h\"}", "\n          default: staging"));
  CHECK(dry.status.phase == graph::WorkflowPhase::succeeded);
  CHECK(dry.run.clock.elapsed_seconds() < 5);
  CHECK(dry.counting.delivered == 1);
}

TEST_CASE("auto-resume: a gate whose output has no value fails instead of waiting",
          "[control][dry-run]") {
  AutoRun dry(gate("{}", ""));
  CHECK(dry.status.phase == graph::WorkflowPhase::failed);
  const graph::Node& approve = dry.node("wf[0].approve");
  CHECK(graph::to_string(approve.phase) == "Failed");
  CHECK(approve.message ==
        "raw output parameter 'target' has not been set and does not have a default value");
  CHECK(dry.notes.empty());
  CHECK(dry.counting.delivered == 2);  // the resume, then the node set that fails it
}

TEST_CASE("auto-resume: a workflow submitted suspended is resumed at the first poll",
          "[control][dry-run]") {
  std::string yaml = gate("{}", "\n          default: staging");
  yaml.replace(yaml.find("  entrypoint: main"), 0, "  suspend: true\n");
  AutoRun dry(yaml, true);
  CHECK(dry.status.phase == graph::WorkflowPhase::succeeded);
  CHECK(dry.notes == std::vector<std::string>{
                         "dry run: the workflow is submitted suspended (spec.suspend); resumed "
                         "at once",
                         "dry run: suspend node wf[0].approve resumed at once"});
  CHECK(dry.counting.delivered == 2);
}

TEST_CASE("auto-resume: a workflow without suspend nodes is never sent anything",
          "[control][dry-run]") {
  AutoRun dry(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: busybox
)");
  CHECK(dry.status.phase == graph::WorkflowPhase::succeeded);
  CHECK(dry.counting.delivered == 0);
  CHECK(dry.notes.empty());
}
