// model/loader: which documents of a file are decoded, and what is reported about the rest.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/lint_fixture.hpp"

namespace {

using Lines = std::vector<std::string>;

constexpr const char* k_workflow = R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: hello-
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: alpine
)";

}  // namespace

TEST_CASE("load_documents decodes a single Workflow") {
  auto loaded = testing::load_text(k_workflow);
  CHECK(loaded->lines() == Lines{});
  REQUIRE(loaded->documents.size() == 1);
  const model::Workflow& wf = loaded->documents[0];
  CHECK(wf.kind == model::Kind::workflow);
  CHECK(wf.loc.line == 1);
  CHECK(wf.loc.column == 1);
  CHECK(wf.api_version.value == "argoproj.io/v1alpha1");
  CHECK(wf.api_version.loc.line == 1);
  CHECK(wf.api_version.loc.column == 13);
  CHECK(wf.display_name() == "hello-");
  REQUIRE(wf.find_template("main") != nullptr);
  CHECK(wf.find_template("other") == nullptr);
}

TEST_CASE("load_documents keeps workflow kinds of a multi-document file and skips the others") {
  const std::string yaml = std::string(k_workflow) + R"(---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  a: b
---
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: library
spec:
  templates:
  - name: echo
    container:
      image: alpine
---
apiVersion: argoproj.io/v1alpha1
kind: ClusterWorkflowTemplate
metadata:
  name: cluster-library
spec:
  templates:
  - name: echo
    container:
      image: alpine
)";
  auto loaded = testing::load_text(yaml);
  CHECK(loaded->lines() ==
        Lines{"13:7: warning: kind ConfigMap is not a workflow kind; this document is ignored"});
  CHECK(loaded->with_check("other-kind").size() == 1);
  REQUIRE(loaded->documents.size() == 3);
  CHECK(loaded->documents[0].kind == model::Kind::workflow);
  CHECK(loaded->documents[1].kind == model::Kind::workflow_template);
  CHECK(loaded->documents[1].loc.line == 19);
  CHECK(loaded->documents[1].metadata.name->value == "library");
  CHECK(loaded->documents[1].metadata.name->loc.line == 22);
  CHECK(loaded->documents[2].kind == model::Kind::cluster_workflow_template);
  CHECK(loaded->documents[2].display_name() == "cluster-library");
}

TEST_CASE("load_documents skips empty documents between separators") {
  auto loaded = testing::load_text(std::string("---\n---\n") + k_workflow + "---\n");
  CHECK(loaded->lines() == Lines{});
  CHECK(loaded->documents.size() == 1);
}

TEST_CASE("a file with only other kinds is an error") {
  auto loaded = testing::load_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
  CHECK(loaded->lines() ==
        Lines{"2:7: warning: kind ConfigMap is not a workflow kind; this document is ignored",
              "1:1: error: no Workflow, WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow "
              "in this file"});
  CHECK(loaded->documents.empty());
}

TEST_CASE("an empty file, or one of only comments, is an error") {
  for (const char* text : {"", "\n\n   \n", "# just a comment\n  # another\n", "---\n", "\t\n"}) {
    INFO('"' << text << '"');
    auto loaded = testing::load_text(text);
    REQUIRE(loaded->diagnostics.all().size() == 1);
    CHECK(loaded->diagnostics.all()[0].message == "empty file: expected a Workflow manifest");
    CHECK(loaded->diagnostics.all()[0].check == "not-a-workflow");
    CHECK(loaded->documents.empty());
  }
}

TEST_CASE("a document that is a list or a scalar is not a manifest") {
  auto list = testing::load_text("- a\n- b\n");
  CHECK(list->lines() == Lines{"1:1: error: expected a Kubernetes object (a mapping with "
                               "apiVersion, kind, metadata and spec), found a list"});
  auto scalar = testing::load_text("\n  hello\n");
  CHECK(scalar->lines() == Lines{"2:3: error: expected a Kubernetes object (a mapping with "
                                 "apiVersion, kind, metadata and spec), found a string"});
  auto number = testing::load_text("42\n");
  CHECK(number->lines() == Lines{"1:1: error: expected a Kubernetes object (a mapping with "
                                 "apiVersion, kind, metadata and spec), found an integer"});
  CHECK(number->documents.empty());
}

TEST_CASE("a document without kind is reported and skipped") {
  auto loaded = testing::load_text("apiVersion: argoproj.io/v1alpha1\nspec:\n  entrypoint: a\n");
  CHECK(loaded->lines() ==
        Lines{"1:1: error: kind is missing: expected kind: Workflow (or WorkflowTemplate, "
              "ClusterWorkflowTemplate, CronWorkflow)"});
  CHECK(loaded->documents.empty());
  auto not_scalar = testing::load_text("kind: [Workflow]\n");
  CHECK(not_scalar->with_check("not-a-workflow").size() == 1);
}

TEST_CASE("kind is case-sensitive, as in Kubernetes") {
  auto loaded = testing::load_text("apiVersion: argoproj.io/v1alpha1\nkind: workflow\nspec: {}\n");
  CHECK(loaded->lines() ==
        Lines{"2:7: warning: kind workflow is not a workflow kind; this document is ignored",
              "1:1: error: no Workflow, WorkflowTemplate, ClusterWorkflowTemplate or CronWorkflow "
              "in this file"});
}

