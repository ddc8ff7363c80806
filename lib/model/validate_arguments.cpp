// Validation checks: workflow arguments (values, valueFrom, enum), and that every input a
// template needs is supplied by its caller (spec sections 2.1, 3.2, 4.8 and 9 items 3, 5).
#include <algorithm>

#include <fmt/format.h>

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

/// How one list of argument parameters is checked. `prefix` is Argo's message prefix
/// ("spec.arguments." or "templates.t.steps[0].s.arguments.").
struct ArgumentRules {
  std::string prefix;
  bool allow_empty = false;    ///< a parameter may have neither value nor valueFrom
  bool from_workflow = false;  ///< spec.arguments: `-p` may supply the value
};

void check_enum(const ValidationContext& context, const Parameter& p, const ArgumentRules& rules,
                const std::string* override_value) {
  const std::string& name = p.name.value;
  if (p.enum_loc.valid() && p.enum_values.empty()) {
    context.error(p.enum_loc, "enum",
                  fmt::format("{}{}.enum should contain at least one value", rules.prefix, name));
    return;
  }
  if (p.enum_values.empty()) {
    return;
  }
  if (override_value != nullptr) {
    if (!in_enum(p, *override_value)) {
      context.error(p.enum_loc, "enum",
                    fmt::format("-p {}={}: value should be present in {}{}.enum list ({})", name,
                                *override_value, rules.prefix, name, join_enum(p)));
    }
    return;
  }
  if (!p.value) {
    // Without valueFrom the missing value is already reported as parameter-value.
    if (p.value_from && !rules.allow_empty) {
      context.error(
          p.enum_loc, "enum",
          fmt::format("{}{}.value is required (the parameter has an enum)", rules.prefix, name));
    }
    return;
  }
  if (!has_tag(p.value->value) && !in_enum(p, p.value->value)) {
    context.error(p.value->loc, "enum",
                  fmt::format("{0}{1}.value should be present in {0}{1}.enum list ({2})",
                              rules.prefix, name, join_enum(p)));
  }
}

/// Argo's validateArgumentsValues for one parameter.
void check_argument_parameter(const ValidationContext& context, const Parameter& p,
                              const ArgumentRules& rules) {
  const std::string& name = p.name.value;
  const std::string* override_value = rules.from_workflow ? cli_value(context, name) : nullptr;
  if (!rules.allow_empty && !p.value && !p.value_from && override_value == nullptr) {
    context.error(p.name.loc, "parameter-value",
                  fmt::format("{0}{1}.value or {0}{1}.valueFrom is required{2}", rules.prefix, name,
                              rules.from_workflow ? fmt::format(" (or pass -p {}=VALUE)", name)
                                                  : std::string()));
  }
  if (p.value_from) {
    // As Argo: a value source that only exists at run time (path, expression, ...) is not
    // allowed here, and `default` alone is not a source.
    const ValueFrom& vf = *p.value_from;
    const bool has_source = vf.config_map_key_ref || vf.event || vf.supplied;
    if (!has_source || vf.path || vf.json_path || vf.parameter || vf.expression) {
      context.error(vf.loc, "parameter-value",
                    fmt::format("{}{}.valueFrom only allows: default, configMapKeyRef and supplied",
                                rules.prefix, name));
    }
  }
  check_enum(context, p, rules, override_value);
}

void check_workflow_arguments(const ValidationContext& context) {
  // Argo allows empty values in WorkflowTemplates (the submitting workflow supplies them),
  // not in what is run: Workflows and CronWorkflows.
  const bool needs_values =
      context.workflow.kind == Kind::workflow || context.workflow.kind == Kind::cron_workflow;
  const ArgumentRules rules{"spec.arguments.", !needs_values, true};
  for (const Parameter& p : context.workflow.spec.arguments.parameters) {
    check_argument_parameter(context, p, rules);
  }
}

const Parameter* find_parameter(const std::vector<Parameter>& params, const std::string& name) {
  const auto it = std::find_if(params.begin(), params.end(),
                               [&](const Parameter& p) { return p.name.value == name; });
  return it == params.end() ? nullptr : &*it;
}

/// An input that needs no argument: it has a value, a default, or a ConfigMap to read.
/// (Argo ignores an input's valueFrom.default: only `default` counts.)
bool has_own_value(const Parameter& input) {
  return input.value || input.default_value ||
         (input.value_from && input.value_from->config_map_key_ref);
}

/// The root templates (entrypoint, exit handler) get their inputs from spec.arguments, `-p`
/// and, with workflowTemplateRef, the referenced document's spec.arguments (`owner`).
bool supplied_by_workflow(const ValidationContext& context, const Workflow& owner,
                          const std::string& name) {
  if (cli_value(context, name) != nullptr ||
      find_parameter(context.workflow.spec.arguments.parameters, name) != nullptr) {
    return true;
  }
  const Parameter* inherited =
      &owner == &context.workflow ? nullptr : find_parameter(owner.spec.arguments.parameters, name);
  return inherited != nullptr && (inherited->value || inherited->value_from);
}

