// The engine on dag templates: readiness, depends, Omitted, target branches, failFast
// (spec 4.3 and section 12, items 5 and 6).
#include <catch2/catch.hpp>

#include "support/engine_fixture.hpp"

using testing::EngineRun;
using testing::FakePod;
using Names = std::vector<std::string>;

namespace {

std::string dag_workflow(const std::string& tasks, const std::string& dag_extra = "") {
  return R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: d}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
)" + dag_extra +
         R"(      tasks:
)" + tasks +
         R"(
  - {name: ok, container: {image: busybox}}
  - {name: fail, container: {image: busybox}}
  - {name: slow, container: {image: busybox}}
)";
}

}  // namespace

TEST_CASE("dag: the diamond runs A, then B and C together, then D") {
  EngineRun run(dag_workflow(R"(      - {name: A, template: ok}
      - {name: B, template: ok, dependencies: [A]}
      - {name: C, template: ok, dependencies: [A]}
      - {name: D, template: ok, dependencies: [B, C]})"));
  run.run();
  CHECK(run.executor.started_nodes() == Names{"d.A", "d.B", "d.C", "d.D"});
  CHECK(run.clock.elapsed_seconds() == 3);
  CHECK(run.summary() ==
        Names{"d Succeeded", "d.A Succeeded", "d.B Succeeded", "d.C Succeeded", "d.D Succeeded"});
  CHECK(run.children("d") == Names{"d.A"});
  CHECK(run.children("d.A") == Names{"d.B", "d.C"});
  CHECK(run.children("d.B") == Names{"d.D"});
  CHECK(run.children("d.C") == Names{"d.D"});
  CHECK(run.node("d.B").display_name == "B");
  CHECK(run.node("d").outbound_nodes == Names{run.node("d.D").id});
  CHECK(run.status.phase == graph::WorkflowPhase::succeeded);
}

TEST_CASE("dag: tasks ready together start in Argo's order (DFS from sorted targets)") {
  EngineRun run(dag_workflow(R"(      - {name: S, template: ok}
      - {name: R, template: ok}
      - {name: Q, template: ok, depends: "S && R"}
      - {name: P, template: ok})"));
  run.run();
  // Targets sorted: P, Q. Q's dependencies S then R come before Q.
  CHECK(run.executor.started_nodes() == Names{"d.P", "d.S", "d.R", "d.Q"});
}

TEST_CASE("dag: a failed dependency omits its default dependents, and Omitted spreads") {
  EngineRun run(dag_workflow(R"(      - {name: A, template: fail}
      - {name: B, template: ok, dependencies: [A]}
      - {name: C, template: ok, dependencies: [B]})"));
  run.executor.on_template("fail", FakePod().exits(1));
  run.run();
  CHECK(run.summary() == Names{"d Failed", "d.A Failed main: Error (exit code 1)",
                               "d.B Omitted omitted: depends condition not met",
                               "d.C Omitted omitted: depends condition not met"});
  CHECK(run.node("d.B").type == graph::NodeType::skipped);
  // A DAG gets no message, so neither does the workflow.
  CHECK(run.status.phase == graph::WorkflowPhase::failed);
  CHECK(run.status.message.empty());
}

TEST_CASE("dag: enhanced depends handles a failure, and the DAG succeeds") {
  EngineRun run(dag_workflow(R"(      - {name: A, template: fail}
      - {name: B, template: ok, depends: "A.Failed"}
      - {name: C, template: ok, depends: "A.Succeeded"}
      - {name: D, template: ok, depends: "B.Succeeded && !C.Succeeded"}
      - {name: E, template: ok, depends: "(C.Omitted || C.Skipped) && B"})",
                             "      target: D E\n"));
  run.executor.on_template("fail", FakePod().exits(1));
  run.run();
  CHECK(run.phase("d.B") == "Succeeded");
  CHECK(run.phase("d.C") == "Omitted");
  CHECK(run.phase("d.D") == "Succeeded");
  CHECK(run.phase("d.E") == "Succeeded");
  CHECK(run.phase("d") == "Succeeded");
  CHECK(run.status.phase == graph::WorkflowPhase::succeeded);
}

TEST_CASE("dag: an omitted target inherits the failed branch above it") {
  EngineRun run(dag_workflow(R"(      - {name: A, template: fail}
      - {name: B, template: ok, depends: "A.Failed"}
      - {name: C, template: ok, depends: "A"})"));
  run.executor.on_template("fail", FakePod().exits(1));
  run.run();
  CHECK(run.phase("d.B") == "Succeeded");
  CHECK(run.phase("d.C") == "Omitted");
  CHECK(run.phase("d") == "Failed");
}

TEST_CASE("dag: continueOn widens bare names and a covered target does not fail the DAG") {
  EngineRun run(dag_workflow(R"(      - {name: A, template: fail, continueOn: {failed: true}}
      - {name: B, template: ok, dependencies: [A]}
      - {name: C, template: fail, continueOn: {failed: true}})"));
  run.executor.on_template("fail", FakePod().exits(1));
  run.run();
  CHECK(run.phase("d.A") == "Failed");
  CHECK(run.phase("d.B") == "Succeeded");
  CHECK(run.phase("d.C") == "Failed");
  CHECK(run.phase("d") == "Succeeded");
}

TEST_CASE("dag: an errored target makes the DAG (and the workflow) Error, not Failed") {
  EngineRun run(dag_workflow(R"(      - {name: A, template: fail})"));
  run.executor.on_template("fail", FakePod().cannot_start("image not found"));
  run.run();
  CHECK(run.phase("d.A") == "Error");
  CHECK(run.phase("d") == "Error");
  CHECK(run.status.phase == graph::WorkflowPhase::error);
}

TEST_CASE("dag: a failure does not stop independent branches, failFast or not") {
  for (const std::string fail_fast : {"", "      failFast: false\n"}) {
    EngineRun run(dag_workflow(R"(      - {name: A, template: fail}
      - {name: B, template: ok, dependencies: [A]}
      - {name: C, template: slow}
      - {name: D, template: ok, dependencies: [C]})",
                               fail_fast));
    run.executor.on_template("fail", FakePod().exits(1));
    run.executor.on_template("slow", FakePod().lasts(10));
    run.run();
    INFO(fail_fast);
    CHECK(run.executor.started_nodes() == Names{"d.A", "d.C", "d.D"});
    CHECK(run.phase("d.B") == "Omitted");
    CHECK(run.phase("d.D") == "Succeeded");
    CHECK(run.clock.elapsed_seconds() == 11);
    CHECK(run.phase("d") == "Failed");
  }
}

TEST_CASE("dag: target runs only the targets and their ancestors") {
  EngineRun run(dag_workflow(R"(      - {name: A, template: ok}
      - {name: B, template: ok, dependencies: [A]}
      - {name: C, template: ok, dependencies: [A]})",
                             "      target: B\n"));
  run.run();
  CHECK(run.executor.started_nodes() == Names{"d.A", "d.B"});
  CHECK_FALSE(run.has("d.C"));
  CHECK(run.phase("d") == "Succeeded");
}

TEST_CASE("dag: template parallelism limits how many tasks run at once") {
  EngineRun limited(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: d}
spec:
  entrypoint: main
  templates:
  - name: main
    parallelism: 2
    dag:
      tasks:
      - {name: A, template: ok}
      - {name: B, template: ok}
      - {name: C, template: ok}
      - {name: D, template: ok}
  - {name: ok, container: {image: busybox}}
)");
  limited.run();
  CHECK(limited.executor.peak_concurrency() == 2);
  CHECK(limited.clock.elapsed_seconds() == 2);
  CHECK(limited.executor.started_nodes() == Names{"d.A", "d.B", "d.C", "d.D"});
}

TEST_CASE("dag: a target that names no task errors the DAG") {
  EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: d}
spec:
  entrypoint: main
  arguments: {parameters: [{name: target, value: nope}]}
  templates:
  - name: main
    dag:
      target: "{{workflow.parameters.target}}"
      tasks:
      - {name: A, template: ok}
  - {name: ok, container: {image: busybox}}
)");
  run.run();
  CHECK(run.summary() == Names{"d Error target 'nope' does not exist"});
  CHECK(run.status.phase == graph::WorkflowPhase::error);
  CHECK(run.executor.started_nodes().empty());
}

