/// Turns a template's Kubernetes container fields into the executor's ContainerSpec and
/// VolumeSpec values: substitution, image maps, `$(VAR)` expansion, env valueFrom, resources,
/// securityContext, pull policy, probes and volumes. Pure apart from LocalObjects lookups.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "engine/executor.hpp"
#include "engine/local_objects.hpp"
#include "model/container.hpp"
#include "model/template.hpp"
#include "model/workflow.hpp"
#include "util/result.hpp"

namespace engine {

/// Substitutes the `{{...}}` tags of one field (Argo's two passes).
using FieldSubstituter = std::function<std::string(const std::string&)>;

/// What building a pod needs besides its template.
struct PodContext {
  const std::vector<std::pair<std::string, std::string>>* image_map = nullptr;
  const LocalObjects* objects = nullptr;  ///< null: secrets and configMaps are unavailable
  std::string pod_name;                   ///< fieldRef metadata.name
  std::string namespace_name;             ///< fieldRef metadata.namespace
  std::string host_node_name;             ///< fieldRef spec.nodeName
  std::string service_account;            ///< fieldRef spec.serviceAccountName
};

/// One container with everything resolved. `default_name` names a container without `name`.
/// Errors (a missing secret, a bad quantity) are messages for the node.
util::Result<ContainerSpec> build_container(const model::Container& container,
                                            const std::string& default_name,
                                            const FieldSubstituter& sub, const PodContext& context);

/// The volumes that the containers' mounts name, from the template's `volumes`, then the
/// workflow's `volumes` and `volumeClaimTemplates`. A mount of an unknown volume is an error,
/// as Kubernetes rejects such a pod.
util::Result<std::vector<VolumeSpec>> build_volumes(const model::Template& tmpl,
                                                    const model::WorkflowSpec& spec,
                                                    const std::vector<const ContainerSpec*>& users,
                                                    const FieldSubstituter& sub,
                                                    const PodContext& context);

}  // namespace engine
