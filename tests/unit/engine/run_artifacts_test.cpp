// Artifacts (spec 2.2) on the fake executor with the fake store: output artifacts saved under
// Argo's keys, passed by `from` and mounted into the consumer, key-only and raw locations,
// optional and missing artifacts, steps/DAG outputs (`from`, `fromExpression`), globalName.
#include <algorithm>

#include <catch2/catch.hpp>

#include "engine/preflight.hpp"

#include "support/engine_fixture.hpp"

namespace {

using Names = std::vector<std::string>;
using Pairs = std::vector<std::pair<std::string, std::string>>;
using testing::EngineRun;
using testing::FakePod;

/// The host file mounted at `path` in `request`'s main container; empty when none.
std::string mounted_source(const engine::PodRequest& request, const std::string& path) {
  for (const engine::MountSpec& mount : request.main.mounts) {
    if (mount.path != path) {
      continue;
    }
    for (const engine::VolumeSpec& volume : request.volumes) {
      if (volume.name == mount.volume && volume.kind == engine::VolumeKind::host_path) {
        return volume.source;
      }
    }
  }
  return {};
}

constexpr const char* k_passing = R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: generate
        template: generate
    - - name: consume
        template: consume
        arguments:
          artifacts:
          - {name: message, from: "{{steps.generate.outputs.artifacts.hello}}"}
  - name: generate
    container: {image: busybox}
    outputs:
      artifacts:
      - {name: hello, path: /tmp/hello.txt}
  - name: consume
    inputs:
      artifacts:
      - {name: message, path: /tmp/in/message}
    container: {image: busybox, args: ["{{inputs.artifacts.message.path}}"]}
)";

}  // namespace

TEST_CASE("artifacts: an output artifact is saved under Argo's key and mounted into the consumer",
          "[engine][artifact]") {
  EngineRun run(k_passing);
  run.executor.on_template("generate", FakePod().leaves("/tmp/hello.txt", "hello world"));
  run.run();
  CHECK(run.status.phase == graph::WorkflowPhase::succeeded);
  const graph::Node& generate = run.node("wf[0].generate");
  const std::string key = "wf/" + generate.pod_name + "/hello.tgz";
  CHECK(run.artifacts.saves == Pairs{{key, "tgz"}});
  CHECK(run.artifacts.repository[key] == "hello world");
  REQUIRE(generate.outputs.artifacts.size() == 1);
  CHECK(generate.outputs.artifacts[0].name == "hello");
  CHECK(generate.outputs.artifacts[0].path == "/tmp/hello.txt");
  CHECK(generate.outputs.artifacts[0].key == key);
  const engine::PodRequest* produced = run.executor.request_for("wf[0].generate");
  REQUIRE(produced != nullptr);
  REQUIRE(produced->output_artifacts.size() == 1);
  CHECK(produced->output_artifacts[0].path == "/tmp/hello.txt");
  // Copied out under its own name: the archive's one entry is named after the file.
  const std::string& host = produced->output_artifacts[0].host_path;
  CHECK(host.substr(host.rfind('/')) == "/hello.txt");

  const engine::PodRequest* consumer = run.executor.request_for("wf[1].consume");
  REQUIRE(consumer != nullptr);
  const std::string source = mounted_source(*consumer, "/tmp/in/message");
  CHECK_FALSE(source.empty());
  CHECK(run.artifacts.placed == Pairs{{source, "hello world"}});
  CHECK(consumer->main.args == Names{"/tmp/in/message"});
  const graph::Node& consume = run.node("wf[1].consume");
  REQUIRE(consume.input_artifacts.size() == 1);
  CHECK(consume.input_artifacts[0].name == "message");
  CHECK(consume.input_artifacts[0].path == "/tmp/in/message");
  CHECK(consume.input_artifacts[0].key == key);
  CHECK(run.artifacts.discarded == 2);  // both pods' directories
}

TEST_CASE("artifacts: a missing output artifact errors the node unless optional",
          "[engine][artifact]") {
  SECTION("required") {
    EngineRun run(k_passing);
    run.run();
    CHECK(run.phase("wf[0].generate") == "Error");
    CHECK(run.node("wf[0].generate").message ==
          "failed to save outputs: artifact 'hello': /tmp/hello.txt does not exist");
    CHECK_FALSE(run.has("wf[1].consume"));
  }
  SECTION("optional") {
    std::string yaml = k_passing;
    yaml.replace(yaml.find("{name: hello, path: /tmp/hello.txt}"),
                 std::string("{name: hello, path: /tmp/hello.txt}").size(),
                 "{name: hello, path: /tmp/hello.txt, optional: true}");
    EngineRun run(yaml);
    run.run();
    CHECK(run.phase("wf[0].generate") == "Succeeded");
    CHECK(run.node("wf[0].generate").outputs.artifacts.empty());
    // The consumer's argument names nothing now: Argo's words.
    CHECK(run.phase("wf[1].consume") == "Error");
    CHECK(run.node("wf[1].consume").message ==
          "Unable to resolve: {{steps.generate.outputs.artifacts.hello}}");
  }
}

