// Decoding of templates: every type block (resource, data, suspend, http, containerSet,
// plugin ...), every template-level field, the type fields seen, and template errors.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/lint_fixture.hpp"

namespace {

using Lines = std::vector<std::string>;

std::string at(const util::SourceLoc& loc) {
  return std::to_string(loc.line) + ":" + std::to_string(loc.column);
}

std::vector<std::string> values(const std::vector<model::Scalar>& scalars) {
  std::vector<std::string> out;
  for (const model::Scalar& s : scalars) {
    out.push_back(s.value);
  }
  return out;
}

constexpr const char* k_templates = R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: t}
spec:
  entrypoint: all
  templates:
  - name: all
    container:
      image: alpine
    script:
      image: python
      source: print(1)
    resource:
      action: create
      mergeStrategy: json
      manifest: |
        apiVersion: v1
        kind: ConfigMap
      manifestFrom:
        artifact:
          name: m
          path: /m.yaml
      setOwnerReference: true
      successCondition: status.phase == Done
      failureCondition: status.phase == Failed
      flags: [--validate=false]
    data:
      source:
        artifactPaths:
          name: p
          s3: {bucket: b}
      transformation:
      - expression: filter(data, {# endsWith "main.log"})
      - expression: map(data, {# + ".gz"})
    suspend:
      duration: "20"
    http:
      url: https://example.com
      method: POST
      headers:
      - name: X-A
        value: a
      - name: X-B
        valueFrom:
          secretKeyRef: {name: s, key: k}
      body: "{}"
      bodyFrom:
        bytes: e30=
      timeoutSeconds: 30
      insecureSkipVerify: true
      successCondition: response.statusCode == 201
    steps:
    - - name: s1
        template: other
    dag:
      target: t1
      failFast: false
      tasks:
      - name: t1
        template: other
    containerSet:
      volumeMounts:
      - name: w
        mountPath: /w
      retryStrategy:
        retries: 2
        duration: 5s
      containers:
      - name: a
        image: alpine
    plugin:
      hello: {}
  - name: other
    inputs:
      parameters: [{name: x}]
    outputs:
      parameters: [{name: y, valueFrom: {path: /y}}]
    container:
      image: alpine
    daemon: true
    sidecars: [{name: s, image: nginx}]
    initContainers: [{name: i, image: busybox}]
    volumes: [{name: v, emptyDir: {}}]
    parallelism: 2
    failFast: true
    retryStrategy: {limit: "3"}
    timeout: 10s
    activeDeadlineSeconds: "{{inputs.parameters.x}}"
    pendingTimeout: 1m
    memoize:
      key: "{{inputs.parameters.x}}"
      maxAge: 1h
      cache:
        configMap:
          name: cache
          key: k
    synchronization:
      semaphore: {configMapKeyRef: {name: s, key: k}}
    metrics:
      prometheus: [{name: m, help: h, counter: {value: "1"}}]
    metadata:
      labels: {l: v}
      annotations: {a: b}
    annotations: {c: d}
    archiveLocation:
      archiveLogs: true
    securityContext: {runAsNonRoot: true}
    hostAliases: [{ip: 10.0.0.1}]
    serviceAccountName: sa
    podSpecPatch: '{"x": 1}'
)";

const model::Template& template_named(const testing::Linted& loaded, const std::string& name) {
  const model::Template* t = loaded.documents.at(0).find_template(name);
  REQUIRE(t != nullptr);
  return *t;
}

}  // namespace

TEST_CASE("every type field of a template is recorded in order with its key position") {
  auto loaded = testing::load_text(k_templates);
  REQUIRE(loaded->lines() == Lines{});
  const model::Template& t = template_named(*loaded, "all");
  std::vector<std::string> seen;
  for (const model::TypeField& field : t.type_fields) {
    seen.push_back(std::string(model::to_string(field.type)) + "@" + at(field.loc));
  }
  CHECK(seen == Lines{"container@8:5", "script@10:5", "resource@13:5", "data@27:5", "suspend@35:5",
                      "http@37:5", "steps@52:5", "dag@55:5", "containerSet@61:5", "plugin@71:5"});
  // Several types: no single type.
  CHECK(t.type() == model::TemplateType::none);
  CHECK(template_named(*loaded, "other").type() == model::TemplateType::container);
}

TEST_CASE("decode sets every ResourceTemplate field") {
  auto loaded = testing::load_text(k_templates);
  const model::Template& t = template_named(*loaded, "all");
  REQUIRE(t.resource.has_value());
  const model::ResourceTemplate& r = *t.resource;
  CHECK(at(r.loc) == "14:7");
  CHECK(r.action->value == "create");
  CHECK(at(r.action->loc) == "14:15");
  CHECK(r.merge_strategy->value == "json");
  CHECK(r.manifest->value == "apiVersion: v1\nkind: ConfigMap\n");
  REQUIRE(r.manifest_from.has_value());
  CHECK(r.manifest_from->name.value == "m");
  CHECK(r.manifest_from->path->value == "/m.yaml");
  CHECK(r.set_owner_reference);
  CHECK(r.success_condition->value == "status.phase == Done");
  CHECK(r.failure_condition->value == "status.phase == Failed");
  CHECK(values(r.flags) == Lines{"--validate=false"});
}

TEST_CASE("decode sets every DataTemplate field") {
  auto loaded = testing::load_text(k_templates);
  const model::Template& t = template_named(*loaded, "all");
  REQUIRE(t.data.has_value());
  CHECK(at(t.data->loc) == "28:7");
  REQUIRE(t.data->artifact_paths.has_value());
  CHECK(t.data->artifact_paths->name.value == "p");
  CHECK(t.data->artifact_paths->location_kind == "s3");
  CHECK(values(t.data->transformations) ==
        Lines{"filter(data, {# endsWith \"main.log\"})", "map(data, {# + \".gz\"})"});
  CHECK(at(t.data->transformations[1].loc) == "34:21");
}

TEST_CASE("decode sets every SuspendTemplate field") {
  auto loaded = testing::load_text(k_templates);
  const model::Template& t = template_named(*loaded, "all");
  REQUIRE(t.suspend.has_value());
  CHECK(at(t.suspend->loc) == "36:7");
  CHECK(t.suspend->duration->value == "20");
  CHECK(t.suspend->duration->type == model::ScalarType::string);
  CHECK(at(t.suspend->duration->loc) == "36:17");
}

TEST_CASE("decode sets every HttpTemplate and HttpHeader field") {
  auto loaded = testing::load_text(k_templates);
  const model::Template& t = template_named(*loaded, "all");
  REQUIRE(t.http.has_value());
  const model::HttpTemplate& h = *t.http;
  CHECK(at(h.loc) == "38:7");
  CHECK(h.url->value == "https://example.com");
  CHECK(h.method->value == "POST");
  REQUIRE(h.headers.size() == 2);
  CHECK(at(h.headers[0].loc) == "41:9");
  CHECK(h.headers[0].name.value == "X-A");
  CHECK(h.headers[0].value->value == "a");
  CHECK_FALSE(h.headers[0].value_from.has_value());
  CHECK(h.headers[1].name.value == "X-B");
  REQUIRE(h.headers[1].value_from.has_value());
  CHECK(h.headers[1].value_from->find("secretKeyRef") != nullptr);
  CHECK(h.body->value == "{}");
  CHECK(h.body_from_bytes->value == "e30=");
  CHECK(h.timeout_seconds->value == "30");
  CHECK(h.timeout_seconds->type == model::ScalarType::integer);
  CHECK(h.insecure_skip_verify);
  CHECK(h.success_condition->value == "response.statusCode == 201");
}

TEST_CASE("decode sets every ContainerSetTemplate and ContainerSetRetry field") {
  auto loaded = testing::load_text(k_templates);
  const model::Template& t = template_named(*loaded, "all");
  REQUIRE(t.container_set.has_value());
  const model::ContainerSetTemplate& set = *t.container_set;
  CHECK(at(set.loc) == "62:7");
  REQUIRE(set.volume_mounts.size() == 1);
  CHECK(set.volume_mounts[0].mount_path.value == "/w");
  REQUIRE(set.retry_strategy.has_value());
  CHECK(at(set.retry_strategy->loc) == "66:9");
  CHECK(set.retry_strategy->retries->value == "2");
  CHECK(set.retry_strategy->duration->value == "5s");
  REQUIRE(set.containers.size() == 1);
  CHECK(set.containers[0].name->value == "a");
}

TEST_CASE("decode keeps steps, dag and plugin blocks of a template") {
  auto loaded = testing::load_text(k_templates);
  const model::Template& t = template_named(*loaded, "all");
  REQUIRE(t.steps.has_value());
  CHECK(at(t.steps_loc) == "53:5");
  REQUIRE(t.steps->size() == 1);
  CHECK((*t.steps)[0].steps.at(0).name.value == "s1");
  REQUIRE(t.dag.has_value());
  CHECK(t.dag->tasks.at(0).name.value == "t1");
  REQUIRE(t.plugin.has_value());
  CHECK(model::to_json(*t.plugin) == R"({"hello":{}})");
  REQUIRE(t.container.has_value());
  REQUIRE(t.script.has_value());
  CHECK(t.script->source->value == "print(1)");
}

TEST_CASE("decode sets every template-level field") {
  auto loaded = testing::load_text(k_templates);
  REQUIRE(loaded->lines() == Lines{});
  const model::Template& t = template_named(*loaded, "other");
  CHECK(at(t.loc) == "73:5");
  CHECK(at(t.name.loc) == "73:11");
  REQUIRE(t.inputs.parameters.size() == 1);
  CHECK(t.inputs.parameters[0].name.value == "x");
  REQUIRE(t.outputs.parameters.size() == 1);
  CHECK(t.outputs.parameters[0].value_from->path->value == "/y");
  CHECK(t.daemon);
  REQUIRE(t.sidecars.size() == 1);
  CHECK(t.sidecars[0].image->value == "nginx");
  REQUIRE(t.init_containers.size() == 1);
  CHECK(t.init_containers[0].name->value == "i");
  REQUIRE(t.volumes.size() == 1);
  CHECK(t.volumes[0].source_kind == "emptyDir");
  CHECK(t.parallelism->value == "2");
  CHECK(at(t.parallelism->loc) == "84:18");
  REQUIRE(t.fail_fast.has_value());
  CHECK(t.fail_fast->is_true());
  REQUIRE(t.retry_strategy.has_value());
  CHECK(t.retry_strategy->limit->value == "3");
  CHECK(t.retry_strategy->limit->type == model::ScalarType::string);
  CHECK(t.timeout->value == "10s");
  CHECK(t.active_deadline_seconds->value == "{{inputs.parameters.x}}");
  REQUIRE(t.memoize.has_value());
  CHECK(at(t.memoize->loc) == "91:7");
  CHECK(t.memoize->key->value == "{{inputs.parameters.x}}");
  CHECK(t.memoize->max_age->value == "1h");
  CHECK(t.memoize->cache_config_map_name->value == "cache");
  CHECK(at(t.memoize->cache_config_map_name->loc) == "95:17");
  REQUIRE(t.synchronization.has_value());
  CHECK(t.synchronization->find("semaphore") != nullptr);
  REQUIRE(t.metrics.has_value());
  CHECK(t.metrics->find("prometheus")->items.size() == 1);
  REQUIRE(t.labels.size() == 1);
  CHECK(t.labels[0].key.value == "l");
  CHECK(t.labels[0].value.value == "v");
  REQUIRE(t.annotations.size() == 2);
  CHECK(t.annotations[0].key.value == "a");
  CHECK(t.annotations[1].key.value == "c");
  CHECK(at(t.annotations[1].key.loc) == "104:19");
  REQUIRE(t.archive_location.has_value());
  CHECK(t.archive_location->find("archiveLogs")->text == "true");
  REQUIRE(t.security_context.has_value());
  REQUIRE(t.host_aliases.size() == 1);
  CHECK(t.host_aliases[0].find("ip")->text == "10.0.0.1");
  CHECK(t.service_account_name->value == "sa");
  CHECK(t.pod_spec_patch->value == R"({"x": 1})");
  std::vector<std::string> ignored;
  for (const model::IgnoredField& field : loaded->documents[0].ignored_fields) {
    ignored.push_back(field.path + "@" + at(field.loc));
  }
  CHECK(ignored ==
        Lines{"templates.other.serviceAccountName@109:5", "templates.other.podSpecPatch@110:5"});
}

TEST_CASE("a null type field is not a type, and suspend: {} is one") {
  auto loaded = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: n}
spec:
  entrypoint: a
  templates:
  - name: a
    container: ~
    suspend: {}
  - name: b
    container:
)");
  CHECK(loaded->lines() == Lines{});
  const model::Template& a = template_named(*loaded, "a");
  REQUIRE(a.type_fields.size() == 1);
  CHECK(a.type() == model::TemplateType::suspend);
  CHECK(at(a.type_fields[0].loc) == "9:5");
  CHECK_FALSE(a.container.has_value());
  REQUIRE(a.suspend.has_value());
  CHECK_FALSE(a.suspend->duration.has_value());
  CHECK(template_named(*loaded, "b").type() == model::TemplateType::none);
}

