// The engine on Argo's expression language: `{{=...}}` tags in pod fields, arguments and
// `when` (spec 4.8), output `valueFrom.expression` (spec 7, 5.7) and `retryStrategy.expression`
// through engine::make_retry_expression_evaluator() (spec 2.3), as `flowrun run` wires it.
#include <catch2/catch.hpp>

#include "engine/expr_bridge.hpp"

#include "support/engine_fixture.hpp"

using testing::EngineRun;
using testing::FakePod;
using Names = std::vector<std::string>;
using Pairs = std::vector<std::pair<std::string, std::string>>;

TEST_CASE("expressions: a {{=...}} tag in args sees the inputs (second substitution pass)") {
  EngineRun run(R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: e}
spec:
  entrypoint: main
  arguments: {parameters: [{name: count, value: "3"}]}
  templates:
  - name: main
    inputs: {parameters: [{name: x, value: hi}]}
    container:
      image: busybox
      args:
      - "{{=inputs.parameters.x + '!'}}"
      - "{{= asInt(workflow.parameters.count) * 2 }}"
      - "{{=workflow.name}}-{{=sprig.upper(inputs.parameters.x)}}"
      - "{{=[1, 2]}}"
)Y");
  run.run();
  CHECK(run.executor.request_for("e")->main.args == Names{"hi!", "6", "e-HI", "[1,2]"});
  CHECK(run.phase("e") == "Succeeded");
}

TEST_CASE("expressions: a failing tag in a step argument makes the step Error") {
  EngineRun run(R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: f}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: a
        template: leaf
        arguments: {parameters: [{name: v, value: "{{=asInt('x1')}}"}]}
  - name: leaf
    inputs: {parameters: [{name: v}]}
    container: {image: busybox, args: ["{{inputs.parameters.v}}"]}
)Y");
  run.run();
  CHECK(run.executor.started_nodes().empty());
  CHECK(run.phase("f[0].a") == "Error");
  CHECK(run.node("f[0].a").message ==
        "failed to evaluate expression 'asInt('x1')': invalid operation: int(x1) (1:1)");
}

TEST_CASE("expressions: when with an expression tag, and arguments from a step's output") {
  EngineRun run(R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: w}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: flip, template: leaf}
    - - {name: heads, template: leaf, when: "{{= steps.flip.outputs.result == 'heads' }}"}
      - {name: tails, template: leaf, when: "{{= steps.flip.outputs.result == 'tails' }}"}
      - name: show
        template: show
        arguments:
          parameters: [{name: v, value: "{{=steps['flip'].outputs.result + '/' + steps.flip.exitCode}}"}]
  - {name: leaf, container: {image: busybox}}
  - name: show
    inputs: {parameters: [{name: v}]}
    container: {image: busybox, args: ["{{inputs.parameters.v}}"]}
)Y");
  run.executor.on_node("w[0].flip", FakePod().prints("tails\n"));
  run.run();
  CHECK(run.phase("w[1].heads") == "Skipped");
  CHECK(run.node("w[1].heads").message == "when 'false' evaluated false");
  CHECK(run.phase("w[1].tails") == "Succeeded");
  CHECK(run.executor.request_for("w[1].show")->main.args == Names{"tails/0"});
}

TEST_CASE("expressions: steps and DAG outputs from valueFrom.expression") {
  EngineRun run(R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: o}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: inner, template: inner}
      - {name: graph, template: graph}
  - name: inner
    outputs:
      parameters:
      - {name: sum, valueFrom: {expression: "asInt(steps.leaf.outputs.result) + 1"}}
      - {name: text, valueFrom: {expression: "steps.leaf.outputs.result + '!'"}}
      - name: skipped
        valueFrom: {expression: "steps.never.outputs?.parameters?.p ?? 'fallback'"}
      - name: broken
        valueFrom: {expression: "asInt(steps.never.status)", default: dflt}
    steps:
    - - {name: leaf, template: leaf}
    - - {name: never, template: produce, when: "false"}
  - name: graph
    outputs:
      parameters:
      - {name: status, valueFrom: {expression: "tasks.a.status == 'Succeeded'"}}
    dag:
      tasks:
      - {name: a, template: leaf}
  - {name: leaf, container: {image: busybox}}
  - name: produce
    outputs: {parameters: [{name: p, valueFrom: {path: /tmp/p}}]}
    container: {image: busybox}
)Y");
  run.executor.on_template("leaf", FakePod().prints("41\n"));
  run.run();
  CHECK(run.phase("o") == "Succeeded");
  CHECK(run.phase("o[0].inner[1].never") == "Skipped");
  CHECK(run.node("o[0].inner").outputs.parameters ==
        Pairs{{"sum", "42"}, {"text", "41!"}, {"skipped", "fallback"}, {"broken", "dflt"}});
  CHECK(run.node("o[0].graph").outputs.parameters == Pairs{{"status", "true"}});
}