TEST_CASE("a wrong or missing apiVersion is an error, and the document is still checked") {
  auto wrong =
      testing::load_text("apiVersion: argoproj.io/v1\nkind: Workflow\nspec:\n  entrypoint: main\n");
  CHECK(wrong->lines() ==
        Lines{"1:13: error: apiVersion must be argoproj.io/v1alpha1, not argoproj.io/v1"});
  REQUIRE(wrong->documents.size() == 1);
  CHECK(wrong->documents[0].spec.entrypoint->value == "main");

  auto missing = testing::load_text("kind: Workflow\nspec:\n  entrypoint: main\n");
  CHECK(missing->lines() == Lines{"1:1: error: apiVersion must be argoproj.io/v1alpha1"});
  CHECK(missing->documents.size() == 1);
}

TEST_CASE("a document without spec is an error") {
  auto loaded = testing::load_text(
      "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\n"
      "metadata:\n  name: a\n");
  CHECK(loaded->lines() == Lines{"1:1: error: spec is required"});
  auto null_spec = testing::load_text("apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec:\n");
  CHECK(null_spec->lines() == Lines{"1:1: error: spec is required"});
}

TEST_CASE("a spec that is not a mapping is one error, not two") {
  auto loaded = testing::load_text("apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nspec: 5\n");
  CHECK(loaded->lines() == Lines{"3:7: error: spec must be a mapping, not an integer"});
}

TEST_CASE("YAML syntax errors are reported with their position and nothing is decoded") {
  auto loaded = testing::load_text(
      "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\n"
      "spec:\n  templates: [a, b\n");
  REQUIRE(loaded->diagnostics.all().size() == 1);
  const model::Diagnostic& d = loaded->diagnostics.all()[0];
  CHECK(d.check == "yaml-syntax");
  CHECK(d.severity == model::Severity::error);
  CHECK(d.message.rfind("invalid YAML: ", 0) == 0);
  // yaml-cpp notices the unclosed `[` at the end of the input, on the line after it.
  CHECK(d.message == "invalid YAML: end of sequence flow not found");
  CHECK(d.loc.line == 5);
  CHECK(loaded->documents.empty());
}

TEST_CASE("documents before a syntax error are still decoded") {
  const std::string yaml = std::string(k_workflow) + "---\nkind: Workflow\nspec: {a: [}\n";
  auto loaded = testing::load_text(yaml);
  CHECK(loaded->with_check("yaml-syntax").size() == 1);
  CHECK(loaded->documents.size() == 1);
}

TEST_CASE("YAML merge keys apply in document order, as go-yaml v2 does") {
  auto loaded = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: merge
spec:
  entrypoint: main
  templates:
  - name: main
    metadata:
      labels:
        <<: [&base {team: a, tier: one}, &extra {tier: two, zone: z}]
        own: x
    container: {image: alpine}
  - name: later
    metadata:
      labels:
        team: written
        <<: *base
    container: {image: alpine}
)");
  CHECK(loaded->lines() == Lines{});
  const model::Workflow& wf = loaded->documents.at(0);
  const auto labels = [](const model::Template& t) {
    std::vector<std::string> out;
    for (const model::KeyValue& kv : t.labels) {
      out.push_back(kv.key.value + "=" + kv.value.value);
    }
    return out;
  };
  // In a list of merged mappings the earlier one wins; keys written after `<<` win over it.
  CHECK(labels(*wf.find_template("main")) == Lines{"team=a", "tier=one", "zone=z", "own=x"});
  // go-yaml v2 applies `<<` where it stands: it replaces a key written before it.
  CHECK(labels(*wf.find_template("later")) == Lines{"team=a", "tier=one"});
}

TEST_CASE("a merge key needs a mapping or a list of mappings") {
  auto loaded = testing::load_text("kind: Workflow\nspec:\n  <<: [a, b]\n");
  CHECK(loaded->lines() ==
        Lines{"3:7: error: invalid YAML: map merge requires map or sequence of maps as the value"});
  auto scalar = testing::load_text("kind: Workflow\nspec:\n  <<: 5\n");
  CHECK(scalar->lines() ==
        Lines{"3:7: error: invalid YAML: map merge requires map or sequence of maps as the value"});
}

TEST_CASE("a quoted << is an ordinary key") {
  auto loaded = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: q
  labels: {"<<": x}
spec:
  entrypoint: main
  templates:
  - {name: main, container: {image: alpine}}
)");
  CHECK(loaded->lines() == Lines{});
  REQUIRE(loaded->documents.at(0).metadata.labels.size() == 1);
  CHECK(loaded->documents.at(0).metadata.labels[0].key.value == "<<");
}

TEST_CASE("a repeated key keeps the last value, warns, and keeps its first place") {
  auto loaded = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: first
  generateName: g-
  name: second
spec:
  entrypoint: main
  templates:
  - {name: main, container: {image: alpine}}
)");
  CHECK(loaded->lines() == Lines{"6:3: warning: mapping key \"name\" already defined at line 4; "
                                 "the earlier value is ignored"});
  CHECK(loaded->with_check("yaml-duplicate-key").size() == 1);
  CHECK(loaded->documents.at(0).metadata.name->value == "second");
  CHECK(loaded->documents.at(0).metadata.name->loc.line == 6);
}
