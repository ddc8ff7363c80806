// Tests for the Kubernetes-only field warnings (lib/model/validate_kubernetes_fields.cpp):
// fields flowrun reads but cannot honour locally are named, with their path, once each.
#include <algorithm>
#include <filesystem>
#include <set>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include "util/file.hpp"

#include "support/lint_fixture.hpp"

namespace {

using Lines = std::vector<std::string>;

/// "line:col: severity: message" for the k8s-only diagnostics only.
Lines k8s_lines(const testing::Linted& linted) {
  Lines out;
  for (const model::Diagnostic& d : linted.with_check("k8s-only")) {
    out.push_back(fmt::format("{}:{}: {}: {}", d.loc.line, d.loc.column,
                              model::to_string(d.severity), d.message));
  }
  return out;
}

std::string ignored(const std::string& path) {
  return path + " only has an effect on Kubernetes; flowrun ignores it when running locally";
}

}  // namespace

TEST_CASE("k8s fields: a plain workflow gets no Kubernetes warning") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
    - name: main
      container:
        image: alpine:3.19
)");
  CHECK(linted->with_check("k8s-only").empty());
}

TEST_CASE("k8s fields: nodeSelector at spec and template level warns with its path") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  nodeSelector:
    kubernetes.io/arch: amd64
  templates:
    - name: main
      nodeSelector:
        kubernetes.io/os: linux
      container:
        image: alpine:3.19
)");
  const Lines lines = k8s_lines(*linted);
  // The order follows decoding; what matters is that each field is named exactly once.
  CHECK(lines.size() == 2);
  CHECK(std::count(lines.begin(), lines.end(), "7:3: warning: " + ignored("spec.nodeSelector")) ==
        1);
  CHECK(std::count(lines.begin(), lines.end(),
                   "11:7: warning: " + ignored("templates.main.nodeSelector")) == 1);
  // Read as a known field: not also reported as unknown.
  CHECK(linted->with_check("unknown-field").empty());
}

TEST_CASE("k8s fields: a container probe warns with the container's path") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
    - name: main
      container:
        image: alpine:3.19
        livenessProbe:
          exec:
            command: [true]
      sidecars:
        - name: db
          image: postgres:16
          startupProbe:
            tcpSocket:
              port: 5432
)");
  CHECK(k8s_lines(*linted) ==
        Lines{"11:9: warning: " + ignored("templates.main.container.livenessProbe"),
              "17:11: warning: " + ignored("templates.main.sidecars[0].startupProbe")});
}

TEST_CASE("k8s fields: pod-level plumbing on spec and templates is named field by field") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  serviceAccountName: runner
  tolerations:
    - key: dedicated
      operator: Exists
  imagePullSecrets:
    - name: registry
  templates:
    - name: main
      affinity: {}
      podSpecPatch: '{"terminationGracePeriodSeconds": 5}'
      container:
        image: alpine:3.19
)");
  const Lines lines = k8s_lines(*linted);
  const Lines expected = {
      "7:3: warning: " + ignored("spec.serviceAccountName"),
      "8:3: warning: " + ignored("spec.tolerations"),
      "11:3: warning: " + ignored("spec.imagePullSecrets"),
      "15:7: warning: " + ignored("templates.main.affinity"),
      "16:7: warning: " + ignored("templates.main.podSpecPatch"),
  };
  CHECK(lines.size() == expected.size());
  for (const std::string& line : expected) {
    INFO(line);
    CHECK(std::count(lines.begin(), lines.end(), line) == 1);
  }
}

TEST_CASE("k8s fields: a CronWorkflow's workflowSpec fields carry its path") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: cron
spec:
  schedule: "0 * * * *"
  workflowSpec:
    entrypoint: main
    nodeSelector:
      disk: ssd
    templates:
      - name: main
        container:
          image: alpine:3.19
)");
  CHECK(k8s_lines(*linted) == Lines{"9:5: warning: " + ignored("spec.workflowSpec.nodeSelector")});
}

TEST_CASE("k8s fields: a Kubernetes-only field is a warning, never an error") {
  auto linted = testing::lint_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  schedulerName: my-scheduler
  templates:
    - name: main
      container:
        image: alpine:3.19
)");
  CHECK(k8s_lines(*linted) == Lines{"7:3: warning: " + ignored("spec.schedulerName")});
  CHECK(linted->with_check("unknown-field").empty());
}

// Argo's own examples are valid Argo: none of the reference, argument or Kubernetes-field
// checks (validate_references.cpp, validate_arguments.cpp, this file's) may report an error on
// them. Hidden (run with "[.corpus]"); skipped when ../shared/argo is not there.
TEST_CASE("argo examples: no reference, argument or k8s-field errors", "[.corpus]") {
  namespace fs = std::filesystem;
  const fs::path root = fs::path(FLOWRUN_SOURCE_DIR) / ".." / "shared" / "argo" / "examples";
  if (!fs::is_directory(root)) {
    WARN("skipped: " << root.string() << " is not there");
    return;
  }
  const std::set<std::string> checks = {"undefined-template", "undefined-template-ref",
                                        "entrypoint",         "hook-expression",
                                        "parameter-value",    "enum",
                                        "input-not-supplied", "k8s-only"};
  std::vector<std::string> paths;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const std::string ext = entry.path().extension().string();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) {
      paths.push_back(entry.path().string());
    }
  }
  std::sort(paths.begin(), paths.end());
  REQUIRE(paths.size() > 100);
  // As `flowrun lint DIR`: every file is loaded first, so templateRefs resolve across files.
  util::SourceSet sources;
  model::Diagnostics load_diagnostics;
  std::vector<std::vector<model::Workflow>> files;
  for (const std::string& path : paths) {
    auto text = util::read_text_file(path, 1 << 22);
    REQUIRE(text.ok());
    files.push_back(model::load_documents(sources.add(path, *text), load_diagnostics));
  }
  model::TemplateLibrary library;
  for (const auto& documents : files) {
    library.add_all(documents);
  }
  model::Diagnostics diagnostics;
  for (const auto& documents : files) {
    for (const model::Workflow& document : documents) {
      model::validate(document, library, {}, diagnostics);
    }
  }
  std::vector<std::string> errors;
  for (const model::Diagnostic& d : diagnostics.all()) {
    if (d.severity == model::Severity::error && checks.count(d.check) > 0) {
      errors.push_back(fmt::format("{}: [{}] {}", d.loc.to_string(), d.check, d.message));
    }
  }
  for (const std::string& e : errors) {
    UNSCOPED_INFO(e);
  }
  CHECK(errors.empty());
}
