// suspend templates and control requests (spec 1.5, 8.8) on the fake executor, clock and
// inbox: durations, resume, supplied outputs, workflow suspend, stop and terminate.
#include <catch2/catch.hpp>

#include "engine/engine.hpp"

#include "support/engine_fixture.hpp"
#include "support/fake_inbox.hpp"

namespace {

using Action = engine::ControlRequest::Action;

engine::ControlRequest request(Action action, std::string selector = {},
                               std::vector<std::pair<std::string, std::string>> outputs = {}) {
  engine::ControlRequest made;
  made.action = action;
  made.node_selector = std::move(selector);
  made.outputs = std::move(outputs);
  return made;
}

const char* const k_gate = R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  onExit: bye
  templates:
  - name: main
    steps:
    - - name: build
        template: work
    - - name: approve
        template: approve
    - - name: deploy
        template: work
        arguments:
          parameters:
          - name: target
            value: "{{steps.approve.outputs.parameters.target}}"
  - name: approve
    inputs:
      parameters:
      - name: note
        value: none
    suspend: {}
    outputs:
      parameters:
      - name: target
        valueFrom:
          supplied: {}
          default: staging
  - name: work
    inputs:
      parameters:
      - name: target
        value: none
    container:
      image: busybox
      args: ["{{inputs.parameters.target}}"]
  - name: bye
    container:
      image: busybox
)";

}  // namespace

TEST_CASE("suspend: an indefinite suspend waits for a resume, then the workflow goes on",
          "[engine][suspend]") {
  testing::EngineRun run(k_gate);
  testing::FakeInbox inbox(run.clock);
  run.inbox = &inbox;
  inbox.at(30, request(Action::resume, {}, {{"target", "prod"}}));
  const graph::WorkflowStatus& status = run.run();
  CHECK(status.phase == graph::WorkflowPhase::succeeded);
  const graph::Node& approve = run.node("wf[1].approve");
  CHECK(graph::to_string(approve.type) == "Suspend");
  CHECK(run.phase("wf[1].approve") == "Succeeded");
  CHECK(run.finished("wf[1].approve") == 30);
  CHECK(approve.outputs.parameters ==
        std::vector<std::pair<std::string, std::string>>{{"target", "prod"}});
  REQUIRE(run.executor.request_for("wf[2].deploy") != nullptr);
  CHECK(run.executor.request_for("wf[2].deploy")->main.args == std::vector<std::string>{"prod"});
  CHECK(inbox.replies() == std::vector<std::string>{"ok: workflow wf resumed"});
}

TEST_CASE("suspend: a resume without a value takes the output's default", "[engine][suspend]") {
  testing::EngineRun run(k_gate);
  testing::FakeInbox inbox(run.clock);
  run.inbox = &inbox;
  inbox.at(5, request(Action::resume));
  run.run();
  CHECK(run.node("wf[1].approve").outputs.parameters ==
        std::vector<std::pair<std::string, std::string>>{{"target", "staging"}});
}

TEST_CASE("suspend: an output with no value and no default fails the resume, not the node",
          "[engine][suspend]") {
  testing::EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: gate
  templates:
  - name: gate
    suspend: {}
    outputs:
      parameters:
      - name: answer
        valueFrom:
          supplied: {}
)");
  testing::FakeInbox inbox(run.clock);
  run.inbox = &inbox;
  inbox.at(1, request(Action::resume));
  inbox.at(2, request(Action::resume, "displayName=wf", {{"answer", "42"}}));
  const graph::WorkflowStatus& status = run.run();
  CHECK(inbox.replies() ==
        std::vector<std::string>{"error: raw output parameter 'answer' has not been set and does "
                                 "not have a default value",
                                 "ok: workflow wf resumed"});
  CHECK(status.phase == graph::WorkflowPhase::succeeded);
  CHECK(run.finished("wf") == 2);
  CHECK(run.node("wf").outputs.parameters ==
        std::vector<std::pair<std::string, std::string>>{{"answer", "42"}});
}

