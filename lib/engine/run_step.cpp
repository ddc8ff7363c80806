// One step or task on behalf of its steps/DAG node: `when`, loops, arguments, the template
// parallelism throttle (and failFast) and the step's exit hook.
#include <fmt/format.h>

#include "engine/loop_expansion.hpp"
#include "engine/outputs.hpp"
#include "engine/run.hpp"
#include "engine/run_frames.hpp"
#include "expr/tag_scanner.hpp"
#include "expr/when.hpp"
#include "graph/naming.hpp"

namespace engine {
namespace {

/// The absent-optional name a text refers to, if any.
std::optional<std::string> absent_reference(std::string_view text,
                                            const std::set<std::string>* absent) {
  if (absent == nullptr || absent->empty()) {
    return std::nullopt;
  }
  for (const expr::Tag& tag : expr::scan_tags(text)) {
    if (tag.kind == expr::TagKind::simple && absent->count(tag.body) > 0) {
      return tag.body;
    }
  }
  return std::nullopt;
}

/// True when `text` is exactly one simple tag naming an absent optional.
bool is_bare_absent(std::string_view text, const std::set<std::string>* absent) {
  const std::vector<expr::Tag> tags = expr::scan_tags(text);
  return tags.size() == 1 && tags[0].begin == 0 && tags[0].end == text.size() &&
         absent_reference(text, absent).has_value();
}

const model::LifecycleHook* find_exit_hook(const model::Step& step) {
  for (const model::LifecycleHook& hook : step.hooks) {
    if (hook.name.value == "exit") {
      return &hook;
    }
  }
  return nullptr;
}

/// The phase a TaskGroup takes from its children: the first Failed/Error child's phase.
graph::Phase group_phase(const std::vector<const graph::Node*>& children) {
  for (const graph::Node* child : children) {
    if (child->phase == graph::Phase::failed || child->phase == graph::Phase::error) {
      return child->phase;
    }
  }
  return graph::Phase::succeeded;
}

/// Whether `child`, one started by a steps/DAG node, stops new starts under failFast. As
/// Argo's getUnsuccessfulChildren: Failed/Error nodes of type Pod, Steps, DAG or HTTP, whatever
/// the step's `continueOn`. A Retry node counts once it ended (its Done comes then): an attempt
/// that failed while another follows does not (Argo counts each failed attempt pod).
bool stops_fail_fast(const graph::Node& child) {
  if (child.phase != graph::Phase::failed && child.phase != graph::Phase::error) {
    return false;
  }
  switch (child.type) {
    case graph::NodeType::pod:
    case graph::NodeType::steps:
    case graph::NodeType::dag:
    case graph::NodeType::http:
    case graph::NodeType::retry: return true;
    default: return false;  // Skipped (errored before running), Suspend, ...
  }
}

/// A started child of a throttled steps/DAG node is done: its slot goes to the next waiting
/// child, unless failFast stops new starts; then the node fails once no child is active.
void release_slot(Throttle& throttle, const graph::Node& child) {
  --throttle.active;
  if (throttle.fail_fast && stops_fail_fast(child)) {
    throttle.tripped = true;
  }
  if (throttle.tripped) {
    throttle.waiting.clear();  // never started: Argo creates no node for them
    if (throttle.active == 0) {
      throttle.fail_fast();
    }
    return;
  }
  if (!throttle.waiting.empty()) {
    auto next = std::move(throttle.waiting.front());
    throttle.waiting.pop_front();
    next();
  }
}

/// Loop children waiting to finish.
struct LoopRun {
  std::size_t pending = 0;
  std::vector<std::string> children;
  std::string group_id;  ///< the TaskGroup in a DAG; empty in steps
  StepDone done;
};

}  // namespace

void Run::start_step(const StepSite& site, StepDone done) {
  const model::Step& step = *site.step;
  if (!has_loop(step)) {
    start_one(site, nullptr, site.node_name, site.parents,
              [done = std::move(done)](const std::string& id) {
                done({id, {}, false});
              });
    return;
  }
  util::Result<std::vector<LoopItem>> items = expand_loop(step, *site.scope);
  if (!items.ok() || items->empty()) {
    std::string id =
        items.ok() ? create_node(site.node_name, graph::NodeType::skipped, site.boundary_id,
                                 nullptr, graph::Phase::skipped, "Skipped, empty params")
                   : error_node(site.node_name, site.boundary_id, nullptr, items.error().message);
    for (const std::string& parent : site.parents) {
      add_child(parent, id);
    }
    on_done(id, [done = std::move(done)](const std::string& node_id) {
      done({node_id, {}, false});
    });
    return;
  }
  auto loop = std::make_shared<LoopRun>();
  loop->pending = items->size();
  loop->done = std::move(done);
  loop->children.resize(items->size());
  std::vector<std::string> parents = site.parents;
  if (site.in_dag) {
    loop->group_id = create_node(site.node_name, graph::NodeType::task_group, site.boundary_id,
                                 nullptr, graph::Phase::running);
    for (const std::string& parent : site.parents) {
      add_child(parent, loop->group_id);
    }
    parents = {loop->group_id};
  }
  for (std::size_t i = 0; i < items->size(); ++i) {
    const LoopItem& item = (*items)[i];
    auto item_scope = std::make_shared<expr::Scope>(site.scope);
    bind_item(*item_scope, item);
    const std::string name =
        graph::loop_item_name(site.node_name, i, graph::item_description(item.value));
    start_one(site, item_scope, name, parents, [this, loop, i](const std::string& id) {
      loop->children[i] = id;
      if (--loop->pending > 0) {
        return;
      }
      StepOutcome outcome{loop->group_id, loop->children, true};
      if (!loop->group_id.empty()) {
        std::vector<const graph::Node*> children;
        for (const std::string& child : loop->children) {
          children.push_back(&node(child));
        }
        node(loop->group_id).outbound_nodes.clear();
        for (const std::string& child : loop->children) {
          for (std::string& out : outbound_nodes(child)) {
            node(loop->group_id).outbound_nodes.push_back(std::move(out));
          }
        }
        set_phase(loop->group_id, group_phase(children));
      }
      loop->done(outcome);
    });
  }
}

void Run::start_one(const StepSite& site, std::shared_ptr<const expr::Scope> item_scope,
                    const std::string& name, const std::vector<std::string>& parents, Done done) {
  Throttle* throttle = site.throttle;
  auto launch = [this, site, item_scope, name, parents, done = std::move(done)]() mutable {
    Throttle* limiter = site.throttle;
    if (limiter != nullptr) {
      ++limiter->active;
    }
    const expr::Scope& scope = item_scope ? *item_scope : *site.scope;
    // The item scope must outlive the node: its exit hook substitutes in a child of it.
    run_one(site, scope, name, parents,
            [this, limiter, item_scope, done = std::move(done)](const std::string& id) {
              if (limiter != nullptr) {
                release_slot(*limiter, node(id));
              }
              done(id);
            });
  };
  if (throttle != nullptr && throttle->limit > 0 && throttle->active >= throttle->limit) {
    throttle->waiting.emplace_back(std::move(launch));
    return;
  }
  launch();
}

void Run::run_one(const StepSite& site, const expr::Scope& scope, const std::string& name,
                  const std::vector<std::string>& parents, Done done) {
  const model::Step& step = *site.step;
  auto finish = [&](const std::string& id) {
    for (const std::string& parent : parents) {
      add_child(parent, id);
    }
    on_done(id, std::move(done));
  };
  if (step.when && !step.when->value.empty()) {
    if (const std::optional<std::string> absent = absent_reference(step.when->value, site.absent)) {
      finish(error_node(name, site.boundary_id, nullptr,
                        fmt::format("unable to substitute {{{{{}}}}}: output is an absent "
                                    "optional (skipped/omitted node with no default)",
                                    *absent)));
      return;
    }
    util::Result<std::string> text = expr::substitute(step.when->value, scope, expr::Mode::strict);
    util::Result<bool> verdict = text.ok() ? expr::evaluate_when(*text) : text.error();
    if (!verdict.ok()) {
      finish(error_node(name, site.boundary_id, nullptr, verdict.error().message));
      return;
    }
    if (!*verdict) {
      finish(create_node(name, graph::NodeType::skipped, site.boundary_id, nullptr,
                         graph::Phase::skipped, fmt::format("when '{}' evaluated false", *text)));
      return;
    }
  }
  util::Result<TemplateHandle> handle = lookup().resolve(
      *site.document, step.template_name, step.template_ref, step.inline_template.get());
  if (!handle.ok()) {
    finish(error_node(name, site.boundary_id, nullptr, handle.error().message));
    return;
  }
  Call call;
  call.node_name = name;
  call.boundary_id = site.boundary_id;
  call.handle = std::move(handle.value());
  call.caller_name = step.name.value + name.substr(std::min(name.size(), site.node_name.size()));
  call.depth = site.depth + 1;
  call.from_dag = site.in_dag;
  call.on_exit = site.on_exit;
  for (const model::Parameter& argument : step.arguments.parameters) {
    if (!argument.value) {
      continue;  // valueFrom arguments (supplied, configMapKeyRef): not passed locally
    }
    const std::string& text = argument.value->value;
    if (is_bare_absent(text, site.absent)) {
      call.arguments.push_back({argument.name.value, std::nullopt});
      continue;
    }
    if (const std::optional<std::string> absent = absent_reference(text, site.absent)) {
      finish(error_node(name, site.boundary_id, &call.handle,
                        fmt::format("unable to substitute {{{{{}}}}}: output is an absent "
                                    "optional (skipped/omitted node with no default)",
                                    *absent)));
      return;
    }
    util::Result<std::string> value = expr::substitute(text, scope, expr::Mode::strict);
    if (!value.ok()) {
      finish(error_node(name, site.boundary_id, &call.handle, value.error().message));
      return;
    }
    call.arguments.push_back({argument.name.value, std::move(value.value())});
  }
  util::Result<std::vector<ArtifactArg>> artifacts =
      resolve_artifact_arguments(step.arguments.artifacts, scope, site.absent);
  if (!artifacts.ok()) {
    finish(error_node(name, site.boundary_id, &call.handle, artifacts.error().message));
    return;
  }
  call.artifact_arguments = std::move(artifacts.value());
  const bool hooked = find_exit_hook(step) != nullptr || step.on_exit.has_value();
  std::string id;
  if (!hooked) {
    id = execute(std::move(call), std::move(done));
  } else {
    auto hook_scope = std::make_shared<expr::Scope>(&scope);
    id = execute(std::move(call),
                 [this, site, hook_scope, done = std::move(done)](const std::string& node_id) {
                   run_exit_hook(site, *hook_scope, node_id, done);
                 });
  }
  for (const std::string& parent : parents) {
    add_child(parent, id);
  }
}

void Run::run_exit_hook(const StepSite& site, const expr::Scope& scope, const std::string& id,
                        Done done) {
  const model::Step& step = *site.step;
  const graph::Node& hooked = node(id);
  if (!graph::is_completed(hooked.phase)) {
    done(id);  // Skipped and Omitted steps run no exit hook
    return;
  }
  const model::LifecycleHook* hook = find_exit_hook(step);
  util::Result<TemplateHandle> handle =
      hook != nullptr
          ? lookup().resolve(*site.document, hook->template_name, hook->template_ref, nullptr)
          : lookup().by_name(*site.document, step.on_exit->value);
  // The hook sees the step's own outputs and status.
  auto hook_scope = std::make_shared<expr::Scope>(&scope);
  bind_node_outputs(*hook_scope, std::string(site.in_dag ? "tasks." : "steps.") + step.name.value,
                    scope_node(hooked));
  Call call;
  call.node_name = hooked.name + ".onExit";
  call.boundary_id = site.boundary_id;
  call.hooked = true;
  call.depth = site.depth + 1;
  call.from_dag = site.in_dag;
  call.caller_name = hooked.display_name;
  if (!handle.ok()) {
    const std::string hook_id =
        error_node(call.node_name, site.boundary_id, nullptr, handle.error().message);
    add_child(id, hook_id);
    on_done(hook_id, [id, done = std::move(done)](const std::string&) { done(id); });
    return;
  }
  call.handle = std::move(handle.value());
  if (hook != nullptr) {
    for (const model::Parameter& argument : hook->arguments.parameters) {
      if (argument.value) {
        util::Result<std::string> value =
            expr::substitute(argument.value->value, *hook_scope, expr::Mode::lenient);
        call.arguments.push_back({argument.name.value, value.ok() ? *value : std::string()});
      }
    }
    // An artifact that does not resolve is left out: the hook's input binding says so.
    if (util::Result<std::vector<ArtifactArg>> artifacts =
            resolve_artifact_arguments(hook->arguments.artifacts, *hook_scope, nullptr);
        artifacts.ok()) {
      call.artifact_arguments = std::move(artifacts.value());
    }
  }
  const std::string hook_id = execute(
      std::move(call), [id, hook_scope, done = std::move(done)](const std::string&) { done(id); });
  node(hook_id).hooked = true;
  add_child(id, hook_id);
}

}  // namespace engine
