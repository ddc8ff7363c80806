// Decoding of steps, dag tasks, template references, lifecycle hooks, continueOn,
// withSequence and retry strategies: every field, positions, and errors.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/lint_fixture.hpp"

namespace {

using Lines = std::vector<std::string>;

std::string at(const util::SourceLoc& loc) {
  return std::to_string(loc.line) + ":" + std::to_string(loc.column);
}

constexpr const char* k_steps = R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: s}
spec:
  entrypoint: main
  templates:
  - name: main
    retryStrategy:
      limit: 3
      retryPolicy: OnError
      expression: lastRetry.exitCode == "1"
      backoff:
        duration: "1"
        factor: 2
        maxDuration: 1m
        cap: 30s
      affinity:
        nodeAntiAffinity: {}
    steps:
    - - name: a
        template: leaf
        arguments:
          parameters: [{name: x, value: "1"}]
          artifacts: [{name: y, from: z}]
        when: "{{workflow.status}} == Succeeded"
        continueOn:
          failed: true
          error: true
        withItems: [1, two, {k: v}]
        hooks:
          exit:
            template: leaf
          running:
            expression: steps.a.status == "Running"
            templateRef:
              name: lib
              template: t
              clusterScope: true
            arguments:
              parameters: [{name: p, value: q}]
        onExit: leaf
      - name: b
        templateRef: {name: lib, template: t}
        withParam: "{{steps.a.outputs.result}}"
    - name: single
      inline:
        container: {image: alpine}
      withSequence:
        count: "3"
        start: 1
        end: 5
        format: "%02d"
  - name: dag
    dag:
      target: c
      failFast: true
      tasks:
      - name: c
        template: leaf
        dependencies: [d]
      - name: d
        template: leaf
        depends: "c.Succeeded || c.Failed"
  - name: leaf
    container: {image: alpine}
)";

const model::Template& template_named(const testing::Linted& loaded, const std::string& name) {
  const model::Template* t = loaded.documents.at(0).find_template(name);
  REQUIRE(t != nullptr);
  return *t;
}

}  // namespace

TEST_CASE("decode sets every Step field") {
  auto loaded = testing::load_text(k_steps);
  REQUIRE(loaded->lines() == Lines{});
  const model::Template& main = template_named(*loaded, "main");
  REQUIRE(main.steps.has_value());
  const std::vector<model::StepGroup>& groups = *main.steps;
  REQUIRE(groups.size() == 2);
  CHECK(at(groups[0].loc) == "20:7");
  REQUIRE(groups[0].steps.size() == 2);
  const model::Step& a = groups[0].steps[0];
  CHECK(at(a.loc) == "20:9");
  CHECK(a.name.value == "a");
  CHECK(at(a.name.loc) == "20:15");
  CHECK(a.template_name->value == "leaf");
  CHECK(at(a.template_name->loc) == "21:19");
  CHECK_FALSE(a.template_ref.has_value());
  CHECK(a.inline_template == nullptr);
  REQUIRE(a.arguments.parameters.size() == 1);
  CHECK(a.arguments.parameters[0].value->value == "1");
  REQUIRE(a.arguments.artifacts.size() == 1);
  CHECK(a.arguments.artifacts[0].from->value == "z");
  CHECK(a.when->value == "{{workflow.status}} == Succeeded");
  REQUIRE(a.continue_on.has_value());
  CHECK(at(a.continue_on->loc) == "27:11");
  CHECK(a.continue_on->failed);
  CHECK(a.continue_on->error);
  REQUIRE(a.with_items.has_value());
  CHECK(model::to_json(*a.with_items) == R"([1,"two",{"k":"v"}])");
  CHECK(at(a.with_items->loc) == "29:20");
  CHECK_FALSE(a.with_param.has_value());
  CHECK_FALSE(a.with_sequence.has_value());
  CHECK(a.on_exit->value == "leaf");
  // dependencies and depends belong to dag tasks only.
  CHECK_FALSE(a.has_dependencies);
  CHECK_FALSE(a.depends.has_value());

  const model::Step& b = groups[0].steps[1];
  REQUIRE(b.template_ref.has_value());
  CHECK(b.template_ref->name.value == "lib");
  CHECK(b.template_ref->template_name.value == "t");
  CHECK_FALSE(b.template_ref->cluster_scope);
  CHECK(at(b.template_ref->loc) == "43:22");
  CHECK(b.with_param->value == "{{steps.a.outputs.result}}");
}

