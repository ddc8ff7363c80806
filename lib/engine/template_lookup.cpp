#include "engine/template_lookup.hpp"

#include <fmt/format.h>

namespace engine {

util::Result<TemplateHandle> TemplateLookup::by_name(const model::Workflow& document,
                                                     std::string_view name) const {
  const model::Template* tmpl = document.find_template(name);
  if (tmpl == nullptr) {
    return util::make_error(util::ErrorCode::invalid_input,
                            fmt::format("template name '{}' undefined", name));
  }
  TemplateHandle handle;
  handle.tmpl = tmpl;
  handle.document = &document;
  handle.template_name = std::string(name);
  return handle;
}

util::Result<TemplateHandle> TemplateLookup::by_ref(const model::TemplateRef& ref) const {
  const model::Workflow* document =
      m_library == nullptr ? nullptr : m_library->find(ref.name.value, ref.cluster_scope);
  const model::Template* tmpl =
      document == nullptr ? nullptr : document->find_template(ref.template_name.value);
  if (tmpl == nullptr) {
    return util::make_error(
        util::ErrorCode::invalid_input,
        fmt::format("template reference {}.{} not found", ref.name.value, ref.template_name.value),
        ref.loc);
  }
  TemplateHandle handle;
  handle.tmpl = tmpl;
  handle.document = document;
  handle.template_name = ref.template_name.value;
  handle.template_ref =
      graph::Node::TemplateRef{ref.name.value, ref.template_name.value, ref.cluster_scope};
  return handle;
}

util::Result<TemplateHandle> TemplateLookup::resolve(
    const model::Workflow& document, const model::OptScalar& template_name,
    const std::optional<model::TemplateRef>& template_ref,
    const model::Template* inline_template) const {
  if (template_ref) {
    return by_ref(*template_ref);
  }
  if (inline_template != nullptr) {
    TemplateHandle handle;
    handle.tmpl = inline_template;
    handle.document = &document;
    return handle;
  }
  if (template_name) {
    return by_name(document, template_name->value);
  }
  return util::make_error(util::ErrorCode::invalid_input,
                          "template name, templateRef or inline template is required");
}

}  // namespace engine
