// Template `memoize` (spec 2.6) on the fake executor and clock with an in-memory cache: hits,
// misses, what is saved, maxAge, keys from inputs, steps and Retry nodes, save failures, and
// the preflight's refusal when no cache is provided.
#include <catch2/catch.hpp>

#include "engine/memo_cache.hpp"
#include "engine/preflight.hpp"

#include "support/engine_fixture.hpp"

namespace {

using Names = std::vector<std::string>;
using Pairs = std::vector<std::pair<std::string, std::string>>;
using testing::EngineRun;
using testing::FakePod;

/// One memoized container template called twice in sequence with `first` and `second`.
std::string twice(const std::string& first, const std::string& second,
                  const std::string& max_age = "") {
  return R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: one, template: work, arguments: {parameters: [{name: x, value: ")" +
         first + R"("}]}}
    - - {name: two, template: work, arguments: {parameters: [{name: x, value: ")" +
         second + R"("}]}}
  - name: work
    inputs: {parameters: [{name: x}]}
    memoize:
      key: "k-{{inputs.parameters.x}}"
)" + (max_age.empty() ? std::string() : "      maxAge: \"" + max_age + "\"\n") +
         R"(      cache: {configMap: {name: my-cache}}
    outputs: {parameters: [{name: out, valueFrom: {path: /tmp/out}}]}
    container: {image: busybox, args: ["{{inputs.parameters.x}}"]}
)";
}

/// A cache entry made `age_seconds` before the fake clock's start.
engine::MemoEntry entry_aged(const EngineRun& run, double age_seconds) {
  engine::MemoEntry entry;
  entry.node_id = "old-node";
  entry.outputs.parameters = {{"out", "cached"}};
  entry.outputs.exit_code = "0";
  entry.created_at = run.clock.at(-age_seconds);
  return entry;
}

}  // namespace

TEST_CASE("memoize: a miss runs the pod and saves its outputs; the next call hits",
          "[engine][memoize]") {
  EngineRun run(twice("a", "a"));
  engine::MemoryMemoCache cache;
  run.request.memo = &cache;
  run.executor.on_template("work", FakePod().writes("/tmp/out", "made\n"));
  run.run();
  CHECK(run.status.phase == graph::WorkflowPhase::succeeded);
  CHECK(run.executor.started_nodes() == Names{"wf[0].one"});
  const graph::Node& one = run.node("wf[0].one");
  REQUIRE(one.memoization.has_value());
  CHECK_FALSE(one.memoization->hit);
  CHECK(one.memoization->key == "k-a");
  CHECK(one.memoization->cache_name == "my-cache");
  const std::optional<engine::MemoEntry> saved = cache.lookup("my-cache", "k-a");
  REQUIRE(saved.has_value());
  CHECK(saved->node_id == one.id);
  CHECK(saved->outputs.parameters == Pairs{{"out", "made"}});
  CHECK(saved->outputs.exit_code == std::optional<std::string>("0"));
  // The second call is created Succeeded from the cache: no pod, same outputs.
  const graph::Node& two = run.node("wf[1].two");
  CHECK(two.phase == graph::Phase::succeeded);
  CHECK(two.type == graph::NodeType::pod);
  CHECK(two.outputs.parameters == Pairs{{"out", "made"}});
  REQUIRE(two.memoization.has_value());
  CHECK(two.memoization->hit);
  CHECK(two.memoization->key == "k-a");
  CHECK(two.input_parameters == Pairs{{"x", "a"}});
  // Reported Succeeded once (progress prints a line per report of a pod node).
  Names reports;
  for (const std::string& each : run.transitions()) {
    if (each.rfind("wf[1].two ", 0) == 0) {
      reports.push_back(each);
    }
  }
  CHECK(reports == Names{"wf[1].two Pending", "wf[1].two Succeeded"});
}

