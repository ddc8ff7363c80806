// retryStrategy (spec 2.3): a Retry node named after the step, with attempts `<name>(0)`,
// `<name>(1)`, ..., each a full execution of the template (new node, new pod name). What
// happens after a failed attempt is retry_policy.hpp's decide_retry; this file keeps the
// nodes, the backoff timer and the variables attempts see.
#include "engine/retry_policy.hpp"
#include "engine/run.hpp"
#include "engine/run_frames.hpp"
#include "graph/naming.hpp"

namespace engine {
namespace {

AttemptFacts facts_of(const graph::Node& attempt, TimePoint now) {
  AttemptFacts facts;
  facts.phase = attempt.phase;
  facts.message = attempt.message;
  facts.exit_code = attempt.outputs.exit_code;
  facts.started_at = attempt.started_at.value_or(now);
  facts.finished_at = attempt.finished_at;
  return facts;
}

/// The strategy with its `{{...}}` tags substituted: Argo substitutes the whole template
/// with its inputs and the globals before reading `limit`, `backoff` or `expression`.
model::RetryStrategy substituted(const model::RetryStrategy& strategy, const expr::Scope& scope) {
  model::RetryStrategy out = strategy;
  auto substitute = [&scope](model::OptScalar& field) {
    if (!field) {
      return;
    }
    util::Result<std::string> text = expr::substitute(field->value, scope, expr::Mode::lenient);
    if (text.ok()) {
      field->value = std::move(text.value());
    }
  };
  substitute(out.limit);
  substitute(out.retry_policy);
  substitute(out.expression);
  if (out.backoff) {
    substitute(out.backoff->duration);
    substitute(out.backoff->factor);
    substitute(out.backoff->cap);
    substitute(out.backoff->max_duration);
  }
  // `affinity` (nodeAntiAffinity) steers Kubernetes away from the failed node; one machine
  // has no other node, so it is accepted and has no effect.
  return out;
}

bool failed_or_error(graph::Phase phase) {
  return phase == graph::Phase::failed || phase == graph::Phase::error;
}

}  // namespace

const model::RetryStrategy* Run::retry_strategy_for(const model::Template& tmpl) {
  const auto [it, inserted] = m_retry_strategies.try_emplace(&tmpl);
  if (inserted) {
    // Argo merges templateDefaults into the template first, then falls back to
    // spec.retryStrategy (operator.go mergedTemplateDefaultsInto, retryStrategy).
    const model::WorkflowSpec& spec = m_request.workflow->spec;
    const model::Template* defaults = spec.template_defaults ? &*spec.template_defaults : nullptr;
    if (tmpl.retry_strategy && defaults != nullptr && defaults->retry_strategy) {
      it->second = merge_retry_strategy(*tmpl.retry_strategy, *defaults->retry_strategy);
    } else if (tmpl.retry_strategy) {
      it->second = tmpl.retry_strategy;
    } else if (defaults != nullptr && defaults->retry_strategy) {
      it->second = defaults->retry_strategy;
    } else {
      it->second = spec.retry_strategy;
    }
  }
  return it->second ? &*it->second : nullptr;
}

std::string Run::execute_retry(Call call, const model::RetryStrategy& strategy, BoundInputs inputs,
                               Done done) {
  const std::string id = create_node(call.node_name, graph::NodeType::retry, call.boundary_id,
                                     &call.handle, graph::Phase::running);
  on_done(id, std::move(done));
  graph::Node& created = node(id);
  created.hooked = call.hooked;
  created.input_parameters = inputs;
  created.input_artifacts = call.input_artifacts;
  auto frame = std::make_unique<RetryFrame>();
  frame->id = id;
  frame->strategy = substituted(strategy, *make_local_scope(call, inputs));
  frame->call = std::move(call);
  frame->inputs = std::move(inputs);
  RetryFrame& ref = *frame;
  m_retry_frames.emplace(id, std::move(frame));
  start_attempt(ref);
  return id;
}

void Run::start_attempt(RetryFrame& frame) {
  const std::size_t index = frame.attempts.size();
  const TimePoint now = m_clock.now();
  std::optional<AttemptFacts> previous;
  if (!frame.attempts.empty()) {
    previous = facts_of(node(frame.attempts.back()), now);
  }
  Call attempt = frame.call;
  attempt.node_name = graph::retry_child_name(frame.call.node_name, index);
  attempt.hooked = false;
  attempt.execution_deadline = frame.execution_deadline;
  attempt.locals = retry_body_variables(index, previous ? &*previous : nullptr, now);
  // Argo binds node.name before it picks the attempt's name: it stays the Retry node's.
  attempt.locals.emplace_back("node.name", frame.call.node_name);
  RetryFrame* target = &frame;
  const std::string child = run_template(
      attempt, frame.inputs, [this, target](const std::string&) { attempt_done(*target); });
  frame.attempts.push_back(child);
  add_child(frame.id, child);
}

void Run::attempt_done(RetryFrame& frame) {
  if (frame.finished) {
    return;
  }
  const graph::Node& attempt = node(frame.attempts.back());
  if (!graph::is_completed(attempt.phase) && attempt.daemoned) {
    // A ready daemon: the Retry node is fulfilled for its dependents now, and decides once
    // the daemon ends (stopped with its scope, or exiting on its own).
    const std::string attempt_id = attempt.id;
    graph::Node& retry = node(frame.id);
    retry.daemoned = true;
    retry.pod_ip = attempt.pod_ip;
    m_sink.on_node(retry);
    if (!frame.fulfilled) {
      frame.fulfilled = true;
      m_fulfilled.push_back(frame.id);
    }
    RetryFrame* target = &frame;
    watch_completion(attempt_id, [this, target] { attempt_done(*target); });
    return;
  }
  decide_retry(frame);
}

void Run::decide_retry(RetryFrame& frame) {
  frame.backoff.reset();
  const TimePoint now = m_clock.now();
  const graph::Node& last = node(frame.attempts.back());
  if (!failed_or_error(last.phase)) {
    finish_retry(frame, graph::Phase::succeeded, node(frame.id).message);
    return;
  }
  RetryInputs inputs;
  inputs.attempts = frame.attempts.size();
  inputs.first_started_at = node(frame.attempts.front()).started_at.value_or(now);
  inputs.last = facts_of(node(frame.attempts.back()), now);
  inputs.now = now;
  inputs.workflow_deadline = m_workflow_deadline;
  inputs.shutdown = m_shutdown;
  inputs.transient_error_pattern = m_request.transient_error_pattern;
  inputs.evaluator = &m_request.retry_expression;
  const RetryDecision decision = engine::decide_retry(frame.strategy, inputs);
  switch (decision.kind) {
    case RetryDecision::Kind::retry:
      if (!node(frame.id).message.empty()) {
        set_phase(frame.id, graph::Phase::running);  // Argo clears `Backoff for ...`
      }
      frame.execution_deadline = decision.execution_deadline;
      start_attempt(frame);
      return;
    case RetryDecision::Kind::wait: {
      set_phase(frame.id, graph::Phase::running, decision.message);
      RetryFrame* target = &frame;
      frame.backoff = m_timers.add(decision.wake, [this, target] { decide_retry(*target); });
      return;
    }
    case RetryDecision::Kind::finish:
    case RetryDecision::Kind::error: finish_retry(frame, decision.phase, decision.message); return;
  }
}

void Run::finish_retry(RetryFrame& frame, graph::Phase phase, std::string message) {
  frame.finished = true;
  if (frame.backoff) {
    m_timers.cancel(*frame.backoff);
    frame.backoff.reset();
  }
  // The Retry node carries its last attempt's outputs (Argo copies them on completion).
  graph::NodeOutputs outputs = scope_node(node(frame.id)).outputs;
  graph::Node& retry = node(frame.id);
  retry.outputs = std::move(outputs);
  retry.daemoned = false;
  set_phase(frame.id, phase, std::move(message));
}

const graph::Node& Run::scope_node(const graph::Node& finished) {
  if (finished.type != graph::NodeType::retry) {
    return finished;
  }
  // A step's exit hook hangs under the Retry node too; it is not an attempt.
  for (auto it = finished.children.rbegin(); it != finished.children.rend(); ++it) {
    const graph::Node& child = node(*it);
    if (!child.hooked) {
      return child;
    }
  }
  return finished;
}

}  // namespace engine
