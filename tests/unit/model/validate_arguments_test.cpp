// Tests for the argument checks (lib/model/validate_arguments.cpp): spec.arguments values,
// valueFrom and enum (with -p), step/task arguments, and inputs every call must supply.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "support/lint_fixture.hpp"

namespace {

using Lines = std::vector<std::string>;

/// The diagnostics of `check` only: other groups of checks run too.
std::vector<std::string> lines_of(const testing::Linted& linted, const std::string& check) {
  return linted.lines({check});
}

model::ValidateOptions with_parameter(const std::string& name, const std::string& value) {
  model::ValidateOptions options;
  options.parameters.emplace_back(name, value);
  return options;
}

/// A Workflow whose spec.arguments.parameters are `params` (indented as list items under
/// `parameters:`, starting on line 9) and whose entrypoint `main` takes no input.
std::string workflow_with_arguments(const std::string& params,
                                    const std::string& kind = "Workflow") {
  return fmt::format(R"(apiVersion: argoproj.io/v1alpha1
kind: {}
metadata:
  name: wf
spec:
  entrypoint: main
  arguments:
    parameters:
{}  templates:
    - name: main
      container:
        image: alpine:3.19
)",
                     kind, params);
}

}  // namespace

// --- spec.arguments: value / valueFrom --------------------------------------------------

TEST_CASE("arguments: a workflow parameter without value or valueFrom is an error") {
  auto linted = testing::lint_text(workflow_with_arguments("      - name: greeting\n"));
  CHECK(lines_of(*linted, "parameter-value") ==
        Lines{"9:15: error: spec.arguments.greeting.value or spec.arguments.greeting.valueFrom "
              "is required (or pass -p greeting=VALUE)"});
}

TEST_CASE("arguments: -p supplies a workflow parameter that has no value") {
  auto linted = testing::lint_text(workflow_with_arguments("      - name: greeting\n"),
                                   with_parameter("greeting", "hi"));
  CHECK(linted->with_check("parameter-value").empty());
}

TEST_CASE("arguments: -p for another parameter does not supply this one") {
  auto linted = testing::lint_text(workflow_with_arguments("      - name: greeting\n"),
                                   with_parameter("other", "hi"));
  CHECK(lines_of(*linted, "parameter-value").size() == 1);
}

TEST_CASE("arguments: a WorkflowTemplate parameter may have no value") {
  auto linted =
      testing::lint_text(workflow_with_arguments("      - name: greeting\n", "WorkflowTemplate"));
  CHECK(linted->with_check("parameter-value").empty());
}

TEST_CASE("arguments: a CronWorkflow parameter needs a value, as at submit") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: cron
spec:
  schedule: "* * * * *"
  workflowSpec:
    entrypoint: main
    arguments:
      parameters:
        - name: greeting
    templates:
      - name: main
        container:
          image: alpine:3.19
)");
  CHECK(lines_of(*linted, "parameter-value") ==
        Lines{"11:17: error: spec.arguments.greeting.value or spec.arguments.greeting.valueFrom "
              "is required (or pass -p greeting=VALUE)"});
}

TEST_CASE("arguments: workflow valueFrom only allows default, configMapKeyRef and supplied") {
  SECTION("an expression is a run-time source: rejected") {
    auto linted = testing::lint_text(
        workflow_with_arguments("      - name: when\n"
                                "        valueFrom:\n"
                                "          expression: workflow.creationTimestamp\n"));
    CHECK(lines_of(*linted, "parameter-value") ==
          Lines{"11:11: error: spec.arguments.when.valueFrom only allows: default, "
                "configMapKeyRef and supplied"});
  }
  SECTION("default alone is not a source (Argo: default goes with configMapKeyRef)") {
    auto linted =
        testing::lint_text(workflow_with_arguments("      - name: when\n"
                                                   "        valueFrom:\n"
                                                   "          default: now\n"));
    CHECK(lines_of(*linted, "parameter-value") ==
          Lines{"11:11: error: spec.arguments.when.valueFrom only allows: default, "
                "configMapKeyRef and supplied"});
  }
  SECTION("configMapKeyRef with a default is fine") {
    auto linted =
        testing::lint_text(workflow_with_arguments("      - name: when\n"
                                                   "        valueFrom:\n"
                                                   "          default: now\n"
                                                   "          configMapKeyRef:\n"
                                                   "            name: settings\n"
                                                   "            key: when\n"));
    CHECK(linted->with_check("parameter-value").empty());
  }
  SECTION("supplied is fine") {
    auto linted =
        testing::lint_text(workflow_with_arguments("      - name: when\n"
                                                   "        valueFrom:\n"
                                                   "          supplied: {}\n"));
    CHECK(linted->with_check("parameter-value").empty());
  }
}

