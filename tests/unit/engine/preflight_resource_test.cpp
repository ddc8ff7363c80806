// The preflight of resource templates: refused with their position when no backend is
// configured, when the backend cannot do the manifest's kind or action, and for outputs
// flowrun cannot evaluate; nothing starts.
#include "engine/preflight_resource.hpp"

#include <catch2/catch.hpp>

#include "support/preflight_fixture.hpp"

namespace {

/// Does Pods and ConfigMaps, create and delete only.
class LocalKinds final : public engine::ResourceBackend {
 public:
  std::string describe() const override { return "local"; }
  std::optional<std::string> unsupported(const std::string& action, const std::string& api,
                                         const std::string& kind) const override {
    if (kind != "Pod" && kind != "ConfigMap") {
      return "kind " + kind + " (" + api + ") is not supported locally";
    }
    if (action == "patch") {
      return std::string("action patch is not supported locally");
    }
    return std::nullopt;
  }
  util::Result<engine::ResourceObject> execute(const engine::ResourceAction&,
                                               const std::atomic<bool>&) override {
    return engine::ResourceObject{};
  }
  util::Result<engine::ResourceObject> get(const engine::ResourceObject& object) override {
    return object;
  }
  std::vector<std::string> delete_owned() override { return {}; }
};

std::vector<std::string> preflight_lines(const std::string& yaml,
                                         const engine::ResourceBackend* backend) {
  engine::PreflightOptions options;
  options.resources = backend;
  return testing::preflight_lines(yaml, options);
}

const char* const k_workflow = R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: pod, template: pod}
    - - {name: job, template: job}
    - - {name: cleanup, template: cleanup}
    - - {name: patch, template: patch}
  - name: pod
    resource:
      action: create
      manifest: |
        apiVersion: v1
        kind: Pod
        metadata:
          name: "{{workflow.name}}-x"
    outputs:
      parameters:
      - name: name
        valueFrom: {jsonPath: '{.metadata.name}'}
      - name: all
        valueFrom: {jqFilter: '.items[] | .name'}
  - name: job
    resource:
      action: create
      manifest: |
        apiVersion: batch/v1
        kind: Job
        metadata: {generateName: j-}
  - name: cleanup
    resource:
      action: delete
      flags: [configmap, --selector, cleanup=true]
  - name: patch
    resource:
      action: patch
      flags: [pod, x]
      manifest: |
        metadata: {labels: {a: b}}
)";

}  // namespace

TEST_CASE("preflight resource: no backend refuses every resource template at `resource:`") {
  CHECK(
      preflight_lines(k_workflow, nullptr) ==
      std::vector<std::string>{
          "14:5: resource templates need Podman (podman kube play) or a cluster (--kube-context)",
          "28:5: resource templates need Podman (podman kube play) or a cluster (--kube-context)",
          "35:5: resource templates need Podman (podman kube play) or a cluster (--kube-context)",
          "39:5: resource templates need Podman (podman kube play) or a cluster (--kube-context)"});
}

TEST_CASE("preflight resource: the backend's kinds and actions, and the jq subset") {
  const LocalKinds backend;
  CHECK(preflight_lines(k_workflow, &backend) ==
        std::vector<std::string>{
            "26:31: jqFilter '.items[] | .name' is not supported by this version of flowrun (only "
            "'.' and paths such as '.metadata.name'; use jsonPath)",
            "30:17: kind Job (batch/v1) is not supported locally",
            "41:15: action patch is not supported locally"});
}

TEST_CASE("preflight resource: kind names in flags and tags in manifests") {
  CHECK(engine::kind_from_resource_name("pods") == "Pod");
  CHECK(engine::kind_from_resource_name("cm") == "ConfigMap");
  CHECK(engine::kind_from_resource_name("PVC") == "PersistentVolumeClaim");
  CHECK(engine::kind_from_resource_name("jobs.batch") == "Job");
  CHECK(engine::kind_from_resource_name("tfjobs") == "tfjobs");
  CHECK(engine::blank_tags("name: {{inputs.parameters.x}}-{{workflow.name}}\n") == "name: x-x\n");
  CHECK(engine::blank_tags("a {{ unclosed") == "a {{ unclosed");
}