TEST_CASE("a quoted \"yes\" where a boolean is required is an error, as in Kubernetes") {
  auto loaded = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: b}
spec:
  entrypoint: main
  templates:
  - name: main
    daemon: "yes"
    failFast: 1
    http:
      url: x
      insecureSkipVerify: yes
    resource:
      setOwnerReference: "true"
    container: {image: alpine}
)");
  CHECK(loaded->lines() ==
        Lines{"14:26: error: templates.main.resource.setOwnerReference must be a boolean (true or "
              "false), not a string",
              "8:13: error: templates.main.daemon must be a boolean (true or false), not a string",
              "9:15: error: templates.main.failFast must be a boolean (true or false), not an "
              "integer"});
  // An unquoted YAML 1.1 `yes` is a boolean.
  CHECK(template_named(*loaded, "main").http->insecure_skip_verify);
}

TEST_CASE("template fields of the wrong type are errors naming the template") {
  auto loaded = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: w}
spec:
  entrypoint: main
  templates:
  - name: main
    steps: {a: 1}
    dag: [x]
    suspend: 5s
    inputs: []
    parallelism: [1]
    memoize: {key: k, cache: []}
    metadata: {labels: [a]}
    timeout: {a: b}
  - name: [not, a, name]
    container: {image: alpine}
)");
  CHECK(loaded->lines() ==
        Lines{"10:14: error: templates.main.suspend must be a mapping, not a string",
              "8:12: error: templates.main.steps must be a list, not a mapping",
              "9:10: error: templates.main.dag must be a mapping, not a list",
              "11:13: error: templates.main.inputs must be a mapping, not a list",
              "12:18: error: templates.main.parallelism must be an integer or a string, not a list",
              "15:14: error: templates.main.timeout must be an integer or a string, not a mapping",
              "13:30: error: templates.main.memoize.cache must be a mapping, not a list",
              "14:24: error: templates.main.metadata.labels must be a mapping, not a list",
              "16:11: error: spec.templates[1].name must be a string, not a list"});
}

