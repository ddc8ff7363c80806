/// Templates and the steps/tasks that call them.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "model/container.hpp"
#include "model/io_types.hpp"
#include "model/scalar.hpp"

namespace model {

struct Template;

enum class TemplateType {
  none,
  container,
  script,
  resource,
  data,
  suspend,
  http,
  steps,
  dag,
  container_set,
  plugin,
};

/// The YAML field name of a template type ("containerSet"); "none" for none.
std::string_view to_string(TemplateType type);
/// Leaf templates run as one pod (or in-process); steps and dag do not.
bool is_leaf(TemplateType type);

struct Backoff {
  util::SourceLoc loc;
  OptScalar duration;
  OptScalar factor;
  OptScalar max_duration;
  OptScalar cap;
};

struct RetryStrategy {
  util::SourceLoc loc;
  OptScalar limit;
  OptScalar retry_policy;
  OptScalar expression;
  std::optional<Backoff> backoff;
  std::optional<DocNode> affinity;  ///< nodeAntiAffinity: no effect on one machine
};

struct TemplateRef {
  util::SourceLoc loc;
  Scalar name;
  Scalar template_name;
  bool cluster_scope = false;
};

/// `hooks.<name>` on a workflow, step or task; `exit` is the exit handler.
struct LifecycleHook {
  util::SourceLoc loc;
  Scalar name;  ///< the map key
  OptScalar template_name;
  std::optional<TemplateRef> template_ref;
  Arguments arguments;
  OptScalar expression;
};

struct ContinueOn {
  util::SourceLoc loc;
  bool failed = false;
  bool error = false;
};

struct Sequence {
  util::SourceLoc loc;
  OptScalar count;
  OptScalar start;
  OptScalar end;
  OptScalar format;
};

/// A step of a steps template or a task of a dag template: one call of a template.
/// `dependencies` / `depends` are only read for dag tasks.
struct Step {
  util::SourceLoc loc;
  Scalar name;
  OptScalar template_name;
  std::optional<TemplateRef> template_ref;
  std::shared_ptr<Template> inline_template;
  Arguments arguments;
  OptScalar when;
  std::optional<ContinueOn> continue_on;
  std::optional<DocNode> with_items;  ///< a list
  OptScalar with_param;
  std::optional<Sequence> with_sequence;
  std::vector<LifecycleHook> hooks;
  OptScalar on_exit;  ///< deprecated form of hooks.exit
  std::vector<Scalar> dependencies;
  bool has_dependencies = false;
  OptScalar depends;
};

/// One parallel group of a steps template.
struct StepGroup {
  util::SourceLoc loc;
  std::vector<Step> steps;
};

struct DagTemplate {
  util::SourceLoc loc;
  OptScalar target;
  OptScalar fail_fast;
  std::vector<Step> tasks;
};

struct ResourceTemplate {
  util::SourceLoc loc;
  OptScalar action;
  OptScalar merge_strategy;
  OptScalar manifest;
  std::optional<Artifact> manifest_from;
  bool set_owner_reference = false;
  OptScalar success_condition;
  OptScalar failure_condition;
  std::vector<Scalar> flags;
};

struct DataTemplate {
  util::SourceLoc loc;
  std::optional<Artifact> artifact_paths;
  std::vector<Scalar> transformations;  ///< each `expression`
};

struct SuspendTemplate {
  util::SourceLoc loc;
  OptScalar duration;
};

struct HttpHeader {
  util::SourceLoc loc;
  Scalar name;
  OptScalar value;
  std::optional<DocNode> value_from;
};

struct HttpTemplate {
  util::SourceLoc loc;
  OptScalar url;
  OptScalar method;
  std::vector<HttpHeader> headers;
  OptScalar body;
  OptScalar body_from_bytes;
  OptScalar timeout_seconds;
  bool insecure_skip_verify = false;
  OptScalar success_condition;
};

struct ContainerSetRetry {
  util::SourceLoc loc;
  OptScalar retries;
  OptScalar duration;
};

struct ContainerSetTemplate {
  util::SourceLoc loc;
  std::vector<Container> containers;
  std::vector<VolumeMount> volume_mounts;
  std::optional<ContainerSetRetry> retry_strategy;
};

struct Memoize {
  util::SourceLoc loc;
  OptScalar key;
  OptScalar max_age;
  OptScalar cache_config_map_name;
};

/// Where a template type field was found (to report "two types in one template").
struct TypeField {
  TemplateType type;
  util::SourceLoc loc;
};

struct Template {
  util::SourceLoc loc;
  Scalar name;
  std::vector<TypeField> type_fields;  ///< every type field present, in order
  Inputs inputs;
  Outputs outputs;

  std::optional<Container> container;
  std::optional<Container> script;
  std::optional<ResourceTemplate> resource;
  std::optional<DataTemplate> data;
  std::optional<SuspendTemplate> suspend;
  std::optional<HttpTemplate> http;
  std::optional<std::vector<StepGroup>> steps;
  util::SourceLoc steps_loc;
  std::optional<DagTemplate> dag;
  std::optional<ContainerSetTemplate> container_set;
  std::optional<DocNode> plugin;

  bool daemon = false;
  std::vector<Container> sidecars;
  std::vector<Container> init_containers;
  std::vector<Volume> volumes;
  OptScalar parallelism;
  OptScalar fail_fast;
  std::optional<RetryStrategy> retry_strategy;
  OptScalar timeout;
  OptScalar active_deadline_seconds;
  std::optional<Memoize> memoize;
  std::optional<DocNode> synchronization;
  std::optional<DocNode> metrics;
  std::vector<KeyValue> labels;       ///< metadata.labels
  std::vector<KeyValue> annotations;  ///< metadata.annotations
  std::optional<DocNode> archive_location;
  std::optional<DocNode> security_context;
  std::vector<DocNode> host_aliases;
  OptScalar service_account_name;
  OptScalar pod_spec_patch;

  /// The single type, or TemplateType::none when zero or several type fields are set.
  TemplateType type() const;
};

}  // namespace model