bool artifact_supplied(const std::vector<Artifact>& args, const Artifact& input) {
  return input.optional || !input.location_kind.empty() || input.from ||
         std::any_of(args.begin(), args.end(),
                     [&](const Artifact& a) { return a.name.value == input.name.value; });
}

void check_root_inputs(const ValidationContext& context, const Workflow& owner,
                       const std::string& name, util::SourceLoc loc) {
  const Template* tmpl = owner.find_template(name);
  if (tmpl == nullptr) {
    return;
  }
  for (const Parameter& input : tmpl->inputs.parameters) {
    if (!has_own_value(input) && !supplied_by_workflow(context, owner, input.name.value)) {
      context.error(loc, "input-not-supplied",
                    fmt::format("templates.{} inputs.parameters.{} was not supplied (add it to "
                                "spec.arguments.parameters or pass -p {}=VALUE)",
                                name, input.name.value, input.name.value));
    }
  }
  std::vector<Artifact> args = context.workflow.spec.arguments.artifacts;
  if (&owner != &context.workflow) {
    args.insert(args.end(), owner.spec.arguments.artifacts.begin(),
                owner.spec.arguments.artifacts.end());
  }
  for (const Artifact& input : tmpl->inputs.artifacts) {
    if (!artifact_supplied(args, input)) {
      context.error(
          loc, "input-not-supplied",
          fmt::format("templates.{} inputs.artifacts.{} was not supplied", name, input.name.value));
    }
  }
}

void check_call_arguments(const ValidationContext& context, const Arguments& args,
                          const ResolvedTemplate& callee, util::SourceLoc loc,
                          const std::string& path) {
  const ArgumentRules rules{path + ".arguments.", false, false};
  for (const Parameter& p : args.parameters) {
    check_argument_parameter(context, p, rules);
  }
  if (!callee) {
    return;
  }
  // As Argo words it: "<caller> templates.<callee> inputs.parameters.<n> was not supplied".
  const std::string callee_name = callee.tmpl->name.value.empty()
                                      ? std::string()
                                      : "templates." + callee.tmpl->name.value + " ";
  for (const Parameter& input : callee.tmpl->inputs.parameters) {
    if (find_parameter(args.parameters, input.name.value) == nullptr && !has_own_value(input)) {
      context.error(loc, "input-not-supplied",
                    fmt::format("{} {}inputs.parameters.{} was not supplied", path, callee_name,
                                input.name.value));
    }
  }
  for (const Artifact& input : callee.tmpl->inputs.artifacts) {
    if (!artifact_supplied(args.artifacts, input)) {
      context.error(loc, "input-not-supplied",
                    fmt::format("{} {}inputs.artifacts.{} was not supplied", path, callee_name,
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

/// The document whose templates the root calls run in: the workflow itself, or the loaded
/// WorkflowTemplate its workflowTemplateRef names (null when that is not loaded).
const Workflow* root_scope(const ValidationContext& context) {
  const auto& ref = context.workflow.spec.workflow_template_ref;
  if (!ref) {
    return &context.workflow;
  }
  return has_tag(ref->name.value) ? nullptr
                                  : context.library.find(ref->name.value, ref->cluster_scope);
}

void check_root_calls(const ValidationContext& context) {
  const WorkflowSpec& spec = context.workflow.spec;
  const Workflow* scope = root_scope(context);
  if (scope == nullptr) {
    return;
  }
  std::string entrypoint = context.entrypoint();
  if (entrypoint.empty() && scope != &context.workflow && scope->spec.entrypoint) {
    entrypoint = scope->spec.entrypoint->value;
  }
  const util::SourceLoc entry_loc =
      spec.entrypoint
          ? spec.entrypoint->loc
          : (spec.workflow_template_ref ? spec.workflow_template_ref->name.loc : spec.loc);
  // A WorkflowTemplate's entrypoint gets its arguments from the workflow that submits it.
  const bool is_run_document =
      context.workflow.kind == Kind::workflow || context.workflow.kind == Kind::cron_workflow;
  if (is_run_document && !entrypoint.empty()) {
    check_root_inputs(context, *scope, entrypoint, entry_loc);
  }
  // Argo checks the exit handler against spec.arguments in every kind of document.
  if (spec.on_exit) {
    check_root_inputs(context, *scope, spec.on_exit->value, spec.on_exit->loc);
  }
}

}  // namespace

void check_arguments(const ValidationContext& context) {
  check_workflow_arguments(context);
  check_root_calls(context);
  for (const TemplateSite& site : all_templates(context.workflow)) {
    check_steps(context, *site.tmpl, site.path);
  }
}

}  // namespace model
