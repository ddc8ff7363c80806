// Decoding of containers (main, script, sidecar, init and containerSet members), env vars,
// volume mounts and volumes: every field, roles, Kubernetes-only fields and errors.
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

constexpr const char* k_container = R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: c}
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      name: main
      image: alpine:3.19
      command: [sh, -c]
      args: ["echo {{inputs.parameters.x}}", 42]
      workingDir: /work
      imagePullPolicy: IfNotPresent
      env:
      - name: A
        value: "1"
      - name: B
        valueFrom:
          secretKeyRef: {name: s, key: k}
      envFrom:
      - configMapRef: {name: cm}
      volumeMounts:
      - name: work
        mountPath: /work
        readOnly: true
        subPath: sub
        subPathExpr: $(X)
        mountPropagation: None
      resources:
        limits: {memory: 1Gi}
      securityContext:
        privileged: false
      readinessProbe:
        exec: {command: ["true"]}
      ports:
      - containerPort: 80
      livenessProbe: {}
      startupProbe: {}
      lifecycle: {}
      stdin: false
      stdinOnce: false
      tty: false
      terminationMessagePath: /dev/log
      terminationMessagePolicy: File
      volumeDevices: []
      resizePolicy: []
      restartPolicy: Always
      restartPolicyRules: []
    volumes:
    - name: work
      emptyDir: {}
    - name: cfg
      configMap: {name: cm}
    - name: claim
      persistentVolumeClaim: {claimName: c}
)";

}  // namespace

TEST_CASE("decode sets every Container field") {
  auto loaded = testing::load_text(k_container);
  REQUIRE(loaded->lines() == Lines{});
  const model::Template& t = loaded->documents.at(0).spec.templates.at(0);
  REQUIRE(t.container.has_value());
  const model::Container& c = *t.container;
  CHECK(at(c.loc) == "9:7");
  CHECK(c.name->value == "main");
  CHECK(c.image->value == "alpine:3.19");
  CHECK(at(c.image->loc) == "10:14");
  CHECK(c.has_command);
  CHECK(values(c.command) == Lines{"sh", "-c"});
  CHECK(at(c.command[1].loc) == "11:21");
  CHECK(c.has_args);
  CHECK(values(c.args) == Lines{"echo {{inputs.parameters.x}}", "42"});
  CHECK(c.args[1].type == model::ScalarType::integer);
  CHECK(c.working_dir->value == "/work");
  CHECK(c.image_pull_policy->value == "IfNotPresent");
  REQUIRE(c.env_from.size() == 1);
  CHECK(model::to_json(c.env_from[0]) == R"({"configMapRef":{"name":"cm"}})");
  REQUIRE(c.resources.has_value());
  CHECK(model::to_json(*c.resources) == R"({"limits":{"memory":"1Gi"}})");
  REQUIRE(c.security_context.has_value());
  CHECK(c.security_context->find("privileged")->text == "false");
  REQUIRE(c.readiness_probe.has_value());
  CHECK(at(c.readiness_probe->loc) == "35:9");
  REQUIRE(c.ports.has_value());
  REQUIRE(c.ports->items.size() == 1);
  CHECK(c.ports->items[0].find("containerPort")->text == "80");
  // Role-specific fields stay empty for a main container.
  CHECK_FALSE(c.source.has_value());
  CHECK_FALSE(c.mirror_volume_mounts);
  CHECK(c.dependencies.empty());
}

TEST_CASE("decode sets every EnvVar field") {
  auto loaded = testing::load_text(k_container);
  const model::Container& c = *loaded->documents.at(0).spec.templates.at(0).container;
  REQUIRE(c.env.size() == 2);
  CHECK(at(c.env[0].loc) == "16:9");
  CHECK(c.env[0].name.value == "A");
  CHECK(at(c.env[0].name.loc) == "16:15");
  CHECK(c.env[0].value->value == "1");
  CHECK_FALSE(c.env[0].value_from.has_value());
  CHECK(c.env[1].name.value == "B");
  CHECK_FALSE(c.env[1].value.has_value());
  REQUIRE(c.env[1].value_from.has_value());
  CHECK(model::to_json(*c.env[1].value_from) == R"({"secretKeyRef":{"key":"k","name":"s"}})");
}

