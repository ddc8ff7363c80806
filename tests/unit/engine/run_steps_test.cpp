// The engine on steps templates: node graph, order, phases and messages (spec 4.2, 6.3).
#include <catch2/catch.hpp>

#include "graph/naming.hpp"

#include "support/engine_fixture.hpp"

using testing::EngineRun;
using testing::FakePod;
using Names = std::vector<std::string>;

namespace {

const char* const k_steps = R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: steps
spec:
  entrypoint: hello-hello-hello
  templates:
  - name: hello-hello-hello
    steps:
    - - name: hello1
        template: print-message
        arguments:
          parameters: [{name: message, value: "hello1"}]
    - - name: hello2a
        template: print-message
        arguments:
          parameters: [{name: message, value: "hello2a"}]
      - name: hello2b
        template: print-message
        arguments:
          parameters: [{name: message, value: "hello2b"}]
  - name: print-message
    inputs:
      parameters:
      - name: message
    container:
      image: busybox
      command: [echo]
      args: ["{{inputs.parameters.message}}"]
)";

}  // namespace

TEST_CASE("steps: groups run in order, the steps of a group together") {
  EngineRun run(k_steps);
  run.run();
  CHECK(run.status.phase == graph::WorkflowPhase::succeeded);
  CHECK(run.summary() == Names{"steps Succeeded", "steps[0] Succeeded", "steps[0].hello1 Succeeded",
                               "steps[1] Succeeded", "steps[1].hello2a Succeeded",
                               "steps[1].hello2b Succeeded"});
  CHECK(run.executor.started_nodes() ==
        Names{"steps[0].hello1", "steps[1].hello2a", "steps[1].hello2b"});
  // hello2a and hello2b ran side by side: two 1-second pods after one, 2 seconds in all.
  CHECK(run.clock.elapsed_seconds() == 2);
  CHECK(run.executor.peak_concurrency() == 2);
}

TEST_CASE("steps: names, IDs, display names, pod names and links are Argo's") {
  EngineRun run(k_steps);
  run.run();
  const graph::Node& root = run.node("steps");
  CHECK(root.id == "steps");
  CHECK(root.type == graph::NodeType::steps);
  CHECK(root.display_name == "steps");
  CHECK(root.template_name == "hello-hello-hello");
  const graph::Node& group = run.node("steps[0]");
  CHECK(group.type == graph::NodeType::step_group);
  CHECK(group.display_name == "[0]");
  CHECK(group.boundary_id == "steps");
  const graph::Node& hello1 = run.node("steps[0].hello1");
  CHECK(hello1.id == graph::node_id("steps", "steps[0].hello1"));
  CHECK(hello1.display_name == "hello1");
  CHECK(hello1.type == graph::NodeType::pod);
  CHECK(hello1.pod_name == graph::pod_name("steps", "print-message", "steps[0].hello1"));
  CHECK(hello1.input_parameters ==
        std::vector<std::pair<std::string, std::string>>{{"message", "hello1"}});
  CHECK(run.children("steps") == Names{"steps[0]"});
  CHECK(run.children("steps[0]") == Names{"steps[0].hello1"});
  CHECK(run.children("steps[0].hello1") == Names{"steps[1]"});
  CHECK(run.children("steps[1]") == Names{"steps[1].hello2a", "steps[1].hello2b"});
  CHECK(root.outbound_nodes ==
        Names{run.node("steps[1].hello2a").id, run.node("steps[1].hello2b").id});
}

TEST_CASE("steps: the container gets its substituted arguments") {
  EngineRun run(k_steps);
  run.run();
  const engine::PodRequest* request = run.executor.request_for("steps[1].hello2b");
  REQUIRE(request != nullptr);
  CHECK(request->main.image == "busybox");
  CHECK(request->main.command == Names{"echo"});
  CHECK(request->main.args == Names{"hello2b"});
  CHECK(request->pod_name == run.node("steps[1].hello2b").pod_name);
}

