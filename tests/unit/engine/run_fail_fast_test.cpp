// The engine on template `failFast` (spec 2.5, 4.2 and 6.3; Argo's operator.go
// checkParallelism): once a child of a steps/DAG node failed, nothing new starts, and when
// no child is active the node fails with `template has failed or errored children and
// failFast enabled`.
#include <catch2/catch.hpp>

#include "support/engine_fixture.hpp"

using testing::EngineRun;
using testing::FakePod;
using Names = std::vector<std::string>;

namespace {

const std::string k_message = "template has failed or errored children and failFast enabled";

/// Workflow `name` whose template `main` has the fields `main` (after its name), with the
/// leaf templates ok, fail and slow.
std::string with_leaves(const std::string& name, const std::string& main) {
  return "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: " + name +
         "}\nspec:\n  entrypoint: main\n  templates:\n  - name: main\n" + main + R"(
  - {name: ok, container: {image: busybox}}
  - {name: fail, container: {image: busybox}}
  - {name: slow, container: {image: busybox}}
)";
}

/// A steps template `main` (with `main_extra` fields) whose only step loops over 0..5.
std::string steps_loop(const std::string& main_extra) {
  return with_leaves("s", main_extra + R"(    steps:
    - - {name: u, template: leaf, withItems: [0, 1, 2, 3, 4, 5]}
  - {name: leaf, container: {image: busybox}})");
}

/// A sequential failFast loop over 0 and 1 whose leaf retries once.
std::string retried_loop() {
  return with_leaves("s", R"(    parallelism: 1
    failFast: true
    steps:
    - - {name: u, template: leaf, withItems: [0, 1]}
  - name: leaf
    retryStrategy: {limit: 1}
    container: {image: busybox})");
}

/// A steps template `main` with `main_extra` fields and the given groups.
std::string steps_workflow(const std::string& main_extra, const std::string& groups) {
  return with_leaves("s", main_extra + "    steps:\n" + groups);
}

/// A DAG template `main` with `main_extra` fields and the given tasks.
std::string dag_workflow(const std::string& main_extra, const std::string& tasks) {
  return with_leaves("d", main_extra + "    dag:\n      tasks:\n" + tasks);
}

}  // namespace

TEST_CASE("failFast: a sequential loop stops at the failing item; later items never start") {
  // Argo's loops-arbitrary-sequential-steps: parallelism 1, failFast, the 4th item exits 1.
  EngineRun run(steps_loop("    parallelism: 1\n    failFast: true\n"));
  run.executor.on_node("s[0].u(3:3)", FakePod().exits(1));
  run.run();
  CHECK(run.executor.started_nodes() ==
        Names{"s[0].u(0:0)", "s[0].u(1:1)", "s[0].u(2:2)", "s[0].u(3:3)"});
  CHECK(run.summary() == Names{"s Failed " + k_message, "s[0] Failed " + k_message,
                               "s[0].u(0:0) Succeeded", "s[0].u(1:1) Succeeded",
                               "s[0].u(2:2) Succeeded",
                               "s[0].u(3:3) Failed main: Error (exit code 1)"});
  CHECK_FALSE(run.has("s[0].u(4:4)"));
  CHECK(run.finished("s") == 4);
  CHECK(run.status.phase == graph::WorkflowPhase::failed);
  CHECK(run.status.message == k_message);
}

TEST_CASE("failFast: without it (default or false) a sequential loop runs every item") {
  for (const std::string fail_fast : {"", "    failFast: false\n"}) {
    INFO(fail_fast);
    EngineRun run(steps_loop("    parallelism: 1\n" + fail_fast));
    run.executor.on_node("s[0].u(3:3)", FakePod().exits(1));
    run.run();
    CHECK(run.executor.started_nodes().size() == 6);
    const std::string failed = "child '" + run.node("s[0].u(3:3)").id + "' failed";
    CHECK(run.phase("s[0].u(5:5)") == "Succeeded");
    CHECK(run.summary().front() == "s Failed " + failed);
    CHECK(run.status.message == failed);
  }
}