TEST_CASE("memoize: a hit from an earlier run starts no pod and gives the cached outputs",
          "[engine][memoize]") {
  EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: make, template: work}
    - - name: use
        template: show
        arguments: {parameters: [{name: v, value: "{{steps.make.outputs.parameters.out}}"}]}
  - name: work
    memoize: {key: fixed, cache: {configMap: {name: c}}}
    outputs: {parameters: [{name: out, valueFrom: {path: /tmp/out}}]}
    container: {image: busybox}
  - name: show
    inputs: {parameters: [{name: v}]}
    container: {image: busybox, args: ["{{inputs.parameters.v}}"]}
)");
  engine::MemoryMemoCache cache;
  REQUIRE_FALSE(cache.save("c", "fixed", entry_aged(run, 3600)));
  run.request.memo = &cache;
  run.run();
  CHECK(run.summary() == Names{"wf Succeeded", "wf[0] Succeeded", "wf[0].make Succeeded",
                               "wf[1] Succeeded", "wf[1].use Succeeded"});
  CHECK(run.executor.started_nodes() == Names{"wf[1].use"});
  CHECK(run.executor.request_for("wf[1].use")->main.args == Names{"cached"});
  CHECK(run.node("wf[0].make").memoization->hit);
}

TEST_CASE("memoize: keys come from the inputs: different inputs run again", "[engine][memoize]") {
  EngineRun run(twice("a", "b"));
  engine::MemoryMemoCache cache;
  run.request.memo = &cache;
  run.executor.on_template("work", FakePod().writes("/tmp/out", "v"));
  run.run();
  CHECK(run.executor.started_nodes() == Names{"wf[0].one", "wf[1].two"});
  CHECK(run.node("wf[1].two").memoization->key == "k-b");
  CHECK_FALSE(run.node("wf[1].two").memoization->hit);
  CHECK(cache.size() == 2);
}

TEST_CASE("memoize: a failed node is not saved", "[engine][memoize]") {
  EngineRun run(twice("a", "a"));
  engine::MemoryMemoCache cache;
  run.request.memo = &cache;
  run.executor.on_template("work", FakePod().exits(1));
  run.run();
  CHECK(run.phase("wf[0].one") == "Failed");
  CHECK(cache.size() == 0);
  CHECK_FALSE(run.has("wf[1].two"));
}

TEST_CASE("memoize: an entry older than maxAge is a miss; a younger one a hit",
          "[engine][memoize]") {
  SECTION("expired") {
    EngineRun run(twice("a", "b", "10s"));
    engine::MemoryMemoCache cache;
    REQUIRE_FALSE(cache.save("my-cache", "k-a", entry_aged(run, 11)));
    run.request.memo = &cache;
    run.executor.on_template("work", FakePod().writes("/tmp/out", "fresh"));
    run.run();
    CHECK(run.executor.started_nodes() == Names{"wf[0].one", "wf[1].two"});
    CHECK_FALSE(run.node("wf[0].one").memoization->hit);
    CHECK(cache.lookup("my-cache", "k-a")->outputs.parameters == Pairs{{"out", "fresh"}});
  }
  SECTION("within maxAge") {
    EngineRun run(twice("a", "b", "10s"));
    engine::MemoryMemoCache cache;
    REQUIRE_FALSE(cache.save("my-cache", "k-a", entry_aged(run, 9)));
    run.request.memo = &cache;
    run.run();
    CHECK(run.executor.started_nodes() == Names{"wf[1].two"});
    CHECK(run.node("wf[0].one").outputs.parameters == Pairs{{"out", "cached"}});
  }
}

TEST_CASE("memoize: a steps template is memoized as a whole", "[engine][memoize]") {
  const char* const yaml = R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: first, template: group}
    - - {name: again, template: group}
  - name: group
    memoize: {key: g, cache: {configMap: {name: c}}}
    steps:
    - - {name: leaf, template: leaf}
    outputs:
      parameters:
      - {name: out, valueFrom: {parameter: "{{steps.leaf.outputs.result}}"}}
  - name: leaf
    container: {image: busybox}
)";
  EngineRun run(yaml);
  engine::MemoryMemoCache cache;
  run.request.memo = &cache;
  run.executor.on_template("leaf", FakePod().prints("computed"));
  run.run();
  CHECK(run.summary() == Names{"wf Succeeded", "wf[0] Succeeded", "wf[0].first Succeeded",
                               "wf[0].first[0] Succeeded", "wf[0].first[0].leaf Succeeded",
                               "wf[1] Succeeded", "wf[1].again Succeeded"});
  CHECK(run.executor.started_nodes() == Names{"wf[0].first[0].leaf"});
  CHECK(cache.lookup("c", "g")->outputs.parameters == Pairs{{"out", "computed"}});
  const graph::Node& again = run.node("wf[1].again");
  CHECK(again.type == graph::NodeType::steps);
  CHECK(again.children.empty());
  CHECK(again.outputs.parameters == Pairs{{"out", "computed"}});
}

