// Validation checks: workflow arguments (values, valueFrom, enum), and that every input a
// template needs is supplied by its caller (spec sections 2.1, 3.2, 4.8 and 9 items 3, 5).
#include <fmt/format.h>

#include <algorithm>

#include "model/validation_context.hpp"
#include "model/validation_util.hpp"

namespace model {
namespace {

const std::string* cli_value(const ValidationContext& context, const std::string& name) {
  for (const auto& [key, value] : context.options.parameters) {
    if (key == name) {
      return &value;
    }
  }
  return nullptr;
}

std::string join_enum(const Parameter& p) {
  std::string out;
  for (const Scalar& v : p.enum_values) {
    out += out.empty() ? "" : ", ";
    out += v.value;
  }
  return out;
}

bool in_enum(const Parameter& p, const std::string& value) {
  return std::any_of(p.enum_values.begin(), p.enum_values.end(),
                     [&](const Scalar& v) { return v.value == value; });
}

void check_enum(const ValidationContext& context, const Parameter& p, const std::string& path,
                const std::string* override_value) {
  if (p.enum_loc.valid() && p.enum_values.empty()) {
    context.error(p.enum_loc, "enum",
                  fmt::format("{}.{}.enum should contain at least one value", path, p.name.value));
    return;
  }
  if (p.enum_values.empty()) {
    return;
  }
  if (override_value != nullptr) {
    if (!in_enum(p, *override_value)) {
      context.error(p.enum_loc, "enum",
                    fmt::format("-p {}={}: value should be present in {}.{}.enum list ({})",
                                p.name.value, *override_value, path, p.name.value, join_enum(p)));
    }
    return;
  }
  if (p.value && !has_tag(p.value->value) && !in_enum(p, p.value->value)) {
    context.error(p.value->loc, "enum",
                  fmt::format("{}.{}.value should be present in {}.{}.enum list ({})", path,
                              p.name.value, path, p.name.value, join_enum(p)));
  }
}

void check_workflow_arguments(const ValidationContext& context) {
  const bool needs_values =
      context.workflow.kind == Kind::workflow || context.workflow.kind == Kind::cron_workflow;
  for (const Parameter& p : context.workflow.spec.arguments.parameters) {
    const std::string* override_value = cli_value(context, p.name.value);
    if (needs_values && !p.value && !p.value_from && override_value == nullptr) {
      context.error(p.name.loc, "parameter-value",
                    fmt::format("spec.arguments.{0}.value or spec.arguments.{0}.valueFrom is "
                                "required (or pass -p {0}=VALUE)",
                                p.name.value));
    }
    if (p.value_from && (p.value_from->path || p.value_from->expression ||
                         p.value_from->parameter || p.value_from->json_path ||
                         p.value_from->jq_filter)) {
      context.error(p.value_from->loc, "parameter-value",
                    fmt::format("spec.arguments.{}.valueFrom only allows: default, "
                                "configMapKeyRef and supplied",
                                p.name.value));
    }
    check_enum(context, p, "spec.arguments", override_value);
  }
}

bool supplied_by_workflow(const ValidationContext& context, const std::string& name) {
  const auto& params = context.workflow.spec.arguments.parameters;
  return cli_value(context, name) != nullptr ||
         std::any_of(params.begin(), params.end(),
                     [&](const Parameter& p) { return p.name.value == name; });
}

bool has_own_value(const Parameter& input) {
  return input.value || input.default_value || input.value_from;
}

/// The entrypoint (and the exit handler) get their inputs from spec.arguments.
void check_root_inputs(const ValidationContext& context, const std::string& name,
                       util::SourceLoc loc) {
  const Template* tmpl = context.workflow.find_template(name);
  if (tmpl == nullptr) {
    return;
  }
  for (const Parameter& input : tmpl->inputs.parameters) {
    if (!has_own_value(input) && !supplied_by_workflow(context, input.name.value)) {
      context.error(loc, "input-not-supplied",
                    fmt::format("templates.{} inputs.parameters.{} was not supplied (add it to "
                                "spec.arguments.parameters or pass -p {}=VALUE)",
                                name, input.name.value, input.name.value));
    }
  }
  for (const Artifact& input : tmpl->inputs.artifacts) {
    const auto& args = context.workflow.spec.arguments.artifacts;
    const bool supplied = std::any_of(args.begin(), args.end(), [&](const Artifact& a) {
      return a.name.value == input.name.value;
    });
    if (!supplied && !input.optional && input.location_kind.empty() && !input.from) {
      context.error(loc, "input-not-supplied",
                    fmt::format("templates.{} inputs.artifacts.{} was not supplied", name,
                                input.name.value));
    }
  }
}

void check_call_arguments(const ValidationContext& context, const Arguments& args,
                          const ResolvedTemplate& callee, util::SourceLoc loc,
                          const std::string& path) {
  for (const Parameter& p : args.parameters) {
    if (!p.value && !p.value_from) {
      context.error(p.name.loc, "parameter-value",
                    fmt::format("{}.arguments.parameters.{}: value or valueFrom is required", path,
                                p.name.value));
    }
    check_enum(context, p, path + ".arguments.parameters", nullptr);
  }
  if (!callee) {
    return;
  }
  for (const Parameter& input : callee.tmpl->inputs.parameters) {
    const bool given = std::any_of(args.parameters.begin(), args.parameters.end(),
                                   [&](const Parameter& a) { return a.name.value == input.name.value; });
    if (!given && !has_own_value(input)) {
      context.error(loc, "input-not-supplied",
                    fmt::format("{} inputs.parameters.{} was not supplied", path,
                                input.name.value));
    }
  }
  for (const Artifact& input : callee.tmpl->inputs.artifacts) {
    const bool given = std::any_of(args.artifacts.begin(), args.artifacts.end(),
                                   [&](const Artifact& a) { return a.name.value == input.name.value; });
    if (!given && !input.optional && input.location_kind.empty() && !input.from) {
      context.error(loc, "input-not-supplied",
                    fmt::format("{} inputs.artifacts.{} was not supplied", path,
                                input.name.value));
    }
  }
}

void check_steps(const ValidationContext& context, const Template& tmpl, const std::string& path) {
  auto check = [&](const Step& step, const std::string& step_path) {
    check_call_arguments(context, step.arguments, context.resolve(step, context.workflow),
                         step.name.loc.valid() ? step.name.loc : step.loc, step_path);
    for (const LifecycleHook& hook : step.hooks) {
      check_call_arguments(context, hook.arguments, context.resolve(hook, context.workflow),
                           hook.name.loc, step_path + ".hooks." + hook.name.value);
    }
  };
  if (tmpl.steps) {
    for (size_t i = 0; i < tmpl.steps->size(); ++i) {
      for (const Step& step : (*tmpl.steps)[i].steps) {
        check(step, fmt::format("{}.steps[{}].{}", path, i, step.name.value));
      }
    }
  }
  if (tmpl.dag) {
    for (const Step& task : tmpl.dag->tasks) {
      check(task, fmt::format("{}.tasks.{}", path, task.name.value));
    }
  }
}

}  // namespace

void check_arguments(const ValidationContext& context) {
  check_workflow_arguments(context);
  const WorkflowSpec& spec = context.workflow.spec;
  const bool is_run_document =
      context.workflow.kind == Kind::workflow || context.workflow.kind == Kind::cron_workflow;
  const std::string entrypoint = context.entrypoint();
  if (is_run_document && !entrypoint.empty()) {
    check_root_inputs(context, entrypoint, spec.entrypoint ? spec.entrypoint->loc : spec.loc);
  }
  if (is_run_document && spec.on_exit) {
    check_root_inputs(context, spec.on_exit->value, spec.on_exit->loc);
  }
  for (const TemplateSite& site : all_templates(context.workflow)) {
    check_steps(context, *site.tmpl, site.path);
  }
}

}  // namespace model
