// Tests of the template checks (lib/model/validate_templates.cpp): one type per template,
// images, volume mounts, resource, script, http, data and containerSet rules, loops, podGC.
#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "support/lint_fixture.hpp"

namespace {

using Lines = std::vector<std::string>;

/// "line:col: severity: message" of the diagnostics of the template checks only, so checks
/// that other files add (variables, dag ...) cannot disturb these tests.
Lines template_lines(const testing::Linted& linted) {
  static const std::set<std::string> k_checks = {"template-type",
                                                 "image-required",
                                                 "duplicate-mount",
                                                 "unknown-volume",
                                                 "resource",
                                                 "script-source",
                                                 "http",
                                                 "data",
                                                 "container-set",
                                                 "loop",
                                                 "workflow-template-ref",
                                                 "pod-gc",
                                                 "volume-claim-gc"};
  Lines out;
  for (const model::Diagnostic& d : linted.diagnostics.all()) {
    if (k_checks.count(d.check) > 0) {
      out.push_back(fmt::format("{}:{}: {}: {}", d.loc.line, d.loc.column,
                                model::to_string(d.severity), d.message));
    }
  }
  return out;
}

/// A Workflow whose only template `main` is `body` (indented by 4, under `- name: main`).
std::string one_template(const std::string& body) {
  return "apiVersion: argoproj.io/v1alpha1\n"
         "kind: Workflow\n"
         "metadata:\n"
         "  name: wf\n"
         "spec:\n"
         "  entrypoint: main\n"
         "  templates:\n"
         "  - name: main\n" +
         body;
}

}  // namespace

TEST_CASE("templates: one template of each simple type has no diagnostics at all") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: c
        template: c
      - name: s
        template: s
      - name: w
        template: w
      - name: set
        template: set
  - name: c
    container:
      image: alpine
  - name: s
    script:
      image: python:3
      source: print(1)
  - name: w
    suspend:
      duration: "1"
  - name: set
    containerSet:
      containers:
      - name: a
        image: alpine
      - name: main
        image: alpine
        dependencies: [a]
)");
  CHECK(linted->lines() == Lines{});
}

TEST_CASE("templates: a template without a type") {
  auto linted = testing::lint_text(one_template("    inputs: {}\n"));
  CHECK(template_lines(*linted) ==
        Lines{"8:11: error: templates.main template type unspecified. choose one of: container, "
              "containerSet, steps, script, resource, dag, suspend, template, template ref"});
}

TEST_CASE("templates: a template with two types is reported at the second") {
  auto linted = testing::lint_text(one_template(R"(    container:
      image: alpine
    script:
      image: alpine
      source: echo
)"));
  CHECK(template_lines(*linted) ==
        Lines{"11:5: error: templates.main multiple template types specified (container, "
              "script): choose one"});
}

TEST_CASE("templates: images are required") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      command: [echo]
    sidecars:
    - name: side
      command: [sleep]
    initContainers:
    - name: first
      image: ""
  - name: s
    script:
      source: echo
  - name: set
    containerSet:
      containers:
      - name: a
)");
  CHECK(template_lines(*linted) ==
        Lines{"10:7: error: templates.main.container.image may not be empty",
              "12:7: error: templates.main.sidecars.side.image may not be empty",
              "15:7: error: templates.main.initContainers.first.image may not be empty",
              "19:7: error: templates.s.script.image may not be empty",
              "23:9: error: templates.set.containerSet.containers.a.image may not be empty"});
}

TEST_CASE("templates: templateDefaults can supply the container and script image") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templateDefaults:
    container:
      image: alpine
    script:
      image: python:3
  templates:
  - name: main
    container:
      command: [echo]
  - name: s
    script:
      source: print(1)
)");
  CHECK(template_lines(*linted) == Lines{});
}

TEST_CASE("templates: a container image default does not cover script templates") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templateDefaults:
    container:
      image: alpine
  templates:
  - name: main
    script:
      source: echo
)");
  CHECK(template_lines(*linted) ==
        Lines{"13:7: error: templates.main.script.image may not be empty"});
}

