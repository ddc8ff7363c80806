/// The preflight's checks of pod fields: what a local engine cannot give a container
/// (volume kinds, env sources, probes) and secrets or configMaps that are not available
/// locally, found before anything runs.
#pragma once

#include <vector>

#include "engine/local_objects.hpp"
#include "engine/preflight.hpp"
#include "model/template.hpp"
#include "model/workflow.hpp"

namespace engine {

/// Adds what `tmpl`'s containers and volumes need that this machine cannot give.
void check_pod_fields(const model::Template& tmpl, const LocalObjects* objects,
                      std::vector<Unsupported>& found);

/// Adds what the workflow's own `volumes` need that this machine cannot give.
void check_workflow_volumes(const model::WorkflowSpec& spec, const LocalObjects* objects,
                            std::vector<Unsupported>& found);

}  // namespace engine
