#include "model/variable_scope.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "support/lint_fixture.hpp"
#include "support/variables_fixture.hpp"

// Scope rules of check_variables: what is global, what a template, a loop and a retry add.

namespace {

using Lines = std::vector<std::string>;

using testing::variables;
using testing::workflow;

}  // namespace

TEST_CASE("classify_name: Argo's prefixes, flowrun's extras, everything else") {
  CHECK(model::classify_name("inputs.parameters.x") == model::NameClass::argo);
  CHECK(model::classify_name("item.a") == model::NameClass::argo);
  CHECK(model::classify_name("workflow.name") == model::NameClass::argo);
  CHECK(model::classify_name("item") == model::NameClass::extra);
  CHECK(model::classify_name("retries") == model::NameClass::extra);
  CHECK(model::classify_name("lastRetry.exitCode") == model::NameClass::extra);
  CHECK(model::classify_name("node.name") == model::NameClass::unchecked);
  CHECK(model::classify_name("items") == model::NameClass::unchecked);
  CHECK(model::classify_name("input.parameters.x") == model::NameClass::unchecked);
  CHECK(model::classify_name(" inputs.parameters.x") == model::NameClass::unchecked);
}

TEST_CASE("NameSet: exact names, and map prefixes for expressions") {
  model::NameSet names;
  names.add("inputs.parameters.a-b");
  names.add("inputs.parameters");
  CHECK(names.contains("inputs.parameters.a-b", model::Lookup::exact));
  CHECK_FALSE(names.contains("inputs.parameters.a", model::Lookup::exact));
  CHECK_FALSE(names.contains("inputs.parameters.a", model::Lookup::expression));
  CHECK_FALSE(names.contains("inputs", model::Lookup::exact));
  CHECK(names.contains("inputs", model::Lookup::expression));
  // A JSON string is not a map: its "fields" are not variables.
  CHECK_FALSE(names.contains("inputs.parameters.a-b.c", model::Lookup::expression));
}

TEST_CASE("check_variables: workflow parameters come from spec.arguments") {
  const std::string yaml = workflow(R"(  - name: main
    container:
      image: alpine
      command: [echo, "{{workflow.parameters.msg}}", "{{workflow.parameters.other}}"]
)",
                                    R"(  arguments:
    parameters:
    - name: msg
      value: hi
)");
  CHECK(variables(yaml) ==
        Lines{"15:55: error: templates.main: failed to resolve {{workflow.parameters.other}}"});
}

TEST_CASE("check_variables: -p adds a workflow parameter") {
  const std::string yaml = workflow(R"(  - name: main
    container:
      image: alpine
      args: ["{{workflow.parameters.extra}}", "{{workflow.parameters.json}}"]
)");
  CHECK(variables(yaml).size() == 2);
  model::ValidateOptions options;
  options.parameters = {{"extra", "1"}};
  CHECK(variables(yaml, options).empty());
}

TEST_CASE("check_variables: item inside withItems, withParam and withSequence") {
  const std::string yaml = workflow(R"(  - name: main
    steps:
    - - name: maps
        template: leaf
        withItems:
        - {name: a, size: 1}
        - {name: b}
        arguments:
          parameters:
          - name: m
            value: "{{item.name}} {{item.size}} {{item.colour}}"
      - name: param
        template: leaf
        withParam: "[]"
        arguments:
          parameters:
          - name: m
            value: "{{item.anything}} {{item}}"
      - name: sequence
        template: leaf
        withSequence:
          count: "3"
        arguments:
          parameters:
          - name: m
            value: "{{item}}"
  - name: leaf
    inputs:
      parameters:
      - name: m
    container:
      image: alpine
)");
  CHECK(variables(yaml) ==
        Lines{"18:49: error: templates.main.steps failed to resolve {{item.colour}}"});
}

TEST_CASE("check_variables: pod.name only in pod templates") {
  const std::string yaml = workflow(R"(  - name: main
    steps:
    - - name: a
        template: leaf
        when: "{{pod.name}} != x"
  - name: leaf
    container:
      image: alpine
      args: ["{{pod.name}}"]
)");
  CHECK(variables(yaml) ==
        Lines{"12:16: error: templates.main.steps failed to resolve {{pod.name}}"});
}

