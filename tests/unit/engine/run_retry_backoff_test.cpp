// The engine on retry backoff (spec 2.3): waits on the fake clock, `Backoff for ...`,
// cap, maxDuration as a limit and as the next attempt's deadline, and the workflow deadline.
#include <catch2/catch.hpp>

#include "support/engine_fixture.hpp"
#include "unit/engine/retry_test_support.hpp"

using retry_test::Names;
using retry_test::one_step;
using retry_test::saw;
using retry_test::start_times;
using testing::EngineRun;
using testing::FakePod;

TEST_CASE("retry: backoff waits on the clock, `Backoff for ...` while waiting") {
  EngineRun run(one_step(R"(    retryStrategy:
      limit: 3
      backoff: {duration: "2", factor: "2"}
)"));
  run.executor.on_template("leaf", FakePod().exits(1));
  run.run();
  // Attempts end at 1, 4, 9, 18; waits 2, 4, 8; no wait once the limit is used up.
  CHECK(start_times(run, {"wf[0].flaky(0)", "wf[0].flaky(1)", "wf[0].flaky(2)",
                          "wf[0].flaky(3)"}) == std::vector<long long>{0, 3, 8, 17});
  CHECK(run.clock.elapsed_seconds() == 18);
  CHECK(saw(run, "wf[0].flaky Running Backoff for 2 seconds"));
  CHECK(saw(run, "wf[0].flaky Running Backoff for 4 seconds"));
  CHECK(saw(run, "wf[0].flaky Running Backoff for 8 seconds"));
  CHECK(run.node("wf[0].flaky").message == "No more retries left");
}

TEST_CASE("retry: backoff cap and a Go duration") {
  EngineRun run(one_step(R"(    retryStrategy:
      limit: 3
      backoff: {duration: 1m, factor: 3, cap: 2m}
)"));
  run.executor.on_template("leaf", FakePod().exits(1));
  run.run();
  CHECK(start_times(run, {"wf[0].flaky(1)", "wf[0].flaky(2)", "wf[0].flaky(3)"}) ==
        std::vector<long long>{61, 182, 303});
  CHECK(saw(run, "wf[0].flaky Running Backoff for 1 minute 0 seconds"));
  CHECK(saw(run, "wf[0].flaky Running Backoff for 2 minutes 0 seconds"));
}

TEST_CASE("retry: backoff without a limit does not wait (Argo's quirk)") {
  EngineRun run(one_step(R"(    retryStrategy:
      backoff: {duration: "30"}
)"));
  run.executor.sequence("leaf", {FakePod().exits(1), FakePod().exits(1), FakePod()});
  run.run();
  CHECK(start_times(run, {"wf[0].flaky(0)", "wf[0].flaky(1)", "wf[0].flaky(2)"}) ==
        std::vector<long long>{0, 1, 2});
}

TEST_CASE("retry: maxDuration stops the retries") {
  SECTION("the next wait would pass it") {
    EngineRun run(one_step(R"(    retryStrategy:
      limit: 10
      backoff: {duration: "1", factor: "2", maxDuration: "10"}
)"));
    run.executor.on_template("leaf", FakePod().exits(1).lasts(2));
    run.run();
    // 0-2, wait 1, 3-5, wait 2, 7-9, then a wait of 4 would end at 13 > 10.
    CHECK(run.executor.started_nodes().size() == 3);
    CHECK(run.node("wf[0].flaky").message == "Backoff would exceed max duration limit");
    CHECK(run.phase("wf[0].flaky") == "Failed");
    CHECK(run.clock.elapsed_seconds() == 9);
  }
  SECTION("already passed") {
    EngineRun run(one_step(R"(    retryStrategy:
      limit: 10
      backoff: {duration: "1", maxDuration: "5"}
)"));
    run.executor.on_template("leaf", FakePod().exits(1).lasts(6));
    run.run();
    CHECK(run.executor.started_nodes().size() == 1);
    CHECK(run.node("wf[0].flaky").message == "Max duration limit exceeded");
  }
  SECTION("it is the deadline of the next attempt's pod") {
    EngineRun run(one_step(R"(    retryStrategy:
      limit: 5
      backoff: {duration: "1", maxDuration: "10"}
)"));
    run.executor.sequence("leaf", {FakePod().exits(1).lasts(2), FakePod().forever()});
    run.run();
    CHECK(run.executor.stopped_nodes() == Names{"wf[0].flaky(1)"});
    CHECK(run.started("wf[0].flaky(1)") == 3);
    CHECK(run.finished("wf[0].flaky(1)") == 10);
    CHECK(run.node("wf[0].flaky(1)").message == "Step exceeded its deadline");
    CHECK(run.node("wf[0].flaky").message == "Max duration limit exceeded");
  }
}

TEST_CASE("retry: a backoff duration that resolves to nothing errors the Retry node") {
  EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: leaf
  arguments:
    parameters: [{name: d, value: ""}]
  templates:
  - name: leaf
    inputs:
      parameters: [{name: d}]
    retryStrategy:
      limit: 2
      backoff: {duration: "{{inputs.parameters.d}}"}
    container: {image: busybox}
)");
  run.executor.on_template("leaf", FakePod().exits(1));
  run.run();
  CHECK(run.summary() == Names{"wf Error no base duration specified for retryStrategy",
                               "wf(0) Failed main: Error (exit code 1)"});
  CHECK(run.status.phase == graph::WorkflowPhase::error);
}

TEST_CASE("retry: past the workflow deadline a waiting Retry node gives up") {
  EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: leaf
  activeDeadlineSeconds: 5
  templates:
  - name: leaf
    retryStrategy:
      limit: 3
      backoff: {duration: "10"}
    container: {image: busybox}
)");
  run.executor.on_template("leaf", FakePod().exits(1));
  run.run();
  CHECK(run.summary() ==
        Names{"wf Failed retry exceeded workflow deadline 2024-01-01 00:00:05 +0000 UTC",
              "wf(0) Failed main: Error (exit code 1)"});
  CHECK(run.clock.elapsed_seconds() == 5);
}
