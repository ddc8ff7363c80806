// Tests for the argument checks (lib/model/validate_arguments.cpp), second part: every input
// a called template needs must be supplied by its caller (steps, tasks, hooks, inline
// templates, WorkflowTemplates).
#include <catch2/catch.hpp>

#include "support/lint_fixture.hpp"

namespace {

std::vector<std::string> lines_of(const testing::Linted& linted, const std::string& check) {
  return linted.lines({check});
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("arguments: a step must supply every callee input without a default") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - name: all
            template: echo
            arguments:
              parameters:
                - name: msg
                  value: hi
              artifacts:
                - name: data
                  raw:
                    data: hello
        - - name: some
            template: echo
            arguments:
              parameters:
                - name: unused
                  value: ignored
    - name: echo
      inputs:
        parameters:
          - name: msg
          - name: times
            default: "1"
        artifacts:
          - name: data
            path: /tmp/data
      container:
        image: alpine:3.19
)");
  // "all" passes everything; "times" has a default; arguments nobody declares are ignored.
  CHECK(lines_of(*linted, "input-not-supplied") ==
        Lines{"20:19: error: templates.main.steps[1].some templates.echo inputs.parameters.msg "
              "was not supplied",
              "20:19: error: templates.main.steps[1].some templates.echo inputs.artifacts.data "
              "was not supplied"});
}

TEST_CASE("arguments: a task calling a WorkflowTemplate template must supply its inputs") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
    - name: main
      dag:
        tasks:
          - name: greet
            templateRef:
              name: lib
              template: greet
---
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: lib
spec:
  templates:
    - name: greet
      inputs:
        parameters:
          - name: who
      container:
        image: alpine:3.19
)");
  CHECK(lines_of(*linted, "input-not-supplied") ==
        Lines{"11:19: error: templates.main.tasks.greet templates.greet inputs.parameters.who was "
              "not supplied"});
}

TEST_CASE("arguments: a hook's arguments are checked against the hook template") {
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
            template: work
            hooks:
              exit:
                template: report
    - name: work
      container:
        image: alpine:3.19
    - name: report
      inputs:
        parameters:
          - name: status
      container:
        image: alpine:3.19
)");
  CHECK(lines_of(*linted, "input-not-supplied") ==
        Lines{"13:15: error: templates.main.steps[0].a.hooks.exit templates.report "
              "inputs.parameters.status was not supplied"});
}

TEST_CASE("arguments: an inline template's inputs are checked without a template name") {
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
            inline:
              inputs:
                parameters:
                  - name: msg
              container:
                image: alpine:3.19
)");
  CHECK(lines_of(*linted, "input-not-supplied") ==
        Lines{"10:19: error: templates.main.steps[0].a inputs.parameters.msg was not supplied"});
}

TEST_CASE("arguments: workflowTemplateRef inputs come from either document's spec.arguments") {
  const std::string library = R"(---
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: runner
spec:
  entrypoint: go
  arguments:
    parameters:
      - name: from-template
        value: a
      - name: empty-in-template
  templates:
    - name: go
      inputs:
        parameters:
          - name: from-template
          - name: from-workflow
          - name: empty-in-template
      container:
        image: alpine:3.19
)";
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  arguments:
    parameters:
      - name: from-workflow
        value: b
  workflowTemplateRef:
    name: runner
)" + library);
  CHECK(lines_of(*linted, "input-not-supplied") ==
        Lines{"11:11: error: templates.go inputs.parameters.empty-in-template was not supplied "
              "(add it to spec.arguments.parameters or pass -p empty-in-template=VALUE)"});
}