TEST_CASE("artifacts: a failed main still saves what it left", "[engine][artifact]") {
  EngineRun run(k_passing);
  run.executor.on_template("generate", FakePod().exits(2).leaves("/tmp/hello.txt", "partial"));
  run.run();
  CHECK(run.phase("wf[0].generate") == "Failed");
  CHECK(run.node("wf[0].generate").message == "main: Error (exit code 2)");
  CHECK(run.node("wf[0].generate").outputs.artifacts.size() == 1);
}

TEST_CASE("artifacts: key-only locations, raw inputs and inputs not supplied",
          "[engine][artifact]") {
  EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: generate, template: generate}
      - {name: consume, template: consume, depends: generate}
      - {name: raw, template: raw}
      - {name: optional, template: optional}
      - {name: missing, template: missing}
  - name: generate
    container: {image: busybox}
    outputs:
      artifacts:
      - {name: file, path: /mnt/file, s3: {key: "{{workflow.name}}/my-file"}, archive: {none: {}}}
  - name: consume
    inputs:
      artifacts:
      - {name: file, path: /tmp/file, s3: {key: wf/my-file}, mode: 0755}
    container: {image: busybox}
  - name: raw
    inputs:
      artifacts:
      - {name: text, path: /tmp/raw.txt, raw: {data: "this is\nraw"}}
    container: {image: busybox}
  - name: optional
    inputs:
      artifacts:
      - {name: maybe, path: /tmp/maybe, optional: true, s3: {key: not-there}}
    container: {image: busybox}
  - name: missing
    inputs:
      artifacts:
      - {name: gone, path: /tmp/gone, s3: {key: not-there}}
    container: {image: busybox}
)");
  run.executor.on_template("generate", FakePod().leaves("/mnt/file", "content"));
  run.run();
  CHECK(run.artifacts.saves == Pairs{{"wf/my-file", "none"}});
  CHECK(run.phase("wf.consume") == "Succeeded");
  CHECK(run.artifacts.placed_content("/file") == "content");
  // `mode: 0755` is YAML 1.1 octal: 493.
  CHECK(std::count(run.artifacts.modes.begin(), run.artifacts.modes.end(),
                   std::optional<int>(0755)) == 1);
  CHECK(run.phase("wf.raw") == "Succeeded");
  const engine::PodRequest* raw = run.executor.request_for("wf.raw");
  REQUIRE(raw != nullptr);
  CHECK(run.artifacts.placed_content("/raw.txt") == "this is\nraw");
  CHECK_FALSE(mounted_source(*raw, "/tmp/raw.txt").empty());
  CHECK(run.node("wf.raw").input_artifacts[0].kind == "raw");
  // An optional input whose key is not there is skipped: no mount.
  CHECK(run.phase("wf.optional") == "Succeeded");
  const engine::PodRequest* optional = run.executor.request_for("wf.optional");
  REQUIRE(optional != nullptr);
  CHECK(mounted_source(*optional, "/tmp/maybe").empty());
  CHECK(run.phase("wf.missing") == "Error");
  CHECK(run.node("wf.missing").message ==
        "artifact 'gone': key 'not-there' not found in the artifact repository");
}

