// Argo's Stop and Terminate (Ctrl-C once, twice): what is stopped, what still runs, and the
// messages, on the fake executor and clock.
#include <atomic>

#include <catch2/catch.hpp>

#include "engine/engine.hpp"

#include "support/engine_fixture.hpp"

namespace {

const char* const k_workflow = R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  onExit: goodbye
  templates:
  - name: main
    steps:
    - - name: a
        template: slow
      - name: b
        template: slow
    - - name: after
        template: slow
  - name: slow
    container:
      image: busybox
  - name: goodbye
    container:
      image: busybox
)";

}  // namespace

TEST_CASE("shutdown: Stop stops running pods, starts nothing new, runs the exit handler",
          "[engine][shutdown]") {
  testing::EngineRun run(k_workflow);
  std::atomic<int> flag{engine::k_shutdown_none};
  run.shutdown = &flag;
  run.executor.otherwise([&flag](const engine::PodRequest& request) {
    if (request.node_name == "wf[0].b") {
      flag.store(engine::k_shutdown_stop);  // Ctrl-C once both steps run
    }
    return testing::FakePod().forever();
  });
  run.executor.on_template("goodbye", testing::FakePod().lasts(1));
  const graph::WorkflowStatus& status = run.run();
  CHECK(status.phase == graph::WorkflowPhase::failed);
  CHECK(status.message == "Stopped with strategy 'Stop'");
  CHECK(run.phase("wf[0].a") == "Failed");
  CHECK(run.node("wf[0].a").message == "workflow shutdown with strategy:  Stop");
  CHECK(run.phase("wf[0].b") == "Failed");
  CHECK_FALSE(run.has("wf[1].after"));  // the failed group ends the steps
  CHECK(run.phase("wf.onExit") == "Succeeded");
  CHECK(run.executor.started_nodes() ==
        std::vector<std::string>{"wf[0].a", "wf[0].b", "wf.onExit"});
  CHECK(run.executor.stopped_nodes() == std::vector<std::string>{"wf[0].a", "wf[0].b"});
}

TEST_CASE("shutdown: Terminate cancels everything at once, no exit handler", "[engine][shutdown]") {
  testing::EngineRun run(k_workflow);
  std::atomic<int> flag{engine::k_shutdown_none};
  run.shutdown = &flag;
  run.executor.otherwise([&flag](const engine::PodRequest& request) {
    if (request.node_name == "wf[0].b") {
      flag.store(engine::k_shutdown_terminate);
    }
    return testing::FakePod().forever();
  });
  const graph::WorkflowStatus& status = run.run();
  CHECK(status.phase == graph::WorkflowPhase::failed);
  CHECK(status.message == "Stopped with strategy 'Terminate'");
  CHECK(run.node("wf[0].a").message == "workflow shutdown with strategy:  Terminate");
  CHECK_FALSE(run.has("wf.onExit"));
}