TEST_CASE("decode sets every LifecycleHook and TemplateRef field") {
  auto loaded = testing::load_text(k_steps);
  const model::Step& a = template_named(*loaded, "main").steps->at(0).steps.at(0);
  REQUIRE(a.hooks.size() == 2);
  const model::LifecycleHook& exit = a.hooks[0];
  CHECK(exit.name.value == "exit");
  CHECK(at(exit.name.loc) == "31:11");
  CHECK(at(exit.loc) == "32:13");
  CHECK(exit.template_name->value == "leaf");
  CHECK_FALSE(exit.expression.has_value());
  const model::LifecycleHook& running = a.hooks[1];
  CHECK(running.name.value == "running");
  CHECK(running.expression->value == "steps.a.status == \"Running\"");
  REQUIRE(running.template_ref.has_value());
  CHECK(at(running.template_ref->loc) == "36:15");
  CHECK(running.template_ref->name.value == "lib");
  CHECK(running.template_ref->template_name.value == "t");
  CHECK(at(running.template_ref->template_name.loc) == "37:25");
  CHECK(running.template_ref->cluster_scope);
  REQUIRE(running.arguments.parameters.size() == 1);
  CHECK(running.arguments.parameters[0].name.value == "p");
}

TEST_CASE("a single step not wrapped in a list is a group of one, with inline and withSequence") {
  auto loaded = testing::load_text(k_steps);
  const model::StepGroup& group = template_named(*loaded, "main").steps->at(1);
  CHECK(at(group.loc) == "45:7");
  REQUIRE(group.steps.size() == 1);
  const model::Step& single = group.steps[0];
  CHECK(single.name.value == "single");
  REQUIRE(single.inline_template != nullptr);
  REQUIRE(single.inline_template->container.has_value());
  CHECK(single.inline_template->container->image->value == "alpine");
  CHECK(at(single.inline_template->loc) == "47:9");
  REQUIRE(single.with_sequence.has_value());
  const model::Sequence& seq = *single.with_sequence;
  CHECK(at(seq.loc) == "49:9");
  CHECK(seq.count->value == "3");
  CHECK(seq.count->type == model::ScalarType::string);
  CHECK(seq.start->value == "1");
  CHECK(seq.start->type == model::ScalarType::integer);
  CHECK(seq.end->value == "5");
  CHECK(at(seq.end->loc) == "51:14");
  CHECK(seq.format->value == "%02d");
}

TEST_CASE("decode sets every DagTemplate field and the dag-only task fields") {
  auto loaded = testing::load_text(k_steps);
  const model::Template& dag_template = template_named(*loaded, "dag");
  REQUIRE(dag_template.dag.has_value());
  const model::DagTemplate& dag = *dag_template.dag;
  CHECK(at(dag.loc) == "55:7");
  CHECK(dag.target->value == "c");
  REQUIRE(dag.fail_fast.has_value());
  CHECK(dag.fail_fast->is_true());
  CHECK(at(dag.fail_fast->loc) == "56:17");
  REQUIRE(dag.tasks.size() == 2);
  CHECK(dag.tasks[0].has_dependencies);
  REQUIRE(dag.tasks[0].dependencies.size() == 1);
  CHECK(dag.tasks[0].dependencies[0].value == "d");
  CHECK(at(dag.tasks[0].dependencies[0].loc) == "60:24");
  CHECK_FALSE(dag.tasks[0].depends.has_value());
  CHECK_FALSE(dag.tasks[1].has_dependencies);
  CHECK(dag.tasks[1].depends->value == "c.Succeeded || c.Failed");
}

