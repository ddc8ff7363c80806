// DAG templates (spec section 4.3): tasks start when their dependencies are fulfilled and
// their `depends` holds (else Omitted); the DAG's phase comes from its target branches.
#include <algorithm>
#include <limits>
#include <sstream>

#include <fmt/format.h>

#include "engine/outputs.hpp"
#include "engine/run.hpp"
#include "engine/run_frames.hpp"
#include "graph/naming.hpp"

namespace engine {
namespace {

bool is_failure(graph::Phase phase) {
  return phase == graph::Phase::failed || phase == graph::Phase::error;
}

/// The names a task waits for: `dependencies`, or every task named in `depends`.
std::vector<std::string> dependency_names(const model::Step& task,
                                          const std::optional<expr::DependsExpr>& depends) {
  std::vector<std::string> names;
  auto add = [&](const std::string& name) {
    if (std::find(names.begin(), names.end(), name) == names.end()) {
      names.push_back(name);
    }
  };
  if (depends) {
    for (const expr::DependsOperand& operand : depends->operands()) {
      add(operand.task);
    }
  } else {
    for (const model::Scalar& dependency : task.dependencies) {
      add(dependency.value);
    }
  }
  return names;
}

/// Argo's order of creating ready tasks: a DFS from the sorted targets, dependencies first
/// (post-order). Iterative, so a chain of thousands of tasks needs no deep stack.
void rank_tasks(DagFrame& frame, const std::vector<std::size_t>& targets) {
  constexpr std::size_t k_unranked = std::numeric_limits<std::size_t>::max();
  std::vector<bool> seen(frame.tasks.size(), false);
  std::size_t next = 0;
  // (task, index of the next dependency to visit)
  std::vector<std::pair<std::size_t, std::size_t>> stack;
  for (const std::size_t target : targets) {
    if (seen[target]) {
      continue;
    }
    seen[target] = true;
    stack.emplace_back(target, 0);
    while (!stack.empty()) {
      auto& [task, position] = stack.back();
      if (position < frame.deps[task].size()) {
        const std::size_t dependency = frame.deps[task][position++];
        if (!seen[dependency]) {
          seen[dependency] = true;
          stack.emplace_back(dependency, 0);
        }
        continue;
      }
      frame.rank[task] = next++;
      stack.pop_back();
    }
  }
  for (std::size_t task = 0; task < frame.tasks.size(); ++task) {
    if (!seen[task]) {
      frame.rank[task] = k_unranked;  // not needed by any target: never runs
    }
  }
}

}  // namespace

void Run::execute_dag(const Call& call, const std::string& id,
                      const std::vector<std::pair<std::string, std::string>>& inputs) {
  const model::Template& tmpl = *call.handle.tmpl;
  const model::DagTemplate& dag = *tmpl.dag;
  auto frame = std::make_unique<DagFrame>();
  DagFrame& f = *frame;
  f.id = id;
  f.call = call;
  f.scope = make_local_scope(call, inputs);
  f.throttle.limit = template_parallelism(tmpl);
  // `dag.failFast` needs no code here: in Argo's code (dag.go assessDAGPhase) it only lets the
  // DAG fail before every target has a node, and here every ready task is started at once.
  // The template's `failFast` (default false) does: no task starts after a failure.
  if (template_fail_fast(tmpl)) {
    f.throttle.fail_fast = [this, &f] { dag_fail_fast(f); };
  }
  const std::size_t count = dag.tasks.size();
  for (std::size_t i = 0; i < count; ++i) {
    f.tasks.push_back(&dag.tasks[i]);
    f.index_of.emplace(dag.tasks[i].name.value, i);
  }
  f.deps.resize(count);
  f.dependents.resize(count);
  f.depends.resize(count);
  for (std::size_t i = 0; i < count; ++i) {
    const model::Step& task = dag.tasks[i];
    std::string text;
    if (task.depends) {
      text = task.depends->value;
    } else {
      for (const model::Scalar& dependency : task.dependencies) {
        text += (text.empty() ? "" : " && ") + dependency.value;
      }
    }
    if (!text.empty()) {
      expr::DependsParse parsed = expr::parse_depends(text);
      f.depends[i] = std::move(parsed.expr);  // validated by lint: never empty here
    }
    for (const std::string& name : dependency_names(task, f.depends[i])) {
      const auto it = f.index_of.find(name);
      if (it != f.index_of.end()) {
        f.deps[i].push_back(it->second);
        f.dependents[it->second].push_back(i);
      }
    }
  }
  // Targets: `target` (space-separated), else every task nothing depends on, sorted.
  std::vector<std::string> target_names;
  if (dag.target && !dag.target->value.empty()) {
    util::Result<std::string> text =
        expr::substitute(dag.target->value, *f.scope, expr::Mode::lenient);
    std::istringstream words(text.ok() ? *text : dag.target->value);
    for (std::string word; words >> word;) {
      target_names.push_back(word);
    }
  } else {
    for (std::size_t i = 0; i < count; ++i) {
      if (f.dependents[i].empty()) {
        target_names.push_back(dag.tasks[i].name.value);
      }
    }
    std::sort(target_names.begin(), target_names.end());
  }
  for (const std::string& name : target_names) {
    const auto it = f.index_of.find(name);
    if (it == f.index_of.end()) {
      // Argo's controller fails the whole workflow on this (dag.go GetTask).
      f.finished = true;
      m_dag_frames.emplace(id, std::move(frame));
      set_phase(id, graph::Phase::error, fmt::format("target '{}' does not exist", name));
      return;
    }
    f.targets.push_back(it->second);
  }
  f.rank.assign(count, 0);
  rank_tasks(f, f.targets);
  f.outcome.assign(count, StepOutcome{});
  f.unfulfilled.assign(count, 0);
  for (std::size_t i = 0; i < count; ++i) {
    if (f.rank[i] == std::numeric_limits<std::size_t>::max()) {
      continue;
    }
    f.unfulfilled[i] = f.deps[i].size();
    if (f.deps[i].empty()) {
      f.ready.push_back(i);
    }
  }
  m_dag_frames.emplace(id, std::move(frame));
  mark_running(id);
  mark_dirty(f);
}

void Run::dag_schedule(DagFrame& frame) {
  if (frame.finished || frame.throttle.tripped) {
    return;  // failFast: nothing new starts; dag_fail_fast ends it when nothing runs
  }
  while (!frame.ready.empty()) {
    std::vector<std::size_t> batch;
    batch.swap(frame.ready);
    std::sort(batch.begin(), batch.end(),
              [&](std::size_t a, std::size_t b) { return frame.rank[a] < frame.rank[b]; });
    for (const std::size_t task_index : batch) {
      dag_start_task(frame, task_index);
    }
  }
  if (frame.running == 0) {
    dag_finish(frame);
  }
}

void Run::dag_start_task(DagFrame& frame, std::size_t index) {
  const model::Step& task = *frame.tasks[index];
  const std::string name = graph::task_name(frame.call.node_name, task.name.value);
  std::vector<std::string> parents;
  if (frame.deps[index].empty()) {
    parents.push_back(frame.id);
  } else {
    for (const std::size_t dependency : frame.deps[index]) {
      for (std::string& out : outbound_nodes(frame.outcome[dependency].node_id)) {
        parents.push_back(std::move(out));
      }
    }
  }
  if (frame.depends[index]) {
    auto outcome_node = [&](std::string_view task_name) -> const graph::Node* {
      const auto it = frame.index_of.find(std::string(task_name));
      if (it == frame.index_of.end() || frame.outcome[it->second].node_id.empty()) {
        return nullptr;
      }
      return &node(frame.outcome[it->second].node_id);
    };
    const bool proceed = expr::evaluate(
        *frame.depends[index],
        [&](std::string_view task_name, expr::TaskResult result) {
          const graph::Node* dep = outcome_node(task_name);
          if (dep == nullptr) {
            return false;
          }
          switch (result) {
            case expr::TaskResult::succeeded: return dep->phase == graph::Phase::succeeded;
            case expr::TaskResult::failed: return dep->phase == graph::Phase::failed;
            case expr::TaskResult::errored: return dep->phase == graph::Phase::error;
            case expr::TaskResult::skipped: return dep->phase == graph::Phase::skipped;
            case expr::TaskResult::omitted: return dep->phase == graph::Phase::omitted;
            case expr::TaskResult::daemoned: return dep->daemoned;
            case expr::TaskResult::any_succeeded:
            case expr::TaskResult::all_failed: {
              const std::size_t dep_index = frame.index_of.at(std::string(task_name));
              const std::vector<std::string>& children = frame.outcome[dep_index].loop_children;
              std::size_t succeeded = 0;
              std::size_t failed = 0;
              for (const std::string& child : children) {
                succeeded += node(child).phase == graph::Phase::succeeded ? 1 : 0;
                failed += node(child).phase == graph::Phase::failed ? 1 : 0;
              }
              return result == expr::TaskResult::any_succeeded
                         ? succeeded > 0
                         : (!children.empty() && failed == children.size());
            }
          }
          return false;
        },
        [&](std::string_view task_name) {
          expr::DependsContinueOn widen;
          const auto it = frame.index_of.find(std::string(task_name));
          if (it != frame.index_of.end() && frame.tasks[it->second]->continue_on) {
            widen.failed = frame.tasks[it->second]->continue_on->failed;
            widen.error = frame.tasks[it->second]->continue_on->error;
          }
          return widen;
        });
    if (!proceed) {
      const std::string id =
          create_node(name, graph::NodeType::skipped, frame.id, nullptr, graph::Phase::omitted,
                      "omitted: depends condition not met");
      for (const std::string& parent : parents) {
        add_child(parent, id);
      }
      ++frame.running;
      DagFrame* target = &frame;
      on_done(id, [this, target, index](const std::string& node_id) {
        dag_task_done(*target, index, StepOutcome{node_id, {}, false});
      });
      return;
    }
  }
  StepSite site;
  site.step = &task;
  site.document = frame.call.handle.document;
  site.scope = frame.scope.get();
  site.absent = &frame.absent;
  site.node_name = name;
  site.boundary_id = frame.id;
  site.parents = std::move(parents);
  site.depth = frame.call.depth;
  site.in_dag = true;
  site.throttle = &frame.throttle;
  site.on_exit = frame.call.on_exit;
  ++frame.running;
  DagFrame* target = &frame;
  start_step(site, [this, target, index](const StepOutcome& outcome) {
    dag_task_done(*target, index, outcome);
  });
}

void Run::dag_task_done(DagFrame& frame, std::size_t index, const StepOutcome& outcome) {
  frame.outcome[index] = outcome;
  --frame.running;
  const model::Step& task = *frame.tasks[index];
  const std::string prefix = "tasks." + task.name.value;
  if (outcome.looped) {
    std::vector<const graph::Node*> children;
    for (const std::string& child : outcome.loop_children) {
      children.push_back(&node(child));
    }
    bind_loop_outputs(*frame.scope, prefix, node(outcome.node_id), children);
  } else if (!outcome.node_id.empty()) {
    bind_skipped_or_outputs(*frame.scope, frame.absent, prefix, task, *frame.call.handle.document,
                            node(outcome.node_id));
  }
  for (const std::size_t dependent : frame.dependents[index]) {
    if (frame.rank[dependent] != std::numeric_limits<std::size_t>::max() &&
        --frame.unfulfilled[dependent] == 0) {
      frame.ready.push_back(dependent);
    }
  }
  mark_dirty(frame);
}

void Run::dag_finish(DagFrame& frame) {
  frame.finished = true;
  stop_daemons(frame.id);
  // Branch phases in creation order (dependencies come first): a completed node sets its
  // branch's phase, a Skipped/Omitted one inherits a failed parent branch.
  std::vector<std::optional<graph::Phase>> branch(frame.tasks.size());
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < frame.tasks.size(); ++i) {
    if (!frame.outcome[i].node_id.empty()) {
      order.push_back(i);
    }
  }
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return frame.rank[a] < frame.rank[b]; });
  for (const std::size_t i : order) {
    const graph::Node& task_node = node(frame.outcome[i].node_id);
    if (graph::is_completed(task_node.phase)) {
      branch[i] = task_node.phase;
      continue;
    }
    branch[i] = graph::Phase::succeeded;
    for (const std::size_t dependency : frame.deps[i]) {
      if (branch[dependency] && is_failure(*branch[dependency])) {
        branch[i] = branch[dependency];
        break;
      }
    }
  }
  graph::Phase phase = graph::Phase::succeeded;
  std::vector<std::size_t> targets = frame.targets;
  for (const std::size_t target : targets) {
    if (!branch[target] || !is_failure(*branch[target])) {
      continue;
    }
    const graph::Node& target_node = node(frame.outcome[target].node_id);
    if (continue_covers(*frame.tasks[target], target_node.phase)) {
      continue;
    }
    phase = *branch[target];
    break;
  }
  graph::Node& dag_node = node(frame.id);
  for (const std::size_t target : targets) {
    if (!frame.outcome[target].node_id.empty()) {
      for (std::string& out : outbound_nodes(frame.outcome[target].node_id)) {
        dag_node.outbound_nodes.push_back(std::move(out));
      }
    }
  }
  if (phase != graph::Phase::succeeded) {
    set_phase(frame.id, phase);
    return;
  }
  const model::Template& tmpl = *frame.call.handle.tmpl;
  util::Result<std::vector<std::pair<std::string, std::string>>> outputs =
      template_outputs(tmpl, *frame.scope);
  if (!outputs.ok()) {
    set_phase(frame.id, graph::Phase::error, outputs.error().message);
    return;
  }
  util::Result<std::vector<graph::ArtifactRef>> artifacts =
      template_output_artifacts(tmpl, *frame.scope);
  if (!artifacts.ok()) {
    set_phase(frame.id, graph::Phase::error, artifacts.error().message);
    return;
  }
  node(frame.id).outputs.parameters = std::move(outputs.value());
  node(frame.id).outputs.artifacts = std::move(artifacts.value());
  export_globals(tmpl, node(frame.id));
  set_phase(frame.id, graph::Phase::succeeded);
}

// Argo (operator.go checkParallelism) stops evaluating the DAG once a child failed and, when
// no pod of it is active, fails it: ready tasks never get a node (not even Omitted ones).
void Run::dag_fail_fast(DagFrame& frame) {
  if (frame.finished) {
    return;
  }
  frame.finished = true;
  stop_daemons(frame.id);
  const std::string message(k_fail_fast_message);
  // A looped task whose items did not all start keeps a Running TaskGroup; it ends with the
  // DAG, as Argo ends the latest step group of a steps node.
  std::vector<std::string> groups;
  for (const graph::Node& each : m_status.nodes.nodes()) {
    if (each.boundary_id == frame.id && each.type == graph::NodeType::task_group &&
        !graph::is_fulfilled(each.phase, false)) {
      groups.push_back(each.id);
    }
  }
  for (const std::string& group : groups) {
    set_phase(group, graph::Phase::failed, message);
  }
  set_phase(frame.id, graph::Phase::failed, message);
}

}  // namespace engine
