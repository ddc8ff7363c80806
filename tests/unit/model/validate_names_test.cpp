// Tests of the name checks (lib/model/validate_names.cpp): syntax, length and uniqueness of
// workflow, template, step, task, container, parameter and artifact names.
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "support/lint_fixture.hpp"

namespace {

using Lines = std::vector<std::string>;

/// "line:col: severity: message" of the diagnostics of the name checks only, so checks that
/// other files add (variables, dag ...) cannot disturb these tests.
Lines name_lines(const testing::Linted& linted) {
  static const std::set<std::string> k_checks = {"name-required", "invalid-name", "duplicate-name",
                                                 "name-too-long", "reserved-name"};
  Lines out;
  for (const model::Diagnostic& d : linted.diagnostics.all()) {
    if (k_checks.count(d.check) > 0) {
      out.push_back(fmt::format("{}:{}: {}: {}", d.loc.line, d.loc.column,
                                model::to_string(d.severity), d.message));
    }
  }
  return out;
}

/// A minimal valid document of `kind` named `name` (a CronWorkflow nests its workflowSpec).
std::string document_of_kind(const std::string& kind, const std::string& name) {
  const std::string spec_key =
      kind == "CronWorkflow" ? "spec:\n  schedule: \"* * * * *\"\n  workflowSpec:\n" : "spec:\n";
  const std::string indent = kind == "CronWorkflow" ? "    " : "  ";
  return "apiVersion: argoproj.io/v1alpha1\nkind: " + kind + "\nmetadata:\n  name: " + name + "\n" +
         spec_key + indent + "entrypoint: main\n" + indent + "templates:\n" + indent +
         "- name: main\n" + indent + "  container:\n" + indent + "    image: alpine\n";
}

}  // namespace

TEST_CASE("names: a workflow with valid names has no diagnostics at all") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: Valid-name-1
spec:
  entrypoint: main
  arguments:
    parameters:
    - name: my_param-1
      value: x
  templates:
  - name: main
    steps:
    - - name: Step-1
        template: leaf
        arguments:
          parameters:
          - name: in_1
            value: "{{workflow.parameters.my_param-1}}"
  - name: leaf
    inputs:
      parameters:
      - name: in_1
      artifacts:
      - name: art.{{inputs.parameters.in_1}}_x-1
        path: /tmp/a
        raw:
          data: hi
    outputs:
      parameters:
      - name: out
        globalName: "{{inputs.parameters.in_1}}"
        valueFrom:
          path: /tmp/out
      artifacts:
      - name: result
        path: /tmp/out
        globalName: result_1
    container:
      image: alpine
    sidecars:
    - name: helper
      image: alpine
)");
  CHECK(linted->lines() == Lines{});
}

TEST_CASE("names: duplicate template names") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: alpine
  - name: main
    container:
      image: alpine
)");
  CHECK(name_lines(*linted) ==
        Lines{"11:11: error: templates[1] name 'main' is not unique (first defined at line 8)"});
}

TEST_CASE("names: a template without a name") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: alpine
  - container:
      image: alpine
)");
  CHECK(name_lines(*linted) == Lines{"11:5: error: templates[1].name is required"});
}

TEST_CASE("names: invalid template names") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: alpine
  - name: -leading-dash
    container:
      image: alpine
  - name: under_score
    container:
      image: alpine
)");
  const std::string rule =
      "name must consist of alpha-numeric characters or '-', and must start with an "
      "alpha-numeric character";
  CHECK(name_lines(*linted) ==
        Lines{"11:11: error: templates[1] name '-leading-dash' is invalid: " + rule,
              "14:11: error: templates[2] name 'under_score' is invalid: " + rule});
}

TEST_CASE("names: template names may have 128 characters, not 129") {
  const std::string ok(128, 'a');
  const std::string too_long(129, 'b');
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: alpine
  - name: )" + ok + R"(
    container:
      image: alpine
  - name: )" + too_long + R"(
    container:
      image: alpine
)");
  CHECK(name_lines(*linted) ==
        Lines{"14:11: error: templates[2] name '" + too_long +
              "' must not be more than 128 characters long (currently 129)"});
}

