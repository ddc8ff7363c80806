/// Workflow, WorkflowTemplate, ClusterWorkflowTemplate and CronWorkflow documents.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/container.hpp"
#include "model/io_types.hpp"
#include "model/scalar.hpp"
#include "model/template.hpp"

namespace model {

enum class Kind { workflow, workflow_template, cluster_workflow_template, cron_workflow };

std::string_view to_string(Kind kind);

struct ObjectMeta {
  util::SourceLoc loc;
  OptScalar name;
  OptScalar generate_name;
  OptScalar namespace_name;
  std::vector<KeyValue> labels;
  std::vector<KeyValue> annotations;
};

struct WorkflowTemplateRef {
  util::SourceLoc loc;
  Scalar name;
  bool cluster_scope = false;
};

struct WorkflowSpec {
  util::SourceLoc loc;
  OptScalar entrypoint;
  Arguments arguments;
  std::vector<Template> templates;
  std::optional<Template> template_defaults;
  OptScalar on_exit;
  std::vector<LifecycleHook> hooks;
  OptScalar parallelism;
  OptScalar active_deadline_seconds;
  std::optional<RetryStrategy> retry_strategy;
  std::vector<Volume> volumes;
  std::vector<VolumeClaimTemplate> volume_claim_templates;
  OptScalar volume_claim_gc_strategy;
  OptScalar suspend;
  OptScalar shutdown;
  std::optional<WorkflowTemplateRef> workflow_template_ref;
  OptScalar service_account_name;
  OptScalar priority;
  OptScalar pod_gc_strategy;
  std::optional<DocNode> ttl_strategy;
  std::optional<DocNode> synchronization;
  std::optional<DocNode> metrics;
  std::optional<DocNode> workflow_metadata;
  std::optional<DocNode> artifact_repository_ref;
  std::optional<DocNode> artifact_gc;
  std::optional<DocNode> security_context;
  std::vector<DocNode> host_aliases;
  bool host_network = false;
  bool archive_logs = false;
  OptScalar pod_spec_patch;
};

/// One document of a manifest file. CronWorkflows keep their `workflowSpec` in `spec`.
struct Workflow {
  util::SourceLoc loc;  ///< start of the document
  /// The whole document as read, shared by the copies of this Workflow: the run reports
  /// print `spec` as written, and the engine's preflight scans every string in it.
  std::shared_ptr<const DocNode> document;
  Kind kind = Kind::workflow;
  Scalar api_version;
  ObjectMeta metadata;
  WorkflowSpec spec;
  std::vector<IgnoredField> ignored_fields;  ///< Kubernetes-only fields flowrun will not honour

  /// metadata.name, else metadata.generateName, else "".
  std::string display_name() const;
  /// The template named `name` in spec.templates, or nullptr.
  const Template* find_template(std::string_view name) const;
};

}  // namespace model
