// Deadlines (spec 2.4): template `timeout` (from node creation, pending time included) and
// `activeDeadlineSeconds` (from pod start) on pod nodes, the retry backoff's maxDuration as
// an attempt's execution deadline, and the workflow's spec.activeDeadlineSeconds. All run on
// the TimerQueue, so the injected Clock decides when they fire; a running pod is stopped
// through Executor::stop and its node ends Failed with the deadline's message.
#include <fmt/format.h>

#include "engine/retry_policy.hpp"
#include "engine/run.hpp"
#include "engine/run_frames.hpp"

namespace engine {
namespace {

/// Argo's message when it stops a pod at the workflow deadline (execution control) and the
/// executor's when a pod outlives its execution deadline (backoff.maxDuration).
constexpr std::string_view k_step_deadline = "Step exceeded its deadline";
/// Kubernetes' message when a pod outlives its activeDeadlineSeconds; Argo gives pods the
/// template's activeDeadlineSeconds, or what is left of its `timeout`, as that deadline.
constexpr std::string_view k_pod_deadline =
    "Pod was active on the node longer than the specified deadline";
/// Argo's ErrTimeout, for a node still Pending when its `timeout` passes.
constexpr std::string_view k_timeout = "timeout";

/// The template's value of a field, else templateDefaults' (Go omits empty strings, so an
/// empty value counts as missing in the strategic merge).
const model::OptScalar& with_default(const model::OptScalar& own, const model::Template* defaults,
                                     model::OptScalar model::Template::*field) {
  if ((own && !own->value.empty()) || defaults == nullptr) {
    return own;
  }
  return defaults->*field;
}

std::string substituted(const model::Scalar& field, const expr::Scope& scope) {
  util::Result<std::string> text = expr::substitute(field.value, scope, expr::Mode::lenient);
  return text.ok() ? std::move(text.value()) : field.value;
}

}  // namespace

void Run::add_node_timer(const std::string& id, TimePoint when, std::function<void()> action) {
  m_node_timers[id].push_back(m_timers.add(when, std::move(action)));
}

void Run::watch_completion(const std::string& id, std::function<void()> action) {
  m_completion_watch[id] = std::move(action);
}

void Run::node_completed(const std::string& id) {
  if (const auto timers = m_node_timers.find(id); timers != m_node_timers.end()) {
    for (const TimerQueue::Id timer : timers->second) {
      m_timers.cancel(timer);  // a finished node's deadlines must not keep the run waiting
    }
    m_node_timers.erase(timers);
  }
  if (const auto watch = m_completion_watch.find(id); watch != m_completion_watch.end()) {
    m_deferred.push_back(std::move(watch->second));
    m_completion_watch.erase(watch);
  }
  m_active_deadlines.erase(id);
  release_locks(id);  // synchronization (run_sync.cpp)
}

void Run::execute_pod(const Call& call, const std::string& id, const BoundInputs& inputs) {
  if (!call.on_exit && m_shutdown) {
    // Argo's Stop lets only exit handlers start anything new.
    set_phase(id, graph::Phase::failed,
              fmt::format("workflow shutdown with strategy:  {}", *m_shutdown));
    return;
  }
  if (!call.on_exit && workflow_deadline_passed()) {
    // Argo creates no pod past the workflow deadline; the Pending node then fails.
    set_phase(id, graph::Phase::failed, std::string(k_step_deadline));
    return;
  }
  const model::Template& tmpl = *call.handle.tmpl;
  const model::WorkflowSpec& spec = m_request.workflow->spec;
  const model::Template* defaults = spec.template_defaults ? &*spec.template_defaults : nullptr;
  const model::OptScalar& active_field = with_default(tmpl.active_deadline_seconds, defaults,
                                                      &model::Template::active_deadline_seconds);
  const model::OptScalar& timeout_field =
      with_default(tmpl.timeout, defaults, &model::Template::timeout);
  const std::unique_ptr<expr::Scope> scope = make_local_scope(call, inputs);
  std::optional<long long> active_seconds;
  if (active_field) {
    model::OptScalar resolved = active_field;
    resolved->value = substituted(*active_field, *scope);
    util::Result<std::optional<long long>> seconds = int_or_string(resolved);
    if (!seconds.ok()) {
      set_phase(id, graph::Phase::error, seconds.error().message);
      return;
    }
    active_seconds = *seconds;
  }
  std::optional<util::Duration> timeout;
  if (timeout_field && !timeout_field->value.empty()) {
    std::string error;
    timeout = util::parse_go_duration(substituted(*timeout_field, *scope), &error);
    if (!timeout) {
      set_phase(id, graph::Phase::error, "invalid timeout format. " + error);
      return;
    }
  }
  execute_leaf(call, id, inputs);
  if (m_pods.count(id) == 0) {
    return;  // the pod could not be built: the node has already ended
  }
  if (call.on_exit) {
    m_exit_pods.insert(id);
  }
  const TimePoint created = node(id).started_at.value_or(m_clock.now());
  if (timeout) {
    add_node_timer(
        id, created + std::chrono::duration_cast<TimePoint::duration>(*timeout),
        [this, id] { pod_deadline(id, std::string(k_pod_deadline), std::string(k_timeout)); });
  }
  if (call.execution_deadline) {
    add_node_timer(id, *call.execution_deadline, [this, id] {
      pod_deadline(id, std::string(k_step_deadline), std::string(k_step_deadline));
    });
  }
  if (active_seconds) {
    m_active_deadlines[id] = *active_seconds;  // armed when the pod starts
  }
}

void Run::on_pod_started(const std::string& id) {
  const auto it = m_active_deadlines.find(id);
  if (it == m_active_deadlines.end()) {
    return;
  }
  const auto seconds = std::chrono::seconds(it->second);
  m_active_deadlines.erase(it);
  add_node_timer(id, m_clock.now() + seconds, [this, id] {
    pod_deadline(id, std::string(k_pod_deadline), std::string(k_pod_deadline));
  });
}

void Run::pod_deadline(const std::string& id, const std::string& running_message,
                       const std::string& pending_message) {
  const auto it = m_pods.find(id);
  if (it == m_pods.end() || graph::is_completed(node(id).phase)) {
    return;
  }
  if (!it->second->started) {
    // Still waiting for a parallelism slot: there is no pod to stop (pump_pods skips it).
    m_pods.erase(it);
    set_phase(id, graph::Phase::failed, pending_message);
    return;
  }
  kill_pod(id, running_message);
}

void Run::kill_pod(const std::string& id, std::string message) {
  if (m_killed.emplace(id, std::move(message)).second) {
    m_executor.stop(id);
  }
}

bool Run::finish_killed_pod(graph::Node& pod, const PodEvent& event) {
  const auto it = m_killed.find(pod.id);
  if (it == m_killed.end()) {
    return false;
  }
  std::string message = std::move(it->second);
  m_killed.erase(it);
  m_stopping.erase(pod.id);
  if (event.started) {
    pod.outputs.exit_code = std::to_string(event.exit_code);
  }
  set_phase(pod.id, graph::Phase::failed, std::move(message));
  return true;
}

std::optional<std::string> Run::start_workflow_deadline() {
  const model::OptScalar& field = m_request.workflow->spec.active_deadline_seconds;
  if (!field) {
    return std::nullopt;
  }
  model::OptScalar resolved = field;
  resolved->value = substituted(*field, m_globals);
  util::Result<std::optional<long long>> seconds = int_or_string(resolved);
  if (!seconds.ok()) {
    return "spec.activeDeadlineSeconds: " + seconds.error().message;
  }
  // Argo: startedAt truncated to whole seconds, plus N seconds (getWorkflowDeadline).
  const TimePoint started = *m_status.started_at;
  const TimePoint whole = std::chrono::floor<std::chrono::seconds>(started);
  m_workflow_deadline = whole + std::chrono::seconds(**seconds);
  m_timers.add(*m_workflow_deadline, [this] { workflow_deadline_reached(); });
  return std::nullopt;
}

bool Run::workflow_deadline_passed() const {
  return m_workflow_deadline && m_clock.now() >= *m_workflow_deadline;
}

void Run::workflow_deadline_reached() {
  halt_non_exit_work(std::string(k_step_deadline));
}

void Run::halt_non_exit_work(const std::string& message) {
  // Every pod but the exit handlers' is stopped (pending ones just fail), as Argo's
  // execution control does; the steps and DAGs above them roll up as usual.
  std::vector<std::string> pods;
  std::vector<RetryFrame*> backing_off;
  for (const graph::Node& each : m_status.nodes.nodes()) {
    if (m_pods.count(each.id) > 0 && m_exit_pods.count(each.id) == 0) {
      pods.push_back(each.id);
    }
    const auto frame = m_retry_frames.find(each.id);
    if (frame != m_retry_frames.end() && frame->second->backoff && !frame->second->finished) {
      backing_off.push_back(frame->second.get());
    }
  }
  for (const std::string& id : pods) {
    pod_deadline(id, message, message);
  }
  // A Retry node waiting out a backoff gives up now (`retry exceeded workflow deadline`,
  // or `Stopped with strategy 'Stop'`).
  for (RetryFrame* frame : backing_off) {
    m_timers.cancel(*frame->backoff);
    decide_retry(*frame);
  }
}

}  // namespace engine