TEST_CASE("decode sets every VolumeMount field") {
  auto loaded = testing::load_text(k_container);
  const model::Container& c = *loaded->documents.at(0).spec.templates.at(0).container;
  REQUIRE(c.volume_mounts.size() == 1);
  const model::VolumeMount& m = c.volume_mounts[0];
  CHECK(at(m.loc) == "24:9");
  CHECK(m.name.value == "work");
  CHECK(m.mount_path.value == "/work");
  CHECK(at(m.mount_path.loc) == "25:20");
  CHECK(m.read_only);
  CHECK(m.sub_path->value == "sub");
}

TEST_CASE("decode sets every Volume field") {
  auto loaded = testing::load_text(k_container);
  const model::Template& t = loaded->documents.at(0).spec.templates.at(0);
  REQUIRE(t.volumes.size() == 3);
  CHECK(at(t.volumes[0].loc) == "51:7");
  CHECK(t.volumes[0].name.value == "work");
  CHECK(at(t.volumes[0].name.loc) == "51:13");
  CHECK(t.volumes[0].source_kind == "emptyDir");
  CHECK(model::to_json(t.volumes[0].source) == "{}");
  CHECK(t.volumes[1].source_kind == "configMap");
  CHECK(t.volumes[1].source.find("name")->text == "cm");
  CHECK(t.volumes[2].source_kind == "persistentVolumeClaim");
  CHECK(at(t.volumes[2].source.loc) == "56:30");
}

TEST_CASE("Kubernetes-only container fields are recorded, not reported as unknown") {
  auto loaded = testing::load_text(k_container);
  std::vector<std::string> paths;
  for (const model::IgnoredField& field : loaded->documents.at(0).ignored_fields) {
    paths.push_back(field.path + "@" + at(field.loc));
  }
  CHECK(paths ==
        Lines{"templates.main.container.volumeMounts[0].mountPropagation@29:9",
              "templates.main.container.livenessProbe@38:7",
              "templates.main.container.startupProbe@39:7",
              "templates.main.container.lifecycle@40:7", "templates.main.container.stdin@41:7",
              "templates.main.container.stdinOnce@42:7", "templates.main.container.tty@43:7",
              "templates.main.container.terminationMessagePath@44:7",
              "templates.main.container.terminationMessagePolicy@45:7",
              "templates.main.container.volumeDevices@46:7",
              "templates.main.container.resizePolicy@47:7",
              "templates.main.container.restartPolicy@48:7",
              "templates.main.container.restartPolicyRules@49:7"});
}

TEST_CASE("each container role knows its own extra fields only") {
  auto loaded = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: roles}
spec:
  entrypoint: script
  templates:
  - name: script
    script:
      image: python
      command: [python]
      source: |
        print("hi")
      dependencies: [x]
    sidecars:
    - name: side
      image: nginx
      mirrorVolumeMounts: true
      source: x
    initContainers:
    - name: init
      image: busybox
      mirrorVolumeMounts: false
      dependencies: []
  - name: set
    containerSet:
      containers:
      - name: a
        image: alpine
        dependencies: [b, c]
        mirrorVolumeMounts: true
      - name: b
        image: alpine
        source: y
  - name: main
    container:
      image: alpine
      source: z
      mirrorVolumeMounts: true
)");
  CHECK(loaded->lines() ==
        Lines{"13:7: warning: unknown field \"dependencies\" in templates.script.script",
              "18:7: warning: unknown field \"source\" in templates.script.sidecars[0]",
              "23:7: warning: unknown field \"dependencies\" in templates.script.initContainers[0]",
              "30:9: warning: unknown field \"mirrorVolumeMounts\" in "
              "templates.set.containerSet.containers[0]",
              "33:9: warning: unknown field \"source\" in templates.set.containerSet.containers[1]",
              "37:7: warning: unknown field \"source\" in templates.main.container",
              "38:7: warning: unknown field \"mirrorVolumeMounts\" in templates.main.container"});
  const auto& templates = loaded->documents.at(0).spec.templates;
  REQUIRE(templates.size() == 3);
  REQUIRE(templates[0].script.has_value());
  CHECK(templates[0].script->source->value == "print(\"hi\")\n");
  CHECK(at(templates[0].script->source->loc) == "11:15");
  CHECK_FALSE(templates[0].container.has_value());
  REQUIRE(templates[0].sidecars.size() == 1);
  CHECK(templates[0].sidecars[0].name->value == "side");
  CHECK(templates[0].sidecars[0].mirror_volume_mounts);
  REQUIRE(templates[0].init_containers.size() == 1);
  CHECK(templates[0].init_containers[0].image->value == "busybox");
  CHECK_FALSE(templates[0].init_containers[0].mirror_volume_mounts);
  const auto& members = templates[1].container_set->containers;
  REQUIRE(members.size() == 2);
  CHECK(values(members[0].dependencies) == Lines{"b", "c"});
  CHECK(members[1].dependencies.empty());
}

