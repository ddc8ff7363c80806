// The engine on retryStrategy (spec 2.3): Retry nodes and attempts, limits, policies,
// backoff on the fake clock, the expression seam, spec.retryStrategy and templateDefaults.
#include <catch2/catch.hpp>

#include "engine/preflight.hpp"
#include "graph/naming.hpp"

#include "support/engine_fixture.hpp"
#include "unit/engine/retry_test_support.hpp"

using retry_test::Names;
using retry_test::one_step;
using retry_test::start_times;
using testing::EngineRun;
using testing::FakePod;

namespace {

std::vector<std::string> preflight_messages(const std::string& yaml,
                                            engine::PreflightOptions options = {}) {
  const auto loaded = testing::load_text(yaml);
  REQUIRE(!loaded->documents.empty());
  std::vector<std::string> lines;
  for (const engine::Unsupported& found :
       engine::preflight(loaded->documents.front(), nullptr, "", options)) {
    lines.push_back(std::to_string(found.loc.line) + ":" + std::to_string(found.loc.column) + ": " +
                    found.message);
  }
  return lines;
}

}  // namespace

TEST_CASE("retry: a failing step runs limit+1 attempts under a Retry node") {
  EngineRun run(one_step("    retryStrategy: {limit: 2}\n"));
  run.executor.on_template("leaf", FakePod().exits(1));
  run.run();
  const std::string retry_id = run.node("wf[0].flaky").id;
  CHECK(run.summary() == Names{"wf Failed child '" + retry_id + "' failed",
                               "wf[0] Failed child '" + retry_id + "' failed",
                               "wf[0].flaky Failed No more retries left",
                               "wf[0].flaky(0) Failed main: Error (exit code 1)",
                               "wf[0].flaky(1) Failed main: Error (exit code 1)",
                               "wf[0].flaky(2) Failed main: Error (exit code 1)"});
  CHECK(run.executor.started_nodes() ==
        Names{"wf[0].flaky(0)", "wf[0].flaky(1)", "wf[0].flaky(2)"});
  CHECK(start_times(run, {"wf[0].flaky(0)", "wf[0].flaky(1)", "wf[0].flaky(2)"}) ==
        std::vector<long long>{0, 1, 2});
  CHECK(run.status.phase == graph::WorkflowPhase::failed);
}

TEST_CASE("retry: node types, names, display names, pod names and links") {
  EngineRun run(one_step("    retryStrategy: {limit: 1}\n"));
  run.executor.on_template("leaf", FakePod().exits(1));
  run.run();
  const graph::Node& retry = run.node("wf[0].flaky");
  CHECK(retry.type == graph::NodeType::retry);
  CHECK(retry.display_name == "flaky");
  CHECK(retry.template_name == "leaf");
  CHECK(retry.pod_name.empty());
  CHECK(run.children("wf[0]") == Names{"wf[0].flaky"});
  CHECK(run.children("wf[0].flaky") == Names{"wf[0].flaky(0)", "wf[0].flaky(1)"});
  for (const char* name : {"wf[0].flaky(0)", "wf[0].flaky(1)"}) {
    const graph::Node& attempt = run.node(name);
    CHECK(attempt.type == graph::NodeType::pod);
    CHECK(attempt.boundary_id == "wf");
    CHECK(attempt.pod_name == graph::pod_name("wf", "leaf", name));
    const engine::PodRequest* request = run.executor.request_for(name);
    REQUIRE(request != nullptr);
    CHECK(request->pod_name == attempt.pod_name);
  }
  CHECK(run.node("wf[0].flaky(1)").display_name == "flaky(1)");
  CHECK(run.node("wf[0].flaky(0)").pod_name != run.node("wf[0].flaky(1)").pod_name);
}

TEST_CASE("retry: limit 0 is a single attempt; the message reaches the workflow") {
  EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: leaf
  templates:
  - name: leaf
    retryStrategy: {limit: 0}
    container: {image: busybox}
)");
  run.executor.on_template("leaf", FakePod().exits(3));
  run.run();
  CHECK(run.summary() ==
        Names{"wf Failed No more retries left", "wf(0) Failed main: Error (exit code 3)"});
  CHECK(run.node("wf").type == graph::NodeType::retry);
  CHECK(run.node("wf(0)").pod_name == graph::pod_name("wf", "leaf", "wf(0)"));
  CHECK(run.status.message == "No more retries left");
}