TEST_CASE("memoize: with retries the Retry node is the memoized one", "[engine][memoize]") {
  EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: one, template: flaky}
    - - {name: two, template: flaky}
  - name: flaky
    retryStrategy: {limit: 2}
    memoize: {key: r, cache: {configMap: {name: c}}}
    container: {image: busybox}
)");
  engine::MemoryMemoCache cache;
  run.request.memo = &cache;
  run.executor.sequence("flaky", {FakePod().exits(1), FakePod().prints("ok")});
  run.run();
  CHECK(run.summary() == Names{"wf Succeeded", "wf[0] Succeeded", "wf[0].one Succeeded",
                               "wf[0].one(0) Failed main: Error (exit code 1)",
                               "wf[0].one(1) Succeeded", "wf[1] Succeeded", "wf[1].two Succeeded"});
  CHECK(run.node("wf[0].one").memoization.has_value());
  CHECK_FALSE(run.node("wf[0].one(1)").memoization.has_value());
  CHECK(cache.lookup("c", "r")->node_id == run.node("wf[0].one").id);
  CHECK(run.node("wf[1].two").type == graph::NodeType::retry);
  CHECK(run.node("wf[1].two").outputs.result == std::optional<std::string>("ok"));
}

TEST_CASE("memoize: a failed save makes the node Error", "[engine][memoize]") {
  EngineRun run(twice("a", "b"));
  engine::MemoryMemoCache cache;
  cache.fail_saves("disk full");
  run.request.memo = &cache;
  run.executor.on_template("work", FakePod().writes("/tmp/out", "v"));
  run.run();
  CHECK(run.phase("wf[0].one") == "Error");
  CHECK(run.node("wf[0].one").message == "disk full");
  CHECK_FALSE(run.has("wf[1].two"));
  CHECK(run.status.phase == graph::WorkflowPhase::failed);
}

TEST_CASE("memoize: preflight refuses memoize unless a cache is provided",
          "[engine][memoize][preflight]") {
  const auto linted = testing::load_text(twice("a", "b"));
  REQUIRE(!linted->documents.empty());
  const std::vector<engine::Unsupported> refused =
      engine::preflight(linted->documents.front(), nullptr, "");
  REQUIRE(refused.size() == 1);
  CHECK(refused[0].message == "memoize is not supported by this version of flowrun");
  CHECK(refused[0].loc.line == 14);
  CHECK(refused[0].loc.column == 7);  // the memoize mapping: its first key
  engine::PreflightOptions options;
  options.memoize = true;
  CHECK(engine::preflight(linted->documents.front(), nullptr, "", options).empty());
}

TEST_CASE("memoize: a DAG task whose key was saved by an earlier task is a hit",
          "[engine][memoize]") {
  EngineRun run(R"(apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: a, template: work}
      - {name: b, template: work, dependencies: [a]}
      - name: c
        dependencies: [b]
        template: show
        arguments: {parameters: [{name: v, value: "{{tasks.b.outputs.result}}"}]}
  - name: work
    memoize: {key: same, cache: {configMap: {name: c}}}
    container: {image: busybox}
  - name: show
    inputs: {parameters: [{name: v}]}
    container: {image: busybox, args: ["{{inputs.parameters.v}}"]}
)");
  engine::MemoryMemoCache cache;
  run.request.memo = &cache;
  run.executor.on_template("work", FakePod().prints("once"));
  run.run();
  CHECK(run.summary() ==
        Names{"wf Succeeded", "wf.a Succeeded", "wf.b Succeeded", "wf.c Succeeded"});
  CHECK(run.executor.started_nodes() == Names{"wf.a", "wf.c"});
  CHECK(run.node("wf.b").memoization->hit);
  CHECK(run.executor.request_for("wf.c")->main.args == Names{"once"});
  CHECK(run.children("wf.b") == Names{"wf.c"});
}
