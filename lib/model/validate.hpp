/// The validator: every check `flowrun lint` runs, all problems reported at once.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model/diagnostic.hpp"
#include "model/workflow.hpp"

namespace model {

/// The WorkflowTemplates and ClusterWorkflowTemplates that `templateRef` and
/// `workflowTemplateRef` may name: those in the files given on the command line.
class TemplateLibrary {
 public:
  /// Adds every WorkflowTemplate / ClusterWorkflowTemplate of `documents` (kept by pointer).
  void add_all(const std::vector<Workflow>& documents);
  void add(const Workflow& document);
  /// The template document named `name`; `cluster_scope` picks ClusterWorkflowTemplates.
  const Workflow* find(std::string_view name, bool cluster_scope) const;

 private:
  std::vector<const Workflow*> m_documents;
};

struct ValidateOptions {
  /// `-p NAME=VALUE`: these workflow parameters have a value even if the file has none.
  std::vector<std::pair<std::string, std::string>> parameters;
  /// `--entrypoint`: replaces spec.entrypoint.
  std::optional<std::string> entrypoint;
  /// For `run`: references to WorkflowTemplates that are not loaded are errors, not warnings.
  bool require_template_refs = false;
};

/// Runs every check on `workflow` and adds what it finds to `diagnostics`.
void validate(const Workflow& workflow, const TemplateLibrary& library,
              const ValidateOptions& options, Diagnostics& diagnostics);

}  // namespace model
