// Tests for the reference checks (lib/model/validate_references.cpp): the entrypoint,
// template / templateRef / inline calls, workflowTemplateRef, onExit and lifecycle hooks.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "support/lint_fixture.hpp"

namespace {

/// The diagnostics of `check` only: other groups of checks run too.
std::vector<std::string> lines_of(const testing::Linted& linted, const std::string& check) {
  return linted.lines({check});
}

using Lines = std::vector<std::string>;

/// The WorkflowTemplate `lib` with templates `greet` (input `who`) and `shout`, appended to
/// the documents that call it (it comes after them, so their line numbers do not move).
constexpr const char* k_library = R"(---
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
    - name: shout
      container:
        image: alpine:3.19
)";

}  // namespace

TEST_CASE("references: a step calling an undefined template suggests the closest name") {
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
            template: prnt
    - name: print
      container:
        image: alpine:3.19
)");
  CHECK(lines_of(*linted, "undefined-template") ==
        Lines{"11:23: error: templates.main.steps[0].a: template name 'prnt' undefined (did you "
              "mean 'print'?)"});
}

TEST_CASE("references: no suggestion when no template name is close") {
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
            template: completely-different
    - name: print
      container:
        image: alpine:3.19
)");
  CHECK(lines_of(*linted, "undefined-template") ==
        Lines{"12:23: error: templates.main.tasks.a: template name 'completely-different' "
              "undefined"});
}

TEST_CASE("references: a template name with a {{tag}} is only known at run time") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  arguments:
    parameters:
      - name: which
        value: print
  templates:
    - name: main
      steps:
        - - name: a
            template: "{{workflow.parameters.which}}"
    - name: print
      container:
        image: alpine:3.19
)");
  CHECK(linted->with_check("undefined-template").empty());
}

TEST_CASE("references: references inside an inline template are checked with its path") {
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
              steps:
                - - name: b
                    template: nope
)");
  CHECK(lines_of(*linted, "undefined-template") ==
        Lines{"14:31: error: templates.main.steps[0].a.inline.steps[0].b: template name 'nope' "
              "undefined"});
}

TEST_CASE("references: a step needs one of template, templateRef or inline") {
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
)");
  CHECK(lines_of(*linted, "undefined-template") ==
        Lines{"10:13: error: templates.main.steps[0].a: one of template, templateRef or inline "
              "is required"});
}

TEST_CASE("references: template together with templateRef is an error, as in Argo") {
  auto linted = testing::lint_text(std::string(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - name: a
            template: print
            templateRef:
              name: lib
              template: shout
    - name: print
      container:
        image: alpine:3.19
)") + k_library);
  CHECK(lines_of(*linted, "undefined-template") ==
        Lines{"10:13: error: templates.main.steps[0].a: template name cannot be specified with "
              "templateRef"});
}

TEST_CASE("references: inline together with template is a warning and the inline one runs") {
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
            template: print
            inline:
              container:
                image: alpine:3.19
    - name: print
      container:
        image: alpine:3.19
)");
  CHECK(lines_of(*linted, "undefined-template") ==
        Lines{"10:13: warning: templates.main.steps[0].a: inline is used; its template is "
              "ignored"});
}

TEST_CASE("references: an inline template next to an undefined template name still fails") {
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
            template: nope
            inline:
              container:
                image: alpine:3.19
)");
  CHECK(lines_of(*linted, "undefined-template") ==
        Lines{"10:13: warning: templates.main.steps[0].a: inline is used; its template is "
              "ignored",
              "11:23: error: templates.main.steps[0].a: template name 'nope' undefined"});
}

TEST_CASE("references: templateRef resolves against a WorkflowTemplate in the same text") {
  auto linted = testing::lint_text(std::string(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - name: a
            templateRef:
              name: lib
              template: shout
)") + k_library);
  CHECK(linted->with_check("undefined-template-ref").empty());
  CHECK(linted->with_check("undefined-template").empty());
}

TEST_CASE("references: templateRef to a missing WorkflowTemplate warns by default") {
  const std::string yaml = R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - name: a
            templateRef:
              name: elsewhere
              template: shout
)";
  const std::string message =
      "templates.main.steps[0].a: template reference elsewhere.shout not found: no "
      "WorkflowTemplate named 'elsewhere' in the files given (pass the file that defines it)";
  SECTION("lint: a warning") {
    auto linted = testing::lint_text(yaml);
    CHECK(lines_of(*linted, "undefined-template-ref") == Lines{"12:15: warning: " + message});
  }
  SECTION("run (require_template_refs): an error") {
    model::ValidateOptions options;
    options.require_template_refs = true;
    auto linted = testing::lint_text(yaml, options);
    CHECK(lines_of(*linted, "undefined-template-ref") == Lines{"12:15: error: " + message});
  }
}