TEST_CASE(
    "failFast: running siblings finish; the group and the steps node fail, later groups "
    "never start") {
  // Argo's test/e2e parallelism-step-fail-fast, with a next group.
  EngineRun run(steps_workflow("    parallelism: 2\n    failFast: true\n",
                               R"(    - - {name: step1, template: fail}
      - {name: step2, template: slow}
    - - {name: step3, template: ok})"));
  run.executor.on_template("fail", FakePod().exits(1));
  run.executor.on_template("slow", FakePod().lasts(5));
  run.run();
  CHECK(run.executor.started_nodes() == Names{"s[0].step1", "s[0].step2"});
  CHECK(run.summary() == Names{"s Failed " + k_message, "s[0] Failed " + k_message,
                               "s[0].step1 Failed main: Error (exit code 1)",
                               "s[0].step2 Succeeded"});
  CHECK(run.finished("s") == 5);
  CHECK(run.status.message == k_message);
}

TEST_CASE("failFast: a failure continueOn tolerates still stops the steps (as Argo's code)") {
  // checkParallelism counts Failed/Error children whatever their step's continueOn.
  const std::string groups = R"(    - - {name: a, template: fail, continueOn: {failed: true}}
    - - {name: b, template: ok})";
  EngineRun fast(steps_workflow("    failFast: true\n", groups));
  fast.executor.on_template("fail", FakePod().exits(1));
  fast.run();
  CHECK(fast.executor.started_nodes() == Names{"s[0].a"});
  CHECK(fast.summary() == Names{"s Failed " + k_message, "s[0] Failed " + k_message,
                                "s[0].a Failed main: Error (exit code 1)"});

  EngineRun tolerant(steps_workflow("", groups));
  tolerant.executor.on_template("fail", FakePod().exits(1));
  tolerant.run();
  CHECK(tolerant.executor.started_nodes() == Names{"s[0].a", "s[1].b"});
  CHECK(tolerant.status.phase == graph::WorkflowPhase::succeeded);
}

TEST_CASE("failFast: a child that is being retried has not failed yet") {
  EngineRun retried(retried_loop());
  retried.executor.sequence("leaf", {FakePod().exits(1), FakePod()});
  retried.run();
  CHECK(retried.executor.started_nodes() ==
        Names{"s[0].u(0:0)(0)", "s[0].u(0:0)(1)", "s[0].u(1:1)(0)"});
  CHECK(retried.phase("s[0].u(0:0)") == "Succeeded");
  CHECK(retried.phase("s") == "Succeeded");
  CHECK(retried.status.phase == graph::WorkflowPhase::succeeded);
}

TEST_CASE("failFast: a child whose retries are exhausted stops the loop") {
  EngineRun run(retried_loop());
  run.executor.on_template("leaf", FakePod().exits(1));
  run.run();
  CHECK(run.executor.started_nodes() == Names{"s[0].u(0:0)(0)", "s[0].u(0:0)(1)"});
  CHECK(run.summary() == Names{"s Failed " + k_message, "s[0] Failed " + k_message,
                               "s[0].u(0:0) Failed No more retries left",
                               "s[0].u(0:0)(0) Failed main: Error (exit code 1)",
                               "s[0].u(0:0)(1) Failed main: Error (exit code 1)"});
}

TEST_CASE("failFast: a step that errors before running (Skipped type) does not count") {
  // Argo counts Pod, Steps, DAG and HTTP children only; the group still fails as usual.
  EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: s}
spec:
  entrypoint: main
  arguments: {parameters: [{name: w, value: "1 =="}]}
  templates:
  - name: main
    parallelism: 1
    failFast: true
    steps:
    - - {name: a, template: ok, when: "{{workflow.parameters.w}}"}
      - {name: b, template: ok}
  - {name: ok, container: {image: busybox}}
)");
  run.run();
  CHECK(run.executor.started_nodes() == Names{"s[0].b"});
  const std::string failed = "child '" + run.node("s[0].a").id + "' failed";
  CHECK(run.phase("s[0].a") == "Error");
  CHECK(run.summary().front() == "s Failed " + failed);
}

