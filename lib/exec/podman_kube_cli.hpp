/// The pure parts of the Podman resource backend (podman_kube_backend.hpp): argv builders for
/// `podman kube play` / `kube down` / `pod ...`, reading a resource template's `flags`,
/// preparing a manifest (name, flowrun labels) and mapping `podman pod inspect` to the
/// Kubernetes Pod JSON that conditions and jsonPath outputs read.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "exec/container_cli.hpp"
#include "util/result.hpp"

namespace exec {

/// What a resource template's `flags` name: `[pod, --selector, app=x]`, `[pod, -l, app=x]`,
/// `[pod, --selector=app=x]`, `[pod, name]`, `[pod/name]`.
struct FlagTarget {
  std::string kind;                ///< as a kind: Pod, ConfigMap, ...
  std::vector<std::string> names;  ///< objects named outright
  /// label selector terms `k=v` (`k==v` too), ANDed; `k` alone: the label exists.
  std::vector<std::pair<std::string, std::string>> selector;
};

/// Reads `flags`; options other than the selector (`--ignore-not-found`, `--wait=false`,
/// `--validate=false`) are accepted and ignored, others are an error.
util::Result<FlagTarget> parse_resource_flags(const std::vector<std::string>& flags);

/// `podman kube play [--replace] FILE`.
Argv kube_play_argv(const std::string& binary, const std::string& file, bool replace);
/// `podman kube down FILE`.
Argv kube_down_argv(const std::string& binary, const std::string& file);
/// `podman pod inspect NAME`.
Argv pod_inspect_argv(const std::string& binary, const std::string& name);
/// `podman container inspect --format '<name>\t<status>\t<exit code>' IDS...`.
Argv container_states_argv(const std::string& binary, const std::vector<std::string>& ids);
/// `podman pod ps --filter label=flowrun.run --filter label=K=V ... --format {{.Name}}`:
/// only pods flowrun made are ever selected.
Argv pod_select_argv(const std::string& binary,
                     const std::vector<std::pair<std::string, std::string>>& selector);
/// `podman pod rm -f -t 0 NAMES...`.
Argv pod_rm_argv(const std::string& binary, const std::vector<std::string>& names);
/// `podman volume inspect NAME` / `podman volume rm -f NAME` (PersistentVolumeClaims).
Argv volume_inspect_argv(const std::string& binary, const std::string& name);
Argv volume_rm_argv(const std::string& binary, const std::string& name);

/// A manifest ready for `podman kube play`.
struct PreparedManifest {
  std::string kind;
  std::string name;
  std::string json;  ///< with metadata.name set and the labels added
  std::vector<std::pair<std::string, std::string>> labels;  ///< metadata.labels, all of them
};

/// Sets metadata.name (generateName + `suffix` when there is no name) and adds `labels`
/// (`k=v`) to metadata.labels and, for a Deployment, to its pod template's labels; maps the
/// `image` of every container and init container by `image_map` (FROM, TO; first match). An
/// error for text that is not a JSON object, or one without kind or any name.
util::Result<PreparedManifest> prepare_manifest(
    std::string_view manifest_json, const std::vector<std::string>& labels, std::string_view suffix,
    const std::vector<std::pair<std::string, std::string>>& image_map = {});

/// The Kubernetes Pod (apiVersion v1) for `podman pod inspect` output (an object, or a list
/// of one) and container_states_argv() output: metadata.name/uid/labels (flowrun's own
/// labels left out), the manifest's spec when given, status.phase (Pending, Running,
/// Succeeded, Failed) and status.containerStatuses.
util::Result<std::string> pod_json(std::string_view inspect_json, std::string_view states,
                                   std::string_view manifest_json);

/// The IDs of a pod's containers other than its infra container, from `pod inspect`.
std::vector<std::string> pod_container_ids(std::string_view inspect_json);

/// Whether labels `k=v` match a selector (as FlagTarget::selector).
bool labels_match(const std::vector<std::pair<std::string, std::string>>& labels,
                  const std::vector<std::pair<std::string, std::string>>& selector);

}  // namespace exec
