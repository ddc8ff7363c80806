// Decoding of whole documents: Workflow, WorkflowTemplate, ClusterWorkflowTemplate, CronWorkflow.
#include <fmt/format.h>

#include "model/decode.hpp"
#include "model/loader.hpp"

namespace model {
namespace {

ObjectMeta decode_metadata(const DocNode& node, const std::string& path, DecodeContext& context) {
  FieldReader r(node, path, context);
  ObjectMeta m;
  m.loc = node.loc;
  m.name = r.scalar("name");
  m.generate_name = r.scalar("generateName");
  m.namespace_name = r.scalar("namespace");
  m.labels = r.string_map("labels");
  m.annotations = r.string_map("annotations");
  for (std::string_view key :
       {"uid", "creationTimestamp", "resourceVersion", "generation", "selfLink", "managedFields",
        "finalizers", "ownerReferences", "deletionTimestamp", "deletionGracePeriodSeconds"}) {
    r.accept(key);
  }
  r.finish();
  return m;
}

void decode_volume_claims(FieldReader& r, WorkflowSpec& spec) {
  r.each_mapping("volumeClaimTemplates", [&](const DocNode& item, const std::string& path) {
    if (!r.context().charge(sizeof(VolumeClaimTemplate), item.loc)) {
      return;
    }
    FieldReader cr(item, path, r.context());
    VolumeClaimTemplate claim;
    claim.loc = item.loc;
    if (const DocNode* meta = cr.mapping("metadata")) {
      FieldReader mr(*meta, cr.child_path("metadata"), r.context());
      claim.name = mr.scalar("name").value_or(Scalar{"", meta->loc, ScalarType::null});
      mr.accept("labels");
      mr.accept("annotations");
      mr.finish();
    } else {
      claim.name = Scalar{"", item.loc, ScalarType::null};
    }
    if (const DocNode* claim_spec = cr.mapping("spec")) {
      claim.spec = *claim_spec;
    }
    cr.accept("status");
    cr.accept("apiVersion");
    cr.accept("kind");
    cr.finish();
    spec.volume_claim_templates.push_back(std::move(claim));
  });
  if (const DocNode* gc = r.mapping("volumeClaimGC")) {
    FieldReader gr(*gc, r.child_path("volumeClaimGC"), r.context());
    spec.volume_claim_gc_strategy = gr.scalar("strategy");
    gr.finish();
  }
}

void decode_pod_gc(FieldReader& r, WorkflowSpec& spec) {
  if (const DocNode* gc = r.mapping("podGC")) {
    FieldReader gr(*gc, r.child_path("podGC"), r.context());
    spec.pod_gc_strategy = gr.scalar("strategy");
    gr.accept("labelSelector");
    gr.accept("deleteDelayDuration");
    gr.finish();
  }
}

void decode_keep_raw(FieldReader& r, WorkflowSpec& spec) {
  auto keep = [&](std::string_view key, std::optional<DocNode>& into) {
    if (const DocNode* value = r.mapping(key)) {
      into = *value;
    }
  };
  keep("ttlStrategy", spec.ttl_strategy);
  keep("synchronization", spec.synchronization);
  keep("metrics", spec.metrics);
  keep("workflowMetadata", spec.workflow_metadata);
  keep("artifactRepositoryRef", spec.artifact_repository_ref);
  keep("artifactGC", spec.artifact_gc);
  keep("securityContext", spec.security_context);
  if (const DocNode* aliases = r.sequence("hostAliases")) {
    spec.host_aliases = aliases->items;
  }
}

}  // namespace

WorkflowSpec decode_spec(const DocNode& node, const std::string& path, DecodeContext& context) {
  FieldReader r(node, path, context);
  WorkflowSpec spec;
  spec.loc = node.loc;
  if (!r.ok()) {
    return spec;
  }
  spec.entrypoint = r.scalar("entrypoint");
  if (const DocNode* args = r.mapping("arguments")) {
    spec.arguments = decode_arguments(*args, r.child_path("arguments"), context);
  }
  r.each_mapping("templates", [&](const DocNode& item, const std::string& item_path) {
    spec.templates.push_back(decode_template(item, item_path, context));
  });
  if (const DocNode* defaults = r.mapping("templateDefaults")) {
    spec.template_defaults = decode_template(*defaults, r.child_path("templateDefaults"), context);
  }
  spec.on_exit = r.scalar("onExit");
  if (const DocNode* hooks = r.node("hooks")) {
    spec.hooks = decode_hooks(*hooks, r.child_path("hooks"), context);
  }
  spec.parallelism = r.int_or_string("parallelism");
  spec.active_deadline_seconds = r.int_or_string("activeDeadlineSeconds");
  if (const DocNode* retry = r.mapping("retryStrategy")) {
    spec.retry_strategy = decode_retry_strategy(*retry, r.child_path("retryStrategy"), context);
  }
  spec.volumes = decode_volumes(r);
  decode_volume_claims(r, spec);
  spec.suspend = r.boolean_scalar("suspend");
  spec.shutdown = r.scalar("shutdown");
  if (const DocNode* ref = r.mapping("workflowTemplateRef")) {
    FieldReader rr(*ref, r.child_path("workflowTemplateRef"), context);
    WorkflowTemplateRef wtr;
    wtr.loc = ref->loc;
    wtr.name = rr.scalar("name").value_or(Scalar{"", ref->loc, ScalarType::null});
    wtr.cluster_scope = rr.boolean("clusterScope");
    rr.finish();
    spec.workflow_template_ref = wtr;
  }
  spec.service_account_name = r.scalar("serviceAccountName");
  spec.priority = r.int_or_string("priority");
  decode_pod_gc(r, spec);
  decode_keep_raw(r, spec);
  spec.host_network = r.boolean("hostNetwork");
  spec.archive_logs = r.boolean("archiveLogs");
  spec.pod_spec_patch = r.scalar("podSpecPatch");
  for (std::string_view key :
       {"serviceAccountName", "automountServiceAccountToken", "executor", "nodeSelector",
        "affinity", "tolerations", "schedulerName", "podPriorityClassName", "podDisruptionBudget",
        "podResources", "resourceClaims", "imagePullSecrets", "dnsPolicy", "dnsConfig",
        "podSpecPatch", "podMetadata", "executorPlugins"}) {
    r.k8s_only(key);
  }
  r.finish();
  return spec;
}

Workflow decode_document(const DocNode& root, Kind kind, DecodeContext& context) {
  Workflow wf;
  wf.loc = root.loc;
  wf.kind = kind;
  if (!context.charge(sizeof(Workflow), root.loc)) {
    return wf;
  }
  FieldReader r(root, "", context);
  wf.api_version = r.scalar("apiVersion").value_or(Scalar{});
  r.accept("kind");
  if (const DocNode* meta = r.mapping("metadata")) {
    wf.metadata = decode_metadata(*meta, "metadata", context);
  }
  r.accept("status");
  if (const DocNode* spec = r.mapping("spec")) {
    if (kind == Kind::cron_workflow) {
      FieldReader cr(*spec, "spec", context);
      if (const DocNode* workflow_spec = cr.mapping("workflowSpec")) {
        wf.spec = decode_spec(*workflow_spec, "spec.workflowSpec", context);
      }
      for (std::string_view key :
           {"schedule", "schedules", "concurrencyPolicy", "failedJobsHistoryLimit",
            "startingDeadlineSeconds", "stopStrategy", "successfulJobsHistoryLimit", "suspend",
            "timezone", "when", "workflowMetadata"}) {
        cr.accept(key);
      }
      cr.finish();
    } else {
      wf.spec = decode_spec(*spec, "spec", context);
    }
  } else if (const DocNode* written = root.find("spec");
             written == nullptr || written->scalar_type() == ScalarType::null) {
    // Only when absent: a spec of the wrong type has had its error already.
    context.diagnostics.error(root.loc, "missing-spec", "spec is required");
  }
  r.finish();
  return wf;
}

}  // namespace model
