// data templates in the engine (spec 1.4): a Pod node listing the local artifact repository
// (a temp directory built by each test), transformations, outputs.result feeding withParam,
// inputs in the source, and the failures: a missing bucket, a bad expression, no repository.
#include <filesystem>

#include <catch2/catch.hpp>

#include "support/engine_fixture.hpp"
#include "unit/store/store_test_support.hpp"

namespace {

using testing::EngineRun;
using Names = std::vector<std::string>;
using store_test::ScratchDir;

/// A repository with bucket `docs`: a.pdf, b.txt, sub/c.pdf, and the root file top.pdf.
void fill(const ScratchDir& root) {
  for (const char* file : {"docs/a.pdf", "docs/b.txt", "docs/sub/c.pdf", "top.pdf"}) {
    const std::string path = root / file;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    store_test::write_text(path, "x");
  }
}

/// A workflow whose entrypoint is the data template with `source` and `transformation`.
std::string data_workflow(const std::string& source, const std::string& transformation) {
  return R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: d}
spec:
  entrypoint: list
  templates:
  - name: list
    data:
      source:
        artifactPaths:
)" + source +
         "\n      transformation:\n" + transformation + "\n";
}

}  // namespace

TEST_CASE("data: lists the bucket and filters it; the result is JSON on a Pod node") {
  ScratchDir root;
  fill(root);
  EngineRun run(data_workflow("          s3: {bucket: docs}",
                              R"(      - expression: 'filter(data, {# endsWith ".pdf"})')"));
  run.request.artifact_root = root.path();
  run.run();
  const graph::Node& listed = run.node("d");
  CHECK(listed.type == graph::NodeType::pod);
  CHECK(run.phase("d") == "Succeeded");
  CHECK(listed.outputs.result == std::optional<std::string>(R"(["a.pdf","sub/c.pdf"])"));
  CHECK(run.status.phase == graph::WorkflowPhase::succeeded);
  CHECK(run.executor.started_nodes().empty());  // no container: it runs in flowrun
}

TEST_CASE("data: transformations apply in order; no transformation gives the listing") {
  ScratchDir root;
  fill(root);
  {
    EngineRun run(data_workflow("          s3: {bucket: docs, key: sub}",
                                "      - expression: 'map(data, {# + \".ready\"})'\n"
                                "      - expression: 'map(data, {upper(#)})'"));
    run.request.artifact_root = root.path();
    run.run();
    CHECK(run.node("d").outputs.result == std::optional<std::string>(R"(["SUB/C.PDF.READY"])"));
  }
  {
    EngineRun run(data_workflow("          s3: {key: docs}", "      []"));
    run.request.artifact_root = root.path();
    run.run();
    CHECK(run.node("d").outputs.result ==
          std::optional<std::string>(R"(["docs/a.pdf","docs/b.txt","docs/sub/c.pdf"])"));
  }
}

TEST_CASE("data: the result feeds withParam of a later step, one container per file") {
  ScratchDir root;
  fill(root);
  EngineRun run(R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: w}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: pdfs, template: pdfs, arguments: {parameters: [{name: bucket, value: docs}]}}
    - - name: each
        template: echo
        arguments: {parameters: [{name: file, value: "{{item}}"}]}
        withParam: "{{steps.pdfs.outputs.result}}"
  - name: pdfs
    inputs: {parameters: [{name: bucket}, {name: ext, value: .pdf}]}
    data:
      source:
        artifactPaths:
          name: files
          s3: {bucket: "{{inputs.parameters.bucket}}"}
      transformation:
      - expression: 'filter(data, {# endsWith "{{inputs.parameters.ext}}"})'
  - name: echo
    inputs: {parameters: [{name: file}]}
    container: {image: busybox, args: ["{{inputs.parameters.file}}"]}
)Y");
  run.request.artifact_root = root.path();
  run.run();
  CHECK(run.phase("w[0].pdfs") == "Succeeded");
  CHECK(run.node("w[0].pdfs").input_parameters ==
        std::vector<std::pair<std::string, std::string>>{{"bucket", "docs"}, {"ext", ".pdf"}});
  CHECK(run.executor.started_nodes() == Names{"w[1].each(0:a.pdf)", "w[1].each(1:sub/c.pdf)"});
  CHECK(run.executor.request_for("w[1].each(1:sub/c.pdf)")->main.args == Names{"sub/c.pdf"});
  CHECK(run.status.phase == graph::WorkflowPhase::succeeded);
}

TEST_CASE("data: a missing bucket errors the node; a missing prefix lists nothing") {
  ScratchDir root;
  fill(root);
  {
    EngineRun run(data_workflow("          s3: {bucket: nope, key: x}", "      []"));
    run.request.artifact_root = root.path();
    run.run();
    CHECK(run.phase("d") == "Error");
    CHECK(run.node("d").message ==
          "unable to process data template: unable to process data source: unable to source "
          "artifact paths: The specified bucket does not exist (the local artifact repository "
          "has no directory " +
              root.path() + "/nope)");
    CHECK_FALSE(run.node("d").outputs.result);
    CHECK(run.status.phase == graph::WorkflowPhase::error);
  }
  {
    EngineRun run(data_workflow("          s3: {bucket: docs, key: not/there}", "      []"));
    run.request.artifact_root = root.path();
    run.run();
    CHECK(run.phase("d") == "Succeeded");
    CHECK(run.node("d").outputs.result == std::optional<std::string>("[]"));
  }
}

TEST_CASE("data: a bad expression errors the node with the expression's error") {
  ScratchDir root;
  fill(root);
  EngineRun run(data_workflow("          s3: {bucket: docs}",
                              "      - expression: 'filter(data, {# endsWith \".pdf\"})'\n"
                              "      - expression: 'map(data, {# + 1})'"));
  run.request.artifact_root = root.path();
  run.run();
  CHECK(run.phase("d") == "Error");
  CHECK(run.node("d").message ==
        "unable to process data template: unable to process data transformation: error "
        "processing data step 1: failed to evaluate expression 'map(data, {# + 1})': invalid "
        "operation: string + int (1:14)");
}

TEST_CASE("data: no repository or a key escaping its bucket errors the node") {
  ScratchDir root;
  fill(root);
  {
    EngineRun run(data_workflow("          s3: {bucket: docs}", "      []"));
    run.request.artifact_root.clear();  // no repository configured
    run.run();
    CHECK(run.phase("d") == "Error");
    CHECK(run.node("d").message == "no local artifact repository is configured");
  }
  {
    EngineRun run(R"Y(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: d}
spec:
  entrypoint: list
  arguments: {parameters: [{name: dir, value: ../../etc}]}
  templates:
  - name: list
    data:
      source:
        artifactPaths: {s3: {bucket: docs, key: "{{workflow.parameters.dir}}"}}
)Y");
    run.request.artifact_root = root.path();
    run.run();
    CHECK(run.phase("d") == "Error");
    CHECK(run.node("d").message == "s3.key '../../etc' leaves its bucket through '..'");
  }
}
