// synchronization (spec 2.7): template mutexes serialize their nodes; waiting nodes are
// Pending with Argo's message; workflow-level mutexes are held for the run.
#include <catch2/catch.hpp>

#include "support/engine_fixture.hpp"

TEST_CASE("sync: a template mutex lets one node run at a time", "[engine][sync]") {
  testing::EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  name: wf
spec:
  entrypoint: main
  synchronization:
    mutexes:
    - name: whole
  templates:
  - name: main
    steps:
    - - name: a
        template: locked
      - name: b
        template: locked
      - name: c
        template: free
  - name: locked
    synchronization:
      mutexes:
      - name: one-at-a-time
    container:
      image: busybox
  - name: free
    container:
      image: busybox
)");
  run.executor.on_template("locked", testing::FakePod().lasts(5));
  run.executor.on_template("free", testing::FakePod().lasts(5));
  const graph::WorkflowStatus& status = run.run();
  CHECK(status.phase == graph::WorkflowPhase::succeeded);
  CHECK(run.executor.peak_concurrency() == 2);  // a (or b) and c
  CHECK(run.finished("wf[0].a") == 5);
  CHECK(run.finished("wf[0].b") == 10);  // waited for a's lock
  CHECK(run.finished("wf[0].c") == 5);
  bool waited = false;
  for (const std::string& line : run.transitions()) {
    waited =
        waited ||
        line == "wf[0].b Pending Waiting for default/Mutex/one-at-a-time lock. Lock status: 0/1";
  }
  CHECK(waited);
}
