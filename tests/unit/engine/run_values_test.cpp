// The engine passing values: parameters, inputs, outputs, globalName, when, recursion
// (spec 4.4, 4.8, 5, 7).
#include <catch2/catch.hpp>

#include "support/engine_fixture.hpp"

using testing::EngineRun;
using testing::FakePod;
using Names = std::vector<std::string>;

namespace {

const char* const k_globals = R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: g, labels: {team: infra}}
spec:
  entrypoint: main
  arguments:
    parameters:
    - {name: message, value: hello}
    - {name: count, value: 2}
  templates:
  - name: main
    inputs: {parameters: [{name: message}, {name: extra, default: "d-{{workflow.name}}"}]}
    container:
      image: busybox
      args:
      - "{{inputs.parameters.message}}"
      - "{{inputs.parameters.extra}}"
      - "{{workflow.parameters.count}}"
      - "{{workflow.parameters.json}}"
      - "{{workflow.name}} {{workflow.namespace}} {{workflow.uid}} {{workflow.labels.team}}"
      - "{{pod.name}} {{workflow.creationTimestamp}} {{workflow.creationTimestamp.Y}}"
      - "{{unknown}} {{inputs.parameters}}"
)Y";

}  // namespace

TEST_CASE("values: workflow arguments feed globals and the entrypoint's inputs") {
  EngineRun run(k_globals);
  run.run();
  const engine::PodRequest* request = run.executor.request_for("g");
  REQUIRE(request != nullptr);
  CHECK(
      request->main.args ==
      Names{"hello", "d-g", "2",
            R"([{"name":"message","value":"hello"},{"name":"count","value":"2"}])",
            "g default 00000000-0000-4000-8000-000000000000 infra", "g 2024-01-01T00:00:00Z 2024",
            R"({{unknown}} [{"name":"message","value":"hello"},{"name":"extra","value":"d-g"}])"});
  CHECK(run.node("g").pod_name == "g");
  CHECK(run.status.parameters ==
        std::vector<std::pair<std::string, std::string>>{{"message", "hello"}, {"count", "2"}});
}

TEST_CASE("values: -p overrides a parameter and adds undeclared ones") {
  EngineRun run(k_globals);
  run.request.parameters = {{"message", "bye"}, {"new", "x"}};
  run.run();
  CHECK(run.executor.request_for("g")->main.args.at(0) == "bye");
  CHECK(run.status.parameters == std::vector<std::pair<std::string, std::string>>{
                                     {"message", "bye"}, {"count", "2"}, {"new", "x"}});
}

TEST_CASE("values: an input without value errors the node 'was not supplied'") {
  EngineRun run(R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: m}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: a
        template: needs
        arguments: {parameters: [{name: other, value: "1"}]}
  - name: needs
    inputs: {parameters: [{name: x, default: "0"}, {name: yy, value: "set"}]}
    container: {image: busybox, args: ["{{inputs.parameters.x}}-{{inputs.parameters.yy}}"]}
)Y");
  run.run();
  // Undeclared arguments are ignored; `default` and `value` both act as defaults.
  CHECK(run.executor.request_for("m[0].a")->main.args == Names{"0-set"});
}

TEST_CASE("values: output parameters, exitCode, result and globalName") {
  EngineRun run(R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: o}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: make, template: make}
    - - name: use
        template: use
        arguments:
          parameters:
          - {name: a, value: "{{steps.make.outputs.parameters.p}}"}
          - {name: b, value: "{{steps.make.outputs.result}}|{{steps.make.exitCode}}"}
          - {name: c, value: "{{steps.make.status}} {{workflow.outputs.parameters.g}}"}
  - name: make
    outputs:
      parameters:
      - {name: p, globalName: g, valueFrom: {path: /tmp/p.txt}}
      - {name: q, valueFrom: {path: /tmp/missing, default: dflt}}
    container: {image: busybox}
  - name: use
    inputs: {parameters: [{name: a}, {name: b}, {name: c}]}
    container: {image: busybox, args: ["{{inputs.parameters.a}}", "{{inputs.parameters.b}}", "{{inputs.parameters.c}}"]}
)Y");
  run.executor.on_template("make", FakePod().prints("out\n\n").writes("/tmp/p.txt", "value\n"));
  run.run();
  CHECK(run.executor.request_for("o[0].make")->output_files == Names{"/tmp/p.txt", "/tmp/missing"});
  // One trailing newline is trimmed from files and from stdout.
  CHECK(run.executor.request_for("o[1].use")->main.args ==
        Names{"value", "out\n|0", "Succeeded value"});
  const graph::Node& make = run.node("o[0].make");
  CHECK(make.outputs.parameters ==
        std::vector<std::pair<std::string, std::string>>{{"p", "value"}, {"q", "dflt"}});
  CHECK(make.outputs.exit_code == std::optional<std::string>("0"));
  CHECK(run.status.output_parameters ==
        std::vector<std::pair<std::string, std::string>>{{"g", "value"}});
}

TEST_CASE("values: a missing output file without default makes the node Error") {
  EngineRun run(R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: o}
spec:
  entrypoint: make
  templates:
  - name: make
    outputs: {parameters: [{name: p, valueFrom: {path: /tmp/p.txt}}]}
    container: {image: busybox}
)Y");
  run.run();
  CHECK(run.summary() ==
        Names{"o Error failed to save outputs: open /tmp/p.txt: no such file or directory"});
  CHECK(run.status.phase == graph::WorkflowPhase::error);
}