TEST_CASE("decode sets every RetryStrategy and Backoff field") {
  auto loaded = testing::load_text(k_steps);
  const model::Template& main = template_named(*loaded, "main");
  REQUIRE(main.retry_strategy.has_value());
  const model::RetryStrategy& retry = *main.retry_strategy;
  CHECK(at(retry.loc) == "9:7");
  CHECK(retry.limit->value == "3");
  CHECK(retry.limit->type == model::ScalarType::integer);
  CHECK(at(retry.limit->loc) == "9:14");
  CHECK(retry.retry_policy->value == "OnError");
  CHECK(retry.expression->value == "lastRetry.exitCode == \"1\"");
  REQUIRE(retry.affinity.has_value());
  CHECK(retry.affinity->find("nodeAntiAffinity") != nullptr);
  REQUIRE(retry.backoff.has_value());
  const model::Backoff& backoff = *retry.backoff;
  CHECK(at(backoff.loc) == "13:9");
  CHECK(backoff.duration->value == "1");
  CHECK(backoff.duration->type == model::ScalarType::string);
  CHECK(backoff.factor->value == "2");
  CHECK(backoff.factor->type == model::ScalarType::integer);
  CHECK(backoff.max_duration->value == "1m");
  CHECK(backoff.cap->value == "30s");
  CHECK(at(backoff.cap->loc) == "16:14");
}

TEST_CASE("dag-only fields in a step are unknown fields") {
  auto loaded = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: s}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: a
        template: main
        dependencies: [b]
        depends: b
        continueOn: {failed: true, skipped: true}
        withSequence: {count: 2, step: 1}
  - name: d
    dag:
      tasks:
      - name: t
        template: main
        tmplate: typo
      targets: t
)");
  CHECK(loaded->lines() ==
        Lines{"13:36: warning: unknown field \"skipped\" in templates.main.steps[0][0].continueOn",
              "14:34: warning: unknown field \"step\" in templates.main.steps[0][0].withSequence",
              "11:9: warning: unknown field \"dependencies\" in templates.main.steps[0][0]",
              "12:9: warning: unknown field \"depends\" in templates.main.steps[0][0]",
              "20:9: warning: unknown field \"tmplate\" in templates.d.dag.tasks[0]",
              "21:7: warning: unknown field \"targets\" in templates.d.dag"});
}

TEST_CASE("workflow-level hooks and template references report unknown fields too") {
  auto loaded = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: h}
spec:
  entrypoint: main
  hooks:
    exit:
      template: main
      templateRef: {name: a, template: b, namespace: c}
      when: x
  retryStrategy:
    limit: 1
    backoff: {duration: 1s, jitter: 2}
    retryPolicy: Always
    policy: x
  templates:
  - name: main
    container: {image: alpine}
)");
  CHECK(loaded->lines() ==
        Lines{"9:43: warning: unknown field \"namespace\" in spec.hooks.exit.templateRef",
              "10:7: warning: unknown field \"when\" in spec.hooks.exit",
              "13:29: warning: unknown field \"jitter\" in spec.retryStrategy.backoff",
              "15:5: warning: unknown field \"policy\" in spec.retryStrategy"});
}

TEST_CASE("step and retry fields of the wrong type are errors") {
  auto loaded = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: t}
spec:
  entrypoint: main
  templates:
  - name: main
    retryStrategy:
      limit: [1]
      backoff: 5s
    steps:
    - x
    - - name: a
        template: [main]
        withItems: a
        continueOn: true
        hooks: [exit]
        arguments: []
        templateRef: lib
        withSequence: 3
  - name: d
    dag:
      failFast: "false"
      tasks:
      - name: t
        dependencies: b
      - just-a-name
)");
  CHECK(loaded->lines() ==
        Lines{"12:7: error: templates.main.steps[0] must be a list of steps, not a string",
              "14:19: error: templates.main.steps[1][0].template must be a string, not a list",
              "19:22: error: templates.main.steps[1][0].templateRef must be a mapping, not a "
              "string",
              "18:20: error: templates.main.steps[1][0].arguments must be a mapping, not a list",
              "16:21: error: templates.main.steps[1][0].continueOn must be a mapping, not a "
              "boolean",
              "15:20: error: templates.main.steps[1][0].withItems must be a list, not a string",
              "20:23: error: templates.main.steps[1][0].withSequence must be a mapping, not an "
              "integer",
              "17:16: error: templates.main.steps[1][0].hooks must be a mapping, not a list",
              "9:14: error: templates.main.retryStrategy.limit must be an integer or a string, not "
              "a list",
              "10:16: error: templates.main.retryStrategy.backoff must be a mapping, not a string",
              "23:17: error: templates.d.dag.failFast must be a boolean (true or false), not a "
              "string",
              "26:23: error: templates.d.dag.tasks[0].dependencies must be a list of strings, not "
              "a string",
              "27:9: error: templates.d.dag.tasks[1] must be a mapping, not a string"});
}