TEST_CASE("references: clusterScope looks for a ClusterWorkflowTemplate, not a WorkflowTemplate") {
  auto linted = testing::lint_text(std::string(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - name: a
            templateRef:
              name: lib
              template: shout
              clusterScope: true
)") + k_library);
  CHECK(lines_of(*linted, "undefined-template-ref") ==
        Lines{"12:15: warning: templates.main.steps[0].a: template reference lib.shout not "
              "found: no ClusterWorkflowTemplate named 'lib' in the files given (pass the file "
              "that defines it)"});
}

TEST_CASE("references: a templateRef to a template the WorkflowTemplate lacks is an error") {
  auto linted = testing::lint_text(std::string(R"(apiVersion: argoproj.io/v1alpha1
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
            templateRef:
              name: lib
              template: shot
)") + k_library);
  CHECK(lines_of(*linted, "undefined-template-ref") ==
        Lines{"14:25: error: templates.main.tasks.a: template reference lib.shot not found (did "
              "you mean 'shout'?)"});
}

TEST_CASE("references: templateRef needs both name and template") {
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
            templateRef:
              template: shout
          - name: b
            templateRef:
              name: lib
)");
  CHECK(lines_of(*linted, "undefined-template-ref") ==
        Lines{"12:15: error: templates.main.steps[0].a.templateRef.name is required",
              "15:15: error: templates.main.steps[0].b.templateRef.template is required"});
}

TEST_CASE("references: spec.entrypoint is required in a Workflow") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  templates:
    - name: main
      container:
        image: alpine:3.19
)");
  CHECK(lines_of(*linted, "entrypoint") == Lines{"6:3: error: spec.entrypoint is required"});
}

TEST_CASE("references: a WorkflowTemplate needs no entrypoint") {
  auto linted = testing::lint_text(std::string(k_library).substr(4));  // without "---\n"
  CHECK(linted->with_check("entrypoint").empty());
}

TEST_CASE("references: an undefined entrypoint suggests the closest template") {
  const std::string yaml = R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: mian
  templates:
    - name: main
      container:
        image: alpine:3.19
)";
  SECTION("from spec.entrypoint") {
    auto linted = testing::lint_text(yaml);
    CHECK(lines_of(*linted, "entrypoint") ==
          Lines{"6:15: error: spec.entrypoint: template name 'mian' undefined (did you mean "
                "'main'?)"});
  }
  SECTION("--entrypoint replaces spec.entrypoint and is checked the same way") {
    model::ValidateOptions options;
    options.entrypoint = "man";
    auto linted = testing::lint_text(yaml, options);
    CHECK(lines_of(*linted, "entrypoint") ==
          Lines{"6:15: error: --entrypoint: template name 'man' undefined (did you mean "
                "'main'?)"});
  }
  SECTION("a valid --entrypoint fixes a wrong spec.entrypoint") {
    model::ValidateOptions options;
    options.entrypoint = "main";
    auto linted = testing::lint_text(yaml, options);
    CHECK(linted->with_check("entrypoint").empty());
  }
}

TEST_CASE("references: an undefined spec.onExit is an error at the name") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  onExit: cleanup
  templates:
    - name: main
      container:
        image: alpine:3.19
    - name: clean-up
      container:
        image: alpine:3.19
)");
  CHECK(lines_of(*linted, "undefined-template") ==
        Lines{"7:11: error: spec.onExit: template name 'cleanup' undefined (did you mean "
              "'clean-up'?)"});
}

TEST_CASE("references: a step's deprecated onExit must name a template") {
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
            onExit: missing
    - name: work
      container:
        image: alpine:3.19
)");
  CHECK(lines_of(*linted, "undefined-template") ==
        Lines{"12:21: error: templates.main.steps[0].a.onExit: template name 'missing' "
              "undefined"});
}

