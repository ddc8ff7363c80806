// Validation checks: the entrypoint, and every reference from a step, task, hook or exit
// handler to a template (spec sections 4.7, 4.9 and 9 items 1, 7).
#include <fmt/format.h>

#include "model/validation_context.hpp"
#include "model/validation_util.hpp"

namespace model {
namespace {

std::vector<std::string> template_names(const Workflow& workflow) {
  std::vector<std::string> names;
  for (const Template& t : workflow.spec.templates) {
    names.push_back(t.name.value);
  }
  return names;
}

/// A reference by name (`template: x`, `onExit: x`), looked up in `scope`: the document the
/// caller lives in, or the WorkflowTemplate a `workflowTemplateRef` runs.
void check_named(const ValidationContext& context, const Workflow& scope, const Scalar& name,
                 const std::string& path) {
  if (has_tag(name.value) || scope.find_template(name.value) != nullptr) {
    return;
  }
  context.error(name.loc, "undefined-template",
                fmt::format("{}: template name '{}' undefined{}", path, name.value,
                            did_you_mean(name.value, template_names(scope))));
}

void check_template_ref(const ValidationContext& context, const TemplateRef& ref,
                        const std::string& path) {
  // Argo rejects an incomplete reference before looking anything up.
  if (ref.name.value.empty() || ref.template_name.value.empty()) {
    context.error(ref.loc, "undefined-template-ref",
                  fmt::format("{}.templateRef.{} is required", path,
                              ref.name.value.empty() ? "name" : "template"));
    return;
  }
  if (has_tag(ref.name.value) || has_tag(ref.template_name.value)) {
    return;
  }
  const Workflow* owner = context.library.find(ref.name.value, ref.cluster_scope);
  const std::string_view kind = ref.cluster_scope ? "ClusterWorkflowTemplate" : "WorkflowTemplate";
  if (owner == nullptr) {
    const std::string message = fmt::format(
        "{}: template reference {}.{} not found: no {} named '{}' in the files given "
        "(pass the file that defines it)",
        path, ref.name.value, ref.template_name.value, kind, ref.name.value);
    if (context.options.require_template_refs) {
      context.error(ref.loc, "undefined-template-ref", message);
    } else {
      context.warning(ref.loc, "undefined-template-ref", message);
    }
    return;
  }
  if (owner->find_template(ref.template_name.value) == nullptr) {
    context.error(ref.template_name.loc, "undefined-template-ref",
                  fmt::format("{}: template reference {}.{} not found{}", path, ref.name.value,
                              ref.template_name.value,
                              did_you_mean(ref.template_name.value, template_names(*owner))));
  }
}

void check_call(const ValidationContext& context, const Workflow& scope, const OptScalar& name,
                const std::optional<TemplateRef>& ref, bool has_inline, util::SourceLoc loc,
                const std::string& path) {
  const int targets = static_cast<int>(name.has_value()) + static_cast<int>(ref.has_value()) +
                      static_cast<int>(has_inline);
  if (targets == 0) {
    context.error(loc, "undefined-template",
                  fmt::format("{}: one of template, templateRef or inline is required", path));
    return;
  }
  if (name && ref) {
    context.error(loc, "undefined-template",
                  fmt::format("{}: template name cannot be specified with templateRef", path));
    return;
  }
  if (has_inline && targets > 1) {
    // Argo accepts this and runs the inline template; say so rather than fail.
    context.warning(loc, "undefined-template",
                    fmt::format("{}: inline is used; its {} is ignored", path,
                                name ? "template" : "templateRef"));
  }
  if (name) {
    check_named(context, scope, *name, path);
  } else if (ref) {
    check_template_ref(context, *ref, path);
  }
}

/// `path` is where the hooks live ("spec", or a step path); `argo_base` is how Argo's
/// "<base>.<hook> Expression required" names the same place ("hooks", or the step path).
/// `scope` is where hook templates are looked up; null skips that (the scope is not loaded).
void check_hooks(const ValidationContext& context, const Workflow* scope,
                 const std::vector<LifecycleHook>& hooks, const std::string& path,
                 const std::string& argo_base) {
  for (const LifecycleHook& hook : hooks) {
    const std::string hook_path = fmt::format("{}.hooks.{}", path, hook.name.value);
    if (scope != nullptr) {
      check_call(context, *scope, hook.template_name, hook.template_ref, false, hook.loc,
                 hook_path);
    }
    if (hook.name.value != "exit" && (!hook.expression || hook.expression->value.empty())) {
      context.error(hook.name.loc, "hook-expression",
                    fmt::format("{}.{} Expression required", argo_base, hook.name.value));
    }
  }
}

void check_step(const ValidationContext& context, const Step& step, const std::string& path) {
  check_call(context, context.workflow, step.template_name, step.template_ref,
             step.inline_template != nullptr, step.loc, path);
  check_hooks(context, &context.workflow, step.hooks, path, path);
  if (step.on_exit) {
    check_named(context, context.workflow, *step.on_exit, path + ".onExit");
  }
}

/// `spec.workflowTemplateRef`: the template document must be loaded, and the entrypoint (the
/// workflow's own, else the template's) must name one of its templates.
void check_workflow_template_ref(const ValidationContext& context, const WorkflowTemplateRef& ref) {
  if (has_tag(ref.name.value)) {
    return;
  }
  const std::string_view kind = ref.cluster_scope ? "ClusterWorkflowTemplate" : "WorkflowTemplate";
  const Workflow* owner = context.library.find(ref.name.value, ref.cluster_scope);
  if (owner == nullptr) {
    const std::string message = fmt::format(
        "spec.workflowTemplateRef: {} '{}' not found in the files given (pass the file that "
        "defines it)",
        kind, ref.name.value);
    if (context.options.require_template_refs) {
      context.error(ref.name.loc, "undefined-template-ref", message);
    } else {
      context.warning(ref.name.loc, "undefined-template-ref", message);
    }
    return;
  }
  std::string entrypoint = context.entrypoint();
  if (entrypoint.empty() && owner->spec.entrypoint) {
    entrypoint = owner->spec.entrypoint->value;
  }
  if (entrypoint.empty()) {
    context.error(ref.name.loc, "entrypoint",
                  fmt::format("spec.entrypoint is required (neither this workflow nor {} '{}' "
                              "sets one)",
                              kind, ref.name.value));
  } else if (owner->find_template(entrypoint) == nullptr) {
    const util::SourceLoc loc =
        context.workflow.spec.entrypoint ? context.workflow.spec.entrypoint->loc : ref.name.loc;
    context.error(
        loc, "entrypoint",
        fmt::format("spec.workflowTemplateRef: template reference {}.{} not found{}",
                    ref.name.value, entrypoint, did_you_mean(entrypoint, template_names(*owner))));
  }
}

void check_entrypoint(const ValidationContext& context) {
  const WorkflowSpec& spec = context.workflow.spec;
  const std::string entrypoint = context.entrypoint();
  const bool is_template_doc = context.workflow.kind == Kind::workflow_template ||
                               context.workflow.kind == Kind::cluster_workflow_template;
  if (spec.workflow_template_ref) {
    check_workflow_template_ref(context, *spec.workflow_template_ref);
    return;
  }
  if (entrypoint.empty()) {
    if (!is_template_doc) {
      context.error(spec.loc, "entrypoint", "spec.entrypoint is required");
    }
    return;
  }
  if (context.workflow.find_template(entrypoint) == nullptr) {
    const util::SourceLoc loc = spec.entrypoint ? spec.entrypoint->loc : spec.loc;
    const std::string source = context.options.entrypoint ? "--entrypoint" : "spec.entrypoint";
    context.error(loc, "entrypoint",
                  fmt::format("{}: template name '{}' undefined{}", source, entrypoint,
                              did_you_mean(entrypoint, template_names(context.workflow))));
  }
}

}  // namespace

void check_references(const ValidationContext& context) {
  check_entrypoint(context);
  const WorkflowSpec& spec = context.workflow.spec;
  // With workflowTemplateRef, spec.onExit and spec.hooks name templates of the referenced
  // document; when that is not loaded (already reported) they cannot be checked.
  const Workflow* spec_scope = &context.workflow;
  if (spec.workflow_template_ref) {
    spec_scope = has_tag(spec.workflow_template_ref->name.value)
                     ? nullptr
                     : context.library.find(spec.workflow_template_ref->name.value,
                                            spec.workflow_template_ref->cluster_scope);
  }
  if (spec_scope != nullptr && spec.on_exit) {
    check_named(context, *spec_scope, *spec.on_exit, "spec.onExit");
  }
  check_hooks(context, spec_scope, spec.hooks, "spec", "hooks");
  for (const TemplateSite& site : all_templates(context.workflow)) {
    const Template& tmpl = *site.tmpl;
    if (tmpl.steps) {
      for (size_t i = 0; i < tmpl.steps->size(); ++i) {
        for (const Step& step : (*tmpl.steps)[i].steps) {
          check_step(context, step, fmt::format("{}.steps[{}].{}", site.path, i, step.name.value));
        }
      }
    }
    if (tmpl.dag) {
      for (const Step& task : tmpl.dag->tasks) {
        check_step(context, task, fmt::format("{}.tasks.{}", site.path, task.name.value));
      }
    }
  }
}

}  // namespace model
