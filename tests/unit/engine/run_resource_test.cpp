// resource templates (spec 1.3) on a fake backend, executor and clock: create then outputs by
// jsonPath / jqFilter, successCondition polling on the clock, failureCondition, delete by
// flags, setOwnerReference, and a run without a backend.
#include <deque>
#include <mutex>

#include <catch2/catch.hpp>

#include "engine/resource_backend.hpp"

#include "support/engine_fixture.hpp"

namespace {

/// Answers each action with the manifest's object (named `generated` when it has none) and
/// each get with the next of `states` (the last repeats).
class FakeResources final : public engine::ResourceBackend {
 public:
  std::string describe() const override { return "fake"; }
  std::optional<std::string> unsupported(const std::string&, const std::string&,
                                         const std::string&) const override {
    return std::nullopt;
  }
  util::Result<engine::ResourceObject> execute(const engine::ResourceAction& action,
                                               const std::atomic<bool>&) override {
    const std::lock_guard<std::mutex> lock(mutex);
    actions.push_back(action);
    if (fail_with) {
      return util::make_error(util::ErrorCode::io, *fail_with);
    }
    engine::ResourceObject object;
    if (action.action != "delete") {
      object.kind = "Pod";
      object.name = "sleeper-abcde";
      object.json = created_json;
    }
    return object;
  }
  util::Result<engine::ResourceObject> get(const engine::ResourceObject& object) override {
    const std::lock_guard<std::mutex> lock(mutex);
    ++gets;
    engine::ResourceObject current = object;
    current.json = states.size() > 1 ? states.front() : states.back();
    if (states.size() > 1) {
      states.pop_front();
    }
    return current;
  }
  std::vector<std::string> delete_owned() override { return {}; }

  std::mutex mutex;
  std::vector<engine::ResourceAction> actions;
  std::deque<std::string> states{R"({"status":{"phase":"Running"}})"};
  std::string created_json =
      R"({"kind":"Pod","metadata":{"name":"sleeper-abcde","uid":"u-1"},"status":{"phase":"Pending"}})";
  std::optional<std::string> fail_with;
  int gets = 0;
};

const char* const k_create = R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: create
        template: create
        arguments:
          parameters: [{name: app, value: demo}]
    - - name: delete
        template: delete
        arguments:
          parameters:
          - {name: selector, value: "app=demo"}
  - name: create
    inputs:
      parameters: [{name: app}]
    resource:
      action: create
      setOwnerReference: true
      manifest: |
        apiVersion: v1
        kind: Pod
        metadata:
          generateName: sleeper-
          labels: {app: "{{inputs.parameters.app}}"}
    outputs:
      parameters:
      - name: pod-name
        valueFrom: {jsonPath: '{.metadata.name}'}
      - name: uid
        valueFrom: {jqFilter: '.metadata.uid'}
  - name: delete
    inputs:
      parameters: [{name: selector}]
    resource:
      action: delete
      flags: [pod, --selector, "{{inputs.parameters.selector}}"]
    outputs:
      parameters:
      - name: gone
        valueFrom: {jsonPath: '{.metadata.name}', default: none}
)";

std::string with_conditions(const std::string& conditions) {
  return R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: wait
  templates:
  - name: wait
    resource:
      action: create
)" + conditions +
         R"(      manifest: |
        apiVersion: v1
        kind: Pod
        metadata: {name: sleeper-abcde}
)";
}

}  // namespace

TEST_CASE("run resource: create with outputs, then delete by selector") {
  testing::EngineRun run(k_create);
  FakeResources resources;
  run.request.resources = &resources;
  run.run();
  CHECK(run.status.phase == graph::WorkflowPhase::succeeded);
  const graph::Node& created = run.node("wf[0].create");
  CHECK(created.type == graph::NodeType::pod);
  CHECK(created.outputs.parameters == std::vector<std::pair<std::string, std::string>>{
                                          {"pod-name", "sleeper-abcde"}, {"uid", "u-1"}});
  REQUIRE(resources.actions.size() == 2);
  const engine::ResourceAction& create = resources.actions[0];
  CHECK(create.action == "create");
  CHECK(create.owned);
  CHECK(create.workflow_name == "wf");
  CHECK(create.node_id == created.id);
  CHECK(
      create.manifest ==
      R"({"apiVersion":"v1","kind":"Pod","metadata":{"generateName":"sleeper-","labels":{"app":"demo"}}})");
  const engine::ResourceAction& remove = resources.actions[1];
  CHECK(remove.action == "delete");
  CHECK(remove.manifest.empty());
  CHECK_FALSE(remove.owned);
  CHECK(remove.flags == std::vector<std::string>{"pod", "--selector", "app=demo"});
  // A delete leaves no object: outputs take their defaults (Argo's SaveResourceParameters).
  CHECK(run.node("wf[1].delete").outputs.parameters ==
        std::vector<std::pair<std::string, std::string>>{{"gone", "none"}});
  CHECK(resources.gets == 0);  // no conditions: nothing is polled
}

TEST_CASE("run resource: successCondition is polled every 5 s on the clock until it holds") {
  testing::EngineRun run(with_conditions("      successCondition: status.phase == Succeeded\n"));
  FakeResources resources;
  resources.states = {R"({"status":{"phase":"Running"}})", R"({"status":{"phase":"Running"}})",
                      R"({"status":{"phase":"Succeeded"}})"};
  run.request.resources = &resources;
  run.run();
  CHECK(run.summary() == std::vector<std::string>{"wf Succeeded"});
  CHECK(resources.gets == 3);
  // Judged at once on the create's answer (Pending), then at 5, 10 and 15 s.
  CHECK(run.finished("wf") == 15);
}

TEST_CASE("run resource: failureCondition fails the node with Argo's message") {
  testing::EngineRun run(
      with_conditions("      successCondition: status.phase == Succeeded\n"
                      "      failureCondition: status.phase in (Failed, Error)\n"));
  FakeResources resources;
  resources.states = {R"({"status":{"phase":"Running"}})", R"({"status":{"phase":"Failed"}})"};
  run.request.resources = &resources;
  run.run();
  CHECK(run.status.phase == graph::WorkflowPhase::failed);
  CHECK(run.summary() ==
        std::vector<std::string>{
            "wf Failed failure condition 'status.phase in (Error,Failed)' evaluated true"});
  CHECK(run.finished("wf") == 10);
}

TEST_CASE("run resource: a backend error fails the node with its message") {
  testing::EngineRun run(with_conditions(""));
  FakeResources resources;
  resources.fail_with = "Error from server (AlreadyExists): pods \"sleeper-abcde\" already exists";
  run.request.resources = &resources;
  run.run();
  CHECK(run.summary() ==
        std::vector<std::string>{
            "wf Failed Error from server (AlreadyExists): pods \"sleeper-abcde\" already exists"});
}

TEST_CASE("run resource: an unparsable condition is an Error before anything is done") {
  testing::EngineRun run(with_conditions("      successCondition: status.phase == ==\n"));
  FakeResources resources;
  run.request.resources = &resources;
  run.run();
  CHECK(run.summary() ==
        std::vector<std::string>{"wf Error success condition 'status.phase == ==' failed to parse: "
                                 "found '==', expected: identifier"});
  CHECK(resources.actions.empty());
}

TEST_CASE("run resource: without a backend the node errors with the reason") {
  testing::EngineRun run(with_conditions(""));
  run.run();
  CHECK(run.summary() ==
        std::vector<std::string>{"wf Error resource templates need Podman (podman kube play) or "
                                 "a cluster (--kube-context)"});
}