TEST_CASE("command and args distinguish absent from empty") {
  auto loaded = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: e}
spec:
  entrypoint: a
  templates:
  - name: a
    container: {image: alpine, command: []}
)");
  const model::Container& c = *loaded->documents.at(0).spec.templates.at(0).container;
  CHECK(c.has_command);
  CHECK(c.command.empty());
  CHECK_FALSE(c.has_args);
}

TEST_CASE("a volume with two sources, or that is not a mapping, is an error") {
  auto loaded = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: v}
spec:
  entrypoint: main
  volumes:
  - name: both
    emptyDir: {}
    hostPath: {path: /x}
  - just-a-name
  templates:
  - name: main
    container: {image: alpine}
)");
  CHECK(loaded->lines() ==
        Lines{"9:5: error: spec.volumes[0] has more than one source (emptyDir and hostPath)",
              "10:5: error: spec.volumes[1] must be a mapping, not a string"});
  CHECK(loaded->with_check("volume-source").size() == 1);
  const auto& volumes = loaded->documents.at(0).spec.volumes;
  REQUIRE(volumes.size() == 2);
  CHECK(volumes[0].source_kind == "emptyDir");
}

TEST_CASE("container fields of the wrong type are errors") {
  auto loaded = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: t}
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: [alpine]
      command: sh
      args: [[a], b]
      env: {A: "1"}
      volumeMounts:
      - name: w
        mountPath: /w
        readOnly: "true"
      resources: 1Gi
      ports: {http: 80}
      envFrom: x
    sidecars: {name: s}
)");
  CHECK(loaded->lines() ==
        Lines{"9:14: error: templates.main.container.image must be a string, not a list",
              "10:16: error: templates.main.container.command must be a list of strings, not a "
              "string",
              "11:14: error: templates.main.container.args[0] must be a string, not a list",
              "12:12: error: templates.main.container.env must be a list, not a mapping",
              "19:16: error: templates.main.container.envFrom must be a list, not a string",
              "16:19: error: templates.main.container.volumeMounts[0].readOnly must be a boolean "
              "(true or false), not a string",
              "17:18: error: templates.main.container.resources must be a mapping, not a string",
              "18:14: error: templates.main.container.ports must be a list, not a mapping",
              "20:15: error: templates.main.sidecars must be a list, not a mapping"});
}

TEST_CASE("unknown env and volume mount fields are warnings") {
  auto loaded = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: u}
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: alpine
      env:
      - {name: A, value: b, valeu: c}
      volumeMounts:
      - {name: w, mountPath: /w, readonly: true}
    volumes:
    - {name: w, emptyDir: {}}
)");
  CHECK(loaded->lines() ==
        Lines{"11:29: warning: unknown field \"valeu\" in templates.main.container.env[0]",
              "13:34: warning: unknown field \"readonly\" in "
              "templates.main.container.volumeMounts[0]"});
}
