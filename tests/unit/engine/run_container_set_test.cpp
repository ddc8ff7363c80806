// containerSet templates in the engine (spec 1.9): the PodRequest's members, the Container
// child nodes (names, types, links, phases, messages), outputs from `main`, the set's own
// retryStrategy (run by the fake executor with exec's schedule). Preflight: preflight_test.cpp.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/engine_fixture.hpp"

namespace {

using Names = std::vector<std::string>;

/// A workflow whose entrypoint `main` is a containerSet a -> (b, c) -> d sharing `work`.
const char* const k_graph = R"yaml(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    volumes:
    - name: work
      emptyDir: {}
    containerSet:
      volumeMounts:
      - name: work
        mountPath: /work
      containers:
      - name: a
        image: busybox
        command: [sh, -c, "echo a > /work/a"]
      - name: b
        image: busybox
        dependencies: [a]
      - name: c
        image: busybox
        dependencies: [a]
      - name: d
        image: busybox
        dependencies: [b, c]
)yaml";

}  // namespace

TEST_CASE("containerSet: one pod request with every member, its dependencies and mounts") {
  testing::EngineRun run(k_graph);
  run.run();
  REQUIRE(run.executor.requests().size() == 1);
  const engine::PodRequest& request = run.executor.requests().front();
  REQUIRE(request.container_set.size() == 4);
  Names names;
  for (const engine::ContainerSetMember& member : request.container_set) {
    names.push_back(member.spec.name);
    // The set's volumeMounts are added to every member.
    REQUIRE(member.spec.mounts.size() == 1);
    CHECK(member.spec.mounts.front().volume == "work");
    CHECK(member.spec.mounts.front().path == "/work");
  }
  CHECK(names == Names{"a", "b", "c", "d"});
  CHECK(request.container_set[0].dependencies.empty());
  CHECK(request.container_set[3].dependencies == Names{"b", "c"});
  CHECK(request.container_set[0].spec.command == Names{"sh", "-c", "echo a > /work/a"});
  REQUIRE(request.volumes.size() == 1);
  CHECK(request.volumes.front().kind == engine::VolumeKind::empty_dir);
  CHECK(request.container_set_retry.retries == 0);
}

TEST_CASE("containerSet: a Pod node with one Container node per member, linked as Argo does") {
  testing::EngineRun run(k_graph);
  run.run();
  CHECK(run.status.phase == graph::WorkflowPhase::succeeded);
  CHECK(run.summary() == Names{"wf Succeeded", "wf.a Succeeded", "wf.b Succeeded", "wf.c Succeeded",
                               "wf.d Succeeded"});
  CHECK(run.node("wf").type == graph::NodeType::pod);
  for (const char* name : {"wf.a", "wf.b", "wf.c", "wf.d"}) {
    const graph::Node& child = run.node(name);
    CHECK(child.type == graph::NodeType::container);
    CHECK(child.boundary_id == run.node("wf").id);
    CHECK(child.template_name == "main");
  }
  CHECK(run.node("wf.a").display_name == "a");
  CHECK(run.node("wf.d").display_name == "d");
  // The pod is the parent of members without dependencies; each dependency of its dependents.
  CHECK(run.children("wf") == Names{"wf.a"});
  CHECK(run.children("wf.a") == Names{"wf.b", "wf.c"});
  CHECK(run.children("wf.b") == Names{"wf.d"});
  CHECK(run.children("wf.c") == Names{"wf.d"});
  CHECK(run.children("wf.d").empty());
}

TEST_CASE(
    "containerSet: members start once their dependencies exited 0, independent ones together") {
  testing::EngineRun run(k_graph);
  run.executor.on_template("main", testing::FakePod().lasts(2));
  run.run();
  CHECK(run.started("wf.a") == 0);
  CHECK(run.started("wf.b") == 2);
  CHECK(run.started("wf.c") == 2);
  CHECK(run.started("wf.d") == 4);
  CHECK(run.finished("wf") == 6);
  // The Container nodes run with their pod.
  CHECK(std::find(run.transitions().begin(), run.transitions().end(), "wf.d Running") !=
        run.transitions().end());
}