TEST_CASE("dag: tasks.X outputs, tasks.name and withParam from an input parameter") {
  EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: d}
spec:
  entrypoint: main
  arguments: {parameters: [{name: list, value: '["a", "b"]'}]}
  templates:
  - name: main
    inputs: {parameters: [{name: list}]}
    dag:
      tasks:
      - {name: A, template: produce}
      - name: B
        template: consume
        dependencies: [A]
        arguments:
          parameters:
          - {name: v, value: "{{tasks.A.outputs.result}}/{{tasks.A.outputs.parameters.p}}/{{tasks.A.exitCode}}"}
      - name: C
        template: consume
        dependencies: [A]
        arguments: {parameters: [{name: v, value: "{{item}}"}]}
        withParam: "{{inputs.parameters.list}}"
  - name: produce
    outputs: {parameters: [{name: p, valueFrom: {path: /tmp/p}}]}
    container: {image: busybox}
  - name: consume
    inputs: {parameters: [{name: v}]}
    container: {image: busybox, args: ["{{inputs.parameters.v}}", "{{tasks.name}}"]}
)");
  run.executor.on_template("produce", FakePod().prints("r\n").writes("/tmp/p", "pv"));
  run.run();
  CHECK(run.executor.request_for("d.B")->main.args == Names{"r/pv/0", "B"});
  CHECK(run.executor.request_for("d.C(1:b)")->main.args == Names{"b", "C(1:b)"});
  CHECK(run.status.phase == graph::WorkflowPhase::succeeded);
}
