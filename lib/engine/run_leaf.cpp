// Pod nodes (container, script and containerSet templates): substitution into a PodRequest,
// the global pod parallelism limit, and turning pod events into phases and outputs.
#include <algorithm>

#include <fmt/format.h>

#include "engine/outputs.hpp"
#include "engine/pod_spec.hpp"
#include "engine/run.hpp"
#include "engine/run_container_set.hpp"
#include "engine/run_frames.hpp"
#include "expr/json_value.hpp"
#include "graph/naming.hpp"

namespace engine {
namespace {

/// Argo's two substitution passes over one leaf field: globals and locals, then inputs.
class LeafSubstitution {
 public:
  LeafSubstitution(const expr::Scope& locals, const expr::Scope& inputs)
      : m_locals(locals), m_inputs(inputs) {}

  std::string operator()(const std::string& text) const {
    util::Result<std::string> first = expr::substitute(text, m_locals, expr::Mode::lenient);
    const std::string& after_first = first.ok() ? first.value() : text;
    util::Result<std::string> second = expr::substitute(after_first, m_inputs, expr::Mode::lenient);
    return second.ok() ? std::move(second.value()) : after_first;
  }

 private:
  const expr::Scope& m_locals;
  const expr::Scope& m_inputs;
};

}  // namespace

std::optional<std::string> Run::build_pod(const model::Template& tmpl,
                                          const model::Container* container,
                                          const FieldSubstituter& sub, const std::string& pod,
                                          PodRequest& request) const {
  PodContext context;
  context.image_map = &m_request.image_map;
  context.objects = m_request.objects;
  context.pod_name = pod;
  context.namespace_name = m_request.namespace_name;
  context.host_node_name = m_request.host_node_name;
  const model::WorkflowSpec& spec = m_request.workflow->spec;
  if (tmpl.service_account_name) {
    context.service_account = sub(tmpl.service_account_name->value);
  } else if (spec.service_account_name) {
    context.service_account = sub(spec.service_account_name->value);
  } else {
    context.service_account = "default";
  }
  std::vector<const ContainerSpec*> users;
  if (container != nullptr) {
    auto main = build_container(*container, "main", sub, context);
    if (!main) {
      return main.error().message;
    }
    request.main = std::move(*main);
    request.main.name = "main";  // Argo names the main container `main` whatever it says
    if (tmpl.script) {
      request.main.script_source =
          sub(container->source ? container->source->value : std::string());
      request.main.args.emplace_back(k_script_path);
    }
    users.push_back(&request.main);
  } else if (tmpl.container_set) {
    if (auto failed = build_container_set(*tmpl.container_set, sub, context, request)) {
      return failed;
    }
    for (const ContainerSetMember& member : request.container_set) {
      users.push_back(&member.spec);
    }
  }
  const std::pair<const std::vector<model::Container>*, std::vector<ContainerSpec>*> groups[] = {
      {&tmpl.init_containers, &request.init_containers}, {&tmpl.sidecars, &request.sidecars}};
  for (const auto& [from, to] : groups) {
    for (std::size_t index = 0; index < from->size(); ++index) {
      auto built =
          build_container((*from)[index], fmt::format("container-{}", index), sub, context);
      if (!built) {
        return built.error().message;
      }
      to->push_back(std::move(*built));
    }
  }
  // Sidecars with mirrorVolumeMounts get the main container's mounts too.
  for (std::size_t index = 0; index < tmpl.sidecars.size(); ++index) {
    if (tmpl.sidecars[index].mirror_volume_mounts) {
      auto& mounts = request.sidecars[index].mounts;
      mounts.insert(mounts.end(), request.main.mounts.begin(), request.main.mounts.end());
    }
  }
  for (const auto* group : {&request.init_containers, &request.sidecars}) {
    for (const ContainerSpec& spec_item : *group) {
      users.push_back(&spec_item);
    }
  }
  auto volumes = build_volumes(tmpl, spec, users, sub, context);
  if (!volumes) {
    return volumes.error().message;
  }
  request.volumes = std::move(*volumes);
  return std::nullopt;
}

void Run::execute_leaf(const Call& call, const std::string& id,
                       const std::vector<std::pair<std::string, std::string>>& inputs) {
  const model::Template& tmpl = *call.handle.tmpl;
  const model::Container* container = tmpl.script      ? &*tmpl.script
                                      : tmpl.container ? &*tmpl.container
                                                       : nullptr;
  const std::string pod = graph::pod_name(m_request.name, call.handle.template_name, call.node_name,
                                          m_request.pod_names);
  node(id).pod_name = pod;

  expr::Scope locals(&m_globals);
  locals.set("pod.name", pod);
  locals.set("node.name", call.node_name);
  locals.set(call.from_dag ? "tasks.name" : "steps.name", call.caller_name);
  for (const auto& [name, value] : call.locals) {  // `retries`, `lastRetry.*` (run_retry.cpp)
    locals.set(name, value);
  }
  locals.set(
      "workflow.duration",
      fmt::format("{:f}",
                  std::chrono::duration<double>(m_clock.now() - *m_status.started_at).count()));
  expr::Scope input_scope;
  std::vector<expr::JsonValue> parameters;
  for (const auto& [name, value] : inputs) {
    input_scope.set("inputs.parameters." + name, value);
    parameters.push_back(expr::JsonValue::object(
        {{"name", expr::JsonValue::string(name)}, {"value", expr::JsonValue::string(value)}}));
  }
  input_scope.set("inputs.parameters", expr::to_compact_json(expr::JsonValue::array(parameters)));
  for (const model::Artifact& artifact : tmpl.inputs.artifacts) {
    if (artifact.path) {
      input_scope.set("inputs.artifacts." + artifact.name.value + ".path", artifact.path->value);
    }
  }
  for (const model::Artifact& artifact : tmpl.outputs.artifacts) {
    if (artifact.path) {
      input_scope.set("outputs.artifacts." + artifact.name.value + ".path", artifact.path->value);
    }
  }
  const LeafSubstitution leaf_sub(locals, input_scope);
  const FieldSubstituter sub = [&leaf_sub](const std::string& text) { return leaf_sub(text); };

  auto state = std::make_unique<PodState>();
  state->handle = call.handle;
  for (const model::Parameter& output : tmpl.outputs.parameters) {
    if (output.value_from && output.value_from->path) {
      std::string path = sub(output.value_from->path->value);
      input_scope.set("outputs.parameters." + output.name.value + ".path", path);
      state->output_paths.push_back(std::move(path));
    }
  }
  PodRequest& request = state->request;
  request.workflow_name = m_request.name;
  request.node_id = id;
  request.node_name = call.node_name;
  request.pod_name = pod;
  request.template_name = call.handle.template_name;
  request.daemon = tmpl.daemon;
  request.run_network = uses_daemons();
  if (auto failed = build_pod(tmpl, container, sub, pod, request)) {
    set_phase(id, graph::Phase::error, std::move(*failed));
    return;
  }
  if (auto failed = stage_artifacts(call, sub, *state)) {
    discard_artifact_dir(*state);
    set_phase(id, graph::Phase::error, std::move(*failed));
    return;
  }
  request.output_files = state->output_paths;
  m_pods.emplace(id, std::move(state));
  m_pod_queue.push_back(id);
}

bool Run::uses_daemons() {
  // Decided once per run, from the workflow's own templates: a daemon elsewhere (a
  // templateRef) still gets an IP its peers reach, on the engine's default network.
  if (!m_uses_daemons) {
    const std::vector<model::Template>& templates = m_request.workflow->spec.templates;
    m_uses_daemons = std::any_of(templates.begin(), templates.end(),
                                 [](const model::Template& tmpl) { return tmpl.daemon; });
  }
  return *m_uses_daemons;
}

void Run::pump_pods() {
  // A suspended workflow (spec.suspend, `flowrun suspend`) starts no pod; running ones go on.
  while (!m_suspended && !m_pod_queue.empty() &&
         (m_pod_limit <= 0 || m_pods_active < m_pod_limit)) {
    const std::string id = std::move(m_pod_queue.front());
    m_pod_queue.pop_front();
    const auto it = m_pods.find(id);
    if (it == m_pods.end()) {
      continue;
    }
    it->second->started = true;
    ++m_pods_active;
    node(id).host_node_name = m_request.host_node_name;
    mark_running(id);
    if (!it->second->request.container_set.empty()) {
      start_container_nodes(*this, id, it->second->handle, it->second->request);
    }
    m_executor.start(it->second->request);
    on_pod_started(id);
  }
}

void Run::stop_daemons(const std::string& boundary_id) {
  for (const auto& [id, state] : m_pods) {
    const graph::Node& pod = node(id);
    if (state->started && pod.daemoned && (boundary_id.empty() || pod.boundary_id == boundary_id) &&
        m_stopping.insert(id).second) {
      m_executor.stop(id);
    }
  }
}

void Run::handle_pod_event(const PodEvent& event) {
  const auto it = m_pods.find(event.node_id);
  if (it == m_pods.end()) {
    return;
  }
  graph::Node& pod = node(event.node_id);
  if (event.kind == PodEvent::Kind::ready) {
    if (!pod.daemoned) {
      pod.daemoned = true;
      pod.pod_ip = event.ip;
      m_sink.on_node(pod);
      m_fulfilled.push_back(pod.id);
    }
    return;
  }
  std::unique_ptr<PodState> state = std::move(it->second);
  m_pods.erase(it);
  // Its artifact directory goes whichever way the pod ended (the outputs are saved first).
  struct DirGuard {
    Run& run;
    PodState& state;
    ~DirGuard() { run.discard_artifact_dir(state); }
  } guard{*this, *state};
  --m_pods_active;
  if (event.started_at) {
    pod.started_at = event.started_at;
  }
  const std::string id = pod.id;
  const PodRequest& request = state->request;
  const bool is_set = !request.container_set.empty();
  // Every Container node ends with its pod, whichever way the pod ends.
  const std::optional<std::string> set_failure =
      is_set ? finish_container_nodes(*this, id, request, event) : std::nullopt;
  if (finish_killed_pod(pod, event)) {
    return;  // stopped at a deadline (deadlines.cpp)
  }
  if (m_stopping.erase(id) > 0) {
    pod.outputs.exit_code = std::to_string(event.exit_code);
    set_phase(id, graph::Phase::succeeded);
    return;
  }
  if (!event.started) {
    set_phase(id, graph::Phase::error, event.message);
    return;
  }
  // A containerSet's outputs come from its `main` member; without one it has none.
  const bool has_main =
      !is_set || std::any_of(request.container_set.begin(), request.container_set.end(),
                             [](const ContainerSetMember& m) { return m.spec.name == "main"; });
  if (has_main) {
    pod.outputs.exit_code = std::to_string(event.exit_code);
    pod.outputs.result = capture_result(event.stdout_text);
  }
  const model::Template& tmpl = *state->handle.tmpl;
  util::Result<std::vector<std::pair<std::string, std::string>>> parameters =
      collect_output_parameters(tmpl.outputs, state->output_paths, event);
  // Argo's wait container saves what it finds whether or not main succeeded.
  const std::optional<std::string> unsaved =
      state->output_artifacts.empty() ? std::nullopt : save_output_artifacts(*state, event, pod);
  if (set_failure || (!is_set && event.exit_code != 0)) {
    if (parameters.ok()) {
      pod.outputs.parameters = std::move(parameters.value());
    }
    set_phase(id, graph::Phase::failed,
              set_failure ? *set_failure
                          : fmt::format("{}: {} (exit code {})", event.container,
                                        event.oom_killed ? "OOMKilled" : "Error", event.exit_code));
    return;
  }
  if (!parameters.ok()) {
    set_phase(id, graph::Phase::error, parameters.error().message);
    return;
  }
  pod.outputs.parameters = std::move(parameters.value());
  if (unsaved) {
    set_phase(id, graph::Phase::error, *unsaved);
    return;
  }
  export_globals(tmpl, pod);
  set_phase(id, graph::Phase::succeeded);
}

}  // namespace engine
