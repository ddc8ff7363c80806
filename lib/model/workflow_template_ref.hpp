/// spec.workflowTemplateRef: a Workflow that runs a (Cluster)WorkflowTemplate's spec.
#pragma once

#include <optional>

#include "model/diagnostic.hpp"
#include "model/validate.hpp"
#include "model/workflow.hpp"

namespace model {

/// The Workflow a run executes when `workflow` refers to a WorkflowTemplate: the template's
/// spec with the workflow's spec fields merged over it, as Argo's JoinWorkflowSpec does (a
/// field the workflow sets wins; `arguments.parameters` and `arguments.artifacts` are merged
/// by name, the workflow's values winning). Templates keep their positions in the template's
/// file, so messages point there. nullopt (with an error in `diagnostics`) when the template
/// is not among the loaded documents; `workflow` itself when it has no workflowTemplateRef.
std::optional<Workflow> join_workflow_template(const Workflow& workflow,
                                               const TemplateLibrary& library,
                                               Diagnostics& diagnostics);

}  // namespace model
