// Steps templates (spec section 4.2): groups run in sequence, the steps of a group in
// parallel; a group fails on its first failed child that has no matching continueOn, or
// with template failFast once any child failed (nothing new starts then).
#include <fmt/format.h>

#include "engine/outputs.hpp"
#include "engine/run.hpp"
#include "engine/run_frames.hpp"
#include "graph/naming.hpp"

namespace engine {

void Run::execute_steps(const Call& call, const std::string& id,
                        const std::vector<std::pair<std::string, std::string>>& inputs) {
  auto frame = std::make_unique<StepsFrame>();
  frame->id = id;
  frame->call = call;
  frame->scope = make_local_scope(call, inputs);
  frame->throttle.limit = template_parallelism(*call.handle.tmpl);
  StepsFrame& ref = *frame;
  if (template_fail_fast(*call.handle.tmpl)) {
    ref.throttle.fail_fast = [this, &ref] { steps_fail_fast(ref); };
  }
  m_steps_frames.emplace(id, std::move(frame));
  mark_running(id);
  steps_next_group(ref);
}

void Run::steps_next_group(StepsFrame& frame) {
  const model::Template& tmpl = *frame.call.handle.tmpl;
  const std::vector<model::StepGroup>& groups = *tmpl.steps;
  if (frame.group >= groups.size()) {
    stop_daemons(frame.id);
    util::Result<std::vector<std::pair<std::string, std::string>>> outputs =
        template_outputs(tmpl, *frame.scope);
    graph::Node& steps = node(frame.id);
    if (!frame.group_id.empty()) {
      for (const std::string& child : node(frame.group_id).children) {
        for (std::string& out : outbound_nodes(child)) {
          steps.outbound_nodes.push_back(std::move(out));
        }
      }
    }
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
    return;
  }
  const std::string group_name = graph::step_group_name(frame.call.node_name, frame.group);
  const std::string previous = frame.group_id;
  frame.group_id = create_node(group_name, graph::NodeType::step_group, frame.id, nullptr,
                               graph::Phase::running);
  if (previous.empty()) {
    add_child(frame.id, frame.group_id);
  } else {
    const std::vector<std::string> children = node(previous).children;
    for (const std::string& child : children) {
      for (const std::string& out : outbound_nodes(child)) {
        add_child(out, frame.group_id);
      }
    }
  }
  const model::StepGroup& group = groups[frame.group];
  frame.outcomes.assign(group.steps.size(), StepOutcome{});
  frame.pending = group.steps.size();
  if (group.steps.empty()) {
    step_frame_group_done(frame);
    return;
  }
  for (std::size_t j = 0; j < group.steps.size(); ++j) {
    StepSite site;
    site.step = &group.steps[j];
    site.document = frame.call.handle.document;
    site.scope = frame.scope.get();
    site.absent = &frame.absent;
    site.node_name = graph::step_name(group_name, group.steps[j].name.value);
    site.boundary_id = frame.id;
    site.parents = {frame.group_id};
    site.depth = frame.call.depth;
    site.throttle = &frame.throttle;
    site.on_exit = frame.call.on_exit;
    StepsFrame* target = &frame;
    start_step(site, [this, target, j](const StepOutcome& outcome) {
      target->outcomes[j] = outcome;
      if (--target->pending == 0) {
        step_frame_group_done(*target);
      }
    });
  }
}

void Run::step_frame_group_done(StepsFrame& frame) {
  if (frame.finished) {
    return;  // failFast ended the steps node when its last started child ended
  }
  const model::StepGroup& group = (*frame.call.handle.tmpl->steps)[frame.group];
  // Which step each child of the group belongs to.
  std::unordered_map<std::string, std::size_t> step_of;
  for (std::size_t j = 0; j < frame.outcomes.size(); ++j) {
    if (!frame.outcomes[j].node_id.empty()) {
      step_of[frame.outcomes[j].node_id] = j;
    }
    for (const std::string& child : frame.outcomes[j].loop_children) {
      step_of[child] = j;
    }
  }
  for (const std::string& child : node(frame.group_id).children) {
    const graph::Node& each = node(child);
    if (each.phase != graph::Phase::failed && each.phase != graph::Phase::error) {
      continue;
    }
    const auto it = step_of.find(child);
    if (it != step_of.end() && continue_covers(group.steps[it->second], each.phase)) {
      continue;
    }
    const std::string message = fmt::format("child '{}' failed", child);
    set_phase(frame.group_id, graph::Phase::failed, message);
    stop_daemons(frame.id);
    set_phase(frame.id, graph::Phase::failed, message);
    return;
  }
  set_phase(frame.group_id, graph::Phase::succeeded);
  for (std::size_t j = 0; j < group.steps.size(); ++j) {
    const StepOutcome& outcome = frame.outcomes[j];
    const std::string prefix = "steps." + group.steps[j].name.value;
    if (outcome.looped) {
      std::vector<const graph::Node*> children;
      for (const std::string& child : outcome.loop_children) {
        children.push_back(&node(child));
      }
      bind_loop_outputs(*frame.scope, prefix, node(frame.group_id), children);
    } else if (!outcome.node_id.empty()) {
      bind_skipped_or_outputs(*frame.scope, frame.absent, prefix, group.steps[j],
                              *frame.call.handle.document, node(outcome.node_id));
    }
  }
  ++frame.group;
  steps_next_group(frame);
}

// Argo (operator.go checkParallelism) fails the steps node and its latest step group once
// a child failed and no pod of it is active; the steps not yet started never get a node.
void Run::steps_fail_fast(StepsFrame& frame) {
  if (frame.finished) {
    return;
  }
  frame.finished = true;
  const std::string message(k_fail_fast_message);
  set_phase(frame.group_id, graph::Phase::failed, message);
  stop_daemons(frame.id);
  set_phase(frame.id, graph::Phase::failed, message);
}

}  // namespace engine