TEST_CASE("steps: a failed step fails its group and the steps node; later groups never run") {
  EngineRun run(k_steps);
  run.executor.on_node("steps[0].hello1", FakePod().exits(1));
  run.run();
  const std::string failed_id = run.node("steps[0].hello1").id;
  CHECK(run.summary() == Names{"steps Failed child '" + failed_id + "' failed",
                               "steps[0] Failed child '" + failed_id + "' failed",
                               "steps[0].hello1 Failed main: Error (exit code 1)"});
  CHECK(run.status.phase == graph::WorkflowPhase::failed);
  CHECK(run.status.message == "child '" + failed_id + "' failed");
}

TEST_CASE("steps: a failing step does not stop its running siblings") {
  EngineRun run(k_steps);
  run.executor.on_node("steps[1].hello2a", FakePod().exits(2));
  run.executor.on_node("steps[1].hello2b", FakePod().lasts(5));
  run.run();
  CHECK(run.phase("steps[1].hello2b") == "Succeeded");
  CHECK(run.phase("steps[1]") == "Failed");
  CHECK(run.clock.elapsed_seconds() == 6);
}

TEST_CASE("steps: an Error child still fails the steps node as Failed") {
  EngineRun run(k_steps);
  run.executor.on_node("steps[0].hello1", FakePod().cannot_start("no such image: busybox"));
  run.run();
  CHECK(run.phase("steps[0].hello1") == "Error");
  CHECK(run.node("steps[0].hello1").message == "no such image: busybox");
  CHECK(run.phase("steps") == "Failed");
  CHECK(run.status.phase == graph::WorkflowPhase::failed);
}

TEST_CASE("steps: continueOn failed and error let the group succeed; the node stays Failed") {
  EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: cont}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: a, template: fail, continueOn: {failed: true}}
      - {name: b, template: broken, continueOn: {error: true}}
    - - {name: c, template: ok}
  - {name: ok, container: {image: busybox}}
  - {name: fail, container: {image: busybox}}
  - {name: broken, container: {image: busybox}}
)");
  run.executor.on_template("fail", FakePod().exits(1));
  run.executor.on_template("broken", FakePod().cannot_start("boom"));
  run.run();
  CHECK(run.summary() == Names{"cont Succeeded", "cont[0] Succeeded",
                               "cont[0].a Failed main: Error (exit code 1)", "cont[0].b Error boom",
                               "cont[1] Succeeded", "cont[1].c Succeeded"});
  CHECK(run.status.phase == graph::WorkflowPhase::succeeded);
}

TEST_CASE("steps: continueOn failed does not cover an Error") {
  EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: cont}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: a, template: broken, continueOn: {failed: true}}
  - {name: broken, container: {image: busybox}}
)");
  run.executor.on_template("broken", FakePod().cannot_start("boom"));
  run.run();
  CHECK(run.phase("cont") == "Failed");
}

TEST_CASE("steps: a daemon lets the next group start once ready, and ends with its scope") {
  EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: dmn}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: server, template: server}
    - - name: client
        template: client
        arguments: {parameters: [{name: ip, value: "{{steps.server.ip}}"}]}
  - {name: server, daemon: true, container: {image: nginx}}
  - name: client
    inputs: {parameters: [{name: ip}]}
    container: {image: busybox, args: ["{{inputs.parameters.ip}}"]}
)");
  run.executor.on_template("client", FakePod().lasts(3));
  run.run();
  CHECK(run.executor.started_nodes() == Names{"dmn[0].server", "dmn[1].client"});
  CHECK(run.executor.request_for("dmn[0].server")->daemon);
  CHECK(run.executor.request_for("dmn[1].client")->main.args == Names{"10.0.0.7"});
  const graph::Node& server = run.node("dmn[0].server");
  CHECK(server.daemoned);
  CHECK(server.phase == graph::Phase::succeeded);  // stopped by flowrun: Succeeded, as Argo
  CHECK(server.pod_ip == "10.0.0.7");
  CHECK(run.status.phase == graph::WorkflowPhase::succeeded);
  CHECK(run.clock.elapsed_seconds() == 3);
}
