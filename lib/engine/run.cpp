#include "engine/run.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "engine/async_work.hpp"
#include "engine/engine.hpp"
#include "engine/global_scope.hpp"
#include "engine/run_frames.hpp"
#include "expr/json_value.hpp"
#include "graph/naming.hpp"
#include "util/quote.hpp"

namespace engine {
namespace {

constexpr auto k_interrupt_poll = std::chrono::milliseconds(100);

}  // namespace

Run::Run(RunRequest request, Executor& executor, Clock& clock, StatusSink& sink)
    : m_request(std::move(request)),
      m_executor(executor),
      m_clock(clock),
      m_sink(sink),
      m_lookup(*m_request.workflow, m_request.library) {
  if (m_request.locks != nullptr) {
    m_locks = m_request.locks;
  } else {
    m_own_locks = std::make_unique<InProcessLocks>();
    m_locks = m_own_locks.get();
  }
}

Run::~Run() = default;

bool Run::fire_due_timer() {
  std::optional<std::function<void()>> action = m_timers.pop_due(m_clock.now());
  if (!action) {
    return false;
  }
  (*action)();
  return true;
}

bool Run::wait_for_timer(bool responsive) {
  std::optional<TimePoint> next = m_timers.next();
  if (!next) {
    return false;
  }
  if (responsive) {
    next = std::min(*next, m_clock.now() + k_interrupt_poll);  // Ctrl-C, control requests
  }
  m_clock.sleep_until(*next);
  return true;
}

graph::Node& Run::node(const std::string& id) {
  return *m_status.nodes.find(id);
}

std::string Run::create_node(const std::string& name, graph::NodeType type,
                             const std::string& boundary_id, const TemplateHandle* handle,
                             graph::Phase phase, std::string message) {
  graph::Node created;
  created.id = graph::node_id(m_request.name, name);
  created.name = name;
  const graph::Node* boundary = boundary_id.empty() ? nullptr : m_status.nodes.find(boundary_id);
  created.display_name = graph::display_name(name, boundary ? boundary->name : std::string());
  if (handle != nullptr) {
    created.template_name = handle->template_name;
    created.template_ref = handle->template_ref;
  }
  created.type = type;
  created.phase = phase;
  created.message = std::move(message);
  created.boundary_id = boundary_id;
  created.started_at = m_clock.now();
  if (graph::is_fulfilled(phase, false)) {
    created.finished_at = created.started_at;
  }
  const std::string id = created.id;
  if (!m_status.nodes.add(std::move(created))) {
    return id;  // an existing node (a name clash would be a bug): keep the first
  }
  m_sink.on_node(node(id));
  if (graph::is_fulfilled(phase, false)) {
    m_fulfilled.push_back(id);
  }
  return id;
}

void Run::set_phase(const std::string& id, graph::Phase phase, std::string message) {
  graph::Node& target = node(id);
  const bool was_fulfilled = graph::is_fulfilled(target.phase, target.daemoned);
  target.phase = phase;
  target.message = std::move(message);
  if (graph::is_fulfilled(phase, false)) {
    target.finished_at = m_clock.now();
  }
  m_sink.on_node(target);
  if (!was_fulfilled && graph::is_fulfilled(phase, target.daemoned)) {
    m_fulfilled.push_back(id);
  }
  if (graph::is_completed(phase)) {
    node_completed(id);
  }
}

void Run::mark_running(const std::string& id) {
  set_phase(id, graph::Phase::running);
}

void Run::add_child(const std::string& parent_id, const std::string& child_id) {
  m_status.nodes.add_child(parent_id, child_id);
  m_sink.on_node(node(parent_id));  // its `children` changed: status.json follows
}

namespace {

/// A containerSet's pod node: its children are its Container nodes (other pods have none, or
/// hook nodes only).
bool is_container_set_pod(const graph::Node& pod, const graph::NodeGraph& nodes) {
  if (pod.type != graph::NodeType::pod) {
    return false;
  }
  return std::any_of(pod.children.begin(), pod.children.end(), [&](const std::string& child) {
    const graph::Node* found = nodes.find(child);
    return found != nullptr && found->type == graph::NodeType::container;
  });
}

}  // namespace

std::vector<std::string> Run::container_outbound_nodes(const graph::Node& start) const {
  // Argo treats a containerSet pod and its Container nodes like a task group: the leaf
  // containers are the outbound nodes (a diamond's last container once).
  if (start.children.empty()) {
    return {start.id};
  }
  std::vector<std::string> out;
  for (const std::string& child : start.children) {
    const graph::Node* next = m_status.nodes.find(child);
    if (next == nullptr) {
      continue;
    }
    for (std::string& sub : next->type == graph::NodeType::container
                                ? container_outbound_nodes(*next)
                                : outbound_nodes(child)) {
      if (std::find(out.begin(), out.end(), sub) == out.end()) {
        out.push_back(std::move(sub));
      }
    }
  }
  return out;
}

std::vector<std::string> Run::outbound_nodes(const std::string& id) const {
  const graph::Node* start = m_status.nodes.find(id);
  if (start == nullptr) {
    return {};
  }
  if (is_container_set_pod(*start, m_status.nodes) || start->type == graph::NodeType::container) {
    return container_outbound_nodes(*start);
  }
  switch (start->type) {
    case graph::NodeType::pod:
    case graph::NodeType::skipped:
    case graph::NodeType::suspend:
    case graph::NodeType::http:
    case graph::NodeType::plugin:
    case graph::NodeType::container: return {id};
    case graph::NodeType::task_group:
      if (start->children.empty()) {
        return {id};
      }
      break;
    case graph::NodeType::retry:
      // Argo returns the last child as it is, without looking into it.
      if (!start->children.empty()) {
        return {start->children.back()};
      }
      break;
    default: break;
  }
  std::vector<std::string> out;
  for (const std::string& outbound : start->outbound_nodes) {
    const graph::Node* next = m_status.nodes.find(outbound);
    if (next != nullptr && next->type == graph::NodeType::pod) {
      out.push_back(outbound);
    } else {
      for (std::string& sub : outbound_nodes(outbound)) {
        out.push_back(std::move(sub));
      }
    }
  }
  return out;
}

void Run::on_done(const std::string& id, Done done) {
  m_done[id] = std::move(done);
}

std::string Run::error_node(const std::string& name, const std::string& boundary_id,
                            const TemplateHandle* handle, std::string message) {
  return create_node(name, graph::NodeType::skipped, boundary_id, handle, graph::Phase::error,
                     std::move(message));
}

void Run::drain() {
  while (true) {
    if (!m_fulfilled.empty()) {
      const std::string id = std::move(m_fulfilled.front());
      m_fulfilled.pop_front();
      const auto it = m_done.find(id);
      if (it != m_done.end()) {
        Done done = std::move(it->second);
        m_done.erase(it);
        done(id);
      }
      continue;
    }
    if (!m_deferred.empty()) {
      std::function<void()> action = std::move(m_deferred.front());
      m_deferred.pop_front();
      action();
      continue;
    }
    if (!m_dirty_dags.empty()) {
      std::vector<DagFrame*> dirty;
      dirty.swap(m_dirty_dags);
      for (DagFrame* frame : dirty) {
        frame->dirty = false;
        dag_schedule(*frame);
      }
      continue;
    }
    pump_pods();
    if (m_fulfilled.empty() && m_deferred.empty() && m_dirty_dags.empty()) {
      return;
    }
  }
}

void Run::mark_dirty(DagFrame& frame) {
  if (!frame.dirty) {
    frame.dirty = true;
    m_dirty_dags.push_back(&frame);
  }
}

void Run::start_workflow() {
  const model::Workflow& workflow = *m_request.workflow;
  const TimePoint now = m_clock.now();
  const TimePoint created = m_request.created_at == TimePoint{} ? now : m_request.created_at;
  m_status.name = m_request.name;
  m_status.namespace_name = m_request.namespace_name;
  m_status.uid = m_request.uid;
  for (const model::KeyValue& kv : workflow.metadata.labels) {
    m_status.labels.emplace_back(kv.key.value, kv.value.value);
  }
  for (const model::KeyValue& kv : workflow.metadata.annotations) {
    m_status.annotations.emplace_back(kv.key.value, kv.value.value);
  }
  m_status.created_at = created;
  m_status.entrypoint = m_request.entrypoint.value_or(
      workflow.spec.entrypoint ? workflow.spec.entrypoint->value : std::string());
  m_status.parameters = resolve_workflow_parameters(m_request);
  if (workflow.document != nullptr) {
    if (const model::DocNode* spec = workflow.document->find("spec")) {
      m_status.spec_json = model::to_json(*spec, false);
    }
  }
  m_status.phase = graph::WorkflowPhase::running;
  m_status.started_at = now;
  m_globals = build_global_scope(m_request, m_status.entrypoint, m_status.parameters, created);
  // spec.suspend: true submits the workflow suspended; its pods wait for `flowrun resume`.
  m_suspended = workflow.spec.suspend && workflow.spec.suspend->value == "true";

  // --parallelism replaces spec.parallelism, as `argo submit --parallelism` does.
  m_pod_limit = m_request.parallelism;
  if (m_pod_limit == 0 && workflow.spec.parallelism) {
    m_pod_limit = std::atoi(workflow.spec.parallelism->value.c_str());
  }

  if (std::optional<std::string> bad_deadline = start_workflow_deadline()) {
    m_entry_id = error_node(m_request.name, "", nullptr, std::move(*bad_deadline));
    on_done(m_entry_id, [this](const std::string&) { m_entry_done = true; });
    return;
  }
  if (workflow.spec.synchronization) {
    // A workflow-level lock keeps the whole workflow Pending until it is held.
    util::Result<std::vector<HeldLock>> locks =
        resolve_locks(*workflow.spec.synchronization, m_globals);
    if (!locks.ok()) {
      m_entry_id = error_node(m_request.name, "", nullptr, locks.error().message);
      on_done(m_entry_id, [this](const std::string&) { m_entry_done = true; });
      return;
    }
    with_locks(std::string(k_workflow_holder), std::move(locks.value()), [this] { start_entry(); });
    return;
  }
  start_entry();
}

void Run::start_entry() {
  const model::Workflow& workflow = *m_request.workflow;
  Call call;
  call.node_name = m_request.name;
  for (const auto& [name, value] : m_status.parameters) {
    call.arguments.push_back({name, value});
  }
  util::Result<std::vector<ArtifactArg>> artifacts =
      resolve_artifact_arguments(workflow.spec.arguments.artifacts, m_globals, nullptr);
  util::Result<TemplateHandle> handle = m_lookup.by_name(workflow, m_status.entrypoint);
  if (!artifacts.ok()) {
    handle = artifacts.error();
  } else {
    call.artifact_arguments = std::move(artifacts.value());
  }
  if (!handle.ok()) {
    m_entry_id = error_node(call.node_name, "", nullptr, handle.error().message);
    on_done(m_entry_id, [this](const std::string&) { m_entry_done = true; });
    return;
  }
  call.handle = std::move(handle.value());
  m_entry_id = execute(std::move(call), [this](const std::string&) { m_entry_done = true; });
}

std::string Run::workflow_failures_json() const {
  std::vector<expr::JsonValue> failures;
  for (const graph::Node& failed : m_status.nodes.nodes()) {
    if (failed.phase != graph::Phase::failed && failed.phase != graph::Phase::error) {
      continue;
    }
    std::vector<expr::JsonValue::Member> members;
    members.emplace_back("displayName", expr::JsonValue::string(failed.display_name));
    members.emplace_back("message", expr::JsonValue::string(failed.message));
    members.emplace_back("templateName", expr::JsonValue::string(failed.template_name));
    members.emplace_back("phase", expr::JsonValue::string(std::string(to_string(failed.phase))));
    members.emplace_back(
        "podName", expr::JsonValue::string(graph::pod_name(m_request.name, failed.template_name,
                                                           failed.name, m_request.pod_names)));
    members.emplace_back("finishedAt", expr::JsonValue::string(
                                           failed.finished_at ? format_rfc3339(*failed.finished_at)
                                                              : std::string()));
    failures.push_back(expr::JsonValue::object(std::move(members)));
  }
  return util::go_quote(failures.empty() ? "null"
                                         : expr::to_compact_json(expr::JsonValue::array(failures)));
}

void Run::start_exit_handler() {
  m_exit_started = true;
  const model::Workflow& workflow = *m_request.workflow;
  const model::LifecycleHook* exit_hook = nullptr;
  for (const model::LifecycleHook& hook : workflow.spec.hooks) {
    if (hook.name.value == "exit") {
      exit_hook = &hook;
    }
  }
  if (!workflow.spec.on_exit && exit_hook == nullptr) {
    m_exit_done = true;
    return;
  }
  const graph::Node& entry = node(m_entry_id);
  m_globals.set("workflow.status",
                std::string(to_string(graph::workflow_phase_from_entry(entry.phase))));
  m_globals.set("workflow.failures", workflow_failures_json());
  const double seconds =
      std::chrono::duration<double>(m_clock.now() - *m_status.started_at).count();
  m_globals.set("workflow.duration", fmt::format("{:f}", seconds));

  Call call;
  call.node_name = m_request.name + ".onExit";
  call.hooked = true;
  for (const auto& [name, value] : m_status.parameters) {
    call.arguments.push_back({name, value});
  }
  if (util::Result<std::vector<ArtifactArg>> artifacts =
          resolve_artifact_arguments(workflow.spec.arguments.artifacts, m_globals, nullptr);
      artifacts.ok()) {
    call.artifact_arguments = std::move(artifacts.value());
  }
  util::Result<TemplateHandle> handle =
      workflow.spec.on_exit
          ? m_lookup.by_name(workflow, workflow.spec.on_exit->value)
          : m_lookup.resolve(workflow, exit_hook->template_name, exit_hook->template_ref, nullptr);
  if (!handle.ok()) {
    m_exit_id = error_node(call.node_name, "", nullptr, handle.error().message);
    m_exit_done = true;
    return;
  }
  call.handle = std::move(handle.value());
  m_exit_id = execute(std::move(call), [this](const std::string&) { m_exit_done = true; });
}

void Run::finish_workflow() {
  release_locks(std::string(k_workflow_holder));
  const graph::Node& entry = node(m_entry_id);
  m_status.phase = graph::workflow_phase_from_entry(entry.phase);
  m_status.message = entry.message;
  if (!m_exit_id.empty() && m_status.phase == graph::WorkflowPhase::succeeded) {
    const graph::Node& exit = node(m_exit_id);
    if (exit.phase == graph::Phase::failed || exit.phase == graph::Phase::error) {
      m_status.phase = exit.phase == graph::Phase::failed ? graph::WorkflowPhase::failed
                                                          : graph::WorkflowPhase::error;
      m_status.message = exit.message;
    }
  }
  if (m_shutdown) {
    m_status.phase = graph::WorkflowPhase::failed;
    m_status.message = fmt::format("Stopped with strategy '{}'", *m_shutdown);
  }
  m_status.finished_at = m_clock.now();
}

void Run::stop_workflow() {
  m_shutdown = "Stop";
  halt_non_exit_work(fmt::format("workflow shutdown with strategy:  {}", *m_shutdown));
  m_suspended = false;  // a stopped workflow still runs its exit handlers
  std::vector<std::string> suspends;
  for (const auto& [id, state] : m_active_suspends) {
    if (!state.on_exit) {
      suspends.push_back(id);
    }
  }
  for (const std::string& id : suspends) {
    resume_suspend_node(id, graph::Phase::failed,
                        fmt::format("Stopped with strategy '{}'", *m_shutdown), {});
  }
}

bool Run::waiting_for_control() const {
  return !m_active_suspends.empty() || m_suspended;
}

void Run::interrupt() {
  m_shutdown = "Terminate";
  m_terminated = true;
  m_active_suspends.clear();
  m_lock_waiters.clear();
  const std::string message = fmt::format("workflow shutdown with strategy:  {}", *m_shutdown);
  m_executor.cancel_all();
  for (const graph::Node& each : m_status.nodes.nodes()) {
    if (!graph::is_fulfilled(each.phase, false)) {
      graph::Node& target = node(each.id);
      target.phase = graph::Phase::failed;
      target.message = message;
      target.finished_at = m_clock.now();
      m_sink.on_node(target);
    }
  }
  m_status.phase = graph::WorkflowPhase::failed;
  m_status.message = fmt::format("Stopped with strategy '{}'", *m_shutdown);
  m_status.finished_at = m_clock.now();
}

void Run::stalled() {
  m_executor.cancel_all();
  constexpr std::string_view k_message = "flowrun internal error: the run stalled";
  for (const graph::Node& each : m_status.nodes.nodes()) {
    if (!graph::is_fulfilled(each.phase, each.daemoned)) {
      node(each.id).phase = graph::Phase::error;
      node(each.id).message = std::string(k_message);
      node(each.id).finished_at = m_clock.now();
    }
  }
  m_status.phase = graph::WorkflowPhase::error;
  m_status.message = std::string(k_message);
  m_status.finished_at = m_clock.now();
}

graph::WorkflowStatus Run::run(const std::atomic<int>* interrupted, ControlInbox* inbox) {
  // Polled sources (Ctrl-C, control requests, work on other threads) need the loop to wake
  // up now and then even when no pod event or timer is due.
  const auto responsive = [&] {
    return interrupted != nullptr || inbox != nullptr || async_in_flight() > 0 ||
           !m_lock_waiters.empty();
  };
  start_workflow();
  while (true) {
    drain();
    if (m_terminated) {
      break;  // a Terminate request (run_control.cpp) already ended everything
    }
    if (fire_due_timer() || finish_async() || poll_control(inbox) || retry_lock_waiters()) {
      continue;
    }
    if (m_entry_done && !m_exit_started) {
      start_exit_handler();
      continue;
    }
    if (m_entry_done && m_exit_done) {
      stop_daemons("");  // daemons outlive nothing: the workflow ends when they are gone
      if ((m_pods.empty() || m_executor.outstanding() == 0) && async_in_flight() == 0) {
        finish_workflow();
        break;
      }
    }
    if (interrupted != nullptr) {
      const int level = interrupted->load();
      if (level >= k_shutdown_terminate) {
        interrupt();
        break;
      }
      if (level == k_shutdown_stop && !m_shutdown) {
        stop_workflow();
        continue;
      }
    }
    if (m_executor.outstanding() == 0) {
      if (async_in_flight() > 0) {
        wait_async(k_interrupt_poll);
        continue;
      }
      if (wait_for_timer(responsive())) {
        continue;  // a backoff, deadline or suspend duration is all that can move the run on
      }
      if (!m_lock_waiters.empty()) {
        // Held by another run on this machine (file locks): look again in a while.
        m_clock.sleep_until(m_clock.now() + k_interrupt_poll);
        continue;
      }
      if (inbox != nullptr && waiting_for_control()) {
        m_clock.sleep_until(m_clock.now() + k_interrupt_poll);  // a resume moves it on
        continue;
      }
      stalled();  // nothing runs and nothing is due: a bug, reported rather than hanging
      break;
    }
    std::optional<TimePoint> deadline = m_timers.next();
    if (responsive()) {
      const TimePoint poll = m_clock.now() + k_interrupt_poll;
      deadline = deadline ? std::min(*deadline, poll) : poll;
    }
    std::optional<PodEvent> event = m_executor.wait_next(deadline);
    if (!event) {
      if (!deadline) {
        stalled();  // the executor has nothing more to say, yet the run is not over
        break;
      }
      continue;
    }
    handle_pod_event(*event);
    // Events that are already due form one batch, as one reconcile of Argo's controller.
    while (std::optional<PodEvent> more = m_executor.wait_next(m_clock.now())) {
      handle_pod_event(*more);
    }
  }
  return std::move(m_status);
}

}  // namespace engine
