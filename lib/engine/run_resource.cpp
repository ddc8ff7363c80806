// resource templates (spec 1.3): the manifest, flags and conditions are substituted on the
// run's thread; the action goes to RunRequest::resources on a thread of its own (start_async).
// With successCondition / failureCondition the object is then read again every
// k_resource_poll_interval (a timer on the run's clock, as Argo's executor polls every
// RESOURCE_STATE_CHECK_INTERVAL, default 5 s) until one of them holds. Output parameters
// (`valueFrom.jsonPath` / `jqFilter`) come from the last state read. The node is a Pod node,
// as Argo runs resource templates in a pod.
#include <memory>

#include <fmt/format.h>

#include "engine/preflight_resource.hpp"
#include "engine/resource_backend.hpp"
#include "engine/resource_conditions.hpp"
#include "engine/resource_manifest.hpp"
#include "engine/run.hpp"
#include "expr/json_value.hpp"

namespace engine {
namespace {

/// Argo's default RESOURCE_STATE_CHECK_INTERVAL.
constexpr std::chrono::seconds k_resource_poll_interval{5};

/// One resource node's action and what is known of its object.
struct ResourceJob {
  const model::Template* tmpl = nullptr;
  std::string id;
  ResourceAction action;
  std::vector<Requirement> success;
  std::vector<Requirement> failure;
  ResourceObject object;
};

using JobPtr = std::shared_ptr<ResourceJob>;

/// Whether the node still waits for this job (Terminate may have ended it meanwhile).
bool still_running(Run& run, const std::string& id) {
  return !graph::is_fulfilled(run.node(id).phase, false);
}

/// Fills the job from the template, substituted with the call's scope; the error message.
std::optional<std::string> prepare(Run& run, const Call& call, const BoundInputs& inputs,
                                   ResourceJob& job) {
  const model::ResourceTemplate& resource = *job.tmpl->resource;
  const std::unique_ptr<expr::Scope> scope = run.make_local_scope(call, inputs);
  std::optional<std::string> failed;
  const auto sub = [&](const std::string& text) {
    util::Result<std::string> out = expr::substitute(text, *scope, expr::Mode::strict);
    if (!out.ok()) {
      failed = failed.value_or(out.error().message);
      return std::string();
    }
    return out.value();
  };
  job.action.action = resource.action ? sub(resource.action->value) : "";
  job.action.merge_strategy = resource.merge_strategy ? sub(resource.merge_strategy->value) : "";
  for (const model::Scalar& flag : resource.flags) {
    job.action.flags.push_back(sub(flag.value));
  }
  const std::string manifest = resource.manifest ? sub(resource.manifest->value) : "";
  const std::string success =
      resource.success_condition ? sub(resource.success_condition->value) : "";
  const std::string failure =
      resource.failure_condition ? sub(resource.failure_condition->value) : "";
  if (failed) {
    return failed;
  }
  if (resource.manifest_from) {
    return "manifestFrom is not supported by this version of flowrun";
  }
  if (!manifest.empty()) {
    util::Result<ManifestInfo> info = read_manifest(manifest);
    if (!info.ok()) {
      return fmt::format("failed to parse the manifest: {}", info.error().message);
    }
    job.action.manifest = info->json;
  }
  job.action.owned = resource.set_owner_reference;
  job.action.workflow_name = run.request().name;
  job.action.node_id = job.id;
  job.action.image_map = run.request().image_map;
  if (!success.empty()) {
    util::Result<std::vector<Requirement>> parsed = parse_condition(success);
    if (!parsed.ok()) {
      return fmt::format("success condition '{}' failed to parse: {}", success,
                         parsed.error().message);
    }
    job.success = std::move(parsed.value());
  }
  if (!failure.empty()) {
    util::Result<std::vector<Requirement>> parsed = parse_condition(failure);
    if (!parsed.ok()) {
      return fmt::format("fail condition '{}' failed to parse: {}", failure,
                         parsed.error().message);
    }
    job.failure = std::move(parsed.value());
  }
  return std::nullopt;
}

/// Output parameters from the object's last state (Argo's SaveResourceParameters): after a
/// delete there is no object, so each takes its default, else "".
void finish(Run& run, const JobPtr& job) {
  graph::Node& node = run.node(job->id);
  std::vector<std::pair<std::string, std::string>> values;
  for (const model::Parameter& output : job->tmpl->outputs.parameters) {
    if (!output.value_from || (!output.value_from->json_path && !output.value_from->jq_filter)) {
      continue;
    }
    const model::ValueFrom& from = *output.value_from;
    const std::string fallback = from.default_value ? from.default_value->value : "";
    if (job->object.json.empty()) {
      values.emplace_back(output.name.value, fallback);
      continue;
    }
    util::Result<std::string> value =
        from.json_path ? evaluate_json_path(job->object.json, from.json_path->value)
                       : evaluate_jq_filter(job->object.json, from.jq_filter->value);
    if (!value.ok() && !from.default_value) {
      run.set_phase(
          job->id, graph::Phase::error,
          fmt::format("output parameter '{}': {}", output.name.value, value.error().message));
      return;
    }
    values.emplace_back(output.name.value, value.ok() ? value.value() : fallback);
  }
  node.outputs.parameters = std::move(values);
  run.export_globals(*job->tmpl, node);
  run.set_phase(job->id, graph::Phase::succeeded);
}

void poll(Run& run, const JobPtr& job);

/// Judges the object's current state; waits another interval when no condition holds yet.
void judge(Run& run, const JobPtr& job) {
  auto object = expr::parse_json(job->object.json);
  if (!object.ok()) {
    run.set_phase(job->id, graph::Phase::failed,
                  fmt::format("Encountered invalid JSON response when checking resource status. "
                              "Will not be retried: {}",
                              object.error().message));
    return;
  }
  const ConditionVerdict verdict = match_conditions(job->success, job->failure, object.value());
  switch (verdict.state) {
    case ConditionState::failed:
      run.set_phase(job->id, graph::Phase::failed, verdict.message);
      return;
    case ConditionState::succeeded: finish(run, job); return;
    case ConditionState::waiting: break;
  }
  run.add_node_timer(job->id, run.clock().now() + k_resource_poll_interval,
                     [&run, job] { poll(run, job); });
}

void poll(Run& run, const JobPtr& job) {
  ResourceBackend* backend = run.request().resources;
  run.start_async(
      [&run, job, backend](const std::atomic<bool>& /*cancelled*/) -> Run::Continuation {
        util::Result<ResourceObject> current = backend->get(job->object);
        return [&run, job, current = std::move(current)] {
          if (!still_running(run, job->id)) {
            return;
          }
          if (!current.ok()) {
            run.set_phase(job->id, graph::Phase::failed, current.error().message);
            return;
          }
          job->object = current.value();
          judge(run, job);
        };
      });
}

}  // namespace

void Run::execute_resource(const Call& call, const std::string& id, const BoundInputs& inputs) {
  ResourceBackend* backend = m_request.resources;
  if (backend == nullptr) {
    set_phase(id, graph::Phase::error, std::string(k_no_resource_backend));
    return;
  }
  auto job = std::make_shared<ResourceJob>();
  job->tmpl = call.handle.tmpl;
  job->id = id;
  if (std::optional<std::string> failed = prepare(*this, call, inputs, *job)) {
    set_phase(id, graph::Phase::error, std::move(*failed));
    return;
  }
  mark_running(id);
  start_async([this, job, backend](const std::atomic<bool>& cancelled) -> Continuation {
    util::Result<ResourceObject> done = backend->execute(job->action, cancelled);
    return [this, job, backend, done = std::move(done)] {
      if (!still_running(*this, job->id)) {
        return;
      }
      if (!done.ok()) {
        set_phase(job->id, graph::Phase::failed, done.error().message);
        return;
      }
      job->object = done.value();
      const bool conditions = !job->success.empty() || !job->failure.empty();
      if (!conditions || backend->simulated() || job->object.json.empty()) {
        finish(*this, job);
        return;
      }
      judge(*this, job);
    };
  });
}

}  // namespace engine
