#include "engine/preflight_resource.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include <fmt/format.h>

#include "engine/resource_manifest.hpp"

namespace engine {
namespace {

/// kubectl's names (singular, plural, short) of the kinds people write in flags.
constexpr std::pair<std::string_view, std::string_view> k_kind_names[] = {
    {"pod", "Pod"},
    {"pods", "Pod"},
    {"po", "Pod"},
    {"configmap", "ConfigMap"},
    {"configmaps", "ConfigMap"},
    {"cm", "ConfigMap"},
    {"secret", "Secret"},
    {"secrets", "Secret"},
    {"deployment", "Deployment"},
    {"deployments", "Deployment"},
    {"deploy", "Deployment"},
    {"persistentvolumeclaim", "PersistentVolumeClaim"},
    {"persistentvolumeclaims", "PersistentVolumeClaim"},
    {"pvc", "PersistentVolumeClaim"},
    {"job", "Job"},
    {"jobs", "Job"},
    {"service", "Service"},
    {"services", "Service"},
    {"svc", "Service"},
    {"workflow", "Workflow"},
    {"workflows", "Workflow"},
    {"wf", "Workflow"},
};

std::string lowercase(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

/// The kind `flags` name: the first argument that is not an option (`pod` in
/// `[pod, --selector, app=x]`, `Pod` in `pod/name`).
std::string kind_from_flags(const std::vector<model::Scalar>& flags) {
  for (std::size_t i = 0; i < flags.size(); ++i) {
    const std::string& flag = flags[i].value;
    if (flag.empty() || flag.front() == '-') {
      continue;
    }
    const std::size_t slash = flag.find('/');
    return kind_from_resource_name(slash == std::string::npos ? flag : flag.substr(0, slash));
  }
  return {};
}

void check_kind(const model::Template& tmpl, const ResourceBackend& backend,
                std::vector<Unsupported>& found) {
  const model::ResourceTemplate& resource = *tmpl.resource;
  const std::string action = resource.action ? resource.action->value : "";
  std::string api_version;
  std::string kind;
  util::SourceLoc loc = resource.loc;
  if (resource.manifest) {
    loc = resource.manifest->loc;
    util::Result<ManifestInfo> info = read_manifest(blank_tags(resource.manifest->value));
    if (info.ok()) {
      api_version = info->api_version;
      kind = info->kind;
    }
  }
  if (kind.empty() && !resource.flags.empty()) {
    loc = resource.flags.front().loc;
    kind = kind_from_flags(resource.flags);
  }
  if (kind.empty() || kind.find("{{") != std::string::npos) {
    return;  // known only at run time; the backend says then
  }
  if (std::optional<std::string> why = backend.unsupported(action, api_version, kind)) {
    found.push_back({loc, std::move(*why)});
  }
}

void check_outputs(const model::Template& tmpl, std::vector<Unsupported>& found) {
  for (const model::Parameter& output : tmpl.outputs.parameters) {
    if (!output.value_from) {
      continue;
    }
    const model::ValueFrom& from = *output.value_from;
    if (from.jq_filter && !jq_filter_supported(from.jq_filter->value)) {
      found.push_back({from.jq_filter->loc,
                       fmt::format("jqFilter '{}' is not supported by this version of flowrun "
                                   "(only '.' and paths such as '.metadata.name'; use jsonPath)",
                                   from.jq_filter->value)});
    }
    if (from.json_path && from.json_path->value.find("{range") != std::string::npos) {
      found.push_back(
          {from.json_path->loc,
           fmt::format("jsonPath '{}': {{range}} is not supported by this version of flowrun",
                       from.json_path->value)});
    }
  }
}

}  // namespace

std::string kind_from_resource_name(std::string_view name) {
  const std::string lower = lowercase(name);
  for (const auto& [alias, kind] : k_kind_names) {
    if (lower == alias) {
      return std::string(kind);
    }
  }
  // `jobs.batch`, `deployments.apps`: the group is not part of the kind.
  const std::size_t dot = lower.find('.');
  if (dot != std::string::npos) {
    return kind_from_resource_name(name.substr(0, dot));
  }
  return std::string(name);
}

std::string blank_tags(std::string_view text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t open = text.find("{{", i);
    if (open == std::string_view::npos) {
      break;
    }
    const std::size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) {
      break;
    }
    out += text.substr(i, open - i);
    out += 'x';
    i = close + 2;
  }
  out += text.substr(i);
  return out;
}

void check_resource_template(const model::Template& tmpl, const ResourceBackend* backend,
                             std::vector<Unsupported>& found) {
  const model::ResourceTemplate& resource = *tmpl.resource;
  if (backend == nullptr) {
    found.push_back({tmpl.type_fields.empty() ? resource.loc : tmpl.type_fields.front().loc,
                     std::string(k_no_resource_backend)});
    return;
  }
  if (resource.manifest_from) {
    found.push_back({resource.manifest_from->loc,
                     "manifestFrom is not supported by this version of flowrun (write the "
                     "manifest inline)"});
  }
  check_kind(tmpl, *backend, found);
  check_outputs(tmpl, found);
}

}  // namespace engine
