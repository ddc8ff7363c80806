// How the engine turns a template's Kubernetes fields into the executor's PodRequest:
// containers, volumes, env sources, probes; and the node errors when a pod cannot be built.
#include <map>

#include <catch2/catch.hpp>

#include "engine/local_objects.hpp"

#include "support/engine_fixture.hpp"

namespace {

/// Secrets and configMaps from a map: "secret/name/key" -> value.
class MapObjects final : public engine::LocalObjects {
 public:
  explicit MapObjects(std::map<std::string, std::string> values) : m_values(std::move(values)) {}
  util::Result<std::string> value(engine::ObjectKind kind, const std::string& name,
                                  const std::string& key) const override {
    auto it = m_values.find(prefix(kind, name) + key);
    if (it == m_values.end()) {
      return util::make_error(util::ErrorCode::invalid_input, "no " + prefix(kind, name) + key);
    }
    return it->second;
  }
  util::Result<std::vector<std::string>> keys(engine::ObjectKind kind,
                                              const std::string& name) const override {
    std::vector<std::string> out;
    const std::string start = prefix(kind, name);
    for (const auto& [path, value] : m_values) {
      if (path.rfind(start, 0) == 0) {
        out.push_back(path.substr(start.size()));
      }
    }
    if (out.empty()) {
      return util::make_error(util::ErrorCode::invalid_input, "no " + start);
    }
    return out;
  }
  util::Result<std::string> directory(engine::ObjectKind kind,
                                      const std::string& name) const override {
    return "/objects/" + prefix(kind, name);
  }

 private:
  static std::string prefix(engine::ObjectKind kind, const std::string& name) {
    return std::string(engine::object_word(kind)) + "/" + name + "/";
  }
  std::map<std::string, std::string> m_values;
};

const char* const k_pod_yaml = R"yaml(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  volumeClaimTemplates:
  - metadata:
      name: work
  volumes:
  - name: shared-host
    hostPath:
      path: /srv/data
  templates:
  - name: main
    inputs:
      parameters:
      - name: size
        value: 64Mi
    volumes:
    - name: scratch
      emptyDir: {}
    - name: creds
      secret:
        secretName: db
    initContainers:
    - name: prep
      image: busybox
      command: [touch, /scratch/x]
      volumeMounts:
      - {name: scratch, mountPath: /scratch}
    sidecars:
    - name: web
      image: nginx
      mirrorVolumeMounts: true
    container:
      image: busybox
      imagePullPolicy: Never
      env:
      - name: USER
        valueFrom:
          secretKeyRef: {name: db, key: user}
      - name: POD
        valueFrom:
          fieldRef: {fieldPath: metadata.name}
      - name: GREETING
        value: "hi $(USER)"
      command: [echo, "$(GREETING)", "$(UNKNOWN)"]
      securityContext:
        runAsUser: 1000
        runAsGroup: 100
        readOnlyRootFilesystem: true
      resources:
        limits: {cpu: 250m, memory: "{{inputs.parameters.size}}"}
      volumeMounts:
      - {name: scratch, mountPath: /scratch}
      - {name: work, mountPath: /work, subPath: sub}
      - {name: creds, mountPath: /creds}
      - {name: shared-host, mountPath: /host, readOnly: true}
      readinessProbe:
        tcpSocket: {port: 5432}
        periodSeconds: 2
)yaml";

}  // namespace

TEST_CASE("pod spec: containers, env sources, limits, volumes and probes", "[engine][pod]") {
  testing::EngineRun run(k_pod_yaml);
  MapObjects objects(std::map<std::string, std::string>{{"secret/db/user", "app"}});
  run.request.objects = &objects;
  run.run();
  REQUIRE(run.executor.requests().size() == 1);
  const engine::PodRequest& pod = run.executor.requests().front();
  const engine::ContainerSpec& main = pod.main;
  CHECK(main.name == "main");
  CHECK_FALSE(pod.run_network);  // no daemon in the workflow: the engine's default network
  CHECK(main.pull == "never");
  CHECK(main.env == std::vector<std::pair<std::string, std::string>>{
                        {"USER", "app"}, {"POD", pod.pod_name}, {"GREETING", "hi app"}});
  CHECK(main.command == std::vector<std::string>{"echo", "hi app", "$(UNKNOWN)"});
  CHECK(main.user == "1000:100");
  CHECK(main.read_only_root);
  CHECK_FALSE(main.privileged);
  CHECK(main.cpu_limit == "0.25");
  CHECK(main.memory_limit == "67108864");
  REQUIRE(main.mounts.size() == 4);
  CHECK(main.mounts[1].sub_path == "sub");
  CHECK(main.mounts[3].read_only);
  REQUIRE(main.readiness_probe);
  CHECK(main.readiness_probe->kind == engine::ProbeSpec::Kind::tcp_socket);
  CHECK(main.readiness_probe->port == 5432);
  CHECK(main.readiness_probe->period_seconds == 2);
  REQUIRE(pod.init_containers.size() == 1);
  CHECK(pod.init_containers[0].name == "prep");
  REQUIRE(pod.sidecars.size() == 1);
  CHECK(pod.sidecars[0].name == "web");
  CHECK(pod.sidecars[0].mounts.size() == 4);  // mirrorVolumeMounts
  REQUIRE(pod.volumes.size() == 4);           // sorted by name
  CHECK(pod.volumes[0].name == "creds");
  CHECK(pod.volumes[0].kind == engine::VolumeKind::host_path);
  CHECK(pod.volumes[0].source == "/objects/secret/db/");
  CHECK(pod.volumes[0].read_only);
  CHECK(pod.volumes[1].name == "scratch");
  CHECK(pod.volumes[1].kind == engine::VolumeKind::empty_dir);
  CHECK(pod.volumes[2].name == "shared-host");
  CHECK(pod.volumes[2].kind == engine::VolumeKind::host_path);
  CHECK(pod.volumes[2].source == "/srv/data");
  CHECK(pod.volumes[3].name == "work");
  CHECK(pod.volumes[3].kind == engine::VolumeKind::claim);
}

TEST_CASE("pod spec: a pod that cannot be built errors its node, nothing starts", "[engine][pod]") {
  SECTION("a missing secret key") {
    testing::EngineRun run(k_pod_yaml);
    MapObjects objects(std::map<std::string, std::string>{{"secret/db/password", "x"}});
    run.request.objects = &objects;
    run.run();
    CHECK(run.executor.requests().empty());
    CHECK(run.summary() == std::vector<std::string>{"wf Error no secret/db/user"});
  }
  SECTION("no local objects at all") {
    testing::EngineRun run(k_pod_yaml);
    run.run();
    CHECK(run.executor.requests().empty());
    CHECK(run.summary() ==
          std::vector<std::string>{
              "wf Error secret \"db\" not found: no local secrets are configured"});
  }
}
