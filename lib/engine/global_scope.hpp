/// The workflow-wide variables (`workflow.*`, spec section 5.1) and the parameter values
/// the run starts with.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "engine/run_request.hpp"
#include "expr/substitute.hpp"
#include "graph/node.hpp"

namespace engine {

/// spec.arguments.parameters with -p applied: declared ones in file order (value, else
/// valueFrom.default), then undeclared -p names in command-line order.
std::vector<std::pair<std::string, std::string>> resolve_workflow_parameters(
    const RunRequest& request);

/// `workflow.parameters.json`: a JSON array of `{"name":..,"value":..}` objects (plus
/// `default`, `enum` and `description` where the spec declares them), as Argo marshals them.
std::string parameters_json(const model::Workflow& workflow,
                            const std::vector<std::pair<std::string, std::string>>& values);

/// RFC 3339 in UTC with second precision: `2018-08-23T05:42:49Z`.
std::string format_rfc3339(graph::TimePoint when);

/// The global scope at the start of a run: name, namespace, uid, mainEntrypoint,
/// serviceAccountName, priority (only when set), creationTimestamp (+ `.RFC3339`, the
/// strftime forms `.Y` `.m` ... and `.s`), parameters (`.<n>`, `.json` and the bare form),
/// labels and annotations (`.<n>`, `.json`, bare), and `workflow.status` = `Running`.
expr::Scope build_global_scope(const RunRequest& request, const std::string& entrypoint,
                               const std::vector<std::pair<std::string, std::string>>& params,
                               graph::TimePoint created_at);

}  // namespace engine
