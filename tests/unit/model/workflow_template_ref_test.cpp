// model/workflow_template_ref: the spec a Workflow with spec.workflowTemplateRef runs.
#include "model/workflow_template_ref.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "support/lint_fixture.hpp"

namespace {

constexpr const char* k_documents = R"(apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: greetings
spec:
  entrypoint: hello
  parallelism: 3
  arguments:
    parameters:
    - name: message
      value: from template
    - name: who
      value: world
  templates:
  - name: hello
    container:
      image: busybox
      args: ["{{workflow.parameters.message}}"]
  - name: bye
    container:
      image: busybox
---
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: greet-
spec:
  entrypoint: bye
  arguments:
    parameters:
    - name: message
      value: from workflow
    - name: extra
      value: "1"
  workflowTemplateRef:
    name: greetings
)";

std::vector<std::string> parameters(const model::Workflow& workflow) {
  std::vector<std::string> out;
  for (const model::Parameter& parameter : workflow.spec.arguments.parameters) {
    out.push_back(parameter.name.value + "=" + (parameter.value ? parameter.value->value : "-"));
  }
  return out;
}

}  // namespace

TEST_CASE("workflowTemplateRef: the workflow's fields win, arguments merge by name") {
  auto loaded = testing::load_text(k_documents);
  REQUIRE(loaded->documents.size() == 2);
  model::TemplateLibrary library;
  library.add_all(loaded->documents);
  model::Diagnostics diagnostics;
  std::optional<model::Workflow> joined =
      model::join_workflow_template(loaded->documents[1], library, diagnostics);
  REQUIRE(joined);
  CHECK(diagnostics.error_count() == 0);
  CHECK(joined->kind == model::Kind::workflow);
  CHECK(joined->display_name() == "greet-");
  CHECK_FALSE(joined->spec.workflow_template_ref);
  REQUIRE(joined->spec.entrypoint);
  CHECK(joined->spec.entrypoint->value == "bye");  // the workflow's
  REQUIRE(joined->spec.parallelism);
  CHECK(joined->spec.parallelism->value == "3");  // the template's
  CHECK(parameters(*joined) ==
        std::vector<std::string>{"message=from workflow", "who=world", "extra=1"});
  REQUIRE(joined->find_template("hello") != nullptr);
  // Templates keep their place in the template's document, for messages.
  CHECK(joined->find_template("hello")->loc.line == 15);
  REQUIRE(joined->document != nullptr);
  const model::DocNode* spec = joined->document->find("spec");
  REQUIRE(spec != nullptr);
  CHECK(spec->find("workflowTemplateRef") == nullptr);
  CHECK(spec->find("templates") != nullptr);
}

TEST_CASE("workflowTemplateRef: a template that is not loaded is an error at the name") {
  std::string text = k_documents;
  text.replace(text.rfind("name: greetings"), 15, "name: farewells");
  auto loaded = testing::load_text(text);
  model::TemplateLibrary library;
  library.add_all(loaded->documents);
  model::Diagnostics diagnostics;
  CHECK_FALSE(model::join_workflow_template(loaded->documents[1], library, diagnostics));
  REQUIRE(diagnostics.error_count() == 1);
  const model::Diagnostic& error = diagnostics.all().front();
  CHECK(error.message == "workflowtemplates.argoproj.io \"farewells\" not found");
  CHECK(error.loc.line == 36);
  CHECK(error.loc.column == 11);
}

TEST_CASE("workflowTemplateRef: a workflow without one is returned as it is") {
  auto loaded = testing::load_text(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: plain}
spec:
  entrypoint: main
  templates:
  - {name: main, container: {image: busybox}}
)");
  model::TemplateLibrary library;
  model::Diagnostics diagnostics;
  std::optional<model::Workflow> same =
      model::join_workflow_template(loaded->documents[0], library, diagnostics);
  REQUIRE(same);
  CHECK(same->document == loaded->documents[0].document);
}