TEST_CASE("check_variables: retries and lastRetry need a retryStrategy") {
  const std::string without = workflow(R"(  - name: main
    container:
      image: alpine
      args: ["{{retries}}", "{{lastRetry.exitCode}}", "{{retry}}"]
)");
  CHECK(variables(without) ==
        Lines{"11:15: warning: templates.main: failed to resolve {{retries}}",
              "11:30: warning: templates.main: failed to resolve {{lastRetry.exitCode}}"});
  const std::string with_template = workflow(R"(  - name: main
    retryStrategy:
      limit: "2"
      expression: "asInt(lastRetry.exitCode) > 1"
    container:
      image: alpine
      args: ["{{retries}}", "{{lastRetry.exitCode}}"]
)");
  CHECK(variables(with_template).empty());
  const std::string with_spec = workflow(R"(  - name: main
    container:
      image: alpine
      args: ["{{retries}}"]
)",
                                         "  retryStrategy:\n    limit: 1\n");
  CHECK(variables(with_spec).empty());
}

TEST_CASE("check_variables: workflow.status always, workflow.failures with an exit handler") {
  const std::string template_text = R"(  - name: main
    container:
      image: alpine
      args: ["{{workflow.status}}", "{{workflow.failures}}"]
)";
  CHECK(variables(workflow(template_text)) ==
        Lines{"11:38: error: templates.main: failed to resolve {{workflow.failures}}"});
  CHECK(variables(workflow(template_text, "  onExit: main\n")).empty());
  CHECK(variables(workflow(template_text, "  hooks:\n    exit:\n      template: main\n")).empty());
}

TEST_CASE("check_variables: global outputs, duration, timestamps and other globals") {
  const std::string yaml = workflow(R"(  - name: main
    steps:
    - - name: a
        template: export
    - - name: b
        template: export
        when: "{{workflow.outputs.parameters.g}} == {{workflow.outputs.parameters.h}}"
  - name: export
    outputs:
      parameters:
      - name: p
        globalName: g
        valueFrom:
          path: /tmp/p
    container:
      image: alpine
      args:
      - "{{workflow.name}} {{workflow.namespace}} {{workflow.uid}} {{workflow.duration}}"
      - "{{workflow.creationTimestamp.Y}} {{workflow.mainEntrypoint}} {{workflow.scheduledTime}}"
      - "{{workflow.serviceAccountName}} {{node.name}} {{steps.name}} {{tasks.name}}"
      - "{{workflow.priority}}"
)");
  CHECK(variables(yaml) ==
        Lines{"14:53: error: templates.main.steps failed to resolve "
              "{{workflow.outputs.parameters.h}}",
              "28:10: error: templates.export: failed to resolve {{workflow.priority}}"});
  const std::string with_priority = workflow(R"(  - name: main
    container:
      image: alpine
      args: ["{{workflow.priority}}"]
)",
                                             "  priority: 3\n");
  CHECK(variables(with_priority).empty());
}

TEST_CASE("check_variables: labels and annotations must be declared") {
  const std::string yaml = R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: t
  labels:
    team: a
spec:
  entrypoint: main
  workflowMetadata:
    annotations:
      note: x
  templates:
  - name: main
    container:
      image: alpine
      args: ["{{workflow.labels.team}} {{workflow.annotations.note}} {{workflow.labels.json}}",
             "{{workflow.labels.other}}"]
)";
  CHECK(variables(yaml) ==
        Lines{"17:15: error: templates.main: failed to resolve {{workflow.labels.other}}"});
}

TEST_CASE("check_variables: WorkflowTemplates get workflow.parameters from their caller") {
  const std::string yaml = R"(apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: lib
spec:
  templates:
  - name: echo
    container:
      image: alpine
      args: ["{{workflow.parameters.anything}}", "{{inputs.parameters.nope}}"]
)";
  CHECK(variables(yaml) ==
        Lines{"10:51: error: templates.echo: failed to resolve {{inputs.parameters.nope}}"});
}
