#include "model/validate.hpp"

#include "model/validation_context.hpp"

namespace model {

void TemplateLibrary::add_all(const std::vector<Workflow>& documents) {
  for (const Workflow& document : documents) {
    add(document);
  }
}

void TemplateLibrary::add(const Workflow& document) {
  if (document.kind == Kind::workflow_template ||
      document.kind == Kind::cluster_workflow_template) {
    m_documents.push_back(&document);
  }
}

const Workflow* TemplateLibrary::find(std::string_view name, bool cluster_scope) const {
  const Kind wanted = cluster_scope ? Kind::cluster_workflow_template : Kind::workflow_template;
  for (const Workflow* document : m_documents) {
    if (document->kind == wanted && document->metadata.name &&
        document->metadata.name->value == name) {
      return document;
    }
  }
  return nullptr;
}

std::string ValidationContext::entrypoint() const {
  if (options.entrypoint) {
    return *options.entrypoint;
  }
  return workflow.spec.entrypoint ? workflow.spec.entrypoint->value : std::string();
}

namespace {

ResolvedTemplate resolve_call(const ValidationContext& context, const OptScalar& template_name,
                              const std::optional<TemplateRef>& ref, const Template* inline_tmpl,
                              const Workflow& scope) {
  if (inline_tmpl != nullptr) {
    return {inline_tmpl, &scope};
  }
  if (template_name) {
    return {scope.find_template(template_name->value), &scope};
  }
  if (ref) {
    const Workflow* owner = context.library.find(ref->name.value, ref->cluster_scope);
    if (owner != nullptr) {
      return {owner->find_template(ref->template_name.value), owner};
    }
  }
  return {};
}

}  // namespace

ResolvedTemplate ValidationContext::resolve(const Step& step, const Workflow& scope) const {
  return resolve_call(*this, step.template_name, step.template_ref, step.inline_template.get(),
                      scope);
}

ResolvedTemplate ValidationContext::resolve(const LifecycleHook& hook,
                                            const Workflow& scope) const {
  return resolve_call(*this, hook.template_name, hook.template_ref, nullptr, scope);
}

void validate(const Workflow& workflow, const TemplateLibrary& library,
              const ValidateOptions& options, Diagnostics& diagnostics) {
  const ValidationContext context{workflow, library, options, diagnostics};
  check_names(context);
  check_templates(context);
  check_durations(context);
  check_io(context);
  check_references(context);
  check_dag(context);
  check_variables(context);
  check_arguments(context);
  check_kubernetes_fields(context);
}

}  // namespace model