TEST_CASE("retry: success on a later attempt; steps.X.* is the last attempt's") {
  EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: flaky
        template: leaf
    - - name: after
        template: echo
        arguments:
          parameters:
          - {name: result, value: "{{steps.flaky.outputs.result}}"}
          - {name: id, value: "{{steps.flaky.id}}"}
          - {name: code, value: "{{steps.flaky.exitCode}}"}
          - {name: status, value: "{{steps.flaky.status}}"}
          - {name: out, value: "{{steps.flaky.outputs.parameters.out}}"}
  - name: leaf
    retryStrategy: {limit: 3}
    container: {image: busybox}
    outputs:
      parameters:
      - name: out
        valueFrom: {path: /tmp/out}
  - name: echo
    inputs:
      parameters: [{name: result}, {name: id}, {name: code}, {name: status}, {name: out}]
    container:
      image: busybox
      args:
      - "{{inputs.parameters.result}}"
      - "{{inputs.parameters.id}}"
      - "{{inputs.parameters.code}}"
      - "{{inputs.parameters.status}}"
      - "{{inputs.parameters.out}}"
)");
  run.executor.sequence("leaf", {FakePod().exits(1).prints("first\n").writes("/tmp/out", "a"),
                                 FakePod().prints("second\n").writes("/tmp/out", "b")});
  run.run();
  CHECK(run.status.phase == graph::WorkflowPhase::succeeded);
  CHECK(run.phase("wf[0].flaky") == "Succeeded");
  CHECK(run.node("wf[0].flaky").message.empty());
  CHECK(run.children("wf[0].flaky") == Names{"wf[0].flaky(0)", "wf[0].flaky(1)"});
  // The Retry node carries the last attempt's outputs.
  REQUIRE(run.node("wf[0].flaky").outputs.result.has_value());
  CHECK(*run.node("wf[0].flaky").outputs.result == "second");
  const engine::PodRequest* request = run.executor.request_for("wf[1].after");
  REQUIRE(request != nullptr);
  CHECK(request->main.args ==
        Names{"second", run.node("wf[0].flaky(1)").id, "0", "Succeeded", "b"});
  // The next group hangs under the last attempt.
  CHECK(run.children("wf[0].flaky(1)") == Names{"wf[1]"});
}

TEST_CASE("retry: {{retries}}, lastRetry.* and pod.name in each attempt's body") {
  EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: flaky
        template: leaf
  - name: leaf
    retryStrategy: {limit: 2}
    container:
      image: busybox
      args:
      - "{{retries}}"
      - "{{lastRetry.exitCode}}"
      - "{{lastRetry.status}}"
      - "{{lastRetry.duration}}"
      - "{{lastRetry.message}}"
      - "{{pod.name}}"
      - "{{node.name}}"
)");
  run.executor.sequence("leaf", {FakePod().exits(3).lasts(2), FakePod()});
  run.run();
  const engine::PodRequest* first = run.executor.request_for("wf[0].flaky(0)");
  const engine::PodRequest* second = run.executor.request_for("wf[0].flaky(1)");
  REQUIRE(first != nullptr);
  REQUIRE(second != nullptr);
  CHECK(first->main.args == Names{"0", "0", "", "0", "",
                                  graph::pod_name("wf", "leaf", "wf[0].flaky(0)"), "wf[0].flaky"});
  CHECK(second->main.args == Names{"1", "3", "Failed", "2", "main: Error (exit code 3)",
                                   graph::pod_name("wf", "leaf", "wf[0].flaky(1)"), "wf[0].flaky"});
}

TEST_CASE("retry: limit as a string and as a tag of the template's inputs") {
  SECTION("a string") {
    EngineRun run(one_step("    retryStrategy: {limit: \"1\"}\n"));
    run.executor.on_template("leaf", FakePod().exits(1));
    run.run();
    CHECK(run.executor.started_nodes() == Names{"wf[0].flaky(0)", "wf[0].flaky(1)"});
  }
  SECTION("a tag") {
    EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  arguments:
    parameters: [{name: tries, value: "2"}]
  templates:
  - name: main
    steps:
    - - name: flaky
        template: leaf
        arguments:
          parameters: [{name: limit, value: "{{workflow.parameters.tries}}"}]
  - name: leaf
    inputs:
      parameters: [{name: limit}]
    retryStrategy: {limit: "{{inputs.parameters.limit}}"}
    container: {image: busybox}
)");
    run.executor.on_template("leaf", FakePod().exits(1));
    run.run();
    CHECK(run.executor.started_nodes() ==
          Names{"wf[0].flaky(0)", "wf[0].flaky(1)", "wf[0].flaky(2)"});
    CHECK(run.node("wf[0].flaky").message == "No more retries left");
  }
}