// --- enum ---------------------------------------------------------------------------------

TEST_CASE("arguments: an empty enum is an error") {
  auto linted =
      testing::lint_text(workflow_with_arguments("      - name: size\n"
                                                 "        value: small\n"
                                                 "        enum: []\n"));
  CHECK(lines_of(*linted, "enum") ==
        Lines{"11:15: error: spec.arguments.size.enum should contain at least one value"});
}

TEST_CASE("arguments: a workflow parameter value must be in its enum") {
  auto linted =
      testing::lint_text(workflow_with_arguments("      - name: size\n"
                                                 "        value: huge\n"
                                                 "        enum: [small, large]\n"));
  CHECK(lines_of(*linted, "enum") ==
        Lines{"10:16: error: spec.arguments.size.value should be present in "
              "spec.arguments.size.enum list (small, large)"});
}

TEST_CASE("arguments: -p is checked against the enum instead of the file's value") {
  const std::string yaml = workflow_with_arguments(
      "      - name: size\n"
      "        value: huge\n"
      "        enum:\n"
      "          - small\n"
      "          - large\n");
  SECTION("-p with a value from the enum satisfies it") {
    auto linted = testing::lint_text(yaml, with_parameter("size", "large"));
    CHECK(linted->with_check("enum").empty());
  }
  SECTION("-p with another value violates it") {
    auto linted = testing::lint_text(yaml, with_parameter("size", "medium"));
    CHECK(lines_of(*linted, "enum") ==
          Lines{"12:11: error: -p size=medium: value should be present in "
                "spec.arguments.size.enum list (small, large)"});
  }
}

TEST_CASE("arguments: a value only known at run time is not checked against the enum") {
  auto linted =
      testing::lint_text(workflow_with_arguments("      - name: size\n"
                                                 "        value: \"{{workflow.name}}\"\n"
                                                 "        enum: [small, large]\n"));
  CHECK(linted->with_check("enum").empty());
}

TEST_CASE("arguments: an enum parameter taking its value from a ConfigMap still needs value") {
  auto linted =
      testing::lint_text(workflow_with_arguments("      - name: size\n"
                                                 "        enum: [small, large]\n"
                                                 "        valueFrom:\n"
                                                 "          configMapKeyRef:\n"
                                                 "            name: settings\n"
                                                 "            key: size\n"));
  CHECK(lines_of(*linted, "enum") ==
        Lines{"10:15: error: spec.arguments.size.value is required (the parameter has an enum)"});
  CHECK(linted->with_check("parameter-value").empty());
}

TEST_CASE("arguments: a WorkflowTemplate enum parameter may have no value yet") {
  auto linted =
      testing::lint_text(workflow_with_arguments("      - name: size\n"
                                                 "        enum: [small, large]\n",
                                                 "WorkflowTemplate"));
  CHECK(linted->with_check("enum").empty());
  CHECK(linted->with_check("parameter-value").empty());
}

// --- step and task arguments --------------------------------------------------------------

TEST_CASE("arguments: step and task arguments need a value, in Argo's words") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - name: a
            template: echo
            arguments:
              parameters:
                - name: msg
        - - name: b
            template: fan
    - name: fan
      dag:
        tasks:
          - name: t
            template: echo
            arguments:
              parameters:
                - name: msg
                  valueFrom:
                    expression: "1 + 1"
    - name: echo
      inputs:
        parameters:
          - name: msg
            default: hi
      container:
        image: alpine:3.19
)");
  CHECK(lines_of(*linted, "parameter-value") ==
        Lines{"14:25: error: templates.main.steps[0].a.arguments.msg.value or "
              "templates.main.steps[0].a.arguments.msg.valueFrom is required",
              "26:21: error: templates.fan.tasks.t.arguments.msg.valueFrom only allows: default, "
              "configMapKeyRef and supplied"});
}