TEST_CASE("unknown fields inside type blocks are warnings with the block's path") {
  auto loaded = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: u}
spec:
  entrypoint: main
  templates:
  - name: main
    suspend: {duration: 1m, durration: 2m}
    http:
      url: x
      headers: [{name: a, vaule: b}]
      bodyFrom: {bytes: x, text: y}
    resource:
      action: get
      manifestFrom: {artifact: {name: a}, other: 1}
    data:
      source: {artifactPaths: {name: p}, s3: {}}
      transformation: [{expression: x, filter: y}]
    containerSet:
      retryStrategy: {retries: 1, limit: 2}
      containers: [{name: a, image: b}]
    memoize:
      key: k
      cache: {configMap: {name: c, ttl: 1}, redis: {}}
    metadata: {labels: {}, namespace: x}
    templateRef: {name: x}
)");
  CHECK(
      loaded->lines() ==
      Lines{"15:43: warning: unknown field \"other\" in templates.main.resource.manifestFrom",
            "17:42: warning: unknown field \"s3\" in templates.main.data.source",
            "18:40: warning: unknown field \"filter\" in templates.main.data.transformation[0]",
            "8:29: warning: unknown field \"durration\" in templates.main.suspend",
            "11:27: warning: unknown field \"vaule\" in templates.main.http.headers[0]",
            "12:28: warning: unknown field \"text\" in templates.main.http.bodyFrom",
            "20:35: warning: unknown field \"limit\" in templates.main.containerSet.retryStrategy",
            "24:36: warning: unknown field \"ttl\" in templates.main.memoize.cache.configMap",
            "24:45: warning: unknown field \"redis\" in templates.main.memoize.cache",
            "25:28: warning: unknown field \"namespace\" in templates.main.metadata",
            "26:5: warning: unknown field \"templateRef\" in templates.main"});
}