TEST_CASE("retry: without a limit it retries until an attempt succeeds") {
  EngineRun run(one_step("    retryStrategy: {}\n"));
  run.executor.sequence(
      "leaf", {FakePod().exits(1), FakePod().exits(1), FakePod().exits(1), FakePod().exits(0)});
  run.run();
  CHECK(run.executor.started_nodes().size() == 4);
  CHECK(run.phase("wf[0].flaky") == "Succeeded");
  CHECK(run.status.phase == graph::WorkflowPhase::succeeded);
}

TEST_CASE("retry: the default policy (OnFailure) does not retry a pod that could not start") {
  EngineRun run(one_step("    retryStrategy: {limit: 3}\n"));
  run.executor.on_template("leaf", FakePod().cannot_start("no such image: busybox"));
  run.run();
  CHECK(run.summary() == Names{"wf Failed child '" + run.node("wf[0].flaky").id + "' failed",
                               "wf[0] Failed child '" + run.node("wf[0].flaky").id + "' failed",
                               "wf[0].flaky Error no such image: busybox",
                               "wf[0].flaky(0) Error no such image: busybox"});
}

TEST_CASE("retry: an output-collection Error is not retried under OnFailure") {
  EngineRun run(one_step(R"(    retryStrategy: {limit: 3}
    outputs:
      parameters:
      - name: out
        valueFrom: {path: /tmp/missing}
)"));
  run.run();
  CHECK(run.executor.started_nodes() == Names{"wf[0].flaky(0)"});
  CHECK(run.phase("wf[0].flaky(0)") == "Error");
  CHECK(run.phase("wf[0].flaky") == "Error");
  CHECK(run.node("wf[0].flaky").message == run.node("wf[0].flaky(0)").message);
}

TEST_CASE("retry: OnError retries Error, not Failed; Always retries both") {
  SECTION("OnError") {
    EngineRun run(one_step("    retryStrategy: {limit: 5, retryPolicy: OnError}\n"));
    run.executor.sequence("leaf", {FakePod().cannot_start("engine hiccup"), FakePod().exits(1)});
    run.run();
    CHECK(run.executor.started_nodes() == Names{"wf[0].flaky(0)", "wf[0].flaky(1)"});
    CHECK(run.node("wf[0].flaky").message == "main: Error (exit code 1)");
    CHECK(run.phase("wf[0].flaky") == "Failed");
  }
  SECTION("Always") {
    EngineRun run(one_step("    retryStrategy: {limit: 5, retryPolicy: Always}\n"));
    run.executor.sequence("leaf",
                          {FakePod().cannot_start("engine hiccup"), FakePod().exits(1), FakePod()});
    run.run();
    CHECK(run.executor.started_nodes().size() == 3);
    CHECK(run.phase("wf[0].flaky") == "Succeeded");
  }
}

TEST_CASE("retry: OnTransientError uses the built-in patterns and TRANSIENT_ERROR_PATTERN") {
  const std::string yaml =
      one_step("    retryStrategy: {limit: 5, retryPolicy: OnTransientError}\n");
  SECTION("built-in") {
    EngineRun run(yaml);
    run.executor.sequence("leaf", {FakePod().cannot_start("dial tcp: i/o timeout"),
                                   FakePod().cannot_start("manifest unknown")});
    run.run();
    CHECK(run.executor.started_nodes().size() == 2);
    CHECK(run.node("wf[0].flaky").message == "manifest unknown");
  }
  SECTION("pattern from the request") {
    EngineRun run(yaml);
    run.request.transient_error_pattern = "manifest (unknown|invalid)";
    run.executor.sequence(
        "leaf", {FakePod().cannot_start("manifest unknown"), FakePod().exits(1).lasts(1)});
    run.run();
    CHECK(run.executor.started_nodes().size() == 2);
    CHECK(run.node("wf[0].flaky").message == "main: Error (exit code 1)");
  }
}

TEST_CASE("retry: the expression goes through the injected evaluator") {
  EngineRun run(one_step(R"(    inputs:
      parameters: [{name: code, value: "2"}]
    retryStrategy:
      limit: 5
      expression: "asInt(lastRetry.exitCode) == {{inputs.parameters.code}}"
)"));
  std::vector<std::string> seen;
  run.request.retry_expression = [&seen](std::string_view expression,
                                         const engine::RetryScope& scope) {
    seen.push_back(std::string(expression) + " | " + scope.retries + " " + scope.last_exit_code +
                   " " + scope.last_status + " " + scope.last_duration + " " + scope.last_message);
    return util::Result<bool>(scope.last_exit_code == "2");
  };
  run.executor.sequence("leaf",
                        {FakePod().exits(2), FakePod().exits(2).lasts(3), FakePod().exits(1)});
  run.run();
  CHECK(seen == Names{"asInt(lastRetry.exitCode) == 2 | 0 2 Failed 1 main: Error (exit code 2)",
                      "asInt(lastRetry.exitCode) == 2 | 1 2 Failed 3 main: Error (exit code 2)",
                      "asInt(lastRetry.exitCode) == 2 | 2 1 Failed 1 main: Error (exit code 1)"});
  CHECK(run.executor.started_nodes().size() == 3);
  CHECK(run.node("wf[0].flaky").message == "retryStrategy.expression evaluated to false");
  CHECK(run.phase("wf[0].flaky") == "Failed");
}

TEST_CASE("retry: an expression without a policy retries Errors too (Always)") {
  EngineRun run(one_step("    retryStrategy: {limit: 3, expression: \"true\"}\n"));
  std::vector<std::string> codes;
  run.request.retry_expression = [&codes](std::string_view, const engine::RetryScope& scope) {
    codes.push_back(scope.last_exit_code);
    return util::Result<bool>(true);
  };
  run.executor.sequence("leaf", {FakePod().cannot_start("flake"), FakePod()});
  run.run();
  CHECK(codes == Names{"-1"});  // the pod never ran: no exit code
  CHECK(run.phase("wf[0].flaky") == "Succeeded");
}

TEST_CASE("retry: the limit is checked before the expression") {
  EngineRun run(one_step("    retryStrategy: {limit: 1, expression: \"true\"}\n"));
  int calls = 0;
  run.request.retry_expression = [&calls](std::string_view, const engine::RetryScope&) {
    ++calls;
    return util::Result<bool>(true);
  };
  run.executor.on_template("leaf", FakePod().exits(1));
  run.run();
  CHECK(calls == 1);
  CHECK(run.node("wf[0].flaky").message == "No more retries left");
}

TEST_CASE("retry: a steps template retries its whole subgraph") {
  EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: sub
        template: inner
  - name: inner
    retryStrategy: {limit: 1}
    steps:
    - - name: try
        template: leaf
        arguments:
          parameters: [{name: attempt, value: "{{retries}}"}]
  - name: leaf
    inputs:
      parameters: [{name: attempt}]
    container: {image: busybox, args: ["{{inputs.parameters.attempt}}"]}
)");
  run.executor.sequence("leaf", {FakePod().exits(1), FakePod()});
  run.run();
  CHECK(run.executor.started_nodes() == Names{"wf[0].sub(0)[0].try", "wf[0].sub(1)[0].try"});
  CHECK(run.executor.request_for("wf[0].sub(1)[0].try")->main.args == Names{"1"});
  CHECK(run.node("wf[0].sub(0)").type == graph::NodeType::steps);
  CHECK(run.phase("wf[0].sub(0)") == "Failed");
  CHECK(run.phase("wf[0].sub") == "Succeeded");
  CHECK(run.node("wf[0].sub(0)[0].try").display_name == "try");
  CHECK(run.status.phase == graph::WorkflowPhase::succeeded);
}

TEST_CASE("retry: a DAG task's dependents hang under its last attempt") {
  EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: A, template: leaf}
      - {name: B, template: echo, depends: A,
         arguments: {parameters: [{name: x, value: "{{tasks.A.outputs.result}}"}]}}
  - name: leaf
    retryStrategy: {limit: 2}
    container: {image: busybox}
  - name: echo
    inputs:
      parameters: [{name: x}]
    container: {image: busybox, args: ["{{inputs.parameters.x}}"]}
)");
  run.executor.sequence("leaf", {FakePod().exits(1).prints("no"), FakePod().prints("yes")});
  run.run();
  CHECK(run.children("wf") == Names{"wf.A"});
  CHECK(run.children("wf.A") == Names{"wf.A(0)", "wf.A(1)"});
  CHECK(run.children("wf.A(1)") == Names{"wf.B"});
  CHECK(run.executor.request_for("wf.B")->main.args == Names{"yes"});
  CHECK(run.status.phase == graph::WorkflowPhase::succeeded);
}

