// The preflight's pod checks: volume kinds, env sources and probes a local engine cannot
// give, and secrets or configMaps that are not available here, each at its position.
#include <catch2/catch.hpp>

#include "engine/preflight.hpp"

#include "support/preflight_fixture.hpp"

namespace {

/// Knows one secret, `db`, with one key, `user`.
class OneSecret final : public engine::LocalObjects {
 public:
  util::Result<std::string> value(engine::ObjectKind kind, const std::string& name,
                                  const std::string& key) const override {
    if (kind == engine::ObjectKind::secret && name == "db" && key == "user") {
      return std::string("app");
    }
    return util::make_error(util::ErrorCode::invalid_input,
                            "couldn't find key " + key + " in " + name);
  }
  util::Result<std::vector<std::string>> keys(engine::ObjectKind kind,
                                              const std::string& name) const override {
    if (kind == engine::ObjectKind::secret && name == "db") {
      return std::vector<std::string>{"user"};
    }
    return util::make_error(util::ErrorCode::invalid_input, name + " not found");
  }
  util::Result<std::string> directory(engine::ObjectKind kind,
                                      const std::string& name) const override {
    auto found = keys(kind, name);
    if (!found) {
      return found.error();
    }
    return "/secrets/" + name;
  }
};

std::vector<std::string> lines(const std::string& yaml, const engine::LocalObjects* objects) {
  engine::PreflightOptions options;
  options.objects = objects;
  return testing::preflight_lines(yaml, options);
}

const char* const k_yaml = R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  volumes:
  - name: cloud
    awsElasticBlockStore: {volumeID: vol-1}
  templates:
  - name: main
    volumes:
    - name: creds
      secret: {secretName: db}
    - name: settings
      configMap: {name: app, items: [{key: a, path: a}]}
    - name: scratch
      emptyDir: {}
    sidecars:
    - name: side
      image: busybox
      readinessProbe:
        grpc: {port: 9000}
    container:
      image: busybox
      env:
      - name: USER
        valueFrom:
          secretKeyRef: {name: db, key: user}
      - name: TOKEN
        valueFrom:
          secretKeyRef: {name: api, key: token, optional: true}
      - name: CPU
        valueFrom:
          resourceFieldRef: {resource: limits.cpu}
      - name: IP
        valueFrom:
          fieldRef: {fieldPath: status.podIP}
      - name: DYNAMIC
        valueFrom:
          secretKeyRef: {name: "{{workflow.name}}", key: k}
)";

}  // namespace

TEST_CASE("preflight pods: what a local engine cannot give, at its position",
          "[engine][preflight]") {
  const OneSecret objects;
  CHECK(lines(k_yaml, &objects) ==
        std::vector<std::string>{
            "8:5: awsElasticBlockStore volumes (cloud) is not supported by this version of flowrun",
            "16:37: configMap volume items is not supported by this version of flowrun",
            "23:9: a readinessProbe without exec, httpGet or tcpSocket is not supported by this "
            "version of flowrun",
            "35:11: env valueFrom resourceFieldRef is not supported by this version of flowrun",
            "38:21: env fieldRef 'status.podIP' is not supported by this version of flowrun"});
}

TEST_CASE("preflight pods: without local secrets, each use says how to supply them",
          "[engine][preflight]") {
  const std::vector<std::string> found = lines(k_yaml, nullptr);
  REQUIRE(found.size() == 7);
  CHECK(found[1] ==
        "14:15: secret \"db\" is needed but no local secrets are configured: pass "
        "--secrets-dir DIR (files DIR/<secret>/<key>)");
  CHECK(found[4] ==
        "29:25: secret \"db\" is needed but no local secrets are configured: pass "
        "--secrets-dir DIR (files DIR/<secret>/<key>)");
}
