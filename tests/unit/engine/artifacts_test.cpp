// Artifacts as values (engine/artifacts.hpp): Argo's Artifact JSON both ways, `from`
// references, default keys, key joining and base names.
#include "engine/artifacts.hpp"

#include <catch2/catch.hpp>

TEST_CASE("artifacts: a reference survives its scope text, in Argo's shape", "[artifact]") {
  const graph::ArtifactRef stored{"out", "/tmp/out", "s3", "wf/pod/out.tgz", "", ""};
  const std::string text = engine::artifact_text(stored);
  CHECK(text == R"({"name":"out","path":"/tmp/out","s3":{"key":"wf/pod/out.tgz"}})");
  const util::Result<graph::ArtifactRef> back = engine::artifact_from_text(text);
  REQUIRE(back.ok());
  CHECK(back->name == "out");
  CHECK(back->path == "/tmp/out");
  CHECK(back->kind == "s3");
  CHECK(back->key == "wf/pod/out.tgz");

  const graph::ArtifactRef raw{"r", "", "raw", "", "a\nb", ""};
  CHECK(engine::artifact_text(raw) == R"({"name":"r","raw":{"data":"a\nb"}})");
  CHECK(engine::artifact_from_text(engine::artifact_text(raw))->data == "a\nb");
  const graph::ArtifactRef web{"w", "/w", "http", "", "", "http://x/y"};
  CHECK(engine::artifact_from_text(engine::artifact_text(web))->url == "http://x/y");

  for (const char* not_artifact : {"hello", "[1]", R"({"name":"x"})", ""}) {
    CAPTURE(not_artifact);
    CHECK_FALSE(engine::artifact_from_text(not_artifact).ok());
  }
}

TEST_CASE("artifacts: from names one variable", "[artifact]") {
  CHECK(engine::from_variable("{{steps.a.outputs.artifacts.b}}") ==
        std::optional<std::string>("steps.a.outputs.artifacts.b"));
  CHECK(engine::from_variable("  {{ inputs.artifacts.x }} ") ==
        std::optional<std::string>("inputs.artifacts.x"));
  CHECK_FALSE(engine::from_variable("steps.a.outputs.artifacts.b").has_value());
  CHECK_FALSE(engine::from_variable("{{a}}{{b}}").has_value());
  CHECK_FALSE(engine::from_variable("x{{a}}").has_value());
  CHECK_FALSE(engine::from_variable("{{ }}").has_value());
}

TEST_CASE("artifacts: Argo's default keys, subPath joining and base names", "[artifact]") {
  using Kind = engine::ArchiveSpec::Kind;
  CHECK(engine::default_artifact_key("wf", "wf-p-1", "out", "/tmp/x.txt", {}) ==
        "wf/wf-p-1/out.tgz");
  CHECK(engine::default_artifact_key("wf", "wf-p-1", "out", "/tmp/dir/", {Kind::none, -1}) ==
        "wf/wf-p-1/dir");
  CHECK(engine::default_artifact_key("wf", "wf-p-1", "out", "/tmp/x", {Kind::zip, -1}) ==
        "wf/wf-p-1/out.zip");
  CHECK(engine::join_key("a/b/", "/c") == "a/b/c");
  CHECK(engine::join_key("", "c") == "c");
  CHECK(engine::join_key("a", "") == "a");
  CHECK(engine::artifact_base_name("/tmp/tree/") == "tree");
  CHECK(engine::artifact_base_name("rel.txt") == "rel.txt");
  CHECK(engine::artifact_base_name("/") == "/");
}
