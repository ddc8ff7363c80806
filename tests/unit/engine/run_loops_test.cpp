// The engine on loops: withItems, withParam, withSequence, node names, TaskGroups and
// aggregated outputs (spec 4.6 and 5.3).
#include <catch2/catch.hpp>

#include "support/engine_fixture.hpp"

using testing::EngineRun;
using testing::FakePod;
using Names = std::vector<std::string>;

TEST_CASE("loops: withItems of scalars and maps name the children as Argo does") {
  EngineRun run(R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: l}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: print
        template: echo
        arguments: {parameters: [{name: m, value: "{{item}}"}]}
        withItems: [hello world, 8, true, 1.50]
      - name: os
        template: echo
        arguments: {parameters: [{name: m, value: "{{item.image}}:{{item.tag}}"}]}
        withItems:
        - {image: debian, tag: "9.1"}
        - {tag: "3.7", image: alpine}
  - name: echo
    inputs: {parameters: [{name: m}]}
    container: {image: busybox, args: ["{{inputs.parameters.m}}"]}
)Y");
  run.run();
  CHECK(run.names() == Names{"l", "l[0]", "l[0].print(0:hello world)", "l[0].print(1:8)",
                             "l[0].print(2:true)", "l[0].print(3:1.5)",
                             "l[0].os(0:image:debian,tag:9.1)", "l[0].os(1:image:alpine,tag:3.7)"});
  CHECK(run.executor.request_for("l[0].print(3:1.5)")->main.args == Names{"1.5"});
  CHECK(run.executor.request_for("l[0].os(1:image:alpine,tag:3.7)")->main.args ==
        Names{"alpine:3.7"});
  // Steps loops have no group node of their own: the children hang under the step group.
  CHECK(run.children("l[0]").size() == 6);
  CHECK(run.node("l[0].print(0:hello world)").display_name == "print(0:hello world)");
  CHECK(run.status.phase == graph::WorkflowPhase::succeeded);
}

TEST_CASE("loops: withParam over a step's JSON output, with aggregated results") {
  EngineRun run(R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: p}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: gen, template: gen}
    - - name: sq
        template: square
        arguments: {parameters: [{name: num, value: "{{item}}"}]}
        withParam: "{{steps.gen.outputs.result}}"
    - - name: sum
        template: show
        arguments: {parameters: [{name: all, value: "{{steps.sq.outputs.result}}"}]}
  - {name: gen, script: {image: python, command: [python], source: "print([1,2,3])"}}
  - name: square
    inputs: {parameters: [{name: num}]}
    container: {image: busybox, args: ["{{inputs.parameters.num}}"]}
  - name: show
    inputs: {parameters: [{name: all}]}
    container: {image: busybox, args: ["{{inputs.parameters.all}}"]}
)Y");
  run.executor.on_template("gen", FakePod().prints("[1, 2, 3]\n"));
  run.executor.otherwise([](const engine::PodRequest& request) {
    FakePod pod;
    if (request.template_name == "square") {
      const int n = std::stoi(request.main.args.at(0));
      pod.prints(std::to_string(n * n) + "\n");
    }
    return pod;
  });
  run.run();
  CHECK(run.executor.started_nodes() ==
        Names{"p[0].gen", "p[1].sq(0:1)", "p[1].sq(1:2)", "p[1].sq(2:3)", "p[2].sum"});
  CHECK(run.executor.request_for("p[2].sum")->main.args == Names{"[1,4,9]"});
  // Scripts: the source goes to the executor and its path is appended to args.
  const engine::PodRequest* gen = run.executor.request_for("p[0].gen");
  CHECK(gen->main.script_source == std::optional<std::string>("print([1,2,3])"));
  CHECK(gen->main.args == Names{"/argo/staging/script"});
  CHECK(run.node("p[0].gen").outputs.result == std::optional<std::string>("[1, 2, 3]"));
}