TEST_CASE("suspend: a duration ends the node by itself; bare integers are seconds",
          "[engine][suspend]") {
  for (const auto& [duration, seconds] :
       std::vector<std::pair<std::string, long long>>{{"\"20\"", 20}, {"1m", 60}, {"90s", 90}}) {
    testing::EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: wait
        template: wait
    - - name: after
        template: work
  - name: wait
    suspend:
      duration: )" + duration +
                           R"(
  - name: work
    container:
      image: busybox
)");
    const graph::WorkflowStatus& status = run.run();  // no inbox: nothing else can end it
    CHECK(status.phase == graph::WorkflowPhase::succeeded);
    CHECK(run.phase("wf[0].wait") == "Succeeded");
    CHECK(run.finished("wf[0].wait") == seconds);
    CHECK(run.started("wf[1].after") == seconds);
  }
}

TEST_CASE("suspend: a bad duration is a node error with Go's words", "[engine][suspend]") {
  testing::EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: wait
  arguments:
    parameters:
    - name: d
      value: 1d
  templates:
  - name: wait
    suspend:
      duration: "{{workflow.parameters.d}}"
)");
  const graph::WorkflowStatus& status = run.run();
  CHECK(status.phase == graph::WorkflowPhase::error);
  CHECK(run.node("wf").message.rfind("Unable to parse suspend duration '1d': ", 0) == 0);
}

TEST_CASE("suspend: an early resume ends a timed suspend; its timer then does nothing",
          "[engine][suspend]") {
  testing::EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: wait
  templates:
  - name: wait
    suspend:
      duration: 1h
)");
  testing::FakeInbox inbox(run.clock);
  run.inbox = &inbox;
  inbox.at(10, request(Action::resume));
  const graph::WorkflowStatus& status = run.run();
  CHECK(status.phase == graph::WorkflowPhase::succeeded);
  CHECK(run.finished("wf") == 10);
}

TEST_CASE("suspend: an indefinite suspend with no way to resume it is reported, not a hang",
          "[engine][suspend]") {
  testing::EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: wait
  templates:
  - name: wait
    suspend: {}
)");
  const graph::WorkflowStatus& status = run.run();
  CHECK(status.phase == graph::WorkflowPhase::error);
}

TEST_CASE("control: a selector resumes only the matching suspend nodes", "[engine][control]") {
  testing::EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: one
        template: gate
      - name: two
        template: gate
  - name: gate
    suspend: {}
)");
  testing::FakeInbox inbox(run.clock);
  run.inbox = &inbox;
  inbox.at(5, request(Action::resume, "displayName=two"));
  inbox.at(7, request(Action::resume, "displayName=three"));
  inbox.at(9, request(Action::resume, "displayName!=two"));
  run.run();
  REQUIRE(inbox.replies().size() == 3);
  CHECK(inbox.replies()[1] ==
        "error: currently, set only targets suspend nodes: no suspend nodes matching "
        "nodeFieldSelector: displayName=three");
  CHECK(run.finished("wf[0].two") == 5);
  CHECK(run.finished("wf[0].one") == 9);
}

TEST_CASE("control: a bad selector is refused with the reason", "[engine][control]") {
  testing::EngineRun run(k_gate);
  testing::FakeInbox inbox(run.clock);
  run.inbox = &inbox;
  inbox.at(1, request(Action::resume, "colour=blue"));
  inbox.at(2, request(Action::resume, "displayName"));
  inbox.at(3, request(Action::resume));
  run.run();
  REQUIRE(inbox.replies().size() == 3);
  CHECK(inbox.replies()[0] ==
        "error: unknown node field 'colour' in selector (displayName, name, id, templateName, "
        "phase, type, inputs.parameters.<name>.value)");
  CHECK(inbox.replies()[1] ==
        "error: invalid node field selector term 'displayName': want field=value");
}

TEST_CASE("control: stop fails the suspend node, runs the exit handler", "[engine][control]") {
  testing::EngineRun run(k_gate);
  testing::FakeInbox inbox(run.clock);
  run.inbox = &inbox;
  inbox.at(10, request(Action::stop));
  const graph::WorkflowStatus& status = run.run();
  CHECK(inbox.replies() == std::vector<std::string>{"ok: workflow wf stopped"});
  CHECK(status.phase == graph::WorkflowPhase::failed);
  CHECK(status.message == "Stopped with strategy 'Stop'");
  CHECK(run.phase("wf[1].approve") == "Failed");
  CHECK(run.node("wf[1].approve").message == "Stopped with strategy 'Stop'");
  CHECK_FALSE(run.has("wf[2].deploy"));
  CHECK(run.phase("wf.onExit") == "Succeeded");
}