TEST_CASE("arguments: a step argument's value must be in its enum") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - name: a
            template: echo
            arguments:
              parameters:
                - name: msg
                  value: bye
                  enum: [hi, hello]
    - name: echo
      inputs:
        parameters:
          - name: msg
      container:
        image: alpine:3.19
)");
  CHECK(lines_of(*linted, "enum") ==
        Lines{"15:26: error: templates.main.steps[0].a.arguments.msg.value should be present in "
              "templates.main.steps[0].a.arguments.msg.enum list (hi, hello)"});
}

// --- inputs every call must supply --------------------------------------------------------

TEST_CASE("arguments: the entrypoint's inputs must come from spec.arguments") {
  const std::string yaml = R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
    - name: main
      inputs:
        parameters:
          - name: message
          - name: times
            default: "1"
      container:
        image: alpine:3.19
)";
  SECTION("nothing supplies message: an error at the entrypoint") {
    auto linted = testing::lint_text(yaml);
    CHECK(lines_of(*linted, "input-not-supplied") ==
          Lines{"6:15: error: templates.main inputs.parameters.message was not supplied (add it "
                "to spec.arguments.parameters or pass -p message=VALUE)"});
  }
  SECTION("-p supplies it even though spec.arguments does not declare it") {
    auto linted = testing::lint_text(yaml, with_parameter("message", "hi"));
    CHECK(linted->with_check("input-not-supplied").empty());
  }
}

TEST_CASE("arguments: entrypoint inputs satisfied by spec.arguments") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  arguments:
    parameters:
      - name: message
        value: hello
    artifacts:
      - name: data
        http:
          url: https://example.com/data.txt
  templates:
    - name: main
      inputs:
        parameters:
          - name: message
        artifacts:
          - name: data
            path: /tmp/data.txt
      container:
        image: alpine:3.19
)");
  CHECK(linted->with_check("input-not-supplied").empty());
  CHECK(linted->with_check("parameter-value").empty());
}

TEST_CASE("arguments: an entrypoint input artifact needs an argument, a location or optional") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
    - name: main
      inputs:
        artifacts:
          - name: data
            path: /tmp/data
          - name: maybe
            path: /tmp/maybe
            optional: true
          - name: fixed
            path: /tmp/fixed
            raw:
              data: hello
      container:
        image: alpine:3.19
)");
  CHECK(lines_of(*linted, "input-not-supplied") ==
        Lines{"6:15: error: templates.main inputs.artifacts.data was not supplied"});
}

TEST_CASE("arguments: an input's ConfigMap counts as its value, its valueFrom.default does not") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
    - name: main
      inputs:
        parameters:
          - name: from-config
            valueFrom:
              configMapKeyRef:
                name: settings
                key: a
          - name: only-default
            valueFrom:
              default: x
      container:
        image: alpine:3.19
)");
  CHECK(lines_of(*linted, "input-not-supplied") ==
        Lines{"6:15: error: templates.main inputs.parameters.only-default was not supplied (add "
              "it to spec.arguments.parameters or pass -p only-default=VALUE)"});
}

TEST_CASE("arguments: the exit handler's inputs must come from spec.arguments too") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  onExit: notify
  templates:
    - name: main
      container:
        image: alpine:3.19
    - name: notify
      inputs:
        parameters:
          - name: channel
      container:
        image: alpine:3.19
)");
  CHECK(lines_of(*linted, "input-not-supplied") ==
        Lines{"7:11: error: templates.notify inputs.parameters.channel was not supplied (add it "
              "to spec.arguments.parameters or pass -p channel=VALUE)"});
}

TEST_CASE("arguments: a WorkflowTemplate's entrypoint inputs come from the submitter") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: lib
spec:
  entrypoint: main
  templates:
    - name: main
      inputs:
        parameters:
          - name: message
      container:
        image: alpine:3.19
)");
  CHECK(linted->with_check("input-not-supplied").empty());
}