TEST_CASE("loops: withParam that is not a JSON list errors the node with Argo's message") {
  EngineRun run(R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: p}
spec:
  entrypoint: main
  arguments: {parameters: [{name: list, value: "not json"}]}
  templates:
  - name: main
    steps:
    - - {name: each, template: ok, withParam: "{{workflow.parameters.list}}"}
  - {name: ok, container: {image: busybox}}
)Y");
  run.run();
  CHECK(run.phase("p[0].each") == "Error");
  CHECK(run.node("p[0].each")
            .message.rfind("withParam value could not be parsed as a JSON list: not json: ", 0) ==
        0);
  CHECK(run.phase("p") == "Failed");
}

TEST_CASE("loops: an empty list gives one Skipped node 'Skipped, empty params'") {
  EngineRun run(R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: e}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: none, template: ok, withParam: "[]"}
    - - {name: after, template: ok}
  - {name: ok, container: {image: busybox}}
)Y");
  run.run();
  CHECK(run.summary() == Names{"e Succeeded", "e[0] Succeeded",
                               "e[0].none Skipped Skipped, empty params", "e[1] Succeeded",
                               "e[1].after Succeeded"});
}

TEST_CASE("loops: withSequence yields formatted strings") {
  EngineRun run(R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: s}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: seq
        template: echo
        arguments: {parameters: [{name: m, value: "{{item}}"}]}
        withSequence: {start: "8", end: "10", format: "2020-05-%02X"}
  - name: echo
    inputs: {parameters: [{name: m}]}
    container: {image: busybox, args: ["{{inputs.parameters.m}}"]}
)Y");
  run.run();
  CHECK(run.executor.started_nodes() ==
        Names{"s[0].seq(0:2020-05-08)", "s[0].seq(1:2020-05-09)", "s[0].seq(2:2020-05-0A)"});
}

TEST_CASE("loops: a DAG loop gets a TaskGroup; AnySucceeded and AllFailed see its children") {
  EngineRun run(R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: g}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - name: A
        template: echo
        arguments: {parameters: [{name: m, value: "{{item}}"}]}
        withItems: [a, b]
      - {name: any, template: ok, depends: "A.AnySucceeded"}
      - {name: all, template: ok, depends: "A.AllFailed"}
  - name: echo
    inputs: {parameters: [{name: m}]}
    container: {image: busybox, args: ["{{inputs.parameters.m}}"]}
  - {name: ok, container: {image: busybox}}
)Y");
  run.executor.on_node("g.A(1:b)", FakePod().exits(1));
  run.run();
  const graph::Node& group = run.node("g.A");
  CHECK(group.type == graph::NodeType::task_group);
  CHECK(group.phase == graph::Phase::failed);
  CHECK(run.children("g.A") == Names{"g.A(0:a)", "g.A(1:b)"});
  CHECK(run.node("g.A(0:a)").boundary_id == "g");
  CHECK(run.phase("g.any") == "Succeeded");
  CHECK(run.phase("g.all") == "Omitted");
  // Created in Argo's order: targets sorted, so `all` before `any`.
  CHECK(run.children("g.A(0:a)") == Names{"g.all", "g.any"});
}

TEST_CASE("loops: aggregated output parameters are a JSON list") {
  EngineRun run(R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: a}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: gen
        template: gen
        arguments: {parameters: [{name: num, value: "{{item}}"}]}
        withItems: ["1", "2"]
    - - name: show
        template: show
        arguments:
          parameters:
          - {name: v, value: "{{steps.gen.outputs.parameters.out}}"}
          - {name: all, value: "{{steps.gen.outputs.parameters}}"}
  - name: gen
    inputs: {parameters: [{name: num}]}
    outputs: {parameters: [{name: out, valueFrom: {path: /tmp/out}}]}
    container: {image: busybox}
  - name: show
    inputs: {parameters: [{name: v}, {name: all}]}
    container: {image: busybox, args: ["{{inputs.parameters.v}}", "{{inputs.parameters.all}}"]}
)Y");
  run.executor.on_node("a[0].gen(0:1)", FakePod().writes("/tmp/out", "one\n"));
  run.executor.on_node("a[0].gen(1:2)", FakePod().writes("/tmp/out", "two"));
  run.run();
  CHECK(run.executor.request_for("a[1].show")->main.args ==
        Names{R"(["one","two"])", R"([{"out":"one"},{"out":"two"}])"});
}