TEST_CASE("containerSet: a failing member fails the pod; its dependents end as Argo's emissary") {
  testing::EngineRun run(k_graph);
  run.executor.on_template("main", testing::FakePod().member("b", {3}));
  run.run();
  CHECK(run.status.phase == graph::WorkflowPhase::failed);
  CHECK(run.summary() ==
        Names{"wf Failed b: Error (exit code 3)", "wf.a Succeeded",
              "wf.b Failed b: Error (exit code 3)", "wf.c Succeeded",
              "wf.d Error d: Error (exit code 64): dependency \"b\" exited with non-zero code: 3"});
  CHECK(run.status.message == "b: Error (exit code 3)");
}

TEST_CASE("containerSet: the pod message is the first failed member by name") {
  testing::EngineRun run(k_graph);
  // c fails, and so does the later d (64 from its emissary): c sorts first.
  run.executor.on_template("main", testing::FakePod().member("c", {1}));
  run.run();
  CHECK(run.phase("wf") == "Failed");
  CHECK(run.node("wf").message == "c: Error (exit code 1)");
  CHECK(run.node("wf.d").message ==
        "d: Error (exit code 64): dependency \"c\" exited with non-zero code: 1");
  CHECK(run.phase("wf.b") == "Succeeded");
}

TEST_CASE("containerSet: exit code 64 is an Error container node, the pod Failed") {
  testing::EngineRun run(k_graph);
  run.executor.on_template("main", testing::FakePod().member("a", {64}));
  run.run();
  CHECK(
      run.summary() ==
      Names{"wf Failed a: Error (exit code 64)", "wf.a Error a: Error (exit code 64)",
            "wf.b Error b: Error (exit code 64): dependency \"a\" exited with non-zero code: 64",
            "wf.c Error c: Error (exit code 64): dependency \"a\" exited with non-zero code: 64",
            "wf.d Error d: Error (exit code 64): dependency \"b\" exited with non-zero code: 64"});
}

TEST_CASE("containerSet: outputs (result, parameters, exit code) come from main") {
  testing::EngineRun run(R"yaml(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - name: a
        template: group
      - name: b
        template: verify
        dependencies: [a]
        arguments:
          parameters:
          - name: x
            value: "{{tasks.a.outputs.result}}/{{tasks.a.outputs.parameters.out}}"
  - name: group
    volumes:
    - name: work
      emptyDir: {}
    containerSet:
      volumeMounts:
      - name: work
        mountPath: /work
      containers:
      - name: first
        image: busybox
      - name: main
        image: busybox
        workingDir: /work
        dependencies: [first]
    outputs:
      parameters:
      - name: out
        valueFrom:
          path: /work/out
  - name: verify
    inputs:
      parameters:
      - name: x
    container:
      image: busybox
)yaml");
  run.executor.on_template("group", testing::FakePod().prints("hi\n").writes("/work/out", "42\n"));
  run.run();
  CHECK(run.status.phase == graph::WorkflowPhase::succeeded);
  const engine::PodRequest* group = run.executor.request_for("wf.a");
  REQUIRE(group != nullptr);
  CHECK(group->main.name == "main");  // a copy of the member named main
  CHECK(group->main.working_dir == "/work");
  CHECK(group->output_files == Names{"/work/out"});
  const graph::Node& a = run.node("wf.a");
  CHECK(a.outputs.result == std::optional<std::string>("hi"));
  CHECK(a.outputs.exit_code == std::optional<std::string>("0"));
  REQUIRE(a.outputs.parameters.size() == 1);
  CHECK(a.outputs.parameters.front().second == "42");
  CHECK(run.node("wf.b").input_parameters ==
        std::vector<std::pair<std::string, std::string>>{{"x", "hi/42"}});
  // The next task hangs under the set's last container, as Argo's getOutboundNodes gives.
  CHECK(run.children("wf.a") == Names{"wf.a.first"});
  CHECK(run.children("wf.a.first") == Names{"wf.a.main"});
  CHECK(run.children("wf.a.main") == Names{"wf.b"});
}

