/// The Workflow object as `argo get -o json` and `-o yaml` print it: metadata, spec and
/// status with the node graph. This is also the shape a local runner persists, so other
/// Argo tooling can read it.
#pragma once

#include <string>

#include "graph/workflow_status.hpp"

namespace report {

/// The Workflow as JSON indented by 4 spaces with a final newline, keys in the order Go's
/// encoder writes Argo's structs (maps, such as `labels` and `status.nodes`, sorted by key)
/// and strings escaped as Go escapes them (`<`, `>`, `&` as \u003c, \u003e, \u0026).
///
/// - metadata: name, namespace, uid, creationTimestamp, labels (with Argo's
///   `workflows.argoproj.io/phase` and `workflows.argoproj.io/completed` once it has a
///   phase), annotations.
/// - spec: `spec_json` as written (or `{entrypoint, arguments}` when empty or not an
///   object), with `entrypoint` and `arguments.parameters` replaced by the values the run
///   used.
/// - status: phase, startedAt, finishedAt, progress, message, nodes (keyed by ID), outputs.
///   Unset times are left out (Argo writes null).
std::string workflow_json(const graph::WorkflowStatus& status);

/// The same object as block YAML (see json_to_yaml()): keys sorted as `argo get -o yaml`
/// sorts them.
std::string workflow_yaml(const graph::WorkflowStatus& status);

}  // namespace report
