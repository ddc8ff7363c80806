/// The per-node state the engine keeps while a steps, DAG or pod node runs (internal).
#pragma once

#include <cstddef>
#include <cstdlib>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/executor.hpp"
#include "engine/run.hpp"
#include "expr/depends.hpp"
#include "expr/substitute.hpp"

namespace engine {

/// The template's `parallelism` (how many children may run at once); 0 for no limit.
inline int template_parallelism(const model::Template& tmpl) {
  return tmpl.parallelism ? std::atoi(tmpl.parallelism->value.c_str()) : 0;
}

/// Whether the template has `failFast: true` (steps and DAG templates; default false).
inline bool template_fail_fast(const model::Template& tmpl) {
  return tmpl.fail_fast && tmpl.fail_fast->is_true();
}

/// The message of a steps/DAG node (and its last step group) that failFast ended.
inline constexpr std::string_view k_fail_fast_message =
    "template has failed or errored children and failFast enabled";

/// Whether the step's or task's `continueOn` accepts a child ending in `phase`.
inline bool continue_covers(const model::Step& step, graph::Phase phase) {
  if (!step.continue_on) {
    return false;
  }
  return (phase == graph::Phase::failed && step.continue_on->failed) ||
         (phase == graph::Phase::error && step.continue_on->error);
}

/// A running steps node.
struct StepsFrame {
  std::string id;
  Call call;
  std::unique_ptr<expr::Scope> scope;  ///< inputs, then `steps.X.*` of finished groups
  std::set<std::string> absent;        ///< absent-optional names in `scope`
  std::size_t group = 0;               ///< the group running now
  std::string group_id;
  std::size_t pending = 0;            ///< steps of the group not yet done
  std::vector<StepOutcome> outcomes;  ///< per step of the group
  Throttle throttle;
  bool finished = false;  ///< failFast ended it: later Done calls of its steps change nothing
};

/// A running DAG node. Tasks are indexed in declaration order, restricted to the targets and
/// their ancestors (only those run).
struct DagFrame {
  std::string id;
  Call call;
  std::unique_ptr<expr::Scope> scope;  ///< inputs, then `tasks.X.*` of fulfilled tasks
  std::set<std::string> absent;
  std::vector<const model::Step*> tasks;
  std::unordered_map<std::string, std::size_t> index_of;
  std::vector<std::vector<std::size_t>> deps;        ///< the tasks each task waits for
  std::vector<std::vector<std::size_t>> dependents;  ///< the reverse
  std::vector<std::optional<expr::DependsExpr>> depends;
  std::vector<std::size_t> rank;         ///< Argo's creation order: DFS post-order from the targets
  std::vector<std::size_t> unfulfilled;  ///< dependencies not fulfilled yet, per task
  std::vector<StepOutcome> outcome;
  std::vector<std::size_t> ready;  ///< dependencies fulfilled, not started
  std::vector<std::size_t> targets;
  std::size_t running = 0;  ///< tasks started and not yet fulfilled
  bool dirty = false;
  bool finished = false;
  Throttle throttle;
};

/// A pod node between its creation and its end.
struct PodState {
  PodRequest request;
  TemplateHandle handle;
  std::vector<std::string> output_paths;  ///< substituted valueFrom.path values
  bool started = false;
  /// The pod's artifact directory (ArtifactStore::make_pod_dir); empty when it has none.
  std::string artifact_dir;
  /// Per PodRequest::output_artifacts entry: the declared artifact and its repository key.
  std::vector<std::pair<const model::Artifact*, std::string>> output_artifacts;
};

/// A Retry node between its creation and its end (spec 2.3).
struct RetryFrame {
  std::string id;
  Call call;  ///< the call being retried; node_name is the Retry node's
  BoundInputs inputs;
  model::RetryStrategy strategy;                ///< with its `{{...}}` tags substituted
  std::vector<std::string> attempts;            ///< attempt node IDs, in order
  std::optional<TimePoint> execution_deadline;  ///< for the next attempt (backoff.maxDuration)
  std::optional<TimerQueue::Id> backoff;        ///< the pending backoff timer
  bool fulfilled = false;  ///< its Done already ran: a daemon attempt became ready
  bool finished = false;
};

}  // namespace engine
