// Decoding of whole documents: metadata, every WorkflowSpec field, CronWorkflow's
// workflowSpec, Kubernetes-only fields, unknown fields and type errors at document level.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/lint_fixture.hpp"

namespace {

using Lines = std::vector<std::string>;

/// "line:col" of a position, to compare several positions at once.
std::string at(const util::SourceLoc& loc) {
  return std::to_string(loc.line) + ":" + std::to_string(loc.column);
}

std::vector<std::string> ignored_paths(const model::Workflow& wf) {
  std::vector<std::string> out;
  for (const model::IgnoredField& field : wf.ignored_fields) {
    out.push_back(field.path + "@" + at(field.loc));
  }
  return out;
}

constexpr const char* k_full_spec = R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: full
  generateName: full-
  namespace: argo
  labels:
    team: a
  annotations:
    note: "x"
  uid: abc
  resourceVersion: "12"
spec:
  entrypoint: main
  arguments:
    parameters:
    - name: p
      value: v
  templates:
  - name: main
    suspend: {}
  - name: exit
    suspend: {}
  templateDefaults:
    timeout: 1m
  onExit: exit
  hooks:
    running:
      expression: workflow.status == "Running"
      template: main
  parallelism: 3
  activeDeadlineSeconds: 600
  retryStrategy:
    limit: 2
  volumes:
  - name: work
    emptyDir: {}
  volumeClaimTemplates:
  - metadata:
      name: claim
    spec:
      accessModes: [ReadWriteOnce]
  volumeClaimGC:
    strategy: OnWorkflowCompletion
  suspend: true
  shutdown: Stop
  serviceAccountName: sa
  priority: 5
  podGC:
    strategy: OnPodSuccess
    deleteDelayDuration: 30s
  ttlStrategy:
    secondsAfterCompletion: 10
  synchronization:
    mutex:
      name: m
  metrics:
    prometheus: []
  workflowMetadata:
    labels: {a: b}
  artifactRepositoryRef:
    key: k
  artifactGC:
    strategy: OnWorkflowDeletion
  securityContext:
    runAsUser: 1000
  hostAliases:
  - ip: 127.0.0.1
  hostNetwork: true
  archiveLogs: true
  podSpecPatch: '{}'
  workflowTemplateRef:
    name: base
    clusterScope: true
)";

}  // namespace

TEST_CASE("decode sets every ObjectMeta field") {
  auto loaded = testing::load_text(k_full_spec);
  REQUIRE(loaded->lines() == Lines{});
  REQUIRE(loaded->documents.size() == 1);
  const model::ObjectMeta& meta = loaded->documents[0].metadata;
  CHECK(at(meta.loc) == "4:3");
  CHECK(meta.name->value == "full");
  CHECK(at(meta.name->loc) == "4:9");
  CHECK(meta.generate_name->value == "full-");
  CHECK(meta.namespace_name->value == "argo");
  CHECK(at(meta.namespace_name->loc) == "6:14");
  REQUIRE(meta.labels.size() == 1);
  CHECK(meta.labels[0].key.value == "team");
  CHECK(at(meta.labels[0].key.loc) == "8:5");
  CHECK(meta.labels[0].value.value == "a");
  CHECK(at(meta.labels[0].value.loc) == "8:11");
  REQUIRE(meta.annotations.size() == 1);
  CHECK(meta.annotations[0].key.value == "note");
  CHECK(meta.annotations[0].value.value == "x");
  CHECK(meta.annotations[0].value.type == model::ScalarType::string);
}

