/// What carries out resource templates (spec 1.3): `podman kube play` locally, or kubectl
/// against a cluster. The engine hands it one action at a time, off the run's thread (see
/// Run::start_async), so implementations must be safe to call from several threads at once.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "util/result.hpp"

namespace engine {

/// One resource template's action, after `{{...}}` substitution.
struct ResourceAction {
  std::string action;              ///< create, apply, delete, get, patch or replace
  std::string manifest;            ///< the manifest as JSON text; empty: none (get/delete by flags)
  std::vector<std::string> flags;  ///< extra kubectl arguments, e.g. [pod, --selector, app=x]
  std::string merge_strategy;      ///< patch: strategic (default), merge or json
  /// setOwnerReference: the object goes when the run ends (delete_owned()).
  bool owned = false;
  std::string workflow_name;  ///< for labels and messages
  std::string node_id;        ///< the resource node, for labels
  /// --image-map FROM=TO pairs (first match wins), for backends that run images locally.
  std::vector<std::pair<std::string, std::string>> image_map;
};

/// The object an action made, read or changed: what conditions and outputs look at.
struct ResourceObject {
  std::string kind;            ///< e.g. Pod; empty after a delete
  std::string name;            ///< metadata.name (generateName already expanded)
  std::string namespace_name;  ///< metadata.namespace; empty: the backend's default
  std::string json;            ///< the object as JSON text; empty after a delete
};

/// A backend for resource templates.
class ResourceBackend {
 public:
  virtual ~ResourceBackend() = default;

  /// What the backend is, for messages: `podman kube play`, `kubectl --context kind-x`.
  virtual std::string describe() const = 0;

  /// Why `action` on kind `kind` (apiVersion `api_version`) cannot be done, or nullopt when
  /// it can. Asked at preflight, before anything starts.
  virtual std::optional<std::string> unsupported(const std::string& action,
                                                 const std::string& api_version,
                                                 const std::string& kind) const = 0;

  /// Carries out `action`. The resulting object (nothing for a delete), or the error as the
  /// node's message (kubectl's stderr, podman's error).
  virtual util::Result<ResourceObject> execute(const ResourceAction& action,
                                               const std::atomic<bool>& cancelled) = 0;

  /// The current state of `object` (for successCondition / failureCondition polling).
  virtual util::Result<ResourceObject> get(const ResourceObject& object) = 0;

  /// Deletes every object created with `owned` set; the errors, if any (one per object).
  virtual std::vector<std::string> delete_owned() = 0;

  /// True for a dry run's stand-in: objects never change, so conditions are not polled.
  virtual bool simulated() const { return false; }
};

}  // namespace engine
