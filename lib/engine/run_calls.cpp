// Executing a template for a call, and running one step or task (when, loops, arguments and
// exit hook) on behalf of a steps or DAG node.
#include <algorithm>

#include <fmt/format.h>

#include "engine/artifacts.hpp"
#include "engine/outputs.hpp"
#include "engine/run.hpp"
#include "engine/run_frames.hpp"
#include "expr/expr_env.hpp"
#include "expr/expr_eval.hpp"
#include "expr/json_value.hpp"

namespace engine {
namespace {

constexpr std::string_view k_max_depth_message =
    "Maximum recursion depth exceeded. See "
    "https://argo-workflows.readthedocs.io/en/latest/scaling/#maximum-recursion-depth";

/// An output parameter's `valueFrom.expression` over the template's scope (`steps.X.*`,
/// `tasks.X.*`, inputs, globals): a string as is, anything else as compact JSON. An error or a
/// nil result (an absent optional without `??`) falls back to `valueFrom.default` (spec 5.7).
util::Result<std::string> evaluate_output_expression(const std::string& expression,
                                                     const expr::Scope& scope,
                                                     const model::OptScalar& fallback) {
  util::Result<std::string> text =
      expr::evaluate_expression_tag(expression, expr::ExprEnv::from_scope(scope));
  if (!text.ok() && fallback) {
    return fallback->value;
  }
  return text;
}

}  // namespace

util::Result<std::vector<std::pair<std::string, std::string>>> Run::bind_inputs(
    const model::Template& tmpl, const std::vector<ArgValue>& arguments) const {
  std::vector<std::pair<std::string, std::string>> bound;
  for (const model::Parameter& input : tmpl.inputs.parameters) {
    const std::string& name = input.name.value;
    std::optional<std::string> value;
    if (input.value) {
      value = input.value->value;
    } else if (input.default_value) {
      value = input.default_value->value;
    }
    bool absent_argument = false;
    for (const ArgValue& argument : arguments) {
      if (argument.name != name) {
        continue;
      }
      if (argument.value) {
        value = argument.value;
        absent_argument = false;
      } else {
        absent_argument = true;
      }
    }
    if (!value && input.value_from && input.value_from->default_value) {
      value = input.value_from->default_value->value;
    }
    if (!value) {
      return util::make_error(
          util::ErrorCode::invalid_input,
          absent_argument ? fmt::format("inputs.parameters.{}: argument references an absent "
                                        "optional (skipped/omitted node with no default)",
                                        name)
                          : fmt::format("inputs.parameters.{} was not supplied", name));
    }
    // Pass 1 of Argo's SubstituteParams: globals inside input values.
    util::Result<std::string> text = expr::substitute(*value, m_globals, expr::Mode::lenient);
    bound.emplace_back(name, text.ok() ? std::move(text.value()) : *value);
  }
  return bound;
}

std::unique_ptr<expr::Scope> Run::make_local_scope(
    const Call& call, const std::vector<std::pair<std::string, std::string>>& inputs) const {
  auto scope = std::make_unique<expr::Scope>(&m_globals);
  std::vector<expr::JsonValue> parameters;
  for (const auto& [name, value] : inputs) {
    scope->set("inputs.parameters." + name, value);
    parameters.push_back(expr::JsonValue::object(
        {{"name", expr::JsonValue::string(name)}, {"value", expr::JsonValue::string(value)}}));
  }
  scope->set("inputs.parameters", expr::to_compact_json(expr::JsonValue::array(parameters)));
  for (const graph::ArtifactRef& artifact : call.input_artifacts) {
    scope->set("inputs.artifacts." + artifact.name, artifact_text(artifact));
  }
  scope->set("node.name", call.node_name);
  scope->set(call.from_dag ? "tasks.name" : "steps.name", call.caller_name);
  for (const auto& [name, value] : call.locals) {
    scope->set(name, value);
  }
  return scope;
}

graph::NodeType node_type_of(const model::Template& tmpl) {
  switch (tmpl.type()) {
    case model::TemplateType::steps: return graph::NodeType::steps;
    case model::TemplateType::dag: return graph::NodeType::dag;
    case model::TemplateType::suspend: return graph::NodeType::suspend;
    case model::TemplateType::http: return graph::NodeType::http;
    case model::TemplateType::plugin: return graph::NodeType::plugin;
    default: return graph::NodeType::pod;
  }
}

std::string Run::execute(Call call, Done done) {
  const model::Template& tmpl = *call.handle.tmpl;
  // Argo's onExitTemplate flag: everything an exit handler runs escapes the workflow deadline.
  call.on_exit = call.on_exit || call.hooked;
  std::string id;
  if (m_request.max_depth > 0 && call.depth > m_request.max_depth) {
    id = error_node(call.node_name, call.boundary_id, &call.handle,
                    std::string(k_max_depth_message));
    on_done(id, std::move(done));
    return id;
  }
  util::Result<std::vector<std::pair<std::string, std::string>>> inputs =
      bind_inputs(tmpl, call.arguments);
  if (!inputs.ok()) {
    id = error_node(call.node_name, call.boundary_id, &call.handle, inputs.error().message);
    on_done(id, std::move(done));
    return id;
  }
  util::Result<std::vector<graph::ArtifactRef>> artifacts =
      bind_input_artifacts(tmpl, call.artifact_arguments, inputs.value());
  if (!artifacts.ok()) {
    id = error_node(call.node_name, call.boundary_id, &call.handle, artifacts.error().message);
    on_done(id, std::move(done));
    return id;
  }
  call.input_artifacts = std::move(artifacts.value());
  if (tmpl.memoize) {  // looked up before the node exists (run_memo.cpp)
    return execute_memoized(std::move(call), std::move(inputs.value()), std::move(done));
  }
  if (const model::RetryStrategy* strategy = retry_strategy_for(tmpl)) {
    return execute_retry(std::move(call), *strategy, std::move(inputs.value()), std::move(done));
  }
  return run_template(call, inputs.value(), std::move(done));
}

std::string Run::run_template(const Call& call, const BoundInputs& inputs, Done done) {
  const model::Template& tmpl = *call.handle.tmpl;
  const std::string id =
      create_node(call.node_name, node_type_of(tmpl), call.boundary_id, &call.handle);
  on_done(id, std::move(done));
  graph::Node& created = node(id);
  created.hooked = call.hooked;
  created.input_parameters = inputs;
  created.input_artifacts = call.input_artifacts;
  if (tmpl.synchronization) {
    // The node waits, Pending, until it holds its mutexes and semaphores (run_sync.cpp).
    const std::unique_ptr<expr::Scope> scope = make_local_scope(call, inputs);
    util::Result<std::vector<HeldLock>> locks = resolve_locks(*tmpl.synchronization, *scope);
    if (!locks.ok()) {
      set_phase(id, graph::Phase::error, locks.error().message);
      return id;
    }
    with_locks(id, std::move(locks.value()),
               [this, call, id, inputs] { start_template(call, id, inputs); });
    return id;
  }
  start_template(call, id, inputs);
  return id;
}

void Run::start_template(const Call& call, const std::string& id, const BoundInputs& inputs) {
  const model::Template& tmpl = *call.handle.tmpl;
  switch (tmpl.type()) {
    case model::TemplateType::steps: execute_steps(call, id, inputs); break;
    case model::TemplateType::dag: execute_dag(call, id, inputs); break;
    case model::TemplateType::container:
    case model::TemplateType::script:
    case model::TemplateType::container_set: execute_pod(call, id, inputs); break;
    case model::TemplateType::suspend: execute_suspend(call, id, inputs); break;
    case model::TemplateType::http: execute_http(call, id, inputs); break;
    case model::TemplateType::data: execute_data(call, id, inputs); break;
    case model::TemplateType::resource: execute_resource(call, id, inputs); break;
    default:
      set_phase(id, graph::Phase::error,
                fmt::format("{} templates are not supported by this version of flowrun",
                            model::to_string(tmpl.type())));
  }
}

util::Result<std::vector<std::pair<std::string, std::string>>> Run::template_outputs(
    const model::Template& tmpl, const expr::Scope& scope) const {
  std::vector<std::pair<std::string, std::string>> values;
  for (const model::Parameter& parameter : tmpl.outputs.parameters) {
    if (parameter.value) {
      util::Result<std::string> text =
          expr::substitute(parameter.value->value, scope, expr::Mode::strict);
      if (!text.ok()) {
        return text.error();
      }
      values.emplace_back(parameter.name.value, std::move(text.value()));
      continue;
    }
    if (parameter.value_from && parameter.value_from->expression) {
      util::Result<std::string> text = evaluate_output_expression(
          parameter.value_from->expression->value, scope, parameter.value_from->default_value);
      if (!text.ok()) {
        return text.error();
      }
      values.emplace_back(parameter.name.value, std::move(text.value()));
      continue;
    }
    if (!parameter.value_from || !parameter.value_from->parameter) {
      if (parameter.value_from && parameter.value_from->default_value) {
        values.emplace_back(parameter.name.value, parameter.value_from->default_value->value);
      }
      continue;
    }
    util::Result<std::string> text =
        expr::substitute(parameter.value_from->parameter->value, scope, expr::Mode::strict);
    if (text.ok()) {
      values.emplace_back(parameter.name.value, std::move(text.value()));
    } else if (parameter.value_from->default_value) {
      values.emplace_back(parameter.name.value, parameter.value_from->default_value->value);
    } else {
      return text.error();
    }
  }
  return values;
}

void Run::bind_skipped_or_outputs(expr::Scope& scope, std::set<std::string>& absent,
                                  const std::string& prefix, const model::Step& step,
                                  const model::Workflow& document, const graph::Node& finished) {
  bind_node_outputs(scope, prefix, scope_node(finished));
  if (finished.phase != graph::Phase::skipped && finished.phase != graph::Phase::omitted) {
    return;
  }
  util::Result<TemplateHandle> handle =
      m_lookup.resolve(document, step.template_name, step.template_ref, step.inline_template.get());
  if (!handle.ok()) {
    return;
  }
  for (const model::Parameter& output : handle->tmpl->outputs.parameters) {
    const std::string name = prefix + ".outputs.parameters." + output.name.value;
    if (output.value_from && output.value_from->default_value) {
      scope.set(name, output.value_from->default_value->value);
    } else {
      absent.insert(name);
    }
  }
  for (const model::Artifact& output : handle->tmpl->outputs.artifacts) {
    absent.insert(prefix + ".outputs.artifacts." + output.name.value);
  }
}

void Run::export_globals(const model::Template& tmpl, const graph::Node& produced) {
  for (const model::Parameter& parameter : tmpl.outputs.parameters) {
    if (!parameter.global_name) {
      continue;
    }
    for (const auto& [name, value] : produced.outputs.parameters) {
      if (name != parameter.name.value) {
        continue;
      }
      const std::string& global = parameter.global_name->value;
      m_globals.set("workflow.outputs.parameters." + global, value);
      bool replaced = false;
      for (auto& [known, known_value] : m_status.output_parameters) {
        if (known == global) {
          known_value = value;
          replaced = true;
        }
      }
      if (!replaced) {
        m_status.output_parameters.emplace_back(global, value);
      }
    }
  }
  for (const model::Artifact& artifact : tmpl.outputs.artifacts) {
    if (!artifact.global_name) {
      continue;
    }
    for (const graph::ArtifactRef& value : produced.outputs.artifacts) {
      if (value.name != artifact.name.value) {
        continue;
      }
      graph::ArtifactRef global = value;
      global.name = artifact.global_name->value;
      m_globals.set("workflow.outputs.artifacts." + global.name, artifact_text(global));
      std::vector<graph::ArtifactRef>& known = m_status.output_artifacts;
      const auto same = [&](const graph::ArtifactRef& a) { return a.name == global.name; };
      known.erase(std::remove_if(known.begin(), known.end(), same), known.end());
      known.push_back(std::move(global));
    }
  }
}

}  // namespace engine
