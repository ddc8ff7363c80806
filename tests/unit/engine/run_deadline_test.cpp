// The engine on deadlines (spec 2.4, 12 item 13): template `timeout` (from node creation),
// template `activeDeadlineSeconds` (from pod start) and spec.activeDeadlineSeconds, on the
// fake clock.
#include <catch2/catch.hpp>

#include "support/engine_fixture.hpp"

using testing::EngineRun;
using testing::FakePod;
using Names = std::vector<std::string>;

namespace {

constexpr const char* k_pod_deadline =
    "Pod was active on the node longer than the specified deadline";

/// Workflow "wf" with `spec_extra` in its spec and `templates` (indented by 2) as templates.
std::string workflow(const std::string& templates, const std::string& spec_extra = "") {
  return "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: wf}\nspec:\n" +
         spec_extra + "  templates:\n" + templates;
}

/// Steps `a` (template `slow`) and `b` (template `limited`) side by side under
/// parallelism 1, so `b` waits (Pending) until `a` ends.
std::string pending_then_running(const std::string& limited_extra) {
  return workflow(R"(  - name: main
    steps:
    - - {name: a, template: slow}
      - {name: b, template: limited}
  - name: slow
    container: {image: busybox}
  - name: limited
)" + limited_extra + R"(    container: {image: busybox}
)",
                  "  entrypoint: main\n  parallelism: 1\n");
}

}  // namespace

TEST_CASE("deadline: a running pod past its template timeout is stopped, node Failed") {
  EngineRun run(workflow(R"(  - name: leaf
    timeout: 5s
    container: {image: busybox}
)",
                         "  entrypoint: leaf\n"));
  run.executor.on_template("leaf", FakePod().forever());
  run.run();
  CHECK(run.executor.stopped_nodes() == Names{"wf"});
  CHECK(run.summary() == Names{std::string("wf Failed ") + k_pod_deadline});
  CHECK(run.node("wf").outputs.exit_code == std::optional<std::string>("143"));
  CHECK(run.clock.elapsed_seconds() == 5);
  CHECK(run.status.phase == graph::WorkflowPhase::failed);
  CHECK(run.status.message == k_pod_deadline);
}

TEST_CASE("deadline: a pod that ends in time is not touched by its timeout") {
  EngineRun run(workflow(R"(  - name: leaf
    timeout: 1h
    container: {image: busybox}
)",
                         "  entrypoint: leaf\n"));
  run.executor.on_template("leaf", FakePod().lasts(3));
  run.run();
  CHECK(run.executor.stopped_nodes().empty());
  CHECK(run.phase("wf") == "Succeeded");
  CHECK(run.clock.elapsed_seconds() == 3);  // the 1h timer does not keep the run waiting
}

TEST_CASE("deadline: timeout counts pending time; a node still Pending fails with `timeout`") {
  EngineRun run(pending_then_running("    timeout: 4s\n"));
  run.executor.on_template("slow", FakePod().lasts(10));
  run.run();
  CHECK(run.executor.started_nodes() == Names{"wf[0].a"});
  CHECK(run.node("wf[0].b").message == "timeout");
  CHECK(run.phase("wf[0].b") == "Failed");
  CHECK(run.finished("wf[0].b") == 4);
  CHECK(run.phase("wf[0].a") == "Succeeded");
}

TEST_CASE("deadline: timeout from creation also bounds a pod that started late") {
  EngineRun run(pending_then_running("    timeout: 15s\n"));
  run.executor.on_template("slow", FakePod().lasts(10));
  run.executor.on_template("limited", FakePod().forever());
  run.run();
  CHECK(run.started("wf[0].b") == 0);  // created at 0, its pod started at 10
  CHECK(run.executor.stopped_nodes() == Names{"wf[0].b"});
  CHECK(run.finished("wf[0].b") == 15);
  CHECK(run.node("wf[0].b").message == k_pod_deadline);
}

TEST_CASE("deadline: activeDeadlineSeconds counts from pod start") {
  EngineRun run(pending_then_running("    activeDeadlineSeconds: 3\n"));
  run.executor.on_template("slow", FakePod().lasts(10));
  run.executor.on_template("limited", FakePod().forever());
  run.run();
  CHECK(run.finished("wf[0].b") == 13);
  CHECK(run.node("wf[0].b").message == k_pod_deadline);
  CHECK(run.phase("wf[0]") == "Failed");
}

TEST_CASE("deadline: timeout and activeDeadlineSeconds from the template's inputs") {
  EngineRun run(workflow(R"(  - name: main
    steps:
    - - name: t
        template: sleep
        arguments:
          parameters: [{name: timeout, value: 7s}, {name: active, value: "100"}]
        continueOn: {failed: true}
      - name: d
        template: sleep
        arguments:
          parameters: [{name: timeout, value: 1h}, {name: active, value: "4"}]
        continueOn: {failed: true}
  - name: sleep
    inputs:
      parameters: [{name: timeout}, {name: active}]
    timeout: "{{inputs.parameters.timeout}}"
    activeDeadlineSeconds: "{{inputs.parameters.active}}"
    container: {image: busybox}
)",
                         "  entrypoint: main\n"));
  run.executor.on_template("sleep", FakePod().forever());
  run.run();
  CHECK(run.finished("wf[0].t") == 7);
  CHECK(run.finished("wf[0].d") == 4);
  CHECK(run.executor.stopped_nodes() == Names{"wf[0].d", "wf[0].t"});
  // Deadlines fail nodes (not Error), so continueOn.failed covers them.
  CHECK(run.status.phase == graph::WorkflowPhase::succeeded);
}