TEST_CASE("templates: two volume mounts at one path, and an input artifact at a mount path") {
  auto linted = testing::lint_text(one_template(R"(    inputs:
      artifacts:
      - name: data
        path: /work
        raw:
          data: x
    volumes:
    - name: v
      emptyDir: {}
    container:
      image: alpine
      volumeMounts:
      - name: v
        mountPath: /work
      - name: v
        mountPath: /work
)"));
  CHECK(template_lines(*linted) ==
        Lines{"24:20: error: templates.main.container.volumeMounts: mountPath '/work' is already "
              "used at line 22",
              "12:15: error: templates.main.inputs.artifacts.data.path '/work' is also a volume "
              "mount path"});
}

TEST_CASE("templates: volume mounts must name a declared volume") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  volumes:
  - name: from-spec
    emptyDir: {}
  volumeClaimTemplates:
  - metadata:
      name: from-claim
    spec:
      accessModes: [ReadWriteOnce]
  templateDefaults:
    volumes:
    - name: from-defaults
      emptyDir: {}
  templates:
  - name: main
    volumes:
    - name: from-template
      emptyDir: {}
    script:
      image: alpine
      source: ls
      volumeMounts:
      - name: from-spec
        mountPath: /a
      - name: from-claim
        mountPath: /b
      - name: from-template
        mountPath: /c
      - name: "{{workflow.parameters.v}}"
        mountPath: /d
      - name: from-defaults
        mountPath: /e
      - name: nowhere
        mountPath: /f
)");
  CHECK(template_lines(*linted) ==
        Lines{"38:15: error: templates.main.script.volumeMounts: volume 'nowhere' is not defined "
              "in the template's volumes, spec.volumes or spec.volumeClaimTemplates"});
}

TEST_CASE("templates: a WorkflowTemplate may mount volumes its callers define") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: lib
spec:
  templates:
  - name: main
    container:
      image: alpine
      volumeMounts:
      - name: workdir
        mountPath: /work
)");
  CHECK(template_lines(*linted) == Lines{});
}

TEST_CASE("templates: resource action is required and must be known") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    resource:
      manifest: "kind: ConfigMap"
  - name: b
    resource:
      action: destroy
      manifest: "kind: ConfigMap"
  - name: c
    resource:
      action: "{{inputs.parameters.action}}"
      manifest: "kind: ConfigMap"
)");
  CHECK(template_lines(*linted) ==
        Lines{"10:7: error: templates.main.resource.action is required",
              "13:15: error: templates.b.resource.action 'destroy' is invalid: must be one of "
              "get, create, apply, delete, replace, patch"});
}

TEST_CASE("templates: resource mergeStrategy must be strategic, merge or json") {
  auto linted = testing::lint_text(one_template(R"(    resource:
      action: patch
      mergeStrategy: replace
      manifest: "kind: ConfigMap"
)"));
  CHECK(template_lines(*linted) ==
        Lines{"11:22: error: templates.main.resource.mergeStrategy 'replace' is invalid: must be "
              "strategic, merge or json"});
  auto ok = testing::lint_text(one_template(R"(    resource:
      action: patch
      mergeStrategy: json
      manifest: "kind: ConfigMap"
)"));
  CHECK(template_lines(*ok) == Lines{});
}

TEST_CASE("templates: resource manifest and manifestFrom") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    resource:
      action: create
  - name: both
    inputs:
      artifacts:
      - name: m
        path: /tmp/m
    resource:
      action: apply
      manifest: "kind: ConfigMap"
      manifestFrom:
        artifact:
          name: m
  - name: wrong-artifact
    inputs:
      artifacts:
      - name: m
        path: /tmp/m
    resource:
      action: apply
      manifestFrom:
        artifact:
          name: other
  - name: get
    resource:
      action: get
  - name: delete
    resource:
      action: delete
)");
  CHECK(template_lines(*linted) ==
        Lines{"10:7: error: templates.main.resource: one of manifest or manifestFrom is required",
              "21:11: error: templates.both.resource: manifest and manifestFrom are mutually "
              "exclusive",
              "31:17: error: templates.wrong-artifact.resource.manifestFrom.artifact 'other' is "
              "not an input artifact of the template"});
}