TEST_CASE("containerSet: without main there is no result or exit code") {
  testing::EngineRun run(k_graph);
  run.executor.on_template("main", testing::FakePod().prints("ignored"));
  run.run();
  CHECK(!run.node("wf").outputs.result);
  CHECK(!run.node("wf").outputs.exit_code);
}

TEST_CASE("containerSet: main's non-zero exit code is the pod's exitCode output") {
  testing::EngineRun run(R"yaml(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    containerSet:
      containers:
      - name: main
        image: busybox
)yaml");
  run.executor.on_template("main", testing::FakePod().member("main", {2}));
  run.run();
  CHECK(run.summary() ==
        Names{"wf Failed main: Error (exit code 2)", "wf.main Failed main: Error (exit code 2)"});
  CHECK(run.node("wf").outputs.exit_code == std::optional<std::string>("2"));
}

const char* const k_retry = R"yaml(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  arguments:
    parameters:
    - name: retries
      value: "2"
  templates:
  - name: main
    containerSet:
      retryStrategy:
        retries: "{{workflow.parameters.retries}}"
        duration: 5s
      containers:
      - name: flaky
        image: busybox
      - name: after
        image: busybox
        dependencies: [flaky]
)yaml";

TEST_CASE("containerSet: the set's retryStrategy re-runs a failed member") {
  testing::EngineRun run(k_retry);
  run.executor.on_template("main", testing::FakePod().member("flaky", {1, 1, 0}));
  run.run();
  const engine::PodRequest& request = run.executor.requests().front();
  CHECK(request.container_set_retry.retries == 2);
  CHECK(request.container_set_retry.duration == std::chrono::seconds(5));
  // Three runs of 1 s with 5 s between them, then `after`: no new pod, no Retry node.
  CHECK(run.executor.requests().size() == 1);
  CHECK(run.summary() == Names{"wf Succeeded", "wf.flaky Succeeded", "wf.after Succeeded"});
  CHECK(run.started("wf.flaky") == 0);
  CHECK(run.started("wf.after") == 13);
  CHECK(run.finished("wf") == 14);
}

TEST_CASE("containerSet: when its retries are used up the member fails") {
  testing::EngineRun run(k_retry);
  run.executor.on_template("main", testing::FakePod().member("flaky", {1, 1, 1, 0}));
  run.run();
  // `after` sorts before `flaky`: Kubernetes lists container statuses by name, so Argo's pod
  // message is the dependent's.
  CHECK(run.summary() ==
        Names{"wf Failed after: Error (exit code 64): dependency \"flaky\" exited with non-zero "
              "code: 1",
              "wf.flaky Failed flaky: Error (exit code 1)",
              "wf.after Error after: Error (exit code 64): dependency \"flaky\" exited with "
              "non-zero code: 1"});
  CHECK(run.finished("wf") == 13);
}

TEST_CASE("containerSet: a retries value that is not a number errors the node") {
  testing::EngineRun run(k_retry);
  run.request.parameters = {{"retries", "many"}};
  run.run();
  CHECK(run.summary() == Names{"wf Error value 'many' cannot be resolved to an int"});
  CHECK(run.executor.requests().empty());
}

TEST_CASE("containerSet: a pod that never starts errors its Container nodes too") {
  testing::EngineRun run(k_graph);
  run.executor.on_template("main", testing::FakePod().cannot_start("no such image: busybox"));
  run.run();
  CHECK(run.summary() ==
        Names{"wf Error no such image: busybox", "wf.a Error no such image: busybox",
              "wf.b Error no such image: busybox", "wf.c Error no such image: busybox",
              "wf.d Error no such image: busybox"});
}
