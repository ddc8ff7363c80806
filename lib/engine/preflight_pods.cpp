#include "engine/preflight_pods.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace engine {
namespace {

constexpr std::string_view k_suffix = "is not supported by this version of flowrun";

/// A name with `{{` is only known at run time; the pod fails then if it is missing.
bool literal(const std::string& text) {
  return text.find("{{") == std::string::npos;
}

std::string text_of(const model::DocNode* node) {
  return node == nullptr ? std::string() : model::any_string(*node);
}

bool optional_ref(const model::DocNode& ref) {
  const model::DocNode* optional = ref.find("optional");
  return optional != nullptr && optional->text == "true";
}

std::string supply_hint(ObjectKind kind) {
  return kind == ObjectKind::secret ? "--secrets-dir DIR (files DIR/<secret>/<key>)"
                                    : "--configmaps-dir DIR (files DIR/<configmap>/<key>)";
}

/// A reference to object `name` (and `key`, when not empty) that must exist locally.
void check_object(const model::DocNode& ref, ObjectKind kind, const std::string& name,
                  const std::string& key, const LocalObjects* objects,
                  std::vector<Unsupported>& found) {
  if (!literal(name) || !literal(key) || optional_ref(ref)) {
    return;
  }
  if (objects == nullptr) {
    found.push_back(
        {ref.loc, fmt::format("{} \"{}\" is needed but no local {}s are configured: "
                              "pass {}",
                              object_word(kind), name, object_word(kind), supply_hint(kind))});
    return;
  }
  if (key.empty()) {
    if (auto keys = objects->keys(kind, name); !keys) {
      found.push_back({ref.loc, keys.error().message});
    }
  } else if (auto value = objects->value(kind, name, key); !value) {
    found.push_back({ref.loc, value.error().message});
  }
}

void check_env(const model::Container& container, const LocalObjects* objects,
               std::vector<Unsupported>& found) {
  for (const model::EnvVar& env : container.env) {
    if (!env.value_from) {
      continue;
    }
    const model::DocNode& from = *env.value_from;
    if (const model::DocNode* ref = from.find("secretKeyRef")) {
      check_object(*ref, ObjectKind::secret, text_of(ref->find("name")), text_of(ref->find("key")),
                   objects, found);
    } else if (const model::DocNode* map_ref = from.find("configMapKeyRef")) {
      check_object(*map_ref, ObjectKind::config_map, text_of(map_ref->find("name")),
                   text_of(map_ref->find("key")), objects, found);
    } else if (const model::DocNode* field = from.find("fieldRef")) {
      static constexpr std::array<std::string_view, 4> k_fields{
          "metadata.name", "metadata.namespace", "spec.nodeName", "spec.serviceAccountName"};
      const std::string path = text_of(field->find("fieldPath"));
      if (std::find(k_fields.begin(), k_fields.end(), std::string_view(path)) == k_fields.end()) {
        found.push_back({field->loc, fmt::format("env fieldRef '{}' {}", path, k_suffix)});
      }
    } else {
      found.push_back(
          {from.loc, fmt::format("env valueFrom {} {}",
                                 from.entries.empty() ? "" : from.entries.front().key, k_suffix)});
    }
  }
  for (const model::DocNode& from : container.env_from) {
    if (const model::DocNode* ref = from.find("secretRef")) {
      check_object(*ref, ObjectKind::secret, text_of(ref->find("name")), "", objects, found);
    } else if (const model::DocNode* map_ref = from.find("configMapRef")) {
      check_object(*map_ref, ObjectKind::config_map, text_of(map_ref->find("name")), "", objects,
                   found);
    }
  }
}

void check_probe(const model::Container& container, std::vector<Unsupported>& found) {
  if (!container.readiness_probe) {
    return;
  }
  const model::DocNode& probe = *container.readiness_probe;
  if (probe.find("exec") == nullptr && probe.find("httpGet") == nullptr &&
      probe.find("tcpSocket") == nullptr) {
    found.push_back({probe.loc, fmt::format("a readinessProbe without exec, httpGet or "
                                            "tcpSocket {}",
                                            k_suffix)});
  }
}

void check_volume(const model::Volume& volume, const LocalObjects* objects,
                  std::vector<Unsupported>& found) {
  const std::string& kind = volume.source_kind;
  if (kind == "emptyDir" || kind == "hostPath" || kind == "persistentVolumeClaim") {
    return;
  }
  if (kind == "secret" || kind == "configMap") {
    if (const model::DocNode* items = volume.source.find("items")) {
      found.push_back({items->loc, fmt::format("{} volume items {}", kind, k_suffix)});
      return;
    }
    const bool secret = kind == "secret";
    check_object(volume.source, secret ? ObjectKind::secret : ObjectKind::config_map,
                 text_of(volume.source.find(secret ? "secretName" : "name")), "", objects, found);
    return;
  }
  found.push_back(
      {volume.loc, fmt::format("{} volumes ({}) {}", kind.empty() ? "source-less" : kind,
                               volume.name.value, k_suffix)});
}

}  // namespace

void check_pod_fields(const model::Template& tmpl, const LocalObjects* objects,
                      std::vector<Unsupported>& found) {
  std::vector<const model::Container*> containers;
  if (tmpl.container) {
    containers.push_back(&*tmpl.container);
  }
  if (tmpl.script) {
    containers.push_back(&*tmpl.script);
  }
  const std::vector<model::Container> no_members;
  const std::vector<model::Container>& members =
      tmpl.container_set ? tmpl.container_set->containers : no_members;
  for (const auto* group : {&tmpl.sidecars, &tmpl.init_containers, &members}) {
    for (const model::Container& container : *group) {
      containers.push_back(&container);
    }
  }
  for (const model::Container* container : containers) {
    check_env(*container, objects, found);
    check_probe(*container, found);
  }
  for (const model::Volume& volume : tmpl.volumes) {
    check_volume(volume, objects, found);
  }
}

void check_workflow_volumes(const model::WorkflowSpec& spec, const LocalObjects* objects,
                            std::vector<Unsupported>& found) {
  for (const model::Volume& volume : spec.volumes) {
    check_volume(volume, objects, found);
  }
}

}  // namespace engine