TEST_CASE("templates: a resource manifest must be valid YAML unless it holds {{...}}") {
  auto linted = testing::lint_text(one_template(R"(    resource:
      action: create
      manifest: |
        kind: ConfigMap
        data: [1, 2
)"));
  const std::vector<model::Diagnostic> found = linted->with_check("resource");
  REQUIRE(found.size() == 1);
  CHECK(found[0].loc.line == 11);
  CHECK(found[0].loc.column == 17);
  CHECK_THAT(
      found[0].message,
      Catch::StartsWith("templates.main.resource.manifest is not valid YAML (its line 3): "));
  auto templated = testing::lint_text(one_template(R"(    resource:
      action: create
      manifest: |
        kind: ConfigMap
        data: {{inputs.parameters.data}}
)"));
  CHECK(templated->with_check("resource").empty());
}

TEST_CASE("templates: an empty script source is only a warning") {
  // Argo runs such a template without a script and only logs a warning.
  auto linted = testing::lint_text(one_template(R"(    script:
      image: alpine
      command: [ls]
)"));
  CHECK(template_lines(*linted) ==
        Lines{"10:7: warning: templates.main.script.source is empty: the container runs without "
              "a script"});
  CHECK(linted->diagnostics.error_count() == 0);
}

TEST_CASE("templates: http needs a url, data needs source.artifactPaths") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    http:
      method: GET
  - name: d
    data:
      transformation:
      - expression: data
)");
  CHECK(template_lines(*linted) ==
        Lines{"10:7: error: templates.main.http.url is required",
              "13:7: error: templates.d.data.source.artifactPaths is required"});
}

TEST_CASE("templates: containerSet needs containers, defined dependencies and no cycles") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    containerSet:
      volumeMounts: []
  - name: deps
    containerSet:
      containers:
      - name: a
        image: alpine
        dependencies: [missing]
  - name: cycle
    containerSet:
      containers:
      - name: a
        image: alpine
        dependencies: [c]
      - name: b
        image: alpine
        dependencies: [a]
      - name: c
        image: alpine
        dependencies: [b]
)");
  CHECK(template_lines(*linted) ==
        Lines{"10:7: error: templates.main.containerSet.containers must have at least one "
              "container",
              "16:24: error: templates.deps.containerSet.containers.a dependency 'missing' not "
              "defined",
              "25:24: error: templates.cycle.containerSet.containers dependency cycle detected: "
              "a->c->b->a"});
}

TEST_CASE("templates: containerSet needs a container named main for inputs or outputs") {
  auto linted = testing::lint_text(one_template(R"(    outputs:
      parameters:
      - name: p
        valueFrom:
          path: /tmp/p
    containerSet:
      containers:
      - name: a
        image: alpine
)"));
  CHECK(template_lines(*linted) ==
        Lines{"15:7: error: templates.main.containerSet: a container named 'main' is required "
              "when the template has input artifacts or outputs"});
}

TEST_CASE("templates: only one loop per step, and withSequence count or end") {
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
        withItems: [1, 2]
        withParam: "[1, 2]"
      - name: b
        template: leaf
        withSequence:
          count: "3"
          end: "5"
  - name: leaf
    container:
      image: alpine
)");
  CHECK(template_lines(*linted) ==
        Lines{"10:9: error: templates.main.steps[0].a: only one of withItems, withParam, "
              "withSequence can be specified",
              "18:16: error: templates.main.steps[0].b.withSequence: only one of count or end "
              "can be specified"});
}

TEST_CASE("templates: dag tasks get the loop checks too") {
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
        withParam: "[1]"
        withSequence:
          count: "2"
  - name: leaf
    container:
      image: alpine
)");
  CHECK(template_lines(*linted) ==
        Lines{"11:9: error: templates.main.tasks.a: only one of withItems, withParam, "
              "withSequence can be specified"});
}

TEST_CASE("templates: a workflow with workflowTemplateRef must not define templates") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  workflowTemplateRef:
    name: lib
  templates:
  - name: main
    container:
      image: alpine
)");
  CHECK(template_lines(*linted) ==
        Lines{"9:5: error: Templates is invalid field in spec if workflow referred "
              "WorkflowTemplate reference"});
}

TEST_CASE("templates: podGC and volumeClaimGC strategies must be known") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  podGC:
    strategy: OnPodFailure
  volumeClaimGC:
    strategy: Never
  templates:
  - name: main
    container:
      image: alpine
)");
  CHECK(template_lines(*linted) ==
        Lines{"8:15: error: podGC.strategy unknown strategy 'OnPodFailure'",
              "10:15: error: volumeClaimGC.strategy unknown strategy 'Never': must be "
              "OnWorkflowSuccess or OnWorkflowCompletion"});
  auto ok = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  podGC:
    strategy: OnWorkflowSuccess
  volumeClaimGC:
    strategy: OnWorkflowCompletion
  templates:
  - name: main
    container:
      image: alpine
)");
  CHECK(template_lines(*ok) == Lines{});
}