TEST_CASE("retry: spec.retryStrategy applies to every template without one") {
  EngineRun run(one_step("", "  retryStrategy: {limit: 1}\n"));
  run.executor.on_template("leaf", FakePod().exits(1));
  run.run();
  // The entry steps node is retried too: two runs of the steps, each with two attempts.
  CHECK(run.node("wf").type == graph::NodeType::retry);
  CHECK(run.executor.started_nodes() ==
        Names{"wf(0)[0].flaky(0)", "wf(0)[0].flaky(1)", "wf(1)[0].flaky(0)", "wf(1)[0].flaky(1)"});
  CHECK(run.status.message == "No more retries left");
}

TEST_CASE("retry: a template's own retryStrategy wins over spec.retryStrategy") {
  EngineRun run(one_step("    retryStrategy: {limit: 0}\n", "  retryStrategy: {limit: 4}\n"));
  run.executor.on_template("leaf", FakePod().exits(1));
  run.run();
  CHECK(run.executor.started_nodes().size() == 5);  // main 5 times, leaf once each
  CHECK(run.children("wf(0)[0].flaky") == Names{"wf(0)[0].flaky(0)"});
}

TEST_CASE("retry: templateDefaults' retryStrategy is merged into each template's") {
  EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: leaf
  templateDefaults:
    retryStrategy: {limit: 1, retryPolicy: Always}
  templates:
  - name: leaf
    retryStrategy: {limit: 2}
    container: {image: busybox}
)");
  run.executor.on_template("leaf", FakePod().cannot_start("flake"));
  run.run();
  // limit 2 from the template, Always (so Errors are retried) from the defaults.
  CHECK(run.executor.started_nodes() == Names{"wf(0)", "wf(1)", "wf(2)"});
  CHECK(run.status.message == "No more retries left");
}