TEST_CASE("names: steps need a valid name, unique across all step groups") {
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
        template: leaf
      - template: leaf
    - - name: a
        template: leaf
      - name: b.c
        template: leaf
  - name: leaf
    container:
      image: alpine
)");
  CHECK(name_lines(*linted) ==
        Lines{"12:9: error: templates.main.steps[0].name is required",
              "13:15: error: templates.main.steps[1] name 'a' is not unique (first defined at "
              "line 10)",
              "15:15: error: templates.main.steps[1] name 'b.c' is invalid: name must consist of "
              "alpha-numeric characters or '-', and must start with an alpha-numeric character"});
}

TEST_CASE("names: dag tasks need a valid, unique name") {
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
      - name: a
        template: leaf
      - name: a
        template: leaf
      - template: leaf
      - name: A_1
        template: leaf
  - name: leaf
    container:
      image: alpine
)");
  CHECK(name_lines(*linted) ==
        Lines{"13:15: error: templates.main.tasks[1] name 'a' is not unique (first defined at "
              "line 11)",
              "15:9: error: templates.main.tasks[2].name is required",
              "16:15: error: templates.main.tasks[3] name 'A_1' is invalid: name must consist of "
              "alpha-numeric characters or '-', and must start with an alpha-numeric character"});
}

TEST_CASE("names: parameter names: required, syntax, uniqueness") {
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
      - name: ok_1-A
        value: x
      - value: y
      - name: has space
        value: z
      - name: ok_1-A
        value: w
    container:
      image: alpine
)");
  CHECK(name_lines(*linted) ==
        Lines{"13:9: error: templates.main.inputs.parameters[1].name is required",
              "14:15: error: templates.main.inputs.parameters[2] name 'has space' is invalid: "
              "parameter names must consist of alpha-numeric characters, '_' or '-'",
              "16:15: error: templates.main.inputs.parameters[3] name 'ok_1-A' is not unique "
              "(first defined at line 11)"});
}

TEST_CASE("names: workflow argument and step argument parameters are checked too") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  arguments:
    parameters:
    - name: p.q
      value: x
  templates:
  - name: main
    steps:
    - - name: s
        template: leaf
        arguments:
          parameters:
          - name: p
            value: a
          - name: p
            value: b
  - name: leaf
    container:
      image: alpine
)");
  CHECK(name_lines(*linted) ==
        Lines{"20:19: error: templates.main.steps[0].arguments.parameters[1] name 'p' is not "
              "unique (first defined at line 18)",
              "9:13: error: spec.arguments.parameters[0] name 'p.q' is invalid: parameter names "
              "must consist of alpha-numeric characters, '_' or '-'"});
}

TEST_CASE("names: artifact names: required, syntax, uniqueness") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    outputs:
      artifacts:
      - name: a.b_{{x}}-1
        path: /tmp/a
      - path: /tmp/b
      - name: a/b
        path: /tmp/c
      - name: a.b_{{x}}-1
        path: /tmp/d
    container:
      image: alpine
)");
  CHECK(name_lines(*linted) ==
        Lines{"13:9: error: templates.main.outputs.artifacts[1].name is required",
              "14:15: error: templates.main.outputs.artifacts[2] name 'a/b' is invalid: artifact "
              "names must consist of alpha-numeric characters, '_', '-', '.' or '{{...}}'",
              "16:15: error: templates.main.outputs.artifacts[3] name 'a.b_{{x}}-1' is not "
              "unique (first defined at line 11)"});
}

TEST_CASE("names: globalName of output parameters and artifacts") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    outputs:
      parameters:
      - name: p
        globalName: bad.name
        valueFrom:
          path: /tmp/p
      - name: q
        globalName: "{{workflow.name}}-q"
        valueFrom:
          path: /tmp/q
      artifacts:
      - name: a
        path: /tmp/a
        globalName: bad name
      - name: b
        path: /tmp/b
        globalName: good_name-1
    container:
      image: alpine
)");
  CHECK(name_lines(*linted) ==
        Lines{"12:21: error: templates.main.outputs.parameters.p.globalName 'bad.name' is "
              "invalid: names must consist of alpha-numeric characters, '_' or '-'",
              "22:21: error: templates.main.outputs.artifacts.a.globalName 'bad name' is "
              "invalid: names must consist of alpha-numeric characters, '_' or '-'"});
}

TEST_CASE("names: sidecars, init containers and containerSet containers need names") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: alpine
    sidecars:
    - image: nginx
    initContainers:
    - image: alpine
  - name: set
    containerSet:
      containers:
      - name: a
        image: alpine
      - image: alpine
)");
  CHECK(name_lines(*linted) ==
        Lines{"12:7: error: templates.main.sidecars[0].name is required",
              "14:7: error: templates.main.initContainers[0].name is required",
              "20:9: error: templates.set.containerSet.containers[1].name is required"});
}