TEST_CASE("decode sets every WorkflowSpec field") {
  auto loaded = testing::load_text(k_full_spec);
  REQUIRE(loaded->lines() == Lines{});
  const model::Workflow& wf = loaded->documents[0];
  const model::WorkflowSpec& spec = wf.spec;
  CHECK(at(spec.loc) == "14:3");
  CHECK(spec.entrypoint->value == "main");
  CHECK(at(spec.entrypoint->loc) == "14:15");
  REQUIRE(spec.arguments.parameters.size() == 1);
  CHECK(spec.arguments.parameters[0].name.value == "p");
  CHECK(spec.arguments.parameters[0].value->value == "v");
  REQUIRE(spec.templates.size() == 2);
  CHECK(spec.templates[1].name.value == "exit");
  CHECK(at(spec.templates[1].loc) == "22:5");
  REQUIRE(spec.template_defaults.has_value());
  CHECK(spec.template_defaults->timeout->value == "1m");
  CHECK(at(spec.template_defaults->loc) == "25:5");
  CHECK(spec.on_exit->value == "exit");
  REQUIRE(spec.hooks.size() == 1);
  CHECK(spec.hooks[0].name.value == "running");
  CHECK(at(spec.hooks[0].name.loc) == "28:5");
  CHECK(spec.hooks[0].expression->value == "workflow.status == \"Running\"");
  CHECK(spec.hooks[0].template_name->value == "main");
  CHECK(spec.parallelism->value == "3");
  CHECK(spec.parallelism->type == model::ScalarType::integer);
  CHECK(at(spec.parallelism->loc) == "31:16");
  CHECK(spec.active_deadline_seconds->value == "600");
  REQUIRE(spec.retry_strategy.has_value());
  CHECK(spec.retry_strategy->limit->value == "2");
  REQUIRE(spec.volumes.size() == 1);
  CHECK(spec.volumes[0].name.value == "work");
  CHECK(spec.volumes[0].source_kind == "emptyDir");
  REQUIRE(spec.volume_claim_templates.size() == 1);
  CHECK(spec.volume_claim_templates[0].name.value == "claim");
  CHECK(at(spec.volume_claim_templates[0].name.loc) == "40:13");
  CHECK(at(spec.volume_claim_templates[0].loc) == "39:5");
  REQUIRE(spec.volume_claim_templates[0].spec.find("accessModes") != nullptr);
  CHECK(model::to_json(spec.volume_claim_templates[0].spec) ==
        R"({"accessModes":["ReadWriteOnce"]})");
  CHECK(spec.volume_claim_gc_strategy->value == "OnWorkflowCompletion");
  CHECK(spec.suspend->is_true());
  CHECK(at(spec.suspend->loc) == "45:12");
  CHECK(spec.shutdown->value == "Stop");
  CHECK(spec.service_account_name->value == "sa");
  CHECK(spec.priority->value == "5");
  CHECK(spec.pod_gc_strategy->value == "OnPodSuccess");
  CHECK(at(spec.pod_gc_strategy->loc) == "50:15");
  REQUIRE(spec.ttl_strategy.has_value());
  CHECK(model::to_json(*spec.ttl_strategy) == R"({"secondsAfterCompletion":10})");
  REQUIRE(spec.synchronization.has_value());
  CHECK(spec.synchronization->find("mutex")->find("name")->text == "m");
  REQUIRE(spec.metrics.has_value());
  REQUIRE(spec.workflow_metadata.has_value());
  CHECK(model::to_json(*spec.workflow_metadata) == R"({"labels":{"a":"b"}})");
  REQUIRE(spec.artifact_repository_ref.has_value());
  CHECK(spec.artifact_repository_ref->find("key")->text == "k");
  REQUIRE(spec.artifact_gc.has_value());
  REQUIRE(spec.security_context.has_value());
  CHECK(at(spec.security_context->loc) == "66:5");
  REQUIRE(spec.host_aliases.size() == 1);
  CHECK(spec.host_aliases[0].find("ip")->text == "127.0.0.1");
  CHECK(spec.host_network);
  CHECK(spec.archive_logs);
  CHECK(spec.pod_spec_patch->value == "{}");
  REQUIRE(spec.workflow_template_ref.has_value());
  CHECK(spec.workflow_template_ref->name.value == "base");
  CHECK(spec.workflow_template_ref->cluster_scope);
  CHECK(at(spec.workflow_template_ref->loc) == "73:5");
}

