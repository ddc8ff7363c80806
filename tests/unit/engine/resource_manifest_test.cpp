// Resource manifests and the resource outputs: kubectl JSONPath templates and the jq subset.
#include "engine/resource_manifest.hpp"

#include <catch2/catch.hpp>

namespace {

const char* const k_object =
    R"({"kind":"Pod","metadata":{"name":"sleeper-x1","uid":"u-1","labels":{"app":"a"}},)"
    R"("spec":{"containers":[{"name":"main","image":"busybox"}]},"status":{"phase":"Running"}})";

std::string json_path(std::string_view path) {
  auto value = engine::evaluate_json_path(k_object, path);
  REQUIRE(value.ok());
  return value.value();
}

std::string jq(std::string_view filter) {
  auto value = engine::evaluate_jq_filter(k_object, filter);
  REQUIRE(value.ok());
  return value.value();
}

}  // namespace

TEST_CASE("resource manifest: kind, names and JSON of a YAML manifest") {
  auto info = engine::read_manifest(R"(apiVersion: v1
kind: ConfigMap
metadata:
  generateName: owned-eg-
data:
  some: value
  count: 3
)");
  REQUIRE(info.ok());
  CHECK(info->api_version == "v1");
  CHECK(info->kind == "ConfigMap");
  CHECK(info->name.empty());
  CHECK(info->generate_name == "owned-eg-");
  CHECK(info->json ==
        R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"owned-eg-"},)"
        R"("data":{"some":"value","count":3}})");
}

TEST_CASE("resource manifest: a JSON patch list has no kind; bad YAML is an error") {
  auto patch = engine::read_manifest("- op: add\n  path: /metadata/labels/foo\n  value: bar\n");
  REQUIRE(patch.ok());
  CHECK(patch->kind.empty());
  CHECK(patch->json == R"([{"op":"add","path":"/metadata/labels/foo","value":"bar"}])");
  CHECK_FALSE(engine::read_manifest("kind: [Pod\n").ok());
  CHECK_FALSE(engine::read_manifest("").ok());
}

TEST_CASE("resource outputs: kubectl JSONPath templates print as kubectl does") {
  CHECK(json_path("{.metadata.name}") == "sleeper-x1");
  CHECK(json_path("{.metadata.uid}") == "u-1");
  CHECK(json_path("name={.metadata.name} phase={.status.phase}") ==
        "name=sleeper-x1 phase=Running");
  CHECK(json_path("{.spec.containers[0].image}") == "busybox");
  CHECK(json_path("{.metadata.labels}") == R"({"app":"a"})");
  auto range = engine::evaluate_json_path(k_object, "{range .items[*]}{.name}{end}");
  REQUIRE_FALSE(range.ok());
  CHECK(range.error().message ==
        "jsonpath '{range .items[*]}{.name}{end}': {range} is not supported by this version of "
        "flowrun");
}

TEST_CASE("resource outputs: the jq subset (jq -rc)") {
  CHECK(engine::jq_filter_supported("."));
  CHECK(engine::jq_filter_supported(".metadata.name"));
  CHECK(engine::jq_filter_supported(".spec.containers[0].image"));
  CHECK_FALSE(engine::jq_filter_supported(".items[] | .name"));
  CHECK_FALSE(engine::jq_filter_supported("keys"));
  CHECK_FALSE(engine::jq_filter_supported(".a..b"));
  CHECK(jq(".metadata.name") == "sleeper-x1");
  CHECK(jq(".spec.containers[0].image") == "busybox");
  CHECK(jq(".metadata.labels") == R"({"app":"a"})");
  CHECK(jq(".metadata.missing") == "null");
  CHECK(jq(".").rfind(R"({"kind":"Pod","metadata":)", 0) == 0);
  auto refused = engine::evaluate_jq_filter(k_object, "keys");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().message == "jqFilter 'keys' is not supported by this version of flowrun");
}