TEST_CASE("control: stop with a selector fails only the matching suspend node",
          "[engine][control]") {
  testing::EngineRun run(k_gate);
  testing::FakeInbox inbox(run.clock);
  run.inbox = &inbox;
  engine::ControlRequest stop = request(Action::stop, "displayName=approve");
  stop.message = "not today";
  inbox.at(10, stop);
  const graph::WorkflowStatus& status = run.run();
  CHECK(run.phase("wf[1].approve") == "Failed");
  CHECK(run.node("wf[1].approve").message == "not today");
  CHECK(status.phase == graph::WorkflowPhase::failed);
  CHECK(status.message != "Stopped with strategy 'Stop'");  // the workflow was not shut down
}

TEST_CASE("control: terminate ends everything at once, no exit handler", "[engine][control]") {
  testing::EngineRun run(k_gate);
  testing::FakeInbox inbox(run.clock);
  run.inbox = &inbox;
  inbox.at(10, request(Action::terminate));
  const graph::WorkflowStatus& status = run.run();
  CHECK(inbox.replies() == std::vector<std::string>{"ok: workflow wf terminated"});
  CHECK(status.phase == graph::WorkflowPhase::failed);
  CHECK(status.message == "Stopped with strategy 'Terminate'");
  CHECK(run.phase("wf[1].approve") == "Failed");
  CHECK(run.node("wf[1].approve").message == "workflow shutdown with strategy:  Terminate");
  CHECK_FALSE(run.has("wf.onExit"));
}

TEST_CASE("control: a suspended workflow starts no pod until resumed", "[engine][control]") {
  testing::EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: a
        template: work
    - - name: b
        template: work
  - name: work
    container:
      image: busybox
)");
  run.executor.on_template("work", testing::FakePod().lasts(4));
  testing::FakeInbox inbox(run.clock);
  run.inbox = &inbox;
  inbox.at(1, request(Action::suspend));
  inbox.at(20, request(Action::resume));
  const graph::WorkflowStatus& status = run.run();
  CHECK(status.phase == graph::WorkflowPhase::succeeded);
  CHECK(run.finished("wf[0].a") == 4);   // the running pod went on
  CHECK(run.started("wf[1].b") == 4);    // its node was created,
  CHECK(run.finished("wf[1].b") == 24);  // its pod waited for the resume (at 20) to start
  CHECK(inbox.replies() ==
        std::vector<std::string>{"ok: workflow wf suspended", "ok: workflow wf resumed"});
}

TEST_CASE("control: spec.suspend submits the workflow suspended", "[engine][control]") {
  testing::EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: work
  suspend: true
  templates:
  - name: work
    container:
      image: busybox
)");
  testing::FakeInbox inbox(run.clock);
  run.inbox = &inbox;
  inbox.at(7, request(Action::resume));
  const graph::WorkflowStatus& status = run.run();
  CHECK(status.phase == graph::WorkflowPhase::succeeded);
  CHECK(run.finished("wf") == 8);  // its 1 s pod started at the resume
}

TEST_CASE("control: node set supplies outputs, then a phase ends the node", "[engine][control]") {
  testing::EngineRun run(k_gate);
  testing::FakeInbox inbox(run.clock);
  run.inbox = &inbox;
  inbox.at(3, request(Action::set_node, "displayName=approve", {{"target", "qa"}}));
  engine::ControlRequest done = request(Action::set_node, "displayName=approve");
  done.phase = "Succeeded";
  done.message = "approved by test";
  inbox.at(6, done);
  engine::ControlRequest wrong = request(Action::set_node, "displayName=deploy");
  inbox.at(7, wrong);
  run.run();
  CHECK(run.finished("wf[1].approve") == 6);
  CHECK(run.node("wf[1].approve").message == "approved by test");
  CHECK(run.node("wf[1].approve").outputs.parameters ==
        std::vector<std::pair<std::string, std::string>>{{"target", "qa"}});
  REQUIRE(inbox.replies().size() == 3);
  CHECK(inbox.replies()[2] ==
        "error: currently, set only targets suspend nodes: no suspend nodes matching "
        "nodeFieldSelector: displayName=deploy");
}
