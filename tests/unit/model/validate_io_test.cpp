// Tests of the input/output declaration checks (lib/model/validate_io.cpp): output parameter
// sources per template type, artifact paths and `from`. At the end, a hidden corpus test that
// runs Argo's examples through the four check groups of validate_{names,templates,durations,
// io}.cpp.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "support/lint_fixture.hpp"

namespace {

using Lines = std::vector<std::string>;

/// "line:col: severity: message" of the diagnostics of the io checks only, so checks that
/// other files add (variables, dag ...) cannot disturb these tests.
Lines io_lines(const testing::Linted& linted) {
  static const std::set<std::string> k_checks = {"output-parameter", "artifact-path",
                                                 "artifact-from"};
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

/// The check ids of validate_names/templates/durations/io.cpp (for the corpus test).
const std::set<std::string> k_group_checks = {"name-required",
                                              "invalid-name",
                                              "duplicate-name",
                                              "name-too-long",
                                              "reserved-name",
                                              "template-type",
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
                                              "volume-claim-gc",
                                              "invalid-duration",
                                              "leaf-only",
                                              "invalid-value",
                                              "steps-dag-only",
                                              "invalid-retry-policy",
                                              "invalid-retry-limit",
                                              "output-parameter",
                                              "artifact-path",
                                              "artifact-from"};

}  // namespace

TEST_CASE("io: valid outputs of every kind of template have no diagnostics at all") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: gen
        template: gen
      - name: approve
        template: approve
    outputs:
      parameters:
      - name: p
        valueFrom:
          parameter: "{{steps.gen.outputs.parameters.p}}"
      - name: q
        valueFrom:
          expression: "steps.approve.outputs.parameters.ok"
      - name: fixed
        value: "1"
      artifacts:
      - name: a
        from: "{{steps.gen.outputs.artifacts.a}}"
  - name: gen
    inputs:
      artifacts:
      - name: in
        path: /tmp/in..txt
        raw:
          data: x
    outputs:
      parameters:
      - name: p
        valueFrom:
          path: /tmp/p
          default: none
      artifacts:
      - name: a
        path: /tmp/a
    container:
      image: alpine
  - name: approve
    suspend: {}
    outputs:
      parameters:
      - name: ok
        valueFrom:
          supplied: {}
)");
  CHECK(linted->lines() == Lines{});
}

TEST_CASE("io: an output parameter needs valueFrom or a value, on every template type") {
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
    container:
      image: alpine
  - name: approve
    suspend: {}
    outputs:
      parameters:
      - name: choice
)");
  CHECK(io_lines(*linted) ==
        Lines{"11:9: error: templates.main.outputs.parameters.p: valueFrom is required (or a "
              "literal value)",
              "18:9: error: templates.approve.outputs.parameters.choice: valueFrom is required (or "
              "a literal value)"});
}

TEST_CASE("io: value and valueFrom together") {
  auto linted = testing::lint_text(one_template(R"(    outputs:
      parameters:
      - name: p
        value: x
        valueFrom:
          path: /tmp/p
    container:
      image: alpine
)"));
  CHECK(io_lines(*linted) == Lines{"12:16: error: templates.main.outputs.parameters.p: value and "
                                   "valueFrom are mutually exclusive"});
}

TEST_CASE("io: valueFrom needs a source; default alone is only a fallback") {
  auto linted = testing::lint_text(one_template(R"(    outputs:
      parameters:
      - name: p
        valueFrom:
          default: x
    container:
      image: alpine
)"));
  CHECK(io_lines(*linted) ==
        Lines{"13:11: error: templates.main.outputs.parameters.p.valueFrom: one of path, "
              "jqFilter, jsonPath, parameter, expression or supplied must be specified"});
}

TEST_CASE("io: valueFrom with more than one source") {
  auto linted = testing::lint_text(one_template(R"(    outputs:
      parameters:
      - name: p
        valueFrom:
          path: /tmp/p
          expression: "1"
    container:
      image: alpine
)"));
  CHECK(io_lines(*linted) ==
        Lines{"13:11: error: templates.main.outputs.parameters.p.valueFrom: only one of path, "
              "jqFilter, jsonPath, parameter, expression or supplied may be specified"});
}

TEST_CASE("io: container, script and containerSet outputs come from a path") {
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
        valueFrom:
          expression: "1"
    container:
      image: alpine
  - name: s
    outputs:
      parameters:
      - name: p
        valueFrom:
          supplied: {}
    script:
      image: alpine
      source: echo
  - name: set
    outputs:
      parameters:
      - name: p
        valueFrom:
          jsonPath: "{.x}"
    containerSet:
      containers:
      - name: main
        image: alpine
)");
  CHECK(io_lines(*linted) ==
        Lines{"13:11: error: templates.main.outputs.parameters.p.valueFrom.path must be "
              "specified for container templates",
              "21:11: error: templates.s.outputs.parameters.p.valueFrom.path must be specified "
              "for script templates",
              "30:11: error: templates.set.outputs.parameters.p.valueFrom.path must be specified "
              "for containerSet templates"});
}

TEST_CASE("io: resource outputs come from jsonPath or jqFilter") {
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
        valueFrom:
          path: /tmp/p
    resource:
      action: get
  - name: ok
    outputs:
      parameters:
      - name: p
        valueFrom:
          jqFilter: .metadata.name
    resource:
      action: get
)");
  CHECK(io_lines(*linted) ==
        Lines{"13:11: error: templates.main.outputs.parameters.p.valueFrom: jsonPath or jqFilter "
              "must be specified for resource templates"});
}

TEST_CASE("io: steps and dag outputs come from a parameter or an expression") {
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
        valueFrom:
          supplied: {}
    steps:
    - - name: a
        template: d
  - name: d
    outputs:
      parameters:
      - name: p
        valueFrom:
          path: /tmp/p
    dag:
      tasks:
      - name: a
        template: leaf
  - name: leaf
    container:
      image: alpine
)");
  CHECK(io_lines(*linted) ==
        Lines{"13:11: error: templates.main.outputs.parameters.p.valueFrom: parameter or "
              "expression must be specified for steps templates",
              "22:11: error: templates.d.outputs.parameters.p.valueFrom: parameter or expression "
              "must be specified for dag templates"});
}