TEST_CASE("retry: affinity is accepted and changes nothing") {
  EngineRun run(one_step("    retryStrategy: {limit: 1, affinity: {nodeAntiAffinity: {}}}\n"));
  run.executor.on_template("leaf", FakePod().exits(1));
  run.run();
  CHECK(run.executor.started_nodes().size() == 2);
}

TEST_CASE("retry: an exit handler with a retryStrategy is retried") {
  EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: leaf
  onExit: cleanup
  templates:
  - name: leaf
    container: {image: busybox}
  - name: cleanup
    retryStrategy: {limit: 1}
    container: {image: busybox}
)");
  run.executor.sequence("cleanup", {FakePod().exits(1), FakePod()});
  run.run();
  CHECK(run.children("wf.onExit") == Names{"wf.onExit(0)", "wf.onExit(1)"});
  CHECK(run.phase("wf.onExit") == "Succeeded");
  CHECK(run.status.phase == graph::WorkflowPhase::succeeded);
}

TEST_CASE("retry: a daemon attempt makes the Retry node ready; it succeeds when stopped") {
  EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: server, template: server}
    - - name: client
        template: client
        arguments: {parameters: [{name: ip, value: "{{steps.server.ip}}"}]}
  - name: server
    daemon: true
    retryStrategy: {limit: 2}
    container: {image: nginx}
  - name: client
    inputs:
      parameters: [{name: ip}]
    container: {image: curl, args: ["{{inputs.parameters.ip}}"]}
)");
  run.run();
  CHECK(run.executor.request_for("wf[1].client")->main.args == Names{"10.0.0.7"});
  CHECK(run.phase("wf[0].server(0)") == "Succeeded");
  CHECK(run.phase("wf[0].server") == "Succeeded");
  CHECK_FALSE(run.node("wf[0].server").daemoned);
  CHECK(run.status.phase == graph::WorkflowPhase::succeeded);
}

TEST_CASE("retry: preflight accepts retryStrategy but refuses an expression nothing evaluates") {
  const std::string yaml = R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: leaf
  retryStrategy: {limit: 1, expression: "true"}
  templateDefaults:
    timeout: 1m
    retryStrategy: {limit: 2}
    activeDeadlineSeconds: 30
    container: {image: alpine}
  activeDeadlineSeconds: 60
  templates:
  - name: leaf
    timeout: 10s
    activeDeadlineSeconds: 5
    retryStrategy:
      limit: 2
      retryPolicy: Always
      expression: "lastRetry.status == 'Failed'"
      backoff: {duration: "1", factor: "2", cap: "10", maxDuration: "1m"}
      affinity: {nodeAntiAffinity: {}}
    container: {image: busybox}
)";
  CHECK(preflight_messages(yaml) ==
        Names{"6:41: retryStrategy.expression is not supported by this version of flowrun",
              "11:5: templateDefaults.container is not supported by this version of flowrun",
              "20:19: retryStrategy.expression is not supported by this version of flowrun"});
  engine::PreflightOptions options;
  options.retry_expression = true;
  CHECK(preflight_messages(yaml, options) ==
        Names{"11:5: templateDefaults.container is not supported by this version of flowrun"});
}