TEST_CASE("values: steps template outputs from valueFrom.parameter") {
  EngineRun run(R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: t}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: inner, template: inner}
    - - name: show
        template: show
        arguments: {parameters: [{name: v, value: "{{steps.inner.outputs.parameters.out}}"}]}
  - name: inner
    outputs:
      parameters:
      - {name: out, valueFrom: {parameter: "{{steps.leaf.outputs.result}}"}}
    steps:
    - - {name: leaf, template: leaf}
  - {name: leaf, container: {image: busybox}}
  - name: show
    inputs: {parameters: [{name: v}]}
    container: {image: busybox, args: ["{{inputs.parameters.v}}"]}
)Y");
  run.executor.on_template("leaf", FakePod().prints("42\n"));
  run.run();
  CHECK(run.executor.request_for("t[1].show")->main.args == Names{"42"});
}

TEST_CASE("values: when uses govaluate on substituted text; false gives Skipped") {
  EngineRun run(R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: w}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: flip, template: flip}
    - - {name: heads, template: ok, when: "{{steps.flip.outputs.result}} == heads"}
      - {name: tails, template: ok, when: "{{steps.flip.outputs.result}} == tails"}
      - {name: num, template: ok, when: "{{steps.flip.exitCode}} == 00"}
      - {name: bad, template: ok, when: "{{steps.flip.outputs.result}} == my-value"}
      - {name: cont, template: ok, continueOn: {error: true}, when: "bad-word == x"}
  - {name: flip, container: {image: busybox}}
  - {name: ok, container: {image: busybox}}
)Y");
  run.executor.on_template("flip", FakePod().prints("heads\n"));
  run.run();
  CHECK(run.phase("w[1].heads") == "Succeeded");
  CHECK(run.phase("w[1].tails") == "Skipped");
  CHECK(run.node("w[1].tails").message == "when 'heads == tails' evaluated false");
  CHECK(run.node("w[1].tails").type == graph::NodeType::skipped);
  CHECK(run.phase("w[1].num") == "Succeeded");  // numbers compare numerically: 0 == 00
  CHECK(run.phase("w[1].bad") == "Error");
  CHECK(run.node("w[1].bad").message.find("'when' expression 'heads == my-value'") !=
        std::string::npos);
  CHECK(run.phase("w") == "Failed");
}

TEST_CASE("values: coinflip recursion runs until heads, under when") {
  EngineRun run(R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: coinflip-recursive}
spec:
  entrypoint: coinflip
  templates:
  - name: coinflip
    steps:
    - - {name: flip-coin, template: flip-coin}
    - - {name: heads, template: heads, when: "{{steps.flip-coin.outputs.result}} == heads"}
      - {name: tails, template: coinflip, when: "{{steps.flip-coin.outputs.result}} == tails"}
  - {name: flip-coin, script: {image: python, command: [python], source: "print('x')"}}
  - {name: heads, container: {image: busybox}}
)Y");
  int flips = 0;
  run.executor.otherwise([&flips](const engine::PodRequest& request) {
    FakePod pod;
    if (request.template_name == "flip-coin") {
      pod.prints(++flips < 3 ? "tails\n" : "heads\n");
    }
    return pod;
  });
  run.run();
  CHECK(run.executor.started_nodes() == Names{"coinflip-recursive[0].flip-coin",
                                              "coinflip-recursive[1].tails[0].flip-coin",
                                              "coinflip-recursive[1].tails[1].tails[0].flip-coin",
                                              "coinflip-recursive[1].tails[1].tails[1].heads"});
  CHECK(run.phase("coinflip-recursive[1].heads") == "Skipped");
  CHECK(run.node("coinflip-recursive[1].tails[1].tails").display_name == "tails");
  CHECK(run.node("coinflip-recursive[1].tails[1].tails").boundary_id ==
        run.node("coinflip-recursive[1].tails").id);
  CHECK(run.status.phase == graph::WorkflowPhase::succeeded);
}

TEST_CASE("values: endless recursion stops at Argo's depth limit with its message") {
  EngineRun run(R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: r}
spec:
  entrypoint: loop
  templates:
  - name: loop
    steps:
    - - {name: again, template: loop}
)Y");
  run.request.max_depth = 5;
  run.run();
  CHECK(run.status.phase == graph::WorkflowPhase::failed);
  // The entry node is depth 0; the sixth nested call is the first over the limit.
  const std::string deepest = "r[0].again[0].again[0].again[0].again[0].again[0].again";
  CHECK(run.phase(deepest) == "Error");
  CHECK(run.node(deepest).message ==
        "Maximum recursion depth exceeded. See "
        "https://argo-workflows.readthedocs.io/en/latest/scaling/#maximum-recursion-depth");
}

TEST_CASE("values: spec.parallelism and --parallelism cap the pods running at once") {
  const std::string yaml = R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: par}
spec:
  entrypoint: main
  parallelism: 3
  templates:
  - name: main
    steps:
    - - {name: x, template: ok, withSequence: {count: "6"}}
  - {name: ok, container: {image: busybox}}
)Y";
  EngineRun spec_limit(yaml);
  spec_limit.run();
  CHECK(spec_limit.executor.peak_concurrency() == 3);
  CHECK(spec_limit.clock.elapsed_seconds() == 2);
  // --parallelism replaces spec.parallelism (here: raises it).
  EngineRun cli_limit(yaml);
  cli_limit.request.parallelism = 4;
  cli_limit.run();
  CHECK(cli_limit.executor.peak_concurrency() == 4);
  CHECK(cli_limit.clock.elapsed_seconds() == 2);
}