TEST_CASE("expressions: an output expression that fails without a default fails the node") {
  EngineRun run(R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: b}
spec:
  entrypoint: main
  templates:
  - name: main
    outputs:
      parameters:
      - {name: p, valueFrom: {expression: "steps.leaf.outputs.parameters.nope"}}
    steps:
    - - {name: leaf, template: leaf}
  - {name: leaf, container: {image: busybox}}
)Y");
  run.run();
  CHECK(run.phase("b") == "Error");
  CHECK(run.node("b").message ==
        "failed to evaluate expression "
        "'steps.leaf.outputs.parameters.nope': cannot fetch nope from "
        "<nil> (1:31)");
}

namespace {

std::string retry_workflow(const std::string& expression) {
  return R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: r}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: flaky, template: leaf}
  - name: leaf
    retryStrategy:
      limit: 5
      expression: ")Y" +
         expression + R"Y("
    container: {image: busybox}
)Y";
}

}  // namespace

TEST_CASE("expressions: a retry expression retries on one exit code and stops on another") {
  EngineRun run(retry_workflow("asInt(lastRetry.exitCode) == 2 && lastRetry.status == 'Failed'"));
  run.request.retry_expression = engine::make_retry_expression_evaluator();
  run.executor.sequence("leaf", {FakePod().exits(2), FakePod().exits(2), FakePod().exits(1)});
  run.run();
  CHECK(run.executor.started_nodes().size() == 3);
  CHECK(run.phase("r[0].flaky") == "Failed");
  CHECK(run.node("r[0].flaky").message == "retryStrategy.expression evaluated to false");
}

TEST_CASE("expressions: a retry expression sees retries and can succeed after a retry") {
  EngineRun run(retry_workflow("asInt(retries) < 1"));
  run.request.retry_expression = engine::make_retry_expression_evaluator();
  run.executor.sequence("leaf", {FakePod().exits(1), FakePod().exits(1), FakePod()});
  run.run();
  CHECK(run.executor.started_nodes().size() == 2);  // retries "0": retry; "1": stop
  CHECK(run.node("r[0].flaky").message == "retryStrategy.expression evaluated to false");
}

TEST_CASE("expressions: evaluate_retry_expression needs a bool") {
  engine::RetryScope scope;
  scope.retries = "0";
  scope.last_exit_code = "3";
  scope.last_status = "Failed";
  scope.last_duration = "1";
  scope.last_message = "main: Error (exit code 3)";
  auto yes = engine::evaluate_retry_expression("asInt(lastRetry.exitCode) > 2", scope);
  REQUIRE(yes.ok());
  CHECK(*yes);
  auto no = engine::evaluate_retry_expression("lastRetry.message contains 'OOM'", scope);
  REQUIRE(no.ok());
  CHECK_FALSE(*no);
  auto number = engine::evaluate_retry_expression("asInt(lastRetry.exitCode)", scope);
  REQUIRE_FALSE(number.ok());
  CHECK(number.error().message == "unable to cast expression result '%!s(int=3)' to bool");
  auto text = engine::evaluate_retry_expression("lastRetry.status", scope);
  REQUIRE_FALSE(text.ok());
  CHECK(text.error().message == "unable to cast expression result 'Failed' to bool");
  auto unknown = engine::evaluate_retry_expression("lastRetry.exitCode == x", scope);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().message ==
        "failed to evaluate expression 'lastRetry.exitCode == x': unknown name x (1:23)");
}

TEST_CASE("expressions: a non-bool retry expression makes the Retry node Error") {
  EngineRun run(retry_workflow("lastRetry.exitCode"));
  run.request.retry_expression = engine::make_retry_expression_evaluator();
  run.executor.on_template("leaf", FakePod().exits(1));
  run.run();
  CHECK(run.executor.started_nodes().size() == 1);
  CHECK(run.phase("r[0].flaky") == "Error");
  CHECK(run.node("r[0].flaky").message == "unable to cast expression result '1' to bool");
}
