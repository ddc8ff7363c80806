// Engine throughput with the DryRun executor: how long the scheduler itself takes for large
// graphs, with no container (or process) in the way. Workflows are generated in memory and
// loaded outside the timed region; each iteration runs the whole workflow once.
#include <memory>
#include <string>

#include <fmt/format.h>

#include "engine/clock.hpp"
#include "engine/engine.hpp"
#include "engine/status_sink.hpp"
#include "exec/dry_run_executor.hpp"
#include "model/diagnostic.hpp"
#include "model/loader.hpp"
#include "model/validate.hpp"

#include <benchmark/benchmark.h>

namespace {

struct Loaded {
  util::SourceSet sources;
  model::Diagnostics diagnostics;
  std::vector<model::Workflow> documents;
};

std::unique_ptr<Loaded> load(const std::string& yaml) {
  auto loaded = std::make_unique<Loaded>();
  const util::SourceFile& file = loaded->sources.add("bench.yaml", yaml);
  loaded->documents = model::load_documents(file, loaded->diagnostics);
  return loaded;
}

/// A DAG of `width` x `depth` tasks: each task depends on the task in the same column of the
/// previous layer and, for a little fan-in, on its left neighbour there.
std::string layered_dag(int width, int depth) {
  std::string tasks;
  for (int layer = 0; layer < depth; ++layer) {
    for (int column = 0; column < width; ++column) {
      tasks += fmt::format("      - name: t{}-{}\n        template: leaf\n", layer, column);
      if (layer > 0) {
        tasks += fmt::format("        dependencies: [t{}-{}", layer - 1, column);
        if (column > 0) {
          tasks += fmt::format(", t{}-{}", layer - 1, column - 1);
        }
        tasks += "]\n";
      }
    }
  }
  return "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: big}\nspec:\n"
         "  entrypoint: main\n  templates:\n  - name: main\n    dag:\n      tasks:\n" +
         tasks + "  - {name: leaf, container: {image: busybox, command: [echo, hi]}}\n";
}

/// One step looping over `count` items.
std::string wide_loop(int count) {
  std::string items;
  for (int i = 0; i < count; ++i) {
    items += fmt::format("{}item-{}", i == 0 ? "" : ", ", i);
  }
  return "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: loop}\nspec:\n"
         "  entrypoint: main\n  templates:\n  - name: main\n    steps:\n"
         "    - - name: each\n        template: leaf\n"
         "        arguments: {parameters: [{name: m, value: \"{{item}}\"}]}\n"
         "        withItems: [" +
         items +
         "]\n  - name: leaf\n    inputs: {parameters: [{name: m}]}\n"
         "    container: {image: busybox, command: [echo, \"{{inputs.parameters.m}}\"]}\n";
}

void run_workflow(benchmark::State& state, const model::Workflow& workflow) {
  std::size_t nodes = 0;
  for (auto _ : state) {
    exec::DryRunExecutor executor({});
    engine::SystemClock clock;
    engine::NullStatusSink sink;
    engine::RunRequest request;
    request.workflow = &workflow;
    request.name = workflow.metadata.name->value;
    engine::Engine engine(request, executor, clock, sink);
    const graph::WorkflowStatus status = engine.run();
    nodes = status.nodes.size();
    benchmark::DoNotOptimize(nodes);
  }
  state.counters["nodes"] = static_cast<double>(nodes);
  state.counters["nodes/s"] =
      benchmark::Counter(static_cast<double>(nodes), benchmark::Counter::kIsIterationInvariantRate);
}

void BM_DagLayered(benchmark::State& state) {
  const int width = static_cast<int>(state.range(0));
  const int depth = static_cast<int>(state.range(1));
  const std::unique_ptr<Loaded> loaded = load(layered_dag(width, depth));
  run_workflow(state, loaded->documents.front());
}
// 10,000 tasks: 100 wide x 100 deep, and a 10,000-long chain (the deepest case).
BENCHMARK(BM_DagLayered)
    ->Args({100, 100})
    ->Args({1, 10000})
    ->Args({10000, 1})
    ->Unit(benchmark::kMillisecond);

void BM_WithItems(benchmark::State& state) {
  const std::unique_ptr<Loaded> loaded = load(wide_loop(static_cast<int>(state.range(0))));
  run_workflow(state, loaded->documents.front());
}
BENCHMARK(BM_WithItems)->Arg(100)->Arg(10000)->Unit(benchmark::kMillisecond);

}  // namespace
