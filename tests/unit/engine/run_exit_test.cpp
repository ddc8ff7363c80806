// Exit handlers and the outputs of skipped nodes (spec 4.9, 5.7, 6.3).
#include <catch2/catch.hpp>

#include "support/engine_fixture.hpp"

using testing::EngineRun;
using testing::FakePod;
using Names = std::vector<std::string>;

namespace {

const char* const k_exit = R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: x}
spec:
  entrypoint: main
  onExit: exit-handler
  templates:
  - {name: main, container: {image: busybox}}
  - name: exit-handler
    steps:
    - - {name: report, template: report}
  - name: report
    container:
      image: busybox
      args: ["{{workflow.status}}", "{{workflow.failures}}"]
)Y";

}  // namespace

TEST_CASE("exit: onExit runs after the entry node and sees workflow.status Failed") {
  EngineRun run(k_exit);
  run.executor.on_template("main", FakePod().exits(1));
  run.run();
  CHECK(run.executor.started_nodes() == Names{"x", "x.onExit[0].report"});
  const graph::Node& exit = run.node("x.onExit");
  CHECK(exit.hooked);
  CHECK(exit.display_name == "x.onExit");
  CHECK(exit.boundary_id.empty());
  CHECK(run.node("x.onExit[0].report").display_name == "report");
  const Names args = run.executor.request_for("x.onExit[0].report")->main.args;
  CHECK(args.at(0) == "Failed");
  CHECK(args.at(1) == R"("[{\"displayName\":\"x\",\"message\":\"main: Error (exit code 1)\",)"
                      R"(\"templateName\":\"main\",\"phase\":\"Failed\",\"podName\":\"x\",)"
                      R"(\"finishedAt\":\"2024-01-01T00:00:01Z\"}]")");
  // The main part failed: the exit handler's success changes nothing.
  CHECK(run.status.phase == graph::WorkflowPhase::failed);
  CHECK(run.status.message == "main: Error (exit code 1)");
}

TEST_CASE("exit: with no failures workflow.failures is the quoted string null") {
  EngineRun run(k_exit);
  run.run();
  const Names args = run.executor.request_for("x.onExit[0].report")->main.args;
  CHECK(args == Names{"Succeeded", "\"null\""});
  CHECK(run.status.phase == graph::WorkflowPhase::succeeded);
}

TEST_CASE("exit: a failed exit handler fails a workflow that had succeeded") {
  EngineRun run(k_exit);
  run.executor.on_template("report", FakePod().exits(3));
  run.run();
  const std::string report_id = run.node("x.onExit[0].report").id;
  CHECK(run.phase("x") == "Succeeded");
  CHECK(run.phase("x.onExit") == "Failed");
  CHECK(run.status.phase == graph::WorkflowPhase::failed);
  CHECK(run.status.message == "child '" + report_id + "' failed");
}

TEST_CASE("exit: a step's exit hook runs after it, sees its outputs, and the group waits") {
  EngineRun run(R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: h}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: work
        template: work
        hooks:
          exit:
            template: cleanup
            arguments: {parameters: [{name: s, value: "{{steps.work.status}}:{{steps.work.outputs.result}}"}]}
      - {name: skipped, template: work, when: "1 == 2", onExit: cleanup-plain}
    - - {name: next, template: work}
  - {name: work, container: {image: busybox}}
  - name: cleanup
    inputs: {parameters: [{name: s}]}
    container: {image: busybox, args: ["{{inputs.parameters.s}}"]}
  - {name: cleanup-plain, container: {image: busybox}}
)Y");
  run.executor.on_node("h[0].work", FakePod().exits(1).prints("partial\n"));
  run.executor.on_template("cleanup", FakePod().lasts(4));
  run.run();
  CHECK(run.executor.started_nodes() == Names{"h[0].work", "h[0].work.onExit"});
  CHECK(run.executor.request_for("h[0].work.onExit")->main.args == Names{"Failed:partial"});
  CHECK(run.node("h[0].work.onExit").hooked);
  CHECK(run.children("h[0].work") == Names{"h[0].work.onExit"});
  // Skipped steps run no exit hook; the group waited for the hook (1 s + 4 s).
  CHECK_FALSE(run.has("h[0].skipped.onExit"));
  CHECK(run.clock.elapsed_seconds() == 5);
  CHECK(run.phase("h") == "Failed");
}

TEST_CASE("exit: a skipped producer's outputs use their default, else they are absent") {
  EngineRun run(R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: s}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: maybe, template: produce, when: "false"}
    - - name: use-default
        template: consume
        arguments: {parameters: [{name: v, value: "{{steps.maybe.outputs.parameters.with-default}}"}]}
      - name: use-absent
        template: consume
        arguments: {parameters: [{name: v, value: "{{steps.maybe.outputs.parameters.plain}}"}]}
      - name: composite
        template: consume
        arguments: {parameters: [{name: v, value: "x-{{steps.maybe.outputs.parameters.plain}}"}]}
      - name: no-default
        template: consume-strict
        arguments: {parameters: [{name: v, value: "{{steps.maybe.outputs.parameters.plain}}"}]}
  - name: produce
    outputs:
      parameters:
      - {name: with-default, valueFrom: {path: /a, default: fallback}}
      - {name: plain, valueFrom: {path: /b}}
    container: {image: busybox}
  - name: consume
    inputs: {parameters: [{name: v, default: input-default}]}
    container: {image: busybox, args: ["{{inputs.parameters.v}}"]}
  - name: consume-strict
    inputs: {parameters: [{name: v}]}
    container: {image: busybox, args: ["{{inputs.parameters.v}}"]}
)Y");
  run.run();
  CHECK(run.executor.request_for("s[1].use-default")->main.args == Names{"fallback"});
  CHECK(run.executor.request_for("s[1].use-absent")->main.args == Names{"input-default"});
  CHECK(run.phase("s[1].composite") == "Error");
  CHECK(run.node("s[1].composite").message ==
        "unable to substitute {{steps.maybe.outputs.parameters.plain}}: output is an absent "
        "optional (skipped/omitted node with no default)");
  CHECK(run.phase("s[1].no-default") == "Error");
  CHECK(run.node("s[1].no-default").message ==
        "inputs.parameters.v: argument references an absent optional (skipped/omitted node "
        "with no default)");
}

TEST_CASE("exit: a looped step runs its exit hook per item, with that item") {
  EngineRun run(R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: li}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: work
        template: work
        withItems: [a, b]
        hooks:
          exit:
            template: cleanup
            arguments: {parameters: [{name: s, value: "{{item}}-{{steps.work.status}}"}]}
  - {name: work, container: {image: busybox}}
  - name: cleanup
    inputs: {parameters: [{name: s}]}
    container: {image: busybox, args: ["{{inputs.parameters.s}}"]}
)Y");
  run.executor.on_node("li[0].work(1:b)", FakePod().lasts(3).exits(1));
  run.run();
  CHECK(run.executor.request_for("li[0].work(0:a).onExit")->main.args == Names{"a-Succeeded"});
  CHECK(run.executor.request_for("li[0].work(1:b).onExit")->main.args == Names{"b-Failed"});
  CHECK(run.phase("li") == "Failed");
}
