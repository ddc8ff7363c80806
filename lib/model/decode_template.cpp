// Decoding of templates and their type-specific blocks.
#include <fmt/format.h>

#include "model/decode.hpp"

namespace model {
namespace {

ResourceTemplate decode_resource(const DocNode& node, const std::string& path,
                                 DecodeContext& context) {
  FieldReader r(node, path, context);
  ResourceTemplate t;
  t.loc = node.loc;
  t.action = r.scalar("action");
  t.merge_strategy = r.scalar("mergeStrategy");
  t.manifest = r.scalar("manifest");
  if (const DocNode* from = r.mapping("manifestFrom")) {
    FieldReader fr(*from, r.child_path("manifestFrom"), context);
    if (const DocNode* artifact = fr.mapping("artifact")) {
      t.manifest_from = decode_artifact(*artifact, fr.child_path("artifact"), context);
    }
    fr.finish();
  }
  t.set_owner_reference = r.boolean("setOwnerReference");
  t.success_condition = r.scalar("successCondition");
  t.failure_condition = r.scalar("failureCondition");
  t.flags = r.strings("flags");
  r.finish();
  return t;
}

DataTemplate decode_data(const DocNode& node, const std::string& path, DecodeContext& context) {
  FieldReader r(node, path, context);
  DataTemplate t;
  t.loc = node.loc;
  if (const DocNode* source = r.mapping("source")) {
    FieldReader sr(*source, r.child_path("source"), context);
    if (const DocNode* paths = sr.mapping("artifactPaths")) {
      t.artifact_paths = decode_artifact(*paths, sr.child_path("artifactPaths"), context);
    }
    sr.finish();
  }
  r.each_mapping("transformation", [&](const DocNode& item, const std::string& item_path) {
    FieldReader tr(item, item_path, context);
    if (OptScalar expression = tr.scalar("expression")) {
      t.transformations.push_back(*expression);
    }
    tr.finish();
  });
  r.finish();
  return t;
}

HttpTemplate decode_http(const DocNode& node, const std::string& path, DecodeContext& context) {
  FieldReader r(node, path, context);
  HttpTemplate t;
  t.loc = node.loc;
  t.url = r.scalar("url");
  t.method = r.scalar("method");
  r.each_mapping("headers", [&](const DocNode& item, const std::string& item_path) {
    if (!context.charge(sizeof(HttpHeader), item.loc)) {
      return;
    }
    FieldReader hr(item, item_path, context);
    HttpHeader h;
    h.loc = item.loc;
    h.name = hr.scalar("name").value_or(Scalar{"", item.loc, ScalarType::null});
    h.value = hr.scalar("value");
    if (const DocNode* from = hr.mapping("valueFrom")) {
      h.value_from = *from;
    }
    hr.finish();
    t.headers.push_back(std::move(h));
  });
  t.body = r.scalar("body");
  if (const DocNode* from = r.mapping("bodyFrom")) {
    FieldReader br(*from, r.child_path("bodyFrom"), context);
    t.body_from_bytes = br.scalar("bytes");
    br.finish();
  }
  t.timeout_seconds = r.int_or_string("timeoutSeconds");
  t.insecure_skip_verify = r.boolean("insecureSkipVerify");
  t.success_condition = r.scalar("successCondition");
  r.finish();
  return t;
}

ContainerSetTemplate decode_container_set(const DocNode& node, const std::string& path,
                                          DecodeContext& context) {
  FieldReader r(node, path, context);
  ContainerSetTemplate t;
  t.loc = node.loc;
  r.each_mapping("containers", [&](const DocNode& item, const std::string& item_path) {
    t.containers.push_back(decode_container(item, item_path, ContainerRole::set_member, context));
  });
  t.volume_mounts = decode_volume_mounts(r);
  if (const DocNode* retry = r.mapping("retryStrategy")) {
    FieldReader rr(*retry, r.child_path("retryStrategy"), context);
    ContainerSetRetry cr;
    cr.loc = retry->loc;
    cr.retries = rr.int_or_string("retries");
    cr.duration = rr.scalar("duration");
    rr.finish();
    t.retry_strategy = cr;
  }
  r.finish();
  return t;
}

DagTemplate decode_dag(const DocNode& node, const std::string& path, DecodeContext& context) {
  FieldReader r(node, path, context);
  DagTemplate t;
  t.loc = node.loc;
  t.target = r.scalar("target");
  t.fail_fast = r.boolean_scalar("failFast");
  r.each_mapping("tasks", [&](const DocNode& item, const std::string& item_path) {
    t.tasks.push_back(decode_step(item, item_path, true, context));
  });
  r.finish();
  return t;
}

std::vector<StepGroup> decode_steps(const DocNode& node, const std::string& path,
                                    DecodeContext& context) {
  std::vector<StepGroup> groups;
  for (size_t i = 0; i < node.items.size() && !context.budget.exhausted; ++i) {
    const DocNode& group_node = node.items[i];
    const std::string group_path = fmt::format("{}[{}]", path, i);
    StepGroup group;
    group.loc = group_node.loc;
    if (group_node.is_mapping()) {
      // A single step not wrapped in a list: Argo accepts it as a group of one.
      group.steps.push_back(decode_step(group_node, group_path, false, context));
    } else if (group_node.is_sequence()) {
      for (size_t j = 0; j < group_node.items.size() && !context.budget.exhausted; ++j) {
        group.steps.push_back(
            decode_step(group_node.items[j], fmt::format("{}[{}]", group_path, j), false, context));
      }
    } else {
      context.diagnostics.error(
          group_node.loc, "type",
          fmt::format("{} must be a list of steps, not {}", group_path, describe(group_node)));
    }
    groups.push_back(std::move(group));
  }
  return groups;
}

Memoize decode_memoize(const DocNode& node, const std::string& path, DecodeContext& context) {
  FieldReader r(node, path, context);
  Memoize m;
  m.loc = node.loc;
  m.key = r.scalar("key");
  m.max_age = r.scalar("maxAge");
  if (const DocNode* cache = r.mapping("cache")) {
    FieldReader cr(*cache, r.child_path("cache"), context);
    if (const DocNode* cm = cr.mapping("configMap")) {
      FieldReader mr(*cm, cr.child_path("configMap"), context);
      m.cache_config_map_name = mr.scalar("name");
      mr.accept("key");
      mr.finish();
    }
    cr.finish();
  }
  r.finish();
  return m;
}

void decode_metadata(FieldReader& r, Template& t) {
  if (const DocNode* meta = r.mapping("metadata")) {
    FieldReader mr(*meta, r.child_path("metadata"), r.context());
    t.labels = mr.string_map("labels");
    t.annotations = mr.string_map("annotations");
    mr.finish();
  }
}

void decode_type_blocks(FieldReader& r, const DocNode& node, Template& t) {
  DecodeContext& context = r.context();
  auto note = [&](TemplateType type, std::string_view key) {
    for (const DocEntry& e : node.entries) {
      if (e.key == key && !e.value.is_null()) {
        t.type_fields.push_back({type, e.key_loc});
      }
    }
  };
  note(TemplateType::container, "container");
  note(TemplateType::script, "script");
  note(TemplateType::resource, "resource");
  note(TemplateType::data, "data");
  note(TemplateType::suspend, "suspend");
  note(TemplateType::http, "http");
  note(TemplateType::steps, "steps");
  note(TemplateType::dag, "dag");
  note(TemplateType::container_set, "containerSet");
  note(TemplateType::plugin, "plugin");
  // `suspend: {}` is a valid template type even though the mapping is empty.
  if (const DocNode* c = r.mapping("container")) {
    t.container = decode_container(*c, r.child_path("container"), ContainerRole::main, context);
  }
  if (const DocNode* s = r.mapping("script")) {
    t.script = decode_container(*s, r.child_path("script"), ContainerRole::script, context);
  }
  if (const DocNode* res = r.mapping("resource")) {
    t.resource = decode_resource(*res, r.child_path("resource"), context);
  }
  if (const DocNode* data = r.mapping("data")) {
    t.data = decode_data(*data, r.child_path("data"), context);
  }
  if (const DocNode* suspend = r.mapping("suspend")) {
    FieldReader sr(*suspend, r.child_path("suspend"), context);
    t.suspend = SuspendTemplate{suspend->loc, sr.int_or_string("duration")};
    sr.finish();
  }
  if (const DocNode* http = r.mapping("http")) {
    t.http = decode_http(*http, r.child_path("http"), context);
  }
  if (const DocNode* steps = r.sequence("steps")) {
    t.steps_loc = steps->loc;
    t.steps = decode_steps(*steps, r.child_path("steps"), context);
  }
  if (const DocNode* dag = r.mapping("dag")) {
    t.dag = decode_dag(*dag, r.child_path("dag"), context);
  }
  if (const DocNode* set = r.mapping("containerSet")) {
    t.container_set = decode_container_set(*set, r.child_path("containerSet"), context);
  }
  if (const DocNode* plugin = r.mapping("plugin")) {
    t.plugin = *plugin;
  }
}

}  // namespace

Template decode_template(const DocNode& node, const std::string& path, DecodeContext& context) {
  Template t;
  t.loc = node.loc;
  if (!context.charge(sizeof(Template), node.loc)) {
    return t;
  }
  // Messages name the template as Argo does: "templates.<name>".
  std::string named_path = path;
  if (const DocNode* name = node.find("name"); name != nullptr && name->is_scalar()) {
    named_path = fmt::format("templates.{}", name->text);
  }
  FieldReader r(node, named_path, context);
  if (!r.ok()) {
    return t;
  }
  t.name = r.scalar("name").value_or(Scalar{"", node.loc, ScalarType::null});
  decode_type_blocks(r, node, t);
  if (const DocNode* inputs = r.mapping("inputs")) {
    t.inputs = decode_inputs(*inputs, r.child_path("inputs"), context);
  }
  if (const DocNode* outputs = r.mapping("outputs")) {
    t.outputs = decode_outputs(*outputs, r.child_path("outputs"), context);
  }
  t.daemon = r.boolean("daemon");
  r.each_mapping("sidecars", [&](const DocNode& item, const std::string& item_path) {
    t.sidecars.push_back(decode_container(item, item_path, ContainerRole::sidecar, context));
  });
  r.each_mapping("initContainers", [&](const DocNode& item, const std::string& item_path) {
    t.init_containers.push_back(decode_container(item, item_path, ContainerRole::init, context));
  });
  t.volumes = decode_volumes(r);
  t.parallelism = r.int_or_string("parallelism");
  t.fail_fast = r.boolean_scalar("failFast");
  if (const DocNode* retry = r.mapping("retryStrategy")) {
    t.retry_strategy = decode_retry_strategy(*retry, r.child_path("retryStrategy"), context);
  }
  t.timeout = r.int_or_string("timeout");
  t.active_deadline_seconds = r.int_or_string("activeDeadlineSeconds");
  r.accept("pendingTimeout");
  if (const DocNode* memoize = r.mapping("memoize")) {
    t.memoize = decode_memoize(*memoize, r.child_path("memoize"), context);
  }
  if (const DocNode* sync = r.mapping("synchronization")) {
    t.synchronization = *sync;
  }
  if (const DocNode* metrics = r.mapping("metrics")) {
    t.metrics = *metrics;
  }
  decode_metadata(r, t);
  for (KeyValue& kv : r.string_map("annotations")) {
    t.annotations.push_back(std::move(kv));
  }
  if (const DocNode* location = r.mapping("archiveLocation")) {
    t.archive_location = *location;
  }
  if (const DocNode* security = r.mapping("securityContext")) {
    t.security_context = *security;
  }
  if (const DocNode* aliases = r.sequence("hostAliases")) {
    t.host_aliases = aliases->items;
  }
  t.service_account_name = r.scalar("serviceAccountName");
  t.pod_spec_patch = r.scalar("podSpecPatch");
  for (std::string_view key :
       {"nodeSelector", "affinity", "tolerations", "schedulerName", "priorityClassName",
        "automountServiceAccountToken", "executor", "podResources", "resourceClaims"}) {
    r.k8s_only(key);
  }
  r.k8s_only("serviceAccountName");
  r.k8s_only("podSpecPatch");
  r.finish();
  return t;
}

}  // namespace model