TEST_CASE("fields flowrun reads but Kubernetes alone honours are recorded with their path") {
  auto loaded = testing::load_text(k_full_spec);
  CHECK(ignored_paths(loaded->documents[0]) ==
        Lines{"spec.serviceAccountName@47:3", "spec.podSpecPatch@71:3"});
}

TEST_CASE("every Kubernetes-only spec field lands in ignored_fields, not in unknown fields") {
  auto loaded = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: k8s
spec:
  entrypoint: main
  automountServiceAccountToken: false
  executor: {serviceAccountName: x}
  nodeSelector: {disk: ssd}
  affinity: {}
  tolerations: []
  schedulerName: s
  podPriorityClassName: p
  podDisruptionBudget: {minAvailable: 1}
  podResources: {}
  resourceClaims: []
  imagePullSecrets: [{name: r}]
  dnsPolicy: None
  dnsConfig: {}
  podMetadata: {labels: {a: b}}
  executorPlugins: []
  templates:
  - name: main
    nodeSelector: {a: b}
    affinity: {}
    tolerations: []
    schedulerName: s
    priorityClassName: p
    automountServiceAccountToken: true
    executor: {}
    podResources: {}
    resourceClaims: []
    container:
      image: alpine
)");
  CHECK(loaded->lines() == Lines{});
  CHECK(ignored_paths(loaded->documents[0]) ==
        Lines{"templates.main.nodeSelector@24:5",
              "templates.main.affinity@25:5",
              "templates.main.tolerations@26:5",
              "templates.main.schedulerName@27:5",
              "templates.main.priorityClassName@28:5",
              "templates.main.automountServiceAccountToken@29:5",
              "templates.main.executor@30:5",
              "templates.main.podResources@31:5",
              "templates.main.resourceClaims@32:5",
              "spec.automountServiceAccountToken@7:3",
              "spec.executor@8:3",
              "spec.nodeSelector@9:3",
              "spec.affinity@10:3",
              "spec.tolerations@11:3",
              "spec.schedulerName@12:3",
              "spec.podPriorityClassName@13:3",
              "spec.podDisruptionBudget@14:3",
              "spec.podResources@15:3",
              "spec.resourceClaims@16:3",
              "spec.imagePullSecrets@17:3",
              "spec.dnsPolicy@18:3",
              "spec.dnsConfig@19:3",
              "spec.podMetadata@20:3",
              "spec.executorPlugins@21:3"});
}

TEST_CASE("a CronWorkflow is decoded from spec.workflowSpec") {
  auto loaded = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: cron
spec:
  schedule: "* * * * *"
  schedules: ["0 * * * *"]
  concurrencyPolicy: Replace
  timezone: UTC
  startingDeadlineSeconds: 0
  successfulJobsHistoryLimit: 1
  failedJobsHistoryLimit: 1
  suspend: false
  stopStrategy: {expression: "false"}
  when: "x"
  workflowMetadata: {labels: {a: b}}
  workflowSpec:
    entrypoint: main
    nodeSelector: {disk: ssd}
    templates:
    - name: main
      container: {image: alpine}
  bogus: 1
)");
  CHECK(loaded->lines() == Lines{"23:3: warning: unknown field \"bogus\" in spec"});
  REQUIRE(loaded->documents.size() == 1);
  const model::Workflow& wf = loaded->documents[0];
  CHECK(wf.kind == model::Kind::cron_workflow);
  CHECK(wf.spec.entrypoint->value == "main");
  CHECK(at(wf.spec.entrypoint->loc) == "18:17");
  CHECK(at(wf.spec.loc) == "18:5");
  REQUIRE(wf.spec.templates.size() == 1);
  CHECK(wf.spec.templates[0].container->image->value == "alpine");
  CHECK(ignored_paths(wf) == Lines{"spec.workflowSpec.nodeSelector@19:5"});
}

