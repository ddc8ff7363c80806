// The preflight's data template checks (preflight_data.hpp): data templates run, except on
// locations the local artifact repository cannot list, each refused at its position.
#include <catch2/catch.hpp>

#include "engine/preflight.hpp"

#include "support/lint_fixture.hpp"

namespace {

/// "line:col: message" for each refusal in a workflow whose entrypoint is a data template
/// with `artifact_paths` (one line of YAML, at line 10).
std::vector<std::string> refusals(const std::string& artifact_paths) {
  const auto linted = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: d}
spec:
  entrypoint: list
  templates:
  - name: list
    data:
      source:
        artifactPaths: )" + artifact_paths +
                                         R"(
      transformation:
      - expression: 'filter(data, {# endsWith ".pdf"})'
)");
  REQUIRE(!linted->documents.empty());
  std::vector<std::string> out;
  for (const engine::Unsupported& found :
       engine::preflight(linted->documents.front(), nullptr, "")) {
    out.push_back(std::to_string(found.loc.line) + ":" + std::to_string(found.loc.column) + ": " +
                  found.message);
  }
  return out;
}

using Lines = std::vector<std::string>;

}  // namespace

TEST_CASE("preflight data: bucket and key-only locations of listable kinds run") {
  CHECK(refusals("{s3: {bucket: my-bucket, endpoint: minio:9000}}").empty());
  CHECK(refusals("{name: x, s3: {key: logs}}").empty());
  CHECK(refusals("{gcs: {bucket: b, key: k}}").empty());
  CHECK(refusals("{oss: {bucket: b, key: k}}").empty());
  CHECK(refusals("{azure: {container: c, blob: k}}").empty());
  // Templated fields are checked when the run has substituted them.
  CHECK(refusals("{s3: {bucket: b, key: '{{workflow.parameters.dir}}'}}").empty());
}

TEST_CASE("preflight data: locations that are not places in a repository are refused") {
  const std::string listable =
      ": only s3, gcs, oss and azure locations map to the local artifact repository";
  CHECK(refusals("{http: {url: 'https://example.com/x'}}") ==
        Lines{"10:31: data artifactPaths on http is not supported by this version of flowrun" +
              listable});
  CHECK(refusals("{git: {repo: 'https://example.com/r.git'}}") ==
        Lines{"10:30: data artifactPaths on git is not supported by this version of flowrun" +
              listable});
  CHECK(refusals("{raw: {data: x}}") ==
        Lines{"10:30: data artifactPaths on raw is not supported by this version of flowrun" +
              listable});
  CHECK(refusals("{artifactory: {url: 'https://example.com/a'}}") ==
        Lines{"10:38: data artifactPaths on artifactory is not supported by this version of "
              "flowrun" +
              listable});
  CHECK(refusals("{name: x}") ==
        Lines{"10:24: data artifactPaths without a location is not supported by this version of "
              "flowrun" +
              listable});
  CHECK(refusals("{hdfs: {path: /data}}") ==
        Lines{"10:31: data artifactPaths on hdfs is not supported by this version of flowrun "
              "(Argo cannot list HDFS either: ListObjects is currently not supported for this "
              "artifact type)"});
}

TEST_CASE("preflight data: literal buckets and keys that leave the repository are refused") {
  CHECK(refusals("{s3: {bucket: b, key: ../other}}") ==
        Lines{"10:29: data artifactPaths: s3.key '../other' leaves its bucket through '..'"});
  CHECK(refusals("{azure: {container: a/b, blob: k}}") ==
        Lines{"10:32: data artifactPaths: azure.container 'a/b' is not a directory name in the "
              "local artifact repository"});
}
