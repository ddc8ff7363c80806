/// Finding the template a step, task, hook or the entrypoint calls: `template` in the current
/// document, `templateRef` in the library, or `inline`.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "graph/node.hpp"
#include "model/template.hpp"
#include "model/validate.hpp"
#include "model/workflow.hpp"
#include "util/result.hpp"

namespace engine {

/// A template ready to execute, with where it came from.
struct TemplateHandle {
  const model::Template* tmpl = nullptr;
  /// The document whose `templates` resolve names used inside `tmpl` (the Workflow, or the
  /// WorkflowTemplate a templateRef led to).
  const model::Workflow* document = nullptr;
  std::string template_name;  ///< node.templateName; empty for inline templates
  std::optional<graph::Node::TemplateRef> template_ref;
};

/// Resolves template names against a document and a library.
class TemplateLookup {
 public:
  TemplateLookup(const model::Workflow& workflow, const model::TemplateLibrary* library)
      : m_workflow(workflow), m_library(library) {}

  /// `template: name` inside `document`. Error: `template name '<n>' undefined`.
  util::Result<TemplateHandle> by_name(const model::Workflow& document,
                                       std::string_view name) const;
  /// `templateRef: {name, template, clusterScope}`. Error:
  /// `template reference <wt>.<t> not found`.
  util::Result<TemplateHandle> by_ref(const model::TemplateRef& ref) const;
  /// What a step, task or hook names: exactly one of `template_name`, `template_ref`,
  /// `inline_template` (the inline one belongs to `document`).
  util::Result<TemplateHandle> resolve(const model::Workflow& document,
                                       const model::OptScalar& template_name,
                                       const std::optional<model::TemplateRef>& template_ref,
                                       const model::Template* inline_template) const;

  /// The workflow being run.
  const model::Workflow& workflow() const { return m_workflow; }

 private:
  const model::Workflow& m_workflow;
  const model::TemplateLibrary* m_library;
};

}  // namespace engine
