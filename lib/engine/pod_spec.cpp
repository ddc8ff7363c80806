#include "engine/pod_spec.hpp"

#include <algorithm>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "engine/kube_values.hpp"

namespace engine {
namespace {

/// No error, or the error that stops building the pod.
using Status = std::optional<util::Error>;

util::Error pod_error(std::string message) {
  return util::make_error(util::ErrorCode::invalid_input, std::move(message));
}

std::string scalar_text(const model::DocNode* node, const FieldSubstituter& sub) {
  return node == nullptr ? std::string() : sub(model::any_string(*node));
}

bool scalar_true(const model::DocNode* node) {
  return node != nullptr && node->is_scalar() && node->text == "true";
}

std::string mapped_image(const std::string& image, const PodContext& context) {
  if (context.image_map != nullptr) {
    for (const auto& [from, to] : *context.image_map) {
      if (from == image) {
        return to;
      }
    }
  }
  return image;
}

util::Result<std::string> object_value(const PodContext& context, ObjectKind kind,
                                       const model::DocNode& ref, const FieldSubstituter& sub) {
  const std::string name = scalar_text(ref.find("name"), sub);
  const std::string key = scalar_text(ref.find("key"), sub);
  if (context.objects == nullptr) {
    return pod_error(fmt::format("{} \"{}\" not found: no local {}s are configured",
                                 object_word(kind), name, object_word(kind)));
  }
  return context.objects->value(kind, name, key);
}

util::Result<std::string> field_value(const PodContext& context, const model::DocNode& ref,
                                      const FieldSubstituter& sub) {
  const std::string path = scalar_text(ref.find("fieldPath"), sub);
  if (path == "metadata.name") {
    return context.pod_name;
  }
  if (path == "metadata.namespace") {
    return context.namespace_name;
  }
  if (path == "spec.nodeName") {
    return context.host_node_name;
  }
  if (path == "spec.serviceAccountName") {
    return context.service_account;
  }
  return pod_error(
      fmt::format("env fieldRef '{}' is not available locally (supported: "
                  "metadata.name, metadata.namespace, spec.nodeName, "
                  "spec.serviceAccountName)",
                  path));
}

/// One env entry's value; nullopt when an optional reference is missing (the var is skipped).
util::Result<std::optional<std::string>> env_value(const model::EnvVar& env,
                                                   const FieldSubstituter& sub,
                                                   const PodContext& context) {
  if (!env.value_from) {
    return std::optional<std::string>(env.value ? sub(env.value->value) : std::string());
  }
  const model::DocNode& from = *env.value_from;
  util::Result<std::string> value = pod_error("");
  const model::DocNode* ref = nullptr;  // NOLINT(misc-const-correctness)
  if ((ref = from.find("secretKeyRef")) != nullptr) {
    value = object_value(context, ObjectKind::secret, *ref, sub);
  } else if ((ref = from.find("configMapKeyRef")) != nullptr) {
    value = object_value(context, ObjectKind::config_map, *ref, sub);
  } else if ((ref = from.find("fieldRef")) != nullptr) {
    value = field_value(context, *ref, sub);
  } else {
    return pod_error(fmt::format("env '{}': valueFrom {} is not available locally", env.name.value,
                                 from.entries.empty() ? "(empty)" : from.entries.front().key));
  }
  if (!value) {
    if (scalar_true(ref->find("optional"))) {
      return std::optional<std::string>();
    }
    return value.error();
  }
  return std::optional<std::string>(std::move(*value));
}

/// envFrom entries: every key of a secret or configMap, with an optional prefix.
Status add_env_from(const model::DocNode& from, const FieldSubstituter& sub,
                    const PodContext& context, KubeEnv& env) {
  const std::string prefix = scalar_text(from.find("prefix"), sub);
  ObjectKind kind = ObjectKind::secret;
  const model::DocNode* ref = from.find("secretRef");
  if (ref == nullptr) {
    ref = from.find("configMapRef");
    kind = ObjectKind::config_map;
  }
  if (ref == nullptr) {
    return pod_error("envFrom needs secretRef or configMapRef");
  }
  const std::string name = scalar_text(ref->find("name"), sub);
  if (context.objects == nullptr) {
    if (scalar_true(ref->find("optional"))) {
      return std::nullopt;
    }
    return pod_error(fmt::format("{} \"{}\" not found: no local {}s are configured",
                                 object_word(kind), name, object_word(kind)));
  }
  auto keys = context.objects->keys(kind, name);
  if (!keys) {
    return scalar_true(ref->find("optional")) ? Status() : Status(keys.error());
  }
  for (const std::string& key : *keys) {
    auto value = context.objects->value(kind, name, key);
    if (!value) {
      return value.error();
    }
    env.emplace_back(prefix + key, std::move(*value));
  }
  return std::nullopt;
}

Status apply_resources(const model::DocNode& resources, const FieldSubstituter& sub,
                       ContainerSpec& spec) {
  const model::DocNode* limits = resources.find("limits");
  if (limits == nullptr) {
    return std::nullopt;  // requests only schedule pods; one machine has nothing to schedule
  }
  if (const model::DocNode* cpu = limits->find("cpu")) {
    auto value = cpu_quantity(scalar_text(cpu, sub));
    if (!value) {
      return value.error();
    }
    spec.cpu_limit = std::move(*value);
  }
  if (const model::DocNode* memory = limits->find("memory")) {
    auto value = memory_quantity(scalar_text(memory, sub));
    if (!value) {
      return value.error();
    }
    spec.memory_limit = std::move(*value);
  }
  return std::nullopt;
}

void apply_security(const model::DocNode* security, const FieldSubstituter& sub,
                    ContainerSpec& spec) {
  if (security == nullptr) {
    return;
  }
  const std::string user = scalar_text(security->find("runAsUser"), sub);
  const std::string group = scalar_text(security->find("runAsGroup"), sub);
  if (!user.empty()) {
    spec.user = group.empty() ? user : user + ":" + group;
  }
  if (const model::DocNode* privileged = security->find("privileged")) {
    spec.privileged = scalar_true(privileged);
  }
  if (const model::DocNode* read_only = security->find("readOnlyRootFilesystem")) {
    spec.read_only_root = scalar_true(read_only);
  }
}

util::Result<int> probe_int(const model::DocNode& probe, std::string_view key, int fallback,
                            const FieldSubstituter& sub) {
  const model::DocNode* node = probe.find(key);
  if (node == nullptr) {
    return fallback;
  }
  const std::string text = scalar_text(node, sub);
  try {
    std::size_t used = 0;
    int value = std::stoi(text, &used);
    if (used == text.size() && value >= 0) {
      return value;
    }
  } catch (...) {
  }
  return pod_error(fmt::format("readinessProbe.{} '{}' is not a number", key, text));
}

/// A probe's port: a number, or the name of one of the container's `ports`.
util::Result<int> probe_port(const model::DocNode& action, const model::Container& container,
                             const FieldSubstituter& sub) {
  const std::string text = scalar_text(action.find("port"), sub);
  if (!text.empty() && std::all_of(text.begin(), text.end(), ::isdigit)) {
    return std::stoi(text);
  }
  if (container.ports) {
    for (const model::DocNode& port : container.ports->items) {
      if (scalar_text(port.find("name"), sub) == text) {
        return std::stoi("0" + scalar_text(port.find("containerPort"), sub));
      }
    }
  }
  return pod_error(fmt::format("readinessProbe port '{}' is not a number or a named port", text));
}

util::Result<ProbeSpec> build_probe(const model::DocNode& probe, const model::Container& container,
                                    const FieldSubstituter& sub) {
  ProbeSpec spec;
  if (const model::DocNode* exec = probe.find("exec")) {
    spec.kind = ProbeSpec::Kind::exec;
    if (const model::DocNode* command = exec->find("command")) {
      for (const model::DocNode& item : command->items) {
        spec.command.push_back(sub(model::any_string(item)));
      }
    }
  } else if (const model::DocNode* http = probe.find("httpGet")) {
    spec.kind = ProbeSpec::Kind::http_get;
    auto port = probe_port(*http, container, sub);
    if (!port) {
      return port.error();
    }
    spec.port = *port;
    if (const model::DocNode* path = http->find("path")) {
      spec.path = scalar_text(path, sub);
    }
    if (const model::DocNode* scheme = http->find("scheme")) {
      spec.scheme = scalar_text(scheme, sub);
    }
  } else if (const model::DocNode* tcp = probe.find("tcpSocket")) {
    spec.kind = ProbeSpec::Kind::tcp_socket;
    auto port = probe_port(*tcp, container, sub);
    if (!port) {
      return port.error();
    }
    spec.port = *port;
  } else {
    return pod_error("readinessProbe needs exec, httpGet or tcpSocket");
  }
  struct Field {
    std::string_view key;
    int* target;
    int fallback;
  };
  for (const Field& field : {Field{"initialDelaySeconds", &spec.initial_delay_seconds, 0},
                             Field{"periodSeconds", &spec.period_seconds, 10},
                             Field{"timeoutSeconds", &spec.timeout_seconds, 1},
                             Field{"failureThreshold", &spec.failure_threshold, 3}}) {
    auto value = probe_int(probe, field.key, field.fallback, sub);
    if (!value) {
      return value.error();
    }
    *field.target = *value;
  }
  spec.period_seconds = std::max(spec.period_seconds, 1);
  spec.timeout_seconds = std::max(spec.timeout_seconds, 1);
  return spec;
}

util::Result<std::string> pull_policy(const model::OptScalar& policy, const FieldSubstituter& sub) {
  if (!policy) {
    return std::string();
  }
  const std::string text = sub(policy->value);
  if (text == "Always") {
    return std::string("always");
  }
  if (text == "IfNotPresent") {
    return std::string("missing");
  }
  if (text == "Never") {
    return std::string("never");
  }
  return pod_error(
      fmt::format("imagePullPolicy '{}' is not one of Always, IfNotPresent, Never", text));
}

}  // namespace

std::string_view object_word(ObjectKind kind) {
  return kind == ObjectKind::secret ? "secret" : "configmap";
}

util::Result<ContainerSpec> build_container(const model::Container& container,
                                            const std::string& default_name,
                                            const FieldSubstituter& sub,
                                            const PodContext& context) {
  ContainerSpec spec;
  spec.name = container.name ? sub(container.name->value) : default_name;
  spec.image = mapped_image(container.image ? sub(container.image->value) : std::string(), context);
  KubeEnv env;
  for (const model::DocNode& from : container.env_from) {
    if (Status failed = add_env_from(from, sub, context, env)) {
      return *failed;
    }
  }
  for (const model::EnvVar& var : container.env) {
    auto value = env_value(var, sub, context);
    if (!value) {
      return value.error();
    }
    if (*value) {
      env.emplace_back(var.name.value, std::move(**value));
    }
  }
  spec.env = expand_kube_env(env);
  for (const model::Scalar& part : container.command) {
    spec.command.push_back(expand_kube_vars(sub(part.value), spec.env));
  }
  for (const model::Scalar& part : container.args) {
    spec.args.push_back(expand_kube_vars(sub(part.value), spec.env));
  }
  if (container.working_dir) {
    spec.working_dir = sub(container.working_dir->value);
  }
  auto pull = pull_policy(container.image_pull_policy, sub);
  if (!pull) {
    return pull.error();
  }
  spec.pull = std::move(*pull);
  if (container.resources) {
    if (Status failed = apply_resources(*container.resources, sub, spec)) {
      return *failed;
    }
  }
  apply_security(container.security_context ? &*container.security_context : nullptr, sub, spec);
  for (const model::VolumeMount& mount : container.volume_mounts) {
    spec.mounts.push_back(MountSpec{sub(mount.name.value), sub(mount.mount_path.value),
                                    mount.sub_path ? sub(mount.sub_path->value) : std::string(),
                                    mount.read_only});
  }
  if (container.readiness_probe) {
    auto probe = build_probe(*container.readiness_probe, container, sub);
    if (!probe) {
      return probe.error();
    }
    spec.readiness_probe = std::move(*probe);
  }
  return spec;
}

namespace {

util::Result<VolumeSpec> resolve_volume(const model::Volume& volume,
                                        const model::WorkflowSpec& spec,
                                        const FieldSubstituter& sub, const PodContext& context) {
  VolumeSpec out;
  out.name = volume.name.value;
  const model::DocNode& source = volume.source;
  const std::string& kind = volume.source_kind;
  if (kind == "emptyDir") {
    out.kind = VolumeKind::empty_dir;
  } else if (kind == "hostPath") {
    out.kind = VolumeKind::host_path;
    out.source = scalar_text(source.find("path"), sub);
  } else if (kind == "persistentVolumeClaim") {
    out.source = scalar_text(source.find("claimName"), sub);
    out.read_only = scalar_true(source.find("readOnly"));
    const bool templated = std::any_of(
        spec.volume_claim_templates.begin(), spec.volume_claim_templates.end(),
        [&](const model::VolumeClaimTemplate& claim) { return claim.name.value == out.source; });
    out.kind = templated ? VolumeKind::claim : VolumeKind::named;
  } else if (kind == "secret" || kind == "configMap") {
    const ObjectKind object = kind == "secret" ? ObjectKind::secret : ObjectKind::config_map;
    const std::string name =
        scalar_text(source.find(kind == "secret" ? "secretName" : "name"), sub);
    if (source.find("items") != nullptr) {
      return pod_error(
          fmt::format("volume '{}': {} items are not supported locally; mount the "
                      "whole {} instead",
                      out.name, kind, kind));
    }
    if (context.objects == nullptr) {
      return pod_error(fmt::format("{} \"{}\" not found: no local {}s are configured",
                                   object_word(object), name, object_word(object)));
    }
    auto directory = context.objects->directory(object, name);
    if (!directory) {
      return directory.error();
    }
    out.kind = VolumeKind::host_path;
    out.source = std::move(*directory);
    out.read_only = true;
  } else {
    return pod_error(
        fmt::format("volume '{}': {} volumes are not supported locally", out.name, kind));
  }
  return out;
}

}  // namespace

util::Result<std::vector<VolumeSpec>> build_volumes(const model::Template& tmpl,
                                                    const model::WorkflowSpec& spec,
                                                    const std::vector<const ContainerSpec*>& users,
                                                    const FieldSubstituter& sub,
                                                    const PodContext& context) {
  std::set<std::string> wanted;
  for (const ContainerSpec* user : users) {
    for (const MountSpec& mount : user->mounts) {
      wanted.insert(mount.volume);
    }
  }
  std::vector<VolumeSpec> out;
  for (const std::string& name : wanted) {
    auto named = [&](const auto& item) { return item.name.value == name; };
    if (auto it = std::find_if(tmpl.volumes.begin(), tmpl.volumes.end(), named);
        it != tmpl.volumes.end()) {
      auto volume = resolve_volume(*it, spec, sub, context);
      if (!volume) {
        return volume.error();
      }
      out.push_back(std::move(*volume));
    } else if (auto wf = std::find_if(spec.volumes.begin(), spec.volumes.end(), named);
               wf != spec.volumes.end()) {
      auto volume = resolve_volume(*wf, spec, sub, context);
      if (!volume) {
        return volume.error();
      }
      out.push_back(std::move(*volume));
    } else if (std::any_of(spec.volume_claim_templates.begin(), spec.volume_claim_templates.end(),
                           named)) {
      out.push_back(VolumeSpec{name, VolumeKind::claim, name, false});
    } else {
      return pod_error(
          fmt::format("volume '{}' is mounted but not defined in the template's or "
                      "the workflow's volumes or volumeClaimTemplates",
                      name));
    }
  }
  return out;
}

}  // namespace engine