TEST_CASE("deadline: a timeout that is not a Go duration errors the node") {
  EngineRun run(workflow(R"(  - name: leaf
    inputs:
      parameters: [{name: t, value: soon}]
    timeout: "{{inputs.parameters.t}}"
    container: {image: busybox}
)",
                         "  entrypoint: leaf\n"));
  run.run();
  CHECK(run.summary() == Names{"wf Error invalid timeout format. time: invalid duration \"soon\""});
  CHECK(run.executor.started_nodes().empty());
}

TEST_CASE("deadline: templateDefaults' timeout applies to pods without their own") {
  EngineRun run(workflow(R"(  - name: main
    steps:
    - - {name: a, template: leaf}
  - name: leaf
    container: {image: busybox}
)",
                         "  entrypoint: main\n  templateDefaults:\n    timeout: 2s\n"));
  run.executor.on_template("leaf", FakePod().forever());
  run.run();
  CHECK(run.finished("wf[0].a") == 2);
  CHECK(run.node("wf[0].a").message == k_pod_deadline);
  CHECK(run.phase("wf") == "Failed");  // the steps node itself has no pod, so no deadline
}

TEST_CASE("deadline: spec.activeDeadlineSeconds stops pods; the exit handler still runs") {
  EngineRun run(workflow(R"(  - name: main
    steps:
    - - name: sleep
        template: sleep
        withItems: [1, 2]
  - name: sleep
    container: {image: busybox}
  - name: cleanup
    container: {image: busybox}
)",
                         "  entrypoint: main\n  onExit: cleanup\n  activeDeadlineSeconds: 10\n"));
  run.executor.on_template("sleep", FakePod().forever());
  run.executor.on_template("cleanup", FakePod().lasts(5));
  run.run();
  CHECK(run.executor.stopped_nodes() == Names{"wf[0].sleep(0:1)", "wf[0].sleep(1:2)"});
  CHECK(run.node("wf[0].sleep(0:1)").message == "Step exceeded its deadline");
  CHECK(run.node("wf[0].sleep(1:2)").message == "Step exceeded its deadline");
  CHECK(run.started("wf.onExit") == 10);
  CHECK(run.phase("wf.onExit") == "Succeeded");  // exit handlers have no deadline
  CHECK(run.clock.elapsed_seconds() == 15);
  CHECK(run.status.phase == graph::WorkflowPhase::failed);
  CHECK(run.status.message == "child '" + run.node("wf[0].sleep(0:1)").id + "' failed");
}

TEST_CASE("deadline: the workflow deadline counts from startedAt truncated to seconds") {
  EngineRun run(workflow(R"(  - name: leaf
    container: {image: busybox}
)",
                         "  entrypoint: leaf\n  activeDeadlineSeconds: 3\n"));
  run.clock.sleep_until(run.clock.at(0.75));
  run.executor.on_template("leaf", FakePod().forever());
  run.run();
  REQUIRE(run.node("wf").finished_at.has_value());
  CHECK(*run.node("wf").finished_at == run.clock.at(3));
  CHECK(run.node("wf").message == "Step exceeded its deadline");
}

TEST_CASE("deadline: pods waiting for a slot and pods created later fail without running") {
  EngineRun run(workflow(R"(  - name: main
    dag:
      tasks:
      - {name: A, template: sleep}
      - {name: B, template: sleep}
      - {name: C, template: quick, depends: A.Failed}
  - name: sleep
    container: {image: busybox}
  - name: quick
    container: {image: busybox}
)",
                         "  entrypoint: main\n  parallelism: 1\n  activeDeadlineSeconds: 5\n"));
  run.executor.on_template("sleep", FakePod().forever());
  run.run();
  // Argo's creation order runs B first (target order); A waits for the slot.
  CHECK(run.executor.started_nodes() == Names{"wf.B"});
  CHECK(run.summary() == Names{"wf Failed", "wf.B Failed Step exceeded its deadline",
                               "wf.A Failed Step exceeded its deadline",
                               "wf.C Failed Step exceeded its deadline"});
  CHECK(run.clock.elapsed_seconds() == 5);
}

TEST_CASE("deadline: spec.activeDeadlineSeconds 0 fails the entry pod at once") {
  EngineRun run(workflow(R"(  - name: leaf
    container: {image: busybox}
)",
                         "  entrypoint: leaf\n  activeDeadlineSeconds: 0\n"));
  run.run();
  CHECK(run.executor.started_nodes().empty());
  CHECK(run.summary() == Names{"wf Failed Step exceeded its deadline"});
  CHECK(run.status.message == "Step exceeded its deadline");
}

TEST_CASE("deadline: spec.activeDeadlineSeconds from a workflow parameter") {
  EngineRun run(workflow(R"(  - name: leaf
    container: {image: busybox}
)",
                         "  entrypoint: leaf\n  arguments:\n    parameters: [{name: d, value: "
                         "\"4\"}]\n  activeDeadlineSeconds: \"{{workflow.parameters.d}}\"\n"));
  run.executor.on_template("leaf", FakePod().forever());
  run.run();
  CHECK(run.finished("wf") == 4);
}

TEST_CASE("deadline: a spec.activeDeadlineSeconds that is no integer errors the workflow") {
  EngineRun run(workflow(R"(  - name: leaf
    container: {image: busybox}
)",
                         "  entrypoint: leaf\n  activeDeadlineSeconds: \"{{workflow.name}}\"\n"));
  run.run();
  CHECK(run.summary() ==
        Names{"wf Error spec.activeDeadlineSeconds: value 'wf' cannot be resolved to an int"});
  CHECK(run.status.phase == graph::WorkflowPhase::error);
}