TEST_CASE("artifacts: steps outputs by from and fromExpression, and globalName",
          "[engine][artifact]") {
  EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  onExit: finally
  templates:
  - name: main
    steps:
    - - {name: flip, template: flip}
    - - {name: heads, template: make, when: "{{steps.flip.outputs.result}} == heads"}
      - {name: tails, template: make, when: "{{steps.flip.outputs.result}} == tails"}
    outputs:
      artifacts:
      - name: chosen
        fromExpression: "steps.flip.outputs.result == 'heads' ? steps.heads.outputs.artifacts.out : steps.tails.outputs.artifacts.out"
      - name: same
        from: "{{steps.heads.outputs.artifacts.out}}"
        globalName: exported
  - name: flip
    container: {image: busybox}
  - name: make
    container: {image: busybox}
    outputs:
      artifacts:
      - {name: out, path: /out}
  - name: finally
    steps:
    - - name: read
        template: read
        arguments:
          artifacts:
          - {name: in, from: "{{workflow.outputs.artifacts.exported}}"}
  - name: read
    inputs:
      artifacts:
      - {name: in, path: /in}
    container: {image: busybox}
)");
  run.executor.on_template("flip", FakePod().prints("heads\n"));
  run.executor.on_template("make", FakePod().leaves("/out", "made"));
  run.run();
  CHECK(run.status.phase == graph::WorkflowPhase::succeeded);
  CHECK(run.phase("wf[1].tails") == "Skipped");
  const graph::Node& main = run.node("wf");
  REQUIRE(main.outputs.artifacts.size() == 2);
  const std::string key = "wf/" + run.node("wf[1].heads").pod_name + "/out.tgz";
  CHECK(main.outputs.artifacts[0].name == "chosen");
  CHECK(main.outputs.artifacts[0].key == key);
  CHECK(main.outputs.artifacts[1].name == "same");
  REQUIRE(run.status.output_artifacts.size() == 1);
  CHECK(run.status.output_artifacts[0].name == "exported");
  CHECK(run.status.output_artifacts[0].key == key);
  CHECK(run.phase("wf.onExit[0].read") == "Succeeded");
  CHECK(run.node("wf.onExit[0].read").input_artifacts[0].key == key);
}

TEST_CASE("artifacts: subPath into an artifact and Argo's default keys", "[engine][artifact]") {
  EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: dir, template: dir}
    - - name: one
        template: one
        arguments:
          artifacts:
          - {name: f, from: "{{steps.dir.outputs.artifacts.tree}}", subPath: a.txt}
  - name: dir
    container: {image: busybox}
    outputs:
      artifacts:
      - {name: tree, path: /tmp/tree/, archive: {none: {}}}
      - {name: zipped, path: /tmp/z, archive: {zip: {}}}
  - name: one
    inputs:
      artifacts:
      - {name: f, path: /f}
    container: {image: busybox}
)");
  run.executor.on_template("dir", FakePod().leaves("/tmp/tree/", "t").leaves("/tmp/z", "z"));
  run.run();
  const std::string pod = run.node("wf[0].dir").pod_name;
  CHECK(run.artifacts.saves ==
        Pairs{{"wf/" + pod + "/tree", "none"}, {"wf/" + pod + "/zipped.zip", "zip"}});
  // The fake store holds files only: the subPath key is not there, so the input errors with
  // the key it looked for.
  CHECK(run.node("wf[1].one").message ==
        "artifact 'f': key 'wf/" + pod + "/tree/a.txt' not found in the artifact repository");
}

TEST_CASE("artifacts: an input nobody supplies errors the node", "[engine][artifact]") {
  // The producer was skipped: its artifact is an absent optional, and the input goes unbound.
  EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: make, template: make, when: "1 == 2"}
    - - name: one
        template: take
        arguments:
          artifacts:
          - {name: in, from: "{{steps.make.outputs.artifacts.out}}"}
  - name: make
    container: {image: busybox}
    outputs:
      artifacts:
      - {name: out, path: /out}
  - name: take
    inputs:
      artifacts:
      - {name: in, path: /in}
    container: {image: busybox}
)");
  run.run();
  CHECK(run.phase("wf[0].make") == "Skipped");
  CHECK(run.phase("wf[1].one") == "Error");
  CHECK(run.node("wf[1].one").message == "inputs.artifacts.in was not supplied");
}

TEST_CASE("artifacts: a Retry node shows the inputs its attempts got", "[engine][artifact]") {
  std::string yaml = k_passing;
  yaml.replace(yaml.find("  - name: consume\n"), std::string("  - name: consume\n").size(),
               "  - name: consume\n    retryStrategy: {limit: 1}\n");
  EngineRun run(yaml);
  run.executor.on_template("generate", FakePod().leaves("/tmp/hello.txt", "hello world"));
  run.run();
  CHECK(run.node("wf[1].consume").type == graph::NodeType::retry);
  REQUIRE(run.node("wf[1].consume").input_artifacts.size() == 1);
  CHECK(run.node("wf[1].consume").input_artifacts[0].name == "message");
  REQUIRE(run.node("wf[1].consume(0)").input_artifacts.size() == 1);
}

TEST_CASE("artifacts: without a store the node errors clearly", "[engine][artifact]") {
  EngineRun run(k_passing);
  run.request.artifacts = nullptr;
  run.run();
  CHECK(run.node("wf[0].generate").message ==
        "artifacts need a local artifact repository, and none is configured");
}
