/// containerSet pods (spec 1.9): building the members of the PodRequest, the Container child
/// nodes (`<pod node>.<container>`, linked by dependencies as Argo's executeContainerSet
/// does) and their phases from the executor's per-container results.
#pragma once

#include <optional>
#include <string>

#include "engine/executor.hpp"
#include "engine/pod_spec.hpp"
#include "model/template.hpp"

namespace engine {

class Run;
struct TemplateHandle;

/// Fills `request.container_set` from `set`: every member with the set's `volumeMounts`
/// added, its dependencies, and the set's retryStrategy; `request.main` becomes a copy of
/// the member named `main` (outputs are read there). The message when it cannot be built.
std::optional<std::string> build_container_set(const model::ContainerSetTemplate& set,
                                               const FieldSubstituter& sub,
                                               const PodContext& context, PodRequest& request);

/// Creates the Container nodes of pod node `pod_id`, Running (Argo starts every container
/// of the pod at once; each waits for its dependencies inside): the pod is the parent of
/// members without dependencies, each dependency the parent of its dependents.
void start_container_nodes(Run& run, const std::string& pod_id, const TemplateHandle& handle,
                           const PodRequest& request);

/// Ends every Container node of `pod_id` from `event`: exit code 0 Succeeded, 64 Error,
/// anything else Failed, with `<name>: Error (exit code N)`. A member that never ran because
/// a dependency failed ends as Argo's emissary makes it end: Error, exit code 64,
/// `dependency "<dep>" exited with non-zero code: N`. Returns the pod's failure message
/// (the first failed member by name, as Kubernetes sorts container statuses), or nullopt
/// when every member succeeded.
std::optional<std::string> finish_container_nodes(Run& run, const std::string& pod_id,
                                                  const PodRequest& request, const PodEvent& event);

}  // namespace engine