TEST_CASE("io: artifact paths only in leaf templates (not steps, dag or suspend)") {
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
      - name: in
        path: /tmp/in
    steps:
    - - name: a
        template: d
  - name: d
    outputs:
      artifacts:
      - name: out
        path: /tmp/out
    dag:
      tasks:
      - name: a
        template: s
  - name: s
    inputs:
      artifacts:
      - name: in
        path: /tmp/in
    suspend: {}
)");
  CHECK(io_lines(*linted) ==
        Lines{"12:15: error: templates.main.inputs.artifacts.in.path only valid in "
              "container/script templates",
              "20:15: error: templates.d.outputs.artifacts.out.path only valid in "
              "container/script templates",
              "29:15: error: templates.s.inputs.artifacts.in.path only valid in container/script "
              "templates"});
}

TEST_CASE("io: artifact paths must not climb with '..'") {
  auto linted = testing::lint_text(one_template(R"(    inputs:
      artifacts:
      - name: a
        path: /tmp/../etc/passwd
        raw:
          data: x
      - name: b
        path: ../b
        raw:
          data: x
      - name: c
        path: /tmp/a..b/c..
        raw:
          data: x
    outputs:
      artifacts:
      - name: d
        path: /tmp/out/..
    container:
      image: alpine
)"));
  CHECK(io_lines(*linted) ==
        Lines{"26:15: error: templates.main.outputs.artifacts.d.path '/tmp/out/..' must not "
              "contain '..'",
              "12:15: error: templates.main.inputs.artifacts.a.path '/tmp/../etc/passwd' must not "
              "contain '..'",
              "16:15: error: templates.main.inputs.artifacts.b.path '../b' must not contain '..'"});
}

TEST_CASE("io: output artifacts of pod templates need a path") {
  auto linted = testing::lint_text(one_template(R"(    outputs:
      artifacts:
      - name: a
        s3:
          key: out.tgz
      - name: b
        fromExpression: "inputs.artifacts.x"
    container:
      image: alpine
)"));
  CHECK(io_lines(*linted) ==
        Lines{"11:9: error: templates.main.outputs.artifacts.a.path is required"});
}

TEST_CASE("io: from and fromExpression, and from in inputs") {
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
      - name: a
        from: "{{steps.s.outputs.artifacts.a}}"
        fromExpression: "steps.s.outputs.artifacts.a"
    steps:
    - - name: s
        template: leaf
  - name: leaf
    inputs:
      artifacts:
      - name: in
        path: /tmp/in
        from: "{{workflow.outputs.artifacts.x}}"
    container:
      image: alpine
)");
  CHECK(io_lines(*linted) ==
        Lines{"13:25: error: templates.main.outputs.artifacts.a: from and fromExpression are "
              "mutually exclusive",
              "22:15: error: templates.leaf.inputs.artifacts.in.from not valid in inputs"});
}

TEST_CASE("io: inline templates are checked with their step's path") {
  auto linted = testing::lint_text(one_template(R"(    steps:
    - - name: s
        inline:
          outputs:
            parameters:
            - name: p
          container:
            image: alpine
)"));
  CHECK(io_lines(*linted) ==
        Lines{"14:15: error: templates.main.steps[0].s.inline.outputs.parameters.p: valueFrom is "
              "required (or a literal value)"});
}

// Hidden (run it with `flowrun_tests "[.corpus]"`): Argo's examples are valid Argo, so none of
// these four groups may report an error on them. The examples are read from ../shared/argo
// next to the repository; without them the test checks nothing and says so.
TEST_CASE("Argo examples pass the names/templates/durations/io checks", "[.corpus]") {
  namespace fs = std::filesystem;
  const fs::path root = fs::path(FLOWRUN_SOURCE_DIR) / ".." / "shared" / "argo" / "examples";
  if (!fs::is_directory(root)) {
    WARN("Argo examples not found at " << root.string() << ": nothing checked");
    return;
  }
  std::vector<fs::path> files;
  for (const fs::directory_entry& entry : fs::recursive_directory_iterator(root)) {
    const std::string ext = entry.path().extension().string();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  REQUIRE(files.size() > 100);
  std::vector<std::string> problems;
  for (const fs::path& file : files) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    auto linted = testing::lint_text(text.str());
    for (const model::Diagnostic& d : linted->diagnostics.all()) {
      if (d.severity == model::Severity::error && k_group_checks.count(d.check) > 0) {
        problems.push_back(fs::relative(file, root).string() + ":" + std::to_string(d.loc.line) +
                           ":" + std::to_string(d.loc.column) + ": [" + d.check + "] " + d.message);
      }
    }
  }
  for (const std::string& p : problems) {
    UNSCOPED_INFO(p);
  }
  CHECK(problems.empty());
}
