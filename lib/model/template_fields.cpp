#include "model/template_fields.hpp"

namespace model {

void FieldVisitor::scalar(const OptScalar& s) {
  if (s) {
    text(s->value, s->loc);
  }
}

void FieldVisitor::scalars(const std::vector<Scalar>& list) {
  for (const Scalar& s : list) {
    scalar(s);
  }
}

void FieldVisitor::bare_expression(const OptScalar& s) {
  if (s) {
    expression(s->value, s->loc);
  }
}

void FieldVisitor::doc(const DocNode& node) {
  switch (node.kind) {
    case DocKind::scalar: text(node.text, node.loc); break;
    case DocKind::sequence:
      for (const DocNode& item : node.items) {
        doc(item);
      }
      break;
    case DocKind::mapping:
      for (const DocEntry& entry : node.entries) {
        doc(entry.value);
      }
      break;
    case DocKind::null: break;
  }
}

void FieldVisitor::doc(const std::optional<DocNode>& node) {
  if (node) {
    doc(*node);
  }
}

void visit_parameter(const Parameter& parameter, FieldVisitor& visitor) {
  visitor.scalar(parameter.value);
  visitor.scalar(parameter.default_value);
  visitor.scalars(parameter.enum_values);
  visitor.scalar(parameter.global_name);
  if (const std::optional<ValueFrom>& from = parameter.value_from) {
    visitor.scalar(from->path);
    visitor.scalar(from->default_value);
    visitor.scalar(from->parameter);
    visitor.scalar(from->json_path);
    visitor.scalar(from->jq_filter);
    visitor.scalar(from->event);
    visitor.bare_expression(from->expression);
    if (from->config_map_key_ref) {
      visitor.scalar(from->config_map_key_ref->name);
      visitor.scalar(from->config_map_key_ref->key);
    }
  }
}

void visit_artifact(const Artifact& artifact, FieldVisitor& visitor) {
  visitor.scalar(artifact.name);
  visitor.scalar(artifact.path);
  visitor.scalar(artifact.from);
  visitor.bare_expression(artifact.from_expression);
  visitor.scalar(artifact.global_name);
  visitor.scalar(artifact.sub_path);
  visitor.doc(artifact.location);
  visitor.doc(artifact.archive);
  visitor.doc(artifact.artifact_gc);
}

void visit_arguments(const Arguments& arguments, FieldVisitor& visitor) {
  for (const Parameter& p : arguments.parameters) {
    visit_parameter(p, visitor);
  }
  for (const Artifact& a : arguments.artifacts) {
    visit_artifact(a, visitor);
  }
}

void visit_inputs(const Inputs& inputs, FieldVisitor& visitor) {
  for (const Parameter& p : inputs.parameters) {
    visit_parameter(p, visitor);
  }
  for (const Artifact& a : inputs.artifacts) {
    visit_artifact(a, visitor);
  }
}

void visit_outputs(const Outputs& outputs, FieldVisitor& visitor) {
  for (const Parameter& p : outputs.parameters) {
    visit_parameter(p, visitor);
  }
  for (const Artifact& a : outputs.artifacts) {
    visit_artifact(a, visitor);
  }
  visitor.scalar(outputs.result);
  visitor.scalar(outputs.exit_code);
}

void visit_container(const Container& container, FieldVisitor& visitor) {
  visitor.scalar(container.name);
  visitor.scalar(container.image);
  visitor.scalars(container.command);
  visitor.scalars(container.args);
  visitor.scalar(container.working_dir);
  visitor.scalar(container.image_pull_policy);
  for (const EnvVar& env : container.env) {
    visitor.scalar(env.name);
    visitor.scalar(env.value);
    visitor.doc(env.value_from);
  }
  for (const DocNode& from : container.env_from) {
    visitor.doc(from);
  }
  for (const VolumeMount& mount : container.volume_mounts) {
    visitor.scalar(mount.name);
    visitor.scalar(mount.mount_path);
    visitor.scalar(mount.sub_path);
  }
  visitor.doc(container.resources);
  visitor.doc(container.security_context);
  visitor.doc(container.readiness_probe);
  visitor.doc(container.ports);
  visitor.scalar(container.source);
}

void visit_volume(const Volume& volume, FieldVisitor& visitor) {
  visitor.scalar(volume.name);
  visitor.doc(volume.source);
}

namespace {

void visit_leaf_types(const Template& tmpl, FieldVisitor& visitor) {
  if (tmpl.container) {
    visit_container(*tmpl.container, visitor);
  }
  if (tmpl.script) {
    visit_container(*tmpl.script, visitor);
  }
  if (const std::optional<ResourceTemplate>& r = tmpl.resource) {
    visitor.scalar(r->action);
    visitor.scalar(r->merge_strategy);
    visitor.scalar(r->manifest);
    if (r->manifest_from) {
      visit_artifact(*r->manifest_from, visitor);
    }
    visitor.scalar(r->success_condition);
    visitor.scalar(r->failure_condition);
    visitor.scalars(r->flags);
  }
  if (const std::optional<DataTemplate>& d = tmpl.data) {
    if (d->artifact_paths) {
      visit_artifact(*d->artifact_paths, visitor);
    }
    // Transformations are expressions over `data`; tags in them are substituted first.
    visitor.scalars(d->transformations);
  }
  if (tmpl.suspend) {
    visitor.scalar(tmpl.suspend->duration);
  }
  if (const std::optional<HttpTemplate>& h = tmpl.http) {
    visitor.scalar(h->url);
    visitor.scalar(h->method);
    for (const HttpHeader& header : h->headers) {
      visitor.scalar(header.name);
      visitor.scalar(header.value);
      visitor.doc(header.value_from);
    }
    visitor.scalar(h->body);
    visitor.scalar(h->body_from_bytes);
    visitor.scalar(h->timeout_seconds);
    visitor.scalar(h->success_condition);
  }
  if (const std::optional<ContainerSetTemplate>& set = tmpl.container_set) {
    for (const Container& c : set->containers) {
      visit_container(c, visitor);
    }
    for (const VolumeMount& mount : set->volume_mounts) {
      visitor.scalar(mount.mount_path);
      visitor.scalar(mount.sub_path);
    }
    if (set->retry_strategy) {
      visitor.scalar(set->retry_strategy->retries);
      visitor.scalar(set->retry_strategy->duration);
    }
  }
  visitor.doc(tmpl.plugin);
}

}  // namespace

void visit_template_body(const Template& tmpl, FieldVisitor& visitor) {
  visit_leaf_types(tmpl, visitor);
  for (const Container& c : tmpl.sidecars) {
    visit_container(c, visitor);
  }
  for (const Container& c : tmpl.init_containers) {
    visit_container(c, visitor);
  }
  for (const Volume& v : tmpl.volumes) {
    visit_volume(v, visitor);
  }
  visitor.scalar(tmpl.parallelism);
  if (const std::optional<RetryStrategy>& retry = tmpl.retry_strategy) {
    visitor.scalar(retry->limit);
    visitor.scalar(retry->retry_policy);
    visitor.bare_expression(retry->expression);
    if (retry->backoff) {
      visitor.scalar(retry->backoff->duration);
      visitor.scalar(retry->backoff->factor);
      visitor.scalar(retry->backoff->max_duration);
      visitor.scalar(retry->backoff->cap);
    }
  }
  visitor.scalar(tmpl.timeout);
  visitor.scalar(tmpl.active_deadline_seconds);
  if (tmpl.memoize) {
    visitor.scalar(tmpl.memoize->key);
    visitor.scalar(tmpl.memoize->max_age);
    visitor.scalar(tmpl.memoize->cache_config_map_name);
  }
  visitor.doc(tmpl.synchronization);
  visitor.doc(tmpl.metrics);
  for (const KeyValue& kv : tmpl.labels) {
    visitor.scalar(kv.value);
  }
  for (const KeyValue& kv : tmpl.annotations) {
    visitor.scalar(kv.value);
  }
  visitor.doc(tmpl.archive_location);
  visitor.doc(tmpl.security_context);
  for (const DocNode& alias : tmpl.host_aliases) {
    visitor.doc(alias);
  }
  visitor.scalar(tmpl.service_account_name);
  visitor.scalar(tmpl.pod_spec_patch);
}

void visit_step(const Step& step, FieldVisitor& visitor) {
  visitor.scalar(step.template_name);
  if (step.template_ref) {
    visitor.scalar(step.template_ref->name);
    visitor.scalar(step.template_ref->template_name);
  }
  visitor.scalar(step.when);
  visitor.doc(step.with_items);
  visitor.scalar(step.with_param);
  if (const std::optional<Sequence>& seq = step.with_sequence) {
    visitor.scalar(seq->count);
    visitor.scalar(seq->start);
    visitor.scalar(seq->end);
    visitor.scalar(seq->format);
  }
  visitor.scalar(step.on_exit);
}

void visit_hook(const LifecycleHook& hook, FieldVisitor& visitor) {
  visitor.scalar(hook.template_name);
  if (hook.template_ref) {
    visitor.scalar(hook.template_ref->name);
    visitor.scalar(hook.template_ref->template_name);
  }
  visit_arguments(hook.arguments, visitor);
  visitor.bare_expression(hook.expression);
}

}  // namespace model