TEST_CASE("failFast: a failed nested steps child counts") {
  EngineRun run(with_leaves("s", R"(    parallelism: 1
    failFast: true
    steps:
    - - {name: inner, template: inner}
      - {name: after, template: ok}
  - name: inner
    steps:
    - - {name: x, template: fail})"));
  run.executor.on_template("fail", FakePod().exits(1));
  run.run();
  CHECK(run.executor.started_nodes() == Names{"s[0].inner[0].x"});
  CHECK_FALSE(run.has("s[0].after"));
  CHECK(run.summary().front() == "s Failed " + k_message);
  CHECK(run.phase("s[0].inner") == "Failed");
}

TEST_CASE("failFast: a DAG starts nothing after a failure and fails when the rest finished") {
  // Argo's test/e2e parallelism-dag-fail-fast, with dependents.
  EngineRun run(dag_workflow("    parallelism: 2\n    failFast: true\n",
                             R"(      - {name: task1, template: fail}
      - {name: task2, template: slow}
      - {name: task3, template: ok, depends: task2}
      - {name: task4, template: ok, depends: task1.Failed}
      - {name: task5, template: ok, depends: task1})"));
  run.executor.on_template("fail", FakePod().exits(1));
  run.executor.on_template("slow", FakePod().lasts(5));
  run.run();
  // Argo's creation order: from the sorted targets task3, task4, task5, dependencies first.
  CHECK(run.executor.started_nodes() == Names{"d.task2", "d.task1"});
  CHECK(run.summary() == Names{"d Failed " + k_message, "d.task2 Succeeded",
                               "d.task1 Failed main: Error (exit code 1)"});
  CHECK(run.finished("d") == 5);
  CHECK(run.status.message == k_message);
}

TEST_CASE("failFast: without it the DAG runs what its dependencies allow") {
  EngineRun run(dag_workflow("    parallelism: 2\n",
                             R"(      - {name: task1, template: fail}
      - {name: task2, template: slow}
      - {name: task3, template: ok, depends: task2}
      - {name: task4, template: ok, depends: task1.Failed})"));
  run.executor.on_template("fail", FakePod().exits(1));
  run.executor.on_template("slow", FakePod().lasts(5));
  run.run();
  CHECK(run.executor.started_nodes() == Names{"d.task2", "d.task1", "d.task4", "d.task3"});
  CHECK(run.status.message.empty());
}

TEST_CASE("failFast: a DAG loop stops at the failing item; its TaskGroup fails with the DAG") {
  EngineRun run(with_leaves("d", R"(    parallelism: 1
    failFast: true
    dag:
      tasks:
      - {name: u, template: leaf, withItems: [a, b, c]}
  - {name: leaf, container: {image: busybox}})"));
  run.executor.on_node("d.u(1:b)", FakePod().exits(1));
  run.run();
  CHECK(run.executor.started_nodes() == Names{"d.u(0:a)", "d.u(1:b)"});
  CHECK(run.summary() == Names{"d Failed " + k_message, "d.u Failed " + k_message,
                               "d.u(0:a) Succeeded", "d.u(1:b) Failed main: Error (exit code 1)"});
}

TEST_CASE("failFast: an errored child stops new starts as a failed one does") {
  EngineRun run(steps_workflow("    parallelism: 1\n    failFast: true\n",
                               R"(    - - {name: a, template: fail}
      - {name: b, template: ok})"));
  run.executor.on_template("fail", FakePod().cannot_start("image not found"));
  run.run();
  CHECK(run.executor.started_nodes() == Names{"s[0].a"});
  CHECK_FALSE(run.has("s[0].b"));
  CHECK(run.phase("s[0].a") == "Error");
  CHECK(run.summary().front() == "s Failed " + k_message);
}