TEST_CASE("a CronWorkflow's workflowSpec reports unknown fields with its own path") {
  auto loaded = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata: {name: c}
spec:
  schedule: "@daily"
  workflowSpec:
    entrypoint: main
    entrypiont: typo
)");
  CHECK(loaded->lines() ==
        Lines{"8:5: warning: unknown field \"entrypiont\" in spec.workflowSpec"});
}

TEST_CASE("unknown fields are warnings at the key, naming the object") {
  auto loaded = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
foo: 1
metadata:
  name: u
  nmae: typo
spec:
  entrypoint: main
  podGC:
    strategy: OnPodSuccess
    when: now
  volumeClaimGC: {strategy: OnWorkflowSuccess, extra: 1}
  workflowTemplateRef: {name: a, namespace: b}
  volumeClaimTemplates:
  - metadata: {name: c, uid: x}
    spec: {}
    other: 2
  templates:
  - name: main
    container: {image: alpine}
)");
  CHECK(loaded->lines() ==
        Lines{"6:3: warning: unknown field \"nmae\" in metadata",
              "15:25: warning: unknown field \"uid\" in spec.volumeClaimTemplates[0].metadata",
              "17:5: warning: unknown field \"other\" in spec.volumeClaimTemplates[0]",
              "12:48: warning: unknown field \"extra\" in spec.volumeClaimGC",
              "13:34: warning: unknown field \"namespace\" in spec.workflowTemplateRef",
              "11:5: warning: unknown field \"when\" in spec.podGC",
              "3:1: warning: unknown field \"foo\" in document"});
  for (const model::Diagnostic& d : loaded->diagnostics.all()) {
    CHECK(d.check == "unknown-field");
    CHECK(d.severity == model::Severity::warning);
  }
}

TEST_CASE("status and kind are accepted without a warning") {
  auto loaded = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: s}
spec: {entrypoint: main, templates: [{name: main, suspend: {}}]}
status:
  phase: Succeeded
)");
  CHECK(loaded->lines() == Lines{});
}

TEST_CASE("spec fields of the wrong type are errors naming the path and the type found") {
  auto loaded = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: []
spec:
  entrypoint: [main]
  templates: {}
  arguments: "x"
  volumes: 3
  suspend: "yes"
  hostNetwork: 1
  parallelism: true
  hooks: [a]
  ttlStrategy: [1]
  hostAliases: {}
)");
  CHECK(loaded->lines() ==
        Lines{"3:11: error: metadata must be a mapping, not a list",
              "5:15: error: spec.entrypoint must be a string, not a list",
              "7:14: error: spec.arguments must be a mapping, not a string",
              "6:14: error: spec.templates must be a list, not a mapping",
              "12:10: error: spec.hooks must be a mapping, not a list",
              "11:16: error: spec.parallelism must be an integer or a string, not a boolean",
              "8:12: error: spec.volumes must be a list, not an integer",
              "9:12: error: spec.suspend must be a boolean (true or false), not a string",
              "13:16: error: spec.ttlStrategy must be a mapping, not a list",
              "14:16: error: spec.hostAliases must be a list, not a mapping",
              "10:16: error: spec.hostNetwork must be a boolean (true or false), not an integer"});
  for (const model::Diagnostic& d : loaded->diagnostics.all()) {
    CHECK(d.check == "type");
  }
}

TEST_CASE("a template list item that is not a mapping is a type error") {
  auto loaded = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: t}
spec:
  entrypoint: main
  templates:
  - main
  - [x]
  -
)");
  CHECK(loaded->lines() == Lines{"7:5: error: spec.templates[0] must be a mapping, not a string",
                                 "8:5: error: spec.templates[1] must be a mapping, not a list"});
  CHECK(loaded->documents[0].spec.templates.size() == 3);
}