TEST_CASE("references: an exit hook needs no expression, a named hook does") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  hooks:
    exit:
      template: work
    running:
      template: work
  templates:
    - name: main
      steps:
        - - name: a
            template: work
            hooks:
              exit:
                template: work
              started:
                template: work
    - name: work
      container:
        image: alpine:3.19
)");
  // Argo's wording: "<where>.<hook> Expression required", where is "hooks" at workflow level.
  CHECK(lines_of(*linted, "hook-expression") ==
        Lines{"10:5: error: hooks.running Expression required",
              "20:15: error: templates.main.steps[0].a.started Expression required"});
  CHECK(linted->with_check("undefined-template").empty());
}

TEST_CASE("references: a named hook with an expression is fine, on tasks too") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  hooks:
    running:
      expression: workflow.status == "Running"
      template: work
  templates:
    - name: main
      dag:
        tasks:
          - name: a
            template: work
            hooks:
              started:
                expression: tasks.a.status == "Running"
                template: work
              failed:
                template: work
    - name: work
      container:
        image: alpine:3.19
)");
  CHECK(lines_of(*linted, "hook-expression") ==
        Lines{"21:15: error: templates.main.tasks.a.failed Expression required"});
}

TEST_CASE("references: a hook must call a template that exists") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  hooks:
    exit:
      template: wrok
    other:
      expression: "true"
  templates:
    - name: main
      container:
        image: alpine:3.19
    - name: work
      container:
        image: alpine:3.19
)");
  CHECK(lines_of(*linted, "undefined-template") ==
        Lines{"9:17: error: spec.hooks.exit: template name 'wrok' undefined (did you mean "
              "'work'?)",
              "11:7: error: spec.hooks.other: one of template, templateRef or inline is "
              "required"});
}

TEST_CASE("references: workflowTemplateRef takes templates and entrypoint from the template") {
  auto linted = testing::lint_text(std::string(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  workflowTemplateRef:
    name: runner
  onExit: tidy
---
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: runner
spec:
  entrypoint: go
  templates:
    - name: go
      container:
        image: alpine:3.19
    - name: tidy
      container:
        image: alpine:3.19
)"));
  CHECK(linted->with_check("entrypoint").empty());
  CHECK(linted->with_check("undefined-template").empty());
  CHECK(linted->with_check("undefined-template-ref").empty());
}

TEST_CASE("references: workflowTemplateRef to a document that is not loaded") {
  const std::string yaml = R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  workflowTemplateRef:
    name: runner
  onExit: tidy
)";
  const std::string message =
      "spec.workflowTemplateRef: WorkflowTemplate 'runner' not found in the files given (pass "
      "the file that defines it)";
  SECTION("lint: a warning, and onExit cannot be checked") {
    auto linted = testing::lint_text(yaml);
    CHECK(lines_of(*linted, "undefined-template-ref") == Lines{"7:11: warning: " + message});
    CHECK(linted->with_check("undefined-template").empty());
    CHECK(linted->with_check("entrypoint").empty());
  }
  SECTION("run: an error") {
    model::ValidateOptions options;
    options.require_template_refs = true;
    auto linted = testing::lint_text(yaml, options);
    CHECK(lines_of(*linted, "undefined-template-ref") == Lines{"7:11: error: " + message});
  }
}

TEST_CASE("references: workflowTemplateRef with an entrypoint the template lacks") {
  auto linted = testing::lint_text(std::string(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: shot
  workflowTemplateRef:
    name: lib
)") + k_library);
  CHECK(lines_of(*linted, "entrypoint") ==
        Lines{"6:15: error: spec.workflowTemplateRef: template reference lib.shot not found (did "
              "you mean 'shout'?)"});
}

TEST_CASE("references: workflowTemplateRef when neither document sets an entrypoint") {
  auto linted = testing::lint_text(std::string(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  workflowTemplateRef:
    name: lib
)") + k_library);
  CHECK(lines_of(*linted, "entrypoint") ==
        Lines{"7:11: error: spec.entrypoint is required (neither this workflow nor "
              "WorkflowTemplate 'lib' sets one)"});
}