TEST_CASE("names: container names are unique within a template and follow the name rule") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: alpine
    sidecars:
    - name: helper
      image: nginx
    - name: bad_name
      image: nginx
    initContainers:
    - name: helper
      image: alpine
)");
  CHECK(name_lines(*linted) ==
        Lines{"14:13: error: templates.main.sidecars[1] name 'bad_name' is invalid: name must "
              "consist of alpha-numeric characters or '-', and must start with an alpha-numeric "
              "character",
              "17:13: error: templates.main.initContainers[0] name 'helper' is not unique (first "
              "defined at line 12)"});
}

TEST_CASE("names: container names reserved for Argo's own containers") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: alpine
    sidecars:
    - name: wait
      image: nginx
    - name: main
      image: nginx
    initContainers:
    - name: init
      image: alpine
  - name: set
    containerSet:
      containers:
      - name: main
        image: alpine
      - name: supervisor
        image: alpine
)");
  CHECK(name_lines(*linted) ==
        Lines{"12:13: error: templates.main.sidecars[0] name 'wait' is reserved for Argo's own "
              "containers",
              "14:13: error: templates.main.sidecars[1] name 'main' is reserved for Argo's own "
              "containers",
              "17:13: error: templates.main.initContainers[0] name 'init' is reserved for Argo's "
              "own containers",
              "24:15: error: templates.set.containerSet.containers[1] name 'supervisor' is "
              "reserved for Argo's own containers"});
}

TEST_CASE("names: a Workflow name may have 63 characters, not 64") {
  const std::string ok(63, 'a');
  CHECK(name_lines(*testing::lint_text(document_of_kind("Workflow", ok))) == Lines{});
  const std::string too_long(64, 'a');
  CHECK(name_lines(*testing::lint_text(document_of_kind("Workflow", too_long))) ==
        Lines{"4:9: error: workflow name \"" + too_long +
              "\" must not be more than 63 characters long (currently 64)"});
}

TEST_CASE("names: name limits of WorkflowTemplate, ClusterWorkflowTemplate and CronWorkflow") {
  const std::string n63(63, 'a');
  const std::string n64(64, 'a');
  const std::string n52(52, 'a');
  const std::string n53(53, 'a');
  CHECK(name_lines(*testing::lint_text(document_of_kind("WorkflowTemplate", n63))) == Lines{});
  CHECK(name_lines(*testing::lint_text(document_of_kind("WorkflowTemplate", n64))) ==
        Lines{"4:9: error: workflow template name \"" + n64 +
              "\" must not be more than 63 characters long (currently 64)"});
  CHECK(name_lines(*testing::lint_text(document_of_kind("ClusterWorkflowTemplate", n63))) ==
        Lines{});
  CHECK(name_lines(*testing::lint_text(document_of_kind("ClusterWorkflowTemplate", n64))) ==
        Lines{"4:9: error: cluster workflow template name \"" + n64 +
              "\" must not be more than 63 characters long (currently 64)"});
  // Runs of a CronWorkflow are named <name>-<unix time>: 11 more characters.
  CHECK(name_lines(*testing::lint_text(document_of_kind("CronWorkflow", n52))) == Lines{});
  CHECK(name_lines(*testing::lint_text(document_of_kind("CronWorkflow", n53))) ==
        Lines{"4:9: error: cron workflow name \"" + n53 +
              "\" must not be more than 52 characters long (currently 53)"});
}

TEST_CASE("names: a Workflow without name or generateName gets a warning") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  labels:
    a: b
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: alpine
)");
  CHECK(name_lines(*linted) ==
        Lines{"4:3: warning: metadata has neither name nor generateName: a cluster would reject "
              "this workflow (flowrun run names it after --name or the file)"});
  CHECK(linted->diagnostics.error_count() == 0);
}

TEST_CASE("names: generateName alone is enough, and templates need neither") {
  CHECK(name_lines(*testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: hello-
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: alpine
)")) == Lines{});
  // A WorkflowTemplate without a name is not this check's business (it is only a library).
  CHECK(name_lines(*testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  labels:
    a: b
spec:
  templates:
  - name: main
    container:
      image: alpine
)")) == Lines{});
}
