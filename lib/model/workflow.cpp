#include "model/workflow.hpp"

namespace model {

std::string_view to_string(Kind kind) {
  switch (kind) {
    case Kind::workflow: return "Workflow";
    case Kind::workflow_template: return "WorkflowTemplate";
    case Kind::cluster_workflow_template: return "ClusterWorkflowTemplate";
    case Kind::cron_workflow: return "CronWorkflow";
  }
  return "Workflow";
}

std::string Workflow::display_name() const {
  if (metadata.name && !metadata.name->value.empty()) {
    return metadata.name->value;
  }
  if (metadata.generate_name) {
    return metadata.generate_name->value;
  }
  return "";
}

const Template* Workflow::find_template(std::string_view name) const {
  for (const Template& t : spec.templates) {
    if (t.name.value == name) {
      return &t;
    }
  }
  return nullptr;
}

}  // namespace model
