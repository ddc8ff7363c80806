// workflow.* variables and loop expansion (spec 4.6, 5.1).
#include "engine/global_scope.hpp"

#include <catch2/catch.hpp>

#include "engine/loop_expansion.hpp"

#include "support/lint_fixture.hpp"

namespace {

const char* const k_workflow = R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: vars
  labels: {team: infra}
  annotations: {note: hi}
spec:
  entrypoint: main
  priority: 3
  serviceAccountName: runner
  arguments:
    parameters:
    - {name: a, value: "1"}
    - {name: b, enum: ["x", "y"], value: "x", description: pick}
    - {name: c, valueFrom: {default: fromdefault}}
  templates:
  - name: main
    steps:
    - - name: each
        template: main
        withItems: [{name: n1, size: 3}, plain, [1, 2]]
)";

}  // namespace

TEST_CASE("global scope: names, parameters, labels, times") {
  const auto linted = testing::load_text(k_workflow);
  engine::RunRequest request;
  request.workflow = &linted->documents.front();
  request.name = "vars";
  request.uid = "u-1";
  request.parameters = {{"a", "override"}, {"extra", "e"}};
  const auto params = engine::resolve_workflow_parameters(request);
  CHECK(params == std::vector<std::pair<std::string, std::string>>{
                      {"a", "override"}, {"b", "x"}, {"c", "fromdefault"}, {"extra", "e"}});
  const expr::Scope scope = engine::build_global_scope(
      request, "main", params, std::chrono::system_clock::from_time_t(1535002969));
  CHECK(*scope.find("workflow.name") == "vars");
  CHECK(*scope.find("workflow.uid") == "u-1");
  CHECK(*scope.find("workflow.namespace") == "default");
  CHECK(*scope.find("workflow.mainEntrypoint") == "main");
  CHECK(*scope.find("workflow.serviceAccountName") == "runner");
  CHECK(*scope.find("workflow.priority") == "3");
  CHECK(*scope.find("workflow.status") == "Running");
  CHECK(*scope.find("workflow.parameters.a") == "override");
  CHECK(
      *scope.find("workflow.parameters.json") ==
      R"([{"name":"a","value":"override"},{"name":"b","value":"x","enum":["x","y"],)"
      R"("description":"pick"},{"name":"c","value":"fromdefault"},{"name":"extra","value":"e"}])");
  CHECK(*scope.find("workflow.parameters") == *scope.find("workflow.parameters.json"));
  CHECK(*scope.find("workflow.labels.team") == "infra");
  CHECK(*scope.find("workflow.labels.json") == R"({"team":"infra"})");
  CHECK(*scope.find("workflow.annotations.note") == "hi");
  CHECK(*scope.find("workflow.creationTimestamp") == "2018-08-23T05:42:49Z");
  CHECK(*scope.find("workflow.creationTimestamp.RFC3339") == "2018-08-23T05:42:49Z");
  CHECK(*scope.find("workflow.creationTimestamp.Y") == "2018");
  CHECK(*scope.find("workflow.creationTimestamp.b") == "Aug");
  CHECK(*scope.find("workflow.creationTimestamp.s") == "1535002969");
}

TEST_CASE("loop expansion: withItems renders items and item.key fields") {
  const auto linted = testing::load_text(k_workflow);
  const model::Step& step = (*linted->documents.front().spec.templates[0].steps)[0].steps[0];
  expr::Scope scope;
  const auto items = engine::expand_loop(step, scope);
  REQUIRE(items.ok());
  REQUIRE(items->size() == 3);
  CHECK((*items)[0].rendered == R"({"name":"n1","size":3})");
  CHECK((*items)[0].fields ==
        std::vector<std::pair<std::string, std::string>>{{"name", "n1"}, {"size", "3"}});
  CHECK(graph::item_description((*items)[0].value) == "name:n1,size:3");
  CHECK((*items)[1].rendered == "plain");
  CHECK((*items)[2].rendered == "[1,2]");
  CHECK(graph::item_description((*items)[2].value) == "[1 2]");
  expr::Scope bound;
  engine::bind_item(bound, (*items)[0]);
  CHECK(*bound.find("item") == R"({"name":"n1","size":3})");
  CHECK(*bound.find("item.size") == "3");
}
